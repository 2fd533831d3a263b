"""Looking up a citation key, and tracing a quote or claim back to the sentences it comes from.

Quote matching runs in three tiers, best first:
- exact: the quote, normalised (NFKC, case, whitespace and punctuation removed), occurs in a document;
- fuzzy: most of the quote's characters match one sentence (or two adjacent ones) in order, which
  tolerates typos, width and punctuation differences;
- semantic: the multilingual encoders find a sentence that says the same thing, in any language.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from kizuna.models import Document, Passage
from kizuna.settings import QuoteSettings

if TYPE_CHECKING:  # the store imports configuration, which imports this module's settings
    from kizuna.index.store import Index


class CitationError(LookupError):
    """An unknown key or an unusable quote; the message says what exists instead."""


def normalise_for_matching(text: str) -> tuple[str, list[int]]:
    """Text reduced to letters and digits (NFKC, case-folded) and, for each kept character, its offset."""
    kept: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char).casefold():
            if c.isalnum():
                kept.append(c)
                offsets.append(i)
    return "".join(kept), offsets


@dataclass(frozen=True)
class CitationView:
    passage: Passage
    document: Document
    before: str  # document text just before the passage
    after: str  # and just after it
    source_line: int | None  # line in the source file where the passage starts (text files)

    def to_dict(self) -> dict:
        meta, p = self.document.meta, self.passage
        return {
            "key": p.key,
            "text": p.text,
            "before": self.before,
            "after": self.after,
            "title": meta.title,
            "publisher": meta.publisher,
            "date": meta.date,
            "url": meta.url,
            "file": meta.path,
            "page": p.page,
            "location": p.location(),
            "source_line": self.source_line,
            "span": {"start": p.start, "end": p.end},
            "lang": p.lang,
        }


def _context(text: str, start: int, end: int, chars: int = 300) -> tuple[str, str]:
    """Up to `chars` of document text on each side, cut at line edges so it reads as text."""
    before = text[max(0, start - chars) : start].rstrip()
    if start - chars > 0 and "\n" in before:
        before = before[before.index("\n") + 1 :]
    after = text[end : end + chars].lstrip()
    if end + chars < len(text) and "\n" in after:
        after = after[: after.rindex("\n")]
    return before.strip(), after.strip()


def lookup(index: Index, key: str, source_text: str | None = None) -> CitationView:
    """The passage with this citation key, its neighbours and its document; close keys when unknown."""
    try:
        passage = index.passages[index.position(key.strip())]
    except KeyError:
        close = difflib.get_close_matches(key.strip(), [p.key for p in index.passages], n=5, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise CitationError(f"no passage with key '{key}'{hint}") from None
    document = index.documents[passage.doc]
    before, after = _context(document.text, passage.start, passage.end)
    line = None
    if source_text is not None and passage.page is None:
        offset = document.source_offset(passage.start)
        line = source_text.count("\n", 0, offset) + 1 if offset is not None else None
    return CitationView(passage, document, before, after, line)


@dataclass(frozen=True)
class QuoteMatch:
    key: str  # passage key
    text: str  # the matched sentence(s)
    kind: str  # "exact" | "fuzzy" | "semantic"
    score: float
    doc: str
    span: tuple[int, int]  # in the cleaned document
    title: str

    def overlaps_any(self, others: Sequence[QuoteMatch]) -> bool:
        """Does this match cover text that one of the others already covers?"""
        return any(
            o.doc == self.doc and o.span[0] < self.span[1] and self.span[0] < o.span[1] for o in others
        )

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "text": self.text,
            "kind": self.kind,
            "score": round(self.score, 4),
            "doc": self.doc,
            "title": self.title,
            "span": {"start": self.span[0], "end": self.span[1]},
        }




def _sentence_rows(index: Index) -> list[tuple[int, int, int, int]]:
    """(row, passage index, doc start, doc end) for every sentence unit."""
    out = []
    for row, (owner, start, end) in enumerate(index.sentences):
        p = index.passages[int(owner)]
        out.append((row, int(owner), p.start + int(start), p.start + int(end)))
    return out


def _passage_at(index: Index, doc: str, offset: int) -> Passage:
    candidates = [p for p in index.passages if p.doc == doc and p.start <= offset < p.end]
    return (
        candidates[0]
        if candidates
        else min((p for p in index.passages if p.doc == doc), key=lambda p: abs(p.start - offset))
    )


def exact_matches(index: Index, quote: str) -> list[QuoteMatch]:
    wanted, _ = normalise_for_matching(quote)
    if len(wanted) < 4:
        return []
    found = []
    for doc in index.documents.values():
        norm, offsets = normalise_for_matching(doc.text)
        for m in re.finditer(re.escape(wanted), norm):
            start, end = offsets[m.start()], offsets[m.end() - 1] + 1
            passage = _passage_at(index, doc.slug, start)
            found.append(
                QuoteMatch(
                    passage.key, doc.text[start:end], "exact", 1.0, doc.slug, (start, end), doc.meta.title
                )
            )
    return found


def fuzzy_score(quote_norm: str, text_norm: str) -> float:
    """Share of the quote's characters found, in order and close together, in the text (0..1)."""
    if not quote_norm or not text_norm:
        return 0.0
    matcher = difflib.SequenceMatcher(None, quote_norm, text_norm, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= 2]
    if not blocks:
        return 0.0
    span = blocks[-1].b + blocks[-1].size - blocks[0].b  # the stretch of text the quote aligns with
    matched = sum(b.size for b in blocks)
    # like difflib's ratio, but against the aligned stretch, so a quote inside a longer sentence can score 1
    return 2 * matched / (len(quote_norm) + span)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def fuzzy_matches(index: Index, quote: str, settings: QuoteSettings) -> list[QuoteMatch]:
    wanted, _ = normalise_for_matching(quote)
    if len(wanted) < 6:
        return []
    rows = _sentence_rows(index)
    # windows of one and two adjacent sentences of the same passage
    windows = [(a, a) for a in rows] + [(a, b) for a, b in itertools.pairwise(rows) if a[1] == b[1]]
    grams = _bigrams(wanted)
    scored = []
    for first, last in windows:
        doc = index.documents[index.passages[first[1]].doc]
        text = doc.text[first[2] : last[3]]
        norm = normalise_for_matching(text)[0]
        overlap = len(grams & _bigrams(norm)) / max(1, len(grams))
        if overlap >= 0.5:  # cheap filter before the character alignment
            scored.append((fuzzy_score(wanted, norm), first, last, doc, text))
    matches = []
    for score, first, last, doc, text in sorted(scored, key=lambda x: -x[0]):
        if score < settings.fuzzy_min:
            break
        passage = index.passages[first[1]]
        matches.append(
            QuoteMatch(passage.key, text, "fuzzy", score, doc.slug, (first[2], last[3]), doc.meta.title)
        )
    return _dedupe(matches)


def _dedupe(matches: Sequence[QuoteMatch]) -> list[QuoteMatch]:
    """Keep the best of overlapping matches (a sentence and the pair that contains it)."""
    kept: list[QuoteMatch] = []
    for m in sorted(matches, key=lambda m: (-m.score, m.span[1] - m.span[0])):
        if not m.overlaps_any(kept):
            kept.append(m)
    return kept


def semantic_matches(
    index: Index, sentence_scores: np.ndarray, settings: QuoteSettings, limit: int
) -> list[QuoteMatch]:
    """The best sentences by calibrated semantic score (computed by the engine for the quote)."""
    order = np.argsort(-sentence_scores, kind="stable")[:limit]
    out = []
    for row in order:
        owner, start, end = (int(x) for x in index.sentences[row])
        passage = index.passages[owner]
        doc = index.documents[passage.doc]
        span = (passage.start + start, passage.start + end)
        out.append(
            QuoteMatch(
                passage.key,
                passage.text[start:end],
                "semantic",
                float(sentence_scores[row]),
                doc.slug,
                span,
                doc.meta.title,
            )
        )
    return out
