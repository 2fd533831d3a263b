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
CLEANING_VERSION = 4  # 4: general cookie/share/language-switch/tail rules; .html/.docx loaders

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


def _repair(text: str) -> str:
    return nfkc(ftfy.fix_text(text, _FTFY_CONFIG))


def normalise_line(text: str) -> str:
    """Repair one line: mojibake, compatibility forms (︖ → ?, full-width digits → ASCII), spacing."""
    # The line is repaired as it will stand in its paragraph, followed by a space: ftfy reads "Â " (a
    # broken no-break space) only with the space there, and cleaning the cleaned text would see it joined.
    padded = text + " "
    fixed = _repair(padded)
    # one repair can uncover another ('²À\x86' → '2À†', which is itself mojibake for 'ɣ'): repeat until
    # nothing changes, so cleaning clean text changes nothing (a few rounds at most)
    for _ in range(4 if fixed != padded else 0):  # an unchanged line is already a fixed point
        again = _repair(fixed)
        if again == fixed:
            break
        fixed = again
    fixed = _PUA_RE.sub("•", fixed)
    fixed = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", fixed)
    return re.sub(r"\s+", " ", fixed).strip()


# a site's own search box ("Search ERIA.org"): boilerplate anywhere, and the start of the tail near the end
_SITE_SEARCH = r"search \S+\.(org|com|net|vn|jp)"

# General rules, not one site's: pasted web pages (.txt) and PDFs carry the same furniture everywhere.
# A web page (.html) is extracted by trafilatura (ingest/html.py), which drops it before cleaning.

# A cookie notice in any of the corpus's languages: the word cookie together with the site or the
# reader's browsing ("We use cookies on this website…", "当サイトではクッキーを使用…", "Trang web này sử
# dụng cookie…"), or a consent button ("Accept all cookies"). A notice is short; a long paragraph that
# mentions cookies (or an article about biscuits) is not one.
_COOKIE_MAX_CHARS = 400
_COOKIE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r".*\bcookies?\b.*"
        r"(?<=.)(\b(we|our|us|you|your)\b|\b(web ?)?site\b|\bbrows\w*|\bexperience\b|\bconsent\w*).*"
        r"|.*(\b(we|our|you|your)\b|\b(web ?)?site\b|\bbrows\w*).*\bcookies?\b.*",
        r"(accept|allow|reject|decline|manage)( all)?( the)? cookies|cookies? (settings|preferences|policy)",
        r".*(クッキー|cookie).*(サイト|ブラウザ|同意).*|.*(サイト|ブラウザ).*(クッキー|cookie).*",
        r".*\bcookie\b.*(trang web|website|trình duyệt|đồng ý).*|.*(trang web|website|trình duyệt).*\bcookie\b.*",
    )
]


# A share bar: a line made only of share actions and networks ("Share Article:", "Share on Facebook |
# Tweet | Print", "Chia sẻ Zalo", "シェア ツイート 印刷"), with the fillers they come with.
_SHARE_WORDS = (
    r"share|print|e-?mail|tweet|facebook|twitter|x|linkedin|whatsapp|zalo|line|telegram|pinterest|reddit|"
    r"copy link|copy|save|bookmark|chia sẻ|in bài|gửi|シェア|ツイート|印刷|いいね|ブックマーク|送る"
)
_SHARE_RE = re.compile(rf"\b(?:{_SHARE_WORDS})\b|(?:シェア|ツイート|印刷|いいね|ブックマーク|送る)", re.IGNORECASE)
_SHARE_FILLER_RE = re.compile(
    r"\b(?:this|the|article|page|story|post|on|via|to|with|friends?|bài viết|link)\b|[\s|·•/,:：、()\[\]-]+",
    re.IGNORECASE,
)
_SHARE_MAX_CHARS = 120

# A language switcher: two or more language names or codes and nothing else ("English | 日本語 | Tiếng Việt").
_LANGUAGE_NAMES = (
    r"english|vietnamese|japanese|tiếng việt|tiếng anh|tiếng nhật|日本語|英語|ベトナム語|中文|한국어|"
    r"français|español|deutsch|en|vi|vn|ja|jp"
)
_LANGUAGE_SWITCH_RE = re.compile(
    rf"(?:{_LANGUAGE_NAMES})(?:\s*[|/·]\s*(?:{_LANGUAGE_NAMES}))+|(?:english|vietnamese|japanese|tiếng việt|"
    rf"日本語)(?:\s+(?:english|vietnamese|japanese|tiếng việt|日本語))+",
    re.IGNORECASE,
)

_BOILERPLATE_LINE_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(コメント|comments?|bình luận) ?[(（]\d+[)）]",
        _SITE_SEARCH,
        r"(tel|fax|phone|メール|e-?mail|điện thoại) ?[:：].*",
        r"(back to top|read more|read next|read also|learn more|related (news|articles|posts)|tin liên quan|"
        r"bài viết liên quan|xem thêm|đọc thêm|関連記事|ページの先頭へ|ページトップへ|このページの先頭へ)",
    )
]

# A contact heading takes the lines under it (address, phone, mail) with it, up to the next blank line.
_CONTACT_BLOCK_RE = re.compile(r"(<?お問い?合わ?せ先>?|contact( us| information)?:?)( .*)?", re.IGNORECASE)

# Headings that open a site's closing navigation: everything from them on is not the article.
_TAIL_RES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(latest|more|other) (publications|multimedia|news|articles|stories|posts)",
        r"(related|recommended|popular|most read|trending) (news|articles|posts|stories)",
        r"you (may|might) also like",
        _SITE_SEARCH,
        r"(関連記事|おすすめ記事|人気記事|関連ニュース|最新記事|こちらもおすすめ)",
        r"(tin|bài viết) (liên quan|cùng chuyên mục|mới nhất|khác)",
    )
]


def _is_cookie_notice(text: str) -> bool:
    return len(text) <= _COOKIE_MAX_CHARS and any(r.fullmatch(text) for r in _COOKIE_RES)


def _is_share_bar(text: str) -> bool:
    if len(text) > _SHARE_MAX_CHARS or not _SHARE_RE.search(text):
        return False
    rest = _SHARE_FILLER_RE.sub(" ", _SHARE_RE.sub(" ", text))
    return not any(ch.isalnum() for ch in rest)


def is_boilerplate_line(text: str) -> bool:
    """Site furniture rather than content: a cookie notice, a share bar, a language switcher, a comment
    count, a search box, a contact line, a "back to top" link."""
    return (
        _is_cookie_notice(text)
        or _is_share_bar(text)
        or bool(_LANGUAGE_SWITCH_RE.fullmatch(text))
        or any(r.fullmatch(text) for r in _BOILERPLATE_LINE_RES)
    )


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
