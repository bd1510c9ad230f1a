"""The throwaway PostgreSQL server the store tests run against."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.postgres import URL_ENV, postgres_server


def test_throwaway_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(URL_ENV, raising=False)  # exercise the real harness even if a developer set one
    with postgres_server() as url:
        parts = urlsplit(url)
        assert parts.scheme == "postgresql"
        assert parts.hostname == "127.0.0.1"
        assert parts.port
        assert parts.path == "/planwatch"
        with psycopg.connect(url) as conn:
            conn.execute("CREATE TABLE t(x int)")
            conn.execute("INSERT INTO t VALUES (1), (2), (3)")
            assert conn.execute("SELECT sum(x), count(*) FROM t").fetchone() == (6, 3)
            row = conn.execute("SHOW data_directory").fetchone()
            assert row is not None
            directory = Path(row[0])
            assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert directory.is_dir()
    assert not directory.exists()


def test_url_override(monkeypatch: pytest.MonkeyPatch) -> None:
    mine = "postgresql://me@127.0.0.1:5999/mine"
    monkeypatch.setenv(URL_ENV, mine)
    with postgres_server() as url:
        assert url == mine
