"""Answer-level metrics: is the answer right, is its confidence honest, are abstentions well placed.

Pure functions over (probability, outcome) pairs, so the same code reports the shipped model and the
cross-validated one (eval/fit_answers.py).
"""

from __future__ import annotations

from collections.abc import Sequence

CONFIDENT = 0.8  # "confident" for confident_wrong_rate: the threshold


def reliability_table(probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 5) -> list[dict]:
    """Predicted vs observed in equal-width bins of predicted probability (empty bins left out)."""
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [
            (p, y)
            for p, y in zip(probabilities, outcomes, strict=True)
            if low <= p < high or (b == bins - 1 and p == 1.0)
        ]
        if inside:
            table.append(
                {
                    "bin": f"{low:.1f}-{high:.1f}",
                    "n": len(inside),
                    "predicted": round(sum(p for p, _ in inside) / len(inside), 3),
                    "observed": round(sum(y for _, y in inside) / len(inside), 3),
                }
            )
    return table


def expected_calibration_error(
    probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 5
) -> float:
    """ECE: the bins' |predicted - observed|, weighted by how many predictions each holds."""
    n = len(probabilities)
    if not n:
        return 0.0
    table = reliability_table(probabilities, outcomes, bins)
    return round(sum(row["n"] / n * abs(row["predicted"] - row["observed"]) for row in table), 4)


def confident_wrong_rate(
    answered_confidences: Sequence[float], answered_correct: Sequence[bool], at: float = CONFIDENT
) -> float:
    """Share of answered questions whose answer is wrong although its confidence is >= `at`."""
    if not answered_confidences:
        return 0.0
    wrong = sum(c >= at and not ok for c, ok in zip(answered_confidences, answered_correct, strict=True))
    return round(wrong / len(answered_confidences), 4)


def abstention_quality(abstained: Sequence[bool], answerable: Sequence[bool]) -> dict:
    """Precision and recall of abstaining, taking 'the question is unanswerable' as the positive class."""
    pairs = list(zip(abstained, answerable, strict=True))
    declined = sum(a for a, _ in pairs)
    right = sum(a and not ok for a, ok in pairs)
    unanswerable = sum(not ok for _, ok in pairs)
    answerable_n = len(pairs) - unanswerable
    return {
        "precision": round(right / declined, 4) if declined else 1.0,
        "recall": round(right / unanswerable, 4) if unanswerable else 1.0,
        # the targets: >= 90% of unanswerable declined, <= 5% of answerable declined
        "false_abstention_rate": round((declined - right) / answerable_n, 4) if answerable_n else 0.0,
    }


def answer_quality(
    confidences: Sequence[float | None],
    correct: Sequence[bool],
    abstained: Sequence[bool],
    answerable: Sequence[bool],
) -> dict:
    """Calibration and confident-wrong figures for one run.

    `correct[i]`: question i's answer (abstained or not) holds its evidence (False for unanswerable ones).
    Calibration asks whether confidence predicts `correct`; it covers every question that got a candidate.
    """
    scored = [(c, ok) for c, ok in zip(confidences, correct, strict=True) if c is not None]
    answered = [
        (c, ok)
        for c, ok, ab in zip(confidences, correct, abstained, strict=True)
        if not ab and c is not None
    ]
    probabilities = [c for c, _ in scored]
    outcomes = [ok for _, ok in scored]
    return {
        "answered": len(answered),
        "confident_wrong_rate": confident_wrong_rate([c for c, _ in answered], [ok for _, ok in answered]),
        "ece": expected_calibration_error(probabilities, outcomes),
        "reliability": reliability_table(probabilities, outcomes),
        "abstention_quality": abstention_quality(abstained, answerable),
    }


def format_reliability(table: Sequence[dict]) -> str:
    lines = [f"  {'confidence':12}{'n':>4}{'predicted':>11}{'observed':>10}"]
    lines += [f"  {r['bin']:12}{r['n']:>4}{r['predicted']:>11.3f}{r['observed']:>10.3f}" for r in table]
    return "\n".join(lines)
