"""The evaluation set, evidence-based relevance, and ranking metrics (pure functions + one runner)."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kizuna.answer.followup import resolve_followup
from kizuna.evaluation.answers import answer_quality, format_reliability
from kizuna.evaluation.common import (
    EvalSetError,
    _contains_evidence,
    _mean,
    calibrate_threshold,
    is_relevant,
)
from kizuna.evaluation.quotes import (  # noqa: F401  (quote and claim sets; importable from here too)
    QUOTE_KINDS,
    QuoteCase,
    format_quote_table,
    is_quote_set,
    load_quotes,
    run_quote_eval,
)
from kizuna.ingest.text import LANGS, squash
from kizuna.models import Passage


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    evidence: tuple[str, ...]
    answerable: bool
    cross_lingual: bool
    follows: str | None = None  # id of the question this one follows up in a conversation


def load_questions(path: Path) -> list[Question]:
    """Read a JSON-lines evaluation set; every malformed line is reported with its number."""
    if not path.is_file():
        raise EvalSetError(f"evaluation set not found: {path}")
    questions: list[Question] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not JSON ({exc.msg})")
            continue
        problems = []
        for key in ("id", "question", "lang"):
            if not isinstance(row.get(key), str) or not row.get(key).strip():
                problems.append(f"'{key}' must be a non-empty string")
        if isinstance(row.get("lang"), str) and row["lang"].strip() and row["lang"] not in LANGS:
            problems.append(f"'lang' must be one of {', '.join(LANGS)}")
        evidence = row.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
            problems.append("'evidence' must be a list of non-empty strings")
            evidence = []
        follows = row.get("follows")
        if follows is not None and follows not in seen:
            problems.append("'follows' must name the id of an earlier question")
        if row.get("id") in seen:
            problems.append(f"duplicate id {row.get('id')!r}")
        if problems:
            errors.append(f"line {number}: " + "; ".join(problems))
            continue
        seen.add(row["id"])
        questions.append(
            Question(
                id=row["id"],
                question=row["question"],
                lang=row["lang"],
                evidence=tuple(evidence),
                answerable=bool(row.get("answerable", bool(evidence))),
                cross_lingual=bool(row.get("cross_lingual", False)),
                follows=follows,
            )
        )
    if errors:
        raise EvalSetError(f"{path}: " + " | ".join(errors))
    if not questions:
        raise EvalSetError(f"{path}: no questions")
    return questions


def hit_at(relevance: Sequence[bool], k: int) -> float:
    return 1.0 if any(relevance[:k]) else 0.0


def reciprocal_rank(relevance: Sequence[bool], k: int) -> float:
    for rank, rel in enumerate(relevance[:k], start=1):
        if rel:
            return 1.0 / rank
    return 0.0


def ndcg_at(relevance: Sequence[bool], relevant_total: int, k: int) -> float:
    """Binary nDCG@k; the ideal ranking holds min(relevant passages in the whole index, k) hits."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevance[:k], start=1) if rel)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(relevant_total, k) + 1))
    return dcg / ideal if ideal else 0.0


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    relevance: tuple[bool, ...]  # of the top 10
    relevant_total: int
    top_keys: tuple[str, ...]

    @property
    def first_relevant(self) -> int | None:
        return next((i + 1 for i, r in enumerate(self.relevance) if r), None)


def summarise(results: Sequence[QuestionResult], k: int) -> dict:
    """The metrics over answerable questions, overall, per language and for cross-lingual ones."""
    answerable = [r for r in results if r.question.answerable]

    def block(rs: Sequence[QuestionResult]) -> dict:
        return {
            "questions": len(rs),
            "hit_at_5": _mean([hit_at(r.relevance, 5) for r in rs]),
            "mrr_at_10": _mean([reciprocal_rank(r.relevance, 10) for r in rs]),
        }

    return {
        "questions": len(results),
        "answerable": len(answerable),
        "hit_at_1": _mean([hit_at(r.relevance, 1) for r in answerable]),
        "hit_at_5": _mean([hit_at(r.relevance, 5) for r in answerable]),
        "k": k,
        "hit_at_k": _mean([hit_at(r.relevance, k) for r in answerable]),
        "mrr_at_10": _mean([reciprocal_rank(r.relevance, 10) for r in answerable]),
        "ndcg_at_10": _mean([ndcg_at(r.relevance, r.relevant_total, 10) for r in answerable]),
        "by_lang": {
            lang: block([r for r in answerable if r.question.lang == lang])
            for lang in LANGS
            if any(r.question.lang == lang for r in answerable)
        },
        "cross_lingual": block([r for r in answerable if r.question.cross_lingual]),
    }


@dataclass(frozen=True)
class Retrieved:
    """What the evaluated system returned for one question."""

    passages: Sequence[Passage]
    answer_text: str | None = None
    answer_score: float | None = None
    abstained: bool = False
    # abstained by a rule other than the score threshold (e.g. a year the passage never mentions)
    forced_abstention: bool = False
    # the answer's calibrated probability of being right (None: the system gives none; answer_score is used)
    confidence: float | None = None


SearchFn = Callable[[str, int], "Retrieved | Sequence[Passage]"]


ResolveFn = Callable[[str, list[str]], str]


def conversation(question: Question, by_id: dict[str, Question]) -> list[str]:
    """The earlier turns a follow-up question continues, oldest first (empty for a standalone one)."""
    history: list[str] = []
    current = question
    while current.follows and current.follows in by_id and len(history) < 10:
        current = by_id[current.follows]
        history.insert(0, current.question)
    return history


def run_eval(
    questions: Sequence[Question],
    passages: Sequence[Passage],
    search: SearchFn,
    k: int = 10,
    resolve: ResolveFn | None = resolve_followup,
    on_progress: Callable[[int, int], None] | None = None,
    with_history: bool = False,
) -> dict:
    """Evaluate `search` (question, depth) on `questions`; `passages` is the whole index.

    on_progress(done, total) is called after each question (a progress bar: a run takes tens of seconds).

    Retrieval metrics always; answer metrics (answer_hit, abstention) when `search` returns answers.
    A follow-up question (`follows`) is sent as `resolve(question, earlier turns)` — what a chat with that
    history asks (answer/followup.py) — or as it stands when `resolve` is None; with `with_history`,
    `search(question, depth, earlier turns)` is called instead and resolves it (as `Kizuna.ask` does).
    """
    depth = max(10, k)
    results = []
    unanswerable_in_index = []
    timings = []
    answers: list[tuple[Question, Retrieved]] = []
    squashed = [squash(p.text) for p in passages]  # the whole index, normalised once for every question
    by_id = {q.id: q for q in questions}
    for q in questions:
        history = conversation(q, by_id)
        started = time.perf_counter()
        if with_history and history:  # the engine resolves the follow-up itself, as a chat would
            out = search(q.question, depth, history)
        else:
            out = search(resolve(q.question, history) if resolve and history else q.question, depth)
        timings.append(time.perf_counter() - started)
        retrieved = out if isinstance(out, Retrieved) else Retrieved(list(out))
        found = list(retrieved.passages)
        relevance = tuple(is_relevant(p.text, q.evidence) for p in found) if q.answerable else ()
        total = sum(1 for text in squashed if _contains_evidence(text, q.evidence)) if q.answerable else 0
        if q.answerable and total == 0:
            unanswerable_in_index.append(q.id)
        results.append(QuestionResult(q, relevance, total, tuple(p.key for p in found[:10])))
        answers.append((q, retrieved))
        if on_progress:
            on_progress(len(results), len(questions))
    report = summarise(results, k)
    report["max_passage_chars"] = max(len(p.text) for p in passages)
    report["passages"] = len(passages)
    timings.sort()
    report["median_query_ms"] = round(1000 * timings[len(timings) // 2], 1)
    report["evidence_not_in_index"] = unanswerable_in_index
    report["misses_at_5"] = [
        {"id": r.question.id, "first_relevant_rank": r.first_relevant, "top": list(r.top_keys[:3])}
        for r in results
        if r.question.answerable and not hit_at(r.relevance, 5)
    ]
    if any(r.answer_text is not None for _, r in answers):
        report.update(answer_report(answers))
    return report


def answer_report(answers: Sequence[tuple[Question, Retrieved]]) -> dict:
    answerable = [(q, r) for q, r in answers if q.answerable]
    unanswerable = [(q, r) for q, r in answers if not q.answerable]

    def found(q: Question, r: Retrieved) -> bool:
        return r.answer_text is not None and is_relevant(r.answer_text, q.evidence)

    # the threshold only decides for questions no other rule has already abstained on
    scores_a = [
        r.answer_score for _, r in answerable if r.answer_score is not None and not r.forced_abstention
    ]
    scores_u = [
        r.answer_score for _, r in unanswerable if r.answer_score is not None and not r.forced_abstention
    ]
    forced_false = sum(r.forced_abstention for _, r in answerable)
    followups = [(q, r) for q, r in answerable if q.follows]
    quality = answer_quality(
        [r.confidence if r.confidence is not None else r.answer_score for _, r in answers],
        [q.answerable and found(q, r) for q, r in answers],
        [r.abstained for _, r in answers],
        [q.answerable for q, _ in answers],
    )
    return {
        "answer_hit": _mean([float(found(q, r) and not r.abstained) for q, r in answerable]),
        "followup_answer_hit": _mean([float(found(q, r) and not r.abstained) for q, r in followups]),
        "followups": len(followups),
        **quality,
        "answer_hit_ignoring_abstention": _mean([float(found(q, r)) for q, r in answerable]),
        "abstention": {
            "unanswerable": len(unanswerable),
            "correctly_abstained": sum(r.abstained for _, r in unanswerable),
            "false_abstentions": sum(r.abstained for _, r in answerable),
        },
        "suggested_abstain_below": calibrate_threshold(scores_a, scores_u, already_false=forced_false),
        "answer_misses": [q.id for q, r in answerable if not found(q, r)],
        "answer_scores": {q.id: round(r.answer_score, 4) for q, r in answers if r.answer_score is not None},
    }


def format_table(report: dict) -> str:
    """A readable summary of an evaluation report."""
    lines = [
        f"retriever: {report['retriever']}",
        f"questions: {report['questions']} ({report['answerable']} answerable), "
        f"passages: {report['passages']}, longest passage: {report['max_passage_chars']} chars, "
        f"median query: {report['median_query_ms']} ms",
        "",
        f"{'':16}{'n':>4}{'hit@1':>8}{'hit@5':>8}{'MRR@10':>8}{'nDCG@10':>9}",
        f"{'all answerable':16}{report['answerable']:>4}{report['hit_at_1']:>8.3f}{report['hit_at_5']:>8.3f}"
        f"{report['mrr_at_10']:>8.3f}{report['ndcg_at_10']:>9.3f}",
    ]
    for lang, block in report["by_lang"].items():
        lines.append(
            f"{'  ' + lang:16}{block['questions']:>4}{'':>8}{block['hit_at_5']:>8.3f}{block['mrr_at_10']:>8.3f}"
        )
    cl = report["cross_lingual"]
    lines.append(
        f"{'  cross-lingual':16}{cl['questions']:>4}{'':>8}{cl['hit_at_5']:>8.3f}{cl['mrr_at_10']:>8.3f}"
    )
    if "answer_hit" in report:
        ab = report["abstention"]
        suggested = report["suggested_abstain_below"]
        lines.append(
            f"\nanswer_hit {report['answer_hit']:.3f} (ignoring abstention {report['answer_hit_ignoring_abstention']:.3f}); "
            f"abstained on {ab['correctly_abstained']}/{ab['unanswerable']} unanswerable, "
            f"{ab['false_abstentions']} false abstentions; suggested abstain_below "
            + (f"{suggested}" if suggested is not None else "none (no threshold tells them apart)")
        )
        aq = report["abstention_quality"]
        lines.append(
            f"answered {report['answered']}; confident wrong (>= 0.8) {report['confident_wrong_rate']:.3f} "
            f"of answered; ECE {report['ece']:.3f}; abstention precision {aq['precision']:.3f} "
            f"recall {aq['recall']:.3f}, answerable declined {aq['false_abstention_rate']:.3f}; "
            f"follow-ups {report['followup_answer_hit']:.3f} (n={report['followups']})"
        )
        lines.append("reliability (confidence vs share right):\n" + format_reliability(report["reliability"]))
        if report["answer_misses"]:
            lines.append("answer misses: " + ", ".join(report["answer_misses"]))
    if report.get("evidence_not_in_index"):
        lines.append(
            f"\nwarning: evidence found in no passage for {', '.join(report['evidence_not_in_index'])}"
        )
    if report.get("misses_at_5"):
        lines.append(
            "\nmissed at 5: "
            + ", ".join(
                f"{m['id']} (first relevant at {m['first_relevant_rank'] or '>10'})"
                for m in report["misses_at_5"]
            )
        )
    return "\n".join(lines)

