"""Which files of a corpus folder are candidates for reading, and why the others are not.

One rule for everyone: `read_corpus` reads exactly the candidates, and the index store hashes exactly
the candidates to decide staleness. A candidate that later turns out unreadable (empty, binary, a
scanned PDF) stays a candidate, so fixing it makes the index stale and the next build reads it.

The corpus boundary: a symlink (to a file or a folder) whose target lies outside the corpus folder is
not followed unless `limits.follow_symlinks_outside` is set. Otherwise a link such as
`corpus/notes.txt -> ~/.ssh/id_rsa` would put an outside file into the index and out through `cite`.
Links that stay inside the folder are followed; a folder reached twice (a link loop) is walked once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kizuna.settings import LimitSettings

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx")
TEXT_SUFFIXES = (".txt", ".md")  # the files whose bytes are the text (a citation can give a line number)

# What to do with common files kizuna does not read, in the reason it lists them with.
_ADVICE = {
    ".doc": "old binary Word format; open it in Word or LibreOffice and save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".xls": "spreadsheets are not read; save the sheet as .pdf or its text as .txt",
    ".xlsx": "spreadsheets are not read; save the sheet as .pdf or its text as .txt",
    ".csv": "tables are not read; save the text as .txt",
    ".ppt": "save the slides as .pdf",
    ".pptx": "save the slides as .pdf",
    ".mhtml": "save the page as .html (\"Web page, HTML only\")",
    ".mht": "save the page as .html (\"Web page, HTML only\")",
    ".jpg": "an image has no text layer; run OCR and save the text as .txt or .pdf",
    ".jpeg": "an image has no text layer; run OCR and save the text as .txt or .pdf",
    ".png": "an image has no text layer; run OCR and save the text as .txt or .pdf",
}


def unsupported_reason(suffix: str) -> str:
    """The one-line reason a file of this type is not read, with what to do where there is a known way."""
    what = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
    advice = _ADVICE.get(suffix.lower())
    return f"{what}: {advice}" if advice else f"{what}; kizuna reads {', '.join(SUPPORTED_SUFFIXES)}"
CATALOG_NAME = "catalog.json"
MB = 1_000_000  # file size limits are in decimal megabytes, as file managers show them


@dataclass(frozen=True)
class Skipped:
    """A corpus file that was not indexed; path is relative to the corpus folder, reason is one line."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


OUTSIDE_REASON = "symlink leads outside the corpus folder (limits.follow_symlinks_outside)"


@dataclass
class Listing:
    candidates: list[Path] = field(default_factory=list)  # paths as seen inside the corpus folder
    rejected: list[Skipped] = field(default_factory=list)


def _silently_ignored(name: str) -> bool:
    """Files that are the corpus's own furniture, not documents: hidden files, the catalog, a README."""
    return name.startswith(".") or name.lower() in (CATALOG_NAME, "readme.md")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _size_reason(size: int, limits: LimitSettings) -> str | None:
    if size <= limits.max_file_mb * MB:
        return None
    return f"{size / MB:.3g} MB is over the {limits.max_file_mb:g} MB limit (limits.max_file_mb)"


def list_corpus(corpus_dir: Path, limits: LimitSettings | None = None) -> Listing:
    """Walk the corpus folder once: the candidate files (sorted) and the files rejected at listing.

    Rejected here: symlinks leading outside the folder (the catalog's too), broken symlinks, files over
    the size cap, unsupported file types. Hidden files, the catalog and README.md are neither listed nor reported.
    """
    limits = limits or LimitSettings()
    root = corpus_dir.resolve()
    listing = Listing()
    seen_dirs: set[Path] = {root}
    seen_files: dict[Path, str] = {}
    found: list[tuple[Path, Path]] = []

    def rel(path: Path) -> str:
        return path.relative_to(corpus_dir).as_posix()

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            listing.rejected.append(Skipped(rel(folder), f"folder cannot be listed ({exc.strerror})"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            target = path
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    listing.rejected.append(Skipped(rel(path), "broken symlink"))
                    continue
                if not _inside(target, root) and not limits.follow_symlinks_outside:
                    listing.rejected.append(
                        Skipped(rel(path), OUTSIDE_REASON)
                    )
                    continue
            if target.is_dir():
                resolved = target.resolve()
                if resolved not in seen_dirs:  # a link back to a folder already walked: a loop
                    seen_dirs.add(resolved)
                    walk(path)
                continue
            if not target.is_file() or _silently_ignored(entry.name):
                continue
            suffix = path.suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                listing.rejected.append(Skipped(rel(path), unsupported_reason(suffix)))
                continue
            too_big = _size_reason(target.stat().st_size, limits)
            if too_big:
                listing.rejected.append(Skipped(rel(path), too_big))
                continue
            found.append((path, target.resolve()))

    walk(corpus_dir)
    # One file reached by two paths (a link to it inside the folder) is read once, by its own path.
    found.sort(key=lambda pair: (root / rel(pair[0]) != pair[1], rel(pair[0])))
    for path, resolved in found:
        if resolved in seen_files:
            listing.rejected.append(Skipped(rel(path), f"same file as {seen_files[resolved]} (a link to it)"))
        else:
            seen_files[resolved] = rel(path)
            listing.candidates.append(path)
    # the catalog is read for titles, not indexed; a link of it leading outside is turned away all the same
    if (root / CATALOG_NAME).is_file() and catalog_path(root, limits) is None:
        listing.rejected.append(Skipped(CATALOG_NAME, OUTSIDE_REASON))
    listing.candidates.sort(key=rel)
    listing.rejected.sort(key=lambda s: s.path)
    return listing


def catalog_path(corpus_dir: Path, limits: LimitSettings | None = None) -> Path | None:
    """The catalog file if there is one and it lies inside the boundary (it feeds titles and notes)."""
    limits = limits or LimitSettings()
    path = corpus_dir / CATALOG_NAME
    if not path.is_file():
        return None
    if not _inside(path.resolve(), corpus_dir.resolve()) and not limits.follow_symlinks_outside:
        return None
    return path
