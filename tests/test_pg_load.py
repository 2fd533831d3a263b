"""Three `kizuna serve` processes on one PostgreSQL database, 16 concurrent API clients, a rebuild midway.

The corpus changes while the clients ask (a new document): the servers' corpus watchers notice it, exactly
one of them builds (the others wait on the advisory lock, then find the index fresh), and every server
answers from the new build within seconds, without a restart. Asserts: no errors; every answer is the
sequential answer of the build it came from (before or after); the new document's question is answered
from it by all three servers; one build, not three. Prints p50/p95 and how long the switch took.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import psycopg
import pytest

from kizuna.engine import Kizuna
from kizuna.index.pg_schema import SCHEMA
from kizuna.settings import Settings

from .conftest import REPO, SEEDS, free_port
from .test_load import TIMEOUT, RawClient, _essentials, eval_questions

pytestmark = [pytest.mark.models, pytest.mark.load, pytest.mark.pg]

SERVERS = 3
CLIENTS = 16
NEW_DOC = (
    "Okinawa zebra pineapple festival\n\n"
    "The Okinawa zebra pineapple festival of 2031 welcomed forty Vietnamese nurses trained in Kanagawa, "
    "who ran a free blood-pressure clinic for the visitors.\n"
)
PROBE = "Who ran the clinic at the Okinawa zebra pineapple festival?"


def _start(url: str, corpus, port: int, log) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1", "KIZUNA_STORE": url}
    cmd = [sys.executable, "-m", "kizuna.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--corpus", str(corpus)]
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_ready(proc: subprocess.Popen, port: int, log_path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kizuna serve exited: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"kizuna serve on port {port} not ready in {timeout:.0f} s")


def test_three_servers_one_database_rebuild_midway(real_app, pg_url, tmp_path):
    corpus = tmp_path / "corpus"
    import shutil

    shutil.copytree(SEEDS, corpus)
    settings = Settings().replace(corpus_dir=corpus, index_dir=tmp_path / "unused", store=pg_url)
    Kizuna(settings, real_app.pool).build(show_progress=False)
    first_build = Kizuna(settings, real_app.pool).store.current_build()
    questions = [q for _, q in eval_questions()][:24]
    before_app = Kizuna(settings, real_app.pool)
    before = {q: _essentials(before_app.ask(q, k=5).to_dict()) for q in [*questions, PROBE]}

    ports = [free_port() for _ in range(SERVERS)]
    logs = [tmp_path / f"serve-{i}.log" for i in range(SERVERS)]
    procs = [_start(pg_url, corpus, port, log.open("w")) for port, log in zip(ports, logs, strict=True)]
    try:
        for proc, port, log in zip(procs, ports, logs, strict=True):
            _wait_ready(proc, port, log)
        urls = [f"http://127.0.0.1:{p}/" for p in ports]
        clients = [RawClient(urls[c % SERVERS]) for c in range(CLIENTS)]
        results: list[tuple[int, str, float, float, dict]] = []  # server, question, start, seconds, response
        errors: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def ask_loop(c: int) -> None:
            i = c
            while not stop.is_set():
                q = questions[i % len(questions)]
                i += CLIENTS
                began = time.monotonic()
                try:
                    answer = clients[c].predict(q, 5, api_name="/ask")
                except Exception as exc:
                    with lock:
                        errors.append(f"server {c % SERVERS}: {q[:40]}: {exc}")
                    continue
                with lock:
                    results.append((c % SERVERS, q, began, time.monotonic() - began, answer))

        threads = [threading.Thread(target=ask_loop, args=(c,), daemon=True) for c in range(CLIENTS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        while len(results) < 3 * CLIENTS and time.monotonic() - started < TIMEOUT:
            time.sleep(0.5)
        (corpus / "zebra-festival.txt").write_text(NEW_DOC, encoding="utf-8")
        changed_at = time.monotonic()
        probes = [RawClient(u) for u in urls]
        visible_at: dict[int, float] = {}
        while len(visible_at) < SERVERS and time.monotonic() - changed_at < 300:
            for s, probe in enumerate(probes):
                if s not in visible_at and "zebra" in probe.predict(PROBE, 5, api_name="/ask")["hits"][0]["text"]:
                    visible_at[s] = time.monotonic()
            time.sleep(0.5)
        time.sleep(5)  # clients keep asking on the new build
        stop.set()
        for t in threads:
            t.join(TIMEOUT)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)

    after_app = Kizuna(settings, real_app.pool)
    after = {q: _essentials(after_app.ask(q, k=5).to_dict()) for q in [*questions, PROBE]}
    latencies = [r[3] for r in results]
    p95 = sorted(latencies)[int(0.95 * (len(latencies) - 1))]
    switch = {s: round(t - changed_at, 1) for s, t in sorted(visible_at.items())}
    print(
        f"\n{SERVERS} servers, {CLIENTS} clients: {len(results)} answers, {len(errors)} errors, "
        f"p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s; new document answered by each server "
        f"{switch} s after it was written"
    )
    assert errors == []
    assert len(visible_at) == SERVERS, f"servers that never answered from the new build: {set(range(SERVERS)) - set(visible_at)}"
    assert "zebra" in after_app.ask(PROBE, k=5).hits[0].passage.text and before[PROBE] != after[PROBE]
    last_switch = max(visible_at.values())
    for server, q, began, _, answer in results:
        got = _essentials(answer)
        assert got in (before[q], after[q]), (server, q)
        if began > last_switch + 3:  # every server has switched (and checks every 2 s)
            assert got == after[q], (server, q)
    assert any(began < changed_at for _, _, began, _, _ in results)
    assert any(began > last_switch for _, _, began, _, _ in results)
    with psycopg.connect(pg_url) as conn:  # one build for the change, though three watchers saw it
        assert conn.execute(f"SELECT build FROM {SCHEMA}.current").fetchone()[0] == first_build + 1
