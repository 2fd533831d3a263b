"""HTML for the Evaluation tab: the metrics table with a one-line meaning per metric, a bar chart, and the
questions the fused default missed with what it retrieved instead. Pure functions of evaluation reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kizuna.engine import FUSED
from kizuna.evaluation.metrics import Question
from kizuna.ingest.text import LANGS
from kizuna.ui.render import _e, cite_link


@dataclass
class EvalRow:
    name: str
    report: dict


# what each column means, in one line (answerable questions only, unless said otherwise)
METRICS = (
    ("hit@1", "share of questions whose first passage contains the expected evidence"),
    ("hit@5", "share of questions with the evidence somewhere in the first five passages (what the chat shows)"),
    ("MRR@10", "mean of 1/rank of the first passage with the evidence (1 = always first, 0 = never in the top 10)"),
    ("nDCG@10", "how close the top-10 order is to the ideal one, counting every passage with the evidence"),
    ("cross-lingual hit@5", "hit@5 for questions asked in another language than the document that answers them"),
    ("en/ja/vi hit@5", "hit@5 for the questions asked in that language"),
    ("answer_hit", "share of questions whose answer sentence contains the evidence (the answer was right)"),
    ("abstained", "questions the corpus cannot answer on which kizuna said so, of all such questions"),
)


def render_metric_help() -> str:
    items = "".join(f"<li><b>{_e(name)}</b>: {_e(meaning)}</li>" for name, meaning in METRICS)
    return f'<ul class="kz-metric-help">{items}</ul>'


def render_eval_table(rows: Sequence[EvalRow]) -> str:
    head = (
        "<tr><th>retriever</th><th>hit@1</th><th>hit@5</th><th>MRR@10</th><th>nDCG@10</th>"
        "<th>cross-lingual hit@5</th>"
        + "".join(f"<th>{lang} hit@5</th>" for lang in LANGS)
        + "<th>answer_hit</th><th>abstained (unanswerable)</th></tr>"
    )
    body = []
    for row in rows:
        r = row.report
        langs = "".join(f"<td>{r['by_lang'].get(lang, {}).get('hit_at_5', 0):.3f}</td>" for lang in LANGS)
        ab = r.get("abstention", {})
        # answers and abstention are calibrated for the fused default only
        answers = (
            f"<td>{r.get('answer_hit', 0):.3f}</td><td>{ab.get('correctly_abstained', 0)}/{ab.get('unanswerable', 0)}</td>"
            if row.name == FUSED
            else "<td>–</td><td>–</td>"
        )
        body.append(
            f"<tr><td>{_e(row.name)}</td><td>{r['hit_at_1']:.3f}</td><td>{r['hit_at_5']:.3f}</td>"
            f"<td>{r['mrr_at_10']:.3f}</td><td>{r['ndcg_at_10']:.3f}</td><td>{r['cross_lingual']['hit_at_5']:.3f}</td>"
            f"{langs}{answers}</tr>"
        )
    first = rows[0].report if rows else {}
    note = (
        f"<p><small>{first.get('questions', 0)} questions ({first.get('answerable', 0)} answerable), "
        f"{first.get('passages', 0)} passages. Answer extraction and abstention are calibrated for the fused "
        "default, so they are reported for it alone.</small></p>"
    )
    return f"<div class='kz-scroll-x'><table class='kz-table'>{head}{''.join(body)}</table></div>{note}"


def render_eval_misses(
    report: dict, questions: Sequence[Question], titles: Mapping[str, str], name: str = FUSED
) -> str:
    """Every answerable question without its evidence in the top five, with the passages that came first
    instead, then the questions whose answer sentence missed."""
    by_id = {q.id: q for q in questions}
    misses = report.get("misses_at_5", [])
    rows = []
    for miss in misses:
        q = by_id.get(miss["id"])
        rank = miss.get("first_relevant_rank")
        where = f"evidence first at rank {rank}" if rank else "evidence not in the top 10"
        instead = "<br>".join(
            f"{cite_link(key, key)} <small>{_e(titles.get(key.split('#', 1)[0], ''))}</small>"
            for key in miss.get("top", [])
        )
        rows.append(
            f"<tr><td>{_e(miss['id'])}</td><td>{_e(q.question if q else '')}"
            f"<br><small>expected: {_e(' | '.join(q.evidence) if q else '')} · {where}</small></td>"
            f"<td>{instead or '<small>nothing</small>'}</td></tr>"
        )
    answerable = report.get("answerable", 0)
    head = (
        f"<h4>Missed by {_e(name)}: {len(misses)} of {answerable} answerable questions without the evidence "
        "in the first five passages</h4>"
    )
    if not rows:
        table = "<p>None: every answerable question had its evidence in the first five passages.</p>"
    else:
        table = (
            "<div class='kz-scroll-x'><table class='kz-table kz-left kz-misses'><tr><th>id</th><th>question</th>"
            f"<th>retrieved instead (top 3)</th></tr>{''.join(rows)}</table></div>"
        )
    answer_misses = [i for i in report.get("answer_misses", []) if i in by_id]
    if answer_misses:
        items = "".join(f"<li><b>{_e(i)}</b> {_e(by_id[i].question)}</li>" for i in answer_misses)
        table += (
            f"<details><summary>{len(answer_misses)} answerable questions whose answer sentence missed the "
            f"evidence</summary><ul>{items}</ul></details>"
        )
    return head + table


def render_eval_chart(rows: Sequence[EvalRow]) -> str:
    """An inline SVG bar chart of hit@5 and MRR@10 per retriever (no plotting library, nothing remote)."""
    bar_w, gap, height, left = 26, 22, 180, 40
    metrics = (("hit_at_5", "hit@5", "#2563eb"), ("mrr_at_10", "MRR@10", "#f59e0b"))
    width = left + len(rows) * (len(metrics) * bar_w + gap) + 20
    parts = [
        f'<svg role="img" aria-label="ablation chart" width="{width}" height="{height + 60}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="system-ui, sans-serif">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = 10 + height * (1 - tick)
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y}" y2="{y}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{tick:.2f}</text>'
        )
    for i, row in enumerate(rows):
        x0 = left + gap / 2 + i * (len(metrics) * bar_w + gap)
        for j, (key, _label, color) in enumerate(metrics):
            value = float(row.report.get(key, 0))
            h = height * value
            x = x0 + j * bar_w
            parts.append(
                f'<rect x="{x}" y="{10 + height - h}" width="{bar_w - 4}" height="{h}" fill="{color}">'
                f"<title>{_e(row.name)} {key} {value:.3f}</title></rect>"
                f'<text x="{x + (bar_w - 4) / 2}" y="{6 + height - h}" text-anchor="middle">{value:.2f}</text>'
            )
        parts.append(f'<text x="{x0 + bar_w}" y="{height + 28}" text-anchor="middle">{_e(row.name)}</text>')
    legend_x = left
    for _key, label, color in metrics:
        parts.append(
            f'<rect x="{legend_x}" y="{height + 40}" width="10" height="10" fill="{color}"/>'
            f'<text x="{legend_x + 14}" y="{height + 49}">{label}</text>'
        )
        legend_x += 80
    parts.append("</svg>")
    return "".join(parts)
