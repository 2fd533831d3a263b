"""A live corpus: notice added, changed and removed files while serving, and rebuild in the background.

Polling a cheap signature (each file's size and modification time) costs a few stat calls per interval;
only when it moves does the store compare content hashes, and only a real change starts a build. The build
reuses every unchanged vector, so adding a document costs about that document's embedding time, and the
old index keeps answering until the new one is published.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from kizuna.ingest.listing import list_corpus
from kizuna.ingest.loaders import CATALOG_NAME
from kizuna.settings import LimitSettings


def corpus_signature(corpus_dir: Path, limits: LimitSettings | None = None) -> tuple:
    """(name, size, mtime) of every corpus file and the catalog, and (name, reason) of every file turned
    away at listing (a new .zip, a link leading outside, a file over the size cap): changes whenever a
    file does, or the list of skipped files."""
    out = []
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    listing = list_corpus(corpus_dir, limits)
    paths = list(listing.candidates)
    catalog = corpus_dir / CATALOG_NAME
    if catalog.exists():
        paths.append(catalog)
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue  # removed between the listing and the stat: the next poll sees it gone
        out.append((str(path), st.st_size, st.st_mtime_ns))
    out += [(s.path, s.reason, 0) for s in listing.rejected]
    return tuple(sorted(out))


class CorpusWatcher:
    """Calls `refresh()` (which rebuilds when stale) whenever the corpus signature moves."""

    def __init__(
        self,
        corpus_dir: Path,
        refresh: Callable[[], None],
        interval: float = 2.0,
        limits: LimitSettings | None = None,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.limits = limits
        self.refresh = refresh
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: tuple | None = None

    def _signature(self) -> tuple | None:
        try:
            return corpus_signature(self.corpus_dir, self.limits)
        except Exception:
            return None

    def poll(self) -> bool:
        """One check: True when the corpus moved and a refresh ran."""
        signature = self._signature()
        if signature == self._seen:
            return False
        self._seen = signature
        try:
            self.refresh()
        except Exception as exc:
            print(f"kizuna: could not update the index ({exc}); still answering from the last one", file=sys.stderr)
        return True

    def start(self) -> CorpusWatcher:
        self._seen = self._signature()
        self._thread = threading.Thread(target=self._run, name="kizuna-corpus-watcher", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 5)
