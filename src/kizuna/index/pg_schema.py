"""The PostgreSQL schema of kizuna's database backend: connecting, errors that name the fix, creating and
migrating the tables. The only modules that import psycopg are this one, pg_store and retrieval/pg_index.

Everything lives in the schema ``kizuna``::

    schema_version(version)                  one row; a newer version than this code knows is refused
    current(one, build)                      the live build; switched in the publishing transaction
    builds(id, created_at, manifest jsonb)   one row per published build (the manifest and fingerprint)
    documents / passages / sentences         the text side, per build (ON DELETE CASCADE)
    b<build>_<encoder>_p / _s                per build and encoder: (id, embedding vector(dim)), an HNSW
                                             index with vector_ip_ops when the build is large enough
    b<build>_postings                        per build: (token PRIMARY KEY, passages, weights): BM25 postings
    moments                                  per build, encoder and unit: calibration moments (npz bytes)

Vectors and postings have a table per build so that dropping an old build is a DROP TABLE, and an HNSW
graph only ever holds one build's vectors (no build filter inside the graph search).
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pgerrors

from kizuna.index.store import IndexError_

SCHEMA = "kizuna"
SCHEMA_VERSION = 1
# advisory lock keys (pg_advisory_lock takes a bigint): one for builds, one for schema changes
BUILD_LOCK_KEY = 0x6B697A756E61_01  # "kizuna" 1
SCHEMA_LOCK_KEY = 0x6B697A756E61_02


class StoreConnectionError(IndexError_):
    """The database cannot be reached or used; the message names the fix and never the password."""


def is_database_url(text: str | None) -> bool:
    return bool(text) and re.match(r"^postgres(ql)?://", text or "") is not None


# a password can also travel as a parameter: ?password=… in the URL, password=… in a libpq string
_PASSWORD_PARAM = re.compile(r"(?i)\b(password|passwd|pwd)=([^&\s]*)")


def mask_url(url: str) -> str:
    """The URL with its password replaced by ***, for messages and logs (userinfo and parameters)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable database URL>"
    if parts.password is not None:
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        parts = parts._replace(netloc=f"{user}:***@{netloc[1]}")
    return _PASSWORD_PARAM.sub(r"\1=***", urlunsplit(parts))


def _passwords(url: str) -> list[str]:
    found = [m.group(2) for m in _PASSWORD_PARAM.finditer(url) if m.group(2)]
    with contextlib.suppress(ValueError):
        if urlsplit(url).password:
            found.append(urlsplit(url).password)
    return found


def _scrub(text: str, url: str) -> str:
    """Remove the password from a driver message, should the driver ever quote it."""
    for password in _passwords(url):
        text = text.replace(password, "***")
    return _PASSWORD_PARAM.sub(r"\1=***", text)


def connection_error(url: str, exc: Exception) -> StoreConnectionError:
    """One line saying what went wrong with the database at `url` and how to fix it."""
    where = mask_url(url)
    raw = _scrub(" ".join(line.strip() for line in str(exc).splitlines()) or exc.__class__.__name__, url)
    raw = re.sub(r"^connection failed: ", "", raw)
    low = str(exc).lower()
    if "password authentication failed" in low or "no password supplied" in low:
        fix = "check the user and password in the store URL (or in ~/.pgpass / $PGPASSWORD)"
    elif "does not exist" in low and "database" in low:
        fix = "create the database (createdb NAME) or fix its name in the store URL"
    elif "connection refused" in low or "could not connect" in low or "timeout" in low or "no route" in low:
        fix = "start PostgreSQL or fix the host and port in the store URL"
    elif "could not translate host name" in low or "name or service not known" in low:
        fix = "fix the host name in the store URL"
    elif isinstance(exc, psycopg.ProgrammingError) and "invalid" in low:
        fix = "the store URL looks like postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    else:
        fix = "check that the server is running and the store URL is right"
    return StoreConnectionError(f"cannot use the database {where}: {raw.strip()}; {fix}")


def connect(url: str, autocommit: bool = True) -> psycopg.Connection:
    """A connection, or a StoreConnectionError naming the fix."""
    try:
        conn = psycopg.connect(url, autocommit=autocommit, connect_timeout=10, application_name="kizuna")
    except (psycopg.Error, ValueError) as exc:
        raise connection_error(url, exc) from None
    return conn


# ---- schema -------------------------------------------------------------------------------------------
# Each migration brings the schema from version i to i + 1 (MIGRATIONS[0]: nothing -> 1).
MIGRATIONS: list[list[str]] = [
    [
        f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
        f"CREATE TABLE {SCHEMA}.schema_version (version integer NOT NULL)",
        f"CREATE TABLE {SCHEMA}.builds (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(),"
        " manifest jsonb NOT NULL, layout jsonb NOT NULL)",
        f"CREATE TABLE {SCHEMA}.current (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
        f" build bigint REFERENCES {SCHEMA}.builds(id))",
        f"CREATE TABLE {SCHEMA}.documents (build bigint NOT NULL REFERENCES {SCHEMA}.builds(id) ON DELETE CASCADE,"
        " position integer NOT NULL, slug text NOT NULL, data jsonb NOT NULL, PRIMARY KEY (build, position))",
        f"CREATE TABLE {SCHEMA}.passages (build bigint NOT NULL REFERENCES {SCHEMA}.builds(id) ON DELETE CASCADE,"
        " id integer NOT NULL, key text NOT NULL, data jsonb NOT NULL, PRIMARY KEY (build, id))",
        f"CREATE TABLE {SCHEMA}.sentences (build bigint NOT NULL REFERENCES {SCHEMA}.builds(id) ON DELETE CASCADE,"
        " id integer NOT NULL, passage integer NOT NULL, start_char integer NOT NULL, end_char integer NOT NULL,"
        " PRIMARY KEY (build, id))",
        f"CREATE TABLE {SCHEMA}.moments (build bigint NOT NULL REFERENCES {SCHEMA}.builds(id) ON DELETE CASCADE,"
        " encoder text NOT NULL, unit text NOT NULL, data bytea NOT NULL, PRIMARY KEY (build, encoder, unit))",
    ],
]


def schema_version(conn: psycopg.Connection) -> int | None:
    """The schema version in the database (None: kizuna's schema is not there)."""
    exists = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.schema_version",)).fetchone()[0]
    if exists is None:
        return None
    row = conn.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _too_new(url: str, found: int) -> StoreConnectionError:
    return StoreConnectionError(
        f"the database {mask_url(url)} holds kizuna schema version {found}; this kizuna knows versions up to "
        f"{SCHEMA_VERSION}: upgrade kizuna (pip install -U kizuna) or point --store at another database"
    )


def ensure_vector_extension(conn: psycopg.Connection, url: str) -> None:
    installed = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone()
    if installed:
        return
    available = conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").fetchone()
    where = mask_url(url)
    if not available:
        raise StoreConnectionError(
            f"the PostgreSQL server of {where} has no pgvector extension: install pgvector on the server "
            "(e.g. apt install postgresql-NN-pgvector), then run kizuna again"
        )
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except psycopg.errors.InsufficientPrivilege:
        raise StoreConnectionError(
            f"the pgvector extension is not enabled in {where} and this user may not enable it: "
            "ask a superuser to run CREATE EXTENSION vector; in that database"
        ) from None


def ensure_schema(conn: psycopg.Connection, url: str) -> int:
    """Create or migrate kizuna's schema (holding an advisory lock); refuse a newer one. Returns the version."""
    found = schema_version(conn)
    if found == SCHEMA_VERSION:
        return found
    if found is not None and found > SCHEMA_VERSION:
        raise _too_new(url, found)
    ensure_vector_extension(conn, url)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            found = schema_version(conn) or 0  # another process may have migrated while we waited
            if found > SCHEMA_VERSION:
                raise _too_new(url, found)
            for version in range(found, SCHEMA_VERSION):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(f"DELETE FROM {SCHEMA}.schema_version")
                conn.execute(f"INSERT INTO {SCHEMA}.schema_version VALUES (%s)", (version + 1,))
    except pgerrors.InsufficientPrivilege as exc:
        raise StoreConnectionError(
            f"this user may not create kizuna's tables in {mask_url(url)} ({_scrub(str(exc).strip(), url)}); "
            "grant it CREATE on the database, or let an owner run `kizuna index --store URL` once"
        ) from None
    return SCHEMA_VERSION


def table(build: int, suffix: str) -> str:
    """The qualified name of a per-build table (suffix: safe characters only)."""
    return f'{SCHEMA}."b{int(build)}_{re.sub(r"[^a-z0-9_]", "_", suffix.lower())}"'
