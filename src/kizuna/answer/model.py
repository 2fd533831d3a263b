"""The learned answer model: a logistic ranker over candidate sentences, and a Platt-scaled confidence.

Both are small logistic regressions fitted in numpy by eval/fit_answers.py (5-fold cross-validation by
question on eval/questions.jsonl and eval/heldout.jsonl, 336 questions); their coefficients ship in
answer_model.json beside this file.

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
    "focus_window_gap",
    "focus_passage_gap",
    "focus_missing",
    "same_language",
)

# The side of 0 each weight must stay on (+1: more of the feature can only raise the score or the
# confidence; -1: only lower it; 0: no direction follows from the feature's meaning). Fitted freely on
# ~100 questions, correlated features flip signs to fit noise (focus in the answer *lowering* confidence),
# and a weight that contradicts its feature's meaning is wrong on every question outside the set.
RANKER_SIGNS = {
    "dense": 1,
    "dense_neighbour": 1,  # the answer often sits next to the best-matching sentence
    "lexical": 1,
    "lexical_window": 1,
    "keys_sentence": 1,
    "keys_passage": 1,
    "inverse_rank": 1,
    "passage_z": 1,
    "typed": 1,
    "untyped": -1,
    "heading": -1,
    "short": 0,  # a label with its value ("MOU締結時期 2024年11月15日") or a fragment: either way
    "dense_rank": 1,
    "support": 1,
    "same_language": 0,  # offsets the lexical features, which are 0 for a sentence in another language
    "phrase": 1,
    "focus_window": 1,
    "focus_passage": 1,
    "focus_missing": -1,
    "date_precision": 1,  # a date less full than its passage's fullest answers "when" worse (≤ 0 values)
}
CONFIDENCE_SIGNS = {
    "top": 1,
    "margin": 1,
    "support": 1,
    "typed": 1,
    "keys_passage": 1,
    "lexical_window": 1,
    "dense": 1,
    # what the answer (its ±1 window, its passage) lacks of the question's focus, counted only where it can
    # be checked: a sentence in the question's language (a Japanese sentence shares no word with an English
    # question, and that is no evidence either way) of a question with focus words
    "focus_window_gap": -1,
    "focus_passage_gap": -1,
    "focus_missing": -1,
    "same_language": 1,  # an answer the reader can check beats one whose words could not be compared
}


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


def question_features(
    logits: np.ndarray, best: int, support: float, X: np.ndarray, has_focus: bool = True
) -> np.ndarray:
    """The confidence model's inputs for a question whose chosen candidate is `best` (`has_focus`: the
    question has focus words, features.focus_tokens)."""
    ordered = np.sort(logits)[::-1]
    margin = ordered[0] - ordered[1] if len(ordered) > 1 else 5.0
    typed = X[best, FEATURES.index("typed")] - X[best, FEATURES.index("untyped")]
    picked = X[best]
    same_language = picked[FEATURES.index("same_language")]
    checked = same_language * float(has_focus)  # the focus can be looked for in this answer
    return np.array(
        [
            logits[best],
            min(margin, 5.0),
            support,
            typed,
            picked[FEATURES.index("keys_passage")],
            picked[FEATURES.index("lexical_window")],
            picked[FEATURES.index("dense")],
            checked * (1 - picked[FEATURES.index("focus_window")]),
            checked * (1 - picked[FEATURES.index("focus_passage")]),
            picked[FEATURES.index("focus_missing")],
            same_language,
        ]
    )


def _projected_newton(objective, d: int, signs: np.ndarray | None, steps: int) -> np.ndarray:
    """Minimise a smooth convex `objective(w) -> (value, gradient, hessian)` over w of size d, each w[j]
    kept on the side of 0 that signs[j] names (+1: w ≥ 0, -1: w ≤ 0, 0: free): Newton steps on the
    weights not held at 0, projected back onto the allowed side, with a backtracking line search."""
    signs = np.zeros(d) if signs is None else np.asarray(signs, dtype=float)
    w = np.zeros(d)
    value, gradient, hessian = objective(w)
    for _ in range(steps):
        # held at its bound: a weight at 0 that the gradient would push past it
        held = (signs != 0) & (w == 0) & (signs * gradient > 0)
        free = np.flatnonzero(~held)
        if not len(free):
            break
        step = np.zeros(d)
        step[free] = np.linalg.solve(hessian[np.ix_(free, free)] + 1e-9 * np.eye(len(free)), gradient[free])
        t = 1.0
        while True:
            candidate = w - t * step
            candidate = np.where(signs * candidate < 0, 0.0, candidate)
            new_value, new_gradient, new_hessian = objective(candidate)
            if new_value <= value - 1e-4 * float(gradient @ (w - candidate)) or t < 1e-10:
                break
            t /= 2
        moved = float(np.abs(candidate - w).max())
        w, value, gradient, hessian = candidate, new_value, new_gradient, new_hessian
        if moved < 1e-8:
            break
    return w


def fit_logistic(
    X: np.ndarray,
    y: np.ndarray,
    l2: float = 1.0,
    weights: np.ndarray | None = None,
    steps: int = 100,
    signs: Sequence[int] | None = None,
) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (pure numpy); returns weights then bias.

    The bias is not penalised. `weights` are per-sample (e.g. to give every question the same total say).
    `signs` (+1, -1 or 0 per feature) keeps each weight on the side its feature's meaning allows: a model
    fitted on a hundred questions with correlated features otherwise flips signs to fit noise, and a
    weight that contradicts its feature is wrong on every question outside the set.
    """
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    sw = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0

    def objective(w):
        z = A @ w
        p = sigmoid(z)
        value = float(sw @ (np.logaddexp(0.0, z) - y * z)) + 0.5 * float(penalty @ (w * w))
        gradient = A.T @ (sw * (p - y)) + penalty * w
        hessian = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(penalty)
        return value, gradient, hessian

    bounds = None if signs is None else np.append(np.asarray(signs, dtype=float), 0.0)
    return _projected_newton(objective, d + 1, bounds, steps)


def fit_choice(
    groups: Sequence[tuple[np.ndarray, np.ndarray]],
    l2: float = 1.0,
    steps: int = 100,
    signs: Sequence[int] | None = None,
) -> np.ndarray:
    """A conditional-logit (softmax) ranker by Newton's method: per question, the probability of picking
    each candidate is softmax(X w); fitted so the candidates that hold the answer (labels > 0) take the
    probability mass. `groups` holds (X, labels) per question with at least one positive; `signs` as in
    `fit_logistic`. Returns the weights and a zero bias (a shared bias cancels in a softmax)."""
    d = groups[0][0].shape[1]

    def objective(w):
        value = 0.5 * l2 * float(w @ w)
        gradient = l2 * w
        hessian = l2 * np.eye(d)
        for X, labels in groups:
            z = X @ w
            top = z.max()
            p = np.exp(z - top)
            total = p.sum()
            p /= total
            t = labels / labels.sum()
            value += float(top + np.log(total) - t @ z)
            gradient = gradient + X.T @ (p - t)
            hessian = hessian + X.T @ (X * p[:, None]) - np.outer(X.T @ p, X.T @ p)
        return value, gradient, hessian

    return np.append(_projected_newton(objective, d, signs, steps), 0.0)


def folds(groups: Sequence[str], k: int = 5, seed: int = 0) -> list[np.ndarray]:
    """k folds of question ids (a follow-up stays with the question it follows): indices per fold."""
    unique = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[i]: n % k for n, i in enumerate(order)}
    labels = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(labels == f) for f in range(k)]
