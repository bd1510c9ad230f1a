"""Imports on both databases: good files land whole, every bad one is refused whole with a specific reason."""

from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pytest

from planwatch.importing.load import import_file
from planwatch.importing.sheets import UnreadableSheet
from planwatch.store.database import Store
from planwatch.store.orgs import load_orgs
from tests.conftest import ROOT
from tests.importing.files import CODES, NAMES, csv_text, monthly_rows, registry_rows, xlsx


def _state(store: Store) -> tuple[dict[str, int], str]:
    return store.counts(), store.checksum()


def _registered(store: Store, tmp_path: Path) -> None:
    result = import_file(store, xlsx(tmp_path / "名录.xlsx", {"企业名录": registry_rows()}), create_orgs=True)
    assert result.committed, result.problems


def test_registry_creates_the_hierarchy_and_tags(store: Store, tmp_path: Path) -> None:
    result = import_file(store, xlsx(tmp_path / "名录.xlsx", {"企业名录": registry_rows()}), create_orgs=True)
    assert result.format == "registry" and result.errors == []
    assert result.created == {"region": 1, "park": 2, "enterprise": 5}
    assert result.tags == 6  # five 规上 from 2022, one 高新技术企业 for 2023–2025
    orgs = load_orgs(store)
    assert orgs[CODES[0]].name == NAMES[0]
    assert orgs["park:下路工业园区"].parent_id == orgs["region:石柱土家族自治县"].id
    rows = store.backend.query("SELECT valid_from, valid_to FROM org_tags WHERE tag = '高新技术企业'")
    assert rows == [(2023, 2025)]
    # Importing the same registry again changes nothing.
    again = import_file(store, xlsx(tmp_path / "名录2.xlsx", {"企业名录": registry_rows()}), create_orgs=True)
    assert again.created == {} and again.tags == 0


def test_wide_monthly_sheet_lands_in_element_units(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    result = import_file(store, xlsx(tmp_path / "6月.xlsx", {"企业月报": monthly_rows({0: 1000, 1: 2000})}))
    assert result.format == "wide" and result.committed
    assert result.written == 6
    rows = store.backend.query(
        "SELECT element, period, value, unit FROM facts WHERE element = 'output_value' ORDER BY value"
    )
    assert rows == [("output_value", "2024-06", 1000.0, "万元"), ("output_value", "2024-06", 2000.0, "万元")]


def test_long_csv_in_gbk_with_units_converted(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    path = tmp_path / "long.csv"
    rows = [
        ["统一社会信用代码", "指标", "报告期", "数值", "计量单位"],
        [CODES[0], "工业总产值", "2024Q2", "0.5", "亿元"],
        [CODES[1], "综合能耗", "2024年6月", "120", "吨标准煤"],
    ]
    path.write_bytes(csv_text(rows).encode("gbk"))
    result = import_file(store, path)
    assert result.format == "long" and result.committed, result.problems
    values = {row[0]: row[1] for row in store.backend.query("SELECT element, value FROM facts")}
    assert values == {"output_value": 5000.0, "energy_total": 120.0}


def test_csv_with_bom(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + csv_text(monthly_rows({2: 300})).encode("utf-8"))
    assert import_file(store, path).committed


def test_published_county_figures(store: Store) -> None:
    result = import_file(store, ROOT / "examples" / "data" / "published-figures.csv", create_orgs=True)
    assert result.format == "published" and result.committed, result.errors
    assert result.created == {"region": 2}
    rows = store.backend.query(
        "SELECT f.period, f.value FROM facts f JOIN orgs o ON o.id = f.org_id "
        "WHERE o.name = '秀山土家族苗族自治县' AND f.element = 'gs_enterprises'"
    )
    assert rows == [("2024-10", 83.0)]


def _refused(store: Store, path: Path, reason: str) -> None:
    before = _state(store)
    result = import_file(store, path)
    assert result.errors, "expected the import to be refused"
    assert any(reason in p.reason for p in result.errors), [p.reason for p in result.errors]
    assert _state(store) == before  # nothing written: counts and every fact row unchanged
    assert result.problem_list is not None and result.problem_list.exists()


def test_unknown_org_refuses_the_whole_file(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    rows = monthly_rows({0: 1000})
    rows.append(["91500240MA5UXXXXX0", "不存在的公司", "2024-06", 10, 9, 1])
    _refused(store, xlsx(tmp_path / "unknown.xlsx", {"月报": rows}), "统一社会信用代码有误")
    rows[-1][0] = CODES[4].replace(CODES[4][-1], "0") if CODES[4][-1] != "0" else CODES[4][:-1] + "1"
    _refused(store, xlsx(tmp_path / "unknown2.xlsx", {"月报": rows}), "统一社会信用代码有误")
    from planwatch.uscc import make_uscc

    rows[-1][0] = make_uscc("500240", 999)
    _refused(store, xlsx(tmp_path / "unknown3.xlsx", {"月报": rows}), "不在企业名录中")


def test_an_unknown_enterprise_is_reported_once_on_the_cell_to_fix(store: Store, tmp_path: Path) -> None:
    from planwatch.uscc import make_uscc

    _registered(store, tmp_path)
    rows = monthly_rows({0: 1000})
    rows.append([make_uscc("500240", 999), "不存在的公司", "2024-06", 10, 9, 1])
    result = import_file(store, xlsx(tmp_path / "unknown.xlsx", {"月报": rows}))
    [problem] = result.errors  # three values on the row, one enterprise cell
    assert (problem.row, problem.column, problem.header) == (3, "A", "统一社会信用代码")
    assert problem.value == make_uscc("500240", 999)


def test_ten_thousand_times_too_large(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    for month in range(1, 7):
        assert import_file(
            store, xlsx(tmp_path / f"m{month}.xlsx", {"月报": monthly_rows({0: 1000 + month}, f"2024-{month:02d}")})
        ).committed
    _refused(store, xlsx(tmp_path / "yuan.xlsx", {"月报": monthly_rows({0: 10_050_000}, "2024-07")}), "疑似按“元”填写")


def test_formula_cells_and_injection_strings(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    rows = monthly_rows({0: 1000, 1: 2000})
    rows[1][3] = "=SUM(D3:D4)"
    _refused(store, xlsx(tmp_path / "formula.xlsx", {"月报": rows}), "是公式")
    rows = monthly_rows({0: 1000})
    rows[1][4] = "=cmd|' /C calc'!A0"
    path = tmp_path / "inject.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    _refused(store, path, "是公式")
    report = openpyxl.load_workbook(tmp_path / "inject.问题清单.xlsx")
    texts = [cell.value for row in report.worksheets[0].iter_rows() for cell in row]
    assert "=cmd|' /C calc'!A0" in texts  # kept as text in the report, never as a formula


def test_negatives_duplicates_and_bad_periods(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    rows = monthly_rows({0: -5})
    _refused(store, xlsx(tmp_path / "neg.xlsx", {"月报": rows}), "不能为负数")
    rows = monthly_rows({0: 5, 1: 6})
    rows.append(list(rows[1]))
    _refused(store, xlsx(tmp_path / "dup.xlsx", {"月报": rows}), "重复")
    rows = monthly_rows({0: 5}, period="2024年13月")
    _refused(store, xlsx(tmp_path / "period.xlsx", {"月报": rows}), "报告期格式无法识别")


def test_a_changed_value_needs_revise(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    assert import_file(store, xlsx(tmp_path / "a.xlsx", {"月报": monthly_rows({0: 1000})})).committed
    same = import_file(store, xlsx(tmp_path / "b.xlsx", {"月报": monthly_rows({0: 1000})}))
    assert same.committed and same.written == 0 and same.unchanged == 3
    _refused(store, xlsx(tmp_path / "c.xlsx", {"月报": monthly_rows({0: 1100})}), "与已入库的数值")
    revised = import_file(store, xlsx(tmp_path / "d.xlsx", {"月报": monthly_rows({0: 1100})}), revise=True)
    assert revised.committed and revised.revisions == 3
    assert store.backend.query("SELECT max(revision) FROM facts") == [(2,)]


def test_dry_run_writes_nothing(store: Store, tmp_path: Path) -> None:
    before = _state(store)
    result = import_file(
        store, xlsx(tmp_path / "名录.xlsx", {"企业名录": registry_rows()}), dry_run=True, create_orgs=True
    )
    assert result.created == {"region": 1, "park": 2, "enterprise": 5} and not result.committed
    assert _state(store) == before


def test_wrong_sheet_empty_and_broken_files(store: Store, tmp_path: Path) -> None:
    before = _state(store)
    _refused(
        store, xlsx(tmp_path / "wrong.xlsx", {"Sheet1": [["姓名", "电话"], ["张三", "123"]]}), "没有找到可识别的表头"
    )
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableSheet, match="空"):
        import_file(store, empty)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableSheet, match="不是有效的 Excel"):
        import_file(store, broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnreadableSheet, match="另存为"):
        import_file(store, old)
    assert _state(store) == before


def test_merged_header_cells(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    path = tmp_path / "merged.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）", None])
    sheet.append([None, None, None, "本年", "上年同期"])
    sheet.append([CODES[0], NAMES[0], "2024-06", 1000, 900])
    sheet.merge_cells("D1:E1")
    workbook.save(path)
    result = import_file(store, path)
    assert result.committed, result.problems
    assert store.backend.query("SELECT value FROM facts") == [(1000.0,)]  # 上年同期 is not imported
    assert any("上年同期" in p.reason for p in result.problems if p.severity == "warning")


def test_a_hundred_thousand_rows(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    path = tmp_path / "big.csv"
    elements = ["工业总产值", "营业收入", "税金", "工业增加值", "研发费用", "出口交货值"]
    elements += ["综合能耗", "电力消费量", "原煤消费量", "天然气消费量", "工业投资", "技改投资"]
    lines = ["统一社会信用代码,指标,报告期,数值"]
    for index in range(100_000):
        element, month, year = elements[index // 5 % 12], index // 60 % 12 + 1, 1950 + index // 720
        lines.append(f"{CODES[index % 5]},{element},{year}-{month:02d},{1000 + index % 7}")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = import_file(store, path)
    assert result.committed, result.errors[:3]
    assert store.counts()["facts"] == 100_000


def test_a_changed_registry_entry_is_reported_not_applied(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    rows = registry_rows()
    rows[1][1] = "改了名字的公司"
    rows[2][3] = "西沱绿色新型材料产业园"
    result = import_file(store, xlsx(tmp_path / "名录改.xlsx", {"企业名录": rows}), create_orgs=True)
    assert result.committed and result.created == {}
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert [p.row for p in warnings] == [2, 3]
    assert load_orgs(store)[CODES[0]].name == NAMES[0]


def test_ten_thousand_times_its_peers_without_history(store: Store, tmp_path: Path) -> None:
    _registered(store, tmp_path)
    # No history yet: four peers near 1000 万元 and one entered in 元.
    rows = monthly_rows({0: 1000, 1: 1200, 2: 900, 3: 1100, 4: 10_500_000})
    _refused(store, xlsx(tmp_path / "peers.xlsx", {"月报": rows}), "本表同期其他企业")


@pytest.mark.parametrize(
    "row",
    [["甲厂", "2026-11", "100"], ["乙", "2026/11", "1,200"], ["丙", "2026年11月", "12%"]],
)
def test_a_first_data_row_of_short_cells_is_data_not_a_second_header(row: list[object]) -> None:
    """A CSV holds numbers as text, so a short first row looks like 本年/上年 under a merged title (finding 10)."""
    from planwatch.importing.formats import parse_sheets
    from planwatch.importing.sheets import Sheet

    sheet = Sheet("月报.csv", "", [(1, ["企业名称", "报告期", "工业总产值（万元）"]), (2, row)])
    parsed = parse_sheets([sheet])
    assert [(fact.org_name, str(fact.period)) for fact in parsed.facts] == [(row[0], "2026-11")]
