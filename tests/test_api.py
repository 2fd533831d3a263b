"""The lean JSON API (kizuna.ui.api) on the fake encoder: same JSON as the Gradio endpoints, errors as 400s,
and a slow request that does not hold up the others."""

from __future__ import annotations

import threading
import time

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from kizuna.ui import api, handlers


@pytest.fixture
def client(fake_app):
    with TestClient(Starlette(routes=api.routes(fake_app))) as http:
        yield http


def test_ask_cite_and_quote_return_the_gradio_endpoints_json(client, fake_app):
    got = client.post("/api/ask", json={"question": "vaccine cooperation", "k": 3})
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.json() == handlers.api_ask(fake_app, "vaccine cooperation", 3)
    assert len(got.json()["hits"]) == 3

    key = got.json()["hits"][0]["id"]
    cited = client.post("/api/cite", json={"key": key})
    assert cited.status_code == 200 and cited.json() == handlers.api_cite(fake_app, key)

    quote = "Vinmec Hospital approved the clinical trial protocol."
    found = client.post("/api/quote", json={"quote": quote})
    assert found.status_code == 200 and found.json() == handlers.api_quote(fake_app, quote)


def test_ask_takes_the_conversation_history(client, fake_app):
    first = "What agreement did Kanagawa make with Vietnam's Ministry of Health?"
    body = {"question": "And when was it signed?", "k": 5, "history": [first]}
    got = client.post("/api/ask", json=body).json()
    assert got == handlers.api_ask(fake_app, "And when was it signed?", 5, [first])
    assert got["resolved_question"] and "Kanagawa" in got["resolved_question"]


@pytest.mark.parametrize(
    ("route", "body", "message"),
    [
        ("ask", {"question": "vaccine " * 12_500, "k": 5}, "the limit is 2,000"),
        ("ask", {"question": "", "k": 5}, "the question is empty"),
        ("ask", {"question": "vaccine", "k": "many"}, "k must be a whole number, not 'many'"),
        ("ask", {"question": "vaccine", "k": 0}, "k must be at least 1"),
        ("ask", {"question": ["vaccine"]}, "the question must be text, not list"),
        ("ask", {"question": "vaccine", "history": "earlier"}, "history must be a list"),
        ("ask", {"k": 5}, "the field 'question' is missing"),
        ("ask", {"question": "vaccine", "top": 5}, "unknown field 'top'; this route takes question, k, history"),
        ("cite", {"key": "kanagawa-moh-profil#3"}, "closest: kanagawa-moh-profile#3"),
        ("cite", {"key": "x" * 100_000}, "is not a citation key"),
        ("quote", {"quote": ""}, "the quote is empty"),
    ],
)
def test_a_user_error_is_a_400_with_the_clis_one_line_message(client, route, body, message):
    got = client.post(f"/api/{route}", json=body)
    assert got.status_code == 400
    error = got.json()["error"]
    assert message in error and "\n" not in error
    assert len(error) < 300  # a 100k input is not echoed back


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "the request body is not JSON"),
        (b"[1, 2]", "the request body must be a JSON object with the fields question, k, history"),
        (b'"vaccine"', "must be a JSON object"),
        (b"", "the field 'question' is missing"),
    ],
)
def test_a_malformed_body_is_a_400_that_says_what_to_send(client, content, message):
    got = client.post("/api/ask", content=content, headers={"content-type": "application/json"})
    assert got.status_code == 400 and message in got.json()["error"]


def test_an_oversized_body_is_refused_before_it_is_parsed(client):
    huge = b'{"question": "' + b"a" * (api.MAX_BODY_BYTES + 1) + b'"}'
    got = client.post("/api/ask", content=huge)
    assert got.status_code == 413 and "over 1,000,000 bytes" in got.json()["error"]

    def chunks():  # no content-length: counted as it arrives
        yield b'{"question": "'
        for _ in range(20):
            yield b"a" * 100_000

    got = client.post("/api/ask", content=chunks())
    assert got.status_code == 413


def test_only_post_is_served(client):
    for method in ("GET", "PUT", "DELETE"):
        got = client.request(method, "/api/ask")
        assert got.status_code == 405
        assert got.headers["allow"] == "POST"
        assert "takes POST" in got.json()["error"]


def test_a_slow_request_does_not_hold_up_the_others(fake_app, monkeypatch):
    """One request stuck in a worker; the other workers keep answering (the pool, not the event loop)."""
    release = threading.Event()
    original = fake_app.cite

    def cite(key):
        if key == "slow-doc#1":
            release.wait(10)
        return original(key)

    monkeypatch.setattr(fake_app, "cite", cite)
    with TestClient(Starlette(routes=api.routes(fake_app, workers=2))) as http:
        stuck = threading.Thread(target=http.post, args=("/api/cite",), kwargs={"json": {"key": "slow-doc#1"}})
        stuck.start()
        time.sleep(0.2)
        began = time.perf_counter()
        got = http.post("/api/ask", json={"question": "vaccine", "k": 2})
        elapsed = time.perf_counter() - began
        release.set()
        stuck.join(10)
    assert got.status_code == 200 and elapsed < 5  # the stuck one waits up to 10 s
    assert not stuck.is_alive()
