"""The assessment pages through their JSON twins: who sees what, the 体检, the indicator page's note, exports."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.conftest import SHIZHU
from tests.web.conftest import Dashboard


def test_an_enterprise_sees_only_its_own_assessment(dashboard: Dashboard) -> None:
    own = dashboard.accounts["enterprise"].scope[0]
    everyone = dashboard.client("admin").get("/api/mujun").json()["report"]["enterprises"]
    other = next(e["uscc"] for e in everyone if e["uscc"] != own)
    client = dashboard.client("enterprise")
    mine = client.get("/api/mujun").json()["report"]
    assert [e["uscc"] for e in mine["enterprises"]] == [own]
    assert mine["parks"] == []
    assert client.get(f"/api/mujun/{own}").json()["checkup"]["enterprise"]["uscc"] == own
    assert client.get(f"/api/mujun/{other}").status_code == 403
    assert client.get(f"/export/mujun/{other}").status_code == 403
    tiers = client.get("/api/tiers").json()["report"]
    assert [e["uscc"] for e in tiers["enterprises"]] == [own]
    assert all(code == own for codes in tiers["pools"].values() for code in codes)
    energy = client.get("/api/energy").json()["report"]
    assert [o["code"] for o in energy["orgs"]] == [own] and energy["target"] is None
    page = client.get("/mujun", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/mujun/{own}"
    book = openpyxl.load_workbook(io.BytesIO(client.get("/export/mujun").content))
    rows = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert not any(other in row for row in rows)


def test_a_park_user_sees_its_parks_enterprises(dashboard: Dashboard) -> None:
    parks = dashboard.accounts["park"].scope
    admin = dashboard.client("admin").get("/api/mujun").json()["report"]["enterprises"]
    outside = {e["uscc"] for e in admin if e["park"] not in {p.removeprefix("park:") for p in parks}}
    seen = {e["uscc"] for e in dashboard.client("park").get("/api/mujun").json()["report"]["enterprises"]}
    assert seen and not seen & outside


def test_the_mujun_twin_matches_its_summary(dashboard: Dashboard) -> None:
    data = dashboard.client("viewer").get("/api/mujun?scheme=旌德").json()
    report = data["report"]
    assert data["filters"]["scheme"] == "旌德" and report["lists"][0]["scoring"] == "minmax"
    counts = {g: sum(1 for e in report["enterprises"] if e["class"] == g) for g in ("A", "B", "C", "D", "不评价")}
    assert counts == {g: report["summary"][g] for g in counts}
    assert {p["grade"] for p in data["points"]} <= {"A", "B", "C", "D"}
    assert len(data["points"]) == sum(counts[g] for g in "ABCD")


def test_the_checkup_of_a_c_firm(dashboard: Dashboard) -> None:
    client = dashboard.client("viewer")
    firms = client.get("/api/mujun").json()["report"]["enterprises"]
    c_firm = next(e for e in firms if e["class"] == "C")
    checkup = client.get(f"/api/mujun/{c_firm['uscc']}").json()["checkup"]
    assert checkup["next_class"] == "B"
    assert checkup["points_needed"] == pytest.approx(checkup["lowest"]["B"] - c_firm["score"], abs=0.011)
    assert len(checkup["needs"]) == len(c_firm["items"])


def test_tiers_and_energy_twins(dashboard: Dashboard) -> None:
    client = dashboard.client("viewer")
    tiers = client.get("/api/tiers").json()["report"]
    funnel = {f["tier"]: f for f in tiers["funnel"]}
    assert sum(funnel["专精特新"][k] for k in ("holds", "meets", "close", "far")) == len(tiers["enterprises"])
    assert tiers["cultivation"]["threshold"] == 2000
    energy = client.get("/api/energy").json()
    target = energy["report"]["target"]
    assert target is not None and target["goal_change"] == -13 and energy["plan"]["id"] == SHIZHU.name
    assert client.get("/api/tiers?rules=1999").status_code == 400
    assert client.get("/api/mujun?year=1800").status_code == 422


def test_the_indicator_page_says_who_is_closest(dashboard: Dashboard) -> None:
    client = dashboard.client("viewer")
    rows = client.get(f"/api/indicators?plan={SHIZHU.name}").json()["rows"]
    number = next(r["number"] for r in rows if r["indicator"] == "“专精特新”企业")
    page = client.get(f"/api/indicators/{SHIZHU.name}/{number}").json()
    assert page["assessment"] and "最接近" in page["assessment"][0]


def test_exports(dashboard: Dashboard) -> None:
    client = dashboard.client("admin")
    for path, sheet in (
        ("/export/mujun", "评价结果（规上）"),
        ("/export/tiers", "培育库"),
        ("/export/energy", "能耗与碳排放"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert sheet in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames
