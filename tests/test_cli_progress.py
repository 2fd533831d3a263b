"""The CLI says what it is doing on stderr: a progress bar for `kizuna eval`, "loading models…" on a cold
`kizuna ask`; stdout keeps only the result (so --json output parses)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kizuna.cli import main
from kizuna.evaluation.metrics import load_questions, load_quotes
from kizuna.retrieval import encoders

from .conftest import REPO, FakeEncoder

QUESTIONS = REPO / "eval" / "questions.jsonl"
QUOTES = REPO / "eval" / "quotes.jsonl"


@pytest.fixture
def run(monkeypatch, corpus_copy: Path, tmp_path: Path):
    loads: list[str] = []

    def make(spec: str) -> FakeEncoder:
        loads.append(spec)
        print(f"<loading {spec}>", file=sys.stderr)  # where in stderr the load happened
        return FakeEncoder(spec)

    monkeypatch.setattr(encoders, "make_encoder", make)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, config: str | None = None):
        pre = []
        if config is not None:
            (tmp_path / "kizuna.toml").write_text(config)
            pre = ["--config", str(tmp_path / "kizuna.toml")]
        where = ["--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")]
        result = CliRunner().invoke(main, [*pre, args[0], *where, *args[1:]], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    invoke.loads = loads
    return invoke


def test_eval_shows_questions_done_of_total_on_stderr_and_keeps_json_clean(run):
    total = len(load_questions(QUESTIONS))
    result = run("eval", str(QUESTIONS), "--json", "--retriever", "bm25")
    assert json.loads(result.stdout)["questions"] == total  # stdout is the JSON alone
    bar = result.stderr.replace("\r", "\n")
    assert re.search(rf"evaluating: 100%.*\| {total}/{total} ", bar), bar[-500:]
    assert "evaluating" not in result.stdout


def test_eval_of_a_quote_set_shows_progress_too(run):
    total = len(load_quotes(QUOTES))
    result = run("eval", str(QUOTES), "--json")
    assert json.loads(result.stdout)
    assert re.search(rf"evaluating: 100%.*\| {total}/{total} ", result.stderr.replace("\r", "\n"))


def test_a_cold_ask_says_loading_models_on_stderr_once(run):
    result = run("ask", "Takeda dengue vaccine", "--json")
    assert json.loads(result.stdout)["hits"]
    assert result.stderr.count("loading models…") == 1 and "loading" not in result.stdout
    assert run.loads  # it said so because models were loaded
    assert result.stderr.index("loading models…") < result.stderr.index("<loading ")  # said before, not after


def test_an_ask_that_loads_no_model_says_nothing_about_models(run):
    config = '[[retrieval.retrievers]]\nname = "bm25"\nkind = "bm25"\n'
    result = run("ask", "Takeda dengue vaccine", "--json", config=config)
    assert json.loads(result.stdout)["hits"]
    assert run.loads == [] and "loading models" not in result.stderr
