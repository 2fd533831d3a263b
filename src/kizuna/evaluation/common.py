"""Helpers every evaluation module shares: the error type, evidence matching, threshold calibration."""

from __future__ import annotations

import math
from collections.abc import Sequence

from kizuna.ingest.text import squash


class EvalSetError(Exception):
    pass


def is_relevant(passage_text: str, evidence: Sequence[str]) -> bool:
    """A passage is relevant when, NFKC-normalised without whitespace, it contains an evidence string."""
    return _contains_evidence(squash(passage_text), evidence)


def _contains_evidence(squashed_text: str, evidence: Sequence[str]) -> bool:
    return any(squash(e) in squashed_text for e in evidence)


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def calibrate_threshold(
    answerable: Sequence[float],
    unanswerable: Sequence[float],
    max_false_rate: float = 0.05,
    already_false: int = 0,
) -> float | None:
    """The abstention threshold that abstains on the most unanswerable questions while wrongly abstaining
    on at most max_false_rate of the answerable ones (pure; ties go to the lower threshold).

    `already_false` answerable questions are abstained on by another rule whatever the threshold: they
    count against the allowance and are not in `answerable`.
    """
    if not answerable or not unanswerable:
        return None
    allowed = math.floor(max_false_rate * (len(answerable) + already_false)) - already_false
    if allowed < 0:
        return None
    ordered = sorted(answerable)
    # abstaining below t wrongly drops every answerable score < t: t may rise to the (allowed+1)-th lowest
    ceiling = ordered[allowed] if allowed < len(ordered) else math.inf
    everything = sorted(set(answerable) | set(unanswerable))
    best_t, best_caught = None, -1
    for u in sorted(set(unanswerable)):
        above = [v for v in everything if v > u]
        # halfway to the next score, so the threshold does not sit on a measured value
        t = min((u + above[0]) / 2 if above else u + 1.0, ceiling)
        caught = sum(1 for x in unanswerable if x < t)
        if caught > best_caught:
            best_t, best_caught = t, caught
    return round(best_t, 4) if best_t is not None else None


def question_author(question_id: str) -> str:
    """Who wrote an evaluation question, from its id: "n" the newcomer's blind set, "t" the third blind set,
    "h", "h2" … the held-out sets' writers, "sessions" the sessions that built the answer layer (ids that
    open with a language, en-01, or un- for their unanswerable questions; eval/README.md)."""
    prefix = question_id.split("-")[0]
    return "sessions" if prefix in ("en", "ja", "vi", "un") else prefix
