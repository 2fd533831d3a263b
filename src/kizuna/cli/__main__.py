"""`python -m kizuna.cli`: the same command as `kizuna`."""

import sys

from kizuna.cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
