"""Pausing Python's cyclic garbage collector while a large file is cleaned or chunked.

Cleaning a 20 MB file makes millions of small objects (lines, segments, sentence spans) that all stay
alive until the end. Every full collection walks all of them, so with the collector on, time grew
faster than the file (5 -> 20 MB: clean 4.9x, chunk 6.4x; off: 4.0x and 4.2x). None of these
objects form reference cycles, so reference counting frees them all the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
