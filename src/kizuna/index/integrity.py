"""Checksums of a build's files, recorded in its manifest and checked when the build is used.

Checking must be cheap enough for every start: files up to FULL_BELOW bytes are hashed whole (the bundled
index is a few MB: milliseconds); larger ones by size plus a hash of their first, middle and last block.
`kizuna index --verify` hashes every file whole.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

FULL_BELOW = 16 * 1024 * 1024
BLOCK = 1024 * 1024


class FileCheck(BaseModel):
    size: int
    sha256: str  # of the whole file
    sample: str  # of the first, middle and last block (what a quick check compares for large files)


def _sample_hash(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for offset in sorted({0, max(0, size // 2 - BLOCK // 2), max(0, size - BLOCK)}):
            fh.seek(offset)
            digest.update(fh.read(BLOCK))
    return digest.hexdigest()


def _full_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(4 * BLOCK):
            digest.update(chunk)
    return digest.hexdigest()


def checksum(path: Path) -> FileCheck:
    size = path.stat().st_size
    return FileCheck(size=size, sha256=_full_hash(path), sample=_sample_hash(path, size))


def checksums(directory: Path, names: Iterable[str]) -> dict[str, FileCheck]:
    return {name: checksum(directory / name) for name in sorted(names)}


def build_files(directory: Path) -> list[str]:
    """Every file of a build folder (relative, POSIX), the manifest excepted."""
    out = []
    for root, _, files in os.walk(directory):
        for name in files:
            rel = (Path(root) / name).relative_to(directory).as_posix()
            if rel != "manifest.json":
                out.append(rel)
    return sorted(out)


def verify(directory: Path, expected: dict[str, FileCheck], full: bool = False) -> list[str]:
    """Problems with a build's files: missing, resized or changed (empty: all as recorded)."""
    problems = []
    for name, check in expected.items():
        path = directory / name
        try:
            size = path.stat().st_size
        except OSError:
            problems.append(f"{name} is missing")
            continue
        if size != check.size:
            problems.append(f"{name} has {size} bytes, the build wrote {check.size}")
            continue
        whole = full or size <= FULL_BELOW
        actual = _full_hash(path) if whole else _sample_hash(path, size)
        if actual != (check.sha256 if whole else check.sample):
            problems.append(f"{name} has changed since it was built")
    return problems
