"""Fit the answer model (ranker + calibrated confidence + abstention threshold) and report it cross-validated.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python eval/fit_answers.py [--index DIR] [--write] [--cache FILE]

One process, models loaded once: every question of the training sets (eval/questions.jsonl and
eval/heldout.jsonl: TRAINING_SETS, or --questions) is retrieved (follow-ups resolved against the question
they follow), its candidate sentences' features are computed, then

- 5-fold cross-validation by question over all of them (a follow-up stays in its question's fold), the
  figures reported on the first set's questions, then on all: the ranker is fitted on
  four folds; the confidence model on those folds' out-of-fold ranker scores (an inner 4-fold split), so
  it learns how right the ranker is on questions it has not seen; the abstention threshold on the same
  out-of-fold probabilities (at most 5% of answerable questions declined). The held-out fold is then
  answered and scored. The figures printed are over the held-out folds only.
- With --write, the model refitted on every question goes to src/kizuna/answer/answer_model.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kizuna.answer.features import FEATURES, candidate_features
from kizuna.answer.followup import resolve_followup
from kizuna.answer.model import (
    CONFIDENCE_FEATURES,
    CONFIDENCE_SIGNS,
    MODEL_FILE,
    RANKER_SIGNS,
    AnswerModel,
    fit_choice,
    fit_logistic,
    folds,
)
from kizuna.answer.select import candidate_labels, compose_answer
from kizuna.engine import Kizuna
from kizuna.evaluation.answers import answer_quality, format_reliability
from kizuna.evaluation.common import calibrate_threshold, is_relevant, question_author
from kizuna.evaluation.metrics import conversation, load_questions
from kizuna.settings import load_settings

HERE = Path(__file__).resolve().parent
L2_RANKER = 3.0  # chosen among 1, 3, 10, 30, 100 by the cross-validated answer_hit (eval/README.md)
L2_CONFIDENCE = 1.0
# what the shipped model learns from: issue #9's set, and the first held-out set (135 questions written blind
# by three helpers), which raised the CV answer_hit on the first from 0.804 to 0.823 (eval/README.md). The
# later blind sets (heldout4.jsonl …) stay out: they are what unseen questions are measured on.
TRAINING_SETS = [HERE / "questions.jsonl", HERE / "heldout.jsonl"]


def open_app(index_dir: Path):
    settings = dataclasses.replace(load_settings(), index_dir=index_dir)
    app = Kizuna(settings)
    return app, app.index(show_progress=False), settings


def retrieve(app, index, settings, files: Sequence[Path] = tuple(TRAINING_SETS)) -> list:
    """(question, scores, scores the answer is chosen by) per question of these files: the only step that
    runs the encoders (cacheable). A follow-up is searched resolved, its answer chosen by its own words, as
    in `Kizuna.ask`."""
    questions = [q for f in files for q in load_questions(f)]
    by_id = {q.id: q for q in questions}
    out = []
    for q in questions:
        history = conversation(q, by_id)
        resolved = resolve_followup(q.question, history) if history else q.question
        scores = app.score(resolved)
        hits = app.search(resolved, k=settings.retrieval.k, scores=scores)[: settings.answer.from_passages]
        out.append((q, scores, app.answer_scores(q.question, resolved, scores, hits, index)))
    return out


def featurise(app, index, settings, retrieved) -> list:
    """(question, answer scores, candidate set, labels) per question, from the cached scores (no encoder
    runs)."""
    rows = []
    for q, scores, answer_scores in retrieved:
        hits = app.search(scores.question, k=settings.retrieval.k, scores=scores)
        cs = candidate_features(index, answer_scores, hits[: settings.answer.from_passages])
        labels = candidate_labels(index, cs, q.evidence) if cs and q.answerable else None
        rows.append((q, answer_scores, cs, labels))
    return rows


def fit_ranker(rows, idx) -> np.ndarray:
    """Weights (then bias) of the candidate ranker (a softmax over each question's candidates), from the
    answerable questions at `idx` that have a candidate holding the evidence."""
    groups = [
        (cs.X, labels)
        for _, _, cs, labels in (rows[i] for i in idx)
        if cs is not None and labels is not None and labels.any()
    ]
    # fitted on standardised features, so the penalty treats every feature alike; folded back after
    stacked = np.vstack([X for X, _ in groups])
    mean, std = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    w = fit_choice(
        [((X - mean) / std, labels) for X, labels in groups], L2_RANKER, signs=[RANKER_SIGNS[f] for f in FEATURES]
    )
    return np.append(w[:-1] / std, 0.0)


def answer_all(rows, idx, model: AnswerModel, index, settings) -> dict[int, tuple]:
    """(answer, right, question features) for the questions at `idx`."""
    out = {}
    for i in idx:
        q, scores, cs, _ = rows[i]
        if cs is None:
            out[i] = (None, False, None)
            continue
        a, qf = compose_answer(index, scores, cs, model, settings)
        right = q.answerable and is_relevant(a.text, q.evidence)
        out[i] = (a, right, qf)
    return out


def fit_model(rows, idx, index, settings, inner: int = 4) -> AnswerModel:
    """Ranker on `idx`; confidence and threshold on the ranker's out-of-fold answers within `idx`."""
    ranker = fit_ranker(rows, idx)
    groups = [_group(rows[i][0]) for i in idx]
    Q, y, grounded = [], [], []
    for part in folds(groups, inner, seed=1):
        held = [idx[j] for j in part]
        train = [i for i in idx if i not in set(held)]
        provisional = AnswerModel(tuple(fit_ranker(rows, train)), (0.0,) * (len(CONFIDENCE_FEATURES) + 1), 0.0)
        for _i, (answer, right, qf) in answer_all(rows, held, provisional, index, settings.answer).items():
            if qf is not None:
                Q.append(qf)
                y.append(float(right))
                grounded.append(answer.grounded)
    Q = np.array(Q)
    confidence = fit_logistic(Q, np.array(y), L2_CONFIDENCE, signs=[CONFIDENCE_SIGNS[f] for f in CONFIDENCE_FEATURES])
    model = AnswerModel(tuple(ranker), tuple(confidence), 0.0)
    p = [model.probability(q) for q in Q]
    # declining a question is wrong only when its answer would have been right: the threshold declines
    # the most unanswerable questions and wrong answers while declining at most 5% of the right ones.
    # It is fitted on the answers the grounding checks let through (select.compose_answer): those they
    # decline are declined whatever their confidence, and would only pull the threshold towards them.
    kept = [(x, ok) for x, ok, g in zip(p, y, grounded, strict=True) if g]
    threshold = calibrate_threshold([x for x, ok in kept if ok], [x for x, ok in kept if not ok])
    return dataclasses.replace(model, abstain_below=float(threshold if threshold is not None else 0.5))


def _group(q) -> str:
    return q.follows or q.id


def cv_answers(rows, index, settings, k: int = 5, seed: int = 0) -> tuple[dict[int, tuple], list[float]]:
    """k-fold CV over every row: each row's answer by a model fitted on the other folds, and the folds'
    thresholds."""
    groups = [_group(r[0]) for r in rows]
    results: dict[int, tuple] = {}
    thresholds = []
    for part in folds(groups, k, seed=seed):
        held = set(part.tolist())
        train = [i for i in range(len(rows)) if i not in held]
        model = fit_model(rows, train, index, settings)
        thresholds.append(model.abstain_below)
        s = dataclasses.replace(settings.answer, abstain_below=model.abstain_below)
        results.update(answer_all(rows, sorted(held), model, index, s))
    return results, thresholds


def cv_report(rows, results: dict[int, tuple], thresholds: list[float], on: Sequence[int] | None = None) -> dict:
    """The CV figures over the rows at `on` (default: every row): one set's figures can be read when the
    model learns from several."""
    on = list(range(len(rows))) if on is None else list(on)
    return report([rows[i] for i in on], {j: results[i] for j, i in enumerate(on)}) | {
        "fold_thresholds": [round(t, 3) for t in thresholds]
    }


def cross_validate(rows, index, settings, k: int = 5, seed: int = 0, report_on: Sequence[int] | None = None) -> dict:
    """k-fold CV over every row, reported over `report_on` (default: every row)."""
    return cv_report(rows, *cv_answers(rows, index, settings, k, seed), report_on)


def by_author(rows, index, settings) -> dict:
    """Each author's questions answered by a model fitted on the other authors' only: how kizuna does on
    questions written by someone whose wording it has never seen (random folds mix every author's
    questions into training, which flatters a model that learned one author's style)."""
    out = {}
    authors = [question_author(r[0].id) for r in rows]
    for name in sorted(set(authors)):
        test = [i for i, a in enumerate(authors) if a == name]
        train = [i for i, a in enumerate(authors) if a != name]
        model = fit_model(rows, train, index, settings)
        s = dataclasses.replace(settings.answer, abstain_below=model.abstain_below)
        results = answer_all(rows, test, model, index, s)
        r = report([rows[i] for i in test], {j: results[i] for j, i in enumerate(test)})
        out[name] = {
            k: r[k]
            for k in ("answer_hit", "unanswerable_declined", "answerable_declined", "confident_wrong_rate", "ece")
        } | {"n": len(test)}
    return out


def report(rows, results) -> dict:
    qs = [r[0] for r in rows]
    conf = [results[i][0].confidence if results[i][0] else None for i in range(len(rows))]
    right = [bool(results[i][1]) for i in range(len(rows))]
    abstained = [results[i][0] is None or results[i][0].abstained for i in range(len(rows))]
    answerable = [q.answerable for q in qs]
    hit = [ok and not ab for ok, ab, a in zip(right, abstained, answerable, strict=True) if a]
    out = {
        "answer_hit": round(float(np.mean(hit)), 4),
        "answer_hit_ignoring_abstention": round(float(np.mean([r for r, a in zip(right, answerable, strict=True) if a])), 4),
        "followup_answer_hit": round(
            float(np.mean([ok and not ab for q, ok, ab in zip(qs, right, abstained, strict=True) if q.follows and q.answerable] or [0])), 4
        ),
        "by_lang": {
            lang: round(float(np.mean([ok and not ab for q, ok, ab in zip(qs, right, abstained, strict=True) if q.answerable and q.lang == lang])), 4)
            for lang in ("en", "ja", "vi")
        },
        "unanswerable_declined": f"{sum(ab for ab, a in zip(abstained, answerable, strict=True) if not a)}/{answerable.count(False)}",
        "answerable_declined": f"{sum(ab for ab, a in zip(abstained, answerable, strict=True) if a)}/{answerable.count(True)}",
        "right_answers_declined": f"{sum(ab and ok for ab, ok in zip(abstained, right, strict=True))}/{sum(right)}",
        # of the answerable questions declined, how many would have been answered wrongly (declining a
        # wrong answer loses nothing; the target metric above still counts them)
        "answerable_declined_wrong": f"{sum(ab and a and not ok for ab, a, ok in zip(abstained, answerable, right, strict=True))}"
        f"/{sum(ab for ab, a in zip(abstained, answerable, strict=True) if a)}",
        "misses": [q.id for q, ok, ab in zip(qs, right, abstained, strict=True) if q.answerable and not (ok and not ab)],
    }
    return out | answer_quality(conf, right, abstained, answerable)


def repeated_summary(runs: list[dict]) -> dict:
    def mean(values) -> float:
        return round(float(np.mean(values)), 4)

    def share(key: str) -> float:
        return mean([int(r[key].split("/")[0]) / int(r[key].split("/")[1]) for r in runs])

    return {
        "answer_hit": mean([r["answer_hit"] for r in runs]),
        "followup_answer_hit": mean([r["followup_answer_hit"] for r in runs]),
        "confident_wrong_rate": mean([r["confident_wrong_rate"] for r in runs]),
        "ece": mean([r["ece"] for r in runs]),
        "unanswerable_declined": share("unanswerable_declined"),
        "answerable_declined": share("answerable_declined"),
        # of the answerable questions, the share declined although their answer was right / was wrong
        "answerable_declined_right": mean(
            [
                (int(r["answerable_declined"].split("/")[0]) - int(r["answerable_declined_wrong"].split("/")[0]))
                / int(r["answerable_declined"].split("/")[1])
                for r in runs
            ]
        ),
        "answerable_declined_wrong": mean(
            [int(r["answerable_declined_wrong"].split("/")[0]) / int(r["answerable_declined"].split("/")[1]) for r in runs]
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=Path(tempfile.gettempdir()) / "kizuna-fit-answers")
    parser.add_argument("--cache", type=Path, help="reuse (or write) the retrieved features here")
    parser.add_argument("--write", action="store_true", help="write the model fitted on every question")
    parser.add_argument(
        "--repeats", type=int, default=1, help="also repeat the 5-fold CV with this many fold seeds (mean)"
    )
    parser.add_argument(
        "--by-author", action="store_true", help="also fit on all but one author's questions and answer theirs"
    )
    parser.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        default=TRAINING_SETS,
        help="the question sets fitted on (the first is the one the figures are reported on; all are in the CV)",
    )
    args = parser.parse_args()
    app, index, settings = open_app(args.index)
    if args.cache and args.cache.is_file():
        retrieved = pickle.loads(args.cache.read_bytes())
        wanted = {q.id for f in args.questions for q in load_questions(f)}
        if {q.id for q, _, _ in retrieved} != wanted:
            sys.exit(f"{args.cache} holds the retrieval of other questions than --questions: delete it or name another")
    else:
        retrieved = retrieve(app, index, settings, args.questions)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(retrieved))
    rows = featurise(app, index, settings, retrieved)
    # the figures are reported on the first set's questions (eval/questions.jsonl, issue #9's set); the
    # others are in every fold's training, and in the CV's held-out folds for the overall line
    first = {q.id for q in load_questions(args.questions[0])}
    primary = [i for i, r in enumerate(rows) if r[0].id in first]
    # one split of ~100 questions moves these figures by a few points: --repeats averages splits
    answered = [cv_answers(rows, index, settings, seed=seed) for seed in range(max(args.repeats, 1))]
    runs = [cv_report(rows, results, thresholds, primary) for results, thresholds in answered]
    cv = dict(runs[0])
    reliability = cv.pop("reliability")
    print(f"{args.questions[0].name} ({len(primary)} of {len(rows)} questions fitted on):")
    print(json.dumps(cv, ensure_ascii=False, indent=1))
    print("reliability (held-out folds):\n" + format_reliability(reliability))
    if args.repeats > 1:
        print(f"mean over {args.repeats} fold seeds: " + json.dumps(repeated_summary(runs)))
    if len(primary) < len(rows):
        every = [cv_report(rows, results, thresholds) for results, thresholds in answered]
        print(f"all {len(rows)} questions, mean over {len(every)} fold seeds: " + json.dumps(repeated_summary(every)))
    if args.by_author:
        for name, figures in by_author(rows, index, settings).items():
            print(f"unseen author {name}: " + json.dumps(figures))
    if args.write:
        model = fit_model(rows, list(range(len(rows))), index, settings)
        MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE} (abstain_below {model.abstain_below:.3f}); features {', '.join(FEATURES)}")


if __name__ == "__main__":
    sys.exit(main())
