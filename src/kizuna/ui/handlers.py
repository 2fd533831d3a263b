"""What each UI event and API endpoint does: plain functions of the Kizuna facade and their inputs.

Tests call them directly. A user error (engine.USER_ERRORS) becomes a gr.Error with the same message the
CLI prints, so nothing typed is lost (the question stays in its box) and API clients read the reason;
any other exception is a bug and keeps its traceback. No lock is needed around queries: the engine reads one
index snapshot per request, and a rebuild publishes a new one while the old keeps answering.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kizuna.engine import FUSED, USER_ERRORS, Kizuna, QueryError
from kizuna.evaluation.metrics import Retrieved, load_questions, run_eval
from kizuna.index.model import Index
from kizuna.index.store import IndexError_
from kizuna.index.watch import corpus_signature
from kizuna.ui.assets import EVAL_FILE
from kizuna.ui.corpus_info import announcement_html, changes, snapshot, summarise
from kizuna.ui.prefs import Prefs, filters_html, restore
from kizuna.ui.render import (
    parse_target,
    render_corpus,
    render_question,
    render_quote,
    render_response,
    render_source,
)
from kizuna.ui.render_eval import EvalRow

Progress = Callable[[float, str], None]


def _user_errors(escape: bool):
    """Turn USER_ERRORS into gr.Error(message). The UI's toast renders its message as HTML, so there the
    message (which may quote the user's input) is escaped; API clients get the CLI's text as is."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except USER_ERRORS as exc:
                import gradio as gr

                message = html.escape(str(exc), quote=False) if escape else str(exc)
                raise gr.Error(message, print_exception=False) from exc

        return wrapper

    return decorate


ui_errors = _user_errors(escape=True)
api_errors = _user_errors(escape=False)


def _text(value: object, what: str) -> str:
    """API input that must be a string (JSON lets a client send anything)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise QueryError(f"the {what} must be text, not {type(value).__name__}")
    return value


def _count(value: object) -> int:
    """API input k: a whole number (JSON may deliver 3, 3.0 or "3")."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise QueryError(f"k must be a whole number, not {value!r}") from None
    if not number.is_integer():
        raise QueryError(f"k must be a whole number, not {value!r}")
    return int(number)


# ---- chat ----------------------------------------------------------------------------------------


def answer(
    app: Kizuna,
    question: str,
    k: int = 5,
    docs: Sequence[str] | None = None,
    langs: Sequence[str] | None = None,
    retrievers: Sequence[str] | None = None,
    history: Sequence[str] | None = None,
    filters: str = "",
) -> str:
    """The chat reply for one question, as HTML; a QueryError says what to change. `history` holds the
    conversation's earlier questions, so a follow-up is understood; `filters` (escaped HTML) names the
    active Settings filters inside the reply."""
    if retrievers is not None and not list(retrievers):
        raise QueryError("choose at least one retriever in Settings")
    if langs is not None and not list(langs):
        raise QueryError("choose at least one passage language in Settings")
    response = app.ask(
        question, k=k, docs=docs or None, langs=langs or None, only=retrievers or None, history=history
    )
    return render_response(response, filters)


def message_text(message: dict) -> str:
    """The plain text of a chat message. The browser sends content back as a list of parts
    ([{"type": "text", "text": "<p …>"}]); what respond itself returns is a string."""
    content = message.get("content", "")
    if isinstance(content, list | tuple):
        content = " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return html.unescape(re.sub(r"<[^>]+>", "", str(content))).strip()


def example_text(value: object) -> str:
    """The question of a clicked chat example: Gradio sends the example ({"text": …}) as the event's value."""
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return "" if value is None else str(value)


@ui_errors
def respond(
    app: Kizuna,
    question: str,
    history: list | None,
    k: float,
    docs: Sequence[str] | None,
    langs: Sequence[str] | None,
    retrievers: Sequence[str] | None,
) -> tuple[str, list]:
    """Chat event: ("", history with the question and its reply). On a user error nothing changes (the
    question stays in the box to be fixed) and the message is shown. A reply searched with filters says so."""
    history = list(history or [])
    question = (question or "").strip()
    if not question:
        return "", history
    earlier = [message_text(m) for m in history if isinstance(m, dict) and m.get("role") == "user"]
    note = re.sub(r"<[^>]+>", "", filters_line(app, k, docs, langs, retrievers)).strip()  # parts escaped
    reply = answer(app, question, int(k), docs, langs, retrievers, history=earlier, filters=note)
    history.append({"role": "user", "content": render_question(question)})
    history.append({"role": "assistant", "content": reply})
    return "", history


def filters_line(
    app: Kizuna,
    k: float,
    docs: Sequence[str] | None,
    langs: Sequence[str] | None,
    retrievers: Sequence[str] | None,
) -> str:
    """The kz-filters line for these Settings values ('' when nothing is filtered)."""
    names = [r.name for r in app.settings.retrieval.retrievers]
    prefs = Prefs(int(k or app.settings.retrieval.k), tuple(docs or ()), tuple(langs or ()), tuple(retrievers or ()))
    titles = {slug: d.meta.title for slug, d in app.index().documents.items()}
    return filters_html(prefs, titles, names)


def restore_settings(app: Kizuna, stored: object) -> tuple[int, list[str], list[str], list[str], str]:
    """Page load: the settings kept in this browser, checked against the corpus and configuration now."""
    names = [r.name for r in app.settings.retrieval.retrievers]
    prefs = restore(stored, list(app.index().documents), names, app.settings.retrieval.k)
    line = filters_line(app, prefs.k, prefs.docs, prefs.langs, prefs.retrievers)
    return prefs.k, list(prefs.docs), list(prefs.langs), list(prefs.retrievers), line


def save_settings(
    app: Kizuna, k: float, docs: Sequence[str] | None, langs: Sequence[str] | None, retrievers: Sequence[str] | None
) -> tuple[dict, str]:
    """A Settings change: (what the browser stores, the kz-filters line)."""
    prefs = Prefs(int(k), tuple(docs or ()), tuple(langs or ()), tuple(retrievers or ()))
    return prefs.to_json(), filters_line(app, k, docs, langs, retrievers)


# ---- source viewer and quotes --------------------------------------------------------------------


@ui_errors
def open_source(app: Kizuna, target: str) -> tuple[str, str]:
    """Source viewer event: (the document HTML with the passage marked, the bare key for the key box).
    `target` is a key, optionally with an answer span ("key@start-end", from a citation link)."""
    key, span = parse_target(target)
    return render_source(app, key, span), key


def quote_html(app: Kizuna, quote: str) -> str:
    return render_quote(app.find_quote(quote))


find_quote = ui_errors(quote_html)


# ---- evaluation and corpus -----------------------------------------------------------------------


def evaluate_all(app: Kizuna, path: Path = EVAL_FILE, progress: Progress | None = None) -> list[EvalRow]:
    """The evaluation set through the fused default and each retriever alone; `progress` hears of every
    question (fraction done over all runs, and which run and question it is at)."""
    questions = load_questions(path)
    passages = app.index().passages
    names = [FUSED] + [r.name for r in app.settings.retrieval.retrievers]
    total = len(names) * len(questions)
    done = 0
    rows = []
    for name in names:

        def ask(question: str, depth: int, history: list[str] | None = None, name: str = name) -> Retrieved:
            nonlocal done
            if progress:
                progress(done / total, f"{name}: question {done % len(questions) + 1} of {len(questions)}")
            done += 1
            return app.ask(question, k=depth, retriever=name, history=history).for_evaluation()

        # follow-ups go through ask(history), as in the chat and in `kizuna eval`
        rows.append(EvalRow(name, run_eval(questions, passages, ask, with_history=True)))
    if progress:
        progress(1.0, "done")
    return rows


def rebuild(app: Kizuna, progress: Progress | None = None) -> str:
    def report(stage: str, done: int, total: int) -> None:
        if progress:
            progress(done / max(total, 1), stage)

    result = app.build(show_progress=False, on_progress=report)
    corpus = render_corpus(app)
    return (
        f"<p>Rebuilt: {result.files} files, {result.passages} passages in {result.seconds:.1f} s "
        f"({', '.join(f'{k} {v} embedded' for k, v in result.embedded.items())}).</p>"
    ) + corpus


# ---- the documented API: plain JSON in and out ----------------------------------------------------


@api_errors
def api_ask(app: Kizuna, question: str, k: int = 5, history: list | None = None) -> dict:
    question = _text(question, "question")
    k = _count(k)
    if history is not None and (
        not isinstance(history, list) or not all(isinstance(h, str) for h in history)
    ):
        raise QueryError("history must be a list of the conversation's earlier questions (strings)")
    return app.ask(question, k=k, history=history).to_dict()


@api_errors
def api_cite(app: Kizuna, key: str) -> dict:
    key = _text(key, "key")
    return app.cite(key).to_dict()


@api_errors
def api_quote(app: Kizuna, quote: str) -> dict:
    quote = _text(quote, "quote")
    return app.find_quote(quote).to_dict()


# ---- a live corpus: what each open page learns on its timer ----------------------------------------


@dataclass
class Tick:
    seen: dict  # what this page has shown: {"docs": corpus_info.snapshot, "mark": index and folder marks}
    moved: bool = False  # the index or the folder changed: the Corpus tab is re-rendered
    announcement: str | None = None  # a chat message: documents became searchable / were removed
    index: Index | None = None


def with_news(value: str | None, history: list | None) -> list | None:
    """The chat with the latest announcement ("<id>\\n<html>", from the page's news bridge) appended when it
    is not in it (a reply raced it and replaced the chat); None when there is nothing to add."""
    _, _, body = (value or "").partition("\n")
    if not body:
        return None
    history = list(history or [])
    wanted = message_text({"content": body})
    if any(isinstance(m, dict) and message_text(m) == wanted for m in history):
        return None
    return [*history, {"role": "assistant", "content": body}]


_FOLDER_MARKS: dict[str, tuple[float, str]] = {}
FOLDER_MARK_SECONDS = 1.0  # every open page polls; the folder is listed at most once a second for all of them


def _folder_mark(app: Kizuna) -> str:
    """A digest of the corpus folder's listing (names, sizes, times), shared by every page for a second."""
    key = str(app.settings.corpus_dir)
    now = time.monotonic()
    cached = _FOLDER_MARKS.get(key)
    if cached and now - cached[0] < FOLDER_MARK_SECONDS:
        return cached[1]
    try:
        signature = corpus_signature(app.settings.corpus_dir, app.settings.limits)
    except OSError:
        signature = ()
    mark = hashlib.sha1(repr(signature).encode()).hexdigest()
    _FOLDER_MARKS[key] = (now, mark)
    return mark


def corpus_tick(app: Kizuna, seen: dict | None) -> Tick:
    """Compare the served index and the corpus folder with what this page saw last. The folder's mark
    moves as soon as a file does (the Corpus tab then says 'stale' until the watcher's update is
    published); the index's mark moves when an update is published, and the chat is told what changed."""
    try:
        index = app.index(auto_build=False, show_progress=False)
    except IndexError_:
        return Tick(seen or {})
    mark = [index.manifest.built_at, str(id(index)), _folder_mark(app)]
    if seen and "docs" in seen and seen.get("mark") == mark:
        return Tick(seen)
    docs = snapshot(index)
    if not seen or "docs" not in seen:  # the page just opened: it has seen the corpus as it is now
        return Tick({"docs": docs, "mark": mark}, index=index)
    change = changes(seen["docs"], docs)
    note = announcement_html(change, summarise(index)) if change else None
    return Tick({"docs": docs, "mark": mark}, moved=True, announcement=note, index=index)
