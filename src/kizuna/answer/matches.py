"""Where a quote's words stand in the collection: exact, fuzzy and semantic matches, each a QuoteMatch.

Whether a match bears the claim out is decided in quotes.py; here the sentences are only found.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kizuna.index.model import Index
from kizuna.ingest.text import normalise_for_matching
from kizuna.models import Passage
from kizuna.settings import QuoteSettings


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


def _sentence_rows(index: Index, rows: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """(row, passage index, doc start, doc end) for these sentence units."""
    out = []
    for row in sorted(int(r) for r in rows):
        owner, start, end = index.sentences[row]
        p = index.passages[int(owner)]
        out.append((row, int(owner), p.start + int(start), p.start + int(end)))
    return out


def _passage_at(index: Index, doc: str, offset: int) -> Passage:
    passages = [index.passages[i] for i in index.doc_passages(doc)]
    inside = [p for p in passages if p.start <= offset < p.end]
    return inside[0] if inside else min(passages, key=lambda p: abs(p.start - offset))


def exact_matches(index: Index, quote: str, docs: Sequence[str]) -> list[QuoteMatch]:
    """Where the quote occurs verbatim (after normalisation) in these documents."""
    wanted, _ = normalise_for_matching(quote)
    if len(wanted) < 4:
        return []
    found = []
    for doc in (index.documents[slug] for slug in docs):
        norm, offsets = index.normalised_text(doc.slug)
        for m in re.finditer(re.escape(wanted), norm):
            start, end = offsets[m.start()], offsets[m.end() - 1] + 1
            end = _with_closing(doc.text, end, quote)
            passage = _passage_at(index, doc.slug, start)
            found.append(
                QuoteMatch(
                    passage.key, doc.text[start:end], "exact", 1.0, doc.slug, (start, end), doc.meta.title
                )
            )
    return found


def _with_closing(text: str, end: int, quote: str) -> int:
    """The end of a verbatim match past the closing punctuation the quote ends with and the text has there
    too (matching ignores punctuation: "…中央省庁です。" is found as "…中央省庁です", and is shown with its 。)."""
    closing = len(quote.rstrip()) - len(re.sub(r"[^\w\s]+$", "", quote.rstrip()))
    while closing and end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end, closing = end + 1, closing - 1
    return end


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


def fuzzy_matches(
    index: Index, quote: str, settings: QuoteSettings, sentence_rows: Sequence[int]
) -> list[QuoteMatch]:
    """Sentences (or two adjacent ones), among these, that hold most of the quote's characters in order."""
    wanted, _ = normalise_for_matching(quote)
    if len(wanted) < 6:
        return []
    rows = _sentence_rows(index, sentence_rows)
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


def semantic_matches(index: Index, rows: np.ndarray, sentence_scores: np.ndarray, limit: int) -> list[QuoteMatch]:
    """The best of these sentences by semantic score (`sentence_scores` aligned with `rows`)."""
    order = np.lexsort((rows, -sentence_scores))[:limit]
    out = []
    for position in order:
        row = int(rows[position])
        owner, start, end = (int(x) for x in index.sentences[row])
        passage = index.passages[owner]
        doc = index.documents[passage.doc]
        span = (passage.start + start, passage.start + end)
        out.append(
            QuoteMatch(
                passage.key,
                passage.text[start:end],
                "semantic",
                float(sentence_scores[position]),
                doc.slug,
                span,
                doc.meta.title,
            )
        )
    return out
