"""The 驾驶舱 through its JSON twins and pages: each role's landing, what is remembered, the cards, the park view.

Figures are checked against what the evaluation says by another road (the same
target evaluated through last year's month, the store's own facts), never
against literals of the demo.
"""

from __future__ import annotations

import html
import io
import re
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import openpyxl
from fastapi.testclient import TestClient

from planwatch.filing import due_month
from planwatch.report.render import render
from planwatch.service.accounts import add_user
from planwatch.store.orgs import load_orgs
from tests.conftest import SHIZHU, XIUSHAN
from tests.web.conftest import AS_OF, Dashboard, login


def _json(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def _park(dashboard: Dashboard) -> str:
    return dashboard.accounts["park"].scope[0].removeprefix("park:")


def _text(page: str) -> str:
    """A page's visible words (tags dropped), to look for words a user reads."""
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# --- Landing and memory ---------------------------------------------------------------------------


def test_each_account_lands_on_its_own_plan(dashboard: Dashboard) -> None:
    park = _json(dashboard.client("park"), "/api/overview")
    assert park["plan"]["id"] == SHIZHU.name  # the park's own plan, not the first one stored (秀山)
    assert park["scope"]["park"] == _park(dashboard) and park["subject"] == _park(dashboard)
    county = _json(dashboard.client("admin"), "/api/overview")
    assert county["plan"]["id"] == SHIZHU.name  # in force on the date; 秀山 ended in 2025
    assert county["plan"]["period"]["end"] >= AS_OF.year and county["scope"]["park"] is None
    xiushan = _json(dashboard.client("admin"), f"/api/overview?plan={XIUSHAN.name}")
    assert xiushan["plan"]["period"]["end"] < AS_OF.year


def test_the_chosen_plan_and_date_are_kept_across_pages(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    admin.get(f"/?plan={XIUSHAN.name}&as_of=2026-06-30")
    indicators = admin.get("/indicators").text
    assert re.search(rf'<option value="{re.escape(XIUSHAN.name)}" selected>', indicators)
    assert 'name="as_of" value="2026-06-30"' in indicators
    assert f"plan={XIUSHAN.name}" in indicators.split("<nav")[1].split("</nav>")[0]  # the menu carries them
    # The JSON twin stays stateless: no plan given is the user's own, whatever the session chose.
    assert _json(admin, "/api/indicators")["plan"]["id"] == SHIZHU.name
    reset = admin.get("/?plan=&as_of=&through=&park=").text
    assert re.search(rf'<option value="{re.escape(SHIZHU.name)}" selected>', reset)


def test_a_park_remembered_for_one_plan_does_not_follow_to_another(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    admin.get(f"/?plan={SHIZHU.name}&park={_park(dashboard)}")
    assert f"<h1>{_park(dashboard)}" in admin.get("/").text
    assert "<h1>秀山" in admin.get(f"/?plan={XIUSHAN.name}").text  # the park is not in 秀山's plan


# --- The cards ------------------------------------------------------------------------------------


def test_the_headline_card_is_the_output_with_its_year_so_far(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    data = _json(viewer, f"/api/overview?plan={SHIZHU.name}")
    lead = data["kpis"][0]
    assert lead["name"] == "规上工业总产值" and lead["target"]["indicator"] == "规上工业总产值"
    running = lead["running"]
    target = _json(viewer, f"/api/indicators/{SHIZHU.name}/{lead['target']['number']}")["target"]
    this_year = target["year_to_date"]
    assert running["period"] == this_year["period"] and abs(running["value"] - this_year["value"]) < 1e-3
    assert running["label"].endswith(f"1—{int(this_year['period'][5:])}月")
    # Last year through the same month, as the evaluation itself reads it.
    last = f"{int(this_year['period'][:4]) - 1}{this_year['period'][4:]}"
    then = _json(viewer, f"/api/indicators/{SHIZHU.name}/{lead['target']['number']}?through={last}")
    assert abs(running["last_year"] - then["target"]["year_to_date"]["value"]) < 1e-3
    assert abs(running["growth"] - (running["value"] / running["last_year"] - 1)) < 1e-3
    assert lead["probability"] == target["forecast"]["p_meet"]
    page = _text(viewer.get(f"/?plan={SHIZHU.name}").text)
    assert "规上工业总产值" in page and "累计" in page and "同比增长" in page


def test_a_card_is_red_when_the_target_is_unlikely_to_be_met(dashboard: Dashboard) -> None:
    data = _json(dashboard.client("viewer"), f"/api/overview?plan={SHIZHU.name}")
    level = data["red_below"]
    for card in data["kpis"]:
        target = card["target"]
        unlikely = card["probability"] is not None and card["probability"] < level
        if target and unlikely and target["status"] != "achieved":
            assert card["alert"] and "达标概率" in card["alert"], card
        if card["probability"] is not None and card["probability"] >= level and not (target and target["red"]):
            assert card["alert"] is None, card
    assert any(card["alert"] for card in data["kpis"])
    page = dashboard.client("viewer").get(f"/?plan={SHIZHU.name}").text
    assert 'class="kpi ' in page and " alert" in page


def test_the_will_miss_list_is_the_reports(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    data = _json(viewer, f"/api/overview?plan={SHIZHU.name}")
    report = viewer.get(f"/reports/{SHIZHU.name}?format=md").text
    said = re.search(r"有(\d+)项目标将无法完成", report)
    assert said and int(said.group(1)) == len(data["will_miss"])
    assert all(row["sentence"] in report for row in data["will_miss"])


def test_status_counts_and_categories_link_to_their_filtered_lists(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    data = _json(viewer, f"/api/overview?plan={SHIZHU.name}")
    page = html.unescape(viewer.get(f"/?plan={SHIZHU.name}").text)
    for count in data["statuses"]:
        link = re.search(rf'<a class="count {count["status"]}" href="([^"]+)"', page)
        assert link, count
        listed = _json(viewer, "/api" + unquote(link.group(1)))
        assert len(listed["rows"]) == count["count"]
    assert "说明：完成度、得分和状态怎么算" in page and data["legend"]["completion"] in page


def test_parks_and_enterprises_are_ranked(dashboard: Dashboard) -> None:
    data = _json(dashboard.client("viewer"), f"/api/overview?plan={SHIZHU.name}")
    outputs = [p["output"] for p in data["parks"] if p["output"] is not None]
    assert outputs == sorted(outputs, reverse=True) and outputs
    assert {n["name"] for n in data["map"]} >= {p["name"] for p in data["parks"]}
    top = [e["output"] for e in data["top"]]
    assert top == sorted(top, reverse=True)
    assert all(e["growth"] < 0 for e in data["bottom"])
    everyone = _json(dashboard.client("viewer"), "/api/enterprises?sort=output")["rows"]
    assert [e["code"] for e in data["top"]] == [e["code"] for e in everyone[: len(data["top"])]]


def test_a_park_user_sees_only_its_own_park_in_the_rankings(dashboard: Dashboard) -> None:
    data = _json(dashboard.client("park"), "/api/overview")
    assert [p["name"] for p in data["parks"]] == [_park(dashboard)]
    assert [n["name"] for n in data["map"] if n["output"] is not None] == [_park(dashboard)]
    assert data["scope"]["parks"] == [_park(dashboard)]
    assert dashboard.client("park").get("/api/overview?park=龙潭有色金属产业园").status_code == 403


# --- 催报 -----------------------------------------------------------------------------------------


def _filed(dashboard: Dashboard, month: str) -> set[int]:
    rows = dashboard.store.backend.query("SELECT DISTINCT org_id FROM facts WHERE period = ?", (month,))
    return {int(r[0]) for r in rows}


def test_the_chase_list_is_who_has_not_filed_the_month_due(dashboard: Dashboard) -> None:
    park = dashboard.client("park")
    data = _json(park, "/api/filings")
    due = str(due_month(AS_OF))
    assert data["due"] == due
    orgs = load_orgs(dashboard.store)
    by_code = {o.code: o for o in orgs.values()}
    filed = _filed(dashboard, due)
    year = int(due[:4])
    producing = {
        int(r[0])
        for r in dashboard.store.backend.query(
            "SELECT org_id FROM org_tags WHERE tag = '投产' AND valid_from <= ?", (year,)
        )
    }
    producing |= {
        int(r[0])
        for r in dashboard.store.backend.query(
            "SELECT DISTINCT org_id FROM facts WHERE period_kind = 'M' AND year >= ?", (year - 1,)
        )
    }
    visible = {e["code"] for e in _json(park, "/api/enterprises")["rows"]}
    firms = {code for code in visible if by_code[code].id in producing}  # not producing yet: no duty
    assert firms < visible
    late = {code for code in firms if by_code[code].id not in filed}
    assert late and {r["code"] for r in data["rows"]} == late
    assert all(r["contact"] and r["phone"] and not r["filed"] for r in data["rows"])
    everyone = _json(park, "/api/filings?missing=false")
    assert everyone["total"] == len(firms) and everyone["filed"] == len(firms) - len(late)
    book = openpyxl.load_workbook(io.BytesIO(park.get("/export/filings").content))
    names = [str(row[0]) for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(r["name"] for r in data["rows"])
    overview = _json(park, "/api/overview")["filing"]
    assert overview["enterprises"] - overview["filed"] == len(late)


def test_the_enterprise_page_says_whether_the_month_is_filed_and_lists_each_month(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    due = str(due_month(AS_OF))
    late = _json(admin, "/api/filings")["rows"]
    producing = next(r for r in late if r["last"])  # stopped filing: owes the month due
    page = _json(admin, f"/api/enterprises/{producing['code']}")
    assert page["filing"]["filed"] is False and page["filing"]["owed"][-1] == due
    months = [row["period"] for row in page["months"]]
    assert months == sorted(months, reverse=True) and months[0] == producing["last"]
    output = next(s for s in page["series"] if s["element"] == "工业总产值")
    column = page["columns"].index(f"工业总产值（{output['unit']}）")
    stored = {p["period"]: p["value"] for p in output["points"]}
    assert all(row["values"][column] == stored[row["period"]] for row in page["months"])
    text = _text(admin.get(f"/enterprises/{producing['code']}").text)
    assert "未报" in text and "各月填报数据" in text


# --- The park's report ----------------------------------------------------------------------------


def _words(client: TestClient, url: str) -> str:
    return _text("<main>" + client.get(url).text + "</main>")


def test_the_park_report_covers_only_the_park(dashboard: Dashboard) -> None:
    park = _park(dashboard)
    admin = dashboard.client("admin")
    others = [p["name"] for p in _json(admin, f"/api/parks?plan={SHIZHU.name}")["parks"] if p["name"] != park]
    others = [name for name in others if name != "石柱县工业园区"]  # the park system is in the plan's own title
    county = _words(admin, f"/reports/{SHIZHU.name}?format=html")
    own = _words(dashboard.client("park"), f"/reports/{SHIZHU.name}?format=html&park={park}")
    assert any(name in county for name in others)
    assert not [name for name in others if name in own]
    assert f"规划实施评估报告（{park}）" in own and f"{park}经济运行" in own and "企业排名" in own
    park_targets = {t["label"] for t in _json(admin, f"/api/indicators?plan={SHIZHU.name}&park={park}")["rows"]}
    county_only = {t["label"] for t in _json(admin, f"/api/indicators?plan={SHIZHU.name}")["rows"]} - park_targets
    assert "规上工业总产值" in county_only and "按目前趋势，规上工业总产值" not in own
    workbook = dashboard.client("park").get(f"/reports/{SHIZHU.name}?format=xlsx&park={park}")
    county_book = admin.get(f"/reports/{SHIZHU.name}?format=xlsx")
    assert workbook.content != county_book.content
    sheets = openpyxl.load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert f"{park}企业排名" in sheets and f"{park}催报名单" in sheets
    assert park in unquote(workbook.headers["content-disposition"])


def test_reports_download_under_the_plans_title(dashboard: Dashboard) -> None:
    response = dashboard.client("admin").get(f"/reports/{SHIZHU.name}?format=docx")
    name = unquote(response.headers["content-disposition"].split("''", 1)[1])
    assert name == f"石柱县工业园区产业发展规划（2023—2027年）评估报告_{AS_OF.isoformat()}.docx"


def test_the_county_report_is_the_librarys(dashboard: Dashboard) -> None:
    """The county report downloaded is the library's render of the same evaluation."""
    from planwatch.assess.gather import plan_assessment
    from planwatch.evaluate.evaluation import evaluate_plan
    from planwatch.store.plans import load_review, stored_plans

    plan = next(p for p in stored_plans(dashboard.store) if p.id == SHIZHU.name)
    evaluation = evaluate_plan(dashboard.store, plan, AS_OF)
    review = load_review(dashboard.store, plan)
    assessed = plan_assessment(dashboard.store, evaluation)
    expected = render(evaluation, review.findings if review else None, "md", assessed).decode()
    assert dashboard.client("admin").get(f"/reports/{SHIZHU.name}?format=md").text == expected


# --- Words and numbers ----------------------------------------------------------------------------


def test_pages_show_no_file_keys_formulas_or_exponents_to_users(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    key = SHIZHU.stem
    for url in ("/", "/indicators", "/parks", "/projects", "/audit", "/filings", f"/indicators/{SHIZHU.name}/1"):
        words = _text(viewer.get(f"{url}?plan={SHIZHU.name}" if "/1" not in url else url).text)
        assert key not in words, url
        assert "sum(" not in words and "where 规上" not in words, url
        assert not re.search(r"\d[eE][+-]\d", words), url
        assert "press" not in words and "项目进展将在后续版本" not in words, url
    admin = _text(dashboard.client("admin").get(f"/indicators/{SHIZHU.name}/1").text)
    assert "口径（管理员）" in admin and "sum(" in admin
    projects = _text(viewer.get(f"/projects?plan={SHIZHU.name}").text)
    total = _json(viewer, f"/api/projects?plan={SHIZHU.name}")["total_investment"]
    assert total["unit"] == "万元" and f"{total['value'] / 10_000:,.2f}亿元" in projects


def test_the_api_docs_come_from_the_package(dashboard: Dashboard) -> None:
    page = dashboard.client().get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "/static/api-docs.js" in page
    assert "http://" not in page and "https://" not in page and "<script>" not in page
    assert dashboard.client().get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    footer = dashboard.client("viewer").get("/").text.split("<footer>")[1]
    assert "API 文档" not in footer
    assert "API 文档" in dashboard.client("admin").get("/").text.split("<footer>")[1]


# --- Filing on the web ----------------------------------------------------------------------------


def _late_firm(dashboard: Dashboard) -> dict[str, Any]:
    rows = _json(dashboard.client("admin"), "/api/filings")["rows"]
    return next(r for r in rows if r["last"])


def _firm_client(dashboard: Dashboard, code: str, name: str) -> TestClient:
    add_user(dashboard.store, name, "filing password", "enterprise", [code], datetime(2026, 11, 1))
    client = dashboard.client()
    login(client, name, "filing password")
    return client


def _upload(client: TestClient, content: bytes, **form: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/import").text)
    assert token
    files = {"file": ("月报.xlsx", content, "application/octet-stream")}
    return str(client.post("/import", files=files, data={"csrf_token": token.group(1), **form}).text)


def _confirm(client: TestClient, page: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    upload = re.search(r'name="token" value="([^"]+)"', page)
    assert token and upload, _text(page)
    return str(client.post("/import/confirm", data={"csrf_token": token.group(1), "token": upload.group(1)}).text)


def test_the_monthly_filing_works_on_the_web(dashboard: Dashboard) -> None:
    firm = _late_firm(dashboard)
    client = _firm_client(dashboard, firm["code"], "月报填报员")
    due = str(due_month(AS_OF))
    template = client.get("/import/template")
    assert due in unquote(template.headers["content-disposition"])
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book["企业月报"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [(firm["code"], due)]  # the month due, not one already stored
    headers = [c.value for c in sheet[1]]
    output = headers.index("工业总产值（万元）")
    sheet.cell(row=2, column=output + 1, value=321.456)
    sheet.cell(row=2, column=headers.index("营业收入（万元）") + 1, value=300)
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _upload(client, buffer.getvalue())
    assert 'id="preview-table"' in preview and "（新报）" in preview and 'id="confirm"' in preview
    done = _confirm(client, preview)
    assert "已写入 2 个数" in _text(done)
    status = _json(client, f"/api/enterprises/{firm['code']}")["filing"]
    assert status["filed"] is True
    # The same figures again, and the figure as the page shows it (two decimals): nothing changed.
    again = _upload(client, buffer.getvalue())
    assert "与库中数据相同" in _text(again) and 'id="confirm"' not in again
    sheet.cell(row=2, column=output + 1, value=321.46)
    buffer = io.BytesIO()
    book.save(buffer)
    assert "与库中数据相同" in _text(_upload(client, buffer.getvalue()))
    # A changed figure is a correction only with 视为更正 and a reason.
    sheet.cell(row=2, column=output + 1, value=350)
    buffer = io.BytesIO()
    book.save(buffer)
    refused = _text(_upload(client, buffer.getvalue()))
    assert "视为更正" in refused and "未写入" in refused
    corrected = _upload(client, buffer.getvalue(), revise="true", reason="录入时看错了行")
    assert "321.456" in _text(corrected) and "350" in _text(corrected) and 'id="confirm"' in corrected
    _confirm(client, corrected)
    profile = _json(client, f"/api/enterprises/{firm['code']}")
    points = next(s for s in profile["series"] if s["element"] == "工业总产值")["points"]
    assert {"period": due, "value": 350.0, "revision": 2} in points


def test_a_broken_upload_is_explained_on_the_upload_page(dashboard: Dashboard) -> None:
    client = dashboard.client("admin")
    page = _upload(client, b"this is not a workbook at all")
    assert "无法读取" in page and 'id="upload-error"' in page and 'id="upload-form"' in page
    assert str(dashboard.app.state.upload_dir) not in page and "/tmp" not in page and "BadZipFile" not in page


def test_the_template_lists_the_month_due_with_what_is_on_file(dashboard: Dashboard) -> None:
    client = dashboard.client("park")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/import/template").content))
    sheet = book["企业月报"]
    headers = [c.value for c in sheet[1]]
    rows = [[str(c) if i < 3 else c for i, c in enumerate(r)] for r in sheet.iter_rows(min_row=2, values_only=True)]
    visible = {e["code"]: e for e in _json(client, "/api/enterprises")["rows"]}
    assert sorted({str(r[0]) for r in rows}) == sorted(visible)
    due = str(due_month(AS_OF))
    assert {r[2] for r in rows} == {due}
    filed = _filed(dashboard, due)
    ids = {o.code: o.id for o in load_orgs(dashboard.store).values()}
    output = headers.index("工业总产值（万元）")
    for row in rows:
        assert (row[output] is not None) == (ids[str(row[0])] in filed), row[:3]


def test_a_login_keeps_the_figures_cached(dashboard: Dashboard) -> None:
    """A login is written to the audit log; the evaluations behind every page are not computed again for it."""
    shared = dashboard.app.state.shared
    plan = shared.plan(SHIZHU.name)
    period, known = shared.dates(None, None)
    before = shared.evaluation(plan, period, known)
    dashboard.client("viewer")  # logs in
    shared.changed()
    assert shared.evaluation(plan, period, known) is before
