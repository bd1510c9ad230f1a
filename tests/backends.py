"""The store on both databases: every store, import and engine test runs on DuckDB and on PostgreSQL.

PostgreSQL: one throwaway server per test session (tests/postgres.py); each
test gets a schema of its own, so tests never see each other's data.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from planwatch.store.database import Store, open_store
from tests.postgres import postgres_server

BACKENDS = ["duckdb", "postgres"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def _schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={quote(f'-c search_path={schema}')}"


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location: a DuckDB file, or a PostgreSQL URL bound to a new schema."""
    if request.param == "duckdb":
        yield str(tmp_path / "store.duckdb")
        return
    base: str = request.getfixturevalue("postgres_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    yield _schema_url(base, schema)
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    opened = open_store(store_location)
    yield opened
    opened.close()
