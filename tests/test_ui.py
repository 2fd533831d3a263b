from pathlib import Path

from kizuna.engine import Kizuna
from kizuna.ui.app import (
    EvalRow,
    answer,
    build_app,
    render_corpus,
    render_eval_chart,
    render_eval_table,
    render_quote,
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
    assert "choose at least one retriever" in answer(fake_app, "vaccine", retrievers=[])
    assert "choose at least one passage language" in answer(fake_app, "vaccine", langs=[])


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
    assert "closest: kanagawa-moh-profile#3" in render_source(fake_app, "kanagawa-moh-profil#3")


def test_quote_lookup_and_empty_inputs(fake_app: Kizuna):
    assert "Found in the corpus" in render_quote(
        fake_app, "automatic visa extensions for all expired visa holders"
    )
    assert "Cannot look up" in render_quote(fake_app, " ")
    assert "the question is empty" in answer(fake_app, "  ")


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
    from kizuna.ui.app import rebuild

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

    from kizuna.ui.app import parse_target

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
