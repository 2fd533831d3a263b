"""Building an index: chunk, cut sentence units, embed (reusing every vector it can), write, publish."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kizuna.index import integrity
from kizuna.index.manifest import (
    INDEX_FORMAT_VERSION,
    Manifest,
    index_hash,
    index_shape,
    installed_version,
    kizuna_version,
)
from kizuna.index.model import Index, write_text_side
from kizuna.index.store import (
    BuildReport,
    IndexError_,
    IndexStore,
    ProgressCallback,
    corpus_fingerprint,
    load_build,
    safe_name,
    text_key,
)
from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.loaders import CorpusRead
from kizuna.ingest.text import LANGS
from kizuna.ingest.units import embedding_text, sentence_spans
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.calibration import GroupMoments
from kizuna.retrieval.encoders import EncoderPool
from kizuna.retrieval.faiss_index import make_vector_index
from kizuna.retrieval.searcher import DenseUnits, SearchData
from kizuna.settings import Settings

CACHE_EVERY_S = 20.0  # an interrupted build loses at most this much embedding work


def build_index(
    store: IndexStore,
    settings: Settings,
    read: CorpusRead,
    pool: EncoderPool,
    show_progress: bool = True,
    on_progress: ProgressCallback | None = None,
) -> tuple[Index, BuildReport]:
    """Build and publish a new index of what `read` gave (read_corpus); the caller holds the store's build
    lock. The manifest records the corpus as it was read: the hashes of the files and catalog the documents
    came from, and of each file judged unreadable as it was judged."""
    started = time.perf_counter()
    documents = read.documents
    skipped = [{"path": s.path, "reason": s.reason} for s in read.skipped]
    passages = [p for doc in documents for p in chunk_document(doc, settings.chunking)]
    if not passages:
        raise IndexError_("the corpus produced no passages")
    sentences = sentence_spans(passages)
    texts = [embedding_text(p.text) for p in passages] + [
        embedding_text(passages[o].text[a:b]) for o, a, b in sentences
    ]
    notes: list[str] = []
    # a database store reads its live build's vectors itself
    reuse = getattr(store, "reusable_vectors", None)
    previous = reuse(settings) if reuse else reusable_vectors(store, settings, notes)
    wanted = {text_key(t) for t in texts}
    interrupted = interrupted_vectors(store, wanted)

    build_id, tmp = store.new_build_dir()
    # This build's checkpoint starts with what interrupted builds had embedded (for its texts), so an
    # interruption of this one loses none of it; then their folders go.
    for cache_name, known in interrupted.items():
        _save_cache(tmp / cache_name, list(known), np.array(list(known.values())))
    for old in store.partial_dirs():
        if old != tmp:
            shutil.rmtree(old, ignore_errors=True)

    languages = tuple(lang for lang in LANGS if any(p.lang == lang for p in passages))
    languages += tuple(sorted({p.lang for p in passages} - set(languages)))
    label_of = {lang: i for i, lang in enumerate(languages)}
    labels = np.array([label_of[p.lang] for p in passages], dtype=np.int64)
    owners = sentences[:, 0].astype(np.int64)
    data = SearchData(languages, labels, owners)
    embedded: dict[str, int] = {}
    encoders_info: dict[str, dict] = {}
    n = len(passages)
    for spec in settings.retrieval.encoders:
        encoder = pool.get(spec)
        info = encoder.describe()
        cache_name = f"{safe_name(spec)}@{info.get('version')}.vectors.npz"
        checkpointed = interrupted.get(cache_name, {})
        known = {**checkpointed, **previous.get(spec, {})}
        vectors, embedded[spec] = embed(
            encoder, texts, known, tmp / cache_name, show_progress, on_progress, checkpointed=set(checkpointed)
        )
        folder = tmp / safe_name(spec)
        folder.mkdir()
        units = DenseUnits(
            make_vector_index(encoder.dim, n, settings.retrieval),
            make_vector_index(encoder.dim, len(sentences), settings.retrieval),
            GroupMoments.of(vectors[:n], labels, len(languages)),
            GroupMoments.of(vectors[n:], labels[owners], len(languages)),
        )
        units.passages.add(vectors[:n])
        units.sentences.add(vectors[n:])
        units.passages.save(folder / "passages.vec")
        units.sentences.save(folder / "sentences.vec")
        units.passage_moments.save(folder / "passage-moments.npz")
        units.sentence_moments.save(folder / "sentence-moments.npz")
        data.dense[spec] = units
        encoders_info[spec] = info
    if settings.retrieval.uses_bm25:
        data.lexical = BM25Index.build([embedding_text(p.text) for p in passages])
        data.lexical.save(tmp / "bm25")

    by_path = {d.meta.path: d for d in documents}
    fingerprint = corpus_fingerprint(
        settings.corpus_dir,
        settings.limits,
        known={**read.unreadable_sha256, **{path: d.sha256 for path, d in by_path.items()}},
        # only the files this build read (or skipped): one added while it embedded was never read, and
        # recorded here it would look indexed, so the index would stay "fresh" without it (a watcher's
        # build of one new file while a second was being saved)
        only=set(by_path) | set(read.unreadable_sha256) | {str(s["path"]) for s in skipped},
    )
    per_doc: dict[str, int] = {}
    for p in passages:
        per_doc[p.doc] = per_doc.get(p.doc, 0) + 1
    manifest = Manifest(
        format=INDEX_FORMAT_VERSION,
        kizuna_version=kizuna_version(),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        corpus_dir=str(settings.corpus_dir.resolve()),
        settings=index_shape(settings),
        settings_hash=index_hash(settings),
        catalog_sha256=read.catalog_sha256,  # the catalog the titles came from, not one saved since
        files={
            name: {
                "sha256": digest,
                "doc": by_path[name].slug if name in by_path else None,
                "passages": per_doc.get(by_path[name].slug, 0) if name in by_path else 0,
            }
            for name, digest in fingerprint["files"].items()
        },
        encoders=encoders_info,
        passages=n,
        sentences=len(sentences),
        max_passage_chars=max(len(p.text) for p in passages),
        languages=list(languages),
        skipped=skipped,
    )
    index = Index(tmp, manifest, {d.slug: d for d in documents}, passages, sentences, data)
    write_text_side(index, tmp)
    for cache in tmp.glob("*.vectors.npz"):  # complete: the vectors are in the backends now
        cache.unlink()
    manifest.checksums = integrity.checksums(tmp, integrity.build_files(tmp))
    # The manifest goes last: a folder with a manifest is a complete build.
    (tmp / "manifest.json").write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    index.path = store.publish(build_id, tmp)
    report = BuildReport(
        len(documents),
        n,
        embedded,
        {spec: len(texts) - count for spec, count in embedded.items()},
        time.perf_counter() - started,
        index.path,
        skipped,
        notes,
    )
    return index, report


def reusable_vectors(
    store: IndexStore, settings: Settings, notes: list[str] | None = None
) -> dict[str, dict[str, np.ndarray]]:
    """Vectors of the live build keyed by text hash, per encoder whose installed version made them.

    Nothing is reused from a live build that fails its integrity check (every file hashed whole): a
    changed vector would be carried into the new build, and a swapped passage line would hand each
    passage the other's vectors. `notes` then says that every text is embedded again.
    """
    out: dict[str, dict[str, np.ndarray]] = {}
    notes = notes if notes is not None else []
    wanted = set(settings.retrieval.encoders)
    nothing = "nothing reused from the damaged index ({}): every text is embedded again"
    try:
        manifest = store.read_manifest()
    except IndexError_:
        notes.append(nothing.format("manifest.json is unreadable"))
        return out
    path = store.current_path()
    if manifest is None or path is None or manifest.format != INDEX_FORMAT_VERSION:
        return out
    reusable = [
        spec
        for spec in wanted
        if (info := manifest.encoders.get(spec)) and installed_version(info.package) == info.version
    ]
    if not reusable:
        return out
    broken = integrity.verify(path, manifest.checksums, full=True)
    if broken or not manifest.checksums:
        notes.append(nothing.format(broken[0] if broken else "its manifest has no checksums"))
        return out
    try:
        old = load_build(path, manifest, settings, reusable)  # one read of the old build for every encoder
    except IndexError_ as exc:
        notes.append(nothing.format(getattr(exc, "why", exc)))
        return out  # an unreadable old build only means re-embedding everything
    keys = [text_key(embedding_text(p.text)) for p in old.passages] + [
        text_key(embedding_text(old.sentence_text(row))) for row in range(len(old.sentences))
    ]
    for spec in reusable:
        units = old.search.dense[spec]
        vectors = np.vstack(
            [
                units.passages.vectors(np.arange(units.passages.count())),
                units.sentences.vectors(np.arange(units.sentences.count())),
            ]
        )
        out.setdefault(spec, {}).update(zip(keys, vectors, strict=True))
    return out


def interrupted_vectors(store: IndexStore, wanted: set[str] | None = None) -> dict[str, dict[str, np.ndarray]]:
    """What interrupted builds had embedded (the texts in `wanted`, default all), by cache file name
    (encoder and package version in the name). A cache file whose own checksum does not match what it
    holds (cut short, or changed) gives nothing."""
    out: dict[str, dict[str, np.ndarray]] = {}
    for partial in store.partial_dirs():
        for cache in partial.glob("*.vectors.npz"):
            try:
                with np.load(cache) as saved:
                    keys, vectors = saved["keys"].tolist(), saved["vectors"]
                    if str(saved["sha256"]) != _cache_digest(keys, vectors):
                        continue
            except (OSError, ValueError, KeyError, EOFError):
                continue  # a cache cut short by the interruption is only a missed saving
            found = out.setdefault(cache.name, {})
            found.update((k, v) for k, v in zip(keys, vectors, strict=True) if wanted is None or k in wanted)
    return {name: known for name, known in out.items() if known}


def embed(
    encoder,
    texts: Sequence[str],
    cache: dict[str, np.ndarray],
    cache_file: Path,
    show_progress: bool,
    on_progress: ProgressCallback | None,
    batch: int = 8,
    checkpointed: set[str] = frozenset(),
) -> tuple[np.ndarray, int]:
    """Vectors for texts, reusing known ones; returns them and how many were newly embedded.

    Every CACHE_EVERY_S, and at the end, the vectors embedded so far are saved beside the build together
    with the reused ones whose keys are in `checkpointed` (those an interrupted build had embedded), so
    an interrupted build hands all of them to the next one. Vectors reused from the live build are not
    copied: the live build stays live when this one is interrupted.
    """
    from tqdm import tqdm

    keys = [text_key(t) for t in texts]
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    missing, carried = [], []
    for i, key in enumerate(keys):
        if key in cache:
            vectors[i] = cache[key]
            if key in checkpointed:
                carried.append(i)
        else:
            missing.append(i)

    def checkpoint(done: list[int]) -> None:
        rows = carried + done
        _save_cache(cache_file, [keys[i] for i in rows], vectors[rows])

    stage = f"embedding with {encoder.name}"
    saved_at = time.monotonic()
    with tqdm(
        total=len(missing), desc=stage, unit="text", disable=not show_progress or not missing, leave=False
    ) as bar:
        for start in range(0, len(missing), batch):
            ids = missing[start : start + batch]
            vectors[ids] = encoder.encode_passages([texts[i] for i in ids])
            bar.update(len(ids))
            if on_progress:
                on_progress(stage, start + len(ids), len(missing))
            if time.monotonic() - saved_at > CACHE_EVERY_S:
                checkpoint(missing[: start + len(ids)])
                saved_at = time.monotonic()
    if missing:  # the next build reuses these if this one is interrupted before it ends
        checkpoint(missing)
    return vectors, len(missing)


def _cache_digest(keys: Sequence[str], vectors: np.ndarray) -> str:
    digest = hashlib.sha256("\n".join(keys).encode("utf-8"))
    digest.update(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
    return digest.hexdigest()


def _save_cache(path: Path, keys: list[str], vectors: np.ndarray) -> None:
    """A checkpoint of embedded vectors, with a checksum of its contents (checked before any reuse)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        np.savez(fh, keys=np.array(keys, dtype=str), vectors=vectors, sha256=np.array(_cache_digest(keys, vectors)))
    tmp.replace(path)
