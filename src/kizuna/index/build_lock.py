"""One build at a time per index folder: an advisory file lock (released by the OS if the process dies)."""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path


class BuildLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.seek(0)
            holder = self._fh.read().strip() or "another process"
            print(
                f"kizuna: another build of {self.path.parent} is running ({holder}); waiting for it…",
                file=sys.stderr,
            )
            fcntl.flock(self._fh, fcntl.LOCK_EX)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}")
        self._fh.flush()
        return self

    def __exit__(self, *exc) -> None:
        assert self._fh is not None
        self._fh.truncate(0)
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
        self._fh = None
