"""Reading corpus files: .txt/.md in any common encoding, .pdf page by page; and the catalog."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from pathlib import Path

from kizuna.ingest.clean import clean_pages
from kizuna.ingest.text import detect_lang
from kizuna.models import Document, DocumentMeta

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")
CATALOG_NAME = "catalog.json"


class CorpusError(Exception):
    """A corpus file or the catalog cannot be used; the message says which and why."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise CorpusError(f"{name}: cannot tell which text encoding this file uses (is it binary?)")
    # Single-byte code pages often decode the same bytes equally well; among the equally good
    # candidates prefer the ones this corpus's readers actually write (Western, then Vietnamese).
    best_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= best_chaos + 1e-6]
    chosen = min(
        tied, key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED)
    )
    return str(chosen)


def read_pdf_pages(path: Path) -> list[tuple[int | None, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
    except (PdfReadError, OSError, ValueError) as exc:
        raise CorpusError(f"{path.name}: not a readable PDF ({exc})") from exc
    if not any(text.strip() for _, text in pages):
        raise CorpusError(f"{path.name}: the PDF has no extractable text (scanned images need OCR first)")
    return pages


def read_pages(path: Path) -> tuple[bytes, list[tuple[int | None, str]]]:
    """The file's bytes (for hashing) and its text as (page, text) pairs; page is None for text files."""
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        return data, read_pdf_pages(path)
    return data, [(None, decode_bytes(data, path.name))]


def slugify(name: str) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name)
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "document"


def load_catalog(corpus_dir: Path) -> dict[str, dict]:
    path = corpus_dir / CATALOG_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    entries = data.get("documents", {}) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise CorpusError(f'{path}: expected {{"documents": {{"<file name>": {{...}}}}}}')
    return entries


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    files = sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
    )
    if not files:
        raise CorpusError(
            f"no documents in {corpus_dir}: add .txt, .md or .pdf files ({', '.join(SUPPORTED_SUFFIXES)})"
        )
    return files


def _first_line_title(text: str) -> str:
    first = text.split("\n", 1)[0].strip().lstrip("#").strip()  # a Markdown heading's marks are not its title
    return first[:100] + ("…" if len(first) > 100 else "")


def load_document(path: Path, corpus_dir: Path, catalog: dict[str, dict]) -> Document:
    rel = path.relative_to(corpus_dir).as_posix()
    data, pages = read_pages(path)
    text, segments = clean_pages(pages)
    if not text.strip():
        raise CorpusError(f"{rel}: no text left after cleaning")
    entry = catalog.get(rel) or catalog.get(path.name) or {}
    meta = DocumentMeta(
        slug=entry.get("slug") or slugify(path.name),
        path=rel,
        title=entry.get("title") or _first_line_title(text),
        publisher=entry.get("publisher"),
        date=entry.get("date"),
        language=entry.get("language") or detect_lang(text),
        url=entry.get("url"),
        note=entry.get("note"),
    )
    page_count = len(pages) if path.suffix.lower() == ".pdf" else None
    return Document(meta=meta, text=text, segments=segments, sha256=sha256_bytes(data), page_count=page_count)


def load_corpus(corpus_dir: Path) -> list[Document]:
    corpus_dir = corpus_dir.resolve()
    catalog = load_catalog(corpus_dir)
    docs = [load_document(p, corpus_dir, catalog) for p in corpus_files(corpus_dir)]
    seen: dict[str, str] = {}
    for doc in docs:
        if doc.slug in seen:
            raise CorpusError(
                f"two documents share the citation slug '{doc.slug}': {seen[doc.slug]} and {doc.meta.path};"
                f" give one a different 'slug' in {CATALOG_NAME}"
            )
        seen[doc.slug] = doc.meta.path
    return docs
