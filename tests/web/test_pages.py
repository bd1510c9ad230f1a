"""The dashboard through its JSON twins: what each role sees, and the rules around logins and writes."""

from __future__ import annotations

import html
import io
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from planwatch.service.accounts import add_user
from planwatch.web.shared import VERSION_SECONDS
from tests.conftest import SHIZHU, XIUSHAN
from tests.web.conftest import Dashboard, csrf_of, login


def _json(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def test_pages_need_a_login(dashboard: Dashboard) -> None:
    anonymous = dashboard.client()
    assert anonymous.get("/api/overview").status_code == 401
    page = anonymous.get("/indicators", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=/indicators")


def test_a_wrong_password_is_refused(dashboard: Dashboard) -> None:
    client = dashboard.client()
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": "admin", "password": "not-it-at-all", "csrf_token": token})
    assert response.status_code == 401 and "用户名或密码不正确" in response.text
    assert client.get("/api/me").status_code == 401


def test_a_form_without_its_csrf_token_is_refused(dashboard: Dashboard) -> None:
    client = dashboard.client()
    client.get("/login")
    response = client.post(
        "/login", data={"username": "admin", "password": dashboard.accounts["admin"].password, "csrf_token": "forged"}
    )
    assert response.status_code == 403 and "CSRF" in response.text
    admin = dashboard.client("admin")
    assert admin.post("/logout", follow_redirects=False).status_code == 403  # no token: still logged in
    assert admin.get("/api/me").json()["role"] == "admin"


def test_the_session_cookie_is_httponly_and_samesite(dashboard: Dashboard) -> None:
    client = dashboard.client()
    header = client.get("/login").headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header


def test_the_overview_shows_the_xiushan_statuses(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    data = _json(admin, f"/api/overview?plan={XIUSHAN.name}")
    assert data["plan"]["id"] == XIUSHAN.name and data["as_of"] == "2026-10-31"
    counts = {s["status_zh"]: s["count"] for s in data["statuses"]}
    assert sum(counts.values()) == data["targets"]
    assert counts.get("已完成", 0) >= 1  # 高新技术企业 82 against 80
    firms = next(f for f in data["key_figures"] if f["indicator"] == "规上工业企业")
    assert [p["value"] for p in firms["series"]][:1] == [73] and firms["series"][-1]["value"] == 83
    assert data["elapsed"] == 1  # 2021–2025 is over by 2026-10-31


def test_indicator_detail_has_chart_provenance_and_facts(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    rows = _json(admin, f"/api/indicators?plan={XIUSHAN.name}&q=规上工业企业")["rows"]
    number = next(r["number"] for r in rows if r["indicator"] == "规上工业企业")
    detail = _json(admin, f"/api/indicators/{XIUSHAN.name}/{number}?through=2024")
    assert detail["target"]["status"] == "limited_progress" and detail["through"]["label"] == "2024年底"
    assert detail["provenance"]["line"] == detail["target"]["source"]["line"]
    assert "150" in detail["provenance"]["text"]
    chart = detail["chart"]
    assert chart["path"][0]["value"] == 73 and chart["path"][-1]["value"] == 150
    assert chart["forecast"]["value"] < 150  # two points: a trend, no interval yet
    assert chart["forecast"]["low"] is None or chart["forecast"]["low"] <= chart["forecast"]["value"]
    assert any(f["value"] == 83 and f["period"] == "2024-10" for f in detail["facts"])
    page = admin.get(f"/indicators/{XIUSHAN.name}/{number}")
    assert 'id="indicator-chart"' in page.text and "第 " in page.text


def test_indicator_filters(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    everything = _json(admin, f"/api/indicators?plan={SHIZHU.name}")
    status = everything["rows"][0]["status_zh"]
    some = _json(admin, f"/api/indicators?plan={SHIZHU.name}&status={status}")
    assert some["rows"] and all(r["status_zh"] == status for r in some["rows"])
    assert len(some["rows"]) == sum(r["status_zh"] == status for r in everything["rows"])
    assert admin.get(f"/api/indicators/{SHIZHU.name}/999").status_code == 404


def test_parks_show_output_land_and_targets(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    data = _json(viewer, f"/api/parks?plan={SHIZHU.name}&as_of=2024-06-30")
    assert data["year"] == 2023
    xialu = next(p for p in data["parks"] if p["name"] == "下路工业园区")
    figures = {f["id"]: {v["year"]: v["value"] for v in f["values"]} for f in xialu["figures"]}
    output, land, per_mu = (
        figures["industrial_output"][2023],
        figures["land_area"][2023],
        figures["output_per_mu"][2023],
    )
    assert output and land and per_mu
    assert abs(output * 10000 / land - per_mu) < 0.01 * per_mu  # 亿元 per 亩 → 万元/亩
    assert xialu["enterprises"] > 0 and xialu["targets"]
    html = viewer.get(f"/parks?plan={SHIZHU.name}&as_of=2024-06-30").text
    for scope in {t["scope"] for t in xialu["targets"]} - {"下路工业园区"}:  # 康养消费品产业, 装备制造产业
        assert f"<small>（{scope}）</small>" in html


def test_a_park_user_sees_only_its_park(dashboard: Dashboard) -> None:
    park = dashboard.client("park")
    scope = dashboard.accounts["park"].scope[0].removeprefix("park:")
    parks = _json(park, f"/api/parks?plan={SHIZHU.name}")["parks"]
    assert [p["name"] for p in parks] == [scope]
    firms = _json(park, "/api/enterprises")["rows"]
    assert firms and all(f["park"] == scope for f in firms)
    everyone = _json(dashboard.client("admin"), "/api/enterprises")["rows"]
    outsider = next(f for f in everyone if f["park"] != scope)
    assert park.get(f"/api/enterprises/{outsider['code']}").status_code == 403


def test_an_enterprise_user_sees_only_itself(dashboard: Dashboard) -> None:
    own = dashboard.accounts["enterprise"].scope[0]
    firm = dashboard.client("enterprise")
    listed = _json(firm, "/api/enterprises")["rows"]
    assert [f["code"] for f in listed] == [own]
    profile = _json(firm, f"/api/enterprises/{own}")
    assert profile["code"] == own and profile["series"]
    everyone = _json(dashboard.client("admin"), "/api/enterprises")["rows"]
    other = next(f["code"] for f in everyone if f["code"] != own)
    assert firm.get(f"/api/enterprises/{other}").status_code == 403
    assert firm.get(f"/enterprises/{other}").status_code == 403
    assert firm.get("/enterprises/NOSUCHCODE").status_code == 403  # no hint whether a code exists
    for url in ("/api/overview", "/api/indicators", "/api/parks", "/api/projects", "/api/audit"):
        assert firm.get(url).status_code == 403, url
    assert firm.get("/", follow_redirects=False).headers["location"] == f"/enterprises/{own}"


def test_projects_as_the_plan_lists_them(dashboard: Dashboard) -> None:
    data = _json(dashboard.client("viewer"), f"/api/projects?plan={SHIZHU.name}")
    assert data["count"] == 73
    assert sum(len(g["projects"]) for g in data["groups"]) == 73
    assert data["total_investment"]["value"] > 0


def test_audit_findings_cite_their_lines(dashboard: Dashboard) -> None:
    data = _json(dashboard.client("admin"), f"/api/audit?plan={SHIZHU.name}")
    assert data["audited"] and data["findings"]
    messages = " ".join(f["message"] for f in data["findings"])
    assert "24" in messages and "25" in messages  # 规上企业 24 (table) vs 25 (text)
    cited = [line for f in data["findings"] for line in f["lines"]]
    assert cited and all(line["text"] for line in cited)


def _bad_month(period: str = "2024-06") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"])
    sheet.append(["91500240MA00000000", "不存在的企业", period, 100])
    sheet.append(["", "", period, "abc"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_import_with_errors_writes_nothing(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    before = dashboard.store.checksum()
    token = csrf_of(admin.get("/import").text)
    files = {"file": ("bad.xlsx", _bad_month(), "application/octet-stream")}
    result = admin.post("/api/import?dry_run=false", files=files, headers={"X-CSRF-Token": token}).json()
    assert result["errors"] >= 2 and not result["committed"]
    assert any(p["row"] == 2 for p in result["problems"]) and any(p["row"] == 3 for p in result["problems"])
    assert dashboard.store.checksum() == before
    page = admin.post("/import", files=files, data={"csrf_token": token})
    assert 'id="problem-table"' in page.text and 'id="confirm"' not in page.text


def test_import_needs_the_csrf_token_and_a_writer(dashboard: Dashboard) -> None:
    files = {"file": ("bad.xlsx", _bad_month(), "application/octet-stream")}
    assert dashboard.client("admin").post("/api/import", files=files).status_code == 403
    viewer = dashboard.client("viewer")
    token = csrf_of(viewer.get("/").text)
    assert viewer.post("/api/import", files=files, headers={"X-CSRF-Token": token}).status_code == 403


def test_a_park_user_cannot_import_another_parks_enterprise(dashboard: Dashboard) -> None:
    scope = dashboard.accounts["park"].scope[0].removeprefix("park:")
    everyone = _json(dashboard.client("admin"), "/api/enterprises")["rows"]
    outsider = next(f for f in everyone if f["park"] and f["park"] != scope)
    insider = next(f for f in everyone if f["park"] == scope)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）", "营业收入（万元）"])
    sheet.append([insider["code"], insider["name"], "2026-09", 1000, 900])
    sheet.append([outsider["code"], outsider["name"], "2026-09", 1000, 900])
    buffer = io.BytesIO()
    workbook.save(buffer)
    park = dashboard.client("park")
    token = csrf_of(park.get("/import").text)
    files = {"file": ("month.xlsx", buffer.getvalue(), "application/octet-stream")}
    result = park.post("/api/import", files=files, headers={"X-CSRF-Token": token}).json()
    assert [(p["row"], p["column"]) for p in result["problems"] if "管理范围" in p["reason"]] == [(3, "A")]


def test_a_correction_is_confirmed_and_kept_as_a_revision(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    own = dashboard.accounts["enterprise"].scope[0]
    before = _json(admin, f"/api/enterprises/{own}")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"])
    sheet.append([own, before["name"], "2026-10", 1234.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    token = csrf_of(admin.get("/import").text)
    files = {"file": ("october.xlsx", buffer.getvalue(), "application/octet-stream")}
    refused = admin.post("/import", files=files, data={"csrf_token": token})
    assert "与已入库的数值" in refused.text and 'id="confirm"' not in refused.text  # a change needs 更正
    assert "视为更正" in refused.text and "--revise" not in refused.text  # said in the page's words
    no_reason = admin.post("/import", files=files, data={"csrf_token": token, "revise": "true"})
    assert no_reason.status_code == 400 and "请填写更正原因" in no_reason.text
    page = admin.post("/import", files=files, data={"csrf_token": token, "revise": "true", "reason": "十月产值录错"})
    assert 'id="confirm"' in page.text, page.text.split("<main>")[1]
    upload = page.text.split('name="token" value="')[1].split('"')[0]
    done = admin.post("/import/confirm", data={"csrf_token": token, "token": upload})
    assert "已写入" in done.text
    after = _json(admin, f"/api/enterprises/{own}")
    output = next(s for s in after["series"] if s["element"] == "工业总产值")
    assert output["points"][-1] == {"period": "2026-10", "value": 1234.5, "revision": 2}
    assert after["revised"] == {"output_value": 1}
    facts = _json(admin, f"/api/indicators/{SHIZHU.name}/1")  # the county's figure: no facts of its own
    assert facts["target"]["indicator"] == "规上工业总产值"
    again = admin.post("/import/confirm", data={"csrf_token": token, "token": upload})
    assert again.status_code == 400 and "已经写入，不会重复导入" in again.text


def _month(code: str, name: str, value: float) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"])
    sheet.append([code, name, "2026-11", value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_unconfirmed_uploads_are_forgotten_with_their_files(
    dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = dashboard.client("admin")
    own = dashboard.accounts["enterprise"].scope[0]
    name = _json(admin, f"/api/enterprises/{own}")["name"]
    token = csrf_of(admin.get("/import").text)
    files = {"file": ("november.xlsx", _month(own, name, 99.0), "application/octet-stream")}
    first = admin.post("/import", files=files, data={"csrf_token": token}).text
    upload = first.split('name="token" value="')[1].split('"')[0]
    uploads: Path = dashboard.app.state.upload_dir
    folders = {p.parent for p in uploads.glob("*/november.xlsx")}
    monkeypatch.setattr("planwatch.web.routers.uploads.UPLOAD_HOURS", 0.0)
    time.sleep(0.01)
    admin.post("/import", files=files, data={"csrf_token": token})  # each upload sweeps the old ones
    late = admin.post("/import/confirm", data={"csrf_token": token, "token": upload})
    assert late.status_code == 404 and "请重新上传文件" in late.text
    left = {p.parent for p in uploads.glob("*/november.xlsx")}
    assert folders and not folders & left


def test_security_headers(dashboard: Dashboard) -> None:
    response = dashboard.client().get("/login")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_render_for_each_reader(dashboard: Dashboard) -> None:
    for role in ("admin", "park", "viewer"):
        client = dashboard.client(role)
        for url in ("/", "/indicators", "/parks", "/enterprises", "/projects", "/audit"):
            response = client.get(f"{url}?plan={SHIZHU.name}" if url != "/enterprises" else url)
            assert response.status_code == 200, (role, url)
            assert '<html lang="zh-CN">' in response.text and "http://" not in response.text.replace(
                "http://127.0.0.1", ""
            )


def test_the_overview_links_to_its_report(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    page = html.unescape(admin.get(f"/?plan={XIUSHAN.name}").text)
    link = f"/reports/{XIUSHAN.name}?format=docx&as_of=2026-10-31"
    assert link in page
    response = admin.get(link)
    assert response.status_code == 200 and response.content[:2] == b"PK"  # a .docx is a zip
    assert "attachment" in response.headers["content-disposition"]
    report = admin.get(f"/reports/{XIUSHAN.name}?format=html").text
    assert "规上工业企业" in report
    assert dashboard.client("enterprise").get(f"/reports/{XIUSHAN.name}").status_code == 403


def test_parks_belong_to_the_plan_and_count_every_enterprise_below(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    assert _json(admin, f"/api/parks?plan={XIUSHAN.name}")["parks"] == []  # 秀山 has no parks in the store
    parks = {p["name"]: p for p in _json(admin, f"/api/parks?plan={SHIZHU.name}")["parks"]}
    whole = parks["石柱县工业园区"]
    assert whole["enterprises"] == sum(p["enterprises"] for name, p in parks.items() if name != "石柱县工业园区")
    assert "/" not in _json(admin, f"/api/indicators/{SHIZHU.name}/1")["provenance"]["file"]


def test_a_changed_role_ends_open_sessions(dashboard: Dashboard) -> None:
    add_user(dashboard.store, "临时", "long enough pw", "viewer", [], datetime(2026, 11, 1))
    client = dashboard.client()
    login(client, "临时", "long enough pw")
    assert client.get("/api/overview").status_code == 200
    own = dashboard.accounts["enterprise"].scope[0]
    add_user(dashboard.store, "临时", "long enough pw", "enterprise", [own], datetime(2026, 11, 2))
    time.sleep(VERSION_SECONDS + 0.1)  # another process's write is seen within this time
    ended = client.get("/api/overview")
    assert ended.status_code == 401 and "权限已更改" in ended.json()["detail"]
    login(client, "临时", "long enough pw")
    assert client.get("/api/overview").status_code == 403  # now an enterprise user


def test_a_new_password_ends_open_sessions(dashboard: Dashboard) -> None:
    add_user(dashboard.store, "换密码", "first password", "viewer", [], datetime(2026, 11, 1))
    client = dashboard.client()
    login(client, "换密码", "first password")
    assert client.get("/api/overview").status_code == 200
    add_user(dashboard.store, "换密码", "second password", "viewer", [], datetime(2026, 11, 2))
    time.sleep(VERSION_SECONDS + 0.1)
    response = client.get("/api/overview")
    assert response.status_code == 401 and "密码或权限已更改" in response.json()["detail"]
    login(client, "换密码", "second password")
    assert client.get("/api/overview").status_code == 200


def _try(client: TestClient, name: str, password: str) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token})


def test_repeated_wrong_passwords_lock_the_account_for_a_while(dashboard: Dashboard) -> None:
    add_user(dashboard.store, "猜密码", "the right one", "viewer", [], datetime(2026, 11, 1))
    client = dashboard.client()
    for _ in range(5):
        assert _try(client, "猜密码", "a wrong guess").status_code == 401
    locked = _try(client, "猜密码", "the right one")
    assert locked.status_code == 429 and "已暂停登录 15 分钟" in locked.text, locked.text
    assert client.get("/api/me").status_code == 401
    login(client, dashboard.accounts["viewer"].name, dashboard.accounts["viewer"].password)  # others still log in


def test_a_plan_without_parks_says_how_to_add_them(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    data = _json(viewer, f"/api/parks?plan={XIUSHAN.name}")
    assert data["parks"] == [] and data["region"] == "秀山土家族苗族自治县"
    assert "库中没有属于秀山土家族苗族自治县的园区" in viewer.get(f"/parks?plan={XIUSHAN.name}").text


def test_forecasts_of_counts_read_as_whole_things(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    rows = _json(admin, f"/api/indicators?plan={XIUSHAN.name}&through=2024&q=规上工业企业")["rows"]
    firms = next(r for r in rows if r["indicator"] == "规上工业企业")
    assert firms["forecast_unit"] == "家" and firms["forecast"]["value"] != round(firms["forecast"]["value"])
    html = admin.get(f"/indicators?plan={XIUSHAN.name}&through=2024&q=规上工业企业").text
    assert f"{round(firms['forecast']['value'])}家" in html  # 86家, not 86.31


def test_the_template_lists_the_users_enterprises_and_the_month_due(dashboard: Dashboard) -> None:
    for role in ("park", "enterprise"):
        client = dashboard.client(role)
        response = client.get("/import/template")
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content))["企业月报"]
        listed = [(row[0].value, row[1].value, row[2].value) for row in sheet.iter_rows(min_row=2)]
        visible = _json(client, "/api/enterprises")["rows"]
        assert listed == sorted((f["code"], f["name"], "2026-09") for f in visible)  # as of 2026-10-31
    assert dashboard.client("viewer").get("/import/template").status_code == 403


def test_parallel_guesses_cannot_slip_past_the_throttle(dashboard: Dashboard) -> None:
    from concurrent.futures import ThreadPoolExecutor

    add_user(dashboard.store, "并发", "the right one", "viewer", [], datetime(2026, 11, 1))

    def guess(_: int) -> int:
        client = dashboard.client()
        return int(_try(client, "并发", "a wrong guess").status_code)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(guess, range(8)))
    assert sorted(answers) == [401] * 5 + [429] * 3  # five tried, the rest refused
