"""The learned answer model: a logistic ranker over candidate sentences, and a Platt-scaled confidence.

Both are small logistic regressions fitted in numpy by eval/fit_answers.py (5-fold cross-validation by
question on eval/questions.jsonl); their coefficients ship in answer_model.json beside this file.

- The ranker scores each candidate sentence (features.FEATURES); the best one is the answer.
- The confidence model turns the question-level evidence (the best candidate's ranker score, its margin
  over the runner-up, the raw question–sentence cosine, whether the answer holds the kind asked for) into
  the probability that the answer is right. Abstention is `confidence < abstain_below`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from kizuna.answer.features import FEATURES

MODEL_FILE = Path(__file__).with_name("answer_model.json")

CONFIDENCE_FEATURES = (
    "top",
    "margin",
    "support",
    "typed",
    "keys_passage",
    "lexical_window",
    "dense",
    "focus_window",
    "focus_passage",
    "focus_missing",
    "same_language",
)


@dataclass(frozen=True)
class AnswerModel:
    ranker: tuple[float, ...]  # one weight per FEATURES, then the bias
    confidence: tuple[float, ...]  # one weight per CONFIDENCE_FEATURES, then the bias
    abstain_below: float  # the cross-validated probability threshold

    def rank(self, X: np.ndarray) -> np.ndarray:
        w = np.asarray(self.ranker)
        return X @ w[:-1] + w[-1]

    def probability(self, q: np.ndarray) -> float:
        w = np.asarray(self.confidence)
        # a probability of exactly 0 or 1 is never an honest estimate from a few dozen questions
        return float(np.clip(sigmoid(q @ w[:-1] + w[-1]), 0.001, 0.999))

    def to_json(self) -> dict:
        return {
            "ranker": dict(zip((*FEATURES, "bias"), self.ranker, strict=True)),
            "confidence": dict(zip((*CONFIDENCE_FEATURES, "bias"), self.confidence, strict=True)),
            "abstain_below": self.abstain_below,
        }

    @classmethod
    def from_json(cls, data: dict) -> AnswerModel:
        return cls(
            tuple(float(data["ranker"][k]) for k in (*FEATURES, "bias")),
            tuple(float(data["confidence"][k]) for k in (*CONFIDENCE_FEATURES, "bias")),
            float(data["abstain_below"]),
        )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerModel:
    return AnswerModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -60, 60)))


def question_features(logits: np.ndarray, best: int, support: float, X: np.ndarray) -> np.ndarray:
    """The confidence model's inputs for a question whose chosen candidate is `best`."""
    ordered = np.sort(logits)[::-1]
    margin = ordered[0] - ordered[1] if len(ordered) > 1 else 5.0
    typed = X[best, FEATURES.index("typed")] - X[best, FEATURES.index("untyped")]
    picked = X[best]
    return np.array(
        [
            logits[best],
            min(margin, 5.0),
            support,
            typed,
            picked[FEATURES.index("keys_passage")],
            picked[FEATURES.index("lexical_window")],
            picked[FEATURES.index("dense")],
            picked[FEATURES.index("focus_window")],
            picked[FEATURES.index("focus_passage")],
            picked[FEATURES.index("focus_missing")],
            picked[FEATURES.index("same_language")],
        ]
    )


def fit_logistic(
    X: np.ndarray, y: np.ndarray, l2: float = 1.0, weights: np.ndarray | None = None, steps: int = 50
) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (pure numpy); returns weights then bias.

    The bias is not penalised. `weights` are per-sample (e.g. to give every question the same total say).
    """
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    sw = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    w = np.zeros(d + 1)
    for _ in range(steps):
        p = sigmoid(A @ w)
        gradient = A.T @ (sw * (p - y)) + penalty * w
        hessian = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_choice(
    groups: Sequence[tuple[np.ndarray, np.ndarray]], l2: float = 1.0, steps: int = 50
) -> np.ndarray:
    """A conditional-logit (softmax) ranker by Newton's method: per question, the probability of picking
    each candidate is softmax(X w); fitted so the candidates that hold the answer (labels > 0) take the
    probability mass. `groups` holds (X, labels) per question with at least one positive. Returns the
    weights and a zero bias (a shared bias cancels in a softmax)."""
    d = groups[0][0].shape[1]
    w = np.zeros(d)
    for _ in range(steps):
        gradient = l2 * w
        hessian = l2 * np.eye(d)
        for X, labels in groups:
            z = X @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            t = labels / labels.sum()
            gradient += X.T @ (p - t)
            hessian += X.T @ (X * p[:, None]) - np.outer(X.T @ p, X.T @ p)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(d), gradient)
        step *= min(1.0, 2.0 / max(1e-12, float(np.abs(step).max())))  # damped: no overshoot
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return np.append(w, 0.0)


def folds(groups: Sequence[str], k: int = 5, seed: int = 0) -> list[np.ndarray]:
    """k folds of question ids (a follow-up stays with the question it follows): indices per fold."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[i]: n % k for n, i in enumerate(order)}
    labels = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(labels == f) for f in range(k)]
