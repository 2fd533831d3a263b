"""The database retrieval backends: pgvector for vectors, a BM25 postings table for keywords.

Both implement the protocols of retrieval/base.py over tables of one published build (index/pg_schema.py
names them), so the searcher cannot tell them from FAISS and bm25s:

- PgVectorIndex: ``embedding vector(dim)``; exact (a scan ordered by ``<#>``, negative inner product)
  below ``exact_below`` vectors, as FAISS flat; above it an HNSW graph with ``vector_ip_ops``. An id
  filter is pushed into SQL: a small allowed set is scanned exactly; a large one uses the graph with
  pgvector's iterative scan (0.8+), so a filtered query still gets k results.
- PgLexicalIndex: bm25s precomputes each (token, passage) weight, so a query's BM25 scores are the sums of
  the weights of its tokens (counted once per occurrence, as bm25s does): the scores equal the embedded
  backend's, read by token from a postings table (one row per token, its passages and weights).

Vectors travel in pgvector's binary form (big-endian float32), so what comes back is bit-for-bit what was
stored and the exact re-scoring in the searcher gives the same numbers as with FAISS.
"""

from __future__ import annotations

import contextlib
import struct
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psycopg
from psycopg.adapt import Loader
from psycopg.pq import Format

from kizuna.ingest.text import tokenize
from kizuna.retrieval.base import Candidates, SparseScores, no_candidates
from kizuna.retrieval.faiss_index import SUBSET_SCAN_BELOW

Tokenizer = Callable[[str], list[str]]


class _VectorLoader(Loader):
    format = Format.BINARY

    def load(self, data) -> np.ndarray:
        dim = struct.unpack_from(">H", data)[0]
        return np.frombuffer(bytes(data), dtype=">f4", count=dim, offset=4).astype(np.float32)


def vector_bytes(v: np.ndarray) -> bytes:
    """pgvector's binary input form of one vector (for COPY ... FORMAT BINARY)."""
    v = np.ascontiguousarray(v, dtype=">f4")
    return struct.pack(">HH", len(v), 0) + v.tobytes()


def vector_text(v: np.ndarray) -> str:
    return "[" + ",".join(repr(float(x)) for x in np.asarray(v, dtype=np.float32)) + "]"


class Connections:
    """One connection per thread (the app answers several questions at once), opened on first use.

    `connect` returns an autocommit connection; each gets the binary vector loader and the search settings.
    """

    def __init__(
        self,
        connect: Callable[[], psycopg.Connection],
        ef_search: int = 128,
        on_error: Callable[[Exception], Exception] | None = None,
    ) -> None:
        self._connect = connect
        self._on_error = on_error  # turns a driver error into the caller's own (a message naming the fix)
        self._local = threading.local()
        # (thread, connection): a worker thread's pool can retire it (anyio drops idle workers), so a new
        # connection closes those of threads that are gone, and a replaced build's closes with it
        self._all: list[tuple[threading.Thread, psycopg.Connection]] = []
        self._lock = threading.Lock()
        self.ef_search = ef_search
        weakref.finalize(self, _close_all, self._all)

    def get(self) -> psycopg.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self._connect()
            info = psycopg.types.TypeInfo.fetch(conn, "vector")
            if info is not None:
                conn.adapters.register_loader(info.oid, _VectorLoader)
            conn.execute(f"SET hnsw.ef_search = {max(int(self.ef_search), 16)}")
            try:  # pgvector >= 0.8: a filtered graph search keeps looking until it has k results
                conn.execute("SET hnsw.iterative_scan = strict_order")
            except psycopg.Error:
                conn.rollback()
            self._local.conn = conn
            with self._lock:
                keep = [(t, c) for t, c in self._all if t.is_alive() and not c.closed]
                _close_all([(t, c) for t, c in self._all if (t, c) not in keep])
                self._all[:] = [*keep, (threading.current_thread(), conn)]
        return conn

    def fetch(self, sql: str, params: tuple = (), binary: bool = False) -> list[tuple]:
        """Rows of one query on this thread's connection. A broken connection is dropped (the next query
        reconnects) and the error is raised as the caller's own."""
        conn = self.get()
        try:
            with conn.cursor(binary=binary) as cur:
                cur.execute(sql, params)
                return cur.fetchall()
        except psycopg.Error as exc:
            if conn.closed or conn.broken:
                with contextlib.suppress(Exception):
                    conn.close()  # pruned from the list by the next new connection
                self._local.conn = None
            if self._on_error is None:
                raise
            raise self._on_error(exc) from None

    def open_count(self) -> int:
        with self._lock:
            return sum(not c.closed for _, c in self._all)

    def close(self) -> None:
        with self._lock:
            _close_all(self._all)


def _close_all(pairs: list) -> None:
    for _, conn in pairs:
        with contextlib.suppress(Exception):
            conn.close()
    if isinstance(pairs, list):
        pairs.clear()


def copy_vectors(conn: psycopg.Connection, table: str, vectors: np.ndarray, first_id: int = 0) -> None:
    """Append vectors to `table` (id, embedding) with ids from first_id, by binary COPY."""
    with conn.cursor().copy(f"COPY {table} (id, embedding) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["int4", "bytea"])  # the bytes are read by vector's own binary input
        for i, v in enumerate(np.asarray(vectors, dtype=np.float32)):
            copy.write_row((first_id + i, vector_bytes(v)))


class PgVectorIndex:
    """Vectors of one unit (passages or sentences) of one build: VectorIndex over a table."""

    def __init__(self, conns: Connections, table: str, dim: int, kind: str, n: int) -> None:
        self._conns = conns
        self.table = table
        self.dim = dim
        self.kind = kind  # "flat": no graph, exact scans; "hnsw": the table has an HNSW index
        self._n = n

    def count(self) -> int:
        return self._n

    def add(self, vectors: np.ndarray) -> None:
        if len(vectors):
            copy_vectors(self._conns.get(), self.table, vectors, self._n)
            self._n += len(vectors)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        if not len(ids):
            return out
        wanted = np.unique(ids)
        rows = self._conns.fetch(f"SELECT id, embedding FROM {self.table} WHERE id = ANY(%s)", (wanted.tolist(),), True)
        if len(rows) != len(wanted):
            raise KeyError(f"{len(wanted) - len(rows)} of the requested vectors are not in {self.table}")
        got = np.array([r[0] for r in rows], dtype=np.int64)
        stacked = np.vstack([r[1] for r in rows])
        order = np.argsort(got)
        return stacked[order][np.searchsorted(got[order], ids)]

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> Candidates:
        n = self.count()
        if n == 0 or k <= 0:
            return no_candidates()
        q = vector_text(np.asarray(query, dtype=np.float32).reshape(-1))
        k = min(k, n)
        if allowed is not None:
            ids = np.flatnonzero(allowed)
            if not len(ids):
                return no_candidates()
            if len(ids) < SUBSET_SCAN_BELOW or self.kind == "flat":
                # MATERIALIZED keeps the planner from walking the graph: an exact scan of just these ids
                sql = (
                    f"WITH s AS MATERIALIZED (SELECT id, embedding <#> %s::vector AS d FROM {self.table} "
                    "WHERE id = ANY(%s)) SELECT id, -d FROM s ORDER BY d, id LIMIT %s"
                )
                return self._rows(sql, (q, ids.tolist(), k))
            sql = (
                f"SELECT id, -(embedding <#> %s::vector) FROM {self.table} WHERE id = ANY(%s) "
                "ORDER BY embedding <#> %s::vector LIMIT %s"
            )
            return self._rows(sql, (q, ids.tolist(), q, k))
        if self.kind == "flat":
            sql = (
                f"WITH s AS MATERIALIZED (SELECT id, embedding <#> %s::vector AS d FROM {self.table}) "
                "SELECT id, -d FROM s ORDER BY d, id LIMIT %s"
            )
            return self._rows(sql, (q, k))
        sql = f"SELECT id, -(embedding <#> %s::vector) FROM {self.table} ORDER BY embedding <#> %s::vector LIMIT %s"
        return self._rows(sql, (q, q, k))

    def _rows(self, sql: str, params: tuple) -> Candidates:
        rows = self._conns.fetch(sql, params)
        if not rows:
            return no_candidates()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        scores = np.array([r[1] for r in rows], dtype=np.float32)
        return scores, ids

    def save(self, path: Path) -> None:
        raise NotImplementedError("a database index is stored by publishing a build, not saved to a file")


def create_postings(conn: psycopg.Connection, table: str, postings) -> None:
    """A postings table from (token, passage ids, weights): one row per token, the list as two byte arrays
    (int32 ids, float32 weights), like bm25s's own compressed columns, keyed by token."""
    conn.execute(f"CREATE TABLE {table} (token text PRIMARY KEY, passages bytea NOT NULL, weights bytea NOT NULL)")
    with conn.cursor().copy(f"COPY {table} (token, passages, weights) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["text", "bytea", "bytea"])
        for token, ids, weights in postings:
            copy.write_row((token, np.asarray(ids, "<i4").tobytes(), np.asarray(weights, "<f4").tobytes()))


class PgLexicalIndex:
    """BM25 over a postings table (one row per token): LexicalIndex with exactly the embedded scores.

    A query reads the rows of its tokens by primary key and sums them as bm25s does (BM25Index.match, the
    same order, so the same float32 scores). One row per token rather than per (token, passage): a common
    token's list crosses the wire as two byte strings, not as thousands of rows.
    """

    def __init__(self, conns: Connections, table: str, n: int, tokenizer: Tokenizer = tokenize) -> None:
        self._conns = conns
        self.table = table
        self._n = n
        self._tokenize = tokenizer
        self._df: dict[str, int] | None = None

    def count(self) -> int:
        return self._n

    def match(self, query: str) -> SparseScores:
        tokens = self._tokenize(query)
        rows = self._conns.fetch(
            f"SELECT token, passages, weights FROM {self.table} WHERE token = ANY(%s)", (sorted(set(tokens)),), True
        ) if tokens else []
        found = {token: (ids, weights) for token, ids, weights in rows}
        spans = [found[t] for t in tokens if t in found]  # a token counts once per occurrence, as in bm25s
        if not spans:
            return SparseScores(np.zeros(0, np.int64), np.zeros(0, np.float32), self._n)
        docs = np.concatenate([np.frombuffer(bytes(ids), "<i4") for ids, _ in spans]).astype(np.int64)
        data = np.concatenate([np.frombuffer(bytes(w), "<f4") for _, w in spans]).astype(np.float32)
        ids, inverse = np.unique(docs, return_inverse=True)
        scores = np.bincount(inverse, weights=data, minlength=len(ids)).astype(np.float32)
        return SparseScores(ids, scores, self._n)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> Candidates:
        return self.match(query).top(k, allowed)

    def document_frequencies(self) -> dict[str, int]:
        """How many passages hold each token (read from the list lengths, once per loaded build)."""
        if self._df is None:
            rows = self._conns.fetch(f"SELECT token, length(passages) / 4 FROM {self.table}")
            self._df = {token: int(n) for token, n in rows}
        return self._df

    def save(self, path: Path) -> None:
        raise NotImplementedError("a database index is stored by publishing a build, not saved to a file")
