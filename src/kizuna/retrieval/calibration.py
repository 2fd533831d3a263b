"""Score calibration and fusion (pure functions over numpy arrays).

Multilingual encoders score passages in the query's own language higher across the board, so a raw
cosine from a Japanese passage and one from an English passage are not comparable. Standardising
each retriever's scores within each passage language (z-scores) removes that offset: a passage
ranks high when it stands out among passages of its own language.

The statistics come from the build, not from scoring the corpus per query. For a dense retriever the
build stores, per language, the count, the mean vector and the mean outer product of the stored vectors;
for any query q the mean and variance of q·x over that language are then exactly q·μ and qᵀMq − (q·μ)²,
at O(d²) per language whatever the collection's size. For BM25 only passages holding a query token
score above zero, so the sums over the matches give the exact statistics too. Fusion then adds the
calibrated scores with per-retriever weights (a convex combination), or combines ranks (RRF).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MIN_GROUP = 5  # smaller language groups are standardised with the whole index's statistics
CHUNK = 65_536  # rows per block when accumulating outer products at build time


@dataclass(frozen=True)
class GroupStats:
    """Per group: the mean and standard deviation of one query's scores."""

    mean: np.ndarray
    std: np.ndarray

    def standardise(self, scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
        std = self.std[labels]
        safe = np.where(std > 1e-9, std, 1.0)
        return np.where(std > 1e-9, (np.asarray(scores, dtype=np.float64) - self.mean[labels]) / safe, 0.0)


def with_fallback(
    counts: np.ndarray, mean: np.ndarray, second: np.ndarray, overall: tuple[float, float] | None = None
) -> GroupStats:
    """Groups too small to standardise on their own take the statistics of the whole collection
    (`overall`: its mean and mean square, when the groups' own cannot be pooled into it)."""
    total = counts.sum()
    var = np.maximum(second - mean**2, 0.0)
    if total or overall:
        if overall is None:
            overall = (float((counts * mean).sum() / total), float((counts * second).sum() / total))
        all_mean, all_square = overall
        all_var = max(all_square - all_mean**2, 0.0)
        small = counts < MIN_GROUP
        mean = np.where(small, all_mean, mean)
        var = np.where(small, all_var, var)
    return GroupStats(mean, np.sqrt(var))


@dataclass(frozen=True)
class GroupMoments:
    """Build-time moments of stored vectors per group: enough for any query's exact per-group statistics."""

    counts: np.ndarray  # (G,)
    means: np.ndarray  # (G, d) mean vector of each group
    second: np.ndarray  # (G, d, d) mean of x xᵀ over each group

    @classmethod
    def of(cls, vectors: np.ndarray, labels: np.ndarray, n_groups: int) -> GroupMoments:
        d = vectors.shape[1] if vectors.ndim == 2 else 0
        counts = np.bincount(labels, minlength=n_groups).astype(np.int64)
        sums = np.zeros((n_groups, d))
        outer = np.zeros((n_groups, d, d))
        for g in range(n_groups):
            rows = np.flatnonzero(labels == g)
            for start in range(0, len(rows), CHUNK):
                # float32 products within a block (BLAS sgemm), float64 sums across blocks
                block = np.ascontiguousarray(vectors[rows[start : start + CHUNK]], dtype=np.float32)
                sums[g] += block.sum(axis=0, dtype=np.float64)
                outer[g] += block.T @ block
        safe = np.maximum(counts, 1)[:, None]
        return cls(counts, sums / safe, outer / safe[:, :, None])

    def stats(self, query: np.ndarray) -> GroupStats:
        q = np.asarray(query, dtype=np.float64).reshape(-1)
        mean = self.means @ q
        second = (self.second @ q) @ q  # qᵀMq per group; a batched matmul, faster than einsum here
        return with_fallback(self.counts, mean, second)

    def save(self, path: Path) -> None:
        with path.open("wb") as fh:
            np.savez(fh, counts=self.counts, means=self.means, second=self.second.astype(np.float32))

    @classmethod
    def load(cls, path: Path) -> GroupMoments:
        with np.load(path) as data:
            return cls(data["counts"], data["means"], data["second"].astype(np.float64))


def lexical_stats(sums: np.ndarray, squares: np.ndarray, counts: np.ndarray) -> GroupStats:
    """Per-group statistics of a query's BM25 scores from the sums over its matches (others score 0)."""
    safe = np.maximum(counts, 1)
    return with_fallback(counts, sums / safe, squares / safe)


def blend(passage_z: np.ndarray, sentence_z: np.ndarray, sentence_weight: float) -> np.ndarray:
    """A dense retriever's score: its passage similarity and its best sentence's, both calibrated.

    The best sentence finds the one line that answers a factual question even in a long passage;
    the whole passage keeps the context.
    """
    return (1 - sentence_weight) * passage_z + sentence_weight * sentence_z


def max_by_owner(values: np.ndarray, owners: np.ndarray, size: int) -> np.ndarray:
    """For each of `size` owners, the largest of its values (-inf where it has none)."""
    out = np.full(size, -np.inf)
    np.maximum.at(out, owners, values)
    return out


def weighted_sum(calibrated: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    total = None
    for name, scores in calibrated.items():
        w = weights.get(name, 0.0)
        if w > 0:
            total = w * scores if total is None else total + w * scores
    if total is None:
        raise ValueError("no retriever has a positive weight")
    return total
