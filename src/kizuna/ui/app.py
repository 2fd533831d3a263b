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

from kizuna.answer.lexicon import warm_lexicons
from kizuna.engine import Kizuna
from kizuna.ingest.text import LANGS
from kizuna.ui import handlers
from kizuna.ui.assets import CSS, EVAL_FILE, HEAD, SCROLL_TO_FOCUS
from kizuna.ui.corpus_info import chat_examples, header_html, questions, summarise, welcome_text
from kizuna.ui.handlers import answer, evaluate_all, rebuild  # noqa: F401 - kept importable from here
from kizuna.ui.prefs import STORAGE_KEY, STORAGE_SECRET
from kizuna.ui.render import LANG_NAMES, render_corpus, render_source
from kizuna.ui.render_eval import render_eval_chart, render_eval_misses, render_eval_table, render_metric_help

# Questions run in parallel, at most this many at once across every query event (chat, source viewer,
# quote lookup and the API share one pool). Measured with 16 clients on 2 busy cores (tests/test_load.py
# --raw, warmed servers): 2 -> 9.2 requests/s, 4 -> 12.8-13.1, 8 -> 13.5 with the same p95; 4 keeps the
# encoders' own threads from being oversubscribed further.
QUERY_CONCURRENCY = 4
QUERY = {"concurrency_id": "query", "concurrency_limit": QUERY_CONCURRENCY}
# UI events stay out of the API page; the documented API is gr.api(...) in _api
INTERNAL = {"api_visibility": "undocumented"}


# How often each open page asks whether the corpus or the served index moved (a few stat calls)
WATCH_SECONDS = 3.0
# The chat fills the window below the header and tabs and above the input box, so the input is visible
# before the first question and a reply's answer fits above the fold (measured at 1366x768 and 390x844
# in tests/test_browser_layout.py). assets.CSS sets the variable: smaller on a phone, where the tabs take two rows.
CHAT_HEIGHT = "var(--kz-chat-height, max(240px, calc(100dvh - 270px)))"


@dataclass
class ChatTab:
    chat: Any
    filters: Any
    box: Any
    send: Any
    clear: Any


@dataclass
class SettingsTab:
    k: Any
    docs: Any
    langs: Any
    retrievers: Any


def _chat_tab(gr, app: Kizuna) -> ChatTab:
    index = app.index()
    chat = gr.Chatbot(
        label="kizuna",
        show_label=False,
        height=CHAT_HEIGHT,
        elem_id="kz-chat",
        placeholder=welcome_text(summarise(index)),
        # the example questions fill the empty chat, where the eye already is (below the question box only
        # one or two were above the fold at 1366x768); they come back when the chat is cleared
        examples=chat_examples(index, app.settings.corpus_dir, app.settings.limits),
        # no share, copy-conversation or per-message copy icons: share needs Hugging Face, the copies are the
        # reply's HTML source, and each sat over the end of the question bubble or alone in a row of its own
        # (text in the chat is selectable as usual)
        buttons=[],
        # Gradio would keep the bottom of a long reply (its last passages) in view; assets.HEAD scrolls the
        # question and its answer to the top of the chat instead
        autoscroll=False,
        # replies are HTML built by render.py; document text inside them must stay text
        render_markdown=False,
        latex_delimiters=[],
        sanitize_html=True,
        allow_tags=False,
    )
    filters = gr.HTML("", elem_id="kz-filters", padding=False)
    with gr.Row(equal_height=True, elem_id="kz-ask-row"):
        box = gr.Textbox(
            placeholder="Ask a question… (Enter to send)",
            show_label=False,
            scale=8,
            min_width=160,
            elem_id="kz-question",
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=60, elem_id="kz-ask")
    clear = gr.Button("Clear conversation", size="sm", elem_id="kz-clear")
    return ChatTab(chat, filters, box, send, clear)


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
    gr.Markdown("These settings are kept in this browser (local storage) and apply to the chat.")
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
        "each retriever alone, question by question (the bar counts them). What the columns mean:"
    )
    gr.HTML(render_metric_help(), padding=False)
    eval_btn = gr.Button("Run evaluation", variant="primary", elem_id="kz-eval-go")
    eval_table = gr.HTML(elem_id="kz-eval-table", min_height=40)
    eval_chart = gr.HTML(elem_id="kz-eval-chart", padding=False)
    eval_misses = gr.HTML(elem_id="kz-eval-misses", padding=False)

    @handlers.ui_errors
    def run_evaluation(progress=gr.Progress()):  # noqa: B008 - Gradio injects progress this way
        from kizuna.evaluation.metrics import load_questions

        rows = evaluate_all(app, progress=lambda f, d: progress(f, desc=d))
        titles = {slug: d.meta.title for slug, d in app.index().documents.items()}
        misses = render_eval_misses(rows[0].report, load_questions(EVAL_FILE), titles) if rows else ""
        return render_eval_table(rows), render_eval_chart(rows), misses

    # one progress bar: on the table's place, not once per output
    eval_btn.click(
        run_evaluation,
        None,
        [eval_table, eval_chart, eval_misses],
        concurrency_limit=1,
        show_progress_on=[eval_table],
        **INTERNAL,
    )


def _corpus_tab(gr, app: Kizuna):
    corpus = gr.HTML(render_corpus(app), elem_id="kz-corpus")
    rebuild_btn = gr.Button("Rebuild index")

    @handlers.ui_errors
    def do_rebuild(progress=gr.Progress()):  # noqa: B008
        return rebuild(app, progress=lambda f, d: progress(f, desc=d))

    rebuild_btn.click(do_rebuild, None, corpus, concurrency_limit=1, **INTERNAL)
    return corpus


def _wire_chat(gr, app: Kizuna, tab: ChatTab, settings: SettingsTab) -> list:
    """The three ways to ask; returns their events (the live corpus chains to them)."""
    respond = functools.partial(handlers.respond, app)
    filters = [settings.k, settings.docs, settings.langs, settings.retrievers]
    inputs = [tab.box, tab.chat, *filters]

    def ask_example(history, k, docs, langs, retrievers, evt):
        return respond(handlers.example_text(evt.value), history, k, docs, langs, retrievers)

    # Gradio passes the clicked example to the parameter typed SelectData (read from the annotations;
    # this module's `gr` is a local name, so the type is set here rather than written in the signature)
    ask_example.__annotations__ = {"evt": gr.SelectData}
    return [
        tab.box.submit(respond, inputs, [tab.box, tab.chat], **QUERY, **INTERNAL),
        tab.send.click(respond, inputs, [tab.box, tab.chat], **QUERY, **INTERNAL),
        tab.chat.example_select(ask_example, [tab.chat, *filters], [tab.box, tab.chat], **QUERY, **INTERNAL),
    ]


def _wire_settings(gr, demo, app: Kizuna, settings: SettingsTab, filters) -> None:
    """Settings live in this browser's local storage: restored (and checked) on load, saved on change;
    the kz-filters line above the question box names every active filter."""
    stored = gr.BrowserState({}, storage_key=STORAGE_KEY, secret=STORAGE_SECRET)
    fields = [settings.k, settings.docs, settings.langs, settings.retrievers]

    def restore(value):
        k, docs, langs, retrievers, line = handlers.restore_settings(app, value)
        choices = [(d.meta.title, slug) for slug, d in app.index().documents.items()]
        return k, gr.Dropdown(choices=choices, value=docs), langs, retrievers, line

    demo.load(restore, stored, [*fields, filters], **INTERNAL)
    save = functools.partial(handlers.save_settings, app)
    for field in fields:
        field.input(save, fields, [stored, filters], **INTERNAL)


def _wire_live(gr, demo, app: Kizuna, chat: ChatTab, settings: SettingsTab, corpus, header, asked: list) -> None:
    """A live corpus, per open page: the Corpus tab follows the folder (stale while an update is under way),
    and when the watcher publishes an update the chat says which documents became searchable, and the
    header, welcome, examples and document filter follow."""
    seen = gr.State({})
    news = gr.Textbox(visible="hidden", elem_id="kz-news-bridge")
    timer = gr.Timer(WATCH_SECONDS)

    def tick(state):
        t = handlers.corpus_tick(app, state)
        if not t.moved:
            return t.seen, *([gr.skip()] * 5)
        index = t.index
        summary = summarise(index) if index is not None else None
        news_value = f"{t.seen['mark'][0]}|{t.seen['mark'][1]}\n{t.announcement}" if t.announcement else gr.skip()
        if summary is None or not t.announcement:
            return t.seen, news_value, render_corpus(app), gr.skip(), gr.skip(), gr.skip()
        choices = [(d.meta.title, slug) for slug, d in index.documents.items()]
        return (
            t.seen,
            news_value,
            render_corpus(app),
            header_html(summary),
            gr.Dropdown(choices=choices),
            # shown again when the chat is cleared
            gr.Chatbot(examples=chat_examples(index, app.settings.corpus_dir, app.settings.limits)),
        )

    outputs = [seen, news, corpus, header, settings.docs, chat.chat]
    quiet = {"show_progress": "hidden", "queue": False, **INTERNAL}
    demo.load(tick, seen, outputs, **quiet)
    timer.tick(tick, seen, outputs, **quiet)

    def announce(value, history):
        _, _, body = (value or "").partition("\n")
        if not body:
            return gr.skip()
        index = app.index(auto_build=False, show_progress=False)
        message = {"role": "assistant", "content": body}
        return gr.Chatbot(value=[*(history or []), message], placeholder=welcome_text(summarise(index)))

    news.change(announce, [news, chat.chat], chat.chat, show_progress="hidden", **INTERNAL)

    # a reply computed from the chat as it was before an announcement arrived would replace the chat
    # without it: after each reply the latest announcement is put back if it is missing
    def keep(value, history):
        kept = handlers.with_news(value, history)
        return gr.skip() if kept is None else kept

    for event in asked:
        event.success(keep, [news, chat.chat], chat.chat, show_progress="hidden", **INTERNAL)
    # Clear empties the chat and forgets the announcement, so it is not put back
    chat.clear.click(lambda: ([], ""), None, [chat.chat, news], **INTERNAL)


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
        header = gr.HTML(header_html(summarise(app.index())), elem_id="kz-header", padding=False)
        # on a phone the six tabs take two rows rather than four of them hiding behind a "⋯" menu
        with gr.Tabs(selected="chat", overflow_behavior="wrap") as tabs:
            with gr.Tab("Chat", id="chat"):
                chat = _chat_tab(gr, app)
            with gr.Tab("Source viewer", id="source"):
                key_box, open_btn, source = _source_tab(gr, app)
            with gr.Tab("Quote lookup", id="quote"):
                quote_box, quote_btn, quote_out = _quote_tab(gr)
            with gr.Tab("Settings", id="settings"):
                settings = _settings_tab(gr, app)
            with gr.Tab("Evaluation", id="evaluation"):
                _evaluation_tab(gr, app)
            with gr.Tab("Corpus", id="corpus"):
                corpus = _corpus_tab(gr, app)
        # hidden bridge for citation clicks (see assets.HEAD)
        cite_key = gr.Textbox(visible="hidden", elem_id="kz-cite-key")
        cite_open = gr.Button("open", visible="hidden", elem_id="kz-cite-open")

        asked = _wire_chat(gr, app, chat, settings)
        _wire_settings(gr, demo, app, settings, chat.filters)
        _wire_live(gr, demo, app, chat, settings, corpus, header, asked)
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
    index = app.index()
    app.ask((questions(index, app.settings.corpus_dir, app.settings.limits) or ["warm-up"])[0])
    warm_lexicons()  # 1.3 s here, else paid by the first "who" question answered from another language


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
