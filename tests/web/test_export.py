"""导出 Excel: each page's table as a workbook holding what the page shows, for whom it shows it."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import unquote

import openpyxl
from fastapi.testclient import TestClient
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.status import Status
from tests.conftest import SHIZHU, XIUSHAN
from tests.web.conftest import Dashboard


def _sheets(client: TestClient, url: str) -> dict[str, list[dict[str, Any]]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        headers = [str(h) for h in rows[0]]
        out[sheet.title] = [dict(zip(headers, row, strict=True)) for row in rows[1:]]
    return out


def _sheet(client: TestClient, url: str) -> Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    return book.worksheets[0]


def test_the_indicator_table_exports_with_the_pages_filter(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    shown = admin.get(f"/api/indicators?plan={XIUSHAN.name}&status=未完成").json()["rows"]
    assert shown, "the demo has targets 未完成 (秀山 as of 2026-10-31: its year is over)"
    rows = _sheets(admin, f"/export/indicators?plan={XIUSHAN.name}&status=未完成")["指标完成情况"]
    assert [r["指标"] for r in rows] == [t["indicator"] for t in shown]
    assert {r["状态"] for r in rows} == {"未完成"}
    firms = next(r for r in rows if r["指标"] == "规上工业企业")
    json_firms = next(t for t in shown if t["indicator"] == "规上工业企业")
    assert firms["最新值"] == json_firms["latest"]["value"] and firms["完成度"] == json_firms["completion"]
    assert firms["规划原文行"] == json_firms["source"]["line"]
    assert firms["目标"] == json_firms["target_text"] == "2025年 ≥150家"
    sheet = _sheet(admin, f"/export/indicators?plan={XIUSHAN.name}&status=未完成")
    headers = [c.value for c in sheet[1]]
    completion = sheet.cell(2, headers.index("完成度") + 1)
    status = sheet.cell(2, headers.index("状态") + 1)
    assert isinstance(completion.value, float) and completion.number_format == "0.0%"
    assert status.fill.fgColor.rgb.endswith(Status.MISSED.fill)  # the report's colour for 未完成


def test_the_file_is_named_after_the_plan_and_page(dashboard: Dashboard) -> None:
    response = dashboard.client("viewer").get(f"/export/projects?plan={SHIZHU.name}")
    name = unquote(re.search(r"filename\*=UTF-8''(.+)$", response.headers["content-disposition"]).group(1))  # type: ignore[union-attr]  # the header is always set
    assert name == "石柱县工业园区产业发展规划（2023—2027年）-项目.xlsx"


def test_projects_parks_and_audit_export_every_row(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    projects = viewer.get(f"/api/projects?plan={SHIZHU.name}").json()
    rows = _sheets(viewer, f"/export/projects?plan={SHIZHU.name}")["项目清单"]
    assert len(rows) == projects["count"] == 73
    total = sum(r["总投资"] for r in rows if isinstance(r["总投资"], int | float))
    assert round(total, 2) == projects["total_investment"]["value"]
    parks = viewer.get(f"/api/parks?plan={SHIZHU.name}").json()
    figures = _sheets(viewer, f"/export/parks?plan={SHIZHU.name}")["园区主要指标"]
    assert len(figures) == sum(len(p["figures"]) for p in parks["parks"])
    audit = viewer.get(f"/api/audit?plan={SHIZHU.name}").json()
    findings = _sheets(viewer, f"/export/audit?plan={SHIZHU.name}")["规划体检"]
    assert [f["问题"] for f in findings] == [f["message"] for f in audit["findings"]]


def test_exports_follow_the_roles_scope(dashboard: Dashboard) -> None:
    own = dashboard.accounts["enterprise"].scope[0]
    firm = dashboard.client("enterprise")
    assert [r["统一社会信用代码"] for r in _sheets(firm, "/export/enterprises")["企业名录"]] == [own]
    profile = firm.get(f"/api/enterprises/{own}").json()
    data = _sheets(firm, f"/export/enterprises/{own}")["填报数据"]
    assert len(data) == sum(len(s["points"]) for s in profile["series"])
    other = next(
        r["code"] for r in dashboard.client("admin").get("/api/enterprises").json()["rows"] if r["code"] != own
    )
    assert firm.get(f"/export/enterprises/{other}").status_code == 403
    assert firm.get(f"/export/indicators?plan={XIUSHAN.name}").status_code == 403
    park = dashboard.client("park")
    listed = [r["code"] for r in park.get("/api/enterprises").json()["rows"]]
    assert [r["统一社会信用代码"] for r in _sheets(park, "/export/enterprises")["企业名录"]] == listed
    assert dashboard.client().get("/export/enterprises", follow_redirects=False).status_code == 303  # to 登录


def test_each_page_links_to_its_export(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    own = dashboard.accounts["enterprise"].scope[0]
    for page in ("/indicators?status=进展缓慢", "/parks", "/enterprises", f"/enterprises/{own}", "/projects", "/audit"):
        html = admin.get(page).text
        link = re.search(r'<a class="export" href="([^"]+)"', html)
        assert link, page
        assert admin.get(link.group(1).replace("&amp;", "&")).status_code == 200, page


def test_a_change_target_is_observed_in_levels_with_their_unit(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    rows = admin.get(f"/api/indicators?plan={SHIZHU.name}&as_of=2026-10-31").json()["rows"]
    energy = next(r for r in rows if r["target"]["basis"] == "change" and r["latest"] and r["definition"])
    assert energy["unit"] == "%" and energy["value_unit"] not in {"", "%"}  # 下降13%, observed in 吨标准煤/万元
    sheet = _sheets(admin, f"/export/indicators?plan={SHIZHU.name}&as_of=2026-10-31")["指标完成情况"]
    exported = next(r for r in sheet if r["序号"] == energy["number"])
    assert exported["数值单位"] == energy["value_unit"] and exported["最新值"] == energy["latest"]["value"]
    detail = admin.get(f"/indicators/{SHIZHU.name}/{energy['number']}?as_of=2026-10-31").text
    assert f"{energy['value_unit']}<small>（{energy['latest']['period']}" in detail
