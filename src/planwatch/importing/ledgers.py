"""台账 workbooks in: project progress, 招商 signings and targets, 专项资金, chain members and chain maps.

Each sheet is recognised by its header (the first rows naming the most columns of one kind):

* **项目进展** — 项目编号, 项目名称, 报告期 (a month), 项目状态 (谋划 … 终止), 年度计划投资,
  累计完成投资 (万元), 责任单位, 问题与需协调事项, 超总投资说明;
* **招商台账** — 招商编号, 项目名称, 投资方, 所属园区, 产业链, 环节, 签约投资额, 签约日期,
  and per month 报告期, 进展 (签约/落地/开工/投产), 累计到位资金;
* **招商目标** — 产业链, 指标 (签约投资额/到位资金/落地项目), 目标年份, 目标值, 单位;
* **专项资金** — 资金编号, 统一社会信用代码, 企业名称, 项目编号, 支持方式 (奖励/贴息/税费优惠/补助),
  金额, 拨付日期, 政策依据, 主管部门;
* **链上企业** — 统一社会信用代码, 企业名称, 产业链, 环节, 操作 (挂接/移除);
* **产业链图谱** — 产业链, 序号, 环节, 行业代码, 关键词: a new version of the plan's chain map.

Like data imports, all or nothing: every cell is checked first (an unknown project, a negative
amount, 完成 above the total without a reason, a month in the future, an enterprise not in the
registry …), each problem on its cell; with any error nothing is written and the 问题清单 marks
the cells.  A stored key with the same values is skipped; with other values it is a correction,
refused unless the import says so (``revise``).  Who may write what: park users their parks'
projects and 招商 signings; 招商目标, 专项资金, chain members and maps only county staff (admin).

Longer than most modules (≈600 lines): six sheet kinds share the header reading, the cell
checks and the plan look-ups, and are written in one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from planwatch.chains.graph import ChainMap, derive, to_body
from planwatch.importing.load import ImportResult
from planwatch.importing.problem import Problem, column_letter
from planwatch.importing.problem_list import write_problem_list
from planwatch.importing.scope import Scope
from planwatch.importing.sheets import HEADER_ROWS, Sheet
from planwatch.periods import InvalidPeriod, period_from_value
from planwatch.plan.model import Plan
from planwatch.projects.ledger import seeds
from planwatch.projects.rules import fund_kinds, measure, project_rules, stages
from planwatch.service import ledgers as views
from planwatch.status import Severity, Stage
from planwatch.store import ledgers as tables
from planwatch.store import log
from planwatch.store.database import Store
from planwatch.store.facts import add_batch
from planwatch.store.orgs import Org, load_orgs
from planwatch.store.plans import stored_plans
from planwatch.units import UNITS, convert, normalise_unit
from planwatch.uscc import InvalidUSCC, validate

Kind = Literal["projects", "signings", "targets", "funds", "members", "chain_map"]
KIND_ZH: dict[Kind, str] = {
    "projects": "项目进展",
    "signings": "招商台账",
    "targets": "招商目标",
    "funds": "专项资金",
    "members": "链上企业",
    "chain_map": "产业链图谱",
}
_PLAN = r"规划|所属规划|规划名称|规划编号"
_COLUMNS: dict[Kind, dict[str, str]] = {
    "projects": {
        "plan": _PLAN,
        "id": r"项目编号|编号|项目代码",
        "name": r"项目名称|名称",
        "park": r"所属园区|园区",
        "period": r"报告期|填报月份|月份|报告月份",
        "stage": r"项目状态|状态|建设状态|进展阶段",
        "annual": r"年度计划投资|本年计划投资|年度计划投资额",
        "completed": r"累计完成投资|累计完成投资额|累计投资",
        "responsible": r"责任单位|责任主体",
        "problems": r"问题与需协调事项|存在问题|需协调事项|问题",
        "reason": r"超总投资说明|超概算说明|说明",
    },
    "signings": {
        "plan": _PLAN,
        "code": r"招商编号|签约编号|项目编号|编号",
        "name": r"项目名称|名称",
        "investor": r"投资方|投资主体|签约企业|投资企业",
        "park": r"所属园区|园区|落地园区",
        "chain": r"产业链|所属产业链",
        "link": r"环节|产业链环节",
        "signed": r"签约投资额|合同投资额|协议投资额|签约金额",
        "signed_on": r"签约日期|签约时间",
        "period": r"报告期|月份|报告月份",
        "stage": r"进展|项目进展|当前阶段|进展阶段",
        "arrived": r"累计到位资金|到位资金",
    },
    "targets": {
        "plan": _PLAN,
        "chain": r"产业链|所属产业链",
        "measure": r"指标|目标指标|指标名称",
        "year": r"目标年份|目标年|年份",
        "value": r"目标值|目标",
        "unit": r"单位|计量单位",
    },
    "funds": {
        "code": r"资金编号|记录编号|编号",
        "uscc": r"统一社会信用代码|信用代码",
        "enterprise": r"企业名称|企业",
        "plan": _PLAN,
        "project": r"项目编号",
        "kind": r"支持方式|支持类型|资金类型",
        "amount": r"支持金额|金额|拨付金额|兑现金额",
        "granted_on": r"拨付日期|兑现日期|日期",
        "policy": r"政策依据|依据文件|依据",
        "department": r"主管部门|实施部门|部门",
    },
    "members": {
        "plan": _PLAN,
        "uscc": r"统一社会信用代码|信用代码",
        "enterprise": r"企业名称|企业",
        "chain": r"产业链|所属产业链",
        "link": r"环节|产业链环节",
        "action": r"操作|挂接或移除",
    },
    "chain_map": {
        "plan": _PLAN,
        "chain": r"产业链|产业链名称",
        "order": r"序号|环节序号",
        "link": r"环节|环节名称",
        "industries": r"行业代码|国民经济行业代码",
        "keywords": r"关键词|产品关键词",
    },
}
_REQUIRED: dict[Kind, tuple[str, ...]] = {
    "projects": ("id", "stage", "completed"),
    "signings": ("code", "signed", "signed_on"),
    "targets": ("chain", "measure", "value", "year"),
    "funds": ("kind", "amount", "granted_on"),
    "members": ("uscc", "chain", "link"),
    "chain_map": ("chain", "order", "link"),
}
_COUNTY_ONLY: frozenset[Kind] = frozenset({"targets", "funds", "members", "chain_map"})
_UNIT = re.compile(r"[（(]([^（）()]*)[）)]$")


def _header_text(text: object) -> tuple[str, str | None]:
    """A header cell as (its words, the unit in its trailing brackets): 累计完成投资（万元） → (累计完成投资, 万元)."""
    raw = re.sub(r"[\s\u3000*＊]", "", "" if text is None else str(text))
    unit = _UNIT.search(raw)
    return _UNIT.sub("", raw), (unit.group(1) if unit else None)


@dataclass
class LedgerHeader:
    kind: Kind
    row: int
    names: list[str]
    columns: dict[str, int]
    units: dict[str, str | None]


def find_ledger_header(sheet: Sheet) -> LedgerHeader | None:
    """The header row and kind of a 台账 sheet, or None when the sheet is no 台账."""
    best: LedgerHeader | None = None
    for number, cells in sheet.rows[:HEADER_ROWS]:
        texts = [_header_text(cell) for cell in cells]
        for kind, patterns in _COLUMNS.items():
            columns: dict[str, int] = {}
            units: dict[str, str | None] = {}
            for role, pattern in patterns.items():
                for index, (words, unit) in enumerate(texts):
                    if index not in columns.values() and words and re.fullmatch(pattern, words):
                        columns[role], units[role] = index, unit
                        break
            if not all(role in columns for role in _REQUIRED[kind]):
                continue
            names = ["" if cell is None else str(cell).strip() for cell in cells]
            if best is None or len(columns) > len(best.columns):
                best = LedgerHeader(kind, number, names, columns, units)
    return best


def ledger_sheets(sheets: list[Sheet]) -> list[tuple[Sheet, LedgerHeader]]:
    """The sheets of a workbook that are 台账 (empty for a statistics workbook)."""
    found = []
    for sheet in sheets:
        header = find_ledger_header(sheet)
        if header is not None:
            found.append((sheet, header))
    return found


# --- reading a row ------------------------------------------------------------------------------------


@dataclass
class _Row:
    """One data row of a 台账 sheet, read cell by cell; problems go to the import."""

    check: _Check
    sheet: Sheet
    header: LedgerHeader
    number: int
    cells: list[object]

    def raw(self, role: str) -> object:
        column = self.header.columns.get(role)
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]

    def text(self, role: str) -> str | None:
        value = self.raw(role)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text or None

    def problem(
        self, role: str | None, value: object, reason: str, fix: str, severity: Severity = Severity.ERROR
    ) -> None:
        column = self.header.columns.get(role) if role else None
        self.check.problems.append(
            Problem(
                self.check.file,
                self.sheet.name,
                self.number,
                column_letter(column) if column is not None else None,
                self.header.names[column] if column is not None and column < len(self.header.names) else None,
                None if value is None else str(value),
                reason,
                fix,
                severity,
            )
        )

    def required(self, role: str, what: str, fix: str) -> str | None:
        text = self.text(role)
        if text is None:
            self.problem(role, None, f"缺少{what}", fix)
        return text

    def number_of(self, role: str, *, required: bool, wan: bool = True) -> float | None:
        """A number cell, ≥ 0, in 万元 when ``wan`` (亿元 and 元 in the header's brackets are converted)."""
        value = self.raw(role)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(role, None, "为空", "请填写数字（没有请填 0）。")
            return None
        if isinstance(value, bool):
            self.problem(role, value, "是逻辑值，不是数字", "请填写数字。")
            return None
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = str(value).strip()
            if text.startswith("="):
                self.problem(role, text, "是公式或以“=”开头的文字，不是数值", "请“选择性粘贴—数值”，或直接填写数字。")
                return None
            cleaned = re.sub(r"[,，\s\u3000]", "", text).translate(
                str.maketrans("０１２３４５６７８９．－", "0123456789.-")
            )
            if not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", cleaned):
                self.problem(role, text, "不是数字", "请只填写数字（不带单位和文字）。")
                return None
            number = float(cleaned)
        if number < 0:
            self.problem(role, value, "是负数", "金额、投资和目标值不能为负，请核对后填写。")
            return None
        unit = normalise_unit(self.header.units.get(role)) if wan else None
        if unit and unit != "万元" and unit in UNITS and UNITS[unit].dimension == UNITS["万元"].dimension:
            number = convert(number, unit, "万元")
        return number

    def month(self, role: str, *, required: bool) -> str | None:
        value = self.raw(role)
        if value is None:
            if required:
                self.problem(role, None, "报告期为空", "请填写月份，如 2026-09。")
            return None
        try:
            period = period_from_value(value)
        except InvalidPeriod as error:
            self.problem(role, value, "报告期无法识别", error.fix)
            return None
        if period.kind != "M":
            self.problem(role, value, "报告期不是月份", f"台账按月填报，请写成月份，如 {period.year}-09。")
            return None
        if period.code > f"{self.check.now.year}-{self.check.now.month:02d}":
            self.problem(role, value, "报告期在今天之后", "请填写已经开始的月份（本月或以前）。")
            return None
        return period.code

    def day(self, role: str, *, required: bool) -> date | None:
        value = self.raw(role)
        if value is None:
            if required:
                self.problem(role, None, "日期为空", "请填写日期，如 2025-03-18。")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = re.sub(r"\s", "", str(value))
        match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
        self.problem(role, value, "不是日期", "请写成 2025-03-18 这样的日期（年-月-日）。")
        return None


@dataclass
class _Check:
    """What one import knows and finds: the plans, the registry, the user's scope, the rows to write."""

    store: Store
    file: str
    now: datetime
    scope: Scope | None
    revise: bool
    plans: list[Plan]
    orgs: dict[str, Org]
    problems: list[Problem] = field(default_factory=list)
    writes: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    members: list[tuple[str, tuple[str, str, str, str, bool]]] = field(default_factory=list)
    maps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unchanged: int = 0
    revisions: int = 0

    def plan_named(self, row: _Row) -> Plan | None:
        key = row.text("plan")
        if key is None:
            return None
        found = next((p for p in self.plans if key in {p.id, p.file, p.title}), None)
        if found is None:
            listed = "、".join(p.id or "" for p in self.plans) or "（库中还没有规划）"
            row.problem("plan", key, "库中没有这个规划", f"请填写规划编号（{listed}），或删去该列。")
        return found

    def only_plan(self, row: _Row, having: Callable[[Plan], bool], what: str) -> Plan | None:
        candidates = [p for p in self.plans if having(p)]
        if len(candidates) == 1:
            return candidates[0]
        reason = (
            f"库中没有{what}的规划" if not candidates else f"库中有 {len(candidates)} 个{what}的规划，无法判断是哪一个"
        )
        row.problem(None, None, reason, "请在表中加一列“规划”，填写规划编号（如 003_ee4bfce4192e67e0.txt）。")
        return None

    def county_only(self, row: _Row, kind: Kind) -> bool:
        if self.scope is None:
            return True
        row.problem(None, None, f"{KIND_ZH[kind]}只能由县级管理员导入", "请交县经济信息委（管理员账号）导入。")
        return False

    def in_scope(self, row: _Row, role: str, park: str | None) -> bool:
        if self.scope is None or (park is not None and park in self.scope.parks):
            return True
        row.problem(
            role,
            row.text(role),
            f"不在{self.scope.label}的管理范围内（属于{park or '未注明园区'}）",
            "请只填报本园区的项目；其他园区的项目请由该园区或县级管理员填报。",
        )
        return False

    def compare(
        self,
        row: _Row,
        table: tables.LedgerTable,
        new: tuple[Any, ...],
        stored: dict[tuple[Any, ...], tables.Stored],
        roles: dict[str, str],
    ) -> bool:
        """True when the row is to be written: new, or a correction allowed; False when unchanged or refused."""
        width = len(table.key)
        old = stored.get(tuple(new[:width]))
        if old is None:
            return True
        values = new[width:]
        differing = [
            column
            for column, (a, b) in zip(table.values, zip(values, old.values, strict=True), strict=True)
            if not _same(a, b)
        ]
        if not differing:
            self.unchanged += 1
            return False
        if self.revise:
            self.revisions += 1
            return True
        column = differing[0]
        before = old.values[table.values.index(column)]
        row.problem(
            roles.get(column),
            values[table.values.index(column)],
            f"与已入库的数据不同（库中为“{'' if before is None else before}”，{old.recorded_at:%Y-%m-%d}登记）",
            "如确为更正，请勾选“更正已入库数据”（命令行加 --revise）后重新导入；否则请核对。",
        )
        return False


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-6
    return (a or None) == (b or None)


# --- each kind of sheet -------------------------------------------------------------------------------


def _rows(check: _Check, sheet: Sheet, header: LedgerHeader) -> list[_Row]:
    rows = [_Row(check, sheet, header, number, cells) for number, cells in sheet.rows if number > header.row]
    for merged in sheet.merged_below_header:
        check.problems.append(
            Problem(
                check.file,
                sheet.name,
                None,
                None,
                None,
                merged,
                f"数据区有合并单元格（{merged}）",
                "请取消合并并在每个单元格填入数据。",
            )
        )
    return [r for r in rows if any(c is not None and str(c).strip() for c in r.cells)]


@dataclass(frozen=True)
class _Known:
    """A project the ledger knows: its plan, name, park and total investment (万元)."""

    plan: Plan
    name: str
    park: str | None
    total: float | None


def _projects_known(check: _Check) -> dict[str, list[_Known]]:
    found: dict[str, list[_Known]] = {}
    for plan in check.plans:
        for seed in seeds(plan):
            found.setdefault(seed.id, []).append(_Known(plan, seed.name, seed.park, seed.total_wan))
        for signing in views.signings(check.store, plan, check.now.date()):
            found.setdefault(signing.code, []).append(_Known(plan, signing.name, signing.park, signing.signed_wan))
    return found


def _projects(check: _Check, sheet: Sheet, header: LedgerHeader) -> None:
    known = _projects_known(check)
    stored = {r.key: r for r in tables.known(check.store, tables.UPDATES)}
    history = sorted(stored.values(), key=lambda r: r.key[2])
    needs_reason = bool(project_rules()["over_total_needs_reason"])
    seen: dict[tuple[str | None, str, str], int] = {}
    written: list[tuple[Any, ...]] = []
    roles = {
        "stage": "stage",
        "completed_wan": "completed",
        "annual_plan_wan": "annual",
        "responsible": "responsible",
        "problems": "problems",
        "reason": "reason",
    }
    for row in _rows(check, sheet, header):
        ident = row.required(
            "id", "项目编号", "请照抄项目清单中的编号（如 1.1.2.3），可用 planwatch projects template 生成填报表。"
        )
        name = row.text("name")
        named = check.plan_named(row)
        period = row.month("period", required=True)
        stage_text = row.required("stage", "项目状态", f"请填写 {'、'.join(s.zh for s in Stage)} 之一。")
        stage = None
        if stage_text is not None:
            try:
                stage = Stage.from_zh(stage_text)
            except ValueError:
                row.problem("stage", stage_text, "不是项目状态", f"请填写 {'、'.join(s.zh for s in Stage)} 之一。")
        completed = row.number_of("completed", required=True)
        annual = row.number_of("annual", required=False)
        reason = row.text("reason")
        if ident is None:
            continue
        matches = [k for k in known.get(ident, []) if named is None or k.plan.id == named.id]
        if name is not None and len(matches) > 1:
            matches = [k for k in matches if k.name == name] or matches
        if not matches:
            row.problem(
                "id",
                ident,
                "不是库中规划的项目编号",
                "请照抄项目清单中的编号；新签约的招商项目请先登记到招商台账，落地后即可填报。",
            )
            continue
        if len(matches) > 1:
            row.problem("id", ident, "在多个规划中都有这个编号", "请在表中加一列“规划”，写明规划编号。")
            continue
        project = matches[0]
        if name is not None and name != project.name:
            row.problem(
                "name", name, f"与编号 {ident} 的项目名称“{project.name}”不符", "请核对编号和名称，照抄项目清单。"
            )
            continue
        if not check.in_scope(row, "id", project.park):
            continue
        if stage is None or completed is None or period is None:
            continue
        if project.total and completed > project.total + 1e-6 and needs_reason and not reason:
            row.problem(
                "completed",
                f"{completed:g}",
                f"累计完成投资超过项目总投资（{project.total:g}万元），且没有说明原因",
                "请核对单位（万元）；如确实超概算，请在“超总投资说明”列写明原因。",
            )
            continue
        if not stage.started and stage != Stage.TERMINATED and completed > 0:
            row.problem(
                "stage",
                stage.zh,
                f"项目尚未开工（{stage.zh}），累计完成投资却有{completed:g}万元",
                "请核对项目状态。",
                Severity.WARNING,
            )
        key = (project.plan.id, ident, period)
        if key in seen:
            row.problem(
                "id", ident, f"与第{seen[key]}行重复（同一项目、同一报告期）", "每个项目每月只填一行，请删去重复行。"
            )
            continue
        seen[key] = row.number
        earlier = [r for r in history if r.key[:2] == key[:2] and r.key[2] < period]
        previous = max(
            [(r.key[2], float(r.values[1]), Stage(r.values[0])) for r in earlier]
            + [(w[2], float(w[4]), Stage(w[3])) for w in written if w[:2] == key[:2] and w[2] < period],
            default=None,
        )
        if previous is not None and completed + 1e-6 < previous[1]:
            row.problem(
                "completed",
                f"{completed:g}",
                f"比{previous[0]}已登记的累计完成投资{previous[1]:g}万元还少（累计数只增不减）",
                "请核对；如之前的月份填错了，请更正那个月的数据。",
            )
            continue
        if previous is not None and stage.order < previous[2].order and stage != Stage.TERMINATED:
            row.problem(
                "stage", stage.zh, f"比{previous[0]}登记的“{previous[2].zh}”倒退", "请核对项目状态。", Severity.WARNING
            )
        values = (stage.value, completed, annual, row.text("responsible"), row.text("problems"), reason)
        new = (*key, *values)
        if check.compare(row, tables.UPDATES, new, stored, roles):
            written.append(new)
    check.writes.setdefault(tables.UPDATES.name, []).extend(written)


def _chain_names(check: _Check, plan: Plan) -> list[ChainMap]:
    return views.chain_maps(check.store, plan, check.now.date())[0]


def _chain_link(
    row: _Row, maps: list[ChainMap], chain: str | None, link: str | None, required: bool, link_required: bool = False
) -> bool:
    """Is the chain (and link) one of the plan's?  A problem on the cell when not (or when missing but required)."""
    if chain is None:
        if required:
            row.problem("chain", None, "缺少产业链", "请填写规划中的产业链名称。")
        return not required
    found = next((m for m in maps if chain in {m.name, m.stem}), None)
    if found is None:
        row.problem(
            "chain", chain, "不是该规划的产业链", f"可填：{'、'.join(m.name for m in maps) or '（规划中没有产业链）'}。"
        )
        return False
    if link is not None and found.link(link) is None:
        row.problem("link", link, f"不是“{found.name}”的环节", f"可填：{'、'.join(k.name for k in found.links)}。")
        return False
    if link is None and link_required:
        row.problem("link", None, "缺少环节", f"可填：{'、'.join(k.name for k in found.links)}。")
        return False
    return True


def _chain_of(maps: list[ChainMap], chain: str | None) -> str | None:
    found = next((m for m in maps if chain in {m.name, m.stem}), None)
    return found.name if found else chain


def _has_park(park: str | None) -> Callable[[Plan], bool]:
    return lambda plan: any(park == p.name for p in plan.parks)


def _signings(check: _Check, sheet: Sheet, header: LedgerHeader) -> None:
    stored = {r.key: r for r in tables.known(check.store, tables.SIGNINGS)}
    stored_steps = {r.key: r for r in tables.known(check.store, tables.STEPS)}
    planned = {p.id for plan in check.plans for p in plan.projects}
    signings: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
    steps: dict[tuple[Any, ...], int] = {}
    roles = {
        "name": "name",
        "investor": "investor",
        "park": "park",
        "chain": "chain",
        "link": "link",
        "signed_wan": "signed",
        "signed_on": "signed_on",
        "stage": "stage",
        "arrived_wan": "arrived",
    }
    for row in _rows(check, sheet, header):
        code = row.required("code", "招商编号", "每个签约项目一个编号（如 ZS2025-001），同一项目各月沿用。")
        name = row.required("name", "项目名称", "请填写签约项目名称。")
        park = row.required("park", "所属园区", "请填写项目落地（拟落地）的园区。")
        chain, link = row.text("chain"), row.text("link")
        signed = row.number_of("signed", required=True)
        signed_on = row.day("signed_on", required=True)
        period = row.month("period", required=False)
        stage = row.text("stage")
        arrived = row.number_of("arrived", required=False)
        if stage is not None and stage not in stages():
            row.problem("stage", stage, "不是招商进展", f"请填写 {'、'.join(stages())} 之一。")
            continue
        if (stage is not None or arrived is not None) and period is None:
            row.problem("period", None, "填了进展或到位资金，却没有报告期", "请填写该进展所在的月份，如 2026-09。")
            continue
        plan = check.plan_named(row) or (check.only_plan(row, _has_park(park), f"含“{park}”园区") if park else None)
        if None in (code, name, park, signed, signed_on) or plan is None:
            continue
        assert code is not None and signed_on is not None
        if code in planned:
            row.problem("code", code, "与规划项目清单中的项目编号相同", "招商编号请另行编排（如 ZS2025-001）。")
            continue
        maps = _chain_names(check, plan)
        if not _chain_link(row, maps, chain, link, required=False) or not check.in_scope(row, "park", park):
            continue
        if arrived is not None and signed is not None and arrived > signed + 1e-6:
            row.problem(
                "arrived",
                f"{arrived:g}",
                f"到位资金超过签约投资额（{signed:g}万元）",
                "请核对金额和单位。",
                Severity.WARNING,
            )
        new = (plan.id, code, name, row.text("investor"), park, _chain_of(maps, chain), link, signed, signed_on)
        earlier = signings.get(new[:2])
        if earlier is not None and earlier[1] != new:
            row.problem(
                "code",
                code,
                f"同一招商编号的签约信息与第{earlier[0]}行不一致",
                "同一项目各行的名称、投资方、园区、产业链、金额和日期应相同。",
            )
            continue
        if earlier is None:
            signings[new[:2]] = (row.number, new)
            if check.compare(row, tables.SIGNINGS, new, stored, roles):
                check.writes.setdefault(tables.SIGNINGS.name, []).append(new)
        if period is None:
            continue
        if period < f"{signed_on.year}-{signed_on.month:02d}":
            row.problem("period", period, f"早于签约日期（{signed_on.isoformat()}）", "请核对报告期或签约日期。")
            continue
        step = (plan.id, code, period, stage or stages()[0], arrived)
        if step[:3] in steps:
            row.problem(
                "period", period, f"与第{steps[step[:3]]}行重复（同一项目、同一报告期）", "每个项目每月只填一行进展。"
            )
            continue
        steps[step[:3]] = row.number
        if check.compare(row, tables.STEPS, step, stored_steps, roles):
            check.writes.setdefault(tables.STEPS.name, []).append(step)


def _targets(check: _Check, sheet: Sheet, header: LedgerHeader) -> None:
    stored = {r.key: r for r in tables.known(check.store, tables.TARGETS)}
    seen: set[tuple[Any, ...]] = set()
    for row in _rows(check, sheet, header):
        if not check.county_only(row, "targets"):
            return
        chain = row.required("chain", "产业链", "请填写规划中的产业链名称。")
        wanted = row.required("measure", "指标", "请填写 签约投资额、到位资金 或 落地项目。")
        value = row.number_of("value", required=True, wan=False)
        year = row.number_of("year", required=True, wan=False)
        plan = check.plan_named(row) or check.only_plan(row, lambda p: bool(p.chains), "有产业链")
        found = measure(wanted) if wanted else None
        if wanted is not None and found is None:
            row.problem("measure", wanted, "不是招商指标", "请填写 签约投资额、到位资金 或 落地项目。")
        if plan is None or chain is None or found is None or value is None or year is None:
            continue
        maps = _chain_names(check, plan)
        if not _chain_link(row, maps, chain, None, required=True):
            continue
        if not float(year).is_integer() or not 2000 <= year <= 2100:
            row.problem("year", year, "不是年份", "请填写四位年份，如 2027。")
            continue
        unit = normalise_unit(row.text("unit")) or found.unit
        if unit != found.unit:
            if unit in UNITS and found.unit in UNITS and UNITS[unit].dimension == UNITS[found.unit].dimension:
                value = convert(value, unit, found.unit)
            else:
                row.problem("unit", unit, f"与指标的单位（{found.unit}）不一致，无法换算", f"请按{found.unit}填写。")
                continue
        new = (plan.id, _chain_of(maps, chain), found.name, int(year), value, found.unit)
        if new[:4] in seen:
            row.problem("chain", chain, "重复（同一产业链、指标和年份）", "每个目标只填一行。")
            continue
        seen.add(new[:4])
        if check.compare(row, tables.TARGETS, new, stored, {"value": "value", "unit": "unit"}):
            check.writes.setdefault(tables.TARGETS.name, []).append(new)


def _uscc(check: _Check, row: _Row, required: bool) -> Org | None:
    text = row.text("uscc")
    if text is None:
        if required:
            row.problem("uscc", None, "缺少统一社会信用代码", "请填写18位统一社会信用代码。")
        return None
    try:
        code = validate(text)
    except InvalidUSCC as error:
        row.problem("uscc", text, "统一社会信用代码有误", str(error))
        return None
    org = check.orgs.get(code)
    if org is None or org.kind != "enterprise":
        row.problem("uscc", code, "不在企业名录中", "请先导入企业名录（含该企业），或核对代码是否填错。")
        return None
    name = row.text("enterprise")
    if name is not None and name != org.name:
        row.problem("enterprise", name, f"与名录中的名称“{org.name}”不符", "请核对代码和名称。", Severity.WARNING)
    return org


def _funds(check: _Check, sheet: Sheet, header: LedgerHeader) -> None:
    stored = {r.key: r for r in tables.known(check.store, tables.FUNDS)}
    known = _projects_known(check)
    seen: dict[str, int] = {}
    roles = {
        "uscc": "uscc",
        "project_id": "project",
        "kind": "kind",
        "amount_wan": "amount",
        "granted_on": "granted_on",
        "policy": "policy",
        "department": "department",
    }
    for row in _rows(check, sheet, header):
        if not check.county_only(row, "funds"):
            return
        code = row.required("code", "资金编号", "每条支持记录一个编号（如 ZJ2025-001）。")
        org = _uscc(check, row, required=False)
        project = row.text("project")
        kind = row.required("kind", "支持方式", f"请填写 {'、'.join(fund_kinds())} 之一。")
        amount = row.number_of("amount", required=True)
        granted = row.day("granted_on", required=True)
        if kind is not None and kind not in fund_kinds():
            row.problem("kind", kind, "不是支持方式", f"请填写 {'、'.join(fund_kinds())} 之一。")
            continue
        if org is None and project is None and row.text("uscc") is None:
            row.problem("uscc", None, "既没有企业也没有项目", "请填写获得支持的企业（统一社会信用代码）或项目编号。")
            continue
        plan_id = None
        if project is not None:
            named = check.plan_named(row)
            matches = [k for k in known.get(project, []) if named is None or k.plan.id == named.id]
            if len(matches) != 1:
                reason = "不是库中规划的项目编号" if not matches else "在多个规划中都有这个编号"
                row.problem("project", project, reason, "请照抄项目清单中的编号，或在“规划”列写明规划编号。")
                continue
            plan_id = matches[0].plan.id
        if code is None or kind is None or amount is None or granted is None or (row.text("uscc") and org is None):
            continue
        if code in seen:
            row.problem("code", code, f"与第{seen[code]}行的资金编号重复", "每条支持记录一个编号。")
            continue
        seen[code] = row.number
        new = (
            code,
            org.code if org else None,
            plan_id,
            project,
            kind,
            amount,
            granted,
            row.text("policy"),
            row.text("department"),
        )
        if check.compare(row, tables.FUNDS, new, stored, roles):
            check.writes.setdefault(tables.FUNDS.name, []).append(new)


def _members(check: _Check, sheet: Sheet, header: LedgerHeader) -> None:
    for row in _rows(check, sheet, header):
        if not check.county_only(row, "members"):
            return
        org = _uscc(check, row, required=True)
        chain, link = row.text("chain"), row.text("link")
        action = row.text("action") or "挂接"
        if action not in {"挂接", "移除"}:
            row.problem("action", action, "不是操作", "请填写 挂接 或 移除。")
            continue
        plan = check.plan_named(row) or check.only_plan(row, lambda p: bool(p.chains), "有产业链")
        if org is None or plan is None:
            continue
        maps = _chain_names(check, plan)
        if not _chain_link(row, maps, chain, link, required=True, link_required=True):
            continue
        assert chain is not None and link is not None
        check.members.append(
            (plan.id or "", (_chain_of(maps, chain) or chain, link, "enterprise", org.code, action == "挂接"))
        )


def _chain_map(check: _Check, sheet: Sheet, header: LedgerHeader) -> None:
    links: dict[tuple[str, str], list[tuple[float, dict[str, Any], _Row]]] = {}
    for row in _rows(check, sheet, header):
        if not check.county_only(row, "chain_map"):
            return
        chain = row.required("chain", "产业链", "请填写产业链名称。")
        link = row.required("link", "环节", "请填写环节名称。")
        order = row.number_of("order", required=True, wan=False)
        plan = check.plan_named(row) or check.only_plan(row, lambda p: bool(p.chains), "有产业链")
        codes = [c for c in re.split(r"[、,，;；\s]+", row.text("industries") or "") if c]
        bad = [c for c in codes if not re.fullmatch(r"[A-Ta-t]?\d{2,4}", c)]
        if bad:
            row.problem(
                "industries",
                "、".join(bad),
                "不是国民经济行业分类代码",
                "请填写 2–4 位数字代码（如 1469、27），多个用顿号分隔。",
            )
            continue
        if chain is None or link is None or order is None or plan is None:
            continue
        item = {
            "name": link,
            "industries": {c.upper().lstrip("ABCDEFGHIJKLMNOPQRST"): "" for c in codes},
            "keywords": [k for k in re.split(r"[、,，;；\s]+", row.text("keywords") or "") if k],
        }
        links.setdefault((plan.id or "", chain), []).append((order, item, row))
    for (plan_id, chain), items in links.items():
        if len(items) < 2:
            items[0][2].problem("chain", chain, "只有一个环节", "一条产业链至少要有上下游两个环节。")
            continue
        lines = {m.name: m.line for plan in check.plans if plan.id == plan_id for m in derive(plan)}
        check.maps.setdefault(plan_id, []).append(
            {
                "name": chain,
                "line": lines.get(chain, 0),
                "links": [item for _, item, _ in sorted(items, key=lambda i: i[0])],
            }
        )


_READERS: dict[Kind, Callable[[_Check, Sheet, LedgerHeader], None]] = {
    "projects": _projects,
    "signings": _signings,
    "targets": _targets,
    "funds": _funds,
    "members": _members,
    "chain_map": _chain_map,
}


class _Rollback(Exception):
    """Discards the transaction (errors found, or a dry run)."""


def check_sheets(
    store: Store,
    file: str,
    found: list[tuple[Sheet, LedgerHeader]],
    *,
    now: datetime,
    scope: Scope | None,
    revise: bool,
) -> _Check:
    """Every row of every 台账 sheet checked against the store: what would be written, and every problem."""
    check = _Check(store, file, now, scope, revise, stored_plans(store), load_orgs(store))
    if scope is not None and not scope.parks:
        check.problems.append(
            Problem(
                file,
                "",
                None,
                None,
                None,
                None,
                f"{scope.label}不能导入台账",
                "项目台账由园区和县级部门填报；企业的统计数据请用企业填报模板导入。",
            )
        )
        return check
    for sheet, header in found:
        _READERS[header.kind](check, sheet, header)
    return check


def write(check: _Check, file: str, digest: str, kinds: str, recorded_by: str | None, batch: bool = True) -> int:
    """Write what ``check`` found (inside the caller's transaction); returns the rows written."""
    store, now = check.store, check.now
    count = sum(len(rows) for rows in check.writes.values()) + len(check.members) + len(check.maps)
    batch_id = add_batch(store, file, digest, kinds, count, now) if batch else None
    written = 0
    for table in tables.TABLES:
        rows = check.writes.get(table.name, [])
        written += tables.append(store, table, rows, now=now, source=file, recorded_by=recorded_by, batch_id=batch_id)
    for plan_id, entry in check.members:
        written += tables.add_chain_members(store, plan_id, [entry], now=now, source=file, recorded_by=recorded_by)
    for plan_id, body in check.maps.items():
        plan = next(p for p in check.plans if p.id == plan_id)
        current = {m["name"]: m for m in to_body(views.chain_maps(store, plan, now.date())[0])}
        current.update({m["name"]: m for m in body})
        tables.save_chain_map(
            store, plan_id, json.dumps(list(current.values()), ensure_ascii=False), file, recorded_by, now
        )
        written += 1
    return written


def import_ledgers(
    store: Store,
    path: Path,
    found: list[tuple[Sheet, LedgerHeader]],
    *,
    dry_run: bool = False,
    revise: bool = False,
    problem_list: Path | None = None,
    now: datetime | None = None,
    scope: Scope | None = None,
    actor: str = "系统",
) -> ImportResult:
    """Import the 台账 sheets of one workbook, all or nothing (see the module docstring).

    ``actor`` is who imports, for the audit log (written in the same transaction as the rows).
    """
    import hashlib

    kinds = "、".join(dict.fromkeys(KIND_ZH[h.kind] for _, h in found))
    result = ImportResult(file=path.name, format=kinds, dry_run=dry_run)
    moment = now or store.now()
    try:
        with store.backend.transaction():
            check = check_sheets(store, path.name, found, now=moment, scope=scope, revise=revise)
            result.problems = check.problems
            result.unchanged, result.revisions = check.unchanged, check.revisions
            pending = sum(len(r) for r in check.writes.values()) + len(check.members) + len(check.maps)
            if result.errors or dry_run:
                result.written = pending
                raise _Rollback
            who = scope.label if scope is not None else None
            result.written = write(check, path.name, hashlib.sha256(path.read_bytes()).hexdigest(), kinds, who)
            action = "correct" if result.revisions else "import"
            log.record(
                store,
                actor,
                action,
                path.name,
                moment,
                f"{kinds}：写入 {result.written} 条（更正 {result.revisions} 条）",
            )
    except _Rollback:
        pass
    if result.errors:
        target = problem_list or path.with_name(f"{path.stem}.问题清单.xlsx")
        result.problem_list = write_problem_list(path, result.problems, target)
    return result
