"""Reading corpus files: .txt/.md in any common encoding, .pdf page by page, .html/.htm (main text
only, ingest/html.py), .docx (ingest/docx.py); and the catalog.

`read_corpus` reads every readable file and skips each unreadable one with a one-line reason; no single
file stops the run. Which files are candidates at all (boundary, size cap, file types) is decided in
ingest/listing.py, shared with the index store.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kizuna.ingest.clean import clean_pages
from kizuna.ingest.docx import DocxError, read_docx
from kizuna.ingest.html import HTML_SUFFIXES, HtmlError, extract_html
from kizuna.ingest.listing import (
    CATALOG_NAME,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    Skipped,
    catalog_path,
    list_corpus,
)
from kizuna.ingest.markdown import plain_markdown
from kizuna.ingest.slugs import SLUG_RE, SlugClaim, assign_slugs, slugify
from kizuna.ingest.text import detect_lang
from kizuna.models import Document, DocumentMeta
from kizuna.settings import LimitSettings

__all__ = [
    "CATALOG_NAME",
    "SUPPORTED_SUFFIXES",
    "CorpusError",
    "CorpusRead",
    "Skipped",
    "Unreadable",
    "check_corpus_folder",
    "corpus_files",
    "decode_bytes",
    "line_source_text",
    "load_corpus",
    "read_corpus",
    "rejected_files",
    "slugify",
]

ProgressCallback = Callable[[str, int, int], None]


class CorpusError(Exception):
    """A corpus file or the catalog cannot be used; the message says which and why."""


class Unreadable(CorpusError):
    """One file cannot be read; `reason` is the one line a skip report shows (without the path)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.reason = reason
        self.sha256: str | None = None  # of the bytes found unreadable, when they were read (read_source)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The sha256 of a file's bytes, or what stopped them being read ("unreadable: Permission denied"): a
    file the system refuses is recorded as such, and the index goes stale once it can be read."""
    try:
        return sha256_bytes(path.read_bytes())
    except OSError as exc:
        return f"unreadable: {exc.strerror or type(exc).__name__}"


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_PREFERRED = [
    "cp932",
    "shift_jis",
    "euc_jp",
    "euc_jis_2004",
    "utf_16",
    "utf_32",
    "cp1252",
    "latin_1",
    "cp1258",
]


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode text whose encoding is unknown: BOM, then strict UTF-8, then detection.

    UTF-8 is tried strictly first because detectors can mistake short UTF-8 text for a legacy code
    page; anything else (Shift_JIS, CP1252, UTF-16 without BOM …) goes to charset-normalizer.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break  # bytes that merely start like a BOM: let detection decide
    try:
        return _text_or_binary(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise Unreadable(name, BINARY)
    # Single-byte code pages often decode the same bytes equally well; among the equally good
    # candidates prefer the ones this corpus's readers actually write (Western, then Vietnamese).
    best_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= best_chaos + 1e-6]
    chosen = min(
        tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED)
    )
    return _text_or_binary(str(chosen), name)


BINARY = "binary file, not text"
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def _text_or_binary(text: str, name: str) -> str:
    """Text with more than 1% control characters (NUL bytes, most of all) is a binary file."""
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS) + sample.count("\ufffd")
    if controls > 0.01 * len(sample):
        raise Unreadable(name, BINARY)
    return text


def _one_line(exc: Exception, limit: int = 120) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs ("EOF marker not found") and warns on stderr about a damaged PDF; the file's one-line
    skip reason says it already. Its logger's level is restored afterwards."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="pypdf")
            yield
    finally:
        logger.setLevel(level)


def read_pdf_pages(path: Path, name: str | None = None) -> list[tuple[int | None, str]]:
    """(page number, text) for every page; Unreadable when the PDF is corrupt, locked or has no text."""
    from pypdf import PdfReader

    name = name or path.name
    try:
        with _quiet_pypdf():
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):  # many "encrypted" PDFs open with no password
                raise Unreadable(name, "PDF is encrypted")
            pages = [(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file; all mean the same
        if "crypt" in type(exc).__name__.lower() or "decrypt" in str(exc).lower():
            raise Unreadable(name, f"PDF is encrypted ({_one_line(exc)})") from exc
        raise Unreadable(name, f"not a readable PDF ({_one_line(exc)})") from exc
    if not any(text.strip() for _, text in pages):
        raise Unreadable(name, "PDF has no text layer (scanned? run OCR first)")
    return pages


@dataclass(frozen=True)
class SourceMeta:
    """What a file says about itself (a web page's metadata, a Word file's properties); the catalog
    overrides each field."""

    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Source:
    data: bytes  # the file's bytes, for hashing
    pages: list[tuple[int | None, str]]  # (page, text); page is None for everything but PDFs
    meta: SourceMeta = SourceMeta()


def read_source(path: Path, name: str | None = None) -> Source:
    """A corpus file's bytes, its text as (page, text) pairs, and its own metadata; Unreadable if none
    (carrying the hash of the bytes that were found unreadable)."""
    name = name or path.name
    data = path.read_bytes()
    try:
        return _parse_source(path, name, data)
    except Unreadable as exc:
        # a file caught half-written is unreadable now and fine a moment later: the index must record the
        # bytes it judged, so that the finished file is a change it sees (hashing the file again later
        # would record the finished file as if it had been skipped)
        exc.sha256 = sha256_bytes(data)
        raise


def _parse_source(path: Path, name: str, data: bytes) -> Source:
    if not data.strip():
        raise Unreadable(name, "empty file")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return Source(data, read_pdf_pages(path, name))
    if suffix in HTML_SUFFIXES:
        try:
            page = extract_html(data)
        except HtmlError as exc:
            raise Unreadable(name, str(exc)) from exc
        return Source(data, [(None, page.text)], SourceMeta(page.title, page.date, page.url, page.site))
    if suffix == ".docx":
        try:
            word = read_docx(data)
        except DocxError as exc:
            raise Unreadable(name, str(exc)) from exc
        return Source(data, [(None, word.text)], SourceMeta(word.title, word.date))
    text = decode_bytes(data, name)
    if suffix == ".md":
        text = plain_markdown(text)
    if not text.strip():
        raise Unreadable(name, "empty file")
    return Source(data, [(None, text)])


def line_source_text(path: Path) -> str:
    """The text a citation's line number counts in: the file itself, for plain-text files only.

    The cleaned text of a web page, a Word file or a PDF maps to extracted text, not to lines of the
    file on disk, so a line number there would point at the wrong place: Unreadable instead.
    """
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise Unreadable(path.name, "no line numbers for this file type")
    text = decode_bytes(path.read_bytes(), path.name)
    return plain_markdown(text) if path.suffix.lower() == ".md" else text



def load_catalog(corpus_dir: Path, limits: LimitSettings | None = None) -> dict[str, dict]:
    return read_catalog(corpus_dir, limits)[0]


def read_catalog(corpus_dir: Path, limits: LimitSettings | None = None) -> tuple[dict[str, dict], str | None]:
    """The catalog's entries and the sha256 of the bytes they were read from (None: no catalog). A build
    records that hash, not one taken later: a catalog saved while the build embeds is a change it has not
    applied, so the index must go stale."""
    path = catalog_path(corpus_dir, limits)
    if path is None:
        return {}, None
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read ({_one_line(exc)})") from exc
    entries = data.get("documents", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise CorpusError(f'{path}: expected {{"documents": {{"<file name>": {{...}}}}}}')
    return entries, sha256_bytes(raw)


def check_corpus_folder(corpus_dir: Path) -> None:
    """CorpusError when the corpus folder is not there (before anything is built from it)."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")


def corpus_files(corpus_dir: Path, limits: LimitSettings | None = None) -> list[Path]:
    """The files that are candidates for reading: supported type, inside the boundary, under the size cap.

    The index store hashes exactly these; a candidate that fails to read is still listed, so fixing
    it later makes the index stale.
    """
    check_corpus_folder(corpus_dir)
    return list_corpus(corpus_dir, limits).candidates


def rejected_files(corpus_dir: Path, limits: LimitSettings | None = None) -> list[Skipped]:
    """Files turned away before reading (symlink outside, too large, unsupported type), with reasons."""
    check_corpus_folder(corpus_dir)
    return list_corpus(corpus_dir, limits).rejected


def _first_line_title(text: str) -> str:
    first = text.split("\n", 1)[0].strip().lstrip("#").strip()  # a Markdown heading's marks are not its title
    return first[:100] + ("…" if len(first) > 100 else "")


def _catalog_entry(catalog: dict[str, dict], rel: str, name: str) -> dict:
    entry = catalog.get(rel) or catalog.get(name) or {}
    return entry if isinstance(entry, dict) else {}


def load_document(
    path: Path,
    corpus_dir: Path,
    catalog: dict[str, dict],
    slug: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Document:
    rel = path.relative_to(corpus_dir).as_posix()
    source = read_source(path, rel)
    text, segments = clean_pages(source.pages, on_progress=on_progress)
    if not text.strip():
        raise Unreadable(rel, "no text left after cleaning (only boilerplate?)")
    entry = _catalog_entry(catalog, rel, path.name)
    own = source.meta
    meta = DocumentMeta(
        slug=slug or _wanted_slug(entry, rel, path.name)[0],
        path=rel,
        title=entry.get("title") or own.title or _first_line_title(text),
        publisher=entry.get("publisher") or own.publisher,
        date=entry.get("date") or own.date,
        language=entry.get("language") or detect_lang(text),
        url=entry.get("url") or own.url,
        note=entry.get("note"),
    )
    page_count = len(source.pages) if path.suffix.lower() == ".pdf" else None
    return Document(
        meta=meta, text=text, segments=segments, sha256=sha256_bytes(source.data), page_count=page_count
    )


def _wanted_slug(entry: dict, rel: str, name: str) -> tuple[str, bool, str | None]:
    """The slug a file asks for, whether the catalog gave it, and a note if the catalog's was unusable."""
    given = entry.get("slug")
    if isinstance(given, str) and given:
        if SLUG_RE.fullmatch(given):
            return given, True, None
        fixed = slugify(given, rel)
        return (
            fixed,
            True,
            f"{rel}: catalog slug '{given}' is not lowercase letters, digits and '-'; cited as '{fixed}'",
        )
    return slugify(name, rel), False, None


@dataclass
class CorpusRead:
    """What reading a corpus gave: the documents, the files skipped (one reason each), and notes
    about slugs that had to change."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # path -> hash of the bytes of each file found unreadable, or why they could not be read (file_digest):
    # the index's fingerprint records what was judged, not what the file holds by the end of the build
    unreadable_sha256: dict[str, str] = field(default_factory=dict)
    catalog_sha256: str | None = None  # of the catalog the documents were read with (read_catalog)


def read_corpus(
    corpus_dir: Path, limits: LimitSettings | None = None, on_progress: ProgressCallback | None = None
) -> CorpusRead:
    """Read every readable file of the corpus; skip each unreadable one with a one-line reason.

    on_progress(stage, done, total) is called with stage "read" after each file (done of total files)
    and with stage "clean" inside a large file (lines done of its lines). Raises CorpusError only when
    the folder is missing, the catalog is broken, or no file at all could be read.
    """
    check_corpus_folder(corpus_dir)
    corpus_dir = corpus_dir.resolve()
    limits = limits or LimitSettings()
    listing = list_corpus(corpus_dir, limits)
    skipped = list(listing.rejected)
    catalog, catalog_sha256 = read_catalog(corpus_dir, limits)

    claims, notes = [], []
    for path in listing.candidates:
        rel = path.relative_to(corpus_dir).as_posix()
        wanted, from_catalog, note = _wanted_slug(_catalog_entry(catalog, rel, path.name), rel, path.name)
        claims.append(SlugClaim(rel, wanted, from_catalog))
        notes += [note] if note else []
    slugs, slug_notes = assign_slugs(claims)

    documents, unreadable = [], {}
    total = len(listing.candidates)
    for done, path in enumerate(listing.candidates, start=1):
        rel = path.relative_to(corpus_dir).as_posix()
        try:
            documents.append(load_document(path, corpus_dir, catalog, slugs[rel], on_progress))
        except Unreadable as exc:
            skipped.append(Skipped(rel, exc.reason))
            if exc.sha256:
                unreadable[rel] = exc.sha256
        except OSError as exc:
            skipped.append(Skipped(rel, f"cannot be read ({exc.strerror or _one_line(exc)})"))
            unreadable[rel] = file_digest(path)
        except Exception as exc:  # one odd file must not stop the others; its reason is still shown
            skipped.append(Skipped(rel, f"could not be read ({type(exc).__name__}: {_one_line(exc)})"))
            unreadable[rel] = file_digest(path)
        if on_progress:
            on_progress("read", done, total)
    skipped.sort(key=lambda s: s.path)
    # a note only for documents that were read: a skipped file's slug is nobody's business
    read_paths = {d.meta.path for d in documents}
    notes += [n for n in slug_notes if n.split(":", 1)[0] in read_paths]
    if not documents:
        raise CorpusError(_nothing_readable(corpus_dir, skipped))
    return CorpusRead(documents, skipped, notes, unreadable, catalog_sha256)


def _nothing_readable(corpus_dir: Path, skipped: list[Skipped]) -> str:
    wanted = f"add documents of a type kizuna reads ({', '.join(SUPPORTED_SUFFIXES)})"
    if not skipped:
        return f"no documents in {corpus_dir}: {wanted}"
    shown = "; ".join(str(s) for s in skipped[:5]) + (
        f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    )
    return f"no documents in {corpus_dir} could be read ({shown}): {wanted}"


def load_corpus(corpus_dir: Path, limits: LimitSettings | None = None) -> list[Document]:
    """The readable documents of the corpus (see read_corpus for what was skipped and why)."""
    return read_corpus(corpus_dir, limits).documents
