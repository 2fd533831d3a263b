"""The index store: build, save, check and load, with a manifest beside the arrays.

Layout under the index folder::

    CURRENT                         name of the live build (replaced atomically)
    .build.lock                     held while a build runs: a second build waits for it
    builds/<id>/manifest.json       what was indexed and how (index/manifest.py), with a checksum of every file
    builds/<id>/documents.json      cleaned texts, catalog metadata and source maps
    builds/<id>/passages.jsonl      one passage a line
    builds/<id>/sentences.npy       sentence units (passage, start, end)
    builds/<id>/<encoder>/          passages.vec and sentences.vec (vector backend), moments per language
    builds/<id>/bm25/               lexical backend

A build is written to a fresh folder and only then named in CURRENT, so an interrupted build leaves
the previous index usable. Vectors of text that did not change are reused (also from an interrupted
build's folder), so editing one file re-embeds only that file's passages.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from kizuna.index import integrity
from kizuna.index.build_lock import BuildLock, BuildRunning
from kizuna.index.manifest import Manifest
from kizuna.index.model import Index, read_text_side
from kizuna.ingest.listing import catalog_path, list_corpus
from kizuna.ingest.loaders import CATALOG_NAME, CorpusError, file_digest
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.calibration import GroupMoments
from kizuna.retrieval.faiss_index import load_vector_index
from kizuna.retrieval.searcher import DenseUnits, SearchData
from kizuna.settings import LimitSettings, Settings

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


class IndexError_(Exception):
    """Base for index problems (named so it does not shadow the builtin IndexError)."""


class MissingIndexError(IndexError_):
    pass


class IncompatibleIndexError(IndexError_):
    pass


class DamagedIndexError(IndexError_):
    """`why`: what is damaged, without the path and the advice (for a caller that is rebuilding it)."""

    def __init__(self, message: str, why: str | None = None) -> None:
        super().__init__(message)
        self.why = why or message


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def safe_name(spec: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", spec)


def corpus_fingerprint(
    corpus_dir: Path,
    limits: LimitSettings | None = None,
    known: dict[str, str] | None = None,
    only: AbstractSet[str] | None = None,
) -> dict:
    """Hashes of every candidate corpus file and of the catalog: what decides whether an index is stale.

    `known` maps files already read (and hashed) to their hash: the build passes the documents it indexed,
    so their files are not read twice and the manifest records the hash of exactly what was indexed.
    `only` limits the files to these names: a build records the files it read, not one saved since.
    """
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    corpus_dir = corpus_dir.resolve()
    known = known or {}
    listing = list_corpus(corpus_dir, limits)
    files = {}
    for p in listing.candidates:
        name = p.relative_to(corpus_dir).as_posix()
        if only is None or name in only:
            files[name] = known.get(name) or file_digest(p)  # a file the system refuses stops nothing
    catalog = catalog_path(corpus_dir, limits)  # as the build reads it: a link leading outside is not
    return {
        "files": files,
        "catalog": file_digest(catalog) if catalog else None,
        # files turned away before reading (another type, over the size cap, a link leading outside): the
        # part of a build's skipped list that reading no file can change; names and reasons only
        "rejected": {s.path: s.reason for s in listing.rejected},
    }


@dataclass(frozen=True)
class Freshness:
    status: str  # "fresh" | "stale" | "incompatible" | "damaged" | "missing"
    reasons: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return self.status == "fresh"

    @property
    def loadable(self) -> bool:
        """Can answer, if out of date: a stale index still serves while a rebuild is impossible."""
        return self.status in ("fresh", "stale")


@dataclass
class BuildReport:
    files: int
    passages: int
    embedded: dict[str, int]  # encoder -> texts embedded in this build
    reused: dict[str, int]  # encoder -> texts whose vectors were reused
    seconds: float
    path: Path
    skipped: list[dict]  # corpus files not indexed: {"path", "reason"}
    notes: list[str] = field(default_factory=list)  # e.g. slugs that had to change to stay unique


def corpus_freshness(manifest: Manifest, settings: Settings) -> Freshness:
    """Fresh, or stale with the reasons: the corpus files and catalog against the manifest's fingerprint."""
    fingerprint = corpus_fingerprint(settings.corpus_dir, settings.limits)
    reasons = []
    old_files = manifest.files
    for name, digest in fingerprint["files"].items():
        if name not in old_files:
            reasons.append(f"new file {name}")
        elif old_files[name].sha256 != digest:
            reasons.append(f"changed file {name}")
    reasons += [f"removed file {name}" for name in old_files if name not in fingerprint["files"]]
    # files skipped at listing (not candidates, so not in `files`): a new .zip, a link leading outside, a
    # file over the size cap, or one that no longer is, must show in the manifest's skipped list
    was = {s.get("path"): s.get("reason") for s in manifest.skipped if s.get("path") not in old_files}
    now = fingerprint["rejected"]
    for name, reason in now.items():
        if name not in was:
            reasons.append(f"newly skipped {name}")
        elif was[name] != reason:
            reasons.append(f"skipped for another reason: {name}")
    reasons += [f"no longer skipped: {name}" for name in was if name not in now]
    if manifest.catalog_sha256 != fingerprint["catalog"]:
        reasons.append(f"{CATALOG_NAME} changed")
    if Path(manifest.corpus_dir) != settings.corpus_dir.resolve():
        reasons.append(f"built from another corpus folder ({manifest.corpus_dir})")
    return Freshness("stale", tuple(reasons)) if reasons else Freshness("fresh")


def open_store(settings: Settings):
    """The store the settings name: a PostgreSQL database (`store = "postgresql://…"`) or, by default,
    the index folder. The database backend is imported only when it is used."""
    if settings.store:
        from kizuna.index.pg_store import PgStore

        return PgStore(settings.store)
    return IndexStore(settings.index_dir)


ADVICE = "); run `kizuna index` to rebuild it"


def damaged(path: Path, why: str) -> DamagedIndexError:
    return DamagedIndexError(f"the index in {path} is damaged ({why}{ADVICE}", why)


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # ---- where things are ------------------------------------------------------------------------
    @property
    def _pointer(self) -> Path:
        return self.root / "CURRENT"

    def current_path(self) -> Path | None:
        try:
            name = self._pointer.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        path = self.root / "builds" / name
        return path if name and (path / "manifest.json").is_file() else None

    def read_manifest(self) -> Manifest | None:
        """The live build's manifest; None when there is no build; DamagedIndexError when it is unreadable."""
        path = self.current_path()
        if path is None:
            return None
        try:
            return Manifest.model_validate_json((path / "manifest.json").read_bytes())
        except (OSError, ValidationError, ValueError) as exc:
            reason = "manifest.json is not a complete manifest"
            raise damaged(path, reason) from exc

    def lock(self, wait: bool = True) -> BuildLock:
        return BuildLock(self.root / ".build.lock", wait)

    def remove_leftovers(self) -> int:
        """Remove the folders of interrupted builds, unless a build runs now (one of them is its own).
        Returns how many were removed."""
        leftovers = self.partial_dirs()
        if not leftovers:
            return 0
        try:
            with self.lock(wait=False):
                for path in self.partial_dirs():
                    shutil.rmtree(path, ignore_errors=True)
        except BuildRunning:
            return 0
        return len(leftovers)

    # ---- freshness -------------------------------------------------------------------------------
    def check(self, settings: Settings, full: bool = False) -> Freshness:
        """Missing, incompatible, damaged, stale or fresh; `full` hashes every file whole."""
        try:
            manifest = self.read_manifest()
        except DamagedIndexError as exc:
            return Freshness("damaged", (exc.why,))
        if manifest is None:
            return Freshness("missing", (f"no index in {self.root}",))
        problems = manifest.incompatibilities(settings)
        if problems:
            return Freshness("incompatible", tuple(problems))
        path = self.current_path()
        assert path is not None
        broken = integrity.verify(path, manifest.checksums, full=full)
        if broken:
            return Freshness("damaged", tuple(broken))
        return corpus_freshness(manifest, settings)

    def changed(self) -> bool:
        """Whether another process published a build this one should reload. A folder store answers from
        what it loaded until the process rebuilds it itself (the corpus watcher does that)."""
        return False

    # ---- build (index/build.py does the work) ------------------------------------------------------
    def new_build_dir(self) -> tuple[str, Path]:
        builds = self.root / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        build_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
        tmp = builds / f".{build_id}.partial"
        tmp.mkdir()
        return build_id, tmp

    def partial_dirs(self) -> list[Path]:
        builds = self.root / "builds"
        return sorted(builds.glob(".*.partial")) if builds.is_dir() else []

    def publish(self, build_id: str, tmp: Path) -> Path:
        """Make a complete build folder the live one, atomically, and remove the older ones."""
        final = self.root / "builds" / build_id
        tmp.rename(final)
        pointer = self.root / f".CURRENT.{uuid.uuid4().hex[:6]}"
        pointer.write_text(build_id + "\n", encoding="utf-8")
        os.replace(pointer, self._pointer)
        for path in (self.root / "builds").iterdir():
            if path.name != build_id and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)
        return final

    # ---- load ------------------------------------------------------------------------------------
    def load(self, settings: Settings) -> Index:
        path = self.current_path()
        manifest = self.read_manifest()
        if manifest is None or path is None:
            raise MissingIndexError(f"no index in {self.root}: run `kizuna index` first")
        problems = manifest.incompatibilities(settings)
        if problems:
            raise IncompatibleIndexError(
                f"the index in {self.root} does not match these settings ({'; '.join(problems)}). "
                "Run `kizuna index` to rebuild it."
            )
        broken = integrity.verify(path, manifest.checksums)
        if broken:
            raise damaged(path, "; ".join(broken[:3]))
        return load_build(path, manifest, settings, settings.retrieval.encoders)


def load_build(path: Path, manifest: Manifest, settings: Settings, encoders: Sequence[str]) -> Index:
    """Read a build folder; any unreadable or inconsistent part is a DamagedIndexError naming it."""
    try:
        documents, passages, sentences = read_text_side(path)
        languages = tuple(manifest.languages)
        label_of = {lang: i for i, lang in enumerate(languages)}
        labels = np.array([label_of[p.lang] for p in passages], dtype=np.int64)
        owners = sentences[:, 0].astype(np.int64) if len(sentences) else np.zeros(0, np.int64)
        data = SearchData(languages, labels, owners)
        for spec in encoders:
            folder = path / safe_name(spec)
            data.dense[spec] = DenseUnits(
                load_vector_index(folder / "passages.vec", settings.retrieval),
                load_vector_index(folder / "sentences.vec", settings.retrieval),
                GroupMoments.load(folder / "passage-moments.npz"),
                GroupMoments.load(folder / "sentence-moments.npz"),
            )
        if (path / "bm25").is_dir():
            data.lexical = BM25Index.load(path / "bm25")
    except (OSError, ValueError, KeyError, RuntimeError, TypeError, IndexError, json.JSONDecodeError) as exc:
        raise damaged(path, f"{exc.__class__.__name__}: {exc}") from exc
    problems = _count_problems(manifest, documents, passages, sentences, data)
    if problems:
        raise damaged(path, "; ".join(problems))
    return Index(path, manifest, documents, passages, sentences, data)


def _count_problems(manifest: Manifest, documents, passages, sentences, data: SearchData) -> list[str]:
    """Passages, sentences, vectors and BM25 documents must agree, and every passage must be its
    document's text at its span (a flipped bit or a swapped line in passages.jsonl shows here)."""
    n, m = len(passages), len(sentences)
    problems = []
    if n != manifest.passages:
        problems.append(f"{n} passages, the manifest says {manifest.passages}")
    if m != manifest.sentences:
        problems.append(f"{m} sentence units, the manifest says {manifest.sentences}")
    if m and (sentences[:, 0].max() >= n or np.any(np.diff(sentences[:, 0]) < 0)):
        problems.append("sentence units point outside the passages")
    for spec, units in data.dense.items():
        if units.passages.count() != n or units.sentences.count() != m:
            problems.append(f"{spec}: {units.passages.count()}/{units.sentences.count()} vectors for {n}/{m}")
    if data.lexical is not None and data.lexical.count() != n:
        problems.append(f"BM25 holds {data.lexical.count()} documents for {n} passages")
    for p in passages:
        doc = documents.get(p.doc)
        if doc is None or doc.text[p.start : p.end] != p.text:
            problems.append(f"passage {p.key} does not match its document's text")
            break
    return problems
