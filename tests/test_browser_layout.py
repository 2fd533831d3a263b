"""Every screen, in a real browser: the answer is visible without scrolling at 1366x768 (a common laptop)
and 390x844 (a phone), PDF pages in the source viewer, settings kept across a reload, and the chat told
when new documents become searchable. Screenshots go to artifacts/screenshots/ (not committed) — look at
them after a visible change."""

from __future__ import annotations

import shutil

import pytest

from .conftest import FAKE_RETRIEVERS, SEEDS, FakePool, free_port
from .test_browser import SHOTS, browser, open_app  # noqa: F401 - the module's Chromium
from .test_loaders import make_pdf

SCREENS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
QUESTIONS = (
    "How many HAE patients were diagnosed through the Takeda initiative?",
    "ベトナムで最初のデング熱ワクチンを開発した日本企業は？",
    "Khi nào tỉnh Kanagawa ký biên bản ghi nhớ với Bộ Y tế Việt Nam?",
)
REPLY = "#kz-chat .kz-answer-text, #kz-chat .kz-notfound"

# where an element is: inside the window and inside the chat's scrolling pane (an element scrolled out of
# the pane still has a box inside the window, so both are checked)
PLACE = """(el) => {
  const r = el.getBoundingClientRect();
  const pane = (el.closest('.bubble-wrap') || document.body).getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, paneTop: pane.top,
          paneBottom: pane.bottom, width: innerWidth, height: innerHeight};
}"""


# Gradio's controls over the chat (share, clear, copy, scroll-to-bottom: any visible button of the pane) whose
# box meets the box of the text a user reads: the question bubbles, the answers and the passages
COVERED = """() => {
  const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const texts = Array.from(document.querySelectorAll(
    '#kz-chat .kz-question, #kz-chat .kz-answer-text, #kz-chat .kz-notfound, #kz-chat .kz-closest, #kz-chat .kz-hit')).filter(shown);
  const out = [];
  for (const b of document.querySelectorAll('#kz-chat button')) {
    if (!shown(b) || b.closest('.message-content')) continue;
    const r = b.getBoundingClientRect();
    for (const t of texts) if (meet(r, t.getBoundingClientRect()))
      out.push((b.getAttribute('aria-label') || b.title || 'button') + ' over ' + t.className + ': ' +
               t.textContent.slice(0, 40));
  }
  return out;
}"""
# Gradio's per-message button rows (a copy icon alone in a row under a message)
BUTTON_ROWS = "#kz-chat .message-buttons, #kz-chat .message-buttons-left, #kz-chat .message-buttons-right"
# every tab in the bar, none in Gradio's "⋯" overflow menu
TABS = ("Chat", "Source viewer", "Quote lookup", "Settings", "Evaluation", "Corpus")


def _inside(box: dict, pane: bool = True) -> bool:
    in_window = box["top"] >= 0 and box["bottom"] <= box["height"] and box["left"] >= 0 and box["right"] <= box["width"]
    in_pane = box["top"] >= box["paneTop"] - 1 and box["bottom"] <= box["paneBottom"] + 1
    return in_window and (in_pane or not pane)


@pytest.mark.models
@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_answer_is_visible_without_scrolling(server, browser, screen):  # noqa: F811
    pg = browser.new_page(viewport=SCREENS[screen])
    try:
        open_app(pg, server)
        box = pg.locator("#kz-question textarea").evaluate(PLACE)
        assert _inside(box, pane=False), f"the question box is below the fold before the first question: {box}"
        # the example questions (corpus/catalog.json's six) are on the first screen, not below
        # the fold: all of them on the laptop, the first four on the phone (5 measured), one per language first
        examples = pg.locator("#kz-chat .example")
        assert examples.count() == 6
        shown = [_inside(examples.nth(i).evaluate(PLACE)) for i in range(examples.count())]
        assert shown[: 6 if screen == "laptop" else 4] == [True] * (6 if screen == "laptop" else 4), shown
        firsts = [examples.nth(i).inner_text() for i in range(3)]
        # corpus/catalog.json's examples: English, Japanese, Vietnamese, in turn
        assert firsts[0].startswith("What ") and "神奈川県" in firsts[1] and "hội thảo" in firsts[2]
        assert _inside(pg.locator("#kz-clear").evaluate(PLACE), pane=False)
        for tab in TABS:
            place = pg.get_by_role("tab", name=tab).evaluate(PLACE)
            assert _inside(place, pane=False), f"{screen}: the {tab} tab is not shown in the bar: {place}"
        assert not pg.locator(".overflow-menu").is_visible()
        pg.screenshot(path=str(SHOTS / f"layout-{screen}-0-first.png"))
        for count, question in enumerate(QUESTIONS, start=1):
            pg.fill("#kz-question textarea", question)
            pg.click("#kz-ask")
            pg.wait_for_function(f"document.querySelectorAll('{REPLY}').length >= {count}", timeout=60_000)
            pg.wait_for_timeout(800)  # the page script scrolls the new reply into view
            pg.screenshot(path=str(SHOTS / f"layout-{screen}-{count}.png"))
            answer = pg.locator(REPLY).last
            box = answer.evaluate(PLACE)
            assert _inside(box), f"{screen}, question {count}: the answer is outside the visible area: {box}"
            # the question it answers is shown with it, when both fit
            asked = pg.locator("#kz-chat .kz-question").last.evaluate(PLACE)
            if box["bottom"] - asked["top"] < box["paneBottom"] - box["paneTop"] - 16:
                assert _inside(asked), f"{screen}, question {count}: the question scrolled away: {asked}"
            # nothing of Gradio's sits on the text, also with the pointer on the question (icons that show on
            # hover), and no row holds a lone button
            assert pg.evaluate(COVERED) == [], f"{screen}, question {count}"
            pg.locator("#kz-chat .kz-question").last.hover()
            pg.wait_for_timeout(300)
            assert pg.evaluate(COVERED) == [], f"{screen}, question {count}, pointer on the question"
            assert all(not row.is_visible() for row in pg.locator(BUTTON_ROWS).all())
        # scrolled up a little, away from the bottom, where Gradio shows its scroll-to-bottom arrow
        pg.locator("#kz-chat .bubble-wrap").evaluate("(el) => { el.scrollTop = Math.max(0, el.scrollTop - 150); }")
        pg.wait_for_timeout(500)
        assert pg.evaluate(COVERED) == [], f"{screen}: scrolled up"
        # Clear empties the chat and the examples come back
        pg.click("#kz-clear")
        pg.wait_for_selector("#kz-chat .example", timeout=10_000)
        assert pg.locator(REPLY).count() == 0 and pg.locator("#kz-chat .example").count() == 6
    finally:
        pg.close()


# ---- a corpus with a PDF, on the fake encoder (rendering and watching need no model) -------------------


@pytest.fixture(scope="module")
def live(browser, tmp_path_factory):  # noqa: F811
    from kizuna.engine import Kizuna
    from kizuna.settings import RetrievalSettings, Settings
    from kizuna.ui.app import launch

    root = tmp_path_factory.mktemp("live")
    shutil.copytree(SEEDS, root / "corpus")
    make_pdf(
        root / "corpus" / "report.pdf",
        [f"Page {n} of the report. " + f"Topic number {n} is discussed here at length. " * 40 for n in (1, 2, 3, 4)],
    )
    settings = Settings(
        corpus_dir=root / "corpus", index_dir=root / "index", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )
    app = Kizuna(settings, FakePool())
    app.build(show_progress=False)
    port = free_port()
    demo = launch(app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/", app
    demo.kizuna_watcher.stop()
    demo.close()


@pytest.mark.browser
def test_pdf_pages_show_in_the_source_viewer_with_jump_to_page(live, browser):  # noqa: F811
    url, app = live
    key = next(p.key for p in app.index().passages if p.doc == "report" and p.page == 1)
    pg = browser.new_page(viewport=SCREENS["laptop"])
    try:
        open_app(pg, url)
        pg.get_by_role("tab", name="Source viewer").click()
        pg.get_by_label("Citation key").fill(key)
        pg.get_by_label("Citation key").press("Enter")
        pg.wait_for_selector("#kz-source #kz-focus", timeout=30_000)
        pg.wait_for_timeout(800)  # the viewer scrolls to the cited passage first
        assert pg.locator("#kz-source .kz-page").count() == 4
        assert pg.locator("#kz-source .kz-page-link.kz-current").inner_text() == "1"
        pg.locator('#kz-source a[href="#kz-page:3"]').click()
        pg.wait_for_timeout(500)
        marker = pg.locator("#kz-page-3").evaluate(
            """(el) => { const d = el.closest('.kz-doc').getBoundingClientRect(); const r = el.getBoundingClientRect();
                return [d.top, r.top, r.bottom, innerHeight]; }"""
        )
        doc_top, top, bottom, height = marker
        assert doc_top - 1 <= top < doc_top + 40 and bottom <= height, f"page 3 is not at the top: {marker}"
        assert pg.evaluate("location.hash") == ""  # handled in the page, no navigation
        pg.screenshot(path=str(SHOTS / "source-pdf-page-3.png"))
    finally:
        pg.close()


@pytest.mark.browser
def test_settings_survive_a_reload_and_active_filters_show_in_the_chat(live, browser):  # noqa: F811
    url, _ = live
    context = browser.new_context(viewport=SCREENS["laptop"])  # its own local storage
    pg = context.new_page()
    try:
        open_app(pg, url)
        assert pg.locator("#kz-filters .kz-filters").count() == 0  # nothing filtered: no line
        pg.get_by_role("tab", name="Settings").click()
        pg.get_by_label("日本語").uncheck()
        pg.wait_for_timeout(800)
        pg.reload()
        open_app(pg, url)
        pg.get_by_role("tab", name="Settings").click()
        assert not pg.get_by_label("日本語").is_checked() and pg.get_by_label("English").is_checked()
        pg.get_by_role("tab", name="Chat").click()
        line = pg.locator("#kz-filters").inner_text()
        assert "Filters on" in line and "passages in English, Tiếng Việt" in line
        assert pg.locator("#kz-filters").is_visible()
        pg.fill("#kz-question textarea", "vaccine cooperation")
        pg.click("#kz-ask")
        pg.wait_for_selector("#kz-chat .kz-filter-note", timeout=30_000)
        assert "passages in English, Tiếng Việt" in pg.locator("#kz-chat .kz-filter-note").inner_text()
        assert "日本語" not in " ".join(pg.locator("#kz-chat .kz-hit summary").all_inner_texts())
        pg.screenshot(path=str(SHOTS / "settings-filters.png"))
    finally:
        context.close()


@pytest.mark.browser
def test_the_chat_says_when_new_documents_became_searchable(live, browser):  # noqa: F811
    url, app = live
    pg = browser.new_page(viewport=SCREENS["phone"])
    try:
        open_app(pg, url)
        (app.settings.corpus_dir / "okinawa.md").write_text(
            "# Okinawa trains <b>midwives</b>\nOkinawa has trained Vietnamese midwives since 2023.\n", encoding="utf-8"
        )
        pg.wait_for_selector("#kz-chat .kz-news", timeout=60_000)
        pg.wait_for_timeout(500)
        news = pg.locator("#kz-chat .kz-news").last
        assert "1 new document is searchable now" in news.inner_text()
        assert "Okinawa trains <b>midwives</b>" in news.inner_text()  # the title as text
        assert _inside(news.evaluate(PLACE)), "the announcement is not in view"
        assert "cited answers from 7 documents" in pg.locator("#kz-header").inner_text()
        pg.screenshot(path=str(SHOTS / "live-new-document.png"))
        pg.fill("#kz-question textarea", "Since when does Okinawa train Vietnamese midwives?")
        pg.click("#kz-ask")
        pg.wait_for_function(f"document.querySelectorAll('{REPLY}').length >= 1", timeout=30_000)
        assert "okinawa#1" in pg.locator("#kz-chat .message").last.inner_text()
        pg.wait_for_timeout(500)
        assert pg.locator("#kz-chat .kz-news").count() == 1  # kept, not repeated, after a reply
        pg.get_by_role("tab", name="Corpus").click()  # in the bar on a phone too (the tabs wrap)
        corpus = pg.locator("#kz-corpus").inner_text()
        assert "up to date" in corpus and "okinawa.md" in corpus
    finally:
        pg.close()
        (app.settings.corpus_dir / "okinawa.md").unlink(missing_ok=True)


@pytest.mark.browser
def test_a_follow_up_in_the_browser_shows_what_was_searched_as_text(live, browser):  # noqa: F811
    url, _ = live
    pg = browser.new_page(viewport=SCREENS["laptop"])
    try:
        open_app(pg, url)
        for count, question in enumerate(
            ("What agreement did Kanagawa make with Vietnam's Ministry of Health?", "And when was it signed?"), start=1
        ):
            pg.fill("#kz-question textarea", question)
            pg.click("#kz-ask")
            pg.wait_for_function(f"document.querySelectorAll('{REPLY}').length >= {count}", timeout=30_000)
        searched = pg.locator("#kz-chat .kz-resolved").last.inner_text()
        assert "Kanagawa" in searched and "'type'" not in searched and "{" not in searched, searched
    finally:
        pg.close()
