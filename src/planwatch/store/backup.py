"""A backup of the whole store, and a restore that proves it got every row back.

DuckDB: ``EXPORT DATABASE`` to Parquet (one consistent transaction; doubles and timestamps
kept exactly) and ``IMPORT DATABASE`` into a new file.  PostgreSQL: ``pg_dump`` in its custom
format and ``pg_restore`` into an empty database.  Each backup folder holds a manifest
(``planwatch-backup.json``) with the row count of every table and a checksum over every row
of every table; ``restore`` recomputes it on the restored store and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from planwatch.store.backend import PostgresBackend, StoreError, connect, is_server
from planwatch.store.database import Store, open_store
from planwatch.store.schema import MIGRATIONS

MANIFEST = "planwatch-backup.json"
DUMP = "store.dump"
"""The PostgreSQL dump's file name in the backup folder."""
_DEBIAN = Path("/usr/lib/postgresql")


def tables() -> list[str]:
    """Every table the migrations create, and the migration record itself, in a fixed order."""
    names = ["schema_version"]
    for _, _, statements in MIGRATIONS:
        for statement in statements:
            found = re.match(r"\s*CREATE TABLE (?:IF NOT EXISTS )?(\w+)", statement)
            if found and found.group(1) not in names:
                names.append(found.group(1))
    return names


def checksum(store: Store) -> tuple[str, dict[str, int]]:
    """A digest over every row of every table (rows in a fixed order), and each table's row count."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    for table in tables():
        columns = store.backend.query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            (table,),
        )
        order = ", ".join(str(index + 1) for index in range(len(columns)))
        rows = store.backend.query(f"SELECT * FROM {table} ORDER BY {order}")  # names from our own migrations
        counts[table] = len(rows)
        digest.update(f"{table}:{len(rows)}\n".encode())
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest(), counts


@dataclass(frozen=True)
class Manifest:
    """What a backup folder holds: written by ``backup``, checked by ``restore``."""

    database: str
    """``duckdb`` or ``postgres``."""
    source: str
    """Where it came from (a password never written)."""
    created_at: str
    migrations: list[int]
    rows: dict[str, int]
    checksum: str

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise StoreError(
                f"{folder} 不是 planwatch 备份文件夹（没有 {MANIFEST}）：请给出 planwatch backup -o 写出的文件夹。"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (ValueError, TypeError) as error:
            raise StoreError(f"{path} 已损坏（{error}）：请使用另一份备份。") from None


def backup(store: Store, folder: Path, now: datetime) -> Manifest:
    """Write the whole store to ``folder`` (new or empty) and return its manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise StoreError(f"备份文件夹 {folder} 不是空的：请给一个新的文件夹（如按日期命名），旧备份不会被覆盖。")
    folder.mkdir(parents=True, exist_ok=True)
    backend = store.backend
    with backend.transaction():
        digest, counts = checksum(store)
        migrations = sorted(int(row[0]) for row in backend.query("SELECT version FROM schema_version"))
        if backend.dialect == "duckdb":
            # One transaction: the export sees exactly the rows the checksum saw.
            backend.execute(f"EXPORT DATABASE '{_quoted(folder)}' (FORMAT PARQUET)")
    if backend.dialect == "postgres":
        _pg_dump(store, folder / DUMP)
        if checksum(store)[0] != digest:
            shutil.rmtree(folder / DUMP, ignore_errors=True)
            raise StoreError("备份期间数据库有新的写入，备份与校验和不一致：请稍后重试（或在无人导入时备份）。")
    manifest = Manifest(backend.dialect, backend.location, now.isoformat(), migrations, counts, digest)
    manifest.write(folder)
    return manifest


def restore(folder: Path, location: str) -> tuple[Manifest, Store]:
    """Restore the backup in ``folder`` into a new, empty store at ``location``; the checksum must match."""
    manifest = Manifest.read(folder)
    target_is_server = is_server(location)
    if (manifest.database == "postgres") != target_is_server:
        kind = "PostgreSQL" if manifest.database == "postgres" else "DuckDB"
        raise StoreError(f"这是 {kind} 的备份，只能恢复到 {kind}：请给出相应的 --db。")
    if target_is_server:
        _pg_restore(folder / DUMP, location)
    else:
        _duckdb_import(folder, Path(location))
    store = open_store(location)
    found, _ = checksum(store)
    if found != manifest.checksum:
        store.close()
        raise StoreError(
            f"恢复后的校验和 {found[:12]}… 与备份记录的 {manifest.checksum[:12]}… 不一致：备份可能不完整或已被改动，"
            "请换一份备份重试。"
        )
    return manifest, store


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def _duckdb_import(folder: Path, path: Path) -> None:
    import duckdb

    if path.exists():
        raise StoreError(f"{path} 已存在：恢复只写入新的数据库文件，请换一个文件名（不会覆盖现有数据）。")
    connection = duckdb.connect(str(path))
    try:
        connection.execute(f"IMPORT DATABASE '{_quoted(folder)}'")
    except duckdb.Error as error:
        connection.close()
        path.unlink(missing_ok=True)
        raise StoreError(f"无法从 {folder} 恢复：{error}。请确认备份文件夹完整。") from None
    connection.close()


def _pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: on PATH, or the newest Debian server's (a newer one reads older servers)."""
    found = shutil.which(name)
    if found:
        return found
    for bindir in sorted(_DEBIAN.glob("*/bin"), key=lambda p: int(re.sub(r"\D", "", p.parent.name) or 0), reverse=True):
        if os.access(bindir / name, os.X_OK):
            return str(bindir / name)
    raise StoreError(f"找不到 {name}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt install postgresql-client）。")


def _schema(url: str) -> str | None:
    """The schema a URL's ``options=-c search_path=…`` selects (None: the database's default)."""
    options = parse_qs(urlsplit(url).query).get("options", [])
    for option in options:
        found = re.search(r"search_path\s*=\s*([\w\"]+)", unquote(option))
        if found:
            return found.group(1).strip('"')
    return None


def _run(command: Sequence[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=_client_env())
    if result.returncode != 0:
        message = re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", result.stderr.strip())
        raise StoreError(f"{what}失败：{message}。请检查数据库地址和权限。")


def _client_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("PG")}


def _pg_dump(store: Store, out: Path) -> None:
    assert isinstance(store.backend, PostgresBackend)  # the caller checked the dialect
    url = store.backend.url
    schema = _schema(url)
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={out}"]
    if schema:
        command.append(f"--schema={schema}")
    _run([*command, f"--dbname={url}"], "pg_dump 备份")


def _pg_restore(dump: Path, url: str) -> None:
    if not dump.is_file():
        raise StoreError(f"备份中缺少 {dump.name}：请给出 planwatch backup 写出的完整文件夹。")
    _check_empty(url)
    _run(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={url}", str(dump)],
        "pg_restore 恢复",
    )


def _check_empty(url: str) -> None:
    """Refuse a database that already holds planwatch tables: a restore never merges into data."""
    backend = connect(url)
    try:
        existing = backend.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
            ("schema_version",),
        )[0][0]
    finally:
        backend.close()
    if existing:
        raise StoreError(f"{backend.location} 中已有 planwatch 数据：恢复只写入空的数据库，请新建一个数据库后再恢复。")
