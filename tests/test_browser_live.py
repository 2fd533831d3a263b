"""Issue #10's end-to-end check: a user drops a web page and a Word file into the corpus folder of a running
app; the app notices, says so in the chat, and answers questions about each with a citation of that file.

A second app on its own writable copy of the corpus (the real models, shared with the session's app so
nothing is loaded twice), driven in headless Chromium like tests/test_browser.py.
"""

from __future__ import annotations

import shutil
import time

import pytest

from kizuna.engine import Kizuna

from .conftest import SEEDS, free_port
from .test_browser import SHOTS, ask, browser, open_app  # noqa: F401 - the module's Chromium

pytestmark = [pytest.mark.models, pytest.mark.browser]

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Hue hospital opens dialysis training centre with Hokkaido University | Health News</title>
<link rel="canonical" href="https://news.example.org/2026/03/hue-dialysis-centre">
<meta property="article:published_time" content="2026-03-03">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/health">Health</a> <a href="/contact">Contact</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<article><h1>Hue hospital opens dialysis training centre with Hokkaido University</h1>
<p>Hue Central Hospital and Hokkaido University opened a joint dialysis training centre in Hue on 3 March
2026, the hospital's director said at the opening ceremony.</p>
<p>The centre will train 140 Vietnamese nurses in haemodialysis over the next three years, with Japanese
nephrologists teaching on site and by video link from Sapporo.</p>
<p>The project is funded by a grant of 2.5 million USD from the Japan International Cooperation Agency and
builds on ten years of exchanges between the two institutions.</p></article>
<div class="share">Share: Facebook Twitter Email Print</div>
<footer>Copyright 2026 Health News. All rights reserved.</footer>
</body></html>
"""

DOCX_PARAGRAPHS = [
    ("Heading 1", "Bệnh viện Bạch Mai hợp tác với Đại học Osaka về ghép thận"),
    (
        None,
        "Ngày 12 tháng 2 năm 2026, Bệnh viện Bạch Mai và Đại học Osaka đã ký thỏa thuận hợp tác về ghép thận "
        "và đào tạo bác sĩ chuyên khoa thận tại Hà Nội.",
    ),
    (
        None,
        "Theo thỏa thuận, mỗi năm 12 bác sĩ của Bệnh viện Bạch Mai sẽ sang Osaka học tập trong sáu tháng về "
        "phẫu thuật ghép thận.",
    ),
]


def write_docx(path) -> None:
    import docx

    document = docx.Document()
    for style, text in DOCX_PARAGRAPHS:
        document.add_paragraph(text, style=style) if style else document.add_paragraph(text)
    document.save(str(path))


@pytest.fixture(scope="module")
def live(real_app, tmp_path_factory):
    """An app serving a writable copy of the bundled corpus, watching it; yields (url, corpus folder, app)."""
    from kizuna.ui.app import launch

    root = tmp_path_factory.mktemp("live")
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    app = Kizuna(real_app.settings.replace(corpus_dir=corpus, index_dir=root / "index"), real_app.pool)
    app.build(show_progress=False)
    port = free_port()
    demo = launch(app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/", corpus, app
    demo.kizuna_watcher.stop()
    demo.close()


@pytest.fixture(scope="module")
def live_page(live, browser):  # noqa: F811
    url, _, _ = live
    pg = browser.new_page(viewport={"width": 1366, "height": 768})
    open_app(pg, url)
    yield pg
    pg.close()


def test_a_web_page_and_a_word_file_added_while_serving_are_answered_with_citations(live, live_page):
    _, corpus, app = live
    page = live_page
    (corpus / "hue-dialysis.html").write_text(PAGE, encoding="utf-8")
    write_docx(corpus / "bach-mai-osaka.docx")

    # the app picks them up by itself (no rebuild clicked) and the chat says so
    # (the watcher may publish the page before the Word file is complete, then the file in a second build:
    # wait until the served index holds both)
    wanted = {"hue-dialysis.html", "bach-mai-osaka.docx"}
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not wanted <= {d.meta.path for d in app.index().documents.values()}:
        time.sleep(1)
    assert wanted <= {d.meta.path for d in app.index().documents.values()}, app.status().reasons
    page.wait_for_function(
        "document.querySelector('#kz-chat').innerText.includes('searchable now')", timeout=60_000
    )
    chat = page.locator("#kz-chat").inner_text()
    assert "Hue hospital opens dialysis training centre" in chat  # the page's title, from its metadata
    page.screenshot(path=str(SHOTS / "7-new-documents-announced.png"))

    slugs = {doc.meta.path: slug for slug, doc in app.index().documents.items()}
    html_slug, docx_slug = slugs["hue-dialysis.html"], slugs["bach-mai-osaka.docx"]

    answers = page.locator("#kz-chat .kz-answer-text, #kz-chat .kz-notfound").count()
    english = ask(page, "How many Vietnamese nurses will the Hue dialysis training centre train?", answers + 1)
    assert "140" in english
    cited = page.locator("#kz-chat .kz-answer-text").last.locator("a.kz-cite").first.get_attribute("href")
    assert html_slug in cited.replace("%23", "#")
    page.screenshot(path=str(SHOTS / "8-answer-from-new-html.png"))

    vietnamese = ask(page, "Bệnh viện Bạch Mai ký thỏa thuận ghép thận với trường đại học nào?", answers + 2)
    assert "Osaka" in vietnamese
    cited = page.locator("#kz-chat .kz-answer-text").last.locator("a.kz-cite").first.get_attribute("href")
    assert docx_slug in cited.replace("%23", "#")
    page.screenshot(path=str(SHOTS / "9-answer-from-new-docx.png"))

    # the boilerplate of the page never became searchable text
    text = app.index().documents[html_slug].text
    assert "cookies" not in text.lower() and "Facebook" not in text and "Copyright" not in text
