"""What the UI says about the corpus it serves: counts, languages, example questions and what changed.

Everything here is computed from the loaded index, so the welcome text and the examples follow the user's
own folder (and follow it again after the watcher publishes an update). Pure functions of an Index, except
`catalog_examples`, which reads the example questions a corpus's catalog.json may configure.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kizuna.index.model import Index
from kizuna.ingest.listing import catalog_path
from kizuna.ingest.text import LANGS
from kizuna.settings import LimitSettings

log = logging.getLogger(__name__)

LANG_NAMES = {"en": "English", "ja": "日本語", "vi": "Tiếng Việt"}
# one question about a document, asked in that document's language (its title is the topic)
EXAMPLE_TEMPLATES = {
    "en": "What does “{title}” say?",
    "ja": "「{title}」には何が書かれていますか？",
    "vi": "“{title}” nói gì?",
}
MAX_EXAMPLES = 6
EXAMPLE_CHARS = 58


@dataclass(frozen=True)
class CorpusSummary:
    documents: int
    passages: int
    langs: tuple[str, ...]  # the passages' languages, most passages first
    pages: int  # pages of the paged documents (PDFs); 0 when there are none


def summarise(index: Index) -> CorpusSummary:
    counts = Counter(p.lang for p in index.passages)
    langs = tuple(lang for lang, _ in counts.most_common())
    pages = sum(d.page_count or 0 for d in index.documents.values())
    return CorpusSummary(len(index.documents), len(index.passages), langs, pages)


def _names(langs: Sequence[str]) -> str:
    names = [LANG_NAMES.get(x, x) for x in langs]
    return names[0] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]


def header_html(summary: CorpusSummary) -> str:
    """The one-line page header: what is searched (counts only; no document text, so nothing to escape)."""
    docs = f"{summary.documents} document{'s' if summary.documents != 1 else ''}"
    return (
        f'<div class="kz-header"><b>kizuna</b> · cited answers from {docs} '
        f'({summary.passages} passages)<span class="kz-wide">. Click any <b>[n]</b> to read it in its '
        "document.</span></div>"
    )


def welcome_text(summary: CorpusSummary) -> str:
    """The chat's placeholder (Markdown, built from counts and language names only)."""
    if not summary.documents:
        return "**The index holds no documents yet.** Add files to the corpus folder; they are picked up while the app runs."
    docs = f"{summary.documents} document{'s' if summary.documents != 1 else ''}"
    paged = f", {summary.pages} PDF pages" if summary.pages else ""
    return (
        f"**Ask a question about the {docs} in this corpus** ({summary.passages} passages{paged}; "
        f"written in {_names(summary.langs) or 'no known language'}).\n\n"
        f"Ask in {_names(LANGS)}: kizuna answers with the sentence that says it, marked **[n]**, above the "
        "passages it cites, and tells you when the documents do not answer. Try an example below."
    )


def _short(title: str, limit: int) -> str:
    """A title cut at a word boundary (or anywhere, for scripts without spaces) to fit an example."""
    title = re.sub(r"\s+", " ", title).strip()
    # a bilingual catalog title such as "ベトナム保健省 (Viet Nam Ministry of Health)": the first part reads better
    title = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", title) or title
    if len(title) <= limit:
        return title
    cut = title[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def _in_turn(queues: Sequence[Sequence[str]], limit: int) -> list[str]:
    """The first item of each queue, then the second of each, … up to `limit` items."""
    out: list[str] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out[:limit]


def _question(lang: str, title: str) -> str:
    # Gradio showed an example's first 60 characters: the whole question fits, and the boxes stay small
    return EXAMPLE_TEMPLATES[lang].format(title=_short(title, EXAMPLE_CHARS - len(EXAMPLE_TEMPLATES[lang]) + 7))


def example_questions(index: Index, limit: int = MAX_EXAMPLES) -> list[str]:
    """One question per document about its title, in the document's language, taking documents of every
    language in turn so each language shows (a title is the one topic every document is sure to have).
    A language questions may be asked in but no document is written in (Vietnamese, for the bundled
    corpus) asks about another language's document, the last in turn (the one a longer corpus would leave
    out first), so that the examples show every language a question may be asked in."""
    titles: dict[str, list[str]] = {}
    for doc in index.documents.values():
        langs = Counter(p.lang for p in index.passages if p.doc == doc.slug)
        lang = doc.meta.language if doc.meta.language in EXAMPLE_TEMPLATES else None
        lang = lang or (langs.most_common(1)[0][0] if langs else "en")
        if lang not in EXAMPLE_TEMPLATES:
            lang = "en"
        titles.setdefault(lang, []).append(doc.meta.title or doc.slug)
    last = _in_turn(list(titles.values()), len(index.documents))[-1:]
    queues = [[_question(lang, t) for t in ts] for lang, ts in titles.items()]
    queues += [[_question(lang, t) for t in last] for lang in EXAMPLE_TEMPLATES if lang not in titles]
    return _in_turn(queues, limit)


def configured_examples(catalog: object) -> tuple[list[str] | None, str | None]:
    """The example questions a parsed catalog configures (its top-level "examples" list) and, when that
    list is unusable, why. (None, None): the catalog configures none, the generated ones are shown."""
    if not isinstance(catalog, dict) or "examples" not in catalog:
        return None, None
    examples = catalog["examples"]
    if not isinstance(examples, list) or not all(isinstance(q, str) and q.strip() for q in examples):
        return None, '"examples" is not a list of non-empty strings; showing questions made from titles'
    return [re.sub(r"\s+", " ", q).strip() for q in examples] or None, None


_warned: set[str] = set()  # the layout and every published update ask again: one warning per problem


def catalog_examples(corpus_dir: Path | None, limits: LimitSettings | None = None) -> list[str] | None:
    """The example questions configured in the corpus folder's catalog.json, or None (no folder, no catalog,
    no "examples", or one that cannot be used: logged once). A broken catalog is the ingest's to report."""
    path = catalog_path(corpus_dir, limits) if corpus_dir is not None else None
    if path is None:
        return None
    try:
        catalog = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    examples, problem = configured_examples(catalog)
    if problem and f"{path}: {problem}" not in _warned:
        _warned.add(f"{path}: {problem}")
        log.warning("%s: %s", path, problem)
    return examples


def questions(
    index: Index, corpus_dir: Path | None = None, limits: LimitSettings | None = None, limit: int = MAX_EXAMPLES
) -> list[str]:
    """The examples the chat shows: the catalog's own, in its order, else the ones made from titles."""
    return (catalog_examples(corpus_dir, limits) or example_questions(index, limit))[:limit]


def chat_examples(
    index: Index, corpus_dir: Path | None = None, limits: LimitSettings | None = None
) -> list[dict[str, str]]:
    """The example questions as the chat shows them in its empty pane (its `examples`: one box each, shown
    as text, a click asks it): the corpus catalog's when it configures them."""
    return [{"text": q} for q in questions(index, corpus_dir, limits)]


# ---- what changed since a browser last looked -----------------------------------------------------


def snapshot(index: Index) -> dict[str, list[str]]:
    """{slug: [content hash, title]} — JSON-friendly, kept per browser session."""
    return {slug: [d.sha256, d.meta.title or slug] for slug, d in index.documents.items()}


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]  # titles
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> Changes:
    return Changes(
        added=tuple(after[s][1] for s in after if s not in before),
        changed=tuple(after[s][1] for s in after if s in before and before[s][0] != after[s][0]),
        removed=tuple(before[s][1] for s in before if s not in after),
    )


def announcement_html(change: Changes, summary: CorpusSummary) -> str:
    """The chat message saying what became searchable (titles escaped: they come from documents)."""

    def items(titles: Sequence[str]) -> str:
        return "".join(f"<li>{html.escape(t)}</li>" for t in titles)

    parts = ['<div class="kz-news">']
    if change.added:
        n = len(change.added)
        parts.append(f"<p><b>{n} new document{'s are' if n != 1 else ' is'} searchable now:</b></p>")
        parts.append(f"<ul>{items(change.added)}</ul>")
    if change.changed:
        parts.append(f"<p><b>Updated, the new text is searchable:</b></p><ul>{items(change.changed)}</ul>")
    if change.removed:
        parts.append(f"<p><b>Removed, no longer searched:</b></p><ul>{items(change.removed)}</ul>")
    parts.append(
        f"<p><small>The index now holds {summary.documents} documents, {summary.passages} passages.</small></p></div>"
    )
    return "".join(parts)
