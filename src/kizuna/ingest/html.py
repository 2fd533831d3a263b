"""Web pages (.html, .htm): the article's main text and the page's own metadata, via trafilatura.

A saved news page is mostly not the article: menus, cookie banners, share bars, "related articles",
footers. trafilatura (a maintained extractor, tuned on thousands of real pages) keeps the main text and
drops the rest, which hand-written per-site rules in clean.py could only ever do for the sites they
were written for. What it returns is one block (paragraph, heading, list item, table row) a line; here
the blocks are separated by blank lines so cleaning keeps each one as its own paragraph (a heading is
never joined to the paragraph under it, and chunking sees the page's structure).

The page's title, publication date, address (canonical link / og:url) and site name are kept for the
citation; a catalog entry still overrides each of them (loaders.load_document).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

HTML_SUFFIXES = (".html", ".htm")

NO_MAIN_TEXT = "no main text found in the page (only navigation, banners or links?)"
# trafilatura's own cap is 20 MB; a page saved "complete" with its images inline easily passes that,
# so the cap here is 100 MB (limits.max_file_mb, 50 MB by default, applies first)
MAX_HTML_BYTES = 100_000_000


class HtmlError(Exception):
    """This page gives no document; the message is the one-line reason."""


@dataclass(frozen=True)
class HtmlPage:
    text: str  # blocks separated by a blank line
    title: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD) from the page's metadata
    url: str | None = None
    site: str | None = None


def _clean_meta(value: object, limit: int = 300) -> str | None:
    """A metadata value as one trimmed line, or None; a page can put anything in a meta tag."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:limit] or None


def _http_url(value: object) -> str | None:
    url = _clean_meta(value, 2000)
    return url if url and url.lower().startswith(("http://", "https://")) else None


_SHORT = 500  # extracted text this short may be a fallback's pick of menu links: checked against the links


def _only_links(text: str, data: bytes) -> bool:
    """Is a short extraction nothing but the page's link texts ("Home News About") or the text of its
    navigation, header, footer and side bars (<nav>Home</nav>)?

    On a page without an article the extractor's fallback can return its navigation; text made only
    of link labels is not a document.
    """
    if len(text) > _SHORT:
        return False
    import lxml.html

    try:
        tree = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return False
    chrome = ("a", "nav", "header", "footer", "aside", "menu")
    labels = sorted(
        {" ".join(e.text_content().split()) for e in tree.iter(*chrome)} - {""}, key=len, reverse=True
    )
    rest = text
    for label in labels:
        rest = rest.replace(label, " ")
    return not any(ch.isalnum() for ch in rest)


_TABLE_RULE_RE = re.compile(r"\|?(\s*:?-+:?\s*\|)+\s*(:?-+:?)?\s*")


def _block(line: str) -> str:
    """One extracted block as plain text. trafilatura writes a table row as Markdown ("| a | b |", then a
    "|---|---|" rule under the header): the rule is dropped and the row reads "a | b", as in a Word file."""
    line = " ".join(line.split())
    if not (line.startswith("|") and line.endswith("|")):
        return line
    if _TABLE_RULE_RE.fullmatch(line):
        return ""
    return " | ".join(cell for cell in (c.strip() for c in line[1:-1].split("|")) if cell)


@functools.cache
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_HTML_BYTES))
    return config


def extract_html(data: bytes) -> HtmlPage:
    """The main text and metadata of an HTML page; HtmlError when the page has no main text.

    Bytes go in as they are: trafilatura honours the page's declared charset (and guesses when it has
    none), which decoding first with a generic detector would ignore. Dates are taken from the page's
    metadata only (no guessing from the body text: a date in an article is not its publication date).
    """
    import trafilatura

    if len(data) > MAX_HTML_BYTES:
        raise HtmlError(
            f"web page of {len(data) / 1e6:.3g} MB is over the {MAX_HTML_BYTES / 1e6:g} MB this reader takes"
        )
    extracted = trafilatura.bare_extraction(
        data,
        config=_config(),
        with_metadata=True,
        include_comments=False,  # reader comments are not the article
        favor_precision=True,  # a page of menus must come out empty, not as its menu
        include_tables=True,
        include_images=False,
        deduplicate=False,  # cleaning drops repeats within the document itself
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is None:
        raise HtmlError(NO_MAIN_TEXT)
    blocks = [_block(line) for line in (extracted.text or "").splitlines()]
    text = "\n\n".join(b for b in blocks if b)
    if not text or _only_links(text, data):
        raise HtmlError(NO_MAIN_TEXT)
    return HtmlPage(
        text=text,
        title=_clean_meta(extracted.title),
        date=_clean_meta(extracted.date, 40),
        url=_http_url(extracted.url),
        site=_clean_meta(extracted.sitename, 200),
    )
