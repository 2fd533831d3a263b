"""The Gradio app: chat with cited answers, a source viewer, quote lookup, evaluation and the corpus.

Layout only: one function per tab builds its components, `build_app` wires events to the plain functions
in handlers.py (HTML from render.py). Nothing is loaded from outside the machine: system fonts only, no
analytics.

Text is never interpreted: the chat renders the reply HTML as it is (all document text and the user's
question escaped by render.py) with Markdown, LaTeX and custom tags switched off and HTML sanitised.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

from kizuna.engine import Kizuna
from kizuna.ingest.text import LANGS
from kizuna.ui import handlers
from kizuna.ui.assets import CSS, EVAL_FILE, EXAMPLES, HEAD, SCROLL_TO_FOCUS, WELCOME
from kizuna.ui.handlers import answer, evaluate_all, rebuild  # noqa: F401 - kept importable from here
from kizuna.ui.render import LANG_NAMES, render_corpus, render_source

# Questions run in parallel, at most this many at once across every query event (chat, source viewer,
# quote lookup and the API share one pool). Measured with 16 clients on 2 busy cores (tests/test_load.py
# --raw, warmed servers): 2 -> 9.2 requests/s, 4 -> 12.8-13.1, 8 -> 13.5 with the same p95; 4 keeps the
# encoders' own threads from being oversubscribed further.
QUERY_CONCURRENCY = 4
QUERY = {"concurrency_id": "query", "concurrency_limit": QUERY_CONCURRENCY}
# UI events stay out of the API page; the documented API is gr.api(...) in _api
INTERNAL = {"api_visibility": "undocumented"}


@dataclass
class ChatTab:
    chat: Any
    box: Any
    send: Any
    examples: Any
    clear: Any


@dataclass
class SettingsTab:
    k: Any
    docs: Any
    langs: Any
    retrievers: Any


def _chat_tab(gr) -> ChatTab:
    chat = gr.Chatbot(
        label="kizuna",
        height=620,
        elem_id="kz-chat",
        placeholder=WELCOME,
        # replies are HTML built by render.py; document text inside them must stay text
        render_markdown=False,
        latex_delimiters=[],
        sanitize_html=True,
        allow_tags=False,
    )
    with gr.Row():
        box = gr.Textbox(
            placeholder="Ask a question… (Enter to send)", show_label=False, scale=8, elem_id="kz-question"
        )
        send = gr.Button("Ask", variant="primary", scale=1, elem_id="kz-ask")
    examples = gr.Examples(EXAMPLES, inputs=box, label="Examples: click one to ask it")
    clear = gr.Button("Clear conversation", size="sm")
    return ChatTab(chat, box, send, examples, clear)


def _source_tab(gr, app: Kizuna):
    with gr.Row():
        key_box = gr.Textbox(label="Citation key", placeholder="kanagawa-moh-profile#3", scale=4)
        open_btn = gr.Button("Open", scale=1)
    source = gr.HTML(render_source(app, ""), elem_id="kz-source")
    return key_box, open_btn, source


def _quote_tab(gr):
    gr.Markdown(
        "Paste a quote or a claim (any language) to see where it comes from, or that nothing "
        "in the corpus supports it."
    )
    quote_box = gr.Textbox(label="Quote or claim", lines=3, elem_id="kz-quote")
    quote_btn = gr.Button("Find the source", variant="primary", elem_id="kz-quote-go")
    quote_out = gr.HTML(elem_id="kz-quote-result")
    return quote_box, quote_btn, quote_out


def _settings_tab(gr, app: Kizuna) -> SettingsTab:
    retriever_names = [r.name for r in app.settings.retrieval.retrievers]
    doc_choices = [(d.meta.title, slug) for slug, d in app.index().documents.items()]
    return SettingsTab(
        k=gr.Slider(1, 10, value=app.settings.retrieval.k, step=1, label="Passages per answer"),
        docs=gr.Dropdown(doc_choices, multiselect=True, label="Only these documents (empty: all)"),
        langs=gr.CheckboxGroup(
            [(LANG_NAMES[x], x) for x in LANGS], value=list(LANGS), label="Passage languages"
        ),
        retrievers=gr.CheckboxGroup(
            retriever_names,
            value=retriever_names,
            label="Retrievers fused (default: all, the measured best; see the Evaluation tab)",
        ),
    )


def _evaluation_tab(gr, app: Kizuna) -> None:
    gr.Markdown(
        f"Runs `{EVAL_FILE.relative_to(EVAL_FILE.parents[1])}` through the fused default and "
        "each retriever alone; a progress bar shows how far it is."
    )
    eval_btn = gr.Button("Run evaluation", variant="primary", elem_id="kz-eval-go")
    eval_table = gr.HTML(elem_id="kz-eval-table")
    eval_chart = gr.HTML(elem_id="kz-eval-chart")

    @handlers.ui_errors
    def run_evaluation(progress=gr.Progress()):  # noqa: B008 - Gradio injects progress this way
        from kizuna.ui.render import render_eval_chart, render_eval_table

        rows = evaluate_all(app, progress=lambda f, d: progress(f, desc=d))
        return render_eval_table(rows), render_eval_chart(rows)

    eval_btn.click(run_evaluation, None, [eval_table, eval_chart], concurrency_limit=1, **INTERNAL)


def _corpus_tab(gr, app: Kizuna) -> None:
    corpus = gr.HTML(render_corpus(app), elem_id="kz-corpus")
    rebuild_btn = gr.Button("Rebuild index")

    @handlers.ui_errors
    def do_rebuild(progress=gr.Progress()):  # noqa: B008
        return rebuild(app, progress=lambda f, d: progress(f, desc=d))

    rebuild_btn.click(do_rebuild, None, corpus, concurrency_limit=1, **INTERNAL)


def _wire_chat(app: Kizuna, tab: ChatTab, settings: SettingsTab) -> None:
    respond = functools.partial(handlers.respond, app)
    inputs = [tab.box, tab.chat, settings.k, settings.docs, settings.langs, settings.retrievers]
    tab.box.submit(respond, inputs, [tab.box, tab.chat], **QUERY, **INTERNAL)
    tab.send.click(respond, inputs, [tab.box, tab.chat], **QUERY, **INTERNAL)
    tab.examples.load_input_event.then(respond, inputs, [tab.box, tab.chat], **QUERY, **INTERNAL)  # one click
    tab.clear.click(lambda: [], None, tab.chat, **INTERNAL)


def _wire_source(gr, app: Kizuna, tabs, key_box, open_btn, source, cite_key, cite_open) -> None:
    def open_key(target):
        html, key = handlers.open_source(app, target)
        return html, gr.Tabs(selected="source"), key

    for event, trigger in ((cite_open.click, cite_key), (open_btn.click, key_box), (key_box.submit, key_box)):
        event(open_key, trigger, [source, tabs, key_box], **QUERY, **INTERNAL).then(
            None, js=SCROLL_TO_FOCUS, **INTERNAL
        )


def _api(gr, app: Kizuna) -> None:
    """The documented API (see README): plain JSON in and out, user errors as gr.Error."""

    def ask(question: str, k: int = 5) -> dict:
        """Answer a question with cited passages (the same as `kizuna ask --json`)."""
        return handlers.api_ask(app, question, k)

    # a separate endpoint, so /ask keeps the two inputs raw HTTP clients already send
    def ask_followup(question: str, k: int = 5, history: list[str] | None = None) -> dict:
        """Answer a question asked in a conversation: `history` holds the earlier questions, oldest first,
        so a follow-up ("And when was it signed?") is understood; `resolved_question` says what was searched."""
        return handlers.api_ask(app, question, k, history)

    def cite(key: str) -> dict:
        """A passage by citation key, with context and document metadata."""
        return handlers.api_cite(app, key)

    def quote(quote: str) -> dict:
        """Where a quote or claim comes from."""
        return handlers.api_quote(app, quote)

    for fn in (ask, ask_followup, cite, quote):
        gr.api(fn, api_name=fn.__name__, **QUERY)


def build_app(app: Kizuna):
    import gradio as gr

    with gr.Blocks(title="kizuna", analytics_enabled=False) as demo:
        gr.Markdown(
            "## kizuna · Vietnam–Japan healthcare cooperation, with sources\n"
            "Ask in **English, 日本語 or Tiếng Việt**. kizuna answers with a sentence from the documents and "
            "cites where it comes from; click any **[n]** or passage key to read it in its document."
        )
        with gr.Tabs(selected="chat") as tabs:
            with gr.Tab("Chat", id="chat"):
                chat = _chat_tab(gr)
            with gr.Tab("Source viewer", id="source"):
                key_box, open_btn, source = _source_tab(gr, app)
            with gr.Tab("Quote lookup", id="quote"):
                quote_box, quote_btn, quote_out = _quote_tab(gr)
            with gr.Tab("Settings", id="settings"):
                settings = _settings_tab(gr, app)
            with gr.Tab("Evaluation", id="evaluation"):
                _evaluation_tab(gr, app)
            with gr.Tab("Corpus", id="corpus"):
                _corpus_tab(gr, app)
        # hidden bridge for citation clicks (see assets.HEAD)
        cite_key = gr.Textbox(visible="hidden", elem_id="kz-cite-key")
        cite_open = gr.Button("open", visible="hidden", elem_id="kz-cite-open")

        _wire_chat(app, chat, settings)
        _wire_source(gr, app, tabs, key_box, open_btn, source, cite_key, cite_open)
        find = functools.partial(handlers.find_quote, app)
        quote_btn.click(find, quote_box, quote_out, **QUERY, **INTERNAL)
        quote_box.submit(find, quote_box, quote_out, **QUERY, **INTERNAL)
        _api(gr, app)
    return demo


def warm_up(app: Kizuna) -> None:
    """Load every model and per-index cache before the first request. Loading is lazy (an encoder's weights
    on its first text, the index's lookups on the first question), and parallel first requests would each
    load them at once: measured, the first round of 16 clients then had a p95 of 13 s instead of 2."""
    for spec in app.settings.retrieval.encoders:
        app.pool.get(spec).encode_queries(["warm-up"])
    app.ask(EXAMPLES[0])


def launch(app: Kizuna, host: str = "127.0.0.1", port: int = 7860, **kwargs):
    """Start the app (blocking unless prevent_thread_lock=True is passed) and return the Gradio Blocks."""
    import gradio as gr

    # kizuna runs offline: no usage analytics, no web fonts from a CDN
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Gradio's queue rebuilds a pandas table of up to 10,000 past events after every event, for a monitoring
    # page kizuna does not use: under load that was a tenth of the server's CPU and grows with uptime
    # (py-spy on 16 clients). Refresh it rarely, over few events.
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
    theme = gr.themes.Default(
        font=["system-ui", "-apple-system", "Segoe UI", "Noto Sans", "Noto Sans CJK JP", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
    )
    demo = build_app(app)
    # Gradio's queue looks for an event to start every 1 ms and for progress to send every 10 ms, busy or
    # not: 6.1% of a core on an idle server (strace: ~1,000 wake-ups a second), 3-5 ms of CPU per request
    # under 16 clients. Every 10 ms and 50 ms: 2-3%; both far below a question's own time.
    queue = getattr(demo, "_queue", None)
    if queue is not None and hasattr(queue, "sleep_when_free"):
        queue.sleep_when_free = max(queue.sleep_when_free, 0.01)
        queue.progress_update_sleep_when_free = max(queue.progress_update_sleep_when_free, 0.05)
    warm_up(app)
    # a live corpus: files added, changed or removed while serving become searchable without a restart
    demo.kizuna_watcher = app.watch()
    from kizuna.ui import api  # the lean JSON routes (/api/ask, /api/cite, /api/quote), ahead of Gradio's

    kwargs.setdefault("app_kwargs", {"routes": api.routes(app)})
    demo.launch(
        server_name=host, server_port=port, theme=theme, css=CSS, head=HEAD, footer_links=["api"], **kwargs
    )
    return demo
