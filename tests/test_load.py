"""The server under load, on loopback: 16 concurrent API clients × 10 questions in EN/JA/VI.

Asserts no errors, answers identical to sequential `app.ask`, and that a 100,000-character question sent
in the middle is refused at once without delaying the others by more than 2 s (p95 with it vs without),
through both Gradio's /ask and the lean JSON route POST /api/ask (kizuna.ui.api).
Prints p50/p95/throughput. Bounded: a fixed number of requests, each with a timeout; stops by itself.

The same harness measures any running server (used for the before/after figures):
    python -m tests.test_load --url http://127.0.0.1:7860/ [--raw | --json-api] [--long] [--rounds 3]
--raw posts to Gradio's API over plain HTTP (gradio_client costs more CPU than the server here), --json-api
to /api/ask; --pid PID adds the server's CPU time per request (from /proc) to each round's line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = [pytest.mark.models, pytest.mark.load]

CLIENTS = 16
PER_CLIENT = 10
LONG_CHARS = 100_000
# distinct questions, languages interleaved (8 each of EN/JA/VI): each is asked several times at once, and
# the sequential reference answers (0.2-0.7 s each on a busy 2-core machine) stay a small part of the run
DISTINCT = 24
TIMEOUT = 120.0  # seconds for any one request: a hung server fails the test instead of hanging it


def eval_questions() -> list[tuple[str, str]]:
    """(lang, question) from eval/questions.jsonl, languages interleaved so every client asks all three."""
    rows = [
        json.loads(line)
        for line in (REPO / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    by_lang: dict[str, list[str]] = {}
    for row in rows:
        by_lang.setdefault(row["lang"], []).append(row["question"])
    mixed = []
    for i in range(max(map(len, by_lang.values()))):
        mixed += [(lang, qs[i]) for lang, qs in sorted(by_lang.items()) if i < len(qs)]
    return mixed


def plan(clients: int = CLIENTS, per_client: int = PER_CLIENT) -> list[list[str]]:
    questions = [q for _, q in eval_questions()][:DISTINCT]
    return [
        [questions[(c * per_client + j) % len(questions)] for j in range(per_client)] for c in range(clients)
    ]


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    results: list[tuple[str, dict]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    long_seconds: float | None = None
    long_error: str | None = None

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary(self) -> str:
        line = (
            f"{len(self.latencies)} requests, {len(self.errors)} errors, "
            f"{len(self.latencies) / self.seconds:.1f} requests/s, "
            f"p50 {statistics.median(self.latencies):.2f} s, p95 {self.percentile(95):.2f} s"
        )
        if self.long_seconds is not None:
            line += (
                f"; the {LONG_CHARS:,}-character question took {self.long_seconds:.2f} s ({self.long_error})"
            )
        return line


class RawClient:
    """Gradio's HTTP API without gradio_client (POST the call, read its event stream): for measuring a
    server, where gradio_client's own CPU cost (more than the server's here) would load the same cores."""

    def __init__(self, url: str) -> None:
        import httpx

        self.url = url.rstrip("/")
        self.http = httpx.Client(timeout=TIMEOUT)

    def predict(self, *data, api_name: str):
        name = api_name.strip("/")
        event = self.http.post(f"{self.url}/gradio_api/call/{name}", json={"data": list(data)}).json()[
            "event_id"
        ]
        kind = None
        with self.http.stream("GET", f"{self.url}/gradio_api/call/{name}/{event}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:") and kind in ("complete", "error"):
                    payload = json.loads(line[5:])
                    if kind == "error":
                        raise RuntimeError(payload)
                    return payload[0]
        raise RuntimeError("the event stream ended without a result")


class JsonClient:
    """The lean JSON API (POST /api/ask, kizuna.ui.api): one request per question, no event stream."""

    def __init__(self, url: str) -> None:
        import httpx

        self.url = url.rstrip("/")
        self.http = httpx.Client(timeout=TIMEOUT)

    def predict(self, *data, api_name: str):
        fields = {"/ask": ("question", "k", "history"), "/cite": ("key",), "/quote": ("quote",)}[api_name]
        reply = self.http.post(f"{self.url}/api{api_name}", json=dict(zip(fields, data, strict=False)))
        if reply.status_code == 400:
            raise RuntimeError(reply.json()["error"])
        reply.raise_for_status()
        return reply.json()


def _client(url: str, raw: bool = False, lean: bool = False):
    if lean:
        return JsonClient(url)
    if raw:
        return RawClient(url)
    from gradio_client import Client

    return Client(
        url,
        verbose=False,
        analytics_enabled=False,
        download_files=False,
        httpx_kwargs={"timeout": TIMEOUT},
    )


def connect(url: str, n: int, raw: bool = False, lean: bool = False) -> list:
    """n clients, connected before any timing starts (the last one sends the long question)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:  # each gradio_client fetches the app's config and API first
        return list(pool.map(lambda _: _client(url, raw, lean), range(n + 1)))


def run_round(clients: list, questions: list[list[str]], long_question: bool = False) -> Round:
    """Every client asks its questions one after another, all clients at once; optionally one more client
    sends a 100k-character question once the others are halfway through."""
    result = Round()
    lock = threading.Lock()
    start = threading.Barrier(len(questions) + 1 + int(long_question))
    halfway = threading.Event()
    done = 0
    total = sum(map(len, questions))

    def ask_all(client, mine: list[str]) -> None:
        nonlocal done
        start.wait(TIMEOUT)
        for question in mine:
            began = time.perf_counter()
            try:
                answer = client.predict(question, 5, api_name="/ask")
            except Exception as exc:  # recorded and asserted on: every error counts
                with lock:
                    result.errors.append(f"{question[:40]}: {exc}")
                continue
            with lock:
                result.latencies.append(time.perf_counter() - began)
                result.results.append((question, answer))
                done += 1
                if done >= total // 2:
                    halfway.set()

    def ask_long(client) -> None:
        start.wait(TIMEOUT)
        halfway.wait(TIMEOUT)
        began = time.perf_counter()
        try:
            client.predict("vaccine " * (LONG_CHARS // 8), 5, api_name="/ask")
            result.long_error = "no error"
        except Exception as exc:
            result.long_error = str(exc)
        result.long_seconds = time.perf_counter() - began

    threads = [
        threading.Thread(target=ask_all, args=(c, q), daemon=True)
        for c, q in zip(clients, questions, strict=False)  # the spare client sends the long question
    ]
    if long_question:
        threads.append(threading.Thread(target=ask_long, args=(clients[len(questions)],), daemon=True))
    for t in threads:
        t.start()
    start.wait(TIMEOUT)
    began = time.perf_counter()
    for t in threads:
        t.join(TIMEOUT * 3)
    result.seconds = time.perf_counter() - began
    return result


def _essentials(response: dict) -> tuple:
    """What must not change between sequential and concurrent runs (scores compared separately)."""
    answer = response["answer"] or {}
    return (
        [h["id"] for h in response["hits"]],
        answer.get("text"),
        answer.get("key"),
        response["abstained"],
    )


def test_e5_queries_at_once_give_the_vectors_of_one_at_a_time(real_app):
    """e5 queries run without a lock on one OpenMP thread each (encoders.py): the vectors must be
    bit-identical to one query at a time, and to the engine with all its threads."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    e5 = real_app.pool.get("e5")
    questions = [q for _, q in eval_questions()][:DISTINCT]
    alone = {q: e5.encode_queries([q])[0] for q in questions}
    e5._set_threads(e5._default_threads)
    assert all(np.array_equal(e5._model.query(q), alone[q]) for q in questions[:6])
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda q: (q, e5.encode_queries([q])[0]), questions * 3))
    assert all(np.array_equal(vector, alone[q]) for q, vector in together)

    def passages_after_a_one_thread_query() -> int:
        e5.encode_queries([questions[1]])  # leaves this thread's OpenMP setting at one thread
        e5.encode_passages([questions[0]])
        return e5._model._lib.omp_get_max_threads()

    with ThreadPoolExecutor(1) as pool:  # an index build on such a thread uses every thread again
        assert pool.submit(passages_after_a_one_thread_query).result() == e5._default_threads


@pytest.fixture(scope="module")
def sequential(real_app) -> dict[str, dict]:
    """Every planned question answered by `app.ask` one at a time: what the server must return."""
    questions = {q for mine in plan() for q in mine}
    assert {lang for lang, _ in eval_questions()[:DISTINCT]} == {"en", "ja", "vi"}
    began = time.perf_counter()
    expected = {q: real_app.ask(q, k=5).to_dict() for q in questions}
    print(f"\n{len(expected)} distinct questions answered sequentially in {time.perf_counter() - began:.1f} s")
    return expected


@pytest.mark.parametrize("route", ["gradio", "json"])
def test_many_clients_at_once_get_the_sequential_answers(server, sequential, route):
    """Through Gradio's /ask (gradio_client) and the lean POST /api/ask (kizuna.ui.api)."""
    began = time.perf_counter()
    clients = connect(server, CLIENTS, lean=route == "json")
    print(f"\n{CLIENTS + 1} {route} clients connected in {time.perf_counter() - began:.1f} s")
    questions = plan()
    quiet = run_round(clients, questions)
    print(f"{route}: 16 clients × 10 questions: {quiet.summary()}")
    assert quiet.errors == []
    assert len(quiet.results) == CLIENTS * PER_CLIENT
    for question, got in quiet.results:
        want = sequential[question]
        assert _essentials(got) == _essentials(want), question
        for a, b in zip(got["hits"], want["hits"], strict=True):
            assert a["score"] == pytest.approx(b["score"], abs=1e-4)

    loud = run_round(clients, questions, long_question=True)
    print(f"{route}: with a {LONG_CHARS:,}-character question in the middle: {loud.summary()}")
    assert loud.errors == [] and len(loud.results) == CLIENTS * PER_CLIENT
    assert loud.long_error is not None and "the limit is" in loud.long_error  # the engine's own message
    # refused, not computed: no slower than an ordinary question (computed, it took ~100 s before the limit)
    assert loud.long_seconds is not None and loud.long_seconds < quiet.percentile(95) + 2.0
    # the long question costs the others no more than 2 s (p95 with it vs without it)
    assert loud.percentile(95) <= quiet.percentile(95) + 2.0


def _cpu_seconds(pid: int) -> float:
    """A process's user + system CPU time so far (Linux /proc), to report CPU per request."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Target:
    label: str
    url: str
    mode: str  # gradio (gradio_client), raw (Gradio's API over plain HTTP) or json (POST /api/ask)
    pid: int | None = None

    @classmethod
    def parse(cls, text: str) -> Target:
        parts = text.split(",")
        if len(parts) not in (3, 4) or parts[2] not in ("gradio", "raw", "json"):
            raise argparse.ArgumentTypeError(f"expected LABEL,URL,gradio|raw|json[,PID], not {text!r}")
        return cls(parts[0], parts[1], parts[2], int(parts[3]) if len(parts) == 4 else None)

    def measure(self, clients: int, per_client: int, long_question: bool) -> tuple[Round, float | None]:
        """One round; (the round, the server's CPU ms per request when its pid is known)."""
        connected = connect(self.url, clients, raw=self.mode == "raw", lean=self.mode == "json")
        before = _cpu_seconds(self.pid) if self.pid else None
        result = run_round(connected, plan(clients, per_client), long_question=long_question)
        if before is None or not result.latencies:
            return result, None
        return result, 1000 * (_cpu_seconds(self.pid) - before) / len(result.latencies)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Load running kizuna servers through their /ask API; several --target are measured "
        "in turn, round after round (interleaved), and compared by their medians."
    )
    parser.add_argument("--url", help="one server (or give --target)")
    parser.add_argument("--target", action="append", type=Target.parse, default=[], metavar="LABEL,URL,MODE[,PID]",
                        help="MODE: gradio, raw or json; PID: the server's process, to report its CPU per request")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--per-client", type=int, default=PER_CLIENT)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--long", action="store_true", help="also send a 100k-character question midway")
    parser.add_argument("--raw", action="store_true", help="with --url: Gradio's API over plain HTTP (lighter)")
    parser.add_argument("--json-api", action="store_true", help="with --url: the lean route POST /api/ask")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id")
    args = parser.parse_args()
    targets = list(args.target)
    if args.url:
        mode = "json" if args.json_api else "raw" if args.raw else "gradio"
        targets.insert(0, Target("server", args.url, mode, args.pid))
    if not targets:
        parser.error("give --url or at least one --target")
    rates: dict[str, list[float]] = {t.label: [] for t in targets}
    for number in range(1, args.rounds + 1):
        for target in targets:
            result, cpu = target.measure(args.clients, args.per_client, args.long)
            load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
            extra = f", server CPU {cpu:.0f} ms/request" if cpu is not None else ""
            print(f"round {number} {target.label} ({target.mode}): {result.summary()}{extra}; load {load}", flush=True)
            for error in result.errors[:5]:
                print("  error:", error)
            if result.latencies:
                rates[target.label].append(len(result.latencies) / result.seconds)
    if len(targets) > 1 and args.rounds > 1:
        first = statistics.median(rates[targets[0].label])
        for target in targets:
            median = statistics.median(rates[target.label])
            print(f"median {target.label} ({target.mode}): {median:.1f} requests/s, {median / first:.2f}× {targets[0].label}")


if __name__ == "__main__":
    main()
