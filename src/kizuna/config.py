"""Settings: defaults (the configuration measured best on eval/), overridable by a TOML file.

A configuration file (``--config FILE``, ``$KIZUNA_CONFIG`` or ``./kizuna.toml``) may hold::

    corpus = "corpus"          # relative paths are relative to the file
    index = "index"
    [chunking]
    strategy = "sentences"     # or "fixed"
    target_chars = 550
    max_chars = 1000
    overlap_chars = 150
    [retrieval]
    k = 5
    fusion = "zsum"            # or "rrf"
    rrf_k = 60
    sentence_weight = 0.5
    calibration = "language"   # or "none"
    [[retrieval.retrievers]]
    name = "e5"                # how the retriever is named in results and `eval --retriever`
    kind = "dense"             # "dense" or "bm25"
    encoder = "e5"             # dense only: e5 | use | minilm | st:<name or path>
    weight = 1.0
    languages = ["en", "ja"]   # optional: query languages it serves (default: all)
    [quotes]                   # see citations.QuoteSettings
    semantic_min = 3.14        # calibrated: `kizuna eval eval/quotes.jsonl` prints suggested_semantic_min
    [answer]                   # see answer.AnswerSettings
    abstain_below = 3.29       # calibrated: `kizuna eval` prints suggested_abstain_below
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .answer import AnswerSettings
from .chunking import ChunkSettings
from .citations import QuoteSettings
from .clean import CLEANING_VERSION

# The tokenizer and chunker change what is indexed; bump with them.
INDEX_FORMAT_VERSION = 2
TOKENIZER_VERSION = 4


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class RetrieverSpec:
    name: str
    kind: str  # "dense" | "bm25"
    weight: float = 1.0
    encoder: str | None = None
    # Query languages the retriever understands (None: all). A retriever is left out of the fusion for
    # questions in other languages, e.g. USE multilingual v3 was not trained on Vietnamese.
    languages: tuple[str, ...] | None = None

    def serves(self, lang: str) -> bool:
        return self.languages is None or lang in self.languages

    def __post_init__(self) -> None:
        if self.kind not in ("dense", "bm25"):
            raise ConfigError(f"retriever '{self.name}': kind must be 'dense' or 'bm25', not {self.kind!r}")
        if self.kind == "dense" and not self.encoder:
            raise ConfigError(f"retriever '{self.name}': a dense retriever needs an 'encoder'")
        if self.weight < 0:
            raise ConfigError(f"retriever '{self.name}': weight must be >= 0")


# Measured on eval/questions.jsonl (see eval/README.md): two multilingual encoders carry the
# cross-lingual questions; BM25 with a small weight sharpens exact names and numbers without
# drowning passages in another language.
DEFAULT_RETRIEVERS = (
    RetrieverSpec("e5", "dense", 1.0, "e5"),
    RetrieverSpec("use", "dense", 0.5, "use", languages=("en", "ja")),
    RetrieverSpec("bm25", "bm25", 0.2),
)
FUSIONS = ("zsum", "rrf")


def _repo_root() -> Path | None:
    """The checkout this package runs from (src layout), if any."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").exists() and (root / "corpus").is_dir() else None


def _default_dir(name: str) -> Path:
    cwd = Path.cwd() / name
    if cwd.is_dir():
        return cwd
    root = _repo_root()
    return root / name if root else cwd


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = field(default_factory=lambda: _default_dir("corpus"))
    index_dir: Path = field(default_factory=lambda: _default_dir("index"))
    chunking: ChunkSettings = field(default_factory=ChunkSettings)
    retrievers: tuple[RetrieverSpec, ...] = DEFAULT_RETRIEVERS
    k: int = 5
    fusion: str = "zsum"  # "zsum": weighted sum of language-calibrated scores; "rrf": reciprocal-rank fusion
    rrf_k: int = 60
    sentence_weight: float = 0.5  # dense scores: share of the best sentence's similarity vs the passage's
    # "language": standardise each retriever's scores within each passage language (see scoring.py);
    # "none": raw similarities, as the common tutorial recipe does (kept for the ablation).
    calibration: str = "language"
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)

    def __post_init__(self) -> None:
        if self.fusion not in FUSIONS:
            raise ConfigError(f"fusion must be one of {', '.join(FUSIONS)}, not {self.fusion!r}")
        if self.calibration not in ("language", "none"):
            raise ConfigError(f"calibration must be 'language' or 'none', not {self.calibration!r}")
        if not 0 <= self.sentence_weight <= 1:
            raise ConfigError("sentence_weight must be between 0 and 1")
        names = [r.name for r in self.retrievers]
        if not names:
            raise ConfigError("at least one retriever is needed")
        if len(set(names)) != len(names):
            raise ConfigError(f"retriever names must be unique: {names}")

    @property
    def encoders(self) -> tuple[str, ...]:
        return tuple(sorted({r.encoder for r in self.retrievers if r.kind == "dense" and r.encoder}))

    def index_shape(self) -> dict:
        """Everything that changes what is stored in the index (weights and k do not)."""
        return {
            "format": INDEX_FORMAT_VERSION,
            "cleaning": CLEANING_VERSION,
            "tokenizer": TOKENIZER_VERSION,
            "chunking": asdict(self.chunking),
            "encoders": list(self.encoders),
            "bm25": any(r.kind == "bm25" for r in self.retrievers),
        }

    def index_hash(self) -> str:
        blob = json.dumps(self.index_shape(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def retriever(self, name: str) -> RetrieverSpec:
        for r in self.retrievers:
            if r.name == name:
                return r
        raise ConfigError(
            f"no retriever named '{name}'; configured: {', '.join(r.name for r in self.retrievers)}"
        )


def _parse_retrievers(items: object, source: str) -> tuple[RetrieverSpec, ...]:
    if not isinstance(items, list) or not items:
        raise ConfigError(f"{source}: [[retrieval.retrievers]] must be a non-empty list of tables")
    specs = []
    for item in items:
        if not isinstance(item, dict) or "name" not in item or "kind" not in item:
            raise ConfigError(f"{source}: each retriever needs at least 'name' and 'kind'")
        unknown = set(item) - {"name", "kind", "weight", "encoder", "languages"}
        if unknown:
            raise ConfigError(f"{source}: unknown retriever keys {sorted(unknown)}")
        languages = item.get("languages")
        specs.append(
            RetrieverSpec(
                str(item["name"]),
                str(item["kind"]),
                float(item.get("weight", 1.0)),
                item.get("encoder"),
                tuple(languages) if languages else None,
            )
        )
    return tuple(specs)


def find_config_file(explicit: Path | None) -> Path | None:
    if explicit:
        if not explicit.is_file():
            raise ConfigError(f"configuration file not found: {explicit}")
        return explicit
    env = os.environ.get("KIZUNA_CONFIG")
    if env:
        return find_config_file(Path(env))
    local = Path.cwd() / "kizuna.toml"
    return local if local.is_file() else None


def load_settings(
    config: Path | None = None, corpus: Path | None = None, index: Path | None = None
) -> Settings:
    settings = Settings()
    path = find_config_file(config)
    if path:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        base = path.resolve().parent
        changes: dict = {}
        if "corpus" in data:
            changes["corpus_dir"] = (base / data["corpus"]).resolve()
        if "index" in data:
            changes["index_dir"] = (base / data["index"]).resolve()
        if "chunking" in data:
            try:
                changes["chunking"] = ChunkSettings(**data["chunking"])
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"{path}: [chunking]: {exc}") from exc
        if "answer" in data:
            try:
                changes["answer"] = AnswerSettings(**data["answer"])
            except TypeError as exc:
                raise ConfigError(f"{path}: [answer]: {exc}") from exc
        if "quotes" in data:
            try:
                changes["quotes"] = QuoteSettings(**data["quotes"])
            except TypeError as exc:
                raise ConfigError(f"{path}: [quotes]: {exc}") from exc
        retrieval = data.get("retrieval", {})
        if "retrievers" in retrieval:
            changes["retrievers"] = _parse_retrievers(retrieval["retrievers"], str(path))
        for key, cast in (
            ("k", int),
            ("rrf_k", int),
            ("fusion", str),
            ("sentence_weight", float),
            ("calibration", str),
        ):
            if key in retrieval:
                changes[key] = cast(retrieval[key])
        settings = replace(settings, **changes)
    if corpus:
        settings = replace(settings, corpus_dir=corpus.resolve())
    if index:
        settings = replace(settings, index_dir=index.resolve())
    return settings
