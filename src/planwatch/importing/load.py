"""One import, all or nothing: read, register new orgs, validate, write — in one transaction.

Everything happens inside a single database transaction.  New regions,
parks and enterprises are created first so that facts in the same file can
refer to them; if any error is found (or on ``--dry-run``) the transaction
is rolled back and the store is exactly as before.  A process killed
midway leaves an uncommitted transaction, which both databases discard.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from planwatch.divisions import closest, lookup, same_region
from planwatch.importing.formats import Address, Parsed, RegistryRecord, parse_sheets
from planwatch.importing.problem import Problem
from planwatch.importing.problem_list import write_problem_list
from planwatch.importing.scope import Scope
from planwatch.importing.sheets import read_sheets
from planwatch.importing.validate import REVISE_HINT, check
from planwatch.status import Severity
from planwatch.store import log
from planwatch.store.database import Store
from planwatch.store.elements import catalog
from planwatch.store.facts import NewFact, add_batch, append_facts
from planwatch.store.orgs import (
    NewOrg,
    Org,
    add_contacts,
    add_orgs,
    add_tags,
    contacts,
    current_tags,
    load_orgs,
    park_code,
    region_code,
)
from planwatch.store.yearly import refresh_years

PAUSE_ENV = "PLANWATCH_TEST_PAUSE_BEFORE_COMMIT"
"""Seconds to wait after writing, before committing: lets the crash-safety test kill an import midway."""


MAX_CHANGES = 2000
"""Figures listed in an import's preview (old → new); the count says how many there are in all."""


@dataclass(frozen=True)
class Change:
    """One figure an import writes: whose, which, what was stored before (None: a new figure) and what it becomes."""

    code: str
    org: str
    element: str
    unit: str
    period: str
    old: float | None
    old_revision: int | None
    new: float


@dataclass
class ImportResult:
    file: str
    format: str | None
    dry_run: bool
    written: int = 0
    revisions: int = 0
    unchanged: int = 0
    created: dict[str, int] = field(default_factory=dict)
    tags: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_list: Path | None = None
    """The 问题清单 workbook written when there were errors."""
    batch_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    """What is (or would be) written, old → new, for a preview before 确认写入 (at most MAX_CHANGES)."""
    contacts: int = 0
    """Contacts (联系人, 联系电话) recorded or changed from a registry."""

    def summary(self) -> dict[str, object]:
        """The import as JSON (``import --json``, ``/api/import``): what was written and every problem."""
        return {
            "file": self.file,
            "format": self.format,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "written": self.written,
            "revisions": self.revisions,
            "unchanged": self.unchanged,
            "created": self.created,
            "tags": self.tags,
            "contacts": self.contacts,
            "changes": [
                {
                    "code": c.code,
                    "org": c.org,
                    "element": c.element,
                    "unit": c.unit,
                    "period": c.period,
                    "old": c.old,
                    "old_revision": c.old_revision,
                    "new": c.new,
                }
                for c in self.changes
            ],
            "problem_list": str(self.problem_list) if self.problem_list else None,
            "problems": [
                {
                    "severity": p.severity,
                    "severity_zh": p.severity.zh,
                    "file": p.file,
                    "sheet": p.sheet,
                    "row": p.row,
                    "column": p.column,
                    "header": p.header,
                    "value": p.value,
                    "reason": p.reason,
                    "fix": p.fix,
                    "where": p.where,
                }
                for p in self.problems
            ],
        }

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def committed(self) -> bool:
        return not self.dry_run and not self.errors


_ASK_ADMIN = "请只导入本单位（本园区企业或本企业）的数据；其他单位的数据、新园区和地区请由县级管理员导入。"


def _out_of_scope(parsed: Parsed, scope: Scope, file: str, stored: dict[str, Org]) -> list[Problem]:
    """Every row the importer's account does not reach is an error: nothing of the file is written.

    An enterprise already in the store stays where it is registered: a file listing it under the
    importer's park does not make it the importer's.  A park user may register a new enterprise into
    one of its own parks; nobody but an admin creates a park or a region, or imports county figures.
    """
    by_id = {org.id: org for org in stored.values()}
    problems: list[Problem] = []
    registered: set[str] = set()
    for record in parsed.registry:
        known = stored.get(record.code)
        if known is not None:
            parent = by_id.get(known.parent_id) if known.parent_id is not None else None
            if record.code not in scope.codes:
                where = f"（库中登记在“{parent.name}”）" if parent is not None else ""
                reason = f"该企业不在{scope.label}的管理范围内{where}，不能由本单位导入或改到本园区"
            elif record.park and (parent is None or parent.name != record.park):
                reason = f"该企业在库中登记在“{parent.name if parent else '（无）'}”，迁移园区须由县级管理员办理"
            else:
                continue
        elif record.park in scope.parks:
            registered.add(record.code)
            continue
        elif not scope.parks:
            reason = f"{scope.label}不能登记新企业"
        else:
            reason = f"新企业只能登记在本园区（{'、'.join(sorted(scope.parks))}）"
        problems.append(Problem.at(record.address, record.code, reason, _ASK_ADMIN, file=file))
    for name, address in parsed.regions.items():
        problems.append(Problem.at(address, name, f"{scope.label}不能导入地区的公布数据", _ASK_ADMIN, file=file))
    rows: set[tuple[str, int]] = set()
    for fact in parsed.facts:
        if fact.org_code is not None and (fact.org_code in scope.codes or fact.org_code in registered):
            continue
        if (fact.address.sheet, fact.address.row) in rows:
            continue  # one error per row, on the cell naming the enterprise
        rows.add((fact.address.sheet, fact.address.row))
        at = fact.org_address or fact.address
        reason = f"不在{scope.label}的管理范围内"
        problems.append(Problem.at(at, fact.org_code or fact.org_name, reason, _ASK_ADMIN, file=file))
    return problems


class _Rollback(Exception):
    """Raised inside the transaction to discard it (errors found, or a dry run)."""


@dataclass
class _Regions:
    """Which region each name in the file means: one already stored (秀山县 is 秀山土家族苗族自治县),
    a new one an admin asked to create, or none (a problem naming the closest divisions)."""

    known: dict[str, Org]
    create: bool
    names: dict[str, str] = field(default_factory=dict)
    """Name as written → name as stored (or to be created)."""
    problems: list[Problem] = field(default_factory=list)

    def resolve(self, name: str, address: Address) -> str | None:
        if name in self.names:
            return self.names[name] or None
        stored = [o.name for o in self.known.values() if o.kind == "region"]
        same = next((s for s in stored if s == name), None) or next((s for s in stored if same_region(s, name)), None)
        if same is not None or self.create:
            full = same or next((d.name for d in lookup(name) if d.level == "county" or d.name == name), name)
            self.names[name] = full
            return full
        official = any(d.name == name for d in lookup(name))
        guesses = [g for g in closest(name) if g != name]
        hint = f"是否指“{'”“'.join(guesses)}”？" if guesses and not official else ""
        what = "库中还没有这个地区" if official else "不是库中已有的地区，也不是行政区划名称（GB/T 2260）"
        self.problems.append(
            Problem.at(
                address,
                name,
                f"{what}。{hint}",
                "请写库中已有地区的名称（全称或简称，如“秀山县”）；确需新建地区的，请县级管理员在导入时加 --create-org"
                "（网页上勾选“允许新建地区”）。",
            )
        )
        self.names[name] = ""
        return None


def _registry_problem(record: RegistryRecord, reason: str, fix: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem.at(record.address, record.name, reason, fix, severity)


def _new_orgs(
    parsed: Parsed, known: dict[str, Org], default_region: str | None, create_orgs: bool
) -> tuple[list[NewOrg], list[Problem], dict[str, str]]:
    """The regions, parks and enterprises the file registers that the store does not have yet."""
    orgs: list[NewOrg] = []
    problems: list[Problem] = []
    planned: set[str] = set(known)
    regions = _Regions(known, create_orgs)

    def add(org: NewOrg) -> None:
        if org.code not in planned:
            planned.add(org.code)
            orgs.append(org)

    for published, address in parsed.regions.items():
        if (name := regions.resolve(published, address)) is not None:
            add(NewOrg(code=region_code(name), name=name, kind="region"))
    for record in parsed.registry:
        region = regions.resolve(record.region, record.address) if record.region else default_region
        if record.region and region is None:
            continue
        if record.park and region is None:
            problems.append(
                _registry_problem(record, "未注明所属地区，数据库中也还没有地区", "请在名录中增加“所属地区”列。")
            )
            continue
        if region is not None:
            add(NewOrg(code=region_code(region), name=region, kind="region"))
        parent = region_code(region) if region else None
        if record.park:
            add(NewOrg(code=park_code(record.park), name=record.park, kind="park", parent_code=parent))
            parent = park_code(record.park)
        stored = known.get(record.code)
        moved = stored is not None and parent in known and stored.parent_id != known[parent].id
        if stored is not None and (stored.name != record.name or moved):
            problems.append(
                _registry_problem(
                    record,
                    f"该企业已在库中（名称“{stored.name}”），名录中的名称或所属园区与库中不同，本次未修改",
                    "企业更名或迁移园区暂不能通过导入修改，请联系系统管理员。",
                    severity=Severity.WARNING,
                )
            )
        add(
            NewOrg(
                code=record.code,
                name=record.name,
                kind="enterprise",
                parent_code=parent,
                industry=record.industry,
                cluster=record.cluster,
                chain_links=record.chain_links,
                land_mu=record.land_mu,
                demo=record.demo,
            )
        )
    return orgs, [*regions.problems, *problems], {k: v for k, v in regions.names.items() if v and v != k}


def read_import(path: Path) -> Parsed:
    """The file read and parsed, without the store: the slow, bounded part, done before taking any lock."""
    sheets = read_sheets(path)
    from planwatch.importing.ledgers import ledger_sheets  # 台账 workbooks have rows of their own

    if found := ledger_sheets(sheets):
        return Parsed(format=None, ledgers=found)
    return parse_sheets(sheets)


def _new_contacts(
    store: Store, parsed: Parsed, orgs: dict[str, Org], file: str
) -> list[tuple[int, str | None, str | None, str]]:
    """Contacts the registry gives that differ from the latest stored (a new row records a change)."""
    stored = contacts(store)
    rows = []
    for record in parsed.registry:
        org = orgs.get(record.code)
        if org is None or (record.contact is None and record.phone is None):
            continue
        now = stored.get(org.id)
        if now is None or (now.contact, now.phone) != (record.contact, record.phone):
            rows.append((org.id, record.contact, record.phone, f"{file}:{record.address.sheet}:{record.address.row}"))
    return rows


def _change(fact: NewFact, orgs: dict[int, Org], replaced: dict[tuple[int, str, str], tuple[float, int]]) -> Change:
    old = replaced.get((fact.org_id, fact.element, str(fact.period)))
    org = orgs[fact.org_id]
    return Change(
        org.code,
        org.name,
        catalog().by_code(fact.element).name,
        fact.unit,
        str(fact.period),
        old[0] if old else None,
        old[1] if old else None,
        fact.value,
    )


def import_file(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    revise: bool = False,
    problem_list: Path | None = None,
    now: datetime | None = None,
    scope: Scope | None = None,
    create_orgs: bool = False,
    parsed: Parsed | None = None,
    actor: str = "系统",
    reason: str | None = None,
    revise_hint: str = REVISE_HINT,
) -> ImportResult:
    """Import one .xlsx or .csv file into the store, all or nothing (台账 workbooks: ``importing/ledgers.py``).

    ``now`` (library use only) records the facts as received at another moment — the
    demo loads published figures as of when they were published.  ``scope`` limits a
    park or enterprise user to its own enterprises (the dashboard passes it).  ``create_orgs``
    (an admin's explicit choice) lets the file create regions the store does not have yet.
    ``parsed`` is the file already read (``read_import``), by a caller that reads before it writes.
    ``actor`` is who imports, for the audit log (written in the same transaction as the facts).
    ``reason`` says why corrected figures changed (kept in their source and the log); ``revise_hint``
    is how the caller's user marks a correction (the CLI's --revise, the dashboard's checkbox).
    """
    parsed = parsed or read_import(path)
    if parsed.ledgers:
        from planwatch.importing.ledgers import import_ledgers

        return import_ledgers(
            store,
            path,
            parsed.ledgers,
            dry_run=dry_run,
            revise=revise,
            problem_list=problem_list,
            now=now,
            scope=scope,
            actor=actor,
        )
    result = ImportResult(file=path.name, format=parsed.format, dry_run=dry_run)
    now = now or store.now()
    backend = store.backend
    try:
        with backend.transaction():
            stored = load_orgs(store)
            regions = [org.name for org in stored.values() if org.kind == "region"]
            default_region = regions[0] if len(regions) == 1 else None
            new_orgs, org_problems, aliases = _new_orgs(parsed, stored, default_region, create_orgs)
            if aliases:  # figures published for 秀山县 belong to the stored 秀山土家族苗族自治县
                parsed.facts = [
                    replace(f, org_name=aliases.get(f.org_name or "", f.org_name)) if f.org_code is None else f
                    for f in parsed.facts
                ]
            created = add_orgs(store, new_orgs, now)
            result.created = dict(Counter(org.kind for org in created))
            orgs = load_orgs(store)
            have = current_tags(store)
            tags = []
            for record in parsed.registry:
                org = orgs.get(record.code)
                for tag, start, end in record.tags:
                    if org is not None and (org.id, tag, start, end) not in have:
                        tags.append(
                            (org.id, tag, start, end, f"{path.name}:{record.address.sheet}:{record.address.row}")
                        )
            result.tags = add_tags(store, tags, now)
            result.contacts = add_contacts(store, _new_contacts(store, parsed, orgs, path.name), now)
            verdict = check(store, parsed, path.name, orgs, revise, revise_hint)
            limits = _out_of_scope(parsed, scope, path.name, stored) if scope is not None else []
            result.problems = [*limits, *org_problems, *verdict.problems]
            result.problems = [
                p
                if p.file
                else Problem(path.name, p.sheet, p.row, p.column, p.header, p.value, p.reason, p.fix, p.severity)
                for p in result.problems
            ]
            result.unchanged = verdict.unchanged
            result.revisions = verdict.revisions
            by_id = {org.id: org for org in orgs.values()}
            result.changes = [_change(fact, by_id, verdict.replaced) for _, fact in verdict.facts[:MAX_CHANGES]]
            if reason and verdict.replaced:
                verdict.facts = [
                    (record, _with_reason(fact, reason) if _key(fact) in verdict.replaced else fact)
                    for record, fact in verdict.facts
                ]
            if result.errors or dry_run:
                result.written = len(verdict.facts)
                raise _Rollback
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            batch_id = add_batch(store, path.name, digest, parsed.format or "", len(verdict.facts), now)
            result.written = append_facts(store, (fact for _, fact in verdict.facts), batch_id, now)
            result.batch_id = batch_id
            action = "correct" if result.revisions else "import"
            detail = (
                f"写入 {result.written} 条（更正 {result.revisions} 条），新建机构 {sum(result.created.values())} 个"
                + (f"；更正原因：{reason.strip()}" if reason and result.revisions else "")
            )
            log.record(store, actor, action, path.name, now, detail, batch_id)
            refresh_years(store, {(fact.element, fact.period.year) for _, fact in verdict.facts}, now)
            _pause_for_crash_test()
    except _Rollback:
        pass
    if result.errors:
        target = problem_list or path.with_name(f"{path.stem}.问题清单.xlsx")
        result.problem_list = write_problem_list(path, result.problems, target)
    return result


def _key(fact: NewFact) -> tuple[int, str, str]:
    return (fact.org_id, fact.element, str(fact.period))


def _with_reason(fact: NewFact, reason: str) -> NewFact:
    """A correction's source says why it was corrected (shown with the figure's revisions)."""
    return replace(fact, source=f"{fact.source or ''}（更正原因：{reason.strip()}）")


def _pause_for_crash_test() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        print("PAUSED-BEFORE-COMMIT", file=sys.stderr, flush=True)
        time.sleep(float(seconds))
