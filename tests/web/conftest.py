"""The dashboard over the demo: built once per session, copied per test module, one user per role.

``site`` gives a TestClient factory (``client(role)`` logs in as that role) over a
fresh copy of the demo database; ``server`` serves the same app on a free
loopback port in a thread, for the browser tests.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planwatch.demo.build import build_demo
from planwatch.service.accounts import Account, demo_accounts
from planwatch.store.database import Store, open_store
from planwatch.web.app import create_app
from tests.conftest import ROOT, SHIZHU, XIUSHAN

FIGURES = ROOT / "examples" / "data" / "published-figures.csv"
AS_OF = date(2026, 10, 31)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-demo")
    build_demo(folder / "demo.duckdb", [XIUSHAN, SHIZHU], FIGURES, folder / "reports", AS_OF)
    return folder / "demo.duckdb"


@dataclass
class Dashboard:
    store: Store
    app: FastAPI
    accounts: dict[str, Account]

    def client(self, role: str | None = None) -> TestClient:
        """A browser-like client, logged in as the demo account of ``role`` (or not at all)."""
        client = TestClient(self.app, base_url="http://localhost")
        if role is not None:
            login(client, self.accounts[role].name, self.accounts[role].password)
        return client


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client: TestClient, name: str, password: str) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": name, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


@pytest.fixture(scope="module")
def dashboard(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    copy = tmp_path_factory.mktemp("web") / "demo.duckdb"
    shutil.copy(demo_database, copy)
    store = open_store(copy)
    accounts = {a.role: a for a in demo_accounts(store)}
    app = create_app(store, as_of=AS_OF)
    yield Dashboard(store, app, accounts)
    store.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(dashboard: Dashboard) -> Iterator[str]:
    """The dashboard on a loopback port, served by uvicorn in a thread: the URL."""
    port = free_port()
    config = uvicorn.Config(dashboard.app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the dashboard did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


Login = Callable[[str], TestClient]
