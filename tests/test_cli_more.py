"""The CLI's newer options: --strict and --verify on index, --history on ask, verdicts on cite --quote."""

import json

from click.testing import CliRunner

from kizuna.cli import main
from kizuna.retrieval import encoders

from .conftest import FakeEncoder

CONFIG = (
    '[retrieval]\n[[retrieval.retrievers]]\nname = "fake"\nkind = "dense"\nencoder = "fake"\n'
    '[[retrieval.retrievers]]\nname = "bm25"\nkind = "bm25"\nweight = 0.5\n'
)


def _run(tmp_path, corpus, *args):
    config = tmp_path / "kizuna.toml"
    config.write_text(CONFIG, encoding="utf-8")
    where = ["--corpus", str(corpus), "--index", str(tmp_path / "idx")]
    return CliRunner().invoke(main, ["--config", str(config), *args[:1], *where, *args[1:]])


def test_index_lists_skipped_files_and_strict_fails_on_them(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    (corpus_copy / "empty.txt").write_bytes(b"")
    result = _run(tmp_path, corpus_copy, "index")
    assert result.exit_code == 0 and "empty.txt: empty file" in result.output
    result = _run(tmp_path, corpus_copy, "index", "--strict", "--verify")
    assert result.exit_code == 1 and "verified" in result.output and "--strict" in result.output
    (corpus_copy / "empty.txt").unlink()
    result = _run(tmp_path, corpus_copy, "index", "--strict")
    assert result.exit_code == 0, result.output


def test_ask_with_history_says_what_it_searched(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    history = tmp_path / "history.txt"
    history.write_text("What agreement did Kanagawa make with Vietnam's Ministry of Health?\n", encoding="utf-8")
    result = _run(tmp_path, corpus_copy, "ask", "And when was it signed?", "--history", str(history), "--json")
    assert result.exit_code == 0, result.output
    assert "Kanagawa" in json.loads(result.stdout)["resolved_question"]
    result = _run(tmp_path, corpus_copy, "ask", "And when was it signed?", "--history", str(history))
    assert "searched as:" in result.output


def test_cite_quote_shows_a_contradiction_side_by_side(corpus_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    result = _run(tmp_path, corpus_copy, "cite", "--quote", "Around 208 people attended the webinar.")
    assert result.exit_code == 0, result.output
    assert "Contradicted by the corpus" in result.output and "208 → 280" in result.output
