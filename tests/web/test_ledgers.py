"""The ledger pages through their JSON twins, who may read and write what, and the monthly form's checks."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.conftest import SHIZHU
from tests.web.conftest import Dashboard, csrf_of

PLAN = SHIZHU.name
OWN = "1.2.4.5"
"""页岩气加工项目 in 下路工业园区 — the demo park user's park — not started in the demo."""
OTHER = "2.1"
"""万朝静脉产业园基础设施建设项目: another park."""
READS = ("/ledger", "/chains", "/attraction", "/funds")


@pytest.mark.parametrize("role", ["admin", "viewer", "park"])
@pytest.mark.parametrize("page", READS)
def test_county_staff_viewers_and_parks_read_the_ledgers(dashboard: Dashboard, role: str, page: str) -> None:
    client = dashboard.client(role)
    assert client.get(f"{page}?plan={PLAN}").status_code == 200
    assert client.get(f"/api{page}?plan={PLAN}").status_code == 200
    exported = client.get(f"/export{page}?plan={PLAN}")
    assert exported.status_code == 200 and openpyxl.load_workbook(io.BytesIO(exported.content)).sheetnames


@pytest.mark.parametrize("path", [*(f"/api{page}?plan={PLAN}" for page in READS), f"/api/ledger/{PLAN}/{OWN}"])
def test_enterprises_see_none_of_it(dashboard: Dashboard, path: str) -> None:
    assert dashboard.client("enterprise").get(path).status_code == 403


def test_the_ledger_json_is_the_projects_contract(dashboard: Dashboard) -> None:
    data = dashboard.client("viewer").get(f"/api/ledger?plan={PLAN}").json()
    planned = [r for r in data["rows"] if r["origin"] == "规划"]
    assert len(planned) == 73 == data["overall"]["projects"]
    assert {"id", "name", "park", "industry", "chain", "line", "total_investment_wan", "status", "planned_start",
            "planned_finish", "completed_investment_wan", "completion_rate", "delayed", "responsible"} <= set(planned[0])  # fmt: skip
    assert data["overall"]["total_investment_wan"] == pytest.approx(sum(r["total_investment_wan"] for r in planned))
    assert not any(r["editable"] for r in data["rows"])  # viewers read only
    delayed = dashboard.client("viewer").get(f"/api/ledger?plan={PLAN}&delayed=true").json()["rows"]
    assert delayed and all(r["delayed"] for r in delayed)


def test_a_park_user_sees_its_parks_projects_and_other_parks_enterprises_only_counted(dashboard: Dashboard) -> None:
    client = dashboard.client("park")
    data = client.get(f"/api/ledger?plan={PLAN}").json()
    assert {r["park"] for r in data["rows"]} == {"下路工业园区"}
    assert all(r["editable"] for r in data["rows"])
    assert client.get(f"/api/ledger/{PLAN}/{OTHER}").status_code == 403
    assert client.get(f"/ledger/{PLAN}/{OTHER}").status_code == 403
    chains = client.get(f"/api/chains?plan={PLAN}").json()
    members = [m for c in chains["chains"] for link in c["links"] for m in link["members"]]
    hidden = sum(link["hidden"] for c in chains["chains"] for link in c["links"])
    assert members and all(m["park"] == "下路工业园区" for m in members) and hidden >= 1
    funds = client.get(f"/api/funds?plan={PLAN}").json()
    assert all(r["park"] == "下路工业园区" for r in funds["records"])


def test_the_chain_page_gives_six_chains_and_the_gap_list(dashboard: Dashboard) -> None:
    data = dashboard.client("admin").get(f"/api/chains?plan={PLAN}").json()
    assert len(data["chains"]) == 6 and data["gaps"]
    marked = {(c["name"], link["name"]): link["gap"] for c in data["chains"] for link in c["links"]}
    assert all(marked[(g["chain"], g["link"])] == g["kind"] for g in data["gaps"])
    assert sum(data["gap_counts"].values()) == len(data["gaps"])


def test_the_attraction_page_shows_the_chain_targets_judged(dashboard: Dashboard) -> None:
    data = dashboard.client("admin").get(f"/api/attraction?plan={PLAN}").json()
    chains = [t for t in data["targets"] if t["category"] == "招商引资"]
    assert len(chains) == 6 and all(t["status"] != "insufficient_data" for t in chains)
    whole = data["funnels"][0]
    assert whole["chain"] == "全部" and whole["counts"]["签约"] == len(data["signings"])
    assert whole["counts"]["签约"] >= whole["counts"]["落地"] >= whole["counts"]["开工"] >= whole["counts"]["投产"]


def _form(client_html: str, **fields: str) -> dict[str, str]:
    return {"csrf_token": csrf_of(client_html), "period": "2026-10", "status": "开工", "completed": "5000", **fields}


def test_writes_by_role(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    page = viewer.get(f"/ledger/{PLAN}/{OWN}")
    assert page.status_code == 200 and 'action="/ledger/' not in page.text  # no form for a viewer
    assert viewer.post(f"/ledger/{PLAN}/{OWN}", data=_form(viewer.get("/").text)).status_code == 403
    park = dashboard.client("park")
    html = park.get(f"/ledger/{PLAN}/{OWN}").text
    assert park.post(f"/ledger/{PLAN}/{OTHER}", data=_form(html)).status_code == 403
    assert park.post(f"/ledger/{PLAN}/{OWN}", data={**_form(html), "csrf_token": "forged"}).status_code == 403
    enterprise = dashboard.client("enterprise")
    assert enterprise.post(f"/api/ledger/{PLAN}/{OWN}", data=_form(enterprise.get("/login").text)).status_code == 403


def test_the_form_refuses_bad_cells_and_writes_nothing(dashboard: Dashboard) -> None:
    park = dashboard.client("park")
    html = park.get(f"/ledger/{PLAN}/{OWN}").text
    before = dashboard.store.backend.query("SELECT count(*) FROM project_updates")[0][0]
    answer = park.post(f"/ledger/{PLAN}/{OWN}", data=_form(html, completed="-5", period="2030-01"))
    assert answer.status_code == 400
    assert 'data-field="completed"' in answer.text and "负数" in answer.text
    assert 'data-field="period"' in answer.text and "报告期在今天之后" in answer.text
    too_much = park.post(f"/api/ledger/{PLAN}/{OWN}", data=_form(html, completed="30000"))
    problems = too_much.json()["problems"]
    assert too_much.json()["written"] is False
    assert [p["field"] for p in problems if p["severity"] == "error"] == ["completed"]
    assert dashboard.store.backend.query("SELECT count(*) FROM project_updates")[0][0] == before


def test_an_admin_records_progress_and_the_overview_moves(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    today = dashboard.store.now().date().isoformat()
    before = admin.get(f"/api/overview?plan={PLAN}&as_of={today}").json()["ledger"]
    html = admin.get(f"/ledger/{PLAN}/1.2.2.4").text  # 阀门气动执行器生产: not started in the demo
    answer = admin.post(f"/ledger/{PLAN}/1.2.2.4", data=_form(html, completed="1000"), follow_redirects=False)
    assert answer.status_code == 303 and f"as_of={today}" in answer.headers["location"]
    after = admin.get(f"/api/overview?plan={PLAN}&as_of={today}").json()["ledger"]
    assert after["started"] == before["started"] + 1
    assert after["completed_investment_wan"] == pytest.approx(before["completed_investment_wan"] + 1000)
    project = admin.get(f"/api/ledger/{PLAN}/1.2.2.4?as_of={today}").json()
    assert project["project"]["status_zh"] == "开工" and project["history"][0]["recorded_by"].startswith("县级管理员")
