"""A throwaway PostgreSQL server for tests.

``postgres_server()`` runs ``initdb`` in a fresh temporary directory, starts a
server listening on 127.0.0.1 only (on a free port), creates the ``planwatch``
database, yields its URL, and on exit stops the server and deletes the
directory. Nothing listens anywhere but loopback.

The server binaries come from ``pg_config --bindir`` or Debian's
``/usr/lib/postgresql/<version>/bin``; ``make test`` installs Debian's
``postgresql`` package when neither has them (scripts/ensure-postgres.sh).

PostgreSQL refuses to run as root, so as root (CI) ``initdb`` and ``pg_ctl`` run
as the ``postgres`` system user the Debian package creates, in a directory
owned by that user.

Set ``PLANWATCH_TEST_PG_URL`` to use a server of your own instead.

``python -m tests.postgres`` starts a server, prints its URL and waits for Ctrl-C.
"""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import psycopg
from psycopg import sql

URL_ENV = "PLANWATCH_TEST_PG_URL"
USER = "planwatch"
DATABASE = "planwatch"
SERVER_USER = "postgres"
"""The system user the server runs as when we are root (created by Debian's postgresql-common)."""

DEBIAN_ROOT = Path("/usr/lib/postgresql")
_PORT_ATTEMPTS = 3
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes; leave room for "/.s.PGSQL.65535"


def find_bindir() -> Path:
    """The directory holding initdb and pg_ctl."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        # Debian's pg_config may come from libpq-dev alone: its bindir then has no initdb.
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    candidates.extend(sorted(DEBIAN_ROOT.glob("*/bin"), key=_version_key, reverse=True))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)  # through symlinks such as /usr/local/bin/initdb
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    raise RuntimeError(
        "PostgreSQL server binaries not found: run `make test` (it installs Debian's postgresql) "
        "or `bash scripts/ensure-postgres.sh`; looked for initdb and pg_ctl in `pg_config --bindir`, "
        f"{DEBIAN_ROOT}/*/bin and PATH. Or set {URL_ENV} to a server of your own."
    )


def _version_key(bindir: Path) -> tuple[int, ...]:
    """/usr/lib/postgresql/15/bin -> (15,); non-numeric versions sort first."""
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (-1,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_root() -> bool:
    return os.geteuid() == 0


def _server_env() -> dict[str, str]:
    """The caller's environment minus PG* variables (PGDATA, PGPORT... must not steer the server)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"
    env.pop("LANGUAGE", None)
    return env


def _traversable_by_others(path: Path) -> bool:
    return all(part.stat().st_mode & stat.S_IXOTH for part in (path, *path.parents))


def _make_directory() -> Path:
    """A fresh, empty, private directory: the data directory, socket directory and log all live in it."""
    base = Path(tempfile.gettempdir()).resolve()
    if len(str(base)) > _SOCKET_PATH_MAX - 30 or (_as_root() and not _traversable_by_others(base)):
        base = Path("/tmp")  # short, and every user can reach it
    directory = Path(tempfile.mkdtemp(prefix="planwatch-pg-", dir=base))  # mode 0700, as initdb wants
    if _as_root():
        try:
            owner = pwd.getpwnam(SERVER_USER)
        except KeyError:
            directory.rmdir()
            raise RuntimeError(
                f"running as root, but there is no {SERVER_USER!r} system user to run PostgreSQL as "
                "(PostgreSQL refuses to run as root): install Debian's postgresql package "
                "(`bash scripts/ensure-postgres.sh`) or run the tests as an ordinary user"
            ) from None
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    return directory


def _server_command(argv: list[str]) -> list[str]:
    """argv, run as the postgres system user when we are root."""
    if not _as_root():
        return argv
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SERVER_USER, "--", *argv]
    return ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]


def _run(argv: list[str], directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _server_command(argv),
        cwd=directory,  # the postgres user may not be able to enter our working directory
        env=_server_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _log_size(log: Path) -> int:
    try:
        return log.stat().st_size
    except OSError:
        return 0


def _log_tail(log: Path, start: int = 0, lines: int = 30) -> str:
    """The last lines the server wrote to its log after byte offset start."""
    try:
        with log.open("rb") as file:
            file.seek(start)
            text = file.read().decode(errors="replace")
    except OSError as error:
        return f"(no server log: {error})"
    return "\n".join(text.splitlines()[-lines:])


def _start(bindir: Path, directory: Path, log: Path) -> int:
    """Start the server on a free loopback port; return the port."""
    for attempt in range(1, _PORT_ATTEMPTS + 1):
        port = _free_port()
        logged = _log_size(log)
        options = " ".join(
            [
                f"-p {port}",
                f"-k {shlex.quote(str(directory))}",  # our own socket directory: /var/run/postgresql may not be writable
                "-c listen_addresses=127.0.0.1",
                # Durability is pointless for a server deleted after the tests: skip the disk flushes.
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        result = _run(
            [str(bindir / "pg_ctl"), "-D", str(directory), "-l", str(log), "-w", "-o", options, "start"], directory
        )
        if result.returncode == 0:
            return port
        tail = _log_tail(log, logged)
        # Another process may have taken the port between _free_port() and the server's bind.
        if attempt < _PORT_ATTEMPTS and "could not bind" in tail:
            continue
        raise RuntimeError(
            f"PostgreSQL server did not start (pg_ctl exit {result.returncode}):\n"
            f"{result.stdout}{result.stderr}\n--- end of the server log (its directory is deleted now) ---\n{tail}"
        )
    raise AssertionError("unreachable")


def _stop(bindir: Path, directory: Path) -> None:
    # Immediate: no checkpoint, nothing to keep. A failure here (server already gone) is not an error.
    _run([str(bindir / "pg_ctl"), "-D", str(directory), "-m", "immediate", "-w", "stop"], directory)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a fresh PostgreSQL database on 127.0.0.1; stop the server and delete it on exit."""
    override = os.environ.get(URL_ENV)
    if override:
        yield override
        return

    bindir = find_bindir()
    directory = _make_directory()
    log = directory / "log"
    try:
        initdb = _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(directory),
                "-A",
                "trust",  # loopback only, throwaway data
                "-U",
                USER,
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",  # no fsync of the new cluster: it lives for one test run
            ],
            directory,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed (exit {initdb.returncode}):\n{initdb.stdout}{initdb.stderr}")
        port = _start(bindir, directory, log)
        with psycopg.connect(f"postgresql://{USER}@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        yield f"postgresql://{USER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        if (directory / "postmaster.pid").exists():  # also after a failed or timed-out start
            _stop(bindir, directory)
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    """Start a server, print its URL, and keep it until Ctrl-C (or SIGTERM)."""

    def terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Also SIGINT: a shell starts background jobs with it ignored, and Python then keeps it ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, terminate)
    began = time.monotonic()
    with postgres_server() as url:
        print(f"{url}  (started in {time.monotonic() - began:.1f}s; Ctrl-C stops it and deletes its data)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)


if __name__ == "__main__":
    main()
