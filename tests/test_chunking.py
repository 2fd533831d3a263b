import re

from kizuna.ingest.chunking import chunk_document, split_long, split_sentences
from kizuna.ingest.loaders import load_corpus
from kizuna.models import Document, DocumentMeta, Segment
from kizuna.settings import ChunkSettings

from .conftest import SEEDS


def test_sentences_split_in_english_and_japanese_and_respect_abbreviations():
    text = "Said H.E. Dr Nguyen Son. He also thanked Japan! 保健省は評価します。ワークショップが開催された。"
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "Said H.E. Dr Nguyen Son.",
        "He also thanked Japan!",
        "保健省は評価します。",
        "ワークショップが開催された。",
    ]


def test_overlong_sentence_is_cut_at_clause_breaks():
    text = "、".join(["医療機器の研究開発を推進する"] * 150)
    pieces = split_long(text, (0, len(text)), 1000)
    assert all(b - a <= 1000 for a, b in pieces)
    assert all(text[b - 1] == "、" for a, b in pieces[:-1])


def test_seed_passages_are_readable_sized_and_never_over_1000():
    settings = ChunkSettings()
    passages = [p for d in load_corpus(SEEDS) for p in chunk_document(d, settings)]
    lengths = [len(p.text) for p in passages]
    assert max(lengths) <= 1000
    assert sum(150 <= n <= 800 for n in lengths) >= 0.9 * len(lengths)
    # passages end where sentences end (or at a heading/line end), not mid-word
    ends = sum(bool(re.search(r"[.。!?！？)’」\w/]$", p.text)) for p in passages)
    assert ends == len(passages)


def test_keys_are_stable_and_spans_point_into_the_document():
    first = [p for d in load_corpus(SEEDS) for p in chunk_document(d, ChunkSettings())]
    second = [p for d in load_corpus(SEEDS) for p in chunk_document(d, ChunkSettings())]
    assert [p.key for p in first] == [p.key for p in second]
    docs = {d.slug: d for d in load_corpus(SEEDS)}
    for p in first:
        assert docs[p.doc].text[p.start : p.end] == p.text
        assert re.fullmatch(r"[a-z0-9-]+#\d+", p.key)


def test_no_sentence_is_lost_between_passages():
    for doc in load_corpus(SEEDS):
        passages = chunk_document(doc, ChunkSettings())
        covered = "".join(p.text for p in passages)
        for a, b in split_sentences(doc.text):
            assert doc.text[a:b][:40] in covered


def test_fixed_strategy_makes_overlapping_windows():
    text = "x" * 2500
    doc = Document(DocumentMeta("d", "d.txt", "D"), text, (Segment(0, 2500, 0, 2500, None, 1),), "0")
    passages = chunk_document(
        doc, ChunkSettings(strategy="fixed", target_chars=1000, max_chars=1000, overlap_chars=200)
    )
    assert [(p.start, p.end) for p in passages] == [(0, 1000), (800, 1800), (1600, 2500)]


def test_a_long_run_of_abbreviations_is_split_in_linear_time():
    import time

    text = "Dr. Nguyen met Mr. Tanaka and Prof. Le in Jan. " * 4_000  # 188k characters, one "sentence"
    t = time.perf_counter()
    spans = split_sentences(text)
    elapsed = time.perf_counter() - t
    assert len(spans) == 1 and spans[0] == (0, len(text.rstrip()))
    assert elapsed < 2.0, elapsed  # looking back to the sentence start at every "Dr." took minutes


def test_fixed_windows_find_their_paragraphs_and_pages():
    docs = load_corpus(SEEDS)
    for doc in docs:
        settings = ChunkSettings(strategy="fixed", target_chars=300, max_chars=300, overlap_chars=50)
        for p in chunk_document(doc, settings):
            first, last = doc.locate(p.start), doc.locate(p.end - 1)
            assert p.paragraphs == (first.paragraph, last.paragraph) and p.page == first.page
