"""The index store: one object that owns build, save and load, with a manifest beside the arrays.

Layout under the index folder::

    CURRENT                   name of the live build (replaced atomically)
    builds/<id>/manifest.json kizuna version, settings that shape the index and their hash,
                              every corpus file's hash, encoder names/versions/dimensions
    builds/<id>/documents.json  cleaned texts, catalog metadata and source maps
    builds/<id>/passages.jsonl  one passage a line
    builds/<id>/dense-<encoder>.faiss  normalised vectors, inner product
    builds/<id>/bm25/         bm25s arrays and vocabulary

A build is written to a fresh folder and only then named in CURRENT, so an interrupted build leaves
the previous index usable. Vectors of passages whose text did not change are reused, so editing one
file re-embeds only that file's passages.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from kizuna.index.manifest import (
    INDEX_FORMAT_VERSION,
    index_hash,
    index_shape,
    installed_version,
    kizuna_version,
)
from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.loaders import CATALOG_NAME, corpus_files, sha256_bytes
from kizuna.ingest.text import tokenize
from kizuna.ingest.units import embedding_text, sentence_spans
from kizuna.models import Document, DocumentMeta, Passage, Segment
from kizuna.retrieval.bm25 import BM25Retriever
from kizuna.retrieval.encoders import EncoderPool
from kizuna.settings import Settings

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


class IndexError_(Exception):
    """Base for index problems (named so it does not shadow the builtin IndexError)."""


class MissingIndexError(IndexError_):
    pass


class IncompatibleIndexError(IndexError_):
    pass




def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _safe_name(spec: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", spec)


def corpus_fingerprint(corpus_dir: Path) -> dict:
    """Hashes of every corpus file and of the catalog: what decides whether an index is stale."""
    corpus_dir = corpus_dir.resolve()
    files = {
        p.relative_to(corpus_dir).as_posix(): sha256_bytes(p.read_bytes()) for p in corpus_files(corpus_dir)
    }
    catalog = corpus_dir / CATALOG_NAME
    return {"files": files, "catalog": sha256_bytes(catalog.read_bytes()) if catalog.exists() else None}


@dataclass(frozen=True)
class Freshness:
    status: str  # "fresh" | "stale" | "incompatible" | "missing"
    reasons: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return self.status == "fresh"


@dataclass
class BuildReport:
    files: int
    passages: int
    embedded: dict[str, int]  # encoder -> passages embedded in this build
    reused: dict[str, int]  # encoder -> passages whose vectors were reused
    seconds: float
    path: Path


@dataclass
class Index:
    path: Path
    manifest: dict
    documents: dict[str, Document]
    passages: list[Passage]
    # sentence spans inside passages: rows of (passage index, start, end), offsets in the passage text
    sentences: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), dtype=np.int32))
    dense: dict[str, object] = field(default_factory=dict)  # encoder spec -> faiss index of passages
    sentence_dense: dict[str, object] = field(
        default_factory=dict
    )  # encoder spec -> faiss index of sentences
    bm25: BM25Retriever | None = None

    def vectors(self, encoder: str) -> np.ndarray:
        index = self.dense[encoder]
        return index.reconstruct_n(0, index.ntotal)

    def sentence_vectors(self, encoder: str) -> np.ndarray:
        index = self.sentence_dense[encoder]
        return index.reconstruct_n(0, index.ntotal)

    _df: tuple | None = None

    def document_frequencies(self) -> tuple:
        """Token document frequencies over passages (for idf), computed once per loaded index."""
        if self._df is None:
            from kizuna.answer.extract import document_frequencies

            self._df = document_frequencies(embedding_text(p.text) for p in self.passages)
        return self._df

    _sentence_tokens: list[frozenset[str]] | None = None
    _positions: dict[str, int] | None = None

    def position(self, key: str) -> int:
        """The index of the passage with this citation key (KeyError when there is none)."""
        if self._positions is None:
            self._positions = {p.key: i for i, p in enumerate(self.passages)}
        return self._positions[key]

    def sentence_tokens(self, row: int) -> frozenset[str]:
        """A sentence's token set, tokenized once per loaded index (answers and quotes score every query)."""
        if self._sentence_tokens is None:
            self._sentence_tokens = [
                frozenset(tokenize(self.sentence_text(r))) for r in range(len(self.sentences))
            ]
        return self._sentence_tokens[row]

    def sentence_text(self, row: int) -> str:
        owner, start, end = self.sentences[row]
        return self.passages[owner].text[start:end]


def _document_to_json(doc: Document) -> dict:
    return {
        "meta": asdict(doc.meta),
        "text": doc.text,
        "sha256": doc.sha256,
        "page_count": doc.page_count,
        "segments": [[s.start, s.end, s.src_start, s.src_end, s.page, s.paragraph] for s in doc.segments],
    }


def _document_from_json(data: dict) -> Document:
    return Document(
        meta=DocumentMeta(**data["meta"]),
        text=data["text"],
        sha256=data["sha256"],
        page_count=data.get("page_count"),
        segments=tuple(Segment(*s) for s in data["segments"]),
    )


def _passage_to_json(p: Passage) -> dict:
    data = asdict(p)
    data["paragraphs"] = list(p.paragraphs)
    return data


def _passage_from_json(data: dict) -> Passage:
    data = dict(data)
    data["paragraphs"] = tuple(data["paragraphs"])
    return Passage(**data)


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # ---- where things are ------------------------------------------------------------------------
    @property
    def _pointer(self) -> Path:
        return self.root / "CURRENT"

    def current_path(self) -> Path | None:
        if not self._pointer.exists():
            return None
        path = self.root / "builds" / self._pointer.read_text(encoding="utf-8").strip()
        return path if (path / "manifest.json").exists() else None

    def read_manifest(self) -> dict | None:
        path = self.current_path()
        return json.loads((path / "manifest.json").read_text(encoding="utf-8")) if path else None

    # ---- freshness -------------------------------------------------------------------------------
    def check(self, settings: Settings) -> Freshness:
        manifest = self.read_manifest()
        if manifest is None:
            return Freshness("missing", (f"no index in {self.root}",))
        problems = self._incompatibilities(manifest, settings)
        if problems:
            return Freshness("incompatible", tuple(problems))
        fingerprint = corpus_fingerprint(settings.corpus_dir)
        reasons = []
        old_files = manifest["files"]
        for name, digest in fingerprint["files"].items():
            if name not in old_files:
                reasons.append(f"new file {name}")
            elif old_files[name]["sha256"] != digest:
                reasons.append(f"changed file {name}")
        reasons += [f"removed file {name}" for name in old_files if name not in fingerprint["files"]]
        if manifest.get("catalog_sha256") != fingerprint["catalog"]:
            reasons.append(f"{CATALOG_NAME} changed")
        if Path(manifest["corpus_dir"]) != settings.corpus_dir.resolve():
            reasons.append(f"built from another corpus folder ({manifest['corpus_dir']})")
        return Freshness("stale", tuple(reasons)) if reasons else Freshness("fresh")

    @staticmethod
    def _incompatibilities(manifest: dict, settings: Settings) -> list[str]:
        problems = []
        if manifest.get("format") != INDEX_FORMAT_VERSION:
            problems.append(
                f"index format {manifest.get('format')} (this kizuna reads {INDEX_FORMAT_VERSION})"
            )
        if manifest.get("settings_hash") != index_hash(settings):
            old, new = manifest.get("settings") or {}, index_shape(settings)
            changed = [f"{key} {old.get(key)!r} -> {new[key]!r}" for key in new if old.get(key) != new[key]]
            problems.append("built with other settings: " + "; ".join(changed or ["settings hash differs"]))
        for spec, info in manifest.get("encoders", {}).items():
            installed = installed_version(info.get("package"))
            if installed != info.get("version"):
                problems.append(
                    f"encoder {spec} built with {info.get('package')} {info.get('version')}, now {installed}"
                )
        return problems

    # ---- build -----------------------------------------------------------------------------------
    def build(
        self,
        settings: Settings,
        documents: Sequence[Document],
        pool: EncoderPool,
        show_progress: bool = True,
        on_progress: ProgressCallback | None = None,
    ) -> tuple[Index, BuildReport]:
        started = time.perf_counter()
        passages = [p for doc in documents for p in chunk_document(doc, settings.chunking)]
        if not passages:
            raise IndexError_("the corpus produced no passages")
        previous = self._previous_vectors(settings)

        builds = self.root / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        build_id = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
        tmp = builds / f".{build_id}.partial"
        tmp.mkdir()
        try:
            index = Index(tmp, {}, {d.slug: d for d in documents}, passages, sentence_spans(passages))
            embedded: dict[str, int] = {}
            reused: dict[str, int] = {}
            encoders_info: dict[str, dict] = {}
            texts = [embedding_text(p.text) for p in passages] + [
                embedding_text(index.sentence_text(row)) for row in range(len(index.sentences))
            ]
            for spec in settings.retrieval.encoders:
                encoder = pool.get(spec)
                vectors, embedded[spec] = _embed(
                    encoder, texts, previous.get(spec, {}), show_progress, on_progress
                )
                reused[spec] = len(texts) - embedded[spec]
                index.dense[spec] = _faiss_index(vectors[: len(passages)])
                index.sentence_dense[spec] = _faiss_index(vectors[len(passages) :])
                encoders_info[spec] = encoder.describe()
            if settings.retrieval.uses_bm25:
                index.bm25 = BM25Retriever.build([embedding_text(p.text) for p in passages])

            fingerprint = corpus_fingerprint(settings.corpus_dir)
            by_path = {d.meta.path: d for d in documents}
            index.manifest = {
                "format": INDEX_FORMAT_VERSION,
                "kizuna_version": kizuna_version(),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "corpus_dir": str(settings.corpus_dir.resolve()),
                "settings": index_shape(settings),
                "settings_hash": index_hash(settings),
                "catalog_sha256": fingerprint["catalog"],
                "files": {
                    name: {
                        "sha256": by_path[name].sha256 if name in by_path else digest,
                        "doc": by_path[name].slug if name in by_path else None,
                        "passages": sum(
                            1 for p in passages if name in by_path and p.doc == by_path[name].slug
                        ),
                    }
                    for name, digest in fingerprint["files"].items()
                },
                "encoders": encoders_info,
                "passages": len(passages),
                "max_passage_chars": max(len(p.text) for p in passages),
            }
            self._write(index, tmp)
            final = builds / build_id
            tmp.rename(final)
            self._point_to(build_id)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        index.path = final
        self._remove_old_builds(keep=build_id)
        report = BuildReport(
            len(documents), len(passages), embedded, reused, time.perf_counter() - started, final
        )
        return index, report

    def _previous_vectors(self, settings: Settings) -> dict[str, dict[str, np.ndarray]]:
        """Vectors of the current build keyed by passage text, for encoders whose version is unchanged."""
        manifest = self.read_manifest()
        path = self.current_path()
        if manifest is None or path is None or manifest.get("format") != INDEX_FORMAT_VERSION:
            return {}
        reusable = [
            spec
            for spec in settings.retrieval.encoders
            if (info := manifest.get("encoders", {}).get(spec))
            and (path / f"dense-{_safe_name(spec)}.faiss").exists()
            and installed_version(info.get("package")) == info.get("version")
        ]
        if not reusable:
            return {}
        try:
            old = self.load_unchecked(path, manifest, reusable)  # one read of the old build for every encoder
            keys = [_text_key(embedding_text(p.text)) for p in old.passages] + [
                _text_key(embedding_text(old.sentence_text(row))) for row in range(len(old.sentences))
            ]
            out: dict[str, dict[str, np.ndarray]] = {}
            for spec in reusable:
                vectors = np.vstack([old.vectors(spec), old.sentence_vectors(spec)])
                out[spec] = dict(zip(keys, vectors, strict=True))
            return out
        except (OSError, ValueError, KeyError, RuntimeError):
            return {}  # an unreadable old build only means re-embedding everything

    def _write(self, index: Index, directory: Path) -> None:
        import faiss

        (directory / "documents.json").write_text(
            json.dumps([_document_to_json(d) for d in index.documents.values()], ensure_ascii=False),
            encoding="utf-8",
        )
        with (directory / "passages.jsonl").open("w", encoding="utf-8") as fh:
            for p in index.passages:
                fh.write(json.dumps(_passage_to_json(p), ensure_ascii=False) + "\n")
        np.save(directory / "sentences.npy", index.sentences)
        for spec, dense in index.dense.items():
            faiss.write_index(dense, str(directory / f"dense-{_safe_name(spec)}.faiss"))
            faiss.write_index(
                index.sentence_dense[spec], str(directory / f"sentences-{_safe_name(spec)}.faiss")
            )
        if index.bm25 is not None:
            (directory / "bm25").mkdir()
            index.bm25.save(directory / "bm25")
        # The manifest goes last: a folder with a manifest is a complete build.
        (directory / "manifest.json").write_text(
            json.dumps(index.manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )

    def _point_to(self, build_id: str) -> None:
        tmp = self.root / f".CURRENT.{uuid.uuid4().hex[:6]}"
        tmp.write_text(build_id + "\n", encoding="utf-8")
        os.replace(tmp, self._pointer)

    def _remove_old_builds(self, keep: str) -> None:
        for path in (self.root / "builds").iterdir():
            if path.name != keep and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)

    # ---- load ------------------------------------------------------------------------------------
    def load(self, settings: Settings) -> Index:
        path = self.current_path()
        if path is None:
            raise MissingIndexError(f"no index in {self.root}: run `kizuna index` first")
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        problems = self._incompatibilities(manifest, settings)
        if problems:
            raise IncompatibleIndexError(
                f"the index in {self.root} does not match these settings ({'; '.join(problems)}). "
                "Run `kizuna index` to rebuild it."
            )
        try:
            return self.load_unchecked(path, manifest, settings.retrieval.encoders)
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise IncompatibleIndexError(
                f"the index in {path} is damaged or incomplete ({exc}). Run `kizuna index` to rebuild it."
            ) from exc

    @staticmethod
    def load_unchecked(path: Path, manifest: dict, encoders: Sequence[str]) -> Index:
        import faiss

        documents = {
            d.slug: d
            for d in (
                _document_from_json(x)
                for x in json.loads((path / "documents.json").read_text(encoding="utf-8"))
            )
        }
        index = Index(path, manifest, documents, _read_passages(path), np.load(path / "sentences.npy"))
        for spec in encoders:
            index.dense[spec] = faiss.read_index(str(path / f"dense-{_safe_name(spec)}.faiss"))
            index.sentence_dense[spec] = faiss.read_index(str(path / f"sentences-{_safe_name(spec)}.faiss"))
        if (path / "bm25").is_dir():
            index.bm25 = BM25Retriever.load(path / "bm25")
        return index


def _read_passages(path: Path) -> list[Passage]:
    with (path / "passages.jsonl").open(encoding="utf-8") as fh:
        return [_passage_from_json(json.loads(line)) for line in fh if line.strip()]


def _embed(
    encoder,
    texts: Sequence[str],
    cache: dict[str, np.ndarray],
    show_progress: bool,
    on_progress: ProgressCallback | None,
    batch: int = 8,
) -> tuple[np.ndarray, int]:
    """Vectors for texts, reusing cached ones; returns them and how many were newly embedded."""
    from tqdm import tqdm

    keys = [_text_key(t) for t in texts]
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    missing = []
    for i, key in enumerate(keys):
        if key in cache:
            vectors[i] = cache[key]
        else:
            missing.append(i)
    stage = f"embedding with {encoder.name}"
    with tqdm(
        total=len(missing), desc=stage, unit="text", disable=not show_progress or not missing, leave=False
    ) as bar:
        for start in range(0, len(missing), batch):
            ids = missing[start : start + batch]
            vectors[ids] = encoder.encode_passages([texts[i] for i in ids])
            bar.update(len(ids))
            if on_progress:
                on_progress(stage, start + len(ids), len(missing))
    return vectors, len(missing)


def _faiss_index(vectors: np.ndarray):
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index
