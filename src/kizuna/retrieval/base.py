"""The interfaces every retrieval backend implements (in the spirit of txtai's ``ann/`` and ``scoring/``).

A *vector index* stores normalised vectors under consecutive integer ids (0..count-1, the order they were
added in) and answers top-k inner-product searches, optionally restricted to a set of ids. A *lexical
index* does the same for a tokenised query. Nothing outside the backends knows which library (FAISS,
bm25s, a database) is behind them, and only the backend modules import those libraries.

Searches return ``(scores, ids)`` as two 1-D arrays, best first, at most k long; an id filter is applied
inside the search, so a filtered query still gets k results when k exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

Candidates = tuple[np.ndarray, np.ndarray]  # (scores float32, ids int64), best first


def no_candidates() -> Candidates:
    return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)


@runtime_checkable
class VectorIndex(Protocol):
    """Normalised vectors, inner-product top-k search."""

    dim: int
    kind: str  # "flat" (exact) | "hnsw" (approximate) | …

    def add(self, vectors: np.ndarray) -> None:
        """Append vectors; their ids continue from count()."""

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> Candidates:
        """The k ids with the largest inner product with `query` (1-D); `allowed` is a boolean mask by id."""

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of these ids (for exact re-scoring and for reuse by the next build)."""

    def count(self) -> int: ...

    def save(self, path: Path) -> None: ...


@runtime_checkable
class LexicalIndex(Protocol):
    """Keyword scores over documents tokenised by kizuna's own tokenizer."""

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> Candidates: ...

    def scores_for(self, query: str, ids: np.ndarray) -> np.ndarray:
        """The query's score for each of these ids (0 where a document holds no query token)."""

    def group_moments(self, query: str, groups: np.ndarray, n_groups: int) -> np.ndarray:
        """Per group g (documents labelled groups[id] == g): rows (count, sum, sum of squares) of the query's
        scores over every document of the group, from the postings alone (no full scan)."""

    def count(self) -> int: ...

    def save(self, path: Path) -> None: ...
