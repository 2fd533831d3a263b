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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ftfy

from kizuna.ingest.bulk import paused_gc
from kizuna.ingest.repeats import contained_in_earlier
from kizuna.ingest.text import is_cjk, nfkc, squash
from kizuna.models import Segment

# Bumped whenever cleaning or loading changes what it outputs (text, titles): part of the index settings hash.
CLEANING_VERSION = 3  # 3: boilerplate and tail rules also on joined paragraphs; slugs of non-ASCII names

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


def drop_repeats(paragraphs: Iterable[Paragraph], min_chars: int = 8) -> list[Paragraph]:
    """Drop paragraphs whose text is already contained in an earlier one (headers, footers, captions)."""
    paragraphs = list(paragraphs)
    repeated = contained_in_earlier([squash(p.text) for p in paragraphs], min_chars)
    return [p for p, drop in zip(paragraphs, repeated, strict=True) if not drop]


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
