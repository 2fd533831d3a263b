"""Looking up a citation key, and tracing a quote or claim back to the sentences it comes from.

Quote matching (answer/matches.py finds, answer/quotes.py weighs) runs in three tiers, best first:
- exact: the quote, normalised (NFKC, case, whitespace and punctuation removed), occurs in a document;
- fuzzy: most of the quote's characters match one sentence (or two adjacent ones) in order, which
  tolerates typos, width and punctuation differences;
- semantic: the multilingual encoders find a sentence that says the same thing, in any language.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from kizuna.index.model import Index
from kizuna.models import Document, Passage


class CitationError(LookupError):
    """An unknown key or an unusable quote; the message says what exists instead."""


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
