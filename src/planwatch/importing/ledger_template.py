"""The monthly 台账 workbook a park fills in: its projects' progress and its 招商 signings, prefilled.

Three sheets: “填报说明” (what to fill and the checks the import makes), “项目进展” (one row per
project of the park: 编号 and 名称 as the plan lists them, the 报告期, the last status, 累计完成投资
and 责任单位 already filled in — a park changes what moved this month), “招商台账” (the park's
signings with their last stage and 到位资金).  The 项目状态 and 进展 columns are dropdowns; codes
and months are text, so Excel keeps 1.1.2.3 and 2026-09 as typed.  ``planwatch import`` reads the
file back (``importing/ledgers.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.importing.problem_list import AUTHOR, HEADER_FILL, MAX_ROW, cell_at, save_workbook, write_cell
from planwatch.projects.attraction import Standing
from planwatch.projects.ledger import Row
from planwatch.projects.rules import stages
from planwatch.status import STAGES

INSTRUCTIONS_SHEET = "填报说明"
PROJECTS_SHEET = "项目进展"
SIGNINGS_SHEET = "招商台账"
PROJECT_HEADERS = (
    "项目编号",
    "项目名称",
    "所属园区",
    "总投资（万元）",
    "报告期",
    "项目状态",
    "年度计划投资（万元）",
    "累计完成投资（万元）",
    "责任单位",
    "问题与需协调事项",
    "超总投资说明",
)
SIGNING_HEADERS = (
    "招商编号",
    "项目名称",
    "投资方",
    "所属园区",
    "产业链",
    "环节",
    "签约投资额（万元）",
    "签约日期",
    "报告期",
    "进展",
    "累计到位资金（万元）",
)
_TEXT_COLUMNS = {"项目编号", "报告期", "招商编号", "签约日期"}
_WIDTHS = {"项目名称": 30, "问题与需协调事项": 30, "超总投资说明": 20, "投资方": 22, "环节": 22, "产业链": 18}


@dataclass(frozen=True)
class TemplateRows:
    projects: Sequence[Row]
    signings: Sequence[Standing]
    month: str


def _header(sheet: Worksheet, headers: Sequence[str]) -> None:
    for number, header in enumerate(headers, start=1):
        cell = cell_at(sheet, 1, number)
        write_cell(cell, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = _WIDTHS.get(header, max(12, len(header) * 2 + 2))
        if header in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "C2"


def _dropdown(sheet: Worksheet, column: int, items: Sequence[str], what: str) -> None:
    letter = get_column_letter(column)
    check = DataValidation(
        type="list",
        formula1='"' + ",".join(items) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="填写有误",
        error=f"请从下拉列表中选择{what}。",
    )
    check.add(f"{letter}2:{letter}{MAX_ROW}")
    sheet.add_data_validation(check)


def _rows(sheet: Worksheet, rows: Sequence[Sequence[object]], headers: Sequence[str]) -> None:
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = cell_at(sheet, number, column)
            write_cell(cell, value)
            if headers[column - 1] in _TEXT_COLUMNS:
                cell.number_format = "@"


def _instructions(sheet: Worksheet, park: str, month: str) -> None:
    lines = [
        (f"{park} 重点项目和招商项目月度台账（{month}）", Font(bold=True, size=14)),
        ("", None),
        ("“项目进展”：每个项目一行，已按上次填报预先填好；请按本月实际修改有变化的格子。", None),
        ("  · 项目编号、项目名称照抄规划项目清单，不要改动；报告期为月份（如 2026-09）。", None),
        (f"  · 项目状态从下拉中选：{'、'.join(s.zh for s in STAGES)}。", None),
        ("  · 累计完成投资为自开工起的累计数（万元），只增不减；超过总投资时请在“超总投资说明”写明原因。", None),
        ("  · 问题与需协调事项：需要县里协调的用地、审批、资金等问题，没有请留空。", None),
        ("“招商台账”：每个签约项目一行；新签约的项目在末尾增加一行，编号自编（如 ZS2026-001）。", None),
        (f"  · 进展从下拉中选：{'、'.join(stages())}；累计到位资金为自签约起的累计数（万元）。", None),
        ("  · 落地的招商项目会自动进入重点项目台账，下月起在“项目进展”中填报。", None),
        ("", None),
        (
            "导入：planwatch import 文件.xlsx，或驾驶舱“数据导入”。先全部校验，有任何错误都不写入，并给出标红的问题清单。",
            None,
        ),
    ]
    for number, (text, font) in enumerate(lines, start=1):
        cell = cell_at(sheet, number, 1)
        write_cell(cell, text)
        if font is not None:
            cell.font = font
    sheet.column_dimensions["A"].width = 110


def write_ledger_template(out: Path, park: str, rows: TemplateRows) -> Path:
    """The park's 台账 workbook, prefilled with its projects and signings as last reported."""
    book = Workbook()
    instructions = book.worksheets[0]
    instructions.title = INSTRUCTIONS_SHEET
    _instructions(instructions, park, rows.month)
    projects = book.create_sheet(PROJECTS_SHEET)
    _header(projects, PROJECT_HEADERS)
    _rows(
        projects,
        [
            (
                r.id,
                r.name,
                r.park,
                r.total_wan,
                rows.month,
                r.stage.zh,
                r.annual_plan_wan,
                r.completed_wan,
                r.responsible,
                r.problems,
                None,
            )
            for r in rows.projects
        ],
        PROJECT_HEADERS,
    )
    _dropdown(projects, PROJECT_HEADERS.index("项目状态") + 1, [s.zh for s in STAGES], "项目状态")
    signings = book.create_sheet(SIGNINGS_SHEET)
    _header(signings, SIGNING_HEADERS)
    _rows(
        signings,
        [
            (
                s.signing.code,
                s.signing.name,
                s.signing.investor,
                s.signing.park,
                s.signing.chain,
                s.signing.link,
                s.signing.signed_wan,
                s.signing.signed_on.isoformat(),
                rows.month,
                s.stage,
                s.arrived_wan,
            )
            for s in rows.signings
        ],
        SIGNING_HEADERS,
    )
    _dropdown(signings, SIGNING_HEADERS.index("进展") + 1, list(stages()), "进展")
    book.active = 1
    book.properties.title = f"{park}重点项目台账"
    book.properties.creator = AUTHOR
    return save_workbook(book, out)
