"""The `kizuna` command: a thin click layer over the Kizuna facade.

Each command imports what it needs when it runs, so `kizuna --help` loads no index backend and a cold
`kizuna ask` imports only the libraries of the configured retrievers (eval/results/bench.md checks this).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from kizuna.settings import ConfigError, Settings, load_settings

FUSED = "fused"  # kizuna.engine.FUSED, named here so that --help does not import the engine
LANGS = ("en", "ja", "vi")  # kizuna.ingest.text.LANGS, for the same reason (a test keeps them equal)


def _user_errors(func):
    """Turn kizuna's own errors into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from kizuna.engine import USER_ERRORS

        try:
            return func(*args, **kwargs)
        except USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _app(settings: Settings):
    """The facade, with a pool that says "loading models…" on stderr before it loads the first one."""
    from kizuna.engine import Kizuna
    from kizuna.retrieval import encoders

    return Kizuna(settings, encoders.EncoderPool(_saying_loading(encoders.make_encoder)))


def _saying_loading(factory):
    """`factory` that first says "loading models…" on stderr, once: a cold command (a few seconds of
    loading) does not sit silent, and a command that loads no model (BM25 only, an up-to-date index)
    says nothing. stderr, so --json output on stdout stays clean."""
    said = False

    def load(spec: str):
        nonlocal said
        if not said:
            said = True
            click.echo("kizuna: loading models…", err=True)
        return factory(spec)

    return load


def _settings(ctx: click.Context, corpus: Path | None, index: Path | None) -> Settings:
    try:
        return load_settings(ctx.obj.get("config"), corpus, index, ctx.obj.get("store"))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of .txt/.md/.pdf/.html/.docx documents (default: the repo's corpus/).",
)
_index_dir_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the built index (default: the repo's index/).",
)


def _remember_store(ctx: click.Context, _param, value: str | None) -> None:
    if value:  # read by _settings; kept out of the commands' signatures
        ctx.ensure_object(dict)["store"] = value


_store_option = click.option(
    "--store",
    metavar="URL",
    expose_value=False,
    callback=_remember_store,
    help="Keep the index in PostgreSQL: postgresql://USER:PASSWORD@HOST:PORT/DB (default: $KIZUNA_STORE, "
    "else the index folder).",
)


def index_option(func):
    """--index DIR and --store URL: where the index lives."""
    return _index_dir_option(_store_option(func))


@click.group()
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML settings file (default: $KIZUNA_CONFIG or ./kizuna.toml if present).",
)
@click.version_option(package_name="kizuna")
@click.pass_context
def main(ctx: click.Context, config: Path | None) -> None:
    """Ask questions about Vietnam–Japan healthcare cooperation and get cited passages."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


@main.command()
@click.option("--strict", is_flag=True, help="Exit with status 1 when any corpus file was not indexed.")
@click.option("--verify", is_flag=True, help="Hash every index file whole (not only a sample of large ones).")
@corpus_option
@index_option
@click.pass_context
@_user_errors
def index(ctx: click.Context, strict: bool, verify: bool, corpus: Path | None, index_dir: Path | None) -> None:
    """Build or update the index (only changed files are re-embedded); list the files it could not read."""
    app = _app(_settings(ctx, corpus, index_dir))
    before = app.status(full=verify)
    report = None
    if not before.usable:
        click.echo(f"building index ({before.status}: {'; '.join(before.reasons[:5])})", err=True)
        # None: another build ran while this one waited for it, and left the index up to date
        report = app.build(show_progress=True, on_progress=_file_progress())
    if report is None:
        verified = " (every file verified)" if verify and before.usable else ""
        click.echo(f"index is up to date{verified}: {app.store.current_path()}")
        removed = app.store.remove_leftovers() if hasattr(app.store, "remove_leftovers") else 0
        if removed:
            click.echo(f"removed {_count(removed, 'folder')} left by interrupted builds", err=True)
        skipped = app.store.read_manifest().skipped
    else:
        embedded = ", ".join(
            f"{spec} {n} embedded/{report.reused[spec]} reused" for spec, n in report.embedded.items()
        )
        click.echo(
            f"indexed {_count(report.files, 'file')}, {_count(report.passages, 'passage')} in "
            f"{report.seconds:.1f} s" + (f" ({embedded})" if embedded else "")
        )
        for note in report.notes:
            click.echo(f"note: {note}")
        click.echo(f"index: {report.path}")
        skipped = report.skipped
    if skipped:
        click.secho(f"not indexed ({_count(len(skipped), 'file')}):", fg="yellow", err=True)
        for item in skipped:
            click.echo(f"  {item['path']}: {item['reason']}", err=True)
        if strict:
            were = "was" if len(skipped) == 1 else "were"
            raise click.ClickException(f"{_count(len(skipped), 'corpus file')} {were} not indexed (--strict)")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _file_progress():
    """A progress bar per stage of reading the corpus (files, and lines inside a large file)."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in ("read", "clean") or total < 2:
            return  # embedding has its own bar
        bar = bars.get(stage)
        if bar is None or bar.total != total:
            if bar is not None:
                bar.close()
            label = "reading files" if stage == "read" else "cleaning a large file"
            bar = bars[stage] = tqdm(total=total, desc=label, unit="file" if stage == "read" else "line", leave=False)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            bars.pop(stage, None)

    return report


@main.command()
@click.argument("question")
@click.option("--k", type=click.IntRange(min=1), default=None, help="How many passages (default 5).")
@click.option("--doc", "docs", multiple=True, help="Only this document (slug or file name); repeatable.")
@click.option(
    "--lang", "langs", multiple=True, type=click.Choice(LANGS), help="Only passages in this language."
)
@click.option("--retriever", default=FUSED, show_default=True, help="One configured retriever, or 'fused'.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with a 'hits' list.")
@click.option(
    "--history",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The conversation's earlier questions, one a line (oldest first): a follow-up is understood.",
)
@corpus_option
@index_option
@click.pass_context
@_user_errors
def ask(ctx, question, k, docs, langs, retriever, as_json, history, corpus, index_dir) -> None:
    """Find the passages that answer QUESTION (English, Japanese or Vietnamese)."""
    earlier = None
    if history:
        try:
            earlier = [ln.strip() for ln in history.read_text(encoding="utf-8").splitlines() if ln.strip()]
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"{history}: not UTF-8 text ({exc.reason})") from None
    app = _app(_settings(ctx, corpus, index_dir))
    app.index(show_progress=not as_json)
    response = app.ask(question, k=k, docs=list(docs), langs=list(langs), retriever=retriever, history=earlier)
    if as_json:
        payload = {"retriever": retriever, **response.to_dict()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not response.hits:
        click.echo("No passage matches these filters.")
        return
    answer = response.answer
    if response.resolved:
        click.secho(f"(searched as: {response.resolved})", dim=True)
    if response.abstained:
        click.secho(response.message, fg="yellow", bold=True)
    elif answer is not None:
        click.secho(f"{answer.text.strip()} [{answer.hit}]", bold=True)
        for line in response.gloss.lines() if response.gloss else []:
            click.echo(f"  {line}")
        click.echo(f"(confidence {answer.confidence:.2f})")
    click.echo("")
    for hit in response.hits:
        weak = " (weak)" if response.abstained else ""
        click.secho(
            f"[{hit.rank}]{weak} {hit.citation.short()}  ({hit.passage.key}, {hit.passage.lang}, "
            f"score {hit.score:.4f})",
            bold=True,
        )
        click.echo(hit.passage.text.strip() + "\n")


@main.command()
@click.argument("key", required=False)
@click.option("--quote", help="Find where this quote or claim comes from (any language).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@corpus_option
@index_option
@click.pass_context
@_user_errors
def cite(ctx, key, quote, as_json, corpus, index_dir) -> None:
    """Open a citation KEY (e.g. kanagawa-moh-profile#3), or trace a --quote to its source."""
    if bool(key) == bool(quote):
        raise click.UsageError("give either a citation KEY or --quote TEXT")
    app = _app(_settings(ctx, corpus, index_dir))
    app.index(show_progress=not as_json)
    if key:
        view = app.cite(key)
        if as_json:
            click.echo(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
            return
        data = view.to_dict()
        click.secho(f"{data['key']}  {data['title']}", bold=True)
        facts = [data["publisher"], data["date"], data["location"], f"file {data['file']}"]
        if data["source_line"]:
            facts.append(f"line {data['source_line']}")
        facts.append(f"chars {data['span']['start']}–{data['span']['end']}")
        click.echo(" · ".join(str(f) for f in facts if f))
        if data["url"]:
            click.echo(data["url"])
        click.echo("")
        if data["before"]:
            click.secho("… " + data["before"], dim=True)
        click.secho(data["text"], bold=True)
        if data["after"]:
            click.secho(data["after"] + " …", dim=True)
        return
    result = app.find_quote(quote)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    if result.verdict == "supported":
        click.secho("Found in the corpus:", bold=True)
    elif result.verdict == "contradicted":
        click.secho("Contradicted by the corpus (claim → source):", fg="red", bold=True)
        for d in result.differences:
            click.echo(f"  {d.kind}: {d.claim} → {d.source or '(not stated)'}")
    else:
        click.secho("Nothing in the corpus supports this. Related sentences:", fg="yellow", bold=True)
    for m in result.matches:
        click.echo(f"\n[{m.kind} {m.score:.2f}] {m.key} · {m.title} · chars {m.span[0]}–{m.span[1]}")
        click.echo(m.text.strip())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@corpus_option
@index_option
@click.pass_context
@_user_errors
def serve(ctx, host, port, corpus, index_dir) -> None:
    """Start the chat UI in the browser."""
    from kizuna.ui.app import launch

    app = _app(_settings(ctx, corpus, index_dir))
    app.index()
    launch(app, host=host, port=port)


@main.command(name="eval")
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
@_user_errors
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
    app = _app(_settings(ctx, corpus, index_dir))
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


@main.command()
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
@_user_errors
def bench(ctx, as_json, quick, questions, out, corpus, pg_only, pg_sizes) -> None:
    """Time builds, queries, a cold start and the query path at 10k-1M passages; write eval/results/bench.md."""
    from kizuna.evaluation.bench import run_bench, write_report

    settings = _settings(ctx, corpus, None)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
