"""台账 imports on both databases: project progress, 招商 signings and targets, 专项资金 — all or nothing, by cell."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planwatch.importing.ledger_template import TemplateRows, write_ledger_template
from planwatch.importing.load import ImportResult, import_file
from planwatch.importing.scope import Scope
from planwatch.periods import today
from planwatch.plan.model import Plan
from planwatch.projects.funds import totals
from planwatch.service import ledgers
from planwatch.service.plans import add_plan
from planwatch.store.database import Store
from planwatch.store.ledgers import TABLES
from planwatch.uscc import make_uscc
from tests.conftest import SHIZHU
from tests.importing.files import CODES, registry_rows, xlsx

PROGRESS: list[object] = ["项目编号", "项目名称", "报告期", "项目状态", "年度计划投资（万元）", "累计完成投资（万元）", "责任单位",
            "问题与需协调事项", "超总投资说明"]  # fmt: skip
WRITTEN = datetime(2026, 10, 5, 10, 0)
"""When the September report is imported."""
PARK = Scope("园区用户“下路”", frozenset(), frozenset({"下路工业园区"}))


@pytest.fixture
def plan(store: Store) -> Plan:
    return add_plan(store, SHIZHU, datetime(2024, 1, 23)).plan


def _ledger_rows(store: Store) -> int:
    return sum(int(store.backend.query(f"SELECT count(*) FROM {t.name}")[0][0]) for t in TABLES)


def _problems(result: ImportResult) -> dict[tuple[int | None, str | None], str]:
    return {(p.row, p.column): p.reason for p in result.errors}


def _project(plan: Plan, project_id: str) -> tuple[str, float]:
    found = next(p for p in plan.projects if p.id == project_id)
    assert found.investment is not None and found.investment.value is not None
    return found.name, found.investment.value


def test_an_update_to_started_moves_the_rates_from_its_month_on(store: Store, plan: Plan, tmp_path: Path) -> None:
    name, total = _project(plan, "1.2.4.5")  # 页岩气加工项目, 2025—2027, 20 000 万元
    before = ledgers.project_ledger(store, plan, date(2026, 9, 30), date(2026, 10, 31))
    sheet = xlsx(
        tmp_path / "9月.xlsx", {"项目进展": [PROGRESS, ["1.2.4.5", name, "2026-09", "开工", 8000, 5000, "下路管委会"]]}
    )
    result = import_file(store, sheet, now=WRITTEN, scope=PARK)
    assert result.committed and result.written == 1, result.problems
    assert result.format == "项目进展"
    after = ledgers.project_ledger(store, plan, date(2026, 9, 30), date(2026, 10, 31))
    row = next(r for r in after.rows if r.id == "1.2.4.5")
    assert row.stage.zh == "开工" and row.completed_wan == 5000 and row.completion_rate == pytest.approx(5000 / total)
    assert after.overall.started == before.overall.started + 1
    assert after.overall.start_rate is not None and before.overall.start_rate is not None
    assert after.overall.start_rate > before.overall.start_rate
    assert after.overall.completed_wan == pytest.approx(before.overall.completed_wan + 5000)
    assert after.overall.completion_rate is not None and before.overall.completion_rate is not None
    assert after.overall.completion_rate > before.overall.completion_rate
    # Not before its month, and not before it was known.
    august = ledgers.project_ledger(store, plan, date(2026, 8, 31), date(2026, 10, 31))
    assert august.overall == before.overall
    unknown = ledgers.project_ledger(store, plan, date(2026, 9, 30), date(2026, 10, 4))
    assert unknown.overall == before.overall


def test_a_malformed_update_is_refused_cell_by_cell_and_nothing_written(
    store: Store, plan: Plan, tmp_path: Path
) -> None:
    name, _ = _project(plan, "1.2.4.5")
    rows: list[list[object]] = [
        PROGRESS,
        ["9.9.9", "不存在的项目", "2026-09", "在建", None, 100],  # row 2: unknown project
        ["1.2.4.5", name, "2026-09", "在建", None, -100],  # row 3: negative investment
        ["1.2.4.4", _project(plan, "1.2.4.4")[0], "2026-09", "在建", None, _project(plan, "1.2.4.4")[1] + 1],  # row 4
        ["1.2.4.3", _project(plan, "1.2.4.3")[0], "2026-09", "动工", None, 10],  # row 5: no such status
    ]
    written = _ledger_rows(store)
    result = import_file(store, xlsx(tmp_path / "坏表.xlsx", {"项目进展": rows}), now=WRITTEN)
    assert not result.committed and _ledger_rows(store) == written
    problems = _problems(result)
    assert "不是库中规划的项目编号" in problems[(2, "A")]
    assert "负数" in problems[(3, "F")]
    assert "超过项目总投资" in problems[(4, "F")] and "没有说明原因" in problems[(4, "F")]
    assert "不是项目状态" in problems[(5, "D")]
    assert all(p.header for p in result.errors if p.column) and all(p.fix for p in result.errors)
    assert result.problem_list is not None and result.problem_list.exists()
    marked = openpyxl.load_workbook(result.problem_list)["项目进展"]
    assert marked["F3"].comment is not None and "负数" in marked["F3"].comment.text
    # With a reason, more than the total is accepted.
    reason: list[list[object]] = [PROGRESS, [*rows[3][:6], "下路管委会", None, "追加设备投资，已批复调整概算"]]
    accepted = import_file(store, xlsx(tmp_path / "说明.xlsx", {"项目进展": reason}), now=WRITTEN)
    assert accepted.committed, accepted.problems


def test_corrections_need_revise_and_keep_the_earlier_revision(store: Store, plan: Plan, tmp_path: Path) -> None:
    name, _ = _project(plan, "1.1.1.1")
    first: list[list[object]] = [PROGRESS, ["1.1.1.1", name, "2026-08", "在建", None, 1000]]
    assert import_file(store, xlsx(tmp_path / "a.xlsx", {"项目进展": first}), now=datetime(2026, 9, 5)).committed
    again = import_file(store, xlsx(tmp_path / "b.xlsx", {"项目进展": first}), now=datetime(2026, 9, 6))
    assert again.committed and again.written == 0 and again.unchanged == 1
    changed: list[list[object]] = [PROGRESS, ["1.1.1.1", name, "2026-08", "在建", None, 1200]]
    refused = import_file(store, xlsx(tmp_path / "c.xlsx", {"项目进展": changed}), now=datetime(2026, 9, 7))
    assert "与已入库的数据不同" in _problems(refused)[(2, "F")]
    revised = import_file(
        store, xlsx(tmp_path / "d.xlsx", {"项目进展": changed}), revise=True, now=datetime(2026, 9, 8)
    )
    assert revised.committed and revised.revisions == 1
    history = ledgers.update_history(store, plan, "1.1.1.1", date(2026, 9, 30))
    assert [(u.completed_wan, u.revision) for u in history] == [(1000, 1), (1200, 2)]
    then = ledgers.project_ledger(store, plan, date(2026, 8, 31), date(2026, 9, 7))
    assert next(r for r in then.rows if r.id == "1.1.1.1").completed_wan == 1000
    shrinking: list[list[object]] = [PROGRESS, ["1.1.1.1", name, "2026-09", "在建", None, 900]]
    assert "只增不减" in _problems(import_file(store, xlsx(tmp_path / "e.xlsx", {"项目进展": shrinking})))[(2, "F")]


def test_a_park_user_writes_only_its_parks_projects(store: Store, plan: Plan, tmp_path: Path) -> None:
    name, _ = _project(plan, "2.1")  # 万朝静脉产业园
    sheet = xlsx(tmp_path / "万朝.xlsx", {"项目进展": [PROGRESS, ["2.1", name, "2026-09", "在建", None, 10]]})
    refused = import_file(store, sheet, scope=PARK, now=WRITTEN)
    assert "不在园区用户“下路”的管理范围内" in _problems(refused)[(2, "A")]
    target: list[list[object]] = [
        ["产业链", "指标", "目标年份", "目标值", "单位"],
        ["中医药产业链", "签约投资额", 2027, 15, "亿元"],
    ]
    only_county = import_file(store, xlsx(tmp_path / "目标.xlsx", {"招商目标": target}), scope=PARK)
    assert any("只能由县级管理员导入" in p.reason for p in only_county.errors)
    firm = Scope("企业用户", frozenset({CODES[0]}))
    assert any("不能导入台账" in p.reason for p in import_file(store, sheet, scope=firm).errors)


FUNDS: list[object] = [
    "资金编号",
    "统一社会信用代码",
    "企业名称",
    "项目编号",
    "支持方式",
    "金额（万元）",
    "拨付日期",
    "政策依据",
    "主管部门",
]


def test_fund_records_are_checked_and_their_totals_add_up(store: Store, plan: Plan, tmp_path: Path) -> None:
    assert import_file(store, xlsx(tmp_path / "名录.xlsx", {"企业名录": registry_rows()}), create_orgs=True).committed
    stranger = make_uscc("500240", 99)
    bad: list[list[object]] = [
        FUNDS,
        ["ZJ-1", stranger, "外地公司", None, "奖励", 20, "2025-03-01"],  # row 2: not in the registry
        ["ZJ-2", CODES[0], None, None, "贴息", -5, "2025-03-01"],  # row 3: negative
        ["ZJ-3", CODES[1], None, None, "返还", 5, "2025-03-01"],  # row 4: no such kind
    ]
    written = _ledger_rows(store)
    refused = import_file(store, xlsx(tmp_path / "坏资金.xlsx", {"专项资金": bad}))
    problems = _problems(refused)
    assert (
        "不在企业名录中" in problems[(2, "B")] and "负数" in problems[(3, "F")] and "不是支持方式" in problems[(4, "E")]
    )
    assert _ledger_rows(store) == written
    good: list[list[object]] = [
        FUNDS,
        ["ZJ-1", CODES[0], None, None, "奖励", 20, "2024-03-01", "办法第5条", "县经济信息委"],
        ["ZJ-2", CODES[0], None, "1.1.1.1", "贴息", 12.5, "2024-09-01"],
        ["ZJ-3", CODES[3], None, None, "补助", 100, "2025-01-20"],
        ["ZJ-4", None, None, "2.1", "税费优惠", 7, "2025-05-20"],
    ]
    accepted = import_file(store, xlsx(tmp_path / "资金.xlsx", {"专项资金": good}))
    assert accepted.committed and accepted.written == 4, accepted.problems
    records = ledgers.supports(store, today())
    summed = totals(records, {})
    assert summed.amount_wan == pytest.approx(139.5)
    assert sum(summed.by_kind.values()) == pytest.approx(summed.amount_wan)
    assert summed.by_park == {"下路工业园区": pytest.approx(32.5), "西沱绿色新型材料产业园": pytest.approx(100.0),
                              "（未注明园区）": pytest.approx(7.0)}  # fmt: skip
    assert next(r for r in records if r.code == "ZJ-2").project_id == "1.1.1.1"


SIGNINGS: list[object] = ["招商编号", "项目名称", "投资方", "所属园区", "产业链", "环节", "签约投资额（万元）", "签约日期", "报告期",
            "进展", "累计到位资金（万元）"]  # fmt: skip


def test_signings_land_in_the_project_ledger(store: Store, plan: Plan, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        SIGNINGS,
        ["ZS2025-001", "黄连提取物项目", "某药业", "下路工业园区", "中医药产业链", "中药饮片", 30000, "2025-03-18", "2025-03", "签约", None],
        ["ZS2025-001", "黄连提取物项目", "某药业", "下路工业园区", "中医药产业链", "中药饮片", 30000, "2025-03-18", "2025-09", "落地", 3000],
        ["ZS2025-002", "未知链项目", "某公司", "下路工业园区", "不存在产业链", None, 1000, "2025-04-01", None, None, None],
    ]  # fmt: skip
    refused = import_file(store, xlsx(tmp_path / "招商.xlsx", {"招商台账": rows}), scope=PARK)
    assert "不是该规划的产业链" in _problems(refused)[(4, "E")]
    accepted = import_file(store, xlsx(tmp_path / "招商2.xlsx", {"招商台账": rows[:3]}), scope=PARK)
    assert accepted.committed and accepted.written == 3, accepted.problems  # one signing, two steps
    found = ledgers.project_ledger(store, plan, date(2025, 12, 31), today())
    row = next(r for r in found.rows if r.id == "ZS2025-001")
    assert row.origin == "招商" and row.chain == "中医药产业链" and row.completed_wan == 3000
    assert found.added.projects == 1 and found.overall.projects == len(plan.projects)


def test_the_park_template_reads_back(store: Store, plan: Plan, tmp_path: Path) -> None:
    found = ledgers.project_ledger(store, plan, date(2026, 9, 30), date(2026, 10, 31))
    mine = [r for r in found.rows if r.park == "万朝静脉产业园"]
    path = write_ledger_template(tmp_path / "万朝.xlsx", "万朝静脉产业园", TemplateRows(mine, [], "2026-09"))
    book = openpyxl.load_workbook(path)
    sheet = book["项目进展"]
    assert [sheet.cell(row, 1).value for row in range(2, 2 + len(mine))] == [r.id for r in mine]
    sheet["F2"], sheet["H2"] = "在建", 2000  # the park fills in what moved
    book.save(path)
    result = import_file(store, path, scope=Scope("园区用户", frozenset(), frozenset({"万朝静脉产业园"})), now=WRITTEN)
    assert result.committed and result.written == len(mine), result.problems


def test_a_chain_map_sheet_is_a_new_version_and_members_are_placed_by_hand(
    store: Store, plan: Plan, tmp_path: Path
) -> None:
    assert import_file(store, xlsx(tmp_path / "名录.xlsx", {"企业名录": registry_rows()}), create_orgs=True).committed
    edited: list[list[object]] = [
        ["产业链", "序号", "环节", "行业代码", "关键词"],
        ["特色调味制品产业链", 1, "辣椒种植", "01", "辣椒"],
        ["特色调味制品产业链", 2, "火锅底料", "1469", "底料、调料"],
        ["特色调味制品产业链", 3, "辣椒产品销售", "51、52", None],
    ]
    moment = datetime(2026, 3, 1, 9, 0)
    assert import_file(store, xlsx(tmp_path / "图谱.xlsx", {"产业链图谱": edited}), now=moment).committed
    maps, version = ledgers.chain_maps(store, plan, date(2026, 3, 1))
    assert version == 1 and len(maps) == 6
    chilli = maps[0]
    assert chilli.edited and [k.name for k in chilli.links] == ["辣椒种植", "火锅底料", "辣椒产品销售"]
    assert chilli.link("火锅底料").industries == {"1469": ""}  # type: ignore[union-attr]  # the link exists
    before, _ = ledgers.chain_maps(store, plan, date(2026, 2, 28))
    assert [k.name for k in before[0].links] == ["辣椒种植", "辣椒粗加工", "辣椒精深加工", "辣椒产品销售"]
    members: list[list[object]] = [
        ["统一社会信用代码", "企业名称", "产业链", "环节", "操作"],
        [CODES[0], None, "特色调味制品产业链", "辣椒产品销售", "挂接"],
        [CODES[1], None, "特色调味制品产业链", "辣椒粗加工", "挂接"],  # no longer a link of the chain
    ]
    refused = import_file(store, xlsx(tmp_path / "链上.xlsx", {"链上企业": members}))
    assert "不是“特色调味制品产业链”的环节" in _problems(refused)[(3, "D")]
    assert import_file(store, xlsx(tmp_path / "链上2.xlsx", {"链上企业": members[:2]})).committed
    view = ledgers.chain_view(store, plan, today())
    on = {(p.member.uscc, p.how) for p in view.placed[("特色调味制品产业链", "辣椒产品销售")]}
    assert (CODES[0], "手工") in on
    # The registry's codes place enterprises too: C1469 is 火锅底料 in the edited map.
    assert {p.member.uscc for p in view.placed[("特色调味制品产业链", "火锅底料")]} >= {CODES[0], CODES[1]}
