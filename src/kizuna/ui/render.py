"""HTML for the UI: pure functions of the facade's results, so tests check them directly.

Document text and user input are always HTML-escaped, and the chat renders these strings as HTML without
Markdown or LaTeX (see app.py): a document's markup, `$$…$$`, scripts or links are shown, never run.
User errors (engine.USER_ERRORS) propagate: the handlers turn them into gr.Error.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote as url_quote

from kizuna.answer.extract import Answer
from kizuna.engine import NOT_FOUND, Kizuna, QuoteResult, Response
from kizuna.index.store import IndexError_
from kizuna.models import Document, Hit
from kizuna.ui.corpus_info import LANG_NAMES


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def render_question(question: str) -> str:
    """The user's own question in the chat: text, never markup (line breaks kept by the kz-question CSS)."""
    return f'<p class="kz-question">{_e(question)}</p>'


def cite_link(key: str, label: str, span: tuple[int, int] | None = None) -> str:
    """A link that opens `key` in the source viewer, `span` (document offsets) marked inside it.

    The target travels in the href ("key" or "key@start-end"): the chat's HTML sanitiser keeps href but
    drops data-* attributes.
    """
    target = url_quote(key, safe="") + (f"@{span[0]}-{span[1]}" if span else "")
    return (
        f'<a class="kz-cite" href="#kz-cite:{target}" title="open {_e(key)} in the source viewer">'
        f"{_e(label)}</a>"
    )


def parse_target(target: str) -> tuple[str, tuple[int, int] | None]:
    """'key@12-40' -> ('key', (12, 40)); anything else is a plain key."""
    target = (target or "").strip()
    key, sep, span = target.rpartition("@")
    if sep:
        start, dash, end = span.partition("-")
        if dash and start.isdigit() and end.isdigit():
            return key, (int(start), int(end))
    return target, None


def _passage_html(hit: Hit, answer: Answer | None) -> str:
    """The passage as escaped text, with the answer sentence marked when it comes from this passage."""
    text = hit.passage.text
    if answer is not None and not answer.abstained and answer.key == hit.passage.key:
        a, b = answer.span
        return _e(text[:a]) + '<mark class="kz-answer">' + _e(text[a:b]) + "</mark>" + _e(text[b:])
    return _e(text)


def render_hits(hits: Sequence[Hit], answer: Answer | None = None, weak: bool = False) -> str:
    """HTML for the cited passages, each with its full citation and a link to the source viewer.

    Passages are folded so the answer and the list of sources stay in view; unfolded, the passage the
    answer comes from shows the answer highlighted.
    """
    if not hits:
        return "<p>No passage matches these filters.</p>"
    parts = []
    for hit in hits:
        c, p = hit.citation, hit.passage
        meta = " · ".join(
            _e(x) for x in (c.publisher, c.date, c.location, LANG_NAMES.get(p.lang, p.lang)) if x
        )
        label = " <small>(weak)</small>" if weak else ""
        is_source = answer is not None and not answer.abstained and answer.key == p.key
        source_tag = " <small>(the answer's source)</small>" if is_source else ""
        parts.append(
            f'<div class="kz-hit"><div class="kz-title">{cite_link(p.key, f"[{hit.rank}]")}{label} '
            f"<b>{_e(c.title)}</b>{source_tag}</div>"
            f"<details><summary><small>{meta} · {cite_link(p.key, p.key)} · score {hit.score:.3f} · "
            f"<u>show passage</u></small></summary><blockquote>{_passage_html(hit, answer)}</blockquote></details></div>"
        )
    return "".join(parts)  # no newlines: the chat would show them as blank lines between cards


def render_response(response: Response, filters: str = "") -> str:
    """The extracted answer with its [n] marker above the passages, or the plain "not found". `filters` is
    the (already escaped) line naming the Settings filters this question was searched with."""
    answer = response.answer
    # a follow-up is searched with the topic it refers to: say what was searched
    resolved = (
        f'<p class="kz-resolved"><small>Searched as: “{_e(response.resolved)}”</small></p>'
        if response.resolved
        else ""
    )
    if response.abstained or answer is None:
        head = f'<p class="kz-notfound"><b>{_e(response.message or NOT_FOUND)}</b></p>'
        if response.closest and answer is not None:  # what came closest, for the reader to judge
            head += (
                f'<p class="kz-closest"><small>{_e(response.closest)}</small> {_e(answer.text.strip())} '
                f"{cite_link(answer.key, f'[{answer.hit}]', answer.doc_span)}</p>"
            )
    else:
        head = (
            f'<p class="kz-answer-text"><b>{_e(answer.text.strip())}</b> '
            f"{cite_link(answer.key, f'[{answer.hit}]', answer.doc_span)} "
            f"<small>(confidence {answer.confidence:.2f})</small></p>"
        )
    note = f'<p class="kz-filter-note"><small>{filters}</small></p>' if filters else ""
    return resolved + head + gloss_html(response) + note + render_hits(response.hits, answer, weak=response.abstained)


def gloss_html(response: Response) -> str:
    """For an answer in another language than the question: its language, and its dates, figures and
    shared names written for the reader (answer/gloss.py); a counterpart passage as a citation link."""
    gloss = response.gloss
    if gloss is None or response.abstained:
        return ""
    lines = [_e(line) for line in gloss.lines(with_neighbour=False)]
    if gloss.neighbour:
        lines.append(f"{_e(gloss.neighbour_label)}: {cite_link(gloss.neighbour, gloss.neighbour)}")
    return f'<div class="kz-gloss" lang="{gloss.reader_lang}"><small>' + "<br>".join(lines) + "</small></div>"


def render_source(app: Kizuna, key: str, answer_span: tuple[int, int] | None = None) -> str:
    """The whole document with the cited passage highlighted (id kz-focus) and its metadata; an answer's
    span (document offsets) inside the passage is marked as well."""
    key = (key or "").strip()
    if not key:
        return (
            "<p>Click a citation in the chat, or enter a key such as <code>kanagawa-moh-profile#3</code>.</p>"
        )
    view = app.cite(key)  # CitationError (with the closest keys) propagates: a user error
    doc, p = view.document, view.passage
    meta = doc.meta
    facts = [
        ("Publisher", meta.publisher),
        ("Date", meta.date),
        ("Language", LANG_NAMES.get(meta.language or "", meta.language)),
        ("File", meta.path + (f" (line {view.source_line})" if view.source_line else "")),
        ("Passage", f"{p.key} · {p.location()} · characters {p.start}–{p.end}"),
        ("Pages", doc.page_count),
        ("Note", meta.note),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts if v)
    link = (
        f'<p><a href="{_e(meta.url)}" target="_blank" rel="noopener noreferrer">Original: {_e(meta.url)}</a></p>'
        if meta.url and meta.url.startswith(("http://", "https://"))
        else "<p><small>The document does not state its original URL.</small></p>"
    )
    marks = [(p.start, 1, '<mark id="kz-focus" class="kz-passage">'), (p.end, -1, "</mark>")]
    if answer_span and p.start <= answer_span[0] < answer_span[1] <= p.end:
        marks += [(answer_span[0], 2, '<mark class="kz-answer">'), (answer_span[1], -2, "</mark>")]
    pages = page_starts(doc)
    marks += [(offset, 0, _page_marker(page)) for page, offset in pages]
    nav = _page_nav(pages, p.page)
    return (
        f"<h3>{_e(meta.title)}</h3><table class='kz-meta'>{rows}</table>{link}{nav}"
        f'<div class="kz-doc">{_with_marks(doc.text, marks)}</div>'
    )


def page_starts(doc: Document) -> list[tuple[int, int]]:
    """(page, offset in the cleaned text where it begins) for a paged document (PDF); [] otherwise."""
    out: list[tuple[int, int]] = []
    for seg in doc.segments:
        if seg.page is not None and (not out or out[-1][0] != seg.page):
            out.append((seg.page, seg.start if out else 0))
    return out


def _page_marker(page: int) -> str:
    return f'<span class="kz-page" id="kz-page-{page}" data-page="{page}">page {page}</span>'


def _page_nav(pages: list[tuple[int, int]], current: int | None) -> str:
    """Jump-to-page links (handled in the page by assets.HEAD, which scrolls the document to the page)."""
    if not pages:
        return ""
    links = "".join(
        f'<a href="#kz-page:{n}" class="kz-page-link{" kz-current" if n == current else ""}" '
        f'title="jump to page {n}">{n}</a>'
        for n, _ in pages
    )
    return f'<nav class="kz-pages" aria-label="pages"><small>{len(pages)} pages · go to page:</small> {links}</nav>'


def _with_marks(text: str, marks: list[tuple[int, int, str]]) -> str:
    """The escaped text with markup inserted at offsets. At one offset closing tags come first, then page
    markers, then opening tags (outer before inner), so the marks always nest."""
    out, last = [], 0
    for offset, _order, tag in sorted(marks, key=lambda m: (m[0], m[1])):
        offset = min(max(offset, last), len(text))
        out.append(_e(text[last:offset]))
        out.append(tag)
        last = offset
    out.append(_e(text[last:]))
    return "".join(out)


def render_quote(result: QuoteResult) -> str:
    """Where a quote comes from, what the source says instead (contradicted), or that nothing supports it."""
    if result.verdict == "supported":
        head = "<p><b>Found in the corpus.</b></p>"
    elif result.verdict == "contradicted":
        rows = "".join(
            f"<tr><td>{_e(d.label)}</td><td>{_e(d.claim)}</td><td>{_e(d.source or '(not stated)')}</td></tr>"
            for d in result.differences
        )
        head = (
            '<p class="kz-notfound"><b>Contradicted by the corpus.</b> The source says otherwise:</p>'
            f"<table class='kz-table kz-left kz-differences'><tr><th></th><th>the claim</th><th>the source</th></tr>"
            f"{rows}</table>"
        )
    else:
        head = '<p class="kz-notfound"><b>Nothing in the corpus supports this.</b> The closest sentences:</p>'

    items = []
    for m in result.matches:
        items.append(
            f'<div class="kz-hit"><small><b>{_e(m.kind)}</b> · score {m.score:.2f} · {cite_link(m.key, m.key)} · '
            f"{_e(m.title)} · characters {m.span[0]}–{m.span[1]}</small><blockquote>{_e(m.text)}</blockquote></div>"
        )
    return head + "".join(items)


def render_corpus(app: Kizuna) -> str:
    status = app.status()
    try:
        manifest = app.store.read_manifest()
    except IndexError_:  # damaged: the status line says so
        manifest = None
    manifest = manifest.model_dump() if manifest else {}
    state = {
        "fresh": "up to date",
        "stale": "stale",
        "incompatible": "built with other settings",
        "damaged": "damaged (Rebuild index repairs it)",
        "missing": "not built",
    }[status.status]
    reasons = f" ({_e('; '.join(status.reasons[:4]))})" if status.reasons else ""
    head = (
        f"<p><b>Index:</b> {state}{reasons} · {manifest.get('passages', 0)} passages · "
        f"built {_e(manifest.get('built_at', 'never'))} · kizuna {_e(manifest.get('kizuna_version', '?'))}</p>"
    )
    files = manifest.get("files", {})
    rows = []
    try:
        documents = app.index(auto_build=False).documents
    except IndexError_:  # missing, or built with other settings: the header says so, the table is empty
        documents = {}
    for doc in documents.values():
        meta = doc.meta
        link = (
            f'<a href="{_e(meta.url)}" target="_blank" rel="noopener noreferrer">link</a>'
            if meta.url and meta.url.startswith(("http://", "https://"))
            else ""
        )
        first_key = f"{meta.slug}#1"
        rows.append(
            f"<tr><td>{cite_link(first_key, meta.title)}</td><td>{_e(meta.publisher)}</td><td>{_e(meta.date)}</td>"
            f"<td>{_e(LANG_NAMES.get(meta.language or '', meta.language))}</td>"
            f"<td>{files.get(meta.path, {}).get('passages', '')}</td><td>{_e(meta.path)}</td><td>{link}</td></tr>"
        )
    table = (
        "<table class='kz-table kz-left'><tr><th>title</th><th>publisher</th><th>date</th><th>language</th>"
        f"<th>passages</th><th>file</th><th>source</th></tr>{''.join(rows)}</table>"
    )
    skipped = manifest.get("skipped") or []
    if skipped:  # every file the index does not hold, with the reason, so nothing is missing silently
        items = "".join(f"<li><code>{_e(s['path'])}</code>: {_e(s['reason'])}</li>" for s in skipped)
        table += f"<p><b>Not indexed ({len(skipped)}):</b></p><ul class='kz-skipped'>{items}</ul>"
    return head + table
