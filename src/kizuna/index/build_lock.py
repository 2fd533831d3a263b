"""One build at a time per index folder: an advisory file lock (released by the OS if the process dies)."""

from __future__ import annotations

import fcntl
import os
import sys
import time
from pathlib import Path


class BuildRunning(Exception):
    """Raised by a lock taken with wait=False while another process builds; `holder` says who."""

    def __init__(self, where: str, holder: str) -> None:
        self.holder = holder  # "pid 1234 since 15:55:08" (what the holder wrote), or "another process"
        super().__init__(f"another build of {where} is running ({holder})")


class BuildLock:
    """`with BuildLock(path):` waits for another build to end (saying so on stderr); with wait=False it
    raises BuildRunning instead. `waited` tells the holder whether another build ran in the meantime
    (then what it was about to do may be done already)."""

    def __init__(self, path: Path, wait: bool = True) -> None:
        self.path = path
        self.wait = wait
        self.waited = False
        self._fh = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.seek(0)
            holder = self._fh.read().strip() or "another process"
            if not self.wait:
                self._fh.close()
                self._fh = None
                raise BuildRunning(str(self.path.parent), holder) from None
            print(
                f"kizuna: another build of {self.path.parent} is running ({holder}); waiting for it…",
                file=sys.stderr,
            )
            fcntl.flock(self._fh, fcntl.LOCK_EX)
            self.waited = True
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
