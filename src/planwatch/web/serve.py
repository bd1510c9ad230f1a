"""Run the dashboard with uvicorn over one open store, and the demo's accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import uvicorn

from planwatch.store.database import Store
from planwatch.store.orgs import load_orgs
from planwatch.web.access import add_user
from planwatch.web.app import create_app


def serve(
    store: Store, host: str = "127.0.0.1", port: int = 8000, as_of: date | None = None, secure_cookies: bool = False
) -> None:
    """Serve until interrupted (Ctrl+C).  One process: DuckDB allows one writer per file."""
    app = create_app(store, as_of=as_of, secure_cookies=secure_cookies)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


@dataclass(frozen=True)
class Account:
    name: str
    password: str
    role: str
    scope: tuple[str, ...]


def demo_accounts(store: Store) -> list[Account]:
    """One user per role, with fresh random passwords: the biggest park, an enterprise in it."""
    orgs = load_orgs(store)
    parks = [o for o in orgs.values() if o.kind == "park"]
    members = {p.code: [o for o in orgs.values() if o.kind == "enterprise" and o.parent_id == p.id] for p in parks}
    park = max(parks, key=lambda p: len(members[p.code]))
    firm = sorted(members[park.code], key=lambda o: o.name)[0]
    wanted = [
        ("admin", "admin", ()),
        ("park", "park", (park.code,)),
        ("enterprise", "enterprise", (firm.code,)),
        ("viewer", "viewer", ()),
    ]
    accounts = []
    now = store.now()
    with store.backend.transaction():
        for name, role, scope in wanted:
            password = secrets.token_urlsafe(9)
            add_user(store, name, password, role, list(scope), now)
            accounts.append(Account(name, password, role, scope))
    return accounts
