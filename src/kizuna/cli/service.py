"""The commands that measure kizuna or run it as a service: `eval` scores a question or quote set,
`bench` times builds, queries and scale, `serve` starts the chat UI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kizuna.cli.common import FUSED, command_settings, corpus_option, index_option, make_app, user_errors


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@corpus_option
@index_option
@click.pass_context
@user_errors
def serve(ctx, host, port, corpus, index_dir) -> None:
    """Start the chat UI in the browser."""
    from kizuna.ui.app import launch

    app = make_app(command_settings(ctx, corpus, index_dir))
    app.index()
    launch(app, host=host, port=port)


@click.command(name="eval")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--k",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Retrieval depth; reported as hit_at_k beside the fixed hit@1/hit@5/MRR@10/nDCG@10.",
)
@click.option(
    "--retriever",
    default=FUSED,
    show_default=True,
    help="Evaluate one configured retriever alone, or the fused default.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@corpus_option
@index_option
@click.pass_context
@user_errors
def evaluate(ctx, file, k, retriever, as_json, corpus, index_dir) -> None:
    """Measure retrieval and answers on a question set, or quote lookup on a quote set (JSON lines)."""
    from kizuna.evaluation.metrics import (
        EvalSetError,
        Retrieved,
        format_quote_table,
        format_table,
        is_quote_set,
        load_questions,
        load_quotes,
        run_eval,
        run_quote_eval,
    )

    if not file.is_file():
        raise EvalSetError(f"evaluation set not found: {file}")
    app = make_app(command_settings(ctx, corpus, index_dir))
    if is_quote_set(file):
        cases = load_quotes(file)
        app.index(show_progress=not as_json)
        with _eval_bar(len(cases), "quote") as bar:

            def find(quote: str) -> dict:
                result = app.find_quote(quote).to_dict()
                bar.update(1)
                return result

            report = run_quote_eval(cases, find)
        click.echo(
            json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_quote_table(report)
        )
        return
    questions = load_questions(file)
    index = app.index(show_progress=not as_json)

    def ask(question: str, depth: int, history: list[str] | None = None) -> Retrieved:
        return app.ask(question, k=depth, retriever=retriever, history=history).for_evaluation()

    with _eval_bar(len(questions), "question") as bar:
        report = run_eval(
            questions,
            index.passages,
            ask,
            k=k,
            with_history=True,
            on_progress=lambda done, _: bar.update(done - bar.n),
        )
    fused = ", ".join(f"{r.name}×{r.weight:g}" for r in app.settings.retrieval.retrievers)
    report["retriever"] = f"{FUSED}({fused})" if retriever == FUSED else retriever
    report["chunking"] = index.manifest.settings["chunking"]
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(report))


def _eval_bar(total: int, unit: str):
    """The evaluation's progress on stderr (questions done / total): a run takes tens of seconds.

    Shown with --json too: it goes to stderr, and the JSON on stdout stays clean.
    """
    from tqdm import tqdm

    return tqdm(total=total, desc="evaluating", unit=unit, file=sys.stderr)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--quick", is_flag=True, help="One small document, a few questions, small collections (a smoke test).")
@click.option(
    "--questions",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Question set timed (default: eval/questions.jsonl).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where the report goes (default: eval/results/bench.md; --quick writes none unless given).",
)
@click.option("--pg-only", is_flag=True, help="Only the PostgreSQL comparison (a temporary server; FAISS beside it).")
@click.option(
    "--pg-sizes",
    default=None,
    help="Synthetic collection sizes timed in PostgreSQL, comma-separated (default: 100000).",
)
@corpus_option
@click.pass_context
@user_errors
def bench(ctx, as_json, quick, questions, out, corpus, pg_only, pg_sizes) -> None:
    """Time builds, queries, a cold start and the query path at 10k-1M passages; write eval/results/bench.md."""
    from kizuna.evaluation.bench import run_bench, write_report

    settings = command_settings(ctx, corpus, None)
    eval_dir = settings.corpus_dir.parent / "eval"
    questions = questions or eval_dir / "questions.jsonl"
    if not questions.is_file():
        raise click.ClickException(f"question set not found: {questions} (give --questions)")
    try:
        sizes = tuple(int(x) for x in pg_sizes.split(",")) if pg_sizes else None
    except ValueError:
        raise click.BadParameter(f"expected sizes like 100000,1000000, got {pg_sizes!r}", param_hint="--pg-sizes") from None
    result = run_bench(
        settings, questions, quick=quick, log=lambda line: click.echo(line, err=True), pg_only=pg_only, pg_sizes=sizes
    )
    if out is None and not quick:
        out = eval_dir / "results" / ("bench-pg.md" if pg_only else "bench.md")
    if out is not None:
        write_report(result, out)
        click.echo(f"report: {out}", err=True)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else f"bench done in {result['seconds']} s")
