"""The embedded vector backend: FAISS, exact (flat) or approximate (HNSW). The only module that imports faiss.

`auto` (the default) searches exactly below `exact_below` vectors (50,000): at that size a flat inner-product
scan of 384-d vectors costs a few milliseconds, less than the encoder, and is never wrong. Above it an HNSW
graph answers in well under a millisecond per query at high recall (eval/results/bench.md measures both).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kizuna.retrieval.base import Candidates, no_candidates
from kizuna.settings import RetrievalSettings

# A filter that leaves fewer than this many ids is searched exactly over just those ids: cheaper than the
# graph, and an HNSW search with a very selective filter can miss results.
SUBSET_SCAN_BELOW = 20_000


def choose_kind(n_expected: int, settings: RetrievalSettings) -> str:
    if settings.vector_index != "auto":
        return settings.vector_index
    return "flat" if n_expected < settings.exact_below else "hnsw"


class FaissVectorIndex:
    """Normalised vectors under ids 0..count-1, inner-product search, optional id filter."""

    def __init__(self, index, kind: str, ef_search: int = 128) -> None:
        self._index = index
        self.kind = kind
        self.dim = int(index.d)
        self.ef_search = ef_search

    @classmethod
    def create(cls, dim: int, kind: str, settings: RetrievalSettings) -> FaissVectorIndex:
        import faiss

        if kind == "flat":
            index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = settings.hnsw_ef_construction
        else:
            raise ValueError(f"unknown vector index kind {kind!r}")
        return cls(index, kind, settings.hnsw_ef_search)

    def add(self, vectors: np.ndarray) -> None:
        if len(vectors):
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def count(self) -> int:
        return int(self._index.ntotal)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_batch(ids)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> Candidates:
        n = self.count()
        if n == 0 or k <= 0:
            return no_candidates()
        query = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
        if allowed is not None:
            ids = np.flatnonzero(allowed)
            if len(ids) < SUBSET_SCAN_BELOW or (self.kind == "flat" and len(ids) < n // 2):
                return _scan(self.vectors(ids), ids, query[0], k)
        k = min(k, n)
        params, _bits = self._params(allowed)  # the bitmap must outlive the search
        scores, ids = self._index.search(query, k, params=params)
        keep = ids[0] >= 0
        return scores[0][keep].astype(np.float32), ids[0][keep].astype(np.int64)

    def _params(self, allowed: np.ndarray | None):
        import faiss

        selector = bits = None
        if allowed is not None:
            bits = np.packbits(allowed.astype(bool), bitorder="little")
            selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
        if self.kind == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.ef_search, 16)), bits
        return (faiss.SearchParameters(sel=selector) if selector is not None else None), bits

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, settings: RetrievalSettings) -> FaissVectorIndex:
        import faiss

        index = faiss.read_index(str(path))
        kind = "hnsw" if isinstance(index, faiss.IndexHNSW) else "flat"
        return cls(index, kind, settings.hnsw_ef_search)


def _scan(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> Candidates:
    """Exact top-k over a subset of vectors."""
    if not len(ids):
        return no_candidates()
    sims = vectors @ query
    k = min(k, len(ids))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.lexsort((ids[top], -sims[top]))]
    return sims[top].astype(np.float32), ids[top].astype(np.int64)


def make_vector_index(dim: int, n_expected: int, settings: RetrievalSettings) -> FaissVectorIndex:
    """An empty index of the kind `settings` asks for at this size."""
    return FaissVectorIndex.create(dim, choose_kind(n_expected, settings), settings)


def load_vector_index(path: Path, settings: RetrievalSettings) -> FaissVectorIndex:
    return FaissVectorIndex.load(path, settings)


def set_threads(n: int) -> None:
    import faiss

    faiss.omp_set_num_threads(n)
