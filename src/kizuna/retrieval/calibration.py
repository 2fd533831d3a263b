"""Score calibration and fusion (pure functions over numpy arrays).

Multilingual encoders score passages in the query's own language higher across the board, so a raw
cosine from a Japanese passage and one from an English passage are not comparable. Standardising
each retriever's scores within each passage language (z-scores) removes that offset: a passage
ranks high when it stands out among passages of its own language. Fusion then adds the calibrated
scores with per-retriever weights (a convex combination), or combines ranks (RRF).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

MIN_GROUP = 5  # smaller language groups are standardised with the whole index's statistics


def zscores(scores: np.ndarray) -> np.ndarray:
    std = scores.std()
    return (scores - scores.mean()) / std if std > 1e-9 else np.zeros_like(scores)


def zscores_by_group(scores: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Standardise scores within each group (passage language)."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(groups)
    out = zscores(scores)
    for label in np.unique(labels):
        mask = labels == label
        if mask.sum() >= MIN_GROUP:
            out[mask] = zscores(scores[mask])
    return out


def max_by_owner(values: np.ndarray, owners: np.ndarray, size: int) -> np.ndarray:
    """For each of `size` owners, the largest of its values (-inf where it has none)."""
    out = np.full(size, -np.inf)
    np.maximum.at(out, owners, values)
    return out


def blend(
    passage_scores: np.ndarray, sentence_max: np.ndarray, groups: Sequence[str] | None, sentence_weight: float
) -> np.ndarray:
    """A dense retriever's calibrated score: passage similarity and its best sentence's similarity.

    The best sentence finds the one line that answers a factual question even in a long passage;
    the whole passage keeps the context.
    """
    sentence_max = np.where(np.isfinite(sentence_max), sentence_max, passage_scores)
    if groups is None:  # uncalibrated: raw similarities
        return (1 - sentence_weight) * passage_scores + sentence_weight * sentence_max
    passage_z = zscores_by_group(passage_scores, groups)
    return (1 - sentence_weight) * passage_z + sentence_weight * zscores_by_group(sentence_max, groups)


def weighted_sum(calibrated: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    total = None
    for name, scores in calibrated.items():
        w = weights.get(name, 0.0)
        if w > 0:
            total = w * scores if total is None else total + w * scores
    if total is None:
        raise ValueError("no retriever has a positive weight")
    return total
