"""Renames and moves to another park as dated revisions (issue 16): roll-ups by park follow where an
enterprise was at the end of the period evaluated, as known at the moment asked; history is kept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from planwatch.importing.load import import_file
from planwatch.importing.scope import Scope
from planwatch.metrics.compute import run
from planwatch.metrics.formula import parse
from planwatch.store.database import Store
from planwatch.store.orgs import load_orgs, org_history
from tests.importing.files import CODES, NAMES, registry_rows, xlsx

REGISTERED = datetime(2026, 1, 5, 9, 0)
MOVED = datetime(2026, 8, 3, 9, 0)
PARK_A, PARK_B = "下路工业园区", "西沱绿色新型材料产业园"
OUTPUT = parse("sum(工业总产值)")


def _months(store: Store, tmp_path: Path, values: dict[int, float]) -> None:
    """Each enterprise in ``values`` reports that output for every month of 2025 and 2026."""
    rows: list[list[object]] = [["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"]]
    for index, value in values.items():
        rows += [
            [CODES[index], NAMES[index], f"{year}-{month:02d}", value]
            for year in (2025, 2026)
            for month in range(1, 13)
        ]
    result = import_file(store, xlsx(tmp_path / "月报.xlsx", {"企业月报": rows}), now=REGISTERED)
    assert result.committed, result.problems[:3]


def _registry(tmp_path: Path, name: str, rows: list[list[object]]) -> Path:
    return xlsx(tmp_path / name, {"企业名录": [["统一社会信用代码", "企业名称", "所属园区", "生效日期"], *rows]})


@pytest.fixture
def moved(store: Store, tmp_path: Path) -> Store:
    """企业一 (park A, 100 a month) moved to park B from 2026-07-01, recorded on 2026-08-03;
    企业二 stays in A (10 a month), 企业四 in B (1 a month)."""
    registered = import_file(
        store, xlsx(tmp_path / "名录.xlsx", {"企业名录": registry_rows()}), create_orgs=True, now=REGISTERED
    )
    assert registered.committed
    _months(store, tmp_path, {0: 100, 1: 10, 3: 1})
    move = _registry(tmp_path, "迁移.xlsx", [[CODES[0], NAMES[0], PARK_B, "2026-07-01"]])
    result = import_file(store, move, now=MOVED)
    assert result.committed and result.changed == 1, result.problems
    return store


def _park(store: Store, park: str, year: int, through_month: int | None = None, as_of: datetime | None = None) -> float:
    orgs = load_orgs(store)
    values = {(o, y): v for o, y, v, _, _ in run(store, OUTPUT, [year], as_of=as_of, through_month=through_month)}
    return values[(orgs[f"park:{park}"].id, year)] or 0.0


def test_a_park_counts_an_enterprise_for_the_periods_it_was_there(moved: Store) -> None:
    first, second, fourth = 100.0, 10.0, 1.0
    # Through June 2026 the move has not taken effect: park A has 企业一's first half.
    assert _park(moved, PARK_A, 2026, through_month=6) == pytest.approx(6 * (first + second))
    assert _park(moved, PARK_B, 2026, through_month=6) == pytest.approx(6 * fourth)
    # Through December it is in park B: park A keeps none of its months, park B has its year.
    assert _park(moved, PARK_A, 2026, through_month=12) == pytest.approx(12 * second)
    assert _park(moved, PARK_B, 2026, through_month=12) == pytest.approx(12 * (first + fourth))
    assert _park(moved, PARK_A, 2026) == pytest.approx(12 * second)
    # 2025 is history: it was in park A then.
    assert _park(moved, PARK_A, 2025) == pytest.approx(12 * (first + second))
    # The county is the same whichever park it is in.
    orgs = load_orgs(moved)
    county = {(o, y): v for o, y, v, _, _ in run(moved, OUTPUT, [2026])}[(orgs["region:石柱土家族自治县"].id, 2026)]
    assert county == pytest.approx(12 * (first + second + fourth))


def test_known_at_a_moment_before_the_registry_import_the_old_membership(moved: Store) -> None:
    before = datetime(2026, 8, 1)
    assert _park(moved, PARK_A, 2026, through_month=12, as_of=before) == pytest.approx(12 * (100.0 + 10.0))
    assert _park(moved, PARK_A, 2026, through_month=12, as_of=MOVED) == pytest.approx(12 * 10.0)
    # Now (the hierarchy as it stands) it is in park B.
    orgs = load_orgs(moved)
    assert orgs[CODES[0]].parent_id == orgs[f"park:{PARK_B}"].id


def test_a_rename_keeps_history_and_the_enterprise_users_scope(moved: Store, tmp_path: Path) -> None:
    orgs = load_orgs(moved)
    firm = orgs[CODES[1]]
    before = {(o, y): v for o, y, v, _, _ in run(moved, OUTPUT, [2025, 2026]) if o == firm.id}
    rename = _registry(tmp_path, "更名.xlsx", [[CODES[1], "万力联兴泵阀股份有限公司", PARK_A, "2026-09"]])
    assert import_file(moved, rename, now=datetime(2026, 9, 2)).changed == 1
    renamed = load_orgs(moved)[CODES[1]]
    assert (renamed.id, renamed.name, renamed.parent_id) == (firm.id, "万力联兴泵阀股份有限公司", firm.parent_id)
    assert {(o, y): v for o, y, v, _, _ in run(moved, OUTPUT, [2025, 2026]) if o == firm.id} == before
    assert [(v.name, v.from_month) for v in org_history(moved, firm.id)] == [
        (NAMES[1], 0),
        ("万力联兴泵阀股份有限公司", 202609),
    ]
    # The enterprise user's account names its code: figures under the new name are still its own.
    own = Scope("企业用户", frozenset({CODES[1]}))
    month: list[list[object]] = [
        ["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"],
        [CODES[1], renamed.name, "2026-12", 11],
    ]
    result = import_file(moved, xlsx(tmp_path / "12月.xlsx", {"企业月报": month}), scope=own, revise=True)
    assert result.committed, result.problems


def test_only_an_admin_moves_an_enterprise(moved: Store, tmp_path: Path) -> None:
    before = moved.checksum()
    park_a = Scope("园区用户", frozenset({CODES[1], CODES[2]}), frozenset({PARK_A}))
    park_b = Scope("园区用户", frozenset({CODES[0], CODES[3], CODES[4]}), frozenset({PARK_B}))
    out_of_a = _registry(tmp_path, "迁出.xlsx", [[CODES[1], NAMES[1], PARK_B, "2026-10"]])
    into_b = _registry(tmp_path, "迁入.xlsx", [[CODES[2], NAMES[2], PARK_B, "2026-10"]])
    for scope, path in ((park_a, out_of_a), (park_b, into_b)):
        result = import_file(moved, path, scope=scope)
        assert not result.committed and result.errors
        assert any(p.sheet == "企业名录" and p.row == 2 for p in result.errors)
    assert moved.checksum() == before


def test_a_dry_run_or_a_refused_file_records_no_change(moved: Store, tmp_path: Path) -> None:
    before = moved.checksum()
    back = _registry(tmp_path, "迁回.xlsx", [[CODES[0], NAMES[0], PARK_A, "2026-11"]])
    assert import_file(moved, back, dry_run=True).changed == 1
    assert moved.checksum() == before
    bad = _registry(tmp_path, "坏.xlsx", [[CODES[0], NAMES[0], PARK_A, "2026Q4"]])
    assert not import_file(moved, bad).committed
    assert moved.checksum() == before


def test_enterprises_are_counted_in_the_park_they_were_in(moved: Store) -> None:
    orgs = load_orgs(moved)
    a, b = orgs[f"park:{PARK_A}"].id, orgs[f"park:{PARK_B}"].id

    def counted(through_month: int) -> tuple[float | None, float | None]:
        rows = {
            (o, y): v for o, y, v, _, _ in run(moved, parse("count(enterprise)"), [2026], through_month=through_month)
        }
        return rows[(a, 2026)], rows[(b, 2026)]

    assert counted(6) == (3, 2)  # 企业一 still in A through June
    assert counted(12) == (2, 3)
