"""Properties of the pure functions, checked on generated input (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kizuna.evaluation.metrics import hit_at, ndcg_at, reciprocal_rank
from kizuna.ingest.chunking import chunk_document
from kizuna.ingest.clean import clean_pages, clean_text
from kizuna.ingest.loaders import decode_bytes
from kizuna.ingest.repeats import contained_in_earlier
from kizuna.models import Document, DocumentMeta
from kizuna.retrieval.fusion import weighted_rrf
from kizuna.settings import ChunkSettings

from .conftest import SEEDS

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEED_LINES = sorted({ln for p in SEEDS.glob("*.txt") for ln in decode_bytes(p.read_bytes()).splitlines()})
# Lines that exercise every cleaning rule: boilerplate, tails, contact blocks, bullets, wrapping marks.
TRICKY_LINES = [
    "",
    "",
    "Share",
    "Share this",
    "article",
    "Print Article",
    "We use",
    "cookies to improve the site.",
    "Latest Publications",
    "Related news",
    "Contact us",
    "Tel: 045-210-1111",
    "<お問い",
    "合わせ先>",
    "コメント (0)",
    "• 医療DXの推進",
    "- a bullet item",
    "1) numbered",
    "(続き",
    "は次の行)",
    "the sentence goes on",
    "and ends here.",
    "a",
    "Vietnamese | English",
    "ＭＯＵ　２０２４︖",
    "TrÆ°Æ¡ng",
    "Search ERIA.org",
]
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn")), max_size=30)
lines = st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(TRICKY_LINES), words)
raw_texts = st.lists(lines, max_size=40).map("\n".join)


@FAST
@given(raw_texts)
def test_cleaning_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once) == once


@FAST
@given(raw_texts)
def test_segments_are_monotone_and_map_back_to_their_source(raw):
    text, segments = clean_pages([(None, raw)])
    previous_end, previous_src = 0, -1
    for seg in segments:
        assert previous_end <= seg.start <= seg.end <= len(text)
        assert 0 <= seg.src_start <= seg.src_end <= len(raw)
        assert seg.src_start > previous_src  # each source line is used once, in order
        previous_end, previous_src = seg.end, seg.src_start


@FAST
@given(raw_texts, st.sampled_from(["sentences", "fixed"]))
def test_every_passage_is_exactly_its_span_of_the_document(raw, strategy):
    text, segments = clean_pages([(None, raw)])
    doc = Document(DocumentMeta("d", "d.txt", "D"), text, segments, "0")
    chunk = ChunkSettings(strategy=strategy, target_chars=120, min_chars=40, max_chars=200, overlap_chars=30)
    for p in chunk_document(doc, chunk):
        assert p.text == doc.text[p.start : p.end]
        assert 0 < len(p.text) <= chunk.max_chars


def _all_pairs(keys: list[str], min_chars: int) -> list[bool]:
    """The rule as first written: compare with every earlier kept key (quadratic)."""
    kept: list[str] = []
    out = []
    for key in keys:
        repeated = len(key) >= min_chars and any(key in earlier for earlier in kept)
        out.append(repeated)
        if not repeated:
            kept.append(key)
    return out


@st.composite
def squashed_keys(draw) -> list[str]:
    """Keys cut from a few shared base texts: containments in several earlier keys are common."""
    bases = draw(st.lists(st.text("abcdefgh日本", min_size=10, max_size=200), min_size=1, max_size=4))
    keys = []
    for _ in range(draw(st.integers(0, 30))):
        base = draw(st.sampled_from(bases))
        i = draw(st.integers(0, len(base)))
        j = draw(st.integers(i, len(base)))
        keys.append(
            draw(st.sampled_from([base, base[i:j], base[i:j] + base[:i], draw(st.text("ab", max_size=12))]))
        )
    return keys


@FAST
@given(squashed_keys(), st.integers(1, 12))
def test_repeat_detection_matches_the_all_pairs_rule(keys, min_chars):
    assert contained_in_earlier(keys, min_chars) == _all_pairs(keys, min_chars)


def test_repeat_found_in_an_older_paragraph_when_a_newer_one_shares_its_anchors():
    x, y = "efahdacbfhdgbdadgecgcbch", "ccaaddccefddcdgeafgccebf"  # chosen so every anchor of x+z+y
    key = x + "z" + y  # lies wholly in x or in y: a later paragraph holding both halves apart holds
    keys = ["w" + key + "w", y + "|" + x, key]  # all its anchors without containing it
    assert contained_in_earlier(keys) == [False, False, True]


NAMES = ["bm25", "e5", "use", "minilm"]
rankings = st.dictionaries(st.sampled_from(NAMES), st.lists(st.integers(0, 50), unique=True, max_size=20))
weight_maps = st.dictionaries(st.sampled_from(NAMES), st.floats(0, 3))
# Three passages at rotated ranks under equal weights: their scores are equal, summed in another order.
TIED = {"bm25": [10, 11, 12], "e5": [11, 12, 10], "use": [12, 10, 11]}


@FAST
@given(rankings, weight_maps, st.randoms())
def test_fusion_scores_do_not_depend_on_the_order_of_its_inputs(ranks, weights, rnd):
    names = list(ranks)
    rnd.shuffle(names)
    shuffled = dict(weighted_rrf({name: ranks[name] for name in names}, weights))
    original = dict(weighted_rrf(ranks, weights))
    assert shuffled.keys() == original.keys()
    assert all(abs(shuffled[i] - original[i]) <= 1e-12 for i in original)


@FAST
@example(TIED, {name: 0.3 for name in TIED}, random.Random(0))
@given(rankings, weight_maps, st.randoms())
def test_fusion_ranking_does_not_depend_on_the_order_of_its_inputs(ranks, weights, rnd):
    for _ in range(6):
        names = list(ranks)
        rnd.shuffle(names)
        shuffled = weighted_rrf({name: ranks[name] for name in names}, weights)
        assert [i for i, _ in shuffled] == [i for i, _ in weighted_rrf(ranks, weights)]


@FAST
@given(st.lists(st.booleans(), max_size=30), st.integers(0, 40), st.integers(1, 20))
def test_metrics_stay_within_zero_and_one(relevance, extra_relevant, k):
    relevant_total = sum(relevance) + extra_relevant  # the index may hold relevant passages not retrieved
    for value in (hit_at(relevance, k), reciprocal_rank(relevance, k), ndcg_at(relevance, relevant_total, k)):
        assert 0.0 <= value <= 1.0


def test_a_repair_that_uncovers_another_is_repeated():
    # found by hypothesis: ftfy and NFKC turned this into '2À†', which is mojibake again
    once = clean_text("²À\x86")
    assert clean_text(once) == once


def test_a_broken_space_at_a_line_end_is_repaired_before_the_lines_are_joined():
    # found by hypothesis: "Â" ends a line; joined to the next with a space it reads as a broken no-break
    # space, which a second cleaning repaired
    once = clean_text("000aÂ\narticle")
    assert clean_text(once) == once
