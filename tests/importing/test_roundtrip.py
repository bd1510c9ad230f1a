"""The template an enterprise fills in imports as is: headers, tags and units match what the importer reads."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planwatch.importing.load import import_file
from planwatch.importing.template import write_template
from planwatch.store.database import Store
from tests.importing.files import CODES, NAMES


def test_a_filled_template_imports(store: Store, tmp_path: Path) -> None:
    path = write_template(tmp_path / "模板.xlsx", parks=["下路工业园区"], periods=["2024-05", "2024-06"])
    workbook = openpyxl.load_workbook(path)
    registry = workbook["企业名录"]
    headers = [cell.value for cell in registry[1]]
    row: dict[object, object] = {h: None for h in headers}
    row.update({"统一社会信用代码": CODES[0], "企业名称": NAMES[0], "所属园区": "下路工业园区", "用地面积（亩）": 35})
    tag_header = next(h for h in headers if str(h).startswith("规上"))
    row[tag_header] = "2022"
    registry.append([row[h] for h in headers])
    monthly = workbook["企业月报"]
    headers = [cell.value for cell in monthly[1]]
    values: dict[object, object] = {h: None for h in headers}
    values.update({"统一社会信用代码": CODES[0], "企业名称": NAMES[0], "报告期": "2024-06", "工业总产值（万元）": 1234})
    monthly.append([values[h] for h in headers])
    workbook.save(path)
    with store.backend.transaction():
        from planwatch.store.orgs import NewOrg, add_orgs

        add_orgs(store, [NewOrg("region:某县", "某县", "region")], store.now())
    result = import_file(store, path)
    assert result.committed, [p.sentence() for p in result.errors]
    assert result.created == {"park": 1, "enterprise": 1}
    assert store.backend.query("SELECT element, value FROM facts") == [("output_value", 1234.0)]
    assert store.backend.query("SELECT tag, valid_from FROM org_tags") == [("规上", 2022)]


def test_every_template_header_is_one_the_importer_reads() -> None:
    from planwatch.importing.formats import detect, find_header
    from planwatch.importing.sheets import Sheet
    from planwatch.importing.template import monthly_headers, registry_headers

    for headers, kind in ((monthly_headers(), "wide"), (registry_headers(), "registry")):
        header = find_header(Sheet(file="模板.xlsx", name="", rows=[(1, list(headers))]))
        assert header is not None and detect(header) == kind
        understood = set(header.roles.values()) | set(header.elements) | set(header.tags)
        assert understood == set(range(len(headers))), [h for i, h in enumerate(headers) if i not in understood]


def test_a_prefilled_template_imports_what_was_filled_in(store: Store, tmp_path: Path) -> None:
    """A park lists its enterprises and the month; those who filled in figures are imported, the rest skipped."""
    from tests.importing.files import registry_rows, xlsx

    assert import_file(store, xlsx(tmp_path / "名录.xlsx", {"名录": registry_rows()}), create_orgs=True).committed
    firms = list(zip(CODES[:3], NAMES[:3], strict=True))
    path = write_template(tmp_path / "下路.xlsx", enterprises=firms, period="2024-06")
    workbook = openpyxl.load_workbook(path)
    monthly = workbook["企业月报"]
    assert [[c.value for c in row[:3]] for row in monthly.iter_rows(min_row=2)] == [[c, n, "2024-06"] for c, n in firms]
    assert monthly["A2"].number_format == "@" and monthly["C2"].number_format == "@"  # Excel keeps them as typed
    output = [cell.value for cell in monthly[1]].index("工业总产值（万元）") + 1
    monthly.cell(3, output, 880)  # only the second enterprise reports
    workbook.save(path)
    result = import_file(store, path)
    assert result.committed and not result.problems, [p.sentence() for p in result.problems]
    rows = store.backend.query(
        "SELECT o.code, f.period, f.value FROM facts f JOIN orgs o ON o.id = f.org_id WHERE f.element = 'output_value'"
    )
    assert rows == [(CODES[1], "2024-06", 880.0)]
