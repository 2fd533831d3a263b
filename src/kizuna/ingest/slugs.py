"""Citation slugs: unique always, stable across runs, never an error.

A slug is derived from the file name. Vietnamese and other accented Latin names are folded to ASCII
("Bản ghi nhớ" -> "ban-ghi-nho"). Characters with no cheap ASCII spelling (Japanese, Chinese …) would
vanish, so a name that loses any of them gets a short hash of its relative path as a suffix: two
Japanese-only names give two different slugs, and the same file gets the same slug on every run.
When two files still claim one slug, the first by relative path keeps it and each other gets the
hash suffix, so a file's slug only changes if a file sorting before it claims the same name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kizuna.ingest.text import fold_diacritics

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def path_hash(rel_path: str, length: int = 6) -> str:
    return hashlib.sha1(rel_path.encode("utf-8")).hexdigest()[:length]


def _ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_diacritics(text).lower()).strip("-")


def slugify(name: str, rel_path: str | None = None) -> str:
    """A file name (or a catalog slug) as a citation slug; rel_path seeds the hash suffix when needed."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", name)
    slug = _ascii_slug(stem)
    lost = any(ch.isalnum() and not ch.isascii() for ch in fold_diacritics(stem))
    if not slug:
        return f"doc-{path_hash(rel_path or name)}"
    return f"{slug}-{path_hash(rel_path or name)}" if lost else slug


@dataclass(frozen=True)
class SlugClaim:
    rel_path: str
    wanted: str
    from_catalog: bool


def assign_slugs(claims: Sequence[SlugClaim]) -> tuple[dict[str, str], list[str]]:
    """Unique slugs for all files: {rel_path: slug} and one note per slug that had to change.

    Catalog slugs are claimed before file-name slugs (the catalog is the user's explicit choice);
    within each kind the first relative path wins. A loser gets its path hash appended, lengthened
    in the (unlikely) case that this is taken too.
    """
    taken: dict[str, str] = {}
    result: dict[str, str] = {}
    notes: list[str] = []
    for claim in sorted(claims, key=lambda c: (not c.from_catalog, c.rel_path)):
        slug = claim.wanted
        if slug in taken:
            length = 6
            while slug in taken:
                suffix = path_hash(claim.rel_path, length) if length <= 40 else f"{length}"
                slug = f"{claim.wanted}-{suffix}"
                length += 2
            if claim.from_catalog:
                notes.append(
                    f"{claim.rel_path}: catalog slug '{claim.wanted}' is already used by {taken[claim.wanted]};"
                    f" cited as '{slug}' (give it its own slug in the catalog)"
                )
        taken[slug] = claim.rel_path
        result[claim.rel_path] = slug
    return result, notes
