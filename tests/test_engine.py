
import pytest

from kizuna.engine import Kizuna, QueryError
from kizuna.retrieval.fusion import weighted_rrf
from kizuna.settings import RetrieverSpec

from .conftest import FakePool


def test_search_returns_cited_hits(fake_app: Kizuna):
    hits = fake_app.search("Takeda dengue vaccine licensed in Vietnam", k=3)
    assert len(hits) == 3 and [h.rank for h in hits] == [1, 2, 3]
    top = hits[0]
    assert "dengue vaccine" in top.passage.text
    assert top.citation.title.startswith("Vietnam and Japan strengthen")
    assert top.citation.publisher == "Vietnam News Agency (VNA)" and top.citation.location.startswith("¶")
    data = top.to_dict()
    assert {"id", "text", "score", "doc", "title", "lang", "citation"} <= set(data)
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_filters_by_document_and_language(fake_app: Kizuna):
    hits = fake_app.search("vaccine", k=10, docs=["moh-science-workshop-2025"])
    assert hits and {h.passage.doc for h in hits} == {"moh-science-workshop-2025"}
    hits = fake_app.search("vaccine", k=10, docs=["004_de4a39ece3b27dbf.txt"])  # a file name works too
    assert {h.passage.doc for h in hits} == {"moh-science-workshop-2025"}
    hits = fake_app.search("vaccine", k=50, langs=["ja"])
    assert hits and all(h.passage.lang == "ja" for h in hits)


def test_bad_queries_get_clear_errors(fake_app: Kizuna):
    with pytest.raises(QueryError, match="empty"):
        fake_app.search("   ")
    with pytest.raises(QueryError, match="unknown document 'nope'; known: eria-himeji"):
        fake_app.search("x", docs=["nope"])
    with pytest.raises(QueryError, match="unknown language"):
        fake_app.search("x", langs=["fr"])
    with pytest.raises(Exception, match="no retriever named 'nope'"):
        fake_app.search("x", retriever="nope")


def test_retrievers_that_do_not_serve_the_query_language_are_left_out(fake_settings):
    only_en = RetrieverSpec("fake", "dense", 1.0, "fake", languages=("en",))
    settings = fake_settings.with_retrieval(retrievers=(only_en, RetrieverSpec("bm25", "bm25", 0.5)))
    app = Kizuna(settings, FakePool())
    app.build(show_progress=False)
    assert set(app.search("vaccine", k=1)[0].ranks) == {"fake", "bm25"}
    assert set(app.search("ワクチン", k=1)[0].ranks) == {"bm25"}


def test_a_translated_retriever_votes_only_when_the_question_translates(fake_settings):
    xl = RetrieverSpec("bm25-xl", "bm25", 0.2, languages=("ja", "vi"), translated=True)
    fake = RetrieverSpec("fake", "dense", 1.0, "fake")
    app = Kizuna(fake_settings.with_retrieval(retrievers=(fake, RetrieverSpec("bm25", "bm25", 0.2), xl)), FakePool())
    app.build(show_progress=False)
    # "bệnh viện" reads as 病院: its translation votes; a name alone has none, and a second vote on the
    # untranslated question would only be plain BM25 counted twice
    assert "bm25-xl" in app.search("Bệnh viện Orbis ở đâu?", k=1)[0].ranks
    assert set(app.search("Takeda ở đâu?", k=1)[0].ranks) == {"fake", "bm25"}
    # asked for alone, it matches the question as it is rather than nothing
    assert "Takeda" in app.search("Takeda ở đâu?", k=1, retriever="bm25-xl")[0].passage.text


def test_rrf_fusion_is_available(fake_settings):
    app = Kizuna(fake_settings.with_retrieval(fusion="rrf"), FakePool())
    app.build(show_progress=False)
    hits = app.search("Takeda dengue vaccine", k=3)
    assert "dengue" in hits[0].passage.text


def test_weighted_rrf():
    fused = weighted_rrf({"a": [1, 2, 3], "b": [3, 1]}, {"a": 1.0, "b": 0.5}, k=60)
    scores = dict(fused)
    assert fused[0][0] == 1
    assert scores[3] == pytest.approx(1 / 63 + 0.5 / 61)
    assert 2 in scores and weighted_rrf({"a": [1]}, {"a": 0.0}) == []


def test_a_question_no_retriever_claims_still_gets_answers(fake_settings):
    only_en = RetrieverSpec("fake", "dense", 1.0, "fake", languages=("en",))
    app = Kizuna(fake_settings.with_retrieval(retrievers=(only_en,)), FakePool())
    app.build(show_progress=False)
    hits = app.search("ワクチン", k=2)
    assert len(hits) == 2 and set(hits[0].ranks) == {"fake"}


def test_incompatible_index_message_names_what_changed(fake_app: Kizuna):
    from kizuna.settings import ChunkSettings

    other = fake_app.settings.replace(chunking=ChunkSettings(target_chars=400))
    (reason,) = Kizuna(other, FakePool()).status().reasons
    assert "chunking" in reason and "'target_chars': 550" in reason and "'target_chars': 400" in reason


def test_a_reload_never_hands_out_no_index(fake_app, monkeypatch):
    first = fake_app.index()
    published = iter([True])  # another process published a build: one reload
    monkeypatch.setattr(fake_app.store, "changed", lambda: next(published, False))
    again = fake_app.index()
    assert again is not None and again is not first and fake_app.index() is again


def test_a_server_follows_a_build_that_kizuna_index_published(fake_settings):
    from kizuna.engine import Kizuna

    from .conftest import FakePool

    serving = Kizuna(fake_settings, FakePool())
    serving.build(show_progress=False)
    before = serving.index()
    (fake_settings.corpus_dir / "added.txt").write_text("Added later\n\nA new paragraph about dialysis.", "utf-8")
    Kizuna(fake_settings, FakePool()).build(show_progress=False)  # `kizuna index` in another process
    assert serving.refresh() is None  # nothing left to build here…
    assert serving.index() is not before  # …but the published build is the one that answers
    assert any(d.meta.path == "added.txt" for d in serving.index().documents.values())
