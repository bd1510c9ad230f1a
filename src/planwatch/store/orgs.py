"""Orgs: region → park → enterprise (any depth), kept with a closure table for roll-ups.

An enterprise's code is its 统一社会信用代码; a region's or park's code is
``region:名称`` / ``park:名称`` unless the user gives one.  ``org_tree`` has a
row for every (ancestor, descendant) pair including each org with itself, so
rolling a value up to every level is one join.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from planwatch.errors import InputError
from planwatch.store.database import Store

KINDS = ("region", "park", "enterprise")


@dataclass(frozen=True)
class Org:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True)
class NewOrg:
    code: str
    name: str
    kind: str
    parent_code: str | None = None
    industry: str | None = None
    cluster: str | None = None
    chain_links: str | None = None
    land_mu: float | None = None
    demo: bool = False


def region_code(name: str) -> str:
    return f"region:{name}"


def park_code(name: str) -> str:
    return f"park:{name}"


def below(orgs: dict[str, Org], tops: set[int]) -> set[int]:
    """The ids of ``tops`` and of every org under them, however deep."""
    by_id = {o.id: o for o in orgs.values()}
    seen = set(tops)
    for org in orgs.values():
        parent = org.parent_id
        while parent is not None:
            if parent in tops:
                seen.add(org.id)
                break
            parent = by_id[parent].parent_id if parent in by_id else None
    return seen


def find_park(orgs: dict[str, Org], name: str) -> Org:
    """The park named ``name`` (or with that code), or an error listing the parks there are."""
    code = name if name in orgs else park_code(name)
    if code not in orgs or orgs[code].kind != "park":
        known = "、".join(sorted(o.name for o in orgs.values() if o.kind == "park")) or "（库中还没有园区）"
        raise InputError(f"库中没有园区“{name}”。可用的园区：{known}。")
    return orgs[code]


def park_enterprises(orgs: dict[str, Org], names: Sequence[str]) -> list[tuple[str, str]]:
    """(code, name) of every enterprise in the named parks, however deep, by code."""
    inside = below(orgs, {find_park(orgs, name).id for name in names})
    return sorted((o.code, o.name) for o in orgs.values() if o.kind == "enterprise" and o.id in inside)


def load_orgs(store: Store) -> dict[str, Org]:
    """Every org by its code."""
    rows = store.backend.query("SELECT id, code, name, kind, parent_id FROM orgs")
    return {row[1]: Org(int(row[0]), row[1], row[2], row[3], row[4]) for row in rows}


def add_orgs(store: Store, orgs: Sequence[NewOrg], now: datetime) -> list[Org]:
    """Insert new orgs (parents before children, in the same call or already stored)."""
    if not orgs:
        return []
    known = load_orgs(store)
    next_id = int(store.backend.query("SELECT coalesce(max(id), 0) FROM orgs")[0][0]) + 1
    ancestors: dict[int, list[tuple[int, int]]] = {}
    parent_ids = {org.id for org in known.values()}
    if parent_ids:
        for ancestor, org_id, depth in store.backend.query("SELECT ancestor_id, org_id, depth FROM org_tree"):
            ancestors.setdefault(int(org_id), []).append((int(ancestor), int(depth)))
    created: list[Org] = []
    org_rows: list[tuple[object, ...]] = []
    tree_rows: list[tuple[object, ...]] = []
    for new in orgs:
        parent = known.get(new.parent_code) if new.parent_code else None
        org = Org(next_id, new.code, new.name, new.kind, parent.id if parent else None)
        next_id += 1
        known[org.code] = org
        chain = [(org.id, 0)] + [(a, d + 1) for a, d in ancestors.get(parent.id, [])] if parent else [(org.id, 0)]
        ancestors[org.id] = chain
        tree_rows += [(a, org.id, d) for a, d in chain]
        org_rows.append(
            (
                org.id,
                org.code,
                org.name,
                org.kind,
                org.parent_id,
                new.industry,
                new.cluster,
                new.chain_links,
                new.land_mu,
                new.demo,
                now,
            )
        )
        created.append(org)
    store.backend.copy_rows(
        "orgs",
        (
            "id",
            "code",
            "name",
            "kind",
            "parent_id",
            "industry",
            "cluster",
            "chain_links",
            "land_mu",
            "demo",
            "recorded_at",
        ),
        org_rows,
    )
    store.backend.copy_rows("org_tree", ("ancestor_id", "org_id", "depth"), tree_rows)
    return created


def add_tags(store: Store, tags: Sequence[tuple[int, str, int, int | None, str]], now: datetime) -> int:
    """(org id, tag, valid from year, valid to year or None, source) rows."""
    return store.backend.copy_rows(
        "org_tags",
        ("org_id", "tag", "valid_from", "valid_to", "source", "recorded_at"),
        [(*tag, now) for tag in tags],
    )


def current_tags(store: Store) -> set[tuple[int, str, int, int | None]]:
    rows = store.backend.query("SELECT org_id, tag, valid_from, valid_to FROM org_tags")
    return {(int(r[0]), r[1], int(r[2]), None if r[3] is None else int(r[3])) for r in rows}


def tags_in_use(store: Store) -> set[str]:
    """Every tag some org carries (in any year)."""
    return {row[0] for row in store.backend.query("SELECT DISTINCT tag FROM org_tags")}


def tag_rows(store: Store) -> list[tuple[int, str, int, int | None]]:
    """(org id, tag, valid from, valid to) of every tag, by tag."""
    rows = store.backend.query("SELECT org_id, tag, valid_from, valid_to FROM org_tags ORDER BY tag")
    return [(int(r[0]), r[1], int(r[2]), None if r[3] is None else int(r[3])) for r in rows]


@dataclass(frozen=True)
class Registration:
    """What the registry says of an enterprise beyond its name and place."""

    industry: str | None
    cluster: str | None
    chain_links: str | None
    land_mu: float | None
    demo: bool


def registrations(store: Store) -> dict[int, Registration]:
    """Every enterprise's registry entry, by org id."""
    rows = store.backend.query(
        "SELECT id, industry, cluster, chain_links, land_mu, demo FROM orgs WHERE kind = 'enterprise'"
    )
    return {int(r[0]): Registration(r[1], r[2], r[3], None if r[4] is None else float(r[4]), bool(r[5])) for r in rows}


def org_kinds(store: Store) -> dict[int, str]:
    """Org id → region, park or enterprise."""
    return {int(row[0]): row[1] for row in store.backend.query("SELECT id, kind FROM orgs")}


@dataclass(frozen=True)
class Contact:
    """Who fills in an enterprise's figures, and how to reach them (the 催报 list calls them)."""

    contact: str | None
    phone: str | None


def add_contacts(store: Store, rows: Sequence[tuple[int, str | None, str | None, str]], now: datetime) -> int:
    """(org id, contact, phone, source) rows; a later row for the same org replaces what the page shows."""
    return store.backend.copy_rows(
        "org_contacts", ("org_id", "contact", "phone", "source", "recorded_at"), [(*row, now) for row in rows]
    )


def contacts(store: Store) -> dict[int, Contact]:
    """Each enterprise's latest contact, by org id."""
    rows = store.backend.query("SELECT org_id, contact, phone FROM org_contacts ORDER BY recorded_at")
    return {int(r[0]): Contact(r[1], r[2]) for r in rows}
