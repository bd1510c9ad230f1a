"""The two databases behind the store: a DuckDB file (default) or a PostgreSQL server.

Everything above this module speaks one SQL: PostgreSQL syntax with ``?``
placeholders, which DuckDB accepts as is and which is adapted here for
psycopg.  Only constant SQL written in this package passes through; user
formulas are compiled to SQL trees (``metrics/compile.py``), never pasted in.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from planwatch.errors import PlanwatchError

Row = tuple[Any, ...]


class StoreError(PlanwatchError):
    """The database cannot be opened or used."""

    exit_code = 2


class Backend(Protocol):
    dialect: str
    location: str

    def execute(self, sql: str, params: Sequence[object] = ()) -> None: ...
    def changed(self, sql: str, params: Sequence[object] = ()) -> int: ...
    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...
    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int: ...
    def transaction(self) -> Any: ...
    def clone(self) -> Backend: ...
    def close(self) -> None: ...


class DuckDBBackend:
    dialect = "duckdb"

    def __init__(self, path: Path, read_only: bool = False, connection: Any = None) -> None:
        import duckdb

        self.location = str(path)
        self._depth = 0
        if connection is not None:
            self.connection = connection
            return
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.connection = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            raise StoreError(
                f"无法打开数据库 {path}：{error}。若另一个 planwatch 进程正在使用它，请等其结束；"
                "若文件不是 planwatch 数据库，请换一个 --db 路径。"
            ) from None

    def clone(self) -> DuckDBBackend:
        """A second connection to the same database, for another thread (an import while pages are read)."""
        return DuckDBBackend(Path(self.location), connection=self.connection.cursor())

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self.connection.execute(sql, list(params))

    def changed(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run an UPDATE, DELETE or INSERT; returns how many rows it changed."""
        return int(self.connection.execute(sql, list(params)).fetchone()[0])

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return [tuple(row) for row in self.connection.execute(sql, list(params)).fetchall()]

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        """Bulk insert through a temporary CSV file: far faster than row-by-row inserts."""
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            count = 0
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
                count += 1
            name = handle.name
        try:
            if count:
                types = {column: "VARCHAR" for column in columns}
                self.connection.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM read_csv(?, header=false, "
                    f"columns={types!r}, nullstr='', quote='\"', escape='\"')",
                    [name],
                )
        finally:
            os.unlink(name)
        return count

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.connection.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def _psycopg_sql(sql: str) -> str:
    return re.sub(r"\?", "%s", sql.replace("%", "%%"))


class PostgresBackend:
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        """The full URL, password included: for the tools that need it (``pg_dump``), never shown."""
        self.location = re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)
        try:
            self.connection = psycopg.connect(url, autocommit=True)
        except psycopg.Error as error:
            raise StoreError(
                f"无法连接 PostgreSQL（{self.location}）：{str(error).strip()}。请检查地址、端口、用户名和密码，"
                "以及服务器是否已启动。"
            ) from None
        self._transaction: Any = None

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self.connection.execute(_psycopg_sql(sql), list(params))

    def changed(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run an UPDATE, DELETE or INSERT; returns how many rows it changed."""
        return int(self.connection.execute(_psycopg_sql(sql), list(params)).rowcount)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        cursor = self.connection.execute(_psycopg_sql(sql), list(params))
        return [tuple(row) for row in cursor.fetchall()]

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        count = 0
        with self.connection.cursor() as cursor:
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def clone(self) -> PostgresBackend:
        """A second connection to the same database, for another thread."""
        return PostgresBackend(self.url)

    def close(self) -> None:
        self.connection.close()


def is_server(location: str) -> bool:
    """Is this a PostgreSQL URL (rather than a DuckDB file path)?"""
    return location.startswith(("postgresql://", "postgres://"))


def connect(location: str | Path, read_only: bool = False) -> Backend:
    """A DuckDB file path, or a ``postgresql://`` URL."""
    text = str(location)
    if is_server(text):
        return PostgresBackend(text)
    return DuckDBBackend(Path(text), read_only=read_only)
