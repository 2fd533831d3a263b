"""Retrieval backends (one shared test for every vector backend), calibration from build-time moments,
and the candidate search against an exhaustive one."""

import numpy as np
import pytest

from kizuna.engine import Kizuna
from kizuna.ingest.text import tokenize
from kizuna.retrieval.base import LexicalIndex, VectorIndex
from kizuna.retrieval.bm25 import BM25Index
from kizuna.retrieval.calibration import GroupMoments, GroupStats, blend, lexical_stats, weighted_sum
from kizuna.retrieval.faiss_index import FaissVectorIndex, choose_kind
from kizuna.settings import RetrievalSettings

from .conftest import FakePool


def unit_vectors(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, d))
    x = centres[rng.integers(0, 20, n)] + 0.3 * rng.normal(size=(n, d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(params=["flat", "hnsw"])
def vector_backend(request, tmp_path):
    """Every vector backend, built the same way (the shared backend test runs against each)."""
    settings = RetrievalSettings(vector_index=request.param)

    def make(vectors):
        index = FaissVectorIndex.create(vectors.shape[1], request.param, settings)
        index.add(vectors)
        index.save(tmp_path / "v.vec")
        return FaissVectorIndex.load(tmp_path / "v.vec", settings)

    return make


def test_vector_backend_contract(vector_backend):
    x = unit_vectors(3000, 32)
    index = vector_backend(x)
    assert isinstance(index, VectorIndex) and index.count() == 3000
    assert np.allclose(index.vectors(np.array([5, 7])), x[[5, 7]])
    exact = np.argsort(-(x @ x[11]))[:10]
    scores, ids = index.search(x[11], 10)
    assert ids[0] == 11 and len(set(ids) & set(exact)) >= 9  # approximate backends: recall >= 0.9
    assert np.all(np.diff(scores) <= 1e-6)
    allowed = np.zeros(3000, dtype=bool)
    allowed[::7] = True
    _, ids = index.search(x[11], 10, allowed)
    assert len(ids) == 10 and all(i % 7 == 0 for i in ids)  # the filter is applied inside the search
    assert index.search(x[11], 5, np.zeros(3000, dtype=bool))[1].size == 0


def test_auto_chooses_exact_below_the_threshold():
    settings = RetrievalSettings(exact_below=1000)
    assert choose_kind(999, settings) == "flat" and choose_kind(1000, settings) == "hnsw"
    assert choose_kind(10**7, RetrievalSettings(vector_index="flat")) == "flat"


def test_moments_give_each_groups_exact_statistics():
    x = unit_vectors(400, 16, seed=1)
    labels = np.array([0] * 200 + [1] * 197 + [2] * 3)  # group 2 is too small to stand alone
    moments = GroupMoments.of(x, labels, 3)
    q = unit_vectors(1, 16, seed=2)[0]
    stats = moments.stats(q)
    sims = x @ q
    for g in (0, 1):
        assert stats.mean[g] == pytest.approx(sims[labels == g].mean(), abs=1e-6)
        assert stats.std[g] == pytest.approx(sims[labels == g].std(), abs=1e-5)
    assert stats.mean[2] == pytest.approx(sims.mean(), abs=1e-6)  # the whole collection's


def test_calibration_removes_a_per_language_offset():
    # English passages all score 0.3 higher, as a multilingual encoder does for an English query.
    raw = np.array([0.80, 0.82, 0.81, 0.83, 0.95, 0.50, 0.52, 0.51, 0.53, 0.70])
    labels = np.array([0] * 5 + [1] * 5)
    stats = GroupStats(np.array([raw[:5].mean(), raw[5:].mean()]), np.array([raw[:5].std(), raw[5:].std()]))
    z = stats.standardise(raw, labels)
    assert np.argsort(-raw)[1] != 9  # raw: the Japanese standout is buried under English passages
    assert set(np.argsort(-z)[:2]) == {4, 9}  # calibrated: both standouts lead
    assert blend(np.array([1.0]), np.array([3.0]), 0.5)[0] == pytest.approx(2.0)
    total = weighted_sum({"a": np.array([1.0, 0.0]), "b": np.array([0.0, 1.0])}, {"a": 1.0, "b": 0.5})
    assert list(total) == [1.0, 0.5]


def test_bm25_answers_from_postings_as_a_full_scan_would():
    texts = ["vaccine dengue Takeda", "Takeda HAE patients 35", "ワクチン 接種 ワクチン", "Bộ Y tế vaccine", ""]
    index = BM25Index.build(texts)
    assert isinstance(index, LexicalIndex)
    model = index._model
    for query in ("Takeda vaccine", "ワクチン", "Bo Y te", "Takeda Takeda", "nothing here"):
        tokens = [t for t in tokenize(query) if t in model.vocab_dict]
        full = model.get_scores(tokens) if tokens else np.zeros(len(texts))
        match = index.match(query)
        assert np.allclose(match.at(np.arange(len(texts))), full)
        labels = np.array([0, 0, 1, 2, 0])
        sums, squares = match.group_sums(labels, 3)
        stats = lexical_stats(sums, squares, np.bincount(labels, minlength=3))
        assert stats.mean[0] == pytest.approx(full[labels == 0].mean() if (labels == 0).sum() >= 5 else full.mean())
    assert index.document_frequencies().get("takeda") == 2 and index.document_frequencies().get("zzz") == 0


def test_candidate_search_ranks_as_scoring_every_passage_would(fake_app: Kizuna, fake_settings):
    """With candidates >= the collection, the top-k search sees everything; with a small candidate
    pool the top of the ranking must not change."""
    questions = ["When was the MOU signed?", "ワクチン", "Takeda dengue vaccine", "bệnh viện Việt Nam"]
    small = Kizuna(fake_settings.with_retrieval(candidates=10), FakePool())
    for q in questions:
        full = [h.passage.key for h in fake_app.search(q, k=3)]
        assert [h.passage.key for h in small.search(q, k=3)] == full
