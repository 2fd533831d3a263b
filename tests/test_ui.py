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
from kizuna.ui.render import parse_target, render_corpus, render_source
from kizuna.ui.render_eval import EvalRow, render_eval_chart, render_eval_table

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
    # no share / copy icons over the question bubble or in rows of their own (the layout browser test looks)
    assert chat["buttons"] == []
    tabs = next(c["props"] for c in config["components"] if c.get("type") == "tabs")
    assert tabs["overflow_behavior"] == "wrap"  # a phone shows every tab, none behind a "⋯" menu
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


def test_a_follow_up_is_understood_from_the_history_the_browser_sends(fake_app: Kizuna):
    from kizuna.ui.handlers import message_text, respond

    first = "What agreement did Kanagawa make with Vietnam's Ministry of Health & <who>?"
    _, history = respond(fake_app, first, [], 5, None, None, None)
    # Gradio hands the chat back to the server as content parts, not the strings respond returned
    sent = [{"role": m["role"], "content": [{"type": "text", "text": m["content"]}]} for m in history]
    assert message_text(sent[0]) == first == message_text(history[0])
    _, history = respond(fake_app, "And when was it signed?", sent, 5, None, None, None)
    searched = history[-1]["content"].split("Searched as:", 1)[1].split("</small>", 1)[0]
    assert "Kanagawa" in searched and "'type'" not in searched and "text" not in searched


def test_the_api_takes_the_conversation_as_history(fake_app: Kizuna):
    from kizuna.ui import handlers

    first = "What agreement did Kanagawa make with Vietnam's Ministry of Health?"
    result = handlers.api_ask(fake_app, "And when was it signed?", 5, [first])
    assert result["resolved_question"] and "Kanagawa" in result["resolved_question"]
    assert handlers.api_ask(fake_app, first, 5)["resolved_question"] is None
    with pytest.raises(gr.Error, match="history must be a list"):
        handlers.api_ask(fake_app, "And when?", 5, "not a list")


# ---- the app fits the corpus it serves (issue #10) ----------------------------------------------------


def _own_corpus_app(tmp_path: Path, files: dict[str, str], pdf_pages: list[str] | None = None) -> Kizuna:
    from kizuna.settings import RetrievalSettings, Settings

    from .conftest import FAKE_RETRIEVERS
    from .test_loaders import make_pdf

    corpus = tmp_path / "own"
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    if pdf_pages:
        make_pdf(corpus / "report.pdf", pdf_pages)
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "own-index", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )
    app = Kizuna(settings, FakePool())
    app.build(show_progress=False)
    return app


def _config_props(demo, elem_id: str) -> dict:
    return next(c["props"] for c in demo.get_config_file()["components"] if c["props"].get("elem_id") == elem_id)


def test_welcome_header_and_examples_come_from_the_users_own_corpus(tmp_path: Path):
    app = _own_corpus_app(
        tmp_path,
        {
            "bees.md": "# Urban beekeeping in Hanoi\nRooftop hives in Hanoi produced 40 kg of honey in 2024.\n",
            "rice.md": "# Mekong rice yields\nRice yields in the Mekong delta rose by 3% in 2023.\n",
        },
    )
    demo = build_app(app)
    welcome = _config_props(demo, "kz-chat")["placeholder"]
    assert "2 documents" in welcome and "English" in welcome
    assert "5 documents" not in welcome and "Japanese" not in welcome and "日本語 and" not in welcome.split("Ask in")[0]
    assert "2 documents (2 passages)" in _config_props(demo, "kz-header")["value"]
    examples = [e["text"] for e in _config_props(demo, "kz-chat")["examples"]]
    # one per document in its language, then one in each language no document is written in, about the last
    assert examples == [
        "What does “Urban beekeeping in Hanoi” say?",
        "「Mekong rice yields」には何が書かれていますか？",
        "“Mekong rice yields” nói gì?",
        "What does “Mekong rice yields” say?",
    ]
    assert not any("Kanagawa" in e or "HAE" in e for e in examples)


def test_a_clicked_chat_example_asks_its_question(fake_app: Kizuna):
    from kizuna.ui.corpus_info import chat_examples

    examples = chat_examples(fake_app.index())
    assert len(examples) == 6 and all(set(e) == {"text"} for e in examples)
    question = handlers.example_text(examples[0])  # what Gradio sends as the example_select value
    assert question == examples[0]["text"] and handlers.example_text("plain") == "plain"
    assert handlers.example_text(None) == "" and handlers.example_text({}) == ""
    demo = build_app(fake_app)
    (ask,) = [f for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "ask_example"]
    assert ask.concurrency_id == "query"
    box, history = ask.fn(None, 2, None, None, None, gr.SelectData(None, {"index": 0, "value": examples[0]}))
    assert box == "" and [m["role"] for m in history] == ["user", "assistant"]
    assert "kz-question" in history[0]["content"] and 'class="kz-hit"' in history[1]["content"]


def test_examples_cover_every_language_and_titles_are_shortened(fake_app: Kizuna):
    from kizuna.ui.corpus_info import example_questions, summarise, welcome_text

    examples = example_questions(fake_app.index())
    assert len(examples) == 6  # one per document and one in Vietnamese, which no document is written in
    assert examples[0].startswith("What does “") and examples[1].startswith("「")  # languages alternate
    assert examples[2].endswith("” nói gì?") and examples[2].count("“") == 1  # about an English document
    assert examples[2].removesuffix(" nói gì?") not in " ".join(examples[:2])  # not the first one's document
    assert all(len(e) <= 60 for e in examples)  # short enough for the example boxes
    assert "「ベトナム保健省 ＜神奈川県MOU締結先機関のご紹介＞」" in " ".join(examples)  # the English gloss is cut
    summary = summarise(fake_app.index())
    assert summary.documents == 5 and set(summary.langs) == {"en", "ja"}
    assert "5 documents" in welcome_text(summary) and "English and 日本語" in welcome_text(summary)
    assert len(example_questions(fake_app.index(), limit=2)) == 2


def test_a_catalog_configures_the_examples_and_a_malformed_list_is_ignored():
    from kizuna.ui.corpus_info import configured_examples

    assert configured_examples({"documents": {}}) == (None, None)  # none configured: made from titles
    assert configured_examples({"examples": []}) == (None, None)
    assert configured_examples(["not", "a", "catalog"]) == (None, None)
    assert configured_examples({"examples": ["Who?", "  When\n was it?  "]}) == (["Who?", "When was it?"], None)
    for bad in ("Who?", ["Who?", 3], ["Who?", "  "], [["Who?"]], {"en": "Who?"}, None):
        examples, problem = configured_examples({"examples": bad})
        assert examples is None and "not a list of non-empty strings" in problem, bad


def test_the_bundled_catalogs_examples_are_shown_in_order(fake_app: Kizuna):
    import json

    from kizuna.ui.corpus_info import chat_examples, example_questions

    corpus = fake_app.settings.corpus_dir
    configured = json.loads((corpus / "catalog.json").read_text(encoding="utf-8"))["examples"]
    assert len(fake_app.index().documents) == 5  # the ingest ignores the catalog's "examples" key
    demo = build_app(fake_app)
    shown = [e["text"] for e in _config_props(demo, "kz-chat")["examples"]]
    assert shown == configured and shown != example_questions(fake_app.index())
    # one per language in turn (en, ja, vi, en, ja, vi): the browser tests look for each in the first three
    ja = [any("\u3040" <= c <= "\u30ff" for c in q) for q in shown]
    vi = [any(c in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỷỹ" for c in q.lower()) for q in shown]
    assert ja == [False, True, False] * 2 and vi == [False, False, True] * 2
    assert chat_examples(fake_app.index(), corpus) == [{"text": q} for q in configured]


def test_catalog_examples_fall_back_to_titles_with_one_warning(fake_app: Kizuna, caplog):
    import json
    import logging

    from kizuna.ui.corpus_info import MAX_EXAMPLES, chat_examples, example_questions, questions

    corpus = fake_app.settings.corpus_dir
    catalog = json.loads((corpus / "catalog.json").read_text(encoding="utf-8"))
    generated = example_questions(fake_app.index())
    catalog["examples"] = ["Who signed it?", 42]
    (corpus / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kizuna.ui.corpus_info"):
        assert questions(fake_app.index(), corpus) == generated
        assert [e["text"] for e in chat_examples(fake_app.index(), corpus)] == generated  # asked again: no repeat
    (line,) = [r.getMessage() for r in caplog.records]
    assert "catalog.json" in line and "not a list of non-empty strings" in line and "\n" not in line
    catalog["examples"] = [f"Question {i}?" for i in range(9)]  # more than fit: the first ones, in order
    (corpus / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    assert questions(fake_app.index(), corpus) == [f"Question {i}?" for i in range(MAX_EXAMPLES)]
    (corpus / "catalog.json").write_text("{broken", encoding="utf-8")  # the ingest reports it; no crash here
    assert questions(fake_app.index(), corpus) == generated
    (corpus / "catalog.json").unlink()
    assert questions(fake_app.index(), corpus) == generated


def test_the_source_viewer_shows_pdf_pages_with_jump_links(tmp_path: Path):
    pages = [
        "Japan supports primary healthcare in Vietnam. " * 8,
        "The telemedicine project trains health workers in remote provinces. " * 8,
        "Okinawa hospitals host <b>Vietnamese</b> nurses every spring. " * 8,
    ]
    app = _own_corpus_app(tmp_path, {}, pages)
    on_page_2 = next(p for p in app.index().passages if p.page == 2)
    html = render_source(app, on_page_2.key)
    for n in (1, 2, 3):
        assert f'id="kz-page-{n}"' in html and f'href="#kz-page:{n}"' in html
    assert 'class="kz-page-link kz-current" title="jump to page 2"' in html  # the cited passage's page
    doc = html.split('<div class="kz-doc">', 1)[1]
    # every page's text comes after its own marker and before the next one; the passage is inside page 2
    p2, p3, focus = doc.index('id="kz-page-2"'), doc.index('id="kz-page-3"'), doc.index('id="kz-focus"')
    assert doc.index("telemedicine") > p2 and doc.index("Okinawa") > p3 > doc.rindex("telemedicine")
    assert p2 < focus < p3
    assert "&lt;b&gt;Vietnamese&lt;/b&gt;" in doc and "<b>Vietnamese" not in doc
    assert "<tr><th>Pages</th><td>3</td></tr>" in html
    assert "kz-page" not in render_source(_own_corpus_app(tmp_path / "t", {"a.md": "Plain text.\n"}), "a#1")


def test_marks_nest_when_the_answer_starts_a_passage(fake_app: Kizuna):
    p = fake_app.index().passages[3]
    html = render_source(fake_app, p.key, (p.start, p.start + 10))
    assert '<mark id="kz-focus" class="kz-passage"><mark class="kz-answer">' in html
    assert html.count("<mark") == html.count("</mark>") == 2


def test_stored_settings_are_checked_when_read_back():
    from kizuna.ui.prefs import restore

    known, retrievers = ["a", "b"], ["fake", "bm25"]
    assert restore(None, known, retrievers, 5).k == 5
    prefs = restore(
        {"k": 99, "docs": ["a", "gone", 3], "langs": [], "retrievers": ["bm25", "removed"]}, known, retrievers, 5
    )
    assert prefs.k == 5 and prefs.docs == ("a",) and prefs.langs == ("en", "ja", "vi") and prefs.retrievers == ("bm25",)
    assert restore({"k": 3, "langs": ["ja", "xx"]}, known, retrievers, 5).langs == ("ja",)
    assert restore("not a dict", known, retrievers, 5).retrievers == ("fake", "bm25")


def test_active_filters_show_above_the_box_and_in_the_reply(fake_app: Kizuna):
    stored, line = handlers.save_settings(fake_app, 3, ["kanagawa-moh-profile"], ["ja"], ["fake", "bm25"])
    assert stored == {"k": 3, "docs": ["kanagawa-moh-profile"], "langs": ["ja"], "retrievers": ["fake", "bm25"]}
    assert "only 1 document: “ベトナム保健省" in line and "passages in 日本語" in line and "retrievers" not in line
    assert handlers.save_settings(fake_app, 5, [], ["en", "ja", "vi"], ["fake", "bm25"])[1] == ""
    assert handlers.restore_settings(fake_app, stored) == (3, ["kanagawa-moh-profile"], ["ja"], ["fake", "bm25"], line)
    _, history = handlers.respond(fake_app, "MOU", [], 3, ["kanagawa-moh-profile"], ["ja"], ["bm25"])
    note = history[-1]["content"].split('class="kz-filter-note"', 1)[1].split("</p>", 1)[0]
    assert "only 1 document" in note and "retrievers: bm25" in note
    _, plain = handlers.respond(fake_app, "MOU", [], 3, None, None, None)
    assert "kz-filter-note" not in plain[-1]["content"]


def test_a_filter_line_shows_document_titles_as_text():
    from kizuna.ui.prefs import Prefs, filters_html

    line = filters_html(Prefs(5, ("x",), ("en",), ("fake",)), {"x": "<img src=x onerror=alert(1)>"}, ["fake"])
    assert "<img" not in line and "&lt;img src=x" in line


def test_settings_persist_in_local_storage_and_the_corpus_is_watched_per_page(fake_app: Kizuna):
    demo = build_app(fake_app)
    config = demo.get_config_file()
    stored = [c["props"] for c in config["components"] if c["type"] == "browserstate"]
    assert len(stored) == 1 and stored[0]["storage_key"] == "kizuna-settings"
    assert any(c["type"] == "timer" for c in config["components"])
    names = {getattr(getattr(f.fn, "func", f.fn), "__name__", "") for f in demo.fns.values()}
    assert {"restore", "save_settings", "tick", "announce"} <= names


def test_a_page_is_told_when_documents_become_searchable(fake_app: Kizuna, monkeypatch):
    monkeypatch.setattr(handlers, "FOLDER_MARK_SECONDS", 0.0)  # no sharing between the steps below
    first = handlers.corpus_tick(fake_app, None)
    assert not first.moved and first.announcement is None and len(first.seen["docs"]) == 5
    assert handlers.corpus_tick(fake_app, first.seen).moved is False  # nothing changed: nothing sent
    corpus = fake_app.settings.corpus_dir
    (corpus / "okinawa.md").write_text("# Okinawa <midwives>\nOkinawa trains Vietnamese midwives.\n", encoding="utf-8")
    pending = handlers.corpus_tick(fake_app, first.seen)  # the file is there, the update not yet published
    assert pending.moved and pending.announcement is None and "stale" in render_corpus(fake_app)
    fake_app.refresh()  # what the watcher does in the background
    added = handlers.corpus_tick(fake_app, pending.seen)
    assert "1 new document is searchable now" in added.announcement
    assert "Okinawa &lt;midwives&gt;" in added.announcement and "6 documents" in added.announcement
    assert "up to date" in render_corpus(fake_app)
    (corpus / "okinawa.md").write_text("# Okinawa <midwives>\nOkinawa trains 40 midwives.\n", encoding="utf-8")
    fake_app.refresh()
    changed = handlers.corpus_tick(fake_app, added.seen)
    assert "Updated" in changed.announcement and "new document" not in changed.announcement
    (corpus / "okinawa.md").unlink()
    fake_app.refresh()
    removed = handlers.corpus_tick(fake_app, changed.seen)
    assert "Removed, no longer searched" in removed.announcement and "Okinawa" in removed.announcement


def test_open_pages_share_one_listing_of_the_folder_per_second(fake_app: Kizuna, monkeypatch):
    calls = []
    real = handlers.corpus_signature
    monkeypatch.setattr(handlers, "corpus_signature", lambda *a: calls.append(1) or real(*a))
    monkeypatch.setattr(handlers, "FOLDER_MARK_SECONDS", 60.0)
    handlers._FOLDER_MARKS.clear()
    seen = handlers.corpus_tick(fake_app, None).seen
    for _ in range(20):  # twenty pages polling
        assert handlers.corpus_tick(fake_app, seen).moved is False
    assert len(calls) == 1


def test_evaluation_reports_progress_per_question(fake_app: Kizuna, tmp_path: Path):
    from kizuna.ui.handlers import evaluate_all

    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "a", "question": "When was the Kanagawa MOU signed?", "lang": "en", "evidence": ["2024年11月15日"]}\n'
        '{"id": "b", "question": "Takeda dengue vaccine", "lang": "en", "evidence": ["dengue"]}\n'
        '{"id": "c", "question": "What about Mars?", "lang": "en", "evidence": []}\n',
        encoding="utf-8",
    )
    seen: list[tuple[float, str]] = []
    rows = evaluate_all(fake_app, questions, progress=lambda f, d: seen.append((f, d)))
    assert [r.name for r in rows] == ["fused", "fake", "bm25"]
    fractions = [f for f, _ in seen]
    assert len(seen) == 3 * 3 + 1 and fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1.0
    assert seen[4][1] == "fake: question 2 of 3"


def test_evaluation_tab_explains_metrics_and_lists_missed_questions(fake_app: Kizuna):
    from kizuna.evaluation.metrics import Question
    from kizuna.ui.render_eval import METRICS, render_eval_misses, render_metric_help

    help_html = render_metric_help()
    assert help_html.count("<li>") == len(METRICS) >= 8 and "nDCG@10" in help_html
    questions = [
        Question("q1", "Who built <b>it</b>?", "en", ("the bridge",), True, False),
        Question("q2", "Fine?", "en", ("fine",), True, False),
    ]
    report = {
        "answerable": 2,
        "misses_at_5": [{"id": "q1", "first_relevant_rank": 7, "top": ["kanagawa-moh-profile#2", "x#1"]}],
        "answer_misses": ["q1", "q2"],
    }
    html = render_eval_misses(report, questions, {"kanagawa-moh-profile": "Kanagawa profile"})
    assert "1 of 2 answerable questions" in html and "Who built &lt;b&gt;it&lt;/b&gt;?" in html
    assert "evidence first at rank 7" in html and "expected: the bridge" in html
    assert 'href="#kz-cite:kanagawa-moh-profile%232"' in html and "Kanagawa profile" in html
    assert "2 answerable questions whose answer sentence missed" in html
    assert "None: every answerable" in render_eval_misses({"answerable": 2, "misses_at_5": []}, questions, {})


def test_the_evaluation_shows_one_progress_bar(fake_app: Kizuna):
    demo = build_app(fake_app)
    config = demo.get_config_file()
    ids = {c["props"].get("elem_id"): c["id"] for c in config["components"]}
    (dep,) = [d for d in config["dependencies"] if ids["kz-eval-misses"] in d["outputs"]]
    assert dep["show_progress_on"] == [ids["kz-eval-table"]] and len(dep["outputs"]) == 3


def test_an_announcement_a_reply_raced_is_put_back(fake_app: Kizuna):
    from kizuna.ui.handlers import with_news

    news = '1|2\n<div class="kz-news"><p><b>1 new document is searchable now:</b></p></div>'
    body = news.split("\n", 1)[1]
    _, history = handlers.respond(fake_app, "vaccine", [], 3, None, None, None)  # computed without it
    kept = with_news(news, history)
    assert kept is not None and kept[:2] == history and kept[-1] == {"role": "assistant", "content": body}
    as_sent = [{"role": m["role"], "content": [{"type": "text", "text": m["content"]}]} for m in kept]
    assert with_news(news, as_sent) is None  # already shown: not twice
    assert with_news("", history) is None and with_news(None, None) is None  # cleared or nothing yet
    demo = build_app(fake_app)
    keeps = [f for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "keep"]
    assert len(keeps) == 3  # after each of the three ways to ask


def test_an_answer_in_another_language_is_shown_with_its_gloss_as_text():
    from kizuna.answer.extract import Answer
    from kizuna.answer.gloss import make_gloss
    from kizuna.engine import Response
    from kizuna.ui.render import render_response

    text = "既に1,460万人以上の市民が<b>VNeID</b>に統合しています。"
    question = "How many citizens linked their records to VNeID?"
    answer = Answer(text, 1, "doc#1", (0, len(text)), (0, len(text)), 1.0, 0.9, 0.9, False)
    html = render_response(Response(question, [], answer, gloss=make_gloss(text, question)))
    assert "The answer sentence is in Japanese." in html
    assert "more than 14.6 million people (1,460万人以上)" in html
    assert "<b>VNeID" not in html and "&lt;b&gt;" in html  # document text stays text
    # same language, or declined: no gloss
    declined = Answer(text, 1, "doc#1", (0, len(text)), (0, len(text)), 1.0, 0.1, 0.1, True)
    assert "kz-gloss" not in render_response(Response(question, [], declined, gloss=make_gloss(text, question)))


def test_a_declined_answer_shows_its_closest_sentence_labelled_as_no_answer_in_the_questions_language():
    from kizuna.answer.extract import Answer
    from kizuna.engine import Response
    from kizuna.ui.render import render_response

    text = "特に、2024年12月22日付の政治局決議第57-NQ/TW号の実施において"
    declined = Answer(text, 4, "doc#4", (0, len(text)), (10, 10 + len(text)), 1.0, 0.34, 0.34, True)
    for question, label in (
        ("When was Resolution 57 issued?", "Closest sentence, not given as an answer ([4], confidence 0.34):"),
        ("Nghị quyết 57 được ban hành ngày nào?", "Câu gần nhất, không được đưa ra làm câu trả lời ([4], độ tin cậy 0.34):"),
        ("決議第57号はいつ出されましたか？", "答えとしなかった最も近い文（[4]、確信度 0.34）："),
    ):
        response = Response(question, [], declined)
        assert response.closest == label
        html = render_response(response)
        assert "kz-closest" in html and label in html and "2024年12月22日" in html
        assert html.index("kz-notfound") < html.index("kz-closest")  # the decline comes first
        assert response.to_dict()["closest"] == label  # the JSON (CLI, API) labels answer.text the same way
    # declined by a check, not for its confidence: the label gives none (0.91 beside "never names …" would
    # contradict the reason)
    checked = Answer(text, 2, "doc#2", (0, len(text)), (0, len(text)), 1.0, 0.91, 0.91, True, False, "unnamed", ("Osaka",))
    assert Response("When was Resolution 57 issued?", [], checked).closest == "Closest sentence, not given as an answer ([2]):"
    # an answered question, or one with no candidate at all, has no closest line
    answered = Answer(text, 1, "doc#1", (0, len(text)), (0, len(text)), 1.0, 0.9, 0.9, False)
    assert Response("When?", [], answered).closest is None and Response("When?", [], None).closest is None
    assert Response("When?", [], answered).to_dict()["closest"] is None
    assert "kz-closest" not in render_response(Response("When?", [], answered))
