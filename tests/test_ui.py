from pathlib import Path

from kizuna.engine import Kizuna
from kizuna.ui import answer, build_app

from .conftest import FakePool


def test_answer_renders_cited_passages(fake_app: Kizuna):
    html = answer(fake_app, "Takeda dengue vaccine", k=2)
    assert html.count('class="kz-hit"') == 2
    assert "Vietnam News Agency (VNA)" in html and "vna-healthcare-seminar-2025#" in html


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


def test_empty_question_gets_a_message(fake_app: Kizuna):
    assert "the question is empty" in answer(fake_app, "  ")


def test_app_builds(fake_app: Kizuna):
    demo = build_app(fake_app)
    assert demo is not None
