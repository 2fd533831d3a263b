"""The scale section of `kizuna bench`: the full query path on synthetic collections of 10k to 1M passages.

"Full query path" is everything `Kizuna.search` does after encoding the question: candidate search on the
passage and sentence vector indexes (and BM25 where there is text), calibration from build-time moments,
fusion, and ranking the hits. Only the encoder is left out: the query vector is a stored vector, perturbed.

The synthetic data, and why:
- dense side: clustered unit vectors of e5's dimension (384): a mixture around a few thousand random
  centres, each vector its centre plus isotropic noise, renormalised. Uniformly random unit vectors have no
  neighbourhood structure and are the worst case for any approximate index, unlike real embeddings;
- queries: stored passage vectors plus a little noise, so each has a true nearest neighbourhood;
- sentence units: one for every SENTENCE_EVERY-th passage (real passages have ~4); building a second HNSW
  graph as large as the passages would double the 1M case's build time without changing what is measured
  (a second ANN search of the same kind);
- BM25 (10k and 100k only): passages of words drawn from the bundled corpus in their own language, queries
  of words drawn from the passage the query vector came from;
- languages: en/ja/vi labels at random, so calibration works on three groups as it does for real.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

import numpy as np

from kizuna.retrieval import searcher
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.calibration import GroupMoments
from kizuna.retrieval.faiss_index import make_vector_index, set_threads
from kizuna.retrieval.searcher import DenseUnits, SearchData
from kizuna.settings import RetrievalSettings, RetrieverSpec

DIM = 384  # multilingual-e5-small
CENTRES = 2000
NOISE = 0.6  # norm of a vector's offset from its centre, before renormalising
QUERY_NOISE = 0.05
SENTENCE_EVERY = 10
BM25_UP_TO = 100_000  # text is generated and indexed up to this size
LANGS = ("en", "ja", "vi")
DENSE = RetrieverSpec("e5", "dense", 1.0, "e5")
LEXICAL = RetrieverSpec("bm25", "bm25", 0.2)
K = 10


def clustered_unit_vectors(n: int, dim: int, rng: np.random.Generator, centres: int = CENTRES) -> np.ndarray:
    """n unit vectors around `centres` random centres (float32, built in blocks to bound memory)."""
    c = rng.standard_normal((min(centres, max(n, 1)), dim)).astype(np.float32)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 65_536):
        stop = min(n, start + 65_536)
        block = c[rng.integers(0, len(c), stop - start)]
        block += rng.standard_normal(block.shape, dtype=np.float32) * (NOISE / np.sqrt(dim))
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


def perturbed(vectors: np.ndarray, rng: np.random.Generator, noise: float = QUERY_NOISE) -> np.ndarray:
    q = vectors + rng.standard_normal(vectors.shape, dtype=np.float32) * (noise / np.sqrt(vectors.shape[1]))
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def word_pools(corpus_texts: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per language, 'words' from real text: whitespace words for en/vi, 2-4 character runs for ja."""
    pools = {}
    for lang, texts in corpus_texts.items():
        joined = " ".join(texts)
        if lang == "ja":
            chars = [c for c in joined if not c.isspace()]
            pools[lang] = ["".join(chars[i : i + 2 + i % 3]) for i in range(0, max(len(chars) - 4, 0), 2)]
        else:
            pools[lang] = joined.split()
    return {lang: words for lang, words in pools.items() if words}


def synthetic_texts(labels: np.ndarray, pools: dict[str, list[str]], rng: np.random.Generator) -> list[str]:
    """One passage of 40-80 words per label, drawn from its language's pool (the pool's own frequencies)."""
    arrays = {lang: np.array(words, dtype=object) for lang, words in pools.items()}
    texts = []
    for label in labels:
        lang = LANGS[label]
        words = arrays.get(lang, arrays["en"])
        picked = words[rng.integers(0, len(words), int(rng.integers(40, 81)))]
        texts.append(("" if lang == "ja" else " ").join(picked))
    return texts


@dataclasses.dataclass
class Collection:
    """Stored vectors and texts of one synthetic collection, before any index is built."""

    labels: np.ndarray
    passage_vectors: np.ndarray
    sentence_owner: np.ndarray
    sentence_vectors: np.ndarray
    texts: list[str] | None


def make_collection(n: int, pools: dict[str, list[str]] | None, seed: int = 0) -> Collection:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(LANGS), n).astype(np.int64)
    vectors = clustered_unit_vectors(n, DIM, rng)
    owner = np.arange(0, n, SENTENCE_EVERY, dtype=np.int64)  # sorted: sentences grouped by passage
    sentence_vectors = perturbed(vectors[owner], rng, noise=0.3)
    texts = synthetic_texts(labels, pools, rng) if pools and n <= BM25_UP_TO else None
    return Collection(labels, vectors, owner, sentence_vectors, texts)


def build(col: Collection, settings: RetrievalSettings, lexical: BM25Index | None = None) -> tuple[SearchData, float]:
    """The search side of an index over the collection, as a build makes it; returns it and its build time.

    A lexical index already built for the collection can be passed in (it does not depend on the vector
    index's kind); its build time is then the caller's to add.
    """
    started = time.perf_counter()
    n = len(col.labels)
    data = SearchData(LANGS, col.labels, col.sentence_owner)
    units = DenseUnits(
        make_vector_index(DIM, n, settings),
        make_vector_index(DIM, len(col.sentence_owner), settings),
        GroupMoments.of(col.passage_vectors, col.labels, len(LANGS)),
        GroupMoments.of(col.sentence_vectors, col.labels[col.sentence_owner], len(LANGS)),
    )
    units.passages.add(col.passage_vectors)
    units.sentences.add(col.sentence_vectors)
    data.dense[DENSE.encoder] = units
    if lexical is not None:
        data.lexical = lexical
    elif col.texts is not None:
        data.lexical = BM25Index.build(col.texts)
    return data, time.perf_counter() - started


def query_path(data: SearchData, question: str, query: np.ndarray, settings: RetrievalSettings) -> np.ndarray:
    """Everything after the encoder: candidates, exact scores, calibration, fusion, ranked top-k hits."""
    specs = [DENSE, LEXICAL] if data.lexical is not None else [DENSE]
    weights = {s.name: s.weight for s in specs}
    scores = searcher.score(data, question, specs, {DENSE.encoder: query}, settings, weights)
    order = scores.ranked()[:K]
    scores.own_ranks()  # the per-retriever ranks every hit carries
    return scores.ids[order]


def timing_row(n: int, kind: str, build_s: float, times, dense_times, tops, exact_top, bm25: bool) -> dict:
    """One row of a scale table: build time, query p50/p95 (full and dense-only) and recall@10 vs exact."""
    return {
        "n": n,
        "kind": kind,
        "build_s": round(build_s, 3),
        "p50_ms": round(float(np.median(times)) * 1000, 3),
        "p95_ms": round(float(np.percentile(times, 95)) * 1000, 3),
        "p50_dense_ms": round(float(np.median(dense_times)) * 1000, 3),
        "recall_at_10": round(recall_at_k(tops, exact_top), 4),
        "bm25": bm25,
    }


def timed_queries(
    data: SearchData, col: Collection, picks: np.ndarray, queries: np.ndarray, settings: RetrievalSettings
) -> tuple[list[float], list[np.ndarray]]:
    times, results = [], []
    rng = np.random.default_rng(1)
    for i, q in zip(picks, queries, strict=True):
        question = ""
        if col.texts is not None:
            words = col.texts[i].split() if LANGS[col.labels[i]] != "ja" else [col.texts[i][:12]]
            question = " ".join(words[j] for j in rng.integers(0, len(words), min(8, len(words))))
        question = question or "query"
        started = time.perf_counter()
        top = query_path(data, question, q, settings)
        times.append(time.perf_counter() - started)
        results.append(top)
    return times, results


def recall_at_k(approx: Sequence[np.ndarray], exact: Sequence[np.ndarray]) -> float:
    """Mean share of the exact top-k found by the approximate search (k = len of each exact list)."""
    shares = [len(set(a.tolist()) & set(e.tolist())) / max(len(e), 1) for a, e in zip(approx, exact, strict=True)]
    return float(np.mean(shares)) if shares else 0.0


def run_scale(
    sizes: Sequence[int],
    settings: RetrievalSettings,
    pools: dict[str, list[str]] | None,
    n_queries: int = 50,
    threads: int = 2,
    log=print,
) -> list[dict]:
    """Per size, the exact (flat) and approximate (hnsw) index: build time, query p50 and recall@10."""
    set_threads(threads)
    rows = []
    for n in sizes:
        col = make_collection(n, pools)
        rng = np.random.default_rng(2)
        picks = rng.choice(n, min(n_queries, n), replace=False)
        queries = perturbed(col.passage_vectors[picks], rng)
        exact_top = None
        started = time.perf_counter()
        lexical = BM25Index.build(col.texts) if col.texts is not None else None
        lexical_s = time.perf_counter() - started
        for kind in ("flat", "hnsw"):
            kind_settings = dataclasses.replace(settings, vector_index=kind)
            data, build_s = build(col, kind_settings, lexical)
            build_s += lexical_s
            query_path(data, "warm-up", queries[0], kind_settings)  # first-query caches (calibration sample)
            times, tops = timed_queries(data, col, picks, queries, kind_settings)
            if kind == "flat":
                exact_top = tops
            dense_times, has_bm25 = times, data.lexical is not None
            if has_bm25:  # the dense path alone too, comparable with sizes that have no text
                data.lexical = None
                dense_times, _ = timed_queries(data, col, picks, queries, kind_settings)
            row = timing_row(n, kind, build_s, times, dense_times, tops, exact_top, has_bm25) | {
                "sentences": len(col.sentence_owner),
            }
            log(f"scale n={n} {kind}: build {build_s:.1f} s, p50 {row['p50_ms']:.2f} ms, recall {row['recall_at_10']}")
            rows.append(row)
            del data
    return rows
