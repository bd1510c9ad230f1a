"""Import files built by the tests: registries, monthly sheets, and hostile variants of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

from planwatch.uscc import make_uscc

CODES = [make_uscc("500240", n) for n in range(1, 6)]
NAMES = ["石柱红辣椒食品有限公司", "万力联兴泵阀有限公司", "黄连药业有限公司", "莼菜食品有限公司", "西沱建材有限公司"]


def xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]  # a new workbook always has its default sheet
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def registry_rows(count: int = 5) -> list[list[object]]:
    rows: list[list[object]] = [
        [
            "统一社会信用代码",
            "企业名称",
            "所属地区",
            "所属园区",
            "行业代码",
            "产业集群",
            "用地面积（亩）",
            "规上",
            "高新技术企业",
        ]
    ]
    for index in range(count):
        rows.append(
            [
                CODES[index],
                NAMES[index],
                "石柱土家族自治县",
                "下路工业园区" if index < 3 else "西沱绿色新型材料产业园",
                "C1469",
                "康养消费品" if index in (0, 2, 3) else "装备制造",
                30 + index,
                2022,
                "2023-2025" if index == 1 else None,
            ]
        )
    return rows


def monthly_rows(values: dict[int, float], period: str = "2024-06") -> list[list[object]]:
    rows: list[list[object]] = [
        ["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）", "营业收入（万元）", "税金（万元）"]
    ]
    for index, value in values.items():
        rows.append([CODES[index], NAMES[index], period, value, value * 0.9, value * 0.03])
    return rows


def csv_text(rows: Sequence[Sequence[object]]) -> str:
    return "\n".join(",".join("" if cell is None else str(cell) for cell in row) for row in rows) + "\n"
