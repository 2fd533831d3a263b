"""Cutting a cleaned document into readable passages (pure functions)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kizuna.ingest.bulk import paused_gc
from kizuna.ingest.text import detect_lang
from kizuna.models import Document, Passage, Segment
from kizuna.settings import ChunkSettings

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "h.e",
        "u.s",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "co",
        "corp",
        "inc",
        "ltd",
        "dept",
        "gov",
        "approx",
        "fig",
    ]
)
# A sentence ends at a line break (a paragraph end in cleaned text), after 。！？ (with any closing
# quotes), or after . ! ? followed by space and a capital, digit or opening quote. "./." closes VNA articles.
_BOUNDARY_RE = re.compile(
    r"\n"
    r"|[。！？!?][」』）)\"”’]*"
    r"|\./\."
    r"|[.!?][\"”’)]*(?=\s+[\"“‘(\[]?[A-Z0-9\u00c0-\u1ef9])"
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) in text[start:end]; whitespace between sentences is left out."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        if m.group().startswith(".") and _is_abbreviation(text, pos, m.start()):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, end))
    return [s for s in (_strip_span(text, a, b) for a, b in spans) if s[1] > s[0]]


_LONGEST_ABBREVIATION = max(len(a) for a in _ABBREVIATIONS) + 1
_WORD_BEFORE_DOT_RE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, sentence_start: int, dot: int) -> bool:
    """Is the word ending at text[dot] == "." one of _ABBREVIATIONS ("Dr.", "e.g.")?

    Only a short stretch before the dot is looked at (scanning back to the sentence start made a long
    run of abbreviations quadratic); a word that fills the whole stretch is too long to be one.
    """
    end = dot
    while end > sentence_start and text[end - 1] == ".":  # "No...." ends like "No."
        end -= 1
    lo = max(sentence_start, end - _LONGEST_ABBREVIATION - 1)
    word = _WORD_BEFORE_DOT_RE.search(text, lo, dot + 1)
    if not word or (word.start() == lo and lo > sentence_start and re.match(r"[\w.]", text[lo - 1])):
        return False
    return word.group(1).lower().rstrip(".") in _ABBREVIATIONS


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


_SOFT_BREAK_RE = re.compile(r"[、，,;；:：]\s*|\s+")


def split_long(text: str, span: tuple[int, int], max_chars: int) -> list[tuple[int, int]]:
    """Cut a span longer than max_chars at the last clause break (、 , ; or space) that fits."""
    pieces = []
    a, b = span
    while b - a > max_chars:
        window = text[a : a + max_chars]
        cut = max((m.end() for m in _SOFT_BREAK_RE.finditer(window) if m.end() > max_chars // 2), default=0)
        cut = cut or max_chars
        pieces.append(_strip_span(text, a, a + cut))
        a = _strip_span(text, a + cut, b)[0]
    pieces.append((a, b))
    return [p for p in pieces if p[1] > p[0]]


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    paragraph: int
    page: int | None
    paragraph_end: bool  # the last sentence of its paragraph
    heading: bool = False  # the whole of a short paragraph without closing punctuation: a heading


_HEADING_MAX_CHARS = 100
_SENTENCE_END = tuple(".!?。！？:：;；」』”\"’')）")


def _is_heading(text: str) -> bool:
    """A paragraph that reads as a heading or label: short, one line, no closing punctuation.

    Web pages and Word files give every heading its own paragraph; a passage that ends on one would
    separate it from the text it introduces.
    """
    return (
        len(text) <= _HEADING_MAX_CHARS
        and not text.endswith(_SENTENCE_END)
        and any(c.isalpha() for c in text)
    )


def _units(doc: Document, max_chars: int) -> list[_Unit]:
    """Sentences of the document, each within one paragraph and one page, none over max_chars."""
    units: list[_Unit] = []
    # Paragraph spans from the segment map (consecutive segments that share a paragraph number).
    paragraphs: list[tuple[int, int, int, int | None]] = []
    for seg in doc.segments:
        if paragraphs and paragraphs[-1][2] == seg.paragraph:
            a, _, n, page = paragraphs[-1]
            paragraphs[-1] = (a, seg.end, n, page)
        else:
            paragraphs.append((seg.start, seg.end, seg.paragraph, seg.page))
    for a, b, number, page in paragraphs:
        sentences = [
            piece
            for sent in split_sentences(doc.text, a, b)
            for piece in split_long(doc.text, sent, max_chars)
        ]
        heading = len(sentences) == 1 and _is_heading(doc.text[a:b].strip())
        for i, (s, e) in enumerate(sentences):
            units.append(_Unit(s, e, number, page, i == len(sentences) - 1, heading))
    return units


def _make_passage(
    doc: Document, ordinal: int, start: int, end: int, page: int | None, paragraphs: tuple[int, int]
) -> Passage:
    text = doc.text[start:end]
    return Passage(
        key=f"{doc.slug}#{ordinal}",
        doc=doc.slug,
        ordinal=ordinal,
        text=text,
        start=start,
        end=end,
        lang=detect_lang(text),
        page=page,
        paragraphs=paragraphs,
    )


def _passage(doc: Document, ordinal: int, units: Sequence[_Unit]) -> Passage:
    return _make_passage(
        doc, ordinal, units[0].start, units[-1].end, units[0].page, (units[0].paragraph, units[-1].paragraph)
    )


def chunk_sentences(doc: Document, settings: ChunkSettings) -> list[Passage]:
    """Pack whole sentences into passages near target_chars, never over max_chars, never across pages.

    A passage closes at a paragraph end once it holds min_chars, so passages tend to follow the
    document's own structure; the next passage repeats the previous sentence when it is short
    (overlap), so a fact split across the boundary keeps its context. A heading opens the passage of the
    text under it: no passage closes on one.
    """
    units = _units(doc, settings.max_chars)
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    carried: _Unit | None = None  # the sentence repeated from the previous passage (overlap)
    for unit in units:
        if current:
            grown = _length([*current, unit])
            full = _length(current) >= settings.target_chars
            last = current[-1]
            natural_break = last.paragraph_end and not last.heading and _length(current) >= settings.min_chars
            if grown > settings.max_chars or full or natural_break or unit.page != last.page:
                moves = last.page == unit.page and unit.end - last.start <= settings.max_chars
                if last.heading and len(current) > 1 and moves:
                    if current[:-1] != [carried]:  # a repeated sentence alone is no passage
                        groups.append(current[:-1])  # the heading moves on with the text it introduces
                    current, carried = [last, unit], None
                    continue
                groups.append(current)
                carry = current[-1]
                fits = unit.end - carry.start <= settings.max_chars
                short = carry.end - carry.start <= settings.overlap_chars
                overlap = short and fits and carry.page == unit.page and not carry.paragraph_end
                current = [carry] if overlap else []
                carried = carry if overlap else None
        current.append(unit)
    if current:
        groups.append(current)
    groups = _merge_small_tail(groups, settings)
    return [_passage(doc, n, group) for n, group in enumerate(groups, start=1)]


def _length(group: Sequence[_Unit]) -> int:
    return group[-1].end - group[0].start if group else 0


def _merge_small_tail(groups: list[list[_Unit]], settings: ChunkSettings) -> list[list[_Unit]]:
    """A last passage too small to stand alone (a byline, a closing line) joins the one before it."""
    if len(groups) < 2:
        return groups
    last, before = groups[-1], groups[-2]
    fresh = [u for u in last if u not in before]
    if (
        _length(last) < settings.min_chars // 2
        and fresh
        and fresh[0].page == before[-1].page
        and fresh[-1].end - before[0].start <= settings.max_chars
    ):
        return [*groups[:-2], before + fresh]
    return groups


def chunk_fixed(doc: Document, settings: ChunkSettings) -> list[Passage]:
    """Fixed windows of max_chars with overlap_chars overlap: the common tutorial recipe, kept for ablation."""
    passages: list[Passage] = []
    locate = _locator(doc)
    size, step = settings.max_chars, settings.max_chars - settings.overlap_chars
    start = 0
    while start < len(doc.text):
        a, b = _strip_span(doc.text, start, min(start + size, len(doc.text)))
        if b > a:
            first, last = locate(a), locate(b - 1)
            paragraphs = (first.paragraph if first else 1, last.paragraph if last else 1)
            passages.append(
                _make_passage(doc, len(passages) + 1, a, b, first.page if first else None, paragraphs)
            )
        if start + size >= len(doc.text):
            break
        start += step
    return passages


def _locator(doc: Document) -> Callable[[int], Segment | None]:
    """Document.locate by bisection (it scans every segment: quadratic over a large file's windows)."""
    starts = [seg.start for seg in doc.segments]

    def locate(offset: int) -> Segment | None:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < doc.segments[i].end:
            return doc.segments[i]
        return doc.locate(offset)  # between segments or past the end: the rare case, same answer

    return locate


def chunk_document(doc: Document, settings: ChunkSettings) -> list[Passage]:
    with paused_gc():
        if settings.strategy == "fixed":
            return chunk_fixed(doc, settings)
        return chunk_sentences(doc, settings)
