"""Cleaning as pure functions: raw page texts in, cleaned text plus a map back to the source out.

Steps, each its own function so tests can pin them on the real seeds:
1. split into lines, remembering every line's source offsets;
2. repair each line (ftfy mojibake fix, NFKC, whitespace);
3. drop site boilerplate: cookie banners, share/print lines, page tails such as "Latest Publications",
   contact blocks, and lines that repeat text already seen (PDF headers/footers, doubled captions);
4. re-join hard-wrapped lines into paragraphs (no space between CJK characters, one in Latin text);
5. drop paragraphs whose text already appeared earlier in the document.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import ftfy
import numpy as np

from kizuna.ingest.bulk import paused_gc
from kizuna.ingest.text import is_cjk, nfkc, squash
from kizuna.models import Segment

# Bumped whenever cleaning or loading changes what it outputs (text, titles): part of the index settings hash.
CLEANING_VERSION = 2

_PROGRESS_LINES = 50_000  # a progress report every so many lines, for files that big

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")


@dataclass(frozen=True)
class Line:
    text: str
    src_start: int
    src_end: int
    page: int | None


def split_lines(raw: str, page: int | None = None) -> list[Line]:
    """Lines of one page (or one file) with their offsets in that raw text; text not yet repaired."""
    lines = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        lines.append(Line(body, pos, pos + len(body), page))
        pos += len(piece)
    return lines


# Private-use glyphs (Wingdings bullets from PDF fonts) and bullet characters that open a list item.
_PUA_RE = re.compile("[\ue000-\uf8ff]")
_BULLET_RE = re.compile(r"^\s*(?:[•●◆◇■□▪▶►※・]|-\s|\d+[.)]\s|\(\d+\)|<)")


def normalise_line(text: str) -> str:
    """Repair one line: mojibake, compatibility forms (︖ → ?, full-width digits → ASCII), spacing."""
    fixed = ftfy.fix_text(text, _FTFY_CONFIG)
    fixed = nfkc(fixed)
    fixed = _PUA_RE.sub("•", fixed)
    fixed = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", fixed)
    return re.sub(r"\s+", " ", fixed).strip()


# a site's own search box ("Search ERIA.org"): boilerplate anywhere, and the start of the tail near the end
_SITE_SEARCH = r"search \S+\.(org|com|net|vn|jp)"

_BOILERPLATE_LINE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"we use cookies\b.*",
        r"(this (web)?site|by continuing to (browse|use)).*cookies.*",
        r"(share|print|email|tweet)( (this )?(article|page|story))?:?",
        r"(vietnamese|english|日本語|tiếng việt)( \| (vietnamese|english|日本語|tiếng việt))+",
        r"コメント ?\(\d+\)",
        r"comments? ?\(\d+\)",
        _SITE_SEARCH,
        r"(tel|fax|phone|メール|e-?mail) ?[:：].*",
        r"(back to top|read more|related (news|articles|posts))",
    )
]

# A contact heading takes the lines under it (address, phone, mail) with it, up to the next blank line.
_CONTACT_BLOCK_RE = re.compile(r"(<?お問い?合わ?せ先>?|contact( us| information)?:?)( .*)?", re.IGNORECASE)

# Headings that open a site's closing navigation: everything from them on is not the article.
_TAIL_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"latest (publications|multimedia|news|articles)",
        r"(related|recommended|popular) (news|articles|posts|stories)",
        _SITE_SEARCH,
        r"(関連記事|おすすめ記事|人気記事)",
    )
]


def is_boilerplate_line(text: str) -> bool:
    return any(r.fullmatch(text) for r in _BOILERPLATE_LINE_RES)


def tail_start(texts: Sequence[str]) -> int:
    """Index of the first line of the site's closing navigation, or len(texts) when there is none.

    Only the last half of a document is searched, so a heading that merely looks like one inside
    the article never cuts real content.
    """
    half = len(texts) // 2
    for i in range(half, len(texts)):
        if any(r.fullmatch(texts[i]) for r in _TAIL_RES):
            return i
    return len(texts)


def drop_boilerplate(lines: Sequence[Line]) -> list[Line]:
    """Remove boilerplate lines, contact blocks and the closing tail; blank lines stay (they separate
    paragraphs)."""
    kept: list[Line] = []
    in_contact_block = False
    for ln in lines[: tail_start([ln.text for ln in lines])]:
        if not ln.text:
            in_contact_block = False
            kept.append(ln)
        elif _CONTACT_BLOCK_RE.fullmatch(ln.text):
            in_contact_block = True
        elif not in_contact_block and not is_boilerplate_line(ln.text):
            kept.append(ln)
    return kept


_SENTENCE_END = tuple(".!?。！？」』”\"’')）")
_CONTINUES = tuple("、，,・-–—(（「『:：")


def _wrap_width(lines: Sequence[Line]) -> int:
    """The width a hard-wrapped text was wrapped at: the median length of its longer half of lines."""
    lengths = sorted(len(ln.text) for ln in lines if ln.text)
    if not lengths:
        return 0
    upper = lengths[len(lengths) // 2 :]
    return upper[len(upper) // 2]


_OPENERS, _CLOSERS = "「『（(【[", "」』）)】]"


def _unclosed(text: str) -> bool:
    return sum(text.count(c) for c in _OPENERS) > sum(text.count(c) for c in _CLOSERS)


def should_join(current: str, following: str, wrap_width: int) -> bool:
    """Is `following` the continuation of a line that a PDF or a hard wrap broke mid-sentence?"""
    if not current or not following or _BULLET_RE.match(following):
        return False
    if current.endswith(_CONTINUES) or _unclosed(current):
        return True
    if current.endswith(_SENTENCE_END):
        return False
    # A line that stops short of the wrap width without punctuation is a heading or a label.
    return len(current) >= 0.6 * wrap_width


def joiner(left: str, right: str) -> str:
    """No space where either side is CJK (Japanese has none) or a word was hyphenated; else one."""
    if not left or not right:
        return ""
    if is_cjk(left[-1]) or is_cjk(right[0]) or left[-1] in "、。，・「『（(":
        return ""
    if left.endswith("-") and right[0].isalnum():
        return ""
    return " "


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        out = ""
        for ln in self.lines:
            out += joiner(out, ln.text) + ln.text
        return out


def rejoin(lines: Sequence[Line]) -> list[Paragraph]:
    """Group repaired lines into paragraphs: blank lines separate, wrapped lines join."""
    width = _wrap_width(lines)
    paragraphs: list[Paragraph] = []
    current: list[Line] = []
    for ln in lines:
        if not ln.text:
            if current:
                paragraphs.append(Paragraph(tuple(current)))
            current = []
            continue
        if current and should_join(current[-1].text, ln.text, width) and ln.page == current[-1].page:
            current.append(ln)
        else:
            if current:
                paragraphs.append(Paragraph(tuple(current)))
            current = [ln]
    if current:
        paragraphs.append(Paragraph(tuple(current)))
    return paragraphs


# Finding "is this paragraph contained in an earlier one" without comparing it with every earlier one
# (that made cleaning quadratic: 4 MB took 14.5 s). Content-defined anchors: the positions whose
# 8-character window hashes to 0 mod 16. An anchor inside a paragraph is an anchor wherever that text
# occurs, so an earlier paragraph that contains it holds all its anchors: only paragraphs sharing its
# rarest anchor need the exact substring test. Paragraphs too short to have an anchor (headings, labels)
# are compared exactly with every earlier paragraph's whole text and by substring with the most recent
# ones (_RECENT_CHARS of text, more than a whole typical document: for documents under that size the
# result is exactly the all-pairs one).
_ANCHOR_Q = 8
_ANCHOR_EVERY = 16
_MAX_CANDIDATES = 200  # exact tests per paragraph; more only happens in text that repeats itself
_RECENT_CHARS = 200_000
_BATCH_CHARS = 1_000_000  # anchors are hashed in batches of this much text (bounded memory)


def _anchor_batches(keys: Sequence[str]) -> Iterator[list[list[int]]]:
    """For each key, its anchor hashes; yields them batch by batch (one numpy pass per batch)."""
    start = 0
    while start < len(keys):
        end, size = start, 0
        while end < len(keys) and (size < _BATCH_CHARS or end == start):
            size += len(keys[end])
            end += 1
        yield _anchors(keys[start:end])
        start = end


def _anchors(keys: Sequence[str]) -> list[list[int]]:
    joined = "".join(keys)
    n = len(joined) - _ANCHOR_Q + 1
    if n <= 0:
        return [[] for _ in keys]
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(_ANCHOR_Q):  # polynomial hash of every 8-character window; uint64 wraps around
        h = h * np.uint64(1_000_003) + codes[j : j + n]
    h ^= h >> np.uint64(29)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    positions = np.flatnonzero(h % np.uint64(_ANCHOR_EVERY) == 0)
    values = h[positions].tolist()
    ends = np.cumsum([len(k) for k in keys])
    starts = ends - np.array([len(k) for k in keys])
    lo = np.searchsorted(positions, starts).tolist()
    hi = np.searchsorted(positions, ends - _ANCHOR_Q + 1).tolist()  # windows wholly inside the key
    return [values[a:b] if b > a else [] for a, b in zip(lo, hi, strict=True)]


def drop_repeats(paragraphs: Iterable[Paragraph], min_chars: int = 8) -> list[Paragraph]:
    """Drop paragraphs whose text is already contained in an earlier one (headers, footers, captions).

    Linear in the text's size (see the note on anchors above).
    """
    paragraphs = list(paragraphs)
    keys = [squash(p.text) for p in paragraphs]
    kept: list[Paragraph] = []
    kept_keys: list[str] = []
    whole: set[str] = set()
    by_anchor: dict[int, list[int]] = {}
    recent = _RecentText()
    i = 0
    for batch in _anchor_batches(keys):
        for anchors in batch:
            para, key = paragraphs[i], keys[i]
            i += 1
            if len(key) >= min_chars and _contained(key, anchors, whole, by_anchor, kept_keys, recent):
                continue
            kept.append(para)
            kept_keys.append(key)
            whole.add(key)
            for h in set(anchors):
                by_anchor.setdefault(h, []).append(len(kept_keys) - 1)
            recent.add(key)
    return kept


class _RecentText:
    """The last _RECENT_CHARS of kept paragraph keys, searchable by substring at C speed: keys are
    joined into blocks with "\n", which no key contains (squash removed all whitespace)."""

    _BLOCK = 8_000

    def __init__(self) -> None:
        self.blocks: deque[str] = deque()
        self.open: list[str] = []
        self.open_chars = 0

    def add(self, key: str) -> None:
        self.open.append(key)
        self.open_chars += len(key) + 1
        if self.open_chars >= self._BLOCK:
            self.blocks.append("\n".join(self.open))
            self.open, self.open_chars = [], 0
            while len(self.blocks) * self._BLOCK > _RECENT_CHARS:
                self.blocks.popleft()

    def holds(self, key: str) -> bool:
        return any(key in block for block in self.blocks) or any(key in k for k in self.open)


def _contained(
    key: str,
    anchors: Sequence[int],
    whole: set[str],
    by_anchor: dict[int, list[int]],
    kept_keys: Sequence[str],
    recent: _RecentText,
) -> bool:
    if key in whole:
        return True
    if not anchors:
        return recent.holds(key)
    rarest: list[int] = []
    for h in anchors:
        holders = by_anchor.get(h)
        if holders is None:  # no earlier paragraph holds this anchor, so none holds the key
            return False
        if not rarest or len(holders) < len(rarest):
            rarest = holders
    return any(key in kept_keys[k] for k in reversed(rarest[-_MAX_CANDIDATES:]))


def drop_boilerplate_paragraphs(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    """Paragraphs whose joined text is boilerplate though no single line was ("Share this" + "article").

    Cleaning its own output sees each paragraph as one line; dropping these now keeps it idempotent.
    """
    return [
        p for p in paragraphs if not (is_boilerplate_line(p.text) or _CONTACT_BLOCK_RE.fullmatch(p.text))
    ]


def cut_tail(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Cut at a tail heading that is a paragraph in the second half of the paragraphs.

    tail_start looks at lines; after joining and dropping, a heading that was in the first half of the
    lines can be in the second half of the paragraphs, where cleaning the output again would cut it.
    Cutting here (until no such heading is left) gives the same text on every pass.
    """
    end = len(paragraphs)
    while True:
        cut = next(
            (j for j in range((end + 1) // 2, end) if any(r.fullmatch(paragraphs[j].text) for r in _TAIL_RES)),
            None,
        )
        if cut is None:
            return list(paragraphs[:end])
        end = cut


def clean_pages(
    pages: Sequence[tuple[int | None, str]], on_progress: Callable[[str, int, int], None] | None = None
) -> tuple[str, tuple[Segment, ...]]:
    """Raw page texts (page number or None, text) -> cleaned text and its map to the source.

    Paragraphs are separated by one newline. Each source line that survives becomes one segment.
    """
    with paused_gc():
        return _clean_pages(pages, on_progress)


def _clean_pages(
    pages: Sequence[tuple[int | None, str]], on_progress: Callable[[str, int, int], None] | None
) -> tuple[str, tuple[Segment, ...]]:
    lines: list[Line] = []
    total = sum(raw.count("\n") + 1 for _, raw in pages)
    report_every = _PROGRESS_LINES if on_progress and total > _PROGRESS_LINES else 0
    for page, raw in pages:
        for ln in split_lines(raw, page):
            lines.append(Line(normalise_line(ln.text), ln.src_start, ln.src_end, ln.page))
            if report_every and len(lines) % report_every == 0:
                on_progress("clean", min(len(lines), total), total)
        lines.append(Line("", 0, 0, page))  # a page break also ends a paragraph
    paragraphs = cut_tail(drop_repeats(drop_boilerplate_paragraphs(rejoin(drop_boilerplate(lines)))))
    if report_every:
        on_progress("clean", total, total)

    parts: list[str] = []  # joined once at the end: growing one string was quadratic on large files
    length = 0
    segments: list[Segment] = []
    for number, para in enumerate(paragraphs, start=1):
        if parts:
            parts.append("\n")
            length += 1
        previous = ""
        for ln in para.lines:
            sep = joiner(previous, ln.text)
            parts.append(sep)
            start = length + len(sep)
            parts.append(ln.text)
            length = start + len(ln.text)
            previous = ln.text or previous
            segments.append(Segment(start, length, ln.src_start, ln.src_end, ln.page, number))
    return "".join(parts), tuple(segments)


def clean_text(raw: str) -> str:
    """Text-level cleaning: the cleaned text of one file, paragraphs separated by a blank line.

    Idempotent: clean_text(clean_text(x)) == clean_text(x). Document.text is the same text with one
    newline between paragraphs (every newline in it is a paragraph break, offsets stay compact); read
    back by cleaning, a single newline could be a hard wrap and would be joined, so the text-level form
    marks paragraphs the way plain text does.
    """
    text, _ = clean_pages([(None, raw)])
    return text.replace("\n", "\n\n")
