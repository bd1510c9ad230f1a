"""The demo's contacts: each synthetic enterprise's 联系人 and 联系电话, marked 演示 (for the 催报 list).

The numbers are in an exchange that does not exist (023-0000xxxx), so no one is called by mistake.
"""

from __future__ import annotations

from datetime import datetime

from planwatch.store.database import Store
from planwatch.store.orgs import add_contacts, load_orgs, registrations


def add_demo_contacts(store: Store, now: datetime) -> int:
    """A contact for every demo enterprise; returns how many were written."""
    demo = {org_id for org_id, found in registrations(store).items() if found.demo}
    firms = sorted((o for o in load_orgs(store).values() if o.id in demo), key=lambda o: o.code)
    rows = [(o.id, f"演示联系人{n:03d}", f"023-0000{n:04d}", "演示数据") for n, o in enumerate(firms, start=1)]
    with store.backend.transaction():
        return add_contacts(store, rows, now)
