"""Settings: defaults (the configuration measured best on eval/), overridable by a TOML file.

Every group is a pydantic dataclass with ``extra="forbid"``, so a misspelt key or a value of the wrong
type is a one-line error that names the key, not a silent default. This module imports nothing else from
kizuna: every other module may import it.

A configuration file (``--config FILE``, ``$KIZUNA_CONFIG`` or ``./kizuna.toml``) may hold::

    corpus = "corpus"          # relative paths are relative to the file
    index = "index"
    # store = "postgresql://kizuna@db.example/kizuna"   # optional: the index in PostgreSQL (README)
    [chunking]
    strategy = "sentences"     # or "fixed"
    target_chars = 550
    [retrieval]
    k = 5
    fusion = "zsum"            # or "rrf"
    vector_index = "auto"      # auto | flat | hnsw
    [[retrieval.retrievers]]
    name = "e5"                # how the retriever is named in results and `eval --retriever`
    kind = "dense"             # "dense" or "bm25"
    encoder = "e5"             # dense only: e5 | use | minilm | st:<name or path>
    weight = 1.0
    languages = ["en", "ja"]   # optional: query languages it serves (default: all)
    [answer]
    abstain_below = 0.339      # a probability: eval/fit_answers.py fits it by cross-validation
    [quotes]
    semantic_min = 2.79        # calibrated: `kizuna eval eval/quotes.jsonl` prints suggested_semantic_min
    semantic_min_across = 2.5  # a neighbour in another language may contradict a claim from here (or bear it out, stating its numbers)
    [limits]
    max_question_chars = 2000

Every key, its default and its meaning are the fields below (``description=``); a TOML table is a group.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic.dataclasses import dataclass

STRICT = ConfigDict(extra="forbid")


def group(cls):
    """A settings group: frozen, validated, unknown keys refused."""
    return dataclass(config=STRICT, frozen=True)(cls)


class ConfigError(Exception):
    """A setting that cannot be used; the message names the key and what is wrong."""


@group
class ChunkSettings:
    strategy: Literal["sentences", "fixed"] = Field(
        "sentences", description="'sentences' (default) or 'fixed' (the common tutorial recipe, for ablation)"
    )
    target_chars: int = Field(550, gt=0, description="passages are packed to about this many characters")
    max_chars: int = Field(1000, gt=0, description="no passage is longer")
    overlap_chars: int = Field(
        150, ge=0, description="sentences: carry the previous sentence over when it is at most this long"
    )
    min_chars: int = Field(
        250, ge=0, description="sentences: a paragraph end closes a passage once it has this much text"
    )

    @model_validator(mode="after")
    def _consistent(self) -> ChunkSettings:
        if self.target_chars > self.max_chars:
            raise ValueError("chunking needs target_chars <= max_chars")
        if self.overlap_chars >= self.max_chars:
            raise ValueError("chunking needs overlap_chars < max_chars")
        return self


@group
class RetrieverSpec:
    name: str = Field(description="how the retriever is named in results and `eval --retriever`")
    kind: Literal["dense", "bm25"] = Field(description="'dense' (an encoder) or 'bm25'")
    weight: float = Field(1.0, ge=0, description="its weight in the fusion")
    encoder: str | None = Field(None, description="dense only: e5 | use | minilm | st:<name or path>")
    # Query languages the retriever understands (None: all). A retriever is left out of the fusion for
    # questions in other languages, e.g. USE multilingual v3 was not trained on Vietnamese.
    languages: tuple[str, ...] | None = Field(None, description="query languages it serves (default: all)")
    # bm25 only: match the question's words as the bundled lexicons translate them (JMdict's English for a
    # Japanese question; the kanji words, and their English, a Vietnamese question's words are the reading
    # of) instead of the words themselves, so that BM25 can vote for a passage in another language
    translated: bool = Field(False, description="bm25 only: match the question's words translated (answer/lexicon.py)")

    @model_validator(mode="after")
    def _encoder_for_dense(self) -> RetrieverSpec:
        if self.kind == "dense" and not self.encoder:
            raise ValueError(f"retriever '{self.name}': a dense retriever needs an 'encoder'")
        return self

    def serves(self, lang: str) -> bool:
        return self.languages is None or lang in self.languages


# Measured on eval/questions.jsonl (see eval/README.md): two multilingual encoders carry the
# cross-lingual questions; BM25 with a small weight sharpens exact names and numbers without
# drowning passages in another language.
DEFAULT_RETRIEVERS = (
    RetrieverSpec("e5", "dense", 1.0, "e5"),
    RetrieverSpec("use", "dense", 0.5, "use", languages=("en", "ja")),
    RetrieverSpec("bm25", "bm25", 0.2),
    RetrieverSpec("bm25-xl", "bm25", 0.2, languages=("ja", "vi"), translated=True),
)


@group
class RetrievalSettings:
    k: int = Field(5, ge=1, description="passages per answer")
    retrievers: tuple[RetrieverSpec, ...] = Field(DEFAULT_RETRIEVERS, description="the retrievers fused")
    fusion: Literal["zsum", "rrf"] = Field(
        "zsum", description="'zsum': weighted sum of language-calibrated scores; 'rrf': reciprocal-rank fusion"
    )
    rrf_k: int = Field(60, ge=1, description="the k of reciprocal-rank fusion")
    sentence_weight: float = Field(
        0.5, ge=0, le=1, description="dense scores: share of the best sentence's similarity vs the passage's"
    )
    calibration: Literal["language", "none"] = Field(
        "language",
        description="'language': standardise each retriever's scores within each passage language; "
        "'none': raw similarities, as the common tutorial recipe does (kept for the ablation)",
    )
    candidates: int = Field(
        200,
        ge=10,
        le=5000,
        description="each retriever's top candidates per query; fusion and answers only see these",
    )
    vector_index: Literal["auto", "flat", "hnsw"] = Field(
        "auto",
        description="'flat': exact search; 'hnsw': approximate; 'auto': exact below exact_below vectors",
    )
    exact_below: int = Field(
        50_000, ge=1, description="'auto' searches exactly below this many vectors, approximately above"
    )
    hnsw_m: int = Field(32, ge=4, le=128, description="HNSW graph degree")
    hnsw_ef_construction: int = Field(80, ge=8, description="HNSW build-time beam width")
    hnsw_ef_search: int = Field(128, ge=8, description="HNSW query-time beam width (recall vs speed)")

    @model_validator(mode="after")
    def _unique_names(self) -> RetrievalSettings:
        names = [r.name for r in self.retrievers]
        if not names:
            raise ValueError("at least one retriever is needed")
        if len(set(names)) != len(names):
            raise ValueError(f"retriever names must be unique: {names}")
        return self

    @property
    def encoders(self) -> tuple[str, ...]:
        return tuple(sorted({r.encoder for r in self.retrievers if r.kind == "dense" and r.encoder}))

    @property
    def uses_bm25(self) -> bool:
        return any(r.kind == "bm25" for r in self.retrievers)

    def retriever(self, name: str) -> RetrieverSpec:
        for r in self.retrievers:
            if r.name == name:
                return r
        raise ConfigError(
            f"no retriever named '{name}'; configured: {', '.join(r.name for r in self.retrievers)}"
        )


@group
class AnswerSettings:
    # every hit is a candidate: the learned ranker weighs the hit's rank with everything else
    # (src/kizuna/answer/model.py; eval/fit_answers.py refits it)
    from_passages: int = Field(5, ge=1, description="the answer is taken from the first this-many hits")
    neighbour_share: float = Field(
        0.85, description="a neighbouring sentence joins the answer when it scores this share of the best"
    )
    short_answer_chars: int = Field(
        80, description="a best sentence shorter than this takes the following one along (a topic line)"
    )
    # Abstention uses the answer's confidence: the answer model's calibrated probability that the answer is
    # right. eval/fit_answers.py picks the threshold that declines the most unanswerable questions while
    # declining at most 5% of the answerable ones, on out-of-fold probabilities, and reports it
    # cross-validated (eval/README.md).
    abstain_below: float = Field(0.339, description="abstain when the answer's confidence is below this")
    require_question_years: bool = Field(
        True, description="abstain when the question names a year (or a day) the answer's document never mentions"
    )


@group
class QuoteSettings:
    fuzzy_min: float = Field(0.8, ge=0, le=1, description="share of the quote's characters matched in order")
    # calibrated on eval/quotes.jsonl: `kizuna eval eval/quotes.jsonl` prints suggested_semantic_min
    # (2.7942 on 2026-11-23, once a semantic match must also state the claim's numbers, dates and names
    # to support it); checked on eval/claims.jsonl, which was not used to choose it (eval/README.md)
    semantic_min: float = Field(2.79, description="a semantic match at or above this counts as support")
    # chosen on eval/claims.jsonl, quotes.jsonl and claims_heldout.jsonl (the highest value at which
    # claims_heldout's contradicted claims are all found); reported on claims_heldout2.jsonl (eval/README.md)
    semantic_min_across: float = Field(
        2.5,
        description="a match in another language than the claim's at or above this is held against it: its "
        "numbers and dates, ministries, countries and cities may contradict the claim (its words cannot match "
        "the claim's, so it scores lower); it bears the claim out from here only when the sentence itself "
        "states every number the claim gives, else support needs semantic_min",
    )
    max_matches: int = Field(5, ge=1, description="matches listed")


@group
class LimitSettings:
    max_question_chars: int = Field(
        2000, ge=10, description="longer questions are refused with a message saying so"
    )
    max_quote_chars: int = Field(2000, ge=10, description="longer quotes are refused with a message saying so")
    max_file_mb: float = Field(50.0, gt=0, description="corpus files above this size are skipped with a reason")
    follow_symlinks_outside: bool = Field(
        False, description="index files behind symlinks that lead outside the corpus folder"
    )


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


@group
class Settings:
    corpus_dir: Path = Field(default_factory=lambda: _default_dir("corpus"), description="the documents")
    index_dir: Path = Field(default_factory=lambda: _default_dir("index"), description="the built index")
    # None: the index folder. A PostgreSQL URL keeps the index in that database instead (index/pg_store.py)
    store: str | None = Field(
        None, description="postgresql://USER:PASSWORD@HOST:PORT/DATABASE to keep the index in PostgreSQL"
    )
    chunking: ChunkSettings = Field(default_factory=ChunkSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    quotes: QuoteSettings = Field(default_factory=QuoteSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)

    @model_validator(mode="after")
    def _store_url(self) -> Settings:
        if self.store is not None and not self.store.startswith(("postgresql://", "postgres://")):
            raise ValueError("store must be a postgresql://… URL (leave it unset for the index folder)")
        return self

    def replace(self, **changes) -> Settings:
        """A copy with some fields changed, validated like the original."""
        return dataclasses.replace(self, **changes)

    def with_retrieval(self, **changes) -> Settings:
        return self.replace(retrieval=dataclasses.replace(self.retrieval, **changes))


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"]) or "settings"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def settings_from_dict(data: dict, base: Path | None = None) -> Settings:
    """Settings from a TOML-shaped dict; paths relative to `base`. Any wrong key or value -> ConfigError."""
    data = dict(data)
    renamed = {}
    for key, field in (("corpus", "corpus_dir"), ("index", "index_dir")):
        if key in data:
            renamed[field] = (base / data.pop(key)).resolve() if base else Path(data.pop(key))
    try:
        return TypeAdapter(Settings).validate_python({**data, **renamed})
    except ValidationError as exc:
        raise ConfigError(_first_error(exc)) from None


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
    config: Path | None = None, corpus: Path | None = None, index: Path | None = None, store: str | None = None
) -> Settings:
    settings = Settings()
    path = find_config_file(config)
    if path:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        try:
            settings = settings_from_dict(data, path.resolve().parent)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    if corpus:
        settings = settings.replace(corpus_dir=corpus.resolve())
    if index:
        settings = settings.replace(index_dir=index.resolve())
    store = store or os.environ.get("KIZUNA_STORE")  # --store, then $KIZUNA_STORE, then the file's `store`
    if store:
        try:
            settings = settings.replace(store=store)
        except ValidationError as exc:
            raise ConfigError(_first_error(exc)) from None
    return settings
