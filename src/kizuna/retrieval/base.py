"""The interfaces every retrieval backend implements (in the spirit of txtai's ``ann/`` and ``scoring/``).

A *vector index* stores normalised vectors under consecutive integer ids (0..count-1, the order they were
added in) and answers top-k inner-product searches, optionally restricted to a set of ids. A *lexical
index* does the same for a tokenised query. Nothing outside the backends knows which library (FAISS,
bm25s, a database) is behind them, and only the backend modules import those libraries.

Searches return ``(scores, ids)`` as two 1-D arrays, best first, at most k long; an id filter is applied
inside the search, so a filtered query still gets k results when k exist.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class SparseScores:
    """A query's scores for the documents that hold at least one of its tokens (every other scores 0)."""

    ids: np.ndarray  # sorted document ids, int64
    scores: np.ndarray  # float32, aligned with ids
    total: int  # documents in the collection

    def top(self, k: int, allowed: np.ndarray | None = None) -> Candidates:
        ids, scores = self.ids, self.scores
        if allowed is not None and len(ids):
            keep = allowed[ids]
            ids, scores = ids[keep], scores[keep]
        if not len(ids) or k <= 0:
            return no_candidates()
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((ids[top], -scores[top]))]
        return scores[top], ids[top]

    def at(self, ids: np.ndarray) -> np.ndarray:
        """Scores of these document ids (0 for those holding no query token)."""
        ids = np.asarray(ids, dtype=np.int64)
        out = np.zeros(len(ids), dtype=np.float32)
        if len(self.ids) and len(ids):
            pos = np.searchsorted(self.ids, ids).clip(0, len(self.ids) - 1)
            found = self.ids[pos] == ids
            out[found] = self.scores[pos[found]]
        return out

    def group_sums(self, groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
        """Per group label: the sum and the sum of squares of the scores (zeros contribute nothing)."""
        labels = groups[self.ids] if len(self.ids) else np.zeros(0, dtype=np.int64)
        s = self.scores.astype(np.float64)
        return (
            np.bincount(labels, weights=s, minlength=n_groups),
            np.bincount(labels, weights=s * s, minlength=n_groups),
        )



@runtime_checkable
class LexicalIndex(Protocol):
    """Keyword scores over documents tokenised by kizuna's own tokenizer."""

    def match(self, query: str) -> SparseScores:
        """The documents holding any of the query's tokens, with their scores."""

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> Candidates: ...

    def count(self) -> int: ...

    def save(self, path: Path) -> None: ...
