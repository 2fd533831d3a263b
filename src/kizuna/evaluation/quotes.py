"""Quote and claim sets: does `find_quote` trace a quote to its source, and give the right verdict?

A row is {"id", "quote", "lang", "kind", "source", "verdict"?}. `kind` says what the case tests; `verdict`
is what the lookup must answer: "supported", "contradicted" (the source sentence says something else:
another number, date or name) or "not found". Rows without a verdict (eval/quotes.jsonl) are "not found"
when kind is "absent" and "supported" otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kizuna.evaluation.common import EvalSetError, _mean, calibrate_threshold, is_relevant

QUOTE_KINDS = (
    "exact",
    "typo",
    "paraphrase",
    "translation",
    "absent",
    "changed_number",
    "changed_date",
    "changed_name",
)
VERDICTS = ("supported", "contradicted", "not found")


@dataclass(frozen=True)
class QuoteCase:
    id: str
    quote: str
    lang: str
    kind: str  # what the case tests (QUOTE_KINDS)
    source: str | None  # text the matched sentence must contain (None: the corpus says nothing on it)
    verdict: str = "supported"


def is_quote_set(path: Path) -> bool:
    """An evaluation file whose rows carry 'quote' (not 'question') is a quote-lookup set."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                return "quote" in json.loads(line)
            except json.JSONDecodeError:
                return False
    return False


def _default_verdict(kind: str) -> str:
    if kind == "absent":
        return "not found"
    return "contradicted" if kind.startswith("changed_") else "supported"


def load_quotes(path: Path) -> list[QuoteCase]:
    cases, errors = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if row.get("kind") not in QUOTE_KINDS:
                raise ValueError(f"'kind' must be one of {', '.join(QUOTE_KINDS)}")
            if not isinstance(row.get("quote"), str) or not row["quote"].strip():
                raise ValueError("'quote' must be a non-empty string")
            verdict = row.get("verdict", _default_verdict(row["kind"]))
            if verdict not in VERDICTS:
                raise ValueError(f"'verdict' must be one of {', '.join(VERDICTS)}")
            if (verdict == "not found") != (row.get("source") is None):
                raise ValueError("'source' is null exactly when the verdict is 'not found'")
            cases.append(
                QuoteCase(row["id"], row["quote"], row.get("lang", "en"), row["kind"], row.get("source"), verdict)
            )
        except (json.JSONDecodeError, ValueError, KeyError) as exc:
            errors.append(f"line {number}: {exc}")
    if errors:
        raise EvalSetError(f"{path}: " + " | ".join(errors))
    return cases


def verdict_of(result: dict) -> str:
    """The lookup's verdict; older results carry only `supported`."""
    if "verdict" in result:
        return result["verdict"]
    return "supported" if result["supported"] else "not found"


def run_quote_eval(cases: Sequence[QuoteCase], find: Callable[[str], dict]) -> dict:
    """`find(quote)` returns QuoteResult.to_dict(): {"supported", "verdict"?, "matches": [{"text", "kind", "score"}]}.

    A case is correct when the verdict is the expected one and, unless nothing was to be found, the first
    match is the source sentence.
    """
    rows = []
    for case in cases:
        result = find(case.quote)
        top = result["matches"][0] if result["matches"] else None
        verdict = verdict_of(result)
        correct = verdict == case.verdict
        if case.source is not None:
            correct = correct and bool(top and is_relevant(top["text"], [case.source]))
        semantic = [m["score"] for m in result["matches"] if m["kind"] == "semantic"]
        rows.append(
            {
                "id": case.id,
                "kind": case.kind,
                "expected": case.verdict,
                "verdict": verdict,
                "correct": correct,
                "supported": result["supported"],
                "top_kind": top["kind"] if top else None,
                "best_semantic": max(semantic, default=None),
            }
        )
    by_kind = {
        kind: {
            "cases": sum(r["kind"] == kind for r in rows),
            "correct": sum(r["correct"] for r in rows if r["kind"] == kind),
        }
        for kind in QUOTE_KINDS
        if any(r["kind"] == kind for r in rows)
    }
    confusion = {
        expected: {got: sum(r["expected"] == expected and r["verdict"] == got for r in rows) for got in VERDICTS}
        for expected in VERDICTS
        if any(r["expected"] == expected for r in rows)
    }
    needs_semantics = [
        r["best_semantic"]
        for r in rows
        if r["kind"] in ("paraphrase", "translation") and r["best_semantic"] is not None
    ]
    absent = [r["best_semantic"] for r in rows if r["kind"] == "absent" and r["best_semantic"] is not None]
    return {
        "quotes": len(rows),
        "correct": sum(r["correct"] for r in rows),
        "accuracy": _mean([float(r["correct"]) for r in rows]),
        "by_kind": by_kind,
        "verdicts": confusion,  # expected -> reported -> count
        # the worst mistake: a claim the source contradicts, reported as supported
        "contradicted_called_supported": sum(
            r["expected"] == "contradicted" and r["verdict"] == "supported" for r in rows
        ),
        # the semantic_min that rejects the most absent claims while keeping 75% of paraphrases and
        # translations: telling a researcher an invented claim is supported is the costlier mistake
        "suggested_semantic_min": calibrate_threshold(needs_semantics, absent, max_false_rate=0.25),
        "failures": [r for r in rows if not r["correct"]],
    }


def format_quote_table(report: dict) -> str:
    lines = [f"quotes: {report['quotes']}, correct: {report['correct']} ({report['accuracy']:.3f})", ""]
    lines += [f"  {kind:15} {v['correct']}/{v['cases']}" for kind, v in report["by_kind"].items()]
    lines.append("\nexpected verdict -> reported: " + "; ".join(
        f"{exp}: " + ", ".join(f"{got} {n}" for got, n in row.items() if n)
        for exp, row in report["verdicts"].items()
    ))
    lines.append(f"contradicted claims reported as supported: {report['contradicted_called_supported']}")
    lines.append(f"suggested semantic_min {report['suggested_semantic_min']}")
    for f in report["failures"]:
        lines.append(
            f"failed: {f['id']} ({f['kind']}; expected {f['expected']}, got {f['verdict']}, "
            f"top={f['top_kind']}, best semantic {f['best_semantic']})"
        )
    return "\n".join(lines)
