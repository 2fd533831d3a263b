"""The index in PostgreSQL: the same store interface as the index folder (index/store.py), over a database.

A build is made exactly as for the folder store (index/build.py writes a build folder, here into a local
temporary folder); `publish` then copies it into the database in ONE transaction: new rows under a new
build id, per-build vector and postings tables, and the `current` row switched last. Readers keep answering
from the previous build until that commit, and never see half a build. The two newest builds are kept, so
a process that has not yet noticed the switch still reads a complete build; older ones are dropped.

Builders hold a session advisory lock (released by the server if the builder dies), so two builds never
interleave. Serving processes look at the `current` row at most every CHECK_EVERY_S and reload when another
process published (engine.Kizuna.index). The text side (documents, passages, sentence units) is still read
into each process's memory on load; vectors and postings stay in the database and are queried per search.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psycopg
from pydantic import ValidationError

from kizuna.index.build_lock import BuildRunning
from kizuna.index.manifest import INDEX_FORMAT_VERSION, Manifest, installed_version
from kizuna.index.model import (
    Index,
    document_from_json,
    document_to_json,
    passage_from_json,
    passage_to_json,
    read_text_side,
)
from kizuna.index.pg_schema import (
    BUILD_LOCK_KEY,
    SCHEMA,
    StoreConnectionError,
    connect,
    connection_error,
    ensure_schema,
    mask_url,
    table,
)
from kizuna.index.store import (
    DamagedIndexError,
    Freshness,
    IncompatibleIndexError,
    MissingIndexError,
    _count_problems,
    corpus_freshness,
    safe_name,
    text_key,
)
from kizuna.ingest.units import embedding_text
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.calibration import GroupMoments
from kizuna.retrieval.faiss_index import load_vector_index
from kizuna.retrieval.pg_index import (
    Connections,
    PgLexicalIndex,
    PgVectorIndex,
    copy_vectors,
    create_postings,
)
from kizuna.retrieval.searcher import DenseUnits, SearchData
from kizuna.settings import Settings

CHECK_EVERY_S = 2.0  # how stale a serving process's idea of the current build may be
KEEP_BUILDS = 2  # the live build and the one before it (for readers that have not switched yet)


class PgBuildLock:
    """pg_advisory_lock on a connection of its own, held for the whole build."""

    def __init__(self, store: PgStore, wait: bool = True) -> None:
        self.store = store
        self.wait = wait
        self.waited = False
        self._conn: psycopg.Connection | None = None

    def __enter__(self) -> PgBuildLock:
        self._conn = connect(self.store.url)
        got = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (BUILD_LOCK_KEY,)).fetchone()[0]
        if not got and not self.wait:
            self._conn.close()
            self._conn = None
            raise BuildRunning(self.store.describe(), "another process")
        if not got:
            self.waited = True
            print(f"kizuna: another build of {self.store.describe()} is running; waiting for it…", file=sys.stderr)
            self._conn.execute("SELECT pg_advisory_lock(%s)", (BUILD_LOCK_KEY,))
        return self

    def __exit__(self, *exc) -> None:
        assert self._conn is not None
        try:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (BUILD_LOCK_KEY,))
        finally:
            self._conn.close()  # closing releases it in any case
            self._conn = None


class PgStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._control: psycopg.Connection | None = None
        self._control_lock = threading.Lock()
        self._live: int | None = None  # the build this process loaded or published
        self._checked_at = 0.0

    def describe(self) -> str:
        return mask_url(self.url)

    def _conn(self) -> psycopg.Connection:
        """The control connection (autocommit), with the schema created or migrated on first use."""
        if self._control is None or self._control.closed:
            conn = connect(self.url)
            try:
                ensure_schema(conn, self.url)
            except BaseException:
                conn.close()
                raise
            self._control = conn
        return self._control

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._control_lock:
            try:
                return self._conn().execute(sql, params).fetchall()
            except psycopg.OperationalError as exc:  # the server went away: reconnect next time
                if self._control is not None:
                    self._control.close()
                raise connection_error(self.url, exc) from None

    # ---- what is live ---------------------------------------------------------------------------------
    def current_build(self) -> int | None:
        rows = self._query(f"SELECT build FROM {SCHEMA}.current")
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    def current_path(self) -> str | None:
        build = self.current_build()
        return f"{self.describe()} (build {build})" if build is not None else None

    def _manifest_row(self) -> tuple[int, Manifest, dict] | None:
        rows = self._query(
            f"SELECT b.id, b.manifest, b.layout FROM {SCHEMA}.current c JOIN {SCHEMA}.builds b ON b.id = c.build"
        )
        if not rows:
            return None
        build, raw, layout = rows[0]
        try:
            return int(build), Manifest.model_validate(raw), layout
        except ValidationError as exc:
            raise DamagedIndexError(
                f"the index in {self.describe()} is damaged (build {build}: the manifest is not complete); "
                "run `kizuna index` to rebuild it"
            ) from exc

    def read_manifest(self) -> Manifest | None:
        row = self._manifest_row()
        return row[1] if row else None

    def lock(self, wait: bool = True) -> PgBuildLock:
        return PgBuildLock(self, wait)

    def check(self, settings: Settings, full: bool = False) -> Freshness:
        """Missing, incompatible, damaged, stale or fresh. The database's transactions replace the folder's
        checksums: a build is there whole or not at all; `full` also counts every table against the manifest."""
        try:
            row = self._manifest_row()
        except DamagedIndexError as exc:
            return Freshness("damaged", (str(exc),))
        if row is None:
            return Freshness("missing", (f"no index in {self.describe()}",))
        build, manifest, layout = row
        problems = manifest.incompatibilities(settings)
        if problems:
            return Freshness("incompatible", tuple(problems))
        if full:
            broken = self._count_rows(build, manifest, layout)
            if broken:
                return Freshness("damaged", tuple(broken))
        return corpus_freshness(manifest, settings)

    def _count_rows(self, build: int, manifest: Manifest, layout: dict) -> list[str]:
        problems = []
        for what, sql, want in (
            ("passages", f"SELECT count(*) FROM {SCHEMA}.passages WHERE build = %s", manifest.passages),
            ("sentences", f"SELECT count(*) FROM {SCHEMA}.sentences WHERE build = %s", manifest.sentences),
        ):
            got = self._query(sql, (build,))[0][0]
            if got != want:
                problems.append(f"{got} {what} in the database, the manifest says {want}")
        for spec in layout.get("encoders", {}):
            for unit, want in (("p", manifest.passages), ("s", manifest.sentences)):
                got = self._query(f"SELECT count(*) FROM {table(build, safe_name(spec) + '_' + unit)}")[0][0]
                if got != want:
                    problems.append(f"{spec}: {got} vectors for {want}")
        return problems

    def changed(self) -> bool:
        """Whether another process published a newer build since this one loaded (checked at most every
        CHECK_EVERY_S; a database that does not answer keeps the loaded build answering)."""
        now = time.monotonic()
        if now - self._checked_at < CHECK_EVERY_S:
            return False
        self._checked_at = now
        try:
            current = self.current_build()
        except StoreConnectionError:
            return False
        return current is not None and current != self._live

    # ---- build ----------------------------------------------------------------------------------------
    def new_build_dir(self) -> tuple[str, Path]:
        """A local scratch folder for the build pipeline; publish copies it into the database."""
        self._conn()  # fail on a bad URL before any embedding work
        tmp = Path(tempfile.mkdtemp(prefix="kizuna-build-"))
        return tmp.name, tmp

    def partial_dirs(self) -> list[Path]:
        return []  # scratch folders are removed after publishing; an interrupted build re-embeds

    def publish(self, build_id: str, tmp: Path) -> Path:
        """Copy a complete build folder into the database in one transaction and make it the live build."""
        try:
            build = self._import(tmp)
        except psycopg.OperationalError as exc:
            raise connection_error(self.url, exc) from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._live = build
        self._drop_old_builds()
        return Path(f"build-{build}")

    def _import(self, tmp: Path) -> int:
        manifest = Manifest.model_validate_json((tmp / "manifest.json").read_bytes())
        documents, passages, sentences = read_text_side(tmp)
        layout: dict = {"encoders": {}, "lexical": (tmp / "bm25").is_dir()}
        with connect(self.url, autocommit=False) as conn, conn.transaction():
            # an HNSW graph builds several times faster when it fits in memory (this transaction only)
            conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
            build = conn.execute(
                f"INSERT INTO {SCHEMA}.builds (manifest, layout) VALUES (%s::jsonb, '{{}}'::jsonb) RETURNING id",
                (manifest.model_dump_json(),),
            ).fetchone()[0]
            cur = conn.cursor()
            with cur.copy(f"COPY {SCHEMA}.documents (build, position, slug, data) FROM STDIN") as copy:
                for i, doc in enumerate(documents.values()):
                    copy.write_row((build, i, doc.slug, json.dumps(document_to_json(doc), ensure_ascii=False)))
            with cur.copy(f"COPY {SCHEMA}.passages (build, id, key, data) FROM STDIN") as copy:
                for i, p in enumerate(passages):
                    copy.write_row((build, i, p.key, json.dumps(passage_to_json(p), ensure_ascii=False)))
            with cur.copy(f"COPY {SCHEMA}.sentences (build, id, passage, start_char, end_char) FROM STDIN") as copy:
                for i, (owner, a, b) in enumerate(sentences.tolist()):
                    copy.write_row((build, i, owner, a, b))
            m, ef_construction = manifest.settings.get("hnsw", [16, 64])
            for spec in manifest.encoders:
                folder = tmp / safe_name(spec)
                info: dict = {}
                for unit, name in (("p", "passages"), ("s", "sentences")):
                    faiss_index = load_vector_index(folder / f"{name}.vec", _settings_for_load())
                    vectors = faiss_index.vectors(np.arange(faiss_index.count()))
                    name_ = table(build, safe_name(spec) + "_" + unit)
                    conn.execute(f"CREATE TABLE {name_} (id integer PRIMARY KEY, embedding vector({faiss_index.dim}))")
                    copy_vectors(conn, name_, vectors)
                    if faiss_index.kind == "hnsw":
                        conn.execute(
                            f"CREATE INDEX ON {name_} USING hnsw (embedding vector_ip_ops) "
                            f"WITH (m = {min(int(m), 100)}, ef_construction = {max(int(ef_construction), 2 * min(int(m), 100))})"
                        )
                    info.update(dim=faiss_index.dim, kind=faiss_index.kind)
                    blob = (folder / f"{name[:-1]}-moments.npz").read_bytes()
                    conn.execute(
                        f"INSERT INTO {SCHEMA}.moments (build, encoder, unit, data) VALUES (%s, %s, %s, %s)",
                        (build, spec, unit, blob),
                    )
                layout["encoders"][spec] = info
            if layout["lexical"]:
                create_postings(conn, table(build, "postings"), BM25Index.load(tmp / "bm25").postings())
            conn.execute(f"UPDATE {SCHEMA}.builds SET layout = %s::jsonb WHERE id = %s", (json.dumps(layout), build))
            # the switch: readers see the new build from this commit on, all of it
            conn.execute(
                f"INSERT INTO {SCHEMA}.current (one, build) VALUES (true, %s) "
                "ON CONFLICT (one) DO UPDATE SET build = excluded.build",
                (build,),
            )
        return int(build)

    def _drop_old_builds(self) -> None:
        rows = self._query(f"SELECT id, layout FROM {SCHEMA}.builds ORDER BY id DESC OFFSET {KEEP_BUILDS}")
        for build, layout in rows:
            names = [table(build, safe_name(spec) + "_" + u) for spec in (layout or {}).get("encoders", {}) for u in "ps"]
            names.append(table(build, "postings"))
            with self._control_lock:
                conn = self._conn()
                with conn.transaction():
                    for name in names:
                        conn.execute(f"DROP TABLE IF EXISTS {name}")
                    conn.execute(f"DELETE FROM {SCHEMA}.builds WHERE id = %s", (build,))

    # ---- load -----------------------------------------------------------------------------------------
    def load(self, settings: Settings) -> Index:
        row = self._manifest_row()
        if row is None:
            raise MissingIndexError(f"no index in {self.describe()}: run `kizuna index --store URL` first")
        build, manifest, layout = row
        problems = manifest.incompatibilities(settings)
        if problems:
            raise IncompatibleIndexError(
                f"the index in {self.describe()} does not match these settings ({'; '.join(problems)}). "
                "Run `kizuna index` to rebuild it."
            )
        index = self._load(build, manifest, layout, settings, settings.retrieval.encoders)
        self._live = build
        self._checked_at = time.monotonic()
        return index

    def _load(self, build: int, manifest: Manifest, layout: dict, settings: Settings, encoders) -> Index:
        q = self._query
        documents = {}
        for (data,) in q(f"SELECT data FROM {SCHEMA}.documents WHERE build = %s ORDER BY position", (build,)):
            doc = document_from_json(data)
            documents[doc.slug] = doc
        passages = [
            passage_from_json(data)
            for (data,) in q(f"SELECT data FROM {SCHEMA}.passages WHERE build = %s ORDER BY id", (build,))
        ]
        rows = q(f"SELECT passage, start_char, end_char FROM {SCHEMA}.sentences WHERE build = %s ORDER BY id", (build,))
        sentences = np.array(rows, dtype=np.int32).reshape(-1, 3)
        moments = {
            (spec, unit): GroupMoments.load(io.BytesIO(bytes(blob)))
            for spec, unit, blob in q(f"SELECT encoder, unit, data FROM {SCHEMA}.moments WHERE build = %s", (build,))
        }
        label_of = {lang: i for i, lang in enumerate(manifest.languages)}
        labels = np.array([label_of[p.lang] for p in passages], dtype=np.int64)
        owners = sentences[:, 0].astype(np.int64) if len(sentences) else np.zeros(0, np.int64)
        data = SearchData(tuple(manifest.languages), labels, owners)
        # each load gets its own connections; a previous load's close when that Index is collected, so a
        # request still running on it is not cut off
        readers = Connections(lambda: connect(self.url), settings.retrieval.hnsw_ef_search, self._search_error)
        try:
            for spec in encoders:
                info = layout["encoders"][spec]
                units = {
                    unit: PgVectorIndex(readers, table(build, safe_name(spec) + "_" + unit), info["dim"], info["kind"], n)
                    for unit, n in (("p", len(passages)), ("s", len(sentences)))
                }
                data.dense[spec] = DenseUnits(units["p"], units["s"], moments[(spec, "p")], moments[(spec, "s")])
        except KeyError as exc:
            raise DamagedIndexError(
                f"the index in {self.describe()} is damaged (build {build} lacks {exc}); run `kizuna index` to rebuild it"
            ) from None
        if layout.get("lexical"):
            data.lexical = PgLexicalIndex(readers, table(build, "postings"), len(passages))
        problems = _count_problems(manifest, documents, passages, sentences, data)
        if problems:
            raise DamagedIndexError(f"the index in {self.describe()} is damaged ({'; '.join(problems)})")
        return Index(Path(f"build-{build}"), manifest, documents, passages, sentences, data)

    def _search_error(self, exc: Exception) -> Exception:
        """A search that failed in the database, as a one-line error for the user."""
        if isinstance(exc, psycopg.errors.UndefinedTable):  # two newer builds replaced the loaded one
            self._checked_at = 0.0  # look at the current build on the next question
            return StoreConnectionError(
                f"the build this process loaded from {self.describe()} was replaced; ask again to use the new one"
            )
        return connection_error(self.url, exc)

    def reusable_vectors(self, settings: Settings) -> dict[str, dict[str, np.ndarray]]:
        """Vectors of the live build keyed by text hash, per encoder whose installed version made them."""
        out: dict[str, dict[str, np.ndarray]] = {}
        try:
            row = self._manifest_row()
        except DamagedIndexError:
            return out
        if row is None or row[1].format != INDEX_FORMAT_VERSION:
            return out
        build, manifest, layout = row
        reusable = [
            spec
            for spec in settings.retrieval.encoders
            if (info := manifest.encoders.get(spec))
            and installed_version(info.package) == info.version
            and spec in layout.get("encoders", {})
        ]
        if not reusable:
            return out
        try:
            old = self._load(build, manifest, layout, settings, reusable)
        except (DamagedIndexError, KeyError):
            return out
        keys = [text_key(embedding_text(p.text)) for p in old.passages] + [
            text_key(embedding_text(old.sentence_text(r))) for r in range(len(old.sentences))
        ]
        for spec in reusable:
            units = old.search.dense[spec]
            vectors = np.vstack(
                [units.passages.vectors(np.arange(units.passages.count())), units.sentences.vectors(np.arange(units.sentences.count()))]
            )
            out[spec] = dict(zip(keys, vectors, strict=True))
        return out


def _settings_for_load():
    from kizuna.settings import RetrievalSettings

    return RetrievalSettings()  # reading a FAISS file back needs only the search-time defaults
