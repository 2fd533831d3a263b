"""Word documents (.docx) via python-docx: body paragraphs and tables in order, headings kept apart.

Every paragraph, heading and table row becomes its own block, separated from the next by a blank line,
so cleaning never joins a heading to the text under it and chunking sees the document's structure.
A table row reads as its cells joined by " | " (a cell merged across columns counts once), which
keeps a value next to the column it belongs to. Page headers and footers are left out: they repeat
on every page and are not the document's content. The title and creation date come from the core
properties (File > Properties in Word); a catalog entry still overrides them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc files and of encrypted Office files
# An encrypted .docx is an OLE container holding these streams (their names are stored as UTF-16LE).
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as .docx"
# The uncompressed size of the parts a .docx unpacks to: a zip can hold far more than its own size
# (a "zip bomb"), and the file-size cap (limits.max_file_mb) only sees the compressed bytes.
MAX_UNPACKED_BYTES = 300_000_000


class DocxError(Exception):
    """This file cannot be read as a Word document; the message is the one-line reason."""


@dataclass(frozen=True)
class DocxText:
    text: str  # blocks separated by a blank line
    title: str | None = None
    date: str | None = None  # ISO date of creation


def _one_line(text: str) -> str:
    return " ".join(text.split())


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT, _TAB, _BREAKS = _W + "t", _W + "tab", (_W + "br", _W + "cr")


def _paragraph_text(p) -> str:
    """A w:p's text in order: runs, hyperlinks, fields' results; a tab is a space, a manual line
    break stays a line break (cleaning decides whether it was a wrap); deleted text (w:delText) and
    field codes (w:instrText) are not text."""
    parts = []
    for el in p.iter(_TEXT, _TAB, *_BREAKS):
        parts.append((el.text or "") if el.tag == _TEXT else "\t" if el.tag == _TAB else "\n")
    return "\n".join(_one_line(line) for line in "".join(parts).split("\n")).strip()


def _row_text(tr) -> str:
    # a cell merged across columns is one w:tc; one merged down rows repeats as an empty w:tc: skipped
    cells = (" ".join(_paragraph_text(p) for p in tc.iter(_W + "p")) for tc in tr.iterchildren(_W + "tc"))
    return " | ".join(c for c in (_one_line(c) for c in cells) if c)


def _blocks(body) -> list[str]:
    """Body paragraphs and table rows in document order, content controls (w:sdt) looked into.

    Walked on the XML directly: python-docx's object model costs an XPath query per paragraph, which
    made a 1 MB file take seconds longer to read than to clean.
    """
    blocks = []
    for el in body.iterchildren():
        if el.tag == _W + "p":
            blocks.append(_paragraph_text(el))
        elif el.tag == _W + "tbl":
            blocks += [_row_text(tr) for tr in el.iterchildren(_W + "tr")]
        elif el.tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                blocks += _blocks(content)
    return [b for b in blocks if b]


def _date(value) -> str | None:
    try:
        return value.date().isoformat() if value is not None else None
    except (AttributeError, ValueError):
        return None


def _why_ole(data: bytes) -> str:
    if any(stream in data for stream in _ENCRYPTION_STREAMS):
        return "DOCX is password-protected (encrypted); save a copy without a password"
    return f"an old binary Word file (.doc) named .docx; {SAVE_AS_DOCX}"


def _check_unpacked_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: python-docx says so in its own words below
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocxError(
            f"DOCX unpacks to {unpacked / 1e6:.3g} MB, over the {MAX_UNPACKED_BYTES / 1e6:g} MB this reader takes"
        )


def read_docx(data: bytes) -> DocxText:
    """The text and core properties of a .docx file; DocxError with the reason when it has none."""
    if data.startswith(OLE_MAGIC):
        raise DocxError(_why_ole(data))
    _check_unpacked_size(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document.element.body)
        props = document.core_properties
        title, created = props.title, props.created
    except Exception as exc:  # zip, XML and package errors all mean the same: the file is damaged
        detail = _one_line(str(exc)) or type(exc).__name__
        detail = detail if len(detail) <= 100 else detail[:99] + "…"
        raise DocxError(f"not a readable DOCX ({detail})") from exc
    if not blocks:
        raise DocxError("DOCX has no text")
    return DocxText("\n\n".join(blocks), _one_line(title or "")[:300] or None, _date(created))
