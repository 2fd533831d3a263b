"""The Gradio app: chat with cited answers, a source viewer, quote lookup, evaluation and the corpus.

Every handler is a plain function of the Kizuna facade and its inputs, so tests call them directly.
Document text is always HTML-escaped: a document's markup, scripts or links are shown, never run.
Nothing is loaded from outside the machine: system fonts only, no analytics.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

from kizuna.answer.citations import CitationError
from kizuna.answer.extract import Answer
from kizuna.engine import FUSED, NOT_FOUND, Kizuna, QueryError, Response
from kizuna.evaluation.metrics import Retrieved, load_questions, run_eval
from kizuna.index.store import IndexError_
from kizuna.ingest.text import LANGS
from kizuna.models import Hit

EXAMPLES = [
    "When did Kanagawa Prefecture sign its MOU with Viet Nam's Ministry of Health?",
    "How many HAE patients were diagnosed through the Takeda initiative?",
    "ベトナムで最初のデング熱ワクチンを開発した日本企業は？",
    "電子健康記録は何件作成されましたか？",
    "Nhật Bản đã hỗ trợ Việt Nam những gì trong đại dịch COVID-19?",
    "Dự án y tế từ xa của JICA trị giá bao nhiêu?",
]
WELCOME = (
    "**Ask about Vietnam–Japan healthcare cooperation** in English, 日本語 or Tiếng Việt.\n\n"
    "kizuna searches 5 documents (agreements, programmes, company projects; English and Japanese) and "
    "answers with the sentence that says it, marked **[n]**, above the passages it cites. "
    "It tells you when the documents do not answer. Try an example below."
)
LANG_NAMES = {"en": "English", "ja": "日本語", "vi": "Tiếng Việt"}
EVAL_FILE = Path(__file__).resolve().parents[3] / "eval" / "questions.jsonl"

CSS = """
.kz-hit { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 4px 10px; margin: 4px 0; }
.kz-title { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kz-hit blockquote { white-space: pre-wrap; margin: 6px 0 0 0; }
.kz-answer-text { font-size: 1.05em; }
mark.kz-answer { background: #ffe58a; color: inherit; padding: 0 2px; }
mark.kz-passage { background: #dbeafe; color: inherit; }
a.kz-cite { cursor: pointer; font-weight: 600; text-decoration: none; }
.kz-notfound { color: #9a3412; }
.kz-hit summary { cursor: pointer; color: var(--body-text-color-subdued); }
table.kz-meta th { text-align: left; padding: 2px 12px 2px 0; font-weight: 600; border: none; }
table.kz-meta td { padding: 2px 0; border: none; }
.kz-doc { white-space: pre-wrap; line-height: 1.6; max-height: 70vh; overflow-y: auto; padding: 8px; }
.kz-table td, .kz-table th { padding: 2px 10px; text-align: right; }
.kz-table td:first-child, .kz-table th:first-child { text-align: left; }
.kz-left td, .kz-left th { text-align: left !important; }
"""

# A click on any citation marker or key (href "#kz-cite:<key>") opens that passage in the source viewer: the key is
# written into a hidden textbox and a hidden button fires the Python handler.
HEAD = """
<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest('a[href^="#kz-cite:"]');
  if (!link) return;
  event.preventDefault();
  const box = document.querySelector("#kz-cite-key textarea, #kz-cite-key input");
  const button = document.querySelector("#kz-cite-open");
  if (!box || !button) return;
  box.value = decodeURIComponent(link.getAttribute("href").slice("#kz-cite:".length));
  box.dispatchEvent(new Event("input", { bubbles: true }));
  setTimeout(() => button.click(), 50);
});
</script>
"""

SCROLL_TO_FOCUS = (
    "() => { setTimeout(() => document.getElementById('kz-focus')?.scrollIntoView({block: 'center'}), 200); }"
)


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


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
    return "\n".join(parts)


def render_response(response: Response) -> str:
    """The extracted answer with its [n] marker above the passages, or the plain "not found"."""
    answer = response.answer
    if response.abstained or answer is None:
        head = f'<p class="kz-notfound"><b>{_e(NOT_FOUND)}</b></p>'
    else:
        head = (
            f'<p class="kz-answer-text"><b>{_e(answer.text.strip())}</b> '
            f"{cite_link(answer.key, f'[{answer.hit}]', answer.doc_span)} "
            f"<small>(confidence {answer.confidence:.2f})</small></p>"
        )
    return head + render_hits(response.hits, answer, weak=response.abstained)


def answer(
    app: Kizuna,
    question: str,
    k: int = 5,
    docs: Sequence[str] | None = None,
    langs: Sequence[str] | None = None,
    retrievers: Sequence[str] | None = None,
) -> str:
    """The chat reply for one question, as HTML."""
    if retrievers is not None and not list(retrievers):
        return "<p><b>Cannot search:</b> choose at least one retriever in Settings.</p>"
    if langs is not None and not list(langs):
        return "<p><b>Cannot search:</b> choose at least one passage language in Settings.</p>"
    try:
        response = app.ask(question, k=k, docs=docs or None, langs=langs or None, only=retrievers or None)
    except QueryError as exc:
        return f"<p><b>Cannot search:</b> {_e(exc)}</p>"
    return render_response(response)


def render_source(app: Kizuna, key: str, answer_span: tuple[int, int] | None = None) -> str:
    """The whole document with the cited passage highlighted (id kz-focus) and its metadata; an answer's
    span (document offsets) inside the passage is marked as well."""
    key = (key or "").strip()
    if not key:
        return (
            "<p>Click a citation in the chat, or enter a key such as <code>kanagawa-moh-profile#3</code>.</p>"
        )
    try:
        view = app.cite(key)
    except CitationError as exc:
        return f"<p><b>{_e(exc)}</b></p>"
    doc, p = view.document, view.passage
    meta = doc.meta
    facts = [
        ("Publisher", meta.publisher),
        ("Date", meta.date),
        ("Language", LANG_NAMES.get(meta.language or "", meta.language)),
        ("File", meta.path + (f" (line {view.source_line})" if view.source_line else "")),
        ("Passage", f"{p.key} · {p.location()} · characters {p.start}–{p.end}"),
        ("Note", meta.note),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts if v)
    link = (
        f'<p><a href="{_e(meta.url)}" target="_blank" rel="noopener noreferrer">Original: {_e(meta.url)}</a></p>'
        if meta.url and meta.url.startswith(("http://", "https://"))
        else "<p><small>The document does not state its original URL.</small></p>"
    )
    text = doc.text
    inside = _e(text[p.start : p.end])
    if answer_span and p.start <= answer_span[0] < answer_span[1] <= p.end:
        a, b = answer_span
        inside = (
            _e(text[p.start : a]) + f'<mark class="kz-answer">{_e(text[a:b])}</mark>' + _e(text[b : p.end])
        )
    body = _e(text[: p.start]) + f'<mark id="kz-focus" class="kz-passage">{inside}</mark>' + _e(text[p.end :])
    return (
        f"<h3>{_e(meta.title)}</h3><table class='kz-meta'>{rows}</table>{link}"
        f'<div class="kz-doc">{body}</div>'
    )


def render_quote(app: Kizuna, quote: str) -> str:
    try:
        result = app.find_quote(quote)
    except QueryError as exc:
        return f"<p><b>Cannot look up:</b> {_e(exc)}</p>"
    head = (
        "<p><b>Found in the corpus.</b></p>"
        if result.supported
        else '<p class="kz-notfound"><b>Nothing in the corpus supports this.</b> The closest sentences:</p>'
    )
    items = []
    for m in result.matches:
        items.append(
            f'<div class="kz-hit"><small><b>{_e(m.kind)}</b> · score {m.score:.2f} · {cite_link(m.key, m.key)} · '
            f"{_e(m.title)} · characters {m.span[0]}–{m.span[1]}</small><blockquote>{_e(m.text)}</blockquote></div>"
        )
    return head + "".join(items)


@dataclass
class EvalRow:
    name: str
    report: dict


def evaluate_all(
    app: Kizuna, path: Path = EVAL_FILE, progress: Callable[[float, str], None] | None = None
) -> list[EvalRow]:
    """The evaluation set through the fused default and each retriever alone."""
    questions = load_questions(path)
    passages = app.index().passages
    names = [FUSED] + [r.name for r in app.settings.retrieval.retrievers]
    rows = []
    for i, name in enumerate(names):
        if progress:
            progress(i / len(names), f"evaluating {name}")

        def ask(question: str, depth: int, name: str = name) -> Retrieved:
            return app.ask(question, k=depth, retriever=name).for_evaluation()

        rows.append(EvalRow(name, run_eval(questions, passages, ask)))
    return rows


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
    return f"<table class='kz-table'>{head}{''.join(body)}</table>{note}"


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


def render_corpus(app: Kizuna) -> str:
    status = app.status()
    try:
        manifest = app.store.read_manifest()
    except IndexError_:
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
    return head + table


def rebuild(app: Kizuna, progress: Callable[[float, str], None] | None = None) -> str:
    def report(stage: str, done: int, total: int) -> None:
        if progress:
            progress(done / max(total, 1), stage)

    result = app.build(show_progress=False, on_progress=report)
    return (
        f"<p>Rebuilt: {result.files} files, {result.passages} passages in {result.seconds:.1f} s "
        f"({', '.join(f'{k} {v} embedded' for k, v in result.embedded.items())}).</p>"
    ) + render_corpus(app)


def build_app(app: Kizuna):
    import gradio as gr

    retriever_names = [r.name for r in app.settings.retrieval.retrievers]
    index = app.index()
    doc_choices = [(d.meta.title, slug) for slug, d in index.documents.items()]

    with gr.Blocks(title="kizuna", analytics_enabled=False) as demo:
        gr.Markdown(
            "## kizuna · Vietnam–Japan healthcare cooperation, with sources\n"
            "Ask in **English, 日本語 or Tiếng Việt**. kizuna answers with a sentence from the documents and "
            "cites where it comes from; click any **[n]** or passage key to read it in its document."
        )
        with gr.Tabs(selected="chat") as tabs:
            with gr.Tab("Chat", id="chat"):
                chat = gr.Chatbot(label="kizuna", height=620, elem_id="kz-chat", placeholder=WELCOME)
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Ask a question… (Enter to send)",
                        show_label=False,
                        scale=8,
                        elem_id="kz-question",
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="kz-ask")
                examples = gr.Examples(EXAMPLES, inputs=box, label="Examples: click one to ask it")
                clear = gr.Button("Clear conversation", size="sm")
            with gr.Tab("Source viewer", id="source"):
                with gr.Row():
                    key_box = gr.Textbox(label="Citation key", placeholder="kanagawa-moh-profile#3", scale=4)
                    open_btn = gr.Button("Open", scale=1)
                source = gr.HTML(render_source(app, ""), elem_id="kz-source")
            with gr.Tab("Quote lookup", id="quote"):
                gr.Markdown(
                    "Paste a quote or a claim (any language) to see where it comes from, or that nothing "
                    "in the corpus supports it."
                )
                quote_box = gr.Textbox(label="Quote or claim", lines=3, elem_id="kz-quote")
                quote_btn = gr.Button("Find the source", variant="primary", elem_id="kz-quote-go")
                quote_out = gr.HTML(elem_id="kz-quote-result")
            with gr.Tab("Settings", id="settings"):
                k = gr.Slider(1, 10, value=app.settings.retrieval.k, step=1, label="Passages per answer")
                docs = gr.Dropdown(doc_choices, multiselect=True, label="Only these documents (empty: all)")
                langs = gr.CheckboxGroup(
                    [(LANG_NAMES[x], x) for x in LANGS], value=list(LANGS), label="Passage languages"
                )
                retrievers = gr.CheckboxGroup(
                    retriever_names,
                    value=retriever_names,
                    label="Retrievers fused (default: all, the measured best; see the Evaluation tab)",
                )
            with gr.Tab("Evaluation", id="evaluation"):
                gr.Markdown(
                    f"Runs `{EVAL_FILE.relative_to(EVAL_FILE.parents[1])}` through the fused default and "
                    "each retriever alone; a progress bar shows how far it is."
                )
                eval_btn = gr.Button("Run evaluation", variant="primary", elem_id="kz-eval-go")
                eval_table = gr.HTML(elem_id="kz-eval-table")
                eval_chart = gr.HTML(elem_id="kz-eval-chart")
            with gr.Tab("Corpus", id="corpus"):
                corpus = gr.HTML(render_corpus(app), elem_id="kz-corpus")
                rebuild_btn = gr.Button("Rebuild index")
        # hidden bridge for citation clicks (see HEAD)
        cite_key = gr.Textbox(visible="hidden", elem_id="kz-cite-key")
        cite_open = gr.Button("open", visible="hidden", elem_id="kz-cite-open")

        def respond(question, history, k_value, doc_values, lang_values, retriever_values):
            history = list(history or [])
            question = (question or "").strip()
            if not question:
                return "", history
            reply = answer(app, question, int(k_value), doc_values, lang_values, retriever_values)
            history.append({"role": "user", "content": question})
            history.append({"role": "assistant", "content": reply})
            return "", history

        # UI events stay out of the API page; the documented API is gr.api(...) below
        INTERNAL = {"api_visibility": "undocumented"}
        chat_inputs = [box, chat, k, docs, langs, retrievers]
        box.submit(respond, chat_inputs, [box, chat], **INTERNAL)
        send.click(respond, chat_inputs, [box, chat], **INTERNAL)
        examples.load_input_event.then(respond, chat_inputs, [box, chat], **INTERNAL)  # one click asks
        clear.click(lambda: [], None, chat, **INTERNAL)

        def open_key(target):
            key, span = parse_target(target)
            return render_source(app, key, span), gr.Tabs(selected="source"), key

        cite_open.click(open_key, cite_key, [source, tabs, key_box], **INTERNAL).then(
            None, js=SCROLL_TO_FOCUS, **INTERNAL
        )
        open_btn.click(open_key, key_box, [source, tabs, key_box], **INTERNAL).then(
            None, js=SCROLL_TO_FOCUS, **INTERNAL
        )
        key_box.submit(open_key, key_box, [source, tabs, key_box], **INTERNAL).then(
            None, js=SCROLL_TO_FOCUS, **INTERNAL
        )
        quote_btn.click(lambda q: render_quote(app, q), quote_box, quote_out, **INTERNAL)
        quote_box.submit(lambda q: render_quote(app, q), quote_box, quote_out, **INTERNAL)

        def run_evaluation(progress=gr.Progress()):  # noqa: B008 - Gradio injects progress this way
            rows = evaluate_all(app, progress=lambda f, d: progress(f, desc=d))
            return render_eval_table(rows), render_eval_chart(rows)

        eval_btn.click(run_evaluation, None, [eval_table, eval_chart], **INTERNAL)

        def do_rebuild(progress=gr.Progress()):  # noqa: B008
            return rebuild(app, progress=lambda f, d: progress(f, desc=d))

        rebuild_btn.click(do_rebuild, None, corpus, **INTERNAL)

        # The documented API (see README): plain JSON in and out.
        def api_ask(question: str, k: int = 5) -> dict:
            """Answer a question with cited passages (the same as `kizuna ask --json`)."""
            return app.ask(question, k=int(k)).to_dict()

        def api_cite(key: str) -> dict:
            """A passage by citation key, with context and document metadata."""
            return app.cite(key).to_dict()

        def api_quote(quote: str) -> dict:
            """Where a quote or claim comes from."""
            return app.find_quote(quote).to_dict()

        gr.api(api_ask, api_name="ask")
        gr.api(api_cite, api_name="cite")
        gr.api(api_quote, api_name="quote")
    return demo


def launch(app: Kizuna, host: str = "127.0.0.1", port: int = 7860, **kwargs):
    """Start the app (blocking unless prevent_thread_lock=True is passed) and return the Gradio Blocks."""
    import gradio as gr

    # kizuna runs offline: no usage analytics, no web fonts from a CDN
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    theme = gr.themes.Default(
        font=["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Noto Sans CJK JP", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    )
    demo = build_app(app)
    demo.launch(
        server_name=host, server_port=port, theme=theme, css=CSS, head=HEAD, footer_links=["api"], **kwargs
    )
    return demo
