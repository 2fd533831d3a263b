"""The manifest written beside every build: what was indexed, how, and with which code and models.

An index is reusable only when everything that shapes its contents is unchanged. That is the settings
that cut and embed text, the installed encoder packages, and the *code* that cleans, chunks, splits and
tokenises text: its fingerprint is a hash of every module of ``kizuna.ingest``, so editing a cleaning rule
or a sentence-length constant rebuilds the index by itself (vectors of unchanged text are reused, so such
a rebuild costs little).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from kizuna.index.integrity import FileCheck
from kizuna.settings import Settings

# Bump when the files of a build change shape (names, array layouts).
INDEX_FORMAT_VERSION = 3


def kizuna_version() -> str:
    try:
        return version("kizuna")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0+unknown"


def installed_version(package: str | None) -> str | None:
    """Installed version of an encoder's package; None for encoders that name no package (test fakes)."""
    if package is None:
        return None
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


@cache
def text_code_fingerprint() -> str:
    """Hash of the modules that decide what text is indexed (kizuna.ingest: clean, chunk, units, tokens)."""
    from kizuna import ingest

    digest = hashlib.sha256()
    for path in sorted(Path(ingest.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def index_shape(settings: Settings) -> dict:
    """Everything that changes what is stored in the index (weights, k and limits do not)."""
    retrieval = settings.retrieval
    return {
        "format": INDEX_FORMAT_VERSION,
        "text_code": text_code_fingerprint(),
        "chunking": dataclasses.asdict(settings.chunking),
        "encoders": list(retrieval.encoders),
        "bm25": retrieval.uses_bm25,
        "vector_index": retrieval.vector_index,
        "exact_below": retrieval.exact_below,
        "hnsw": [retrieval.hnsw_m, retrieval.hnsw_ef_construction],
    }


def index_hash(settings: Settings) -> str:
    blob = json.dumps(index_shape(settings), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


class FileEntry(BaseModel):
    sha256: str
    doc: str | None = None
    passages: int = 0


class EncoderInfo(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str
    package: str | None = None
    version: str | None = None
    dim: int


class Manifest(BaseModel):
    """manifest.json of one build. Unknown keys from newer builds are kept, not refused."""

    model_config = ConfigDict(extra="allow")
    format: int
    kizuna_version: str
    built_at: str
    corpus_dir: str
    settings: dict
    settings_hash: str
    catalog_sha256: str | None = None
    files: dict[str, FileEntry] = Field(default_factory=dict)
    encoders: dict[str, EncoderInfo] = Field(default_factory=dict)
    passages: int
    sentences: int = 0
    max_passage_chars: int = 0
    languages: list[str] = Field(default_factory=list)  # passage language groups, in label order
    skipped: list[dict] = Field(default_factory=list)  # corpus files not indexed: {"path", "reason"}
    checksums: dict[str, FileCheck] = Field(default_factory=dict)  # every other file of the build

    def incompatibilities(self, settings: Settings) -> list[str]:
        """Why this build cannot serve these settings (empty: it can)."""
        problems = []
        if self.format != INDEX_FORMAT_VERSION:
            problems.append(f"index format {self.format} (this kizuna reads {INDEX_FORMAT_VERSION})")
        if self.settings_hash != index_hash(settings):
            old, new = self.settings, index_shape(settings)
            changed = [f"{key} {old.get(key)!r} -> {new[key]!r}" for key in new if old.get(key) != new[key]]
            problems.append("built with other settings: " + "; ".join(changed or ["settings hash differs"]))
        for spec, info in self.encoders.items():
            installed = installed_version(info.package)
            if installed != info.version:
                problems.append(f"encoder {spec} built with {info.package} {info.version}, now {installed}")
        return problems
