"""Fusing ranked lists (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def weighted_rrf(
    rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: int = 60
) -> list[tuple[int, float]]:
    """Weighted reciprocal-rank fusion: score(d) = sum_r w_r / (k + rank_r(d)).

    `rankings` maps a retriever name to passage indices, best first; a passage a retriever did not
    return gets nothing from it. This is what keeps a lexical retriever, which can only vote for
    passages in the query's language, from pushing down cross-lingual hits when its weight is small.
    Ties break on the lower index so results are deterministic.
    """
    scores: dict[int, float] = {}
    for name, ranked in sorted(rankings.items()):  # a fixed order: float sums, and so ties, do not depend on it
        weight = weights.get(name, 0.0)
        if weight <= 0:
            continue
        for rank, index in enumerate(ranked, start=1):
            scores[index] = scores.get(index, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
