"""Bad files and nonsense through the whole app: nothing stops indexing or answering, nothing is made up."""

import os

import pytest

from kizuna.engine import Kizuna

from .conftest import FakePool


def test_an_unreadable_file_next_to_a_good_index_is_skipped_with_its_reason(fake_app: Kizuna):
    corpus = fake_app.settings.corpus_dir
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    app = Kizuna(fake_app.settings, FakePool())
    response = app.ask("When did Kanagawa sign the MOU?")  # the automatic rebuild skips them
    assert response.hits
    skipped = {s["path"]: s["reason"] for s in app.store.read_manifest().skipped}
    assert set(skipped) == {"empty.txt", "binary.txt", "broken.pdf"}
    assert all(reason and "\n" not in reason for reason in skipped.values())
    assert app.status().usable  # skipped files are in the fingerprint: no rebuild loop
    assert len(app.index().documents) == 5


def test_nonsense_questions_abstain_and_empty_quotes_are_not_supported(fake_app: Kizuna):
    for question in ("😀😀😀", "?", "<b></b><img src=x onerror=alert(1)>", "zxcvbnm qwrtp"):
        assert fake_app.ask(question).abstained, question
    assert fake_app.ask("When did Kanagawa sign the MOU?").answer is not None
    result = fake_app.find_quote("\x00\x00\x00")
    assert not result.supported and result.matches == []


def test_cite_never_reads_a_source_that_leads_outside_the_corpus(fake_app: Kizuna, tmp_path):
    corpus = fake_app.settings.corpus_dir
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET line one\nline two\n", encoding="utf-8")
    target = corpus / "003_af01b7ee011a90c9.txt"
    key = next(p.key for p in fake_app.index().passages if p.doc == "vna-covid19-cooperation-2020")
    os.replace(target, tmp_path / "moved.txt")
    os.symlink(secret, target)  # swapped for a link after indexing
    view = fake_app.cite(key)
    assert view.source_line is None and "SECRET" not in str(view.to_dict())


@pytest.mark.parametrize("size", [2001, 100_000])
def test_huge_questions_are_refused_at_once(fake_app: Kizuna, size):
    from kizuna.engine import QueryError

    with pytest.raises(QueryError, match="limit is 2,000"):
        fake_app.ask("x" * size)
    with pytest.raises(QueryError, match="limit is 2,000"):
        fake_app.find_quote("y " * size)


def test_a_huge_citation_key_is_refused_at_once_with_a_short_message(fake_app: Kizuna):
    import time

    from kizuna.engine import QueryError

    started = time.monotonic()
    with pytest.raises(QueryError, match="is not a citation key") as info:
        fake_app.cite("k" * 100_000)
    assert time.monotonic() - started < 1 and len(str(info.value)) < 200


def test_a_missing_corpus_folder_leaves_no_index_folder_behind(tmp_path):
    from kizuna.engine import Kizuna
    from kizuna.ingest.loaders import CorpusError
    from kizuna.settings import RetrievalSettings, Settings

    from .conftest import FAKE_RETRIEVERS, FakePool

    settings = Settings(
        corpus_dir=tmp_path / "nope", index_dir=tmp_path / "idx", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )
    with pytest.raises(CorpusError, match="corpus folder not found"):
        Kizuna(settings, FakePool()).build(show_progress=False)
    assert not (tmp_path / "idx").exists()  # not even its lock file
