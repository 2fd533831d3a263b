"""The commands over the corpus: `index` builds its index, `ask` answers from it, `cite` opens a
citation or traces a quote to its source."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kizuna.cli.common import (
    FUSED,
    LANGS,
    command_settings,
    corpus_option,
    index_option,
    make_app,
    user_errors,
)


@click.command()
@click.option("--strict", is_flag=True, help="Exit with status 1 when any corpus file was not indexed.")
@click.option("--verify", is_flag=True, help="Hash every index file whole (not only a sample of large ones).")
@corpus_option
@index_option
@click.pass_context
@user_errors
def index(ctx: click.Context, strict: bool, verify: bool, corpus: Path | None, index_dir: Path | None) -> None:
    """Build or update the index (only changed files are re-embedded); list the files it could not read."""
    app = make_app(command_settings(ctx, corpus, index_dir))
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


@click.command()
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
@user_errors
def ask(ctx, question, k, docs, langs, retriever, as_json, history, corpus, index_dir) -> None:
    """Find the passages that answer QUESTION (English, Japanese or Vietnamese)."""
    earlier = None
    if history:
        try:
            earlier = [ln.strip() for ln in history.read_text(encoding="utf-8").splitlines() if ln.strip()]
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"{history}: not UTF-8 text ({exc.reason})") from None
    app = make_app(command_settings(ctx, corpus, index_dir))
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
        if response.closest and answer is not None:
            click.secho(f"{response.closest} {answer.text.strip()}", dim=True)
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


@click.command()
@click.argument("key", required=False)
@click.option("--quote", help="Find where this quote or claim comes from (any language).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@corpus_option
@index_option
@click.pass_context
@user_errors
def cite(ctx, key, quote, as_json, corpus, index_dir) -> None:
    """Open a citation KEY (e.g. kanagawa-moh-profile#3), or trace a --quote to its source."""
    if quote is not None and not quote.strip() and not key:
        raise click.UsageError("the --quote text is empty: give the claim or quote to look for")
    if bool(key) == bool(quote):
        raise click.UsageError("give either a citation KEY or --quote TEXT")
    app = make_app(command_settings(ctx, corpus, index_dir))
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
            click.echo(f"  {d.label}: {d.claim} → {d.source or '(not stated)'}")
    else:
        related = " Related sentences:" if result.matches else ""
        click.secho(f"Nothing in the corpus supports this.{related}", fg="yellow", bold=True)
    for m in result.matches:
        click.echo(f"\n[{m.kind} {m.score:.2f}] {m.key} · {m.title} · chars {m.span[0]}–{m.span[1]}")
        click.echo(m.text.strip())
