"""The chat UI in a real browser: Debian's Chromium driven by Playwright, against the app on a free port.

Skipped, with the reason, where Chromium or Playwright is not installed (`make test` installs both where
it can). Screenshots go to artifacts/screenshots/ (not committed).
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlparse

import pytest

from .conftest import REPO, free_port

pytestmark = [pytest.mark.models, pytest.mark.browser]

SHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Chromium is not installed (Debian package 'chromium'); the browser test cannot run here")
    return path


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (Playwright's sync API allows one instance per thread)."""
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(server, browser):
    outside: list[str] = []
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})

    def watch(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http://", "https://", "ws://", "wss://")) and host not in (
            "127.0.0.1",
            "localhost",
        ):
            outside.append(request.url)

    pg.on("request", watch)
    open_app(pg, server)
    pg.outside_requests = outside  # type: ignore[attr-defined]
    yield pg
    pg.close()


def open_app(pg, url: str) -> None:
    """Load the app and wait until it is ready. Not "networkidle": every page keeps a heartbeat stream
    open (per-page state: the corpus it has seen, its stored settings)."""
    pg.goto(url, wait_until="load")
    pg.wait_for_selector("#kz-question textarea", timeout=30_000)
    pg.wait_for_timeout(1_000)  # the load events: stored settings restored, the corpus noted


def ask(page, question: str, count: int) -> str:
    page.fill("#kz-question textarea", question)
    page.click("#kz-ask")
    page.wait_for_function(
        f"document.querySelectorAll('#kz-chat .kz-answer-text, #kz-chat .kz-notfound').length >= {count}",
        timeout=60_000,
    )
    page.wait_for_timeout(500)
    return page.locator("#kz-chat .kz-answer-text, #kz-chat .kz-notfound").last.inner_text()


def test_first_screen_invites_a_question(page):
    page.screenshot(path=str(SHOTS / "0-first-screen.png"))
    assert page.get_by_text("Ask a question about the 5 documents in this corpus").is_visible()
    assert "cited answers from 5 documents" in page.locator("#kz-header").inner_text()
    for tab in ("Chat", "Source viewer", "Quote lookup", "Settings", "Evaluation", "Corpus"):
        assert page.get_by_role("tab", name=tab).is_visible()


def test_an_example_from_the_corpus_is_asked_in_one_click(page):
    # the examples fill the empty chat (all on the first screen: see test_browser_layout.py)
    example = "ベトナム保健省と神奈川県がMOUを締結したのはいつですか？"  # one of corpus/catalog.json's examples
    page.locator("#kz-chat .example", has_text=example).click()
    page.wait_for_function(
        "document.querySelectorAll('#kz-chat .kz-answer-text, #kz-chat .kz-notfound').length >= 1", timeout=60_000
    )
    last = page.locator("#kz-chat .message").last
    assert last.locator(".kz-hit").count() == 5
    assert "kanagawa-moh-profile#" in last.locator(".kz-hit").first.inner_text()  # the document it names
    assert example in page.locator("#kz-chat .kz-question").last.inner_text()  # asked as it was shown
    assert page.locator("#kz-chat .example").count() == 0  # the examples give way to the conversation


def test_questions_in_three_languages_get_answers_with_citations(page):
    before = page.locator("#kz-chat .kz-answer-text, #kz-chat .kz-notfound").count()  # the example's reply
    english = ask(page, "How many HAE patients were diagnosed through the Takeda initiative?", before + 1)
    assert "35 HAE patients" in english or "HAE" in english
    page.screenshot(path=str(SHOTS / "1-answer-en.png"))
    japanese = ask(page, "ベトナムで最初のデング熱ワクチンを開発した日本企業は？", before + 2)
    assert "dengue vaccine" in japanese  # answered across languages, from an English passage
    page.screenshot(path=str(SHOTS / "2-answer-ja.png"))
    vietnamese = ask(page, "Có bao nhiêu người dân đã tích hợp hồ sơ sức khỏe điện tử vào ứng dụng VNeID?", before + 3)
    assert "VNeID" in vietnamese
    page.screenshot(path=str(SHOTS / "3-answer-vi.png"))
    last = page.locator("#kz-chat .message").last
    assert last.locator("a.kz-cite").count() >= 5  # [n] markers and passage keys
    assert last.locator(".kz-hit").count() == 5


def test_a_citation_opens_in_the_source_viewer_highlighted(page):
    link = page.locator("#kz-chat .kz-answer-text a.kz-cite").last
    key = link.get_attribute("href").split(":", 1)[1].replace("%23", "#").split("@")[0]
    link.click()
    page.wait_for_selector("#kz-source #kz-focus", timeout=30_000)
    page.wait_for_timeout(800)
    focus = page.locator("#kz-focus")
    assert focus.is_visible()
    assert page.locator("#kz-focus mark.kz-answer").count() == 1  # the answer sentence inside the passage
    assert focus.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    )
    assert key in page.locator("#kz-source").inner_text()
    page.screenshot(path=str(SHOTS / "4-source-viewer.png"))


def test_quote_lookup_finds_a_translated_sentence(page):
    page.get_by_role("tab", name="Quote lookup").click()
    page.fill("#kz-quote textarea", "Vinmec Hospital reviewed and approved the clinical trial protocol.")
    page.click("#kz-quote-go")
    page.wait_for_selector("#kz-quote-result .kz-hit", timeout=30_000)
    result = page.locator("#kz-quote-result").inner_text()
    assert "Found in the corpus" in result and "ヴィンメック病院" in result
    page.screenshot(path=str(SHOTS / "5-quote-lookup.png"))


def test_no_request_leaves_the_machine(page):
    assert page.outside_requests == []


def test_the_documented_api_answers_through_gradio_client(server):
    from gradio_client import Client

    client = Client(server, verbose=False, analytics_enabled=False, download_files=False)
    result = client.predict(
        "When did Kanagawa Prefecture sign its MOU with Viet Nam's Ministry of Health?", 3, api_name="/ask"
    )
    assert len(result["hits"]) == 3 and result["hits"][0]["id"].startswith("kanagawa-moh-profile#")
    assert client.predict("kanagawa-moh-profile#1", api_name="/cite")["key"] == "kanagawa-moh-profile#1"
    assert client.predict("Vinmec Hospital approved the clinical trial protocol.", api_name="/quote")[
        "supported"
    ]
    follow = client.predict(
        "And when was it signed?",
        3,
        ["What agreement did Kanagawa make with Vietnam's Ministry of Health?"],
        api_name="/ask_followup",
    )
    assert "Kanagawa" in follow["resolved_question"]


def test_ask_takes_the_two_inputs_raw_http_clients_send(server):
    import httpx

    event = httpx.post(f"{server}gradio_api/call/ask", json={"data": ["When was the MOU signed?", 3]}).json()
    body = httpx.get(f"{server}gradio_api/call/ask/{event['event_id']}", timeout=60).text
    assert "event: complete" in body, body[:300]


def test_api_user_errors_carry_the_cli_message(server, real_app):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from kizuna.engine import QueryError

    client = Client(server, verbose=False, analytics_enabled=False, download_files=False)
    long_question = "vaccine " * 12_500  # 100,000 characters
    with pytest.raises(QueryError) as cli_error:  # the CLI prints str() of this exception
        real_app.ask(long_question)
    with pytest.raises(AppError) as api_error:
        client.predict(long_question, 5, api_name="/ask")
    assert str(api_error.value) == str(cli_error.value) and "the limit is 2,000" in str(api_error.value)
    with pytest.raises(AppError, match="closest: kanagawa-moh-profile#1"):
        client.predict("kanagawa-moh-profil#1", api_name="/cite")
    with pytest.raises(AppError, match="the quote is empty"):
        client.predict("  ", api_name="/quote")
    assert "verbose error" not in str(api_error.value)


EVIL = (
    "# <b>Evil</b> $$z$$ notes\n"
    "Hostile vaccine cooperation notes. The formula $$x^2$$ stays text. "
    'This is <b>bold</b> and <img src=x onerror="window.__kz_pwned=1"> and <kz-tag>custom</kz-tag>.\n'
)


@pytest.fixture(scope="module")
def markup_page(browser, tmp_path_factory):
    """A server over the corpus plus a hostile document (fake encoder: rendering needs no model)."""
    import shutil

    from kizuna.engine import Kizuna
    from kizuna.settings import RetrievalSettings, Settings
    from kizuna.ui.app import launch

    from .conftest import FAKE_RETRIEVERS, SEEDS, FakePool

    root = tmp_path_factory.mktemp("markup")
    shutil.copytree(SEEDS, root / "corpus")
    (root / "corpus" / "evil.md").write_text(EVIL, encoding="utf-8")
    # the bundled catalog's own examples would replace the ones made from titles, which this page checks
    catalog = json.loads((root / "corpus" / "catalog.json").read_text(encoding="utf-8"))
    catalog.pop("examples", None)
    (root / "corpus" / "catalog.json").write_text(json.dumps(catalog), encoding="utf-8")
    settings = Settings(
        corpus_dir=root / "corpus",
        index_dir=root / "index",
        retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS),
    )
    app = Kizuna(settings, FakePool())
    app.build(show_progress=False)
    port = free_port()
    demo = launch(app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    pg = browser.new_page(viewport={"width": 1280, "height": 1000})
    open_app(pg, f"http://127.0.0.1:{port}/")
    yield pg
    pg.close()
    demo.kizuna_watcher.stop()
    demo.close()


def test_document_text_and_the_question_are_shown_as_text(markup_page):
    page = markup_page
    # the examples are made from document titles: shown as text too
    examples = page.locator("#kz-chat .examples").text_content()
    assert "“<b>Evil</b> $$z$$ notes” nói gì?" in examples  # the Vietnamese one: about the last document
    assert page.locator("#kz-chat .examples .katex, #kz-chat .examples math, #kz-chat .examples b").count() == 0
    question = "Hostile vaccine formula <b>bold</b> <img src=x onerror=window.__kz_pwned=2> $$y^2$$?"
    ask(page, question, 1)
    chat = page.locator("#kz-chat")
    text = chat.text_content()  # includes the folded passages
    for literal in ("$$x^2$$", "<b>bold</b>", "<img src=x onerror=", "<kz-tag>custom</kz-tag>", "$$y^2$$"):
        assert literal in text, literal
    assert page.locator("#kz-chat .katex, #kz-chat math, #kz-chat img, #kz-chat kz-tag").count() == 0
    assert chat.locator("b", has_text=re.compile(r"^bold$")).count() == 0  # none made from the markup
    assert page.evaluate("window.__kz_pwned === undefined")
    page.screenshot(path=str(SHOTS / "7-markup-as-text.png"))


def test_evaluation_and_corpus_tabs(page):
    page.get_by_role("tab", name="Corpus").click()
    page.wait_for_selector("#kz-corpus table", timeout=30_000)
    assert "up to date" in page.locator("#kz-corpus").inner_text()
    page.get_by_role("tab", name="Evaluation").click()
    assert "nDCG@10: how close the top-10 order" in page.locator(".kz-metric-help").inner_text()
    page.click("#kz-eval-go")
    # one progress bar, counting questions, that moves
    page.wait_for_function(
        "/question [0-9]+ of [0-9]+/.test(document.querySelector('.progress-level')?.textContent || '')",
        timeout=60_000,
    )
    first = page.locator(".progress-level").first.inner_text()
    assert page.locator(".progress-level").count() == 1
    assert page.locator("#kz-eval-table .progress-level").count() == 1
    page.wait_for_timeout(3_000)
    later = page.locator(".progress-level, #kz-eval-chart svg").first.inner_text()
    assert later != first
    page.wait_for_selector('#kz-eval-chart svg[aria-label="ablation chart"]', timeout=300_000)
    table = page.locator("#kz-eval-table").inner_text()
    assert "fused" in table and "bm25" in table
    misses = page.locator("#kz-eval-misses").inner_text()
    assert re.search(r"Missed by fused: \d+ of \d+ answerable questions", misses)
    page.screenshot(path=str(SHOTS / "6-evaluation.png"), full_page=True)
