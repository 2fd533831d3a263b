import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kizuna.cli import main
from kizuna.retrieval import encoders

from .conftest import REPO, FakeEncoder


@pytest.fixture
def cli(monkeypatch, corpus_copy: Path, tmp_path: Path):
    """Run `kizuna` with the fake encoder and a private index."""
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(
            main,
            [*args[:1], "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix"), *args[1:]],
            catch_exceptions=False,
        )

    return run


def test_index_then_up_to_date(cli):
    result = cli("index")
    assert result.exit_code == 0, result.output
    assert "indexed 5 files" in result.output and "passages in" in result.output
    again = cli("index")
    assert "up to date" in again.output


def test_ask_json(cli):
    result = cli("ask", "Takeda dengue vaccine", "--json", "--k", "2")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["hits"]) == 2
    assert {"id", "text", "score", "doc", "title", "lang", "citation"} <= set(payload["hits"][0])


def test_ask_text_shows_citations_not_file_names(cli):
    result = cli("ask", "Takeda dengue vaccine", "--k", "1")
    assert result.exit_code == 0
    assert re.search(r"\[1\]( \(weak\))? Vietnam and Japan strengthen healthcare cooperation", result.output)
    assert "000_ba0af2cd8e801599" not in result.output


def test_eval_json_and_table(cli):
    result = cli("eval", str(REPO / "eval" / "questions.jsonl"), "--json", "--retriever", "bm25")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["retriever"] == "bm25" and report["questions"] >= 40
    table = cli("eval", str(REPO / "eval" / "questions.jsonl"))
    assert "hit@5" in table.output and "cross-lingual" in table.output


def test_user_errors_are_one_line_messages(cli, tmp_path: Path):
    result = cli("ask", "x", "--doc", "nope")
    assert result.exit_code == 1 and "Error: unknown document 'nope'" in result.output
    result = cli("eval", str(tmp_path / "none.jsonl"))
    assert result.exit_code == 1 and "evaluation set not found" in result.output
    runner = CliRunner()
    result = runner.invoke(
        main, ["index", "--corpus", str(tmp_path / "void"), "--index", str(tmp_path / "i2")]
    )
    assert result.exit_code == 1 and "corpus folder not found" in result.output
    result = runner.invoke(main, ["--config", str(tmp_path / "none.toml"), "index"])
    assert result.exit_code == 1 and "configuration file not found" in result.output


def test_config_file_sets_retrievers(cli, tmp_path: Path, corpus_copy: Path):
    config = tmp_path / "kizuna.toml"
    config.write_text('[retrieval]\nk = 2\n[[retrieval.retrievers]]\nname = "bm25"\nkind = "bm25"\n')
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "--config",
            str(config),
            "ask",
            "vaccine",
            "--json",
            "--corpus",
            str(corpus_copy),
            "--index",
            str(tmp_path / "i3"),
        ],
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    # BM25 alone returns only passages that hold a query word
    assert 1 <= len(hits) <= 2 and set(hits[0]["retriever_ranks"]) == {"bm25"}
    assert all("vaccin" in h["text"].lower() for h in hits)
    config.write_text('[retrieval]\nfusion = "magic"\n')
    result = runner.invoke(main, ["--config", str(config), "index"])
    assert result.exit_code == 1 and "retrieval.fusion" in result.output and "zsum" in result.output
    config.write_text("[retrieval]\nkk = 3\n")
    result = runner.invoke(main, ["--config", str(config), "index"])
    assert result.exit_code == 1 and "retrieval.kk" in result.output and "Traceback" not in result.output


def test_an_empty_or_wordless_quote_is_told_plainly(cli):
    empty = cli("cite", "--quote", "  ")
    assert empty.exit_code == 2 and "the --quote text is empty" in empty.output
    emoji = cli("cite", "--quote", "🏥🏥")
    assert emoji.exit_code == 0
    assert "Related sentences" not in emoji.output or "[" in emoji.output.split("Related sentences", 1)[1]


def test_a_language_filter_the_corpus_cannot_match_says_what_it_holds(cli):
    result = cli("ask", "ワクチン", "--lang", "vi")
    assert result.exit_code == 1 and "no document in vi; the corpus holds en, ja" in result.output


def test_a_declined_question_prints_its_closest_sentence_after_the_message(cli):
    # the fake encoder answers nothing with confidence: whatever came closest is shown, labelled, and marked
    # as no answer; the passages follow as weak
    result = cli("ask", "How many nuclear power plants will Freedonia build?", "--k", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()  # progress is on stderr
    at = next(i for i, line in enumerate(lines) if line.startswith("The corpus does not appear to answer this."))
    assert lines[at + 1].startswith("Closest sentence, not given as an answer ([")
    assert "(weak)" in result.output
