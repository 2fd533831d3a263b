"""Many questions at once, never while the index is being replaced.

The server answers requests in parallel (Gradio's queue, see app.py). Queries only read the index, but a
rebuild swaps it, and one query reads it several times (scores, then hits, then the answer): a swap in
between would mix two indexes. So queries share a read lock and a rebuild takes it exclusively.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from kizuna.engine import Kizuna


class ReadWriteLock:
    """Any number of readers, or one writer. A waiting writer stops new readers from entering, so a
    stream of questions cannot postpone a rebuild forever."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                self._cond.wait_for(lambda: not self._writing and not self._readers)
            finally:
                self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


_locks: weakref.WeakKeyDictionary[Kizuna, ReadWriteLock] = weakref.WeakKeyDictionary()
_locks_guard = threading.Lock()


def index_lock(app: Kizuna) -> ReadWriteLock:
    """The one lock guarding this app's index (created on first use)."""
    with _locks_guard:
        lock = _locks.get(app)
        if lock is None:
            lock = _locks[app] = ReadWriteLock()
        return lock
