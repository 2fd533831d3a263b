import json

import numpy as np

from kizuna.answer.features import FEATURES, phrase_coverage
from kizuna.answer.labels import holds_evidence
from kizuna.answer.model import (
    CONFIDENCE_FEATURES,
    CONFIDENCE_SIGNS,
    MODEL_FILE,
    RANKER_SIGNS,
    AnswerModel,
    fit_choice,
    fit_logistic,
    folds,
    load_model,
)


def test_logistic_fit_recovers_the_direction_of_a_signal():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 0] - 0.5 * X[:, 1] + rng.normal(scale=0.5, size=400) > 0).astype(float)
    w = fit_logistic(X, y, l2=1.0)
    assert w[0] > 1.0 and w[1] < -0.3 and abs(w[2]) < 0.3


def test_choice_fit_learns_which_candidate_holds_the_answer():
    rng = np.random.default_rng(1)
    groups = []
    for _ in range(60):
        X = rng.normal(size=(8, 2))
        labels = np.zeros(8)
        labels[np.argmax(X[:, 1])] = 1  # the answer is the candidate with the largest second feature
        groups.append((X, labels))
    w = fit_choice(groups, l2=0.1)
    assert w[1] > 1.0 and abs(w[0]) < w[1] / 3
    hits = [np.argmax(X @ w[:-1]) == np.argmax(labels) for X, labels in groups]
    assert np.mean(hits) > 0.9


def test_folds_keep_groups_together_and_cover_everything():
    groups = ["a", "a", "b", "c", "c", "d", "e", "f"]
    parts = folds(groups, 3)
    assert sorted(np.concatenate(parts).tolist()) == list(range(len(groups)))
    for part in parts:
        inside = {groups[i] for i in part}
        assert all(groups[i] not in inside for other in parts if other is not part for i in other)


def test_the_shipped_model_matches_the_feature_lists_and_is_a_probability():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(data["ranker"]) == {*FEATURES, "bias"} and set(data["confidence"]) == {*CONFIDENCE_FEATURES, "bias"}
    model = load_model()
    assert 0 < model.abstain_below < 1
    # the threshold shipped in the settings is the one fitted with the model (eval/fit_answers.py --write)
    from kizuna.settings import AnswerSettings

    assert abs(AnswerSettings().abstain_below - model.abstain_below) < 0.001
    for q in (np.full(len(CONFIDENCE_FEATURES), -100.0), np.full(len(CONFIDENCE_FEATURES), 100.0)):
        assert 0 < model.probability(q) < 1  # never a certainty
    assert AnswerModel.from_json(model.to_json()) == model


def test_labels_accept_evidence_across_a_sentence_boundary_only_when_most_of_it_is_there():
    assert holds_evidence("It was signed in 2019 between the MoH and MHLW.", ["signed in 2019"])
    assert holds_evidence("Over 70 seminars were organised, benefitting 7,500", ["benefitting 7,500 healthcare professionals"]) is False
    assert holds_evidence("benefitting 7,500 healthcare professionals, screening", ["benefitting 7,500 healthcare professionals and more"])


def test_phrase_coverage_respects_word_order():
    q = ["japanese", "ambassador", "vietnam"]
    assert phrase_coverage(q, ["japanese", "ambassador", "vietnam", "ito"]) == 1.0
    assert phrase_coverage(q, ["vietnamese", "ambassador", "japan"]) == 0.0


def test_sign_constraints_hold_where_a_free_fit_would_flip_a_weight():
    # two nearly identical signals: a free fit splits them into a large positive and a negative weight
    rng = np.random.default_rng(2)
    a = rng.normal(size=300)
    X = np.column_stack([a, a + rng.normal(scale=0.05, size=300), rng.normal(size=300)])
    y = (2 * X[:, 0] - X[:, 2] + rng.normal(scale=0.3, size=300) > 0).astype(float)
    free = fit_logistic(X, y, l2=0.01)
    bounded = fit_logistic(X, y, l2=0.01, signs=[1, 1, 0])
    assert bounded[0] >= 0 and bounded[1] >= 0 and bounded[2] < -0.5  # the free weight keeps its sign
    assert bounded[0] + bounded[1] > 1.0  # the signal is still learned
    # a weight that wants the wrong side stays at 0 rather than flipping
    wrong = fit_logistic(X, y, l2=0.01, signs=[1, 1, 1])
    assert wrong[2] == 0.0 and free[2] < 0
    groups = []
    for _ in range(60):
        Z = rng.normal(size=(8, 2))
        labels = np.zeros(8)
        labels[np.argmax(Z[:, 1] - Z[:, 0])] = 1
        groups.append((Z, labels))
    w = fit_choice(groups, l2=0.1, signs=[1, 1])
    assert w[0] == 0.0 and w[1] > 1.0


def test_bounded_fit_reaches_the_constrained_optimum():
    scipy_optimize = __import__("pytest").importorskip("scipy.optimize")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 4))
    y = (X @ np.array([1.0, -1.0, 0.5, 0.0]) + rng.normal(size=200) > 0).astype(float)
    signs = [1, 1, -1, 0]
    w = fit_logistic(X, y, l2=1.0, signs=signs)
    A = np.column_stack([X, np.ones(len(X))])

    def loss(v):
        z = A @ v
        return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(v[:-1] ** 2))

    bounds = [(0, None), (0, None), (None, 0), (None, None), (None, None)]
    ref = scipy_optimize.minimize(loss, np.zeros(5), method="L-BFGS-B", bounds=bounds)
    assert loss(w) <= ref.fun + 1e-6
    assert np.allclose(w, ref.x, atol=1e-3)


def test_the_shipped_weights_have_the_sign_their_feature_means():
    assert set(RANKER_SIGNS) == set(FEATURES) and set(CONFIDENCE_SIGNS) == set(CONFIDENCE_FEATURES)
    model = load_model()
    for name, weight in zip(FEATURES, model.ranker, strict=False):
        assert RANKER_SIGNS[name] * weight >= 0, name
    for name, weight in zip(CONFIDENCE_FEATURES, model.confidence, strict=False):
        assert CONFIDENCE_SIGNS[name] * weight >= 0, name
    # the evidence that the answer holds what is asked: more of it never lowers the confidence
    weights = dict(zip(CONFIDENCE_FEATURES, model.confidence, strict=False))
    assert weights["focus_window_gap"] + weights["focus_passage_gap"] + weights["focus_missing"] < -0.5
    assert weights["margin"] > 0 and weights["support"] > 0
