import threading
import time
from pathlib import Path

import gradio as gr
import pytest

from kizuna.answer.citations import CitationError
from kizuna.engine import Kizuna, QueryError
from kizuna.ui import handlers
from kizuna.ui.app import build_app, launch  # noqa: F401 - cli.py imports launch from here
from kizuna.ui.handlers import answer, quote_html
from kizuna.ui.render import (
    EvalRow,
    parse_target,
    render_corpus,
    render_eval_chart,
    render_eval_table,
    render_source,
)

from .conftest import FakePool


def test_answer_renders_the_answer_and_cited_passages(fake_app: Kizuna):
    html = answer(fake_app, "Takeda dengue vaccine", k=2)
    assert html.count('class="kz-hit"') == 2
    assert "Vietnam News Agency (VNA)" in html and "vna-healthcare-seminar-2025#" in html
    assert 'href="#kz-cite:vna-healthcare-seminar-2025%23' in html  # clickable, survives the sanitiser
    assert "kz-answer-text" in html or "does not appear to answer" in html


def test_settings_filter_the_chat(fake_app: Kizuna):
    html = answer(
        fake_app, "vaccine", k=5, docs=["moh-science-workshop-2025"], langs=["ja"], retrievers=["fake"]
    )
    assert "moh-science-workshop-2025#" in html and "vna-healthcare-seminar-2025#" not in html
    with pytest.raises(QueryError, match="choose at least one retriever"):
        answer(fake_app, "vaccine", retrievers=[])
    with pytest.raises(QueryError, match="choose at least one passage language"):
        answer(fake_app, "vaccine", langs=[])


def test_document_markup_is_shown_as_text(fake_settings, corpus_copy: Path):
    (corpus_copy / "evil.md").write_text(
        "Vaccine cooperation <script>alert(1)</script> and <img src=x onerror=alert(2)> "
        "[a link](javascript:alert(3)).\n",
        encoding="utf-8",
    )
    app = Kizuna(fake_settings, FakePool())
    app.build(show_progress=False)
    html = answer(app, "Vaccine cooperation script", k=3)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    source = render_source(app, "evil#1")
    assert "<script>" not in source and "&lt;img src=x" in source
    assert 'href="javascript' not in source


def test_source_viewer_highlights_the_passage(fake_app: Kizuna):
    html = render_source(fake_app, "kanagawa-moh-profile#3")
    assert '<mark id="kz-focus" class="kz-passage">' in html
    assert "https://www.pref.kanagawa.jp/docs/mv4/cnt/f531396/p1194355.html" in html
    assert 'rel="noopener noreferrer"' in html
    with pytest.raises(CitationError, match="closest: kanagawa-moh-profile#3"):
        render_source(fake_app, "kanagawa-moh-profil#3")
    with pytest.raises(gr.Error, match="closest: kanagawa-moh-profile#3"):  # the source viewer's event
        handlers.open_source(fake_app, "kanagawa-moh-profil#3")


def test_quote_lookup_and_empty_inputs(fake_app: Kizuna):
    assert "Found in the corpus" in quote_html(
        fake_app, "automatic visa extensions for all expired visa holders"
    )
    with pytest.raises(gr.Error, match="the quote is empty"):
        handlers.find_quote(fake_app, " ")
    with pytest.raises(QueryError, match="the question is empty"):
        answer(fake_app, "  ")
    assert handlers.respond(fake_app, "  ", [], 5, None, None, None) == ("", [])  # nothing to ask


def test_eval_table_and_chart():
    report = {
        "hit_at_1": 0.5,
        "hit_at_5": 0.75,
        "mrr_at_10": 0.6,
        "ndcg_at_10": 0.7,
        "cross_lingual": {"hit_at_5": 0.5},
        "by_lang": {"en": {"hit_at_5": 1.0}},
        "answer_hit": 0.8,
        "abstention": {"correctly_abstained": 3, "unanswerable": 4},
        "questions": 10,
        "answerable": 6,
        "passages": 20,
    }
    rows = [EvalRow("fused", report), EvalRow("bm25", report)]
    table = render_eval_table(rows)
    assert "<td>fused</td>" in table and "3/4" in table and table.count("<td>–</td>") == 2
    chart = render_eval_chart(rows)
    assert chart.startswith("<svg") and chart.count("<rect") >= 4 and "0.75" in chart


def test_corpus_tab_lists_documents_and_index_state(fake_app: Kizuna):
    html = render_corpus(fake_app)
    assert "up to date" in html and "神奈川県 (Kanagawa Prefecture)" in html
    (fake_app.settings.corpus_dir / "003_af01b7ee011a90c9.txt").write_text("changed\n", encoding="utf-8")
    assert "stale" in render_corpus(fake_app)


def test_app_builds_with_every_tab(fake_app: Kizuna):
    demo = build_app(fake_app)
    config = demo.get_config_file()
    labels = {c.get("props", {}).get("label") for c in config["components"]}
    assert {"Chat", "Source viewer", "Quote lookup", "Settings", "Evaluation", "Corpus"} <= labels


def test_corpus_tab_reports_an_index_built_with_other_settings(fake_app: Kizuna):

    from kizuna.settings import ChunkSettings

    other = Kizuna(fake_app.settings.replace(chunking=ChunkSettings(target_chars=400)), FakePool())
    html = render_corpus(other)
    assert "built with other settings" in html and "target_chars" in html


def test_rebuild_reports_progress_and_the_new_state(fake_app: Kizuna):
    from kizuna.ui.handlers import rebuild

    target = fake_app.settings.corpus_dir / "003_af01b7ee011a90c9.txt"
    target.write_text("Japan donated ventilators to Vietnam in 2020. " * 30 + "\n", encoding="utf-8")
    seen = []
    html = rebuild(fake_app, progress=lambda fraction, stage: seen.append((fraction, stage)))
    assert "Rebuilt: 5 files" in html and "up to date" in html
    assert seen and seen[-1] == (1.0, "embedding with fake")  # only the changed file was re-embedded
    assert all(0 < f <= 1 for f, _ in seen)


def test_answer_marker_opens_the_source_with_the_answer_marked(fake_app: Kizuna):
    import re
    from urllib.parse import unquote

    assert parse_target("kanagawa-moh-profile#3@12-40") == ("kanagawa-moh-profile#3", (12, 40))
    assert parse_target("kanagawa-moh-profile#3") == ("kanagawa-moh-profile#3", None)
    assert parse_target("a@b") == ("a@b", None)

    from kizuna.settings import AnswerSettings

    # the fake encoder's cosines are not calibrated: never abstain, so there is an answer to follow
    fake_app.settings = fake_app.settings.replace(answer=AnswerSettings(abstain_below=-1.0))
    html = answer(fake_app, "How many HAE patients were diagnosed?", k=3)
    marker = re.search(r'kz-answer-text.*?href="#kz-cite:([^"]+)"', html, re.S)
    assert marker is not None
    key, span = parse_target(unquote(marker.group(1)))
    assert span is not None
    source = render_source(fake_app, key, span)
    assert '<mark class="kz-answer">' in source and '<mark id="kz-focus"' in source


def test_chat_shows_the_question_as_text_and_keeps_it_on_a_user_error(fake_app: Kizuna):
    question = "What is <b>bold</b> <img src=x onerror=alert(1)> $$x^2$$?"
    box, history = handlers.respond(fake_app, question, [], 3, None, None, None)
    assert box == "" and [m["role"] for m in history] == ["user", "assistant"]
    shown = history[0]["content"]
    assert "<b>" not in shown and "<img" not in shown
    assert "&lt;b&gt;bold&lt;/b&gt;" in shown and "$$x^2$$" in shown
    too_long = "vaccine " * 400  # over limits.max_question_chars (2,000)
    with pytest.raises(gr.Error, match="the limit is 2,000") as raised:
        handlers.respond(fake_app, too_long, history, 3, None, None, None)
    assert "character" in raised.value.message and len(history) == 2  # the history is untouched
    with pytest.raises(gr.Error, match=r"unknown document '&lt;b&gt;'"):  # the toast renders HTML: escaped
        handlers.respond(fake_app, "vaccine", [], 3, ["<b>"], None, None)


def test_api_errors_carry_the_cli_message(fake_app: Kizuna):
    long_question = "x" * 100_000
    with pytest.raises(QueryError) as engine_error:
        fake_app.ask(long_question)
    started = time.perf_counter()
    with pytest.raises(gr.Error) as api_error:
        handlers.api_ask(fake_app, long_question, 5)
    assert time.perf_counter() - started < 1.0  # refused before any encoding
    assert api_error.value.message == str(engine_error.value)  # what the CLI prints
    with pytest.raises(gr.Error, match="closest: kanagawa-moh-profile#3"):
        handlers.api_cite(fake_app, "kanagawa-moh-profil#3")
    with pytest.raises(gr.Error, match="no passage with key '<b>x</b>'"):  # JSON clients get the text as is
        handlers.api_cite(fake_app, "<b>x</b>")
    with pytest.raises(gr.Error, match="the quote is empty"):
        handlers.api_quote(fake_app, "")
    with pytest.raises(gr.Error, match="k must be at least 1"):
        handlers.api_ask(fake_app, "vaccine", 0)
    with pytest.raises(gr.Error, match="k must be a whole number"):
        handlers.api_ask(fake_app, "vaccine", "many")
    with pytest.raises(gr.Error, match="the question must be text"):
        handlers.api_ask(fake_app, ["vaccine"], 5)
    assert handlers.api_ask(fake_app, "vaccine", "3")["hits"][2]["id"]  # "3" from JSON is still 3


def test_other_exceptions_stay_bugs(fake_app: Kizuna, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(fake_app, "ask", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        handlers.api_ask(fake_app, "vaccine", 5)


def test_chat_renders_no_markdown_latex_or_custom_tags_and_queries_run_in_parallel(fake_app: Kizuna):
    demo = build_app(fake_app)
    config = demo.get_config_file()
    chat = next(c["props"] for c in config["components"] if c["props"].get("elem_id") == "kz-chat")
    assert chat["latex_delimiters"] == [] and chat["render_markdown"] is False
    assert chat["sanitize_html"] is True and chat["allow_tags"] is False
    fns = list(demo.fns.values())
    queries = [f for f in fns if f.concurrency_id == "query"]
    assert {"ask", "cite", "quote"} <= {f.api_name for f in queries}
    assert len(queries) >= 8  # the API, chat, source viewer and quote lookup events share one pool
    assert all(f.concurrency_limit > 1 for f in queries)
    assert [
        f.concurrency_limit for f in fns if getattr(f.fn, "__name__", "") in ("do_rebuild", "run_evaluation")
    ] == [1, 1]


def test_questions_are_answered_from_the_old_index_while_a_rebuild_runs(fake_app: Kizuna):
    """A rebuild publishes a new index when it is done; until then every question gets the old one, at once."""
    import time

    from kizuna.ui.handlers import rebuild

    from .conftest import FakeEncoder

    release = threading.Event()

    class SlowEncoder(FakeEncoder):
        def encode_passages(self, texts):
            release.wait(timeout=30)  # the rebuild stalls here until the test lets it go
            return super().encode_passages(texts)

    class SlowPool(FakePool):
        def __init__(self):
            super().__init__()
            self._factory = lambda spec: SlowEncoder(spec)

    app = Kizuna(fake_app.settings, SlowPool())
    old = app.index(show_progress=False)
    (fake_app.settings.corpus_dir / "new.md").write_text("# New\nOkinawa trains Vietnamese midwives.\n", encoding="utf-8")
    worker = threading.Thread(target=rebuild, args=(app,))
    worker.start()
    try:
        started = time.monotonic()
        reply = answer(app, "When did Kanagawa sign the MOU?")
        assert time.monotonic() - started < 5 and "kanagawa" in reply.lower()
        assert app.index() is old  # still the old one: nothing half-built is visible
    finally:
        release.set()
        worker.join(timeout=60)
    assert app.index() is not old and any(p.doc == "new" for p in app.index().passages)


def test_warm_up_loads_every_encoder_before_serving(fake_app: Kizuna):
    from kizuna.retrieval.encoders import EncoderPool
    from kizuna.ui.app import warm_up

    from .conftest import FakeEncoder

    created: list[str] = []
    fresh = Kizuna(fake_app.settings, EncoderPool(lambda spec: created.append(spec) or FakeEncoder(spec)))
    warm_up(fresh)
    assert created == ["fake"]  # loaded once, before any request could race to load it
    assert fresh.pool.get("fake").calls == []  # queries only: nothing re-embedded


def test_a_follow_up_in_the_chat_is_understood_and_shows_what_was_searched(fake_app: Kizuna):
    from kizuna.ui.handlers import respond

    _, history = respond(
        fake_app, "What agreement did Kanagawa make with Vietnam's Ministry of Health?", [], 5, None, None, None
    )
    _, history = respond(fake_app, "And when was it signed?", history, 5, None, None, None)
    reply = history[-1]["content"]
    assert "Searched as:" in reply and "Kanagawa" in reply.split("Searched as:", 1)[1]
    assert len(history) == 4


def test_the_api_takes_the_conversation_as_history(fake_app: Kizuna):
    from kizuna.ui import handlers

    first = "What agreement did Kanagawa make with Vietnam's Ministry of Health?"
    result = handlers.api_ask(fake_app, "And when was it signed?", 5, [first])
    assert result["resolved_question"] and "Kanagawa" in result["resolved_question"]
    assert handlers.api_ask(fake_app, first, 5)["resolved_question"] is None
    with pytest.raises(gr.Error, match="history must be a list"):
        handlers.api_ask(fake_app, "And when?", 5, "not a list")
