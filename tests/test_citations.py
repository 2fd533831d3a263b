import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kizuna.answer.citations import CitationError
from kizuna.answer.matches import fuzzy_score
from kizuna.cli import main
from kizuna.engine import Kizuna, QueryError
from kizuna.evaluation.metrics import EvalSetError, load_quotes
from kizuna.ingest.text import normalise_for_matching
from kizuna.retrieval import encoders

from .conftest import REPO, FakeEncoder


def test_normalisation_keeps_offsets():
    norm, offsets = normalise_for_matching("ＶＳＳは、 運営。")
    assert norm == "vssは運営"
    assert offsets == [0, 1, 2, 3, 6, 7]


def test_fuzzy_score_tolerates_typos_but_not_other_text():
    quote, _ = normalise_for_matching("the frist dengue vacine licenced in Vietnam")
    source, _ = normalise_for_matching(
        "noting that the company developed the first dengue vaccine licensed in Vietnam."
    )
    other, _ = normalise_for_matching(
        "Japan has allowed automatic visa extensions for all expired visa holders."
    )
    assert 0.8 <= fuzzy_score(quote, source) < 1.0
    assert fuzzy_score(quote, other) < 0.5
    assert fuzzy_score(quote, quote) == 1.0


def test_cite_key_gives_passage_context_and_metadata(fake_app: Kizuna):
    view = fake_app.cite("kanagawa-moh-profile#3")
    data = view.to_dict()
    assert data["title"].startswith("ベトナム保健省") and data["url"].startswith(
        "https://www.pref.kanagawa.jp/"
    )
    assert data["file"] == "002_c2f1d25650ba63a7.txt" and data["source_line"] > 1
    doc = fake_app.index().documents["kanagawa-moh-profile"]
    assert doc.text[data["span"]["start"] : data["span"]["end"]] == data["text"]
    assert data["before"] and data["after"] and data["before"] in doc.text[: data["span"]["start"]]


def test_unknown_key_suggests_the_closest(fake_app: Kizuna):
    with pytest.raises(CitationError, match="closest: kanagawa-moh-profile#3"):
        fake_app.cite("kanagawa-moh-profil#3")


def test_keys_survive_reindexing_when_the_document_is_unchanged(fake_app: Kizuna):
    before = {p.key: p.text for p in fake_app.index().passages if p.doc == "kanagawa-moh-profile"}
    other = fake_app.settings.corpus_dir / "003_af01b7ee011a90c9.txt"
    other.write_text("Japan donated ventilators.\n", encoding="utf-8")
    fake_app.build(show_progress=False)
    after = {p.key: p.text for p in fake_app.index().passages if p.doc == "kanagawa-moh-profile"}
    assert before == after


def test_exact_and_fuzzy_quotes_are_found(fake_app: Kizuna):
    exact = fake_app.find_quote("around 280 PEOPLE attended   the webinar")
    assert exact.supported and exact.matches[0].kind == "exact"
    assert exact.matches[0].key.startswith("eria-himeji-webinar-2021#")
    doc = fake_app.index().documents["eria-himeji-webinar-2021"]
    a, b = exact.matches[0].span
    assert doc.text[a:b] == "Around 280 people attended the webinar"
    width = fake_app.find_quote("ＶＳＳはベトナム保健省が運営しています")
    assert width.matches[0].kind == "exact"
    typo = fake_app.find_quote("the company developed the frist dengue vacine licenced for use in Vietnam")
    assert (
        typo.supported and typo.matches[0].kind == "fuzzy" and "first dengue vaccine" in typo.matches[0].text
    )
    with pytest.raises(QueryError):
        fake_app.find_quote("  ")


def test_cli_cite(monkeypatch, corpus_copy: Path, tmp_path: Path):
    monkeypatch.setattr(encoders, "make_encoder", lambda spec: FakeEncoder(spec))
    runner = CliRunner()
    common = ["--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")]
    result = runner.invoke(main, ["cite", "kanagawa-moh-profile#3", "--json", *common])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["key"] == "kanagawa-moh-profile#3"
    result = runner.invoke(
        main, ["cite", "--quote", "automatic visa extensions for all expired", "--json", *common]
    )
    payload = json.loads(result.stdout)
    assert payload["supported"] and {"key", "text", "kind", "score", "doc", "span"} <= set(
        payload["matches"][0]
    )
    result = runner.invoke(main, ["cite", "nope#1", *common])
    assert result.exit_code == 1 and "no passage with key 'nope#1'" in result.output
    result = runner.invoke(main, ["cite", *common])
    assert result.exit_code == 2 and "either a citation KEY or --quote" in result.output


def test_quote_set_is_well_formed(tmp_path: Path):
    cases = load_quotes(REPO / "eval" / "quotes.jsonl")
    assert {c.kind for c in cases} == {"exact", "typo", "paraphrase", "translation", "absent"}
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "quote": "x", "kind": "absent", "source": "y"}\n', encoding="utf-8")
    with pytest.raises(EvalSetError, match="line 1"):
        load_quotes(bad)
