"""The index a long-running process answers from, and its lifecycle.

Opened on first use (built first when it is missing, stale, incompatible or damaged); rebuilt while the
current one keeps answering; followed when another process (`kizuna index`, another server) publishes a
newer build; and kept as the last good index when a rebuild fails or another process is building. The
facade (kizuna.engine.Kizuna) asks this class for the index of each request and answers from it.
"""

from __future__ import annotations

import sys
import threading

from kizuna.index.build import build_index
from kizuna.index.build_lock import BuildRunning
from kizuna.index.model import Index
from kizuna.index.store import BuildReport, Freshness, IndexError_, IndexStore, ProgressCallback, open_store
from kizuna.index.watch import CorpusWatcher
from kizuna.ingest.loaders import CorpusError, check_corpus_folder, read_corpus
from kizuna.retrieval.encoders import EncoderError, EncoderPool
from kizuna.settings import Settings


def _why_building(freshness: Freshness) -> str:
    """"index stale (new file a.txt; …)": why an automatic rebuild starts."""
    return f"index {freshness.status} ({'; '.join(freshness.reasons[:3])})"


class ServedIndex:
    """One process's index: loaded once, swapped whole when a newer build is published (a request reads
    `index()` once and keeps that build to the end, so a swap never mixes two builds in one answer)."""

    def __init__(self, settings: Settings, pool: EncoderPool) -> None:
        self.settings = settings
        self.pool = pool
        self.store = open_store(settings)  # the index folder, or a database (settings.store)
        self._index: Index | None = None
        self._load_lock = threading.RLock()
        self.last_update: BuildReport | None = None  # the watcher's latest background build
        # answering from an older build while another process builds: follow its build when published
        self._behind = False

    def status(self, full: bool = False) -> Freshness:
        """Missing, incompatible, damaged, stale or fresh; `full` hashes every index file whole."""
        return self.store.check(self.settings, full=full)

    def build(
        self,
        show_progress: bool = True,
        on_progress: ProgressCallback | None = None,
        only_if_stale: bool = False,
        wait: bool = True,
    ) -> BuildReport | None:
        """Build the index now (waiting for another build of the same folder to finish first).

        Returns None, without building, when another build ran while this one waited for the lock and
        left the index fresh (`kizuna index` twice at once: the second finds the first's work done), or
        with `only_if_stale` when the index is fresh once the lock is ours (several serving processes on
        one database all see a corpus change, and one build is enough). With wait=False, another build
        running raises BuildRunning instead of waiting.
        """
        check_corpus_folder(self.settings.corpus_dir)  # before the index folder and its lock are made
        with self.store.lock(wait=wait) as lock:
            if (only_if_stale or lock.waited) and self.status().usable:
                return None
            read = read_corpus(self.settings.corpus_dir, self.settings.limits, on_progress)
            self._index, report = build_index(self.store, self.settings, read, self.pool, show_progress, on_progress)
            if not isinstance(self.store, IndexStore):  # a database: answer from what was published
                self._index = self.store.load(self.settings)
        self._behind = False
        report.notes[:0] = read.notes
        return report

    def index(self, auto_build: bool = True, show_progress: bool = True) -> Index:
        """The loaded index; with auto_build a missing, stale, incompatible or damaged one is rebuilt first.

        When that rebuild fails, or another process is building right now, but the last good index can
        still answer (it is only out of date), kizuna answers from it and says so on stderr; when the
        other process publishes its build, the next call answers from that one.
        """
        current = self._index  # read once: other threads may swap it in the meantime
        if current is not None:
            if self._behind and isinstance(self.store, IndexStore):  # another process was building
                # when this one loaded: answer from its build once it is published
                self._follow_published()
                return self._index
            if not self.store.changed():
                return current
            with self._load_lock:  # another process published a build (a database store): load it once
                if self._index is current:
                    try:
                        self._index = self.store.load(self.settings)
                    except IndexError_ as exc:  # the database did not answer: keep the loaded build
                        print(f"kizuna: {exc}; answering from the loaded index", file=sys.stderr)
                return self._index
        with self._load_lock:  # one first load or build per process, however many requests arrive
            if self._index is not None:
                return self._index
            return self._first_index(auto_build, show_progress)

    def _first_index(self, auto_build: bool, show_progress: bool) -> Index:
        if auto_build:
            freshness = self.status()
            if not freshness.usable:
                if show_progress:
                    print(f"kizuna: {_why_building(freshness)}; building…", file=sys.stderr)
                try:
                    # with an index that can answer, never wait for another process's build
                    report = self.build(show_progress=show_progress, wait=not freshness.loadable)
                except BuildRunning as exc:
                    self._index = self.store.load(self.settings)
                    self._behind = True
                    print(
                        f"kizuna: another build is running ({exc.holder}); answering from the index "
                        f"built {self._index.manifest.built_at}",
                        file=sys.stderr,
                    )
                    return self._index
                except (CorpusError, IndexError_, EncoderError, OSError) as exc:
                    if not freshness.loadable:
                        raise
                    print(
                        f"kizuna: the rebuild failed ({exc}); answering from the last good index, "
                        f"built {self.store.read_manifest().built_at}",
                        file=sys.stderr,
                    )
                else:
                    if report is None:  # another build finished while this one waited: load it
                        self._index = self.store.load(self.settings)
                    assert self._index is not None
                    return self._index
        self._index = self.store.load(self.settings)  # Missing/Incompatible/DamagedIndexError
        return self._index

    def refresh(self) -> BuildReport | None:
        """Rebuild when the corpus changed (incrementally); the current index answers until the new one
        is published. Returns the build's report, or None when nothing changed."""
        if self.status().usable:
            self._follow_published()
            return None
        report = self.build(show_progress=False, only_if_stale=True)
        if report is None:  # another process built it while this one waited for the lock: answer from it
            self._follow_published()
            return None
        self.last_update = report
        return report

    def _follow_published(self) -> None:
        """Answer from the build the store has published when another process (`kizuna index`, another
        server) published one after this process loaded its own."""
        loaded = self._index
        if loaded is None or not isinstance(self.store, IndexStore):
            return  # a database store notices new builds itself (store.changed)
        if self.store.current_path() not in (None, loaded.path):
            with self._load_lock:
                if self._index is loaded:
                    try:
                        self._index = self.store.load(self.settings)
                    except IndexError_ as exc:  # keep answering from the loaded build
                        print(f"kizuna: {exc}; answering from the loaded index", file=sys.stderr)
                        return
                    self._behind = False

    def watch(self, interval: float = 2.0) -> CorpusWatcher:
        """Keep the index in step with the corpus folder from a background thread (see index/watch.py)."""
        return CorpusWatcher(self.settings.corpus_dir, self.refresh, interval, self.settings.limits).start()
