"""指标体系 pages through their JSON: the review page, the versions and history, the plan diff, the forms
behind them — and that nobody but a county administrator changes a plan (403, nothing written)."""

from __future__ import annotations

import io
import time
from urllib.parse import quote

import openpyxl
import pytest
from fastapi.testclient import TestClient

from planwatch.store import log
from planwatch.store.versions import versions
from tests.conftest import SHIZHU, XIUSHAN
from tests.web.conftest import Dashboard, csrf_of

PLAN = SHIZHU.name
KEY = quote(PLAN)


def _token(client: TestClient) -> str:
    page = client.get("/versions")
    return csrf_of(page.text if page.status_code == 200 else client.get("/").text)


def _number(review: dict[str, object], name: str) -> int:
    items = review["items"]
    assert isinstance(items, list)
    return int(next(i["number"] for i in items if i["name"] == name and i["origin"] == "指标表"))


def test_the_review_page_puts_the_doubtful_first_beside_the_text(dashboard: Dashboard) -> None:
    review = dashboard.client("admin").get(f"/api/review/{KEY}").json()
    items = review["items"]
    doubtful = [i["doubtful"] for i in items]
    assert any(doubtful) and doubtful == sorted(doubtful, reverse=True)  # the doubtful ones first
    lines = {line["number"]: line for line in review["lines"]}
    for item in items:
        assert item["number"] in lines[item["line"]]["items"]  # each item points at its line, and back
        cells = [cell.strip()[:10] for cell in item["source"].split("|") if cell.strip()]  # a table row's line: a cell
        assert any(cell in lines[item["line"]]["text"] for cell in cells), (item["source"], lines[item["line"]]["text"])
    assert all(item["doubts"] for item in items if item["doubtful"])
    without = [i for i in items if "没有计算口径" in i["doubts"]]
    assert without and all(i["in_use"] == "无计算口径" for i in without)
    assert review["label"].startswith("第1版") and review["next_label"] == "第2版"
    assert "县经济信息委" in review["departments"]


def test_the_versions_and_diff_pages(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    states = {s["plan"]["id"]: s for s in viewer.get("/api/versions").json()["plans"]}
    assert set(states) == {PLAN, XIUSHAN.name}
    assert all(s["label"].startswith("第1版") and s["versions"] >= 1 for s in states.values())
    assert not viewer.get("/api/versions").json()["can_edit"]
    compared = viewer.get("/api/diff", params={"a": XIUSHAN.name, "b": PLAN}).json()
    diff = compared["diff"]
    assert not diff["same_plan"] and diff["a"]["plan"] == XIUSHAN.name and diff["b"]["plan"] == PLAN
    assert sum(diff["counts"].values()) == len(diff["changes"]) > 0
    assert f"{PLAN}@1" in compared["options"]
    book = openpyxl.load_workbook(io.BytesIO(viewer.get("/export/diff", params={"a": XIUSHAN.name, "b": PLAN}).content))
    assert book.worksheets[0].max_row == len(diff["changes"]) + 1
    history = viewer.get(f"/api/versions/{KEY}").json()
    assert [v["number"] for v in history["versions"]] == [
        len(versions(dashboard.store, PLAN)) - i for i in range(len(history["versions"]))
    ]


@pytest.mark.parametrize("role", ["viewer", "enterprise", "park"])
def test_only_an_administrator_changes_a_plan(dashboard: Dashboard, role: str) -> None:
    client = dashboard.client(role)
    token = _token(client)
    before = len(versions(dashboard.store, PLAN))
    logged = len(log.entries(dashboard.store, limit=10_000))
    assert client.get(f"/review/{KEY}").status_code == 403
    assert client.get(f"/api/review/{KEY}").status_code == 403
    posts = {
        f"/api/review/{KEY}/items/1": {"value": "999"},
        f"/review/{KEY}/items/1": {"value": "999"},
        f"/api/review/{KEY}/items/1/delete": {},
        f"/api/review/{KEY}/merge": {"keep": "1", "drop": "2"},
        f"/api/review/{KEY}/add": {"line": "115", "name": "x"},
        f"/api/review/{KEY}/confirm": {"effective": "2026-01-01", "reason": "x"},
        f"/review/{KEY}/confirm": {"effective": "2026-01-01", "reason": "x"},
        f"/review/{KEY}/discard": {},
        f"/review/{KEY}/departments": {"department": "县统计局", "members": role},
    }
    for path, form in posts.items():
        answer = client.post(path, data={**form, "csrf_token": token}, headers={"X-CSRF-Token": token})
        assert answer.status_code == 403, (path, answer.status_code)
    files = {"file": ("指标体系.xlsx", b"PK", "application/octet-stream")}
    upload = client.post(
        f"/api/review/{KEY}/workbook", data={"effective": "2026-01-01"}, files=files, headers={"X-CSRF-Token": token}
    )
    assert upload.status_code == 403
    assert len(versions(dashboard.store, PLAN)) == before
    assert len(log.entries(dashboard.store, limit=10_000)) == logged  # nothing written, not even an edit


def test_the_formula_check_refuses_an_unknown_element_and_previews_a_good_one(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    number = _number(admin.get(f"/api/review/{KEY}").json(), "市级研发机构数")
    bad = admin.get(
        f"/api/review/{KEY}/formula", params={"number": number, "formula": "count(enterprise) where 不存在的标签"}
    ).json()
    assert not bad["ok"] and "不存在的标签" in bad["message"]
    good = admin.get(
        f"/api/review/{KEY}/formula",
        params={"number": number, "formula": "count(enterprise) where 市级研发机构", "unit": "个"},
    ).json()
    assert good["ok"] and good["unit"] == "个" and good["org"] and good["preview"]


def test_an_administrator_edits_confirms_and_every_change_is_in_the_history(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    token = _token(admin)
    headers = {"X-CSRF-Token": token}
    review = admin.get(f"/api/review/{KEY}").json()
    number = _number(review, "规上工业总产值")
    refused = admin.post(f"/api/review/{KEY}/items/{number}", data={"value": "一百二"}, headers=headers).json()
    assert not refused["saved"] and refused["problems"][0]["field"] == "value"
    formula = admin.post(
        f"/api/review/{KEY}/items/{_number(review, '市级研发机构数')}",
        data={"formula": "sum(没有这个数据项)"},
        headers=headers,
    ).json()
    assert not formula["saved"] and "没有这个数据项" in formula["problems"][0]["reason"]
    saved = admin.post(f"/api/review/{KEY}/items/{number}", data={"value": "120"}, headers=headers).json()
    assert saved["saved"] and "110 → 120" in saved["note"]
    pending = admin.get(f"/api/versions/{KEY}").json()["pending"]
    assert [(c["kind"], c["before"], c["after"]) for c in pending] == [("raised", 110, 120)]
    no_reason = admin.post(f"/api/review/{KEY}/confirm", data={"effective": "2026-01-01"}, headers=headers)
    assert no_reason.status_code == 400 and "理由" in no_reason.text
    made = admin.post(
        f"/api/review/{KEY}/confirm", data={"effective": "2026-01-01", "reason": "中期评估后调整目标"}, headers=headers
    ).json()
    assert made["version"] == 2 and [c["kind"] for c in made["changes"]] == ["raised"]
    latest = admin.get(f"/api/versions/{KEY}").json()["versions"][0]
    assert (latest["number"], latest["reason"], latest["recorded_by"]) == (
        2,
        "中期评估后调整目标",
        dashboard.accounts["admin"].name,
    )
    entries = [(e.user_name, e.action) for e in log.entries(dashboard.store, limit=10_000)]
    assert (dashboard.accounts["admin"].name, "plan_edit") in entries
    assert (dashboard.accounts["admin"].name, "confirm") in entries
    today = dashboard.store.now().date().isoformat()
    rows = admin.get("/api/indicators", params={"plan": PLAN, "as_of": today, "through": "2026-10-31"}).json()["rows"]
    line = next(i["line"] for i in review["items"] if i["number"] == number)
    goal = next(r for r in rows if r["indicator"] == "规上工业总产值" and r["source"]["line"] == line)
    assert goal["goal"]["value"] == 120


def test_my_targets_are_those_of_my_department(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    token = _token(admin)
    name = dashboard.accounts["admin"].name
    answer = admin.post(
        f"/review/{KEY}/departments",
        data={"department": "县科技局", "members": name, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    time.sleep(1.1)  # the dashboard re-reads the store's version at most once a second
    page = admin.get("/api/indicators", params={"plan": PLAN, "mine": "true"}).json()
    assert page["my_departments"] == ["县科技局"]
    assert page["rows"] and all("县科技局" in [*r["lead"], *r["support"]] for r in page["rows"])
    every = admin.get("/api/indicators", params={"plan": PLAN}).json()
    assert len(every["rows"]) > len(page["rows"])
    led = admin.get("/api/indicators", params={"plan": PLAN, "department": "县经济信息委"}).json()["rows"]
    assert led and all("县经济信息委" in [*r["lead"], *r["support"]] for r in led)


def test_add_merge_and_delete_from_the_review_page(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    headers = {"X-CSRF-Token": _token(admin)}
    key = quote(XIUSHAN.name)
    before = admin.get(f"/api/review/{key}").json()
    count = len(before["items"])
    line = next(i["line"] for i in before["items"] if i["name"] == "规上工业企业")  # the reader's item, restated
    added = admin.post(
        f"/api/review/{key}/add",
        data={"line": str(line), "text": "规上工业企业达到150家", "name": "规上工业企业", "value": "150", "year": "2025",
              "unit": "家", "comparator": "≥", "lead": "经信委"},
        headers=headers,
    ).json()  # fmt: skip
    assert added["saved"] and "新增目标 规上工业企业" in added["note"]
    after = admin.get(f"/api/review/{key}").json()
    assert len(after["items"]) == count + 1
    new = max(after["items"], key=lambda i: i["number"])
    assert (new["line"], new["fields"]["lead"]) == (line, "县经济信息委")
    assert new["duplicate_of"] is not None and "与第" in " ".join(new["doubts"])  # the same target as the reader's
    merged = admin.post(
        f"/api/review/{key}/merge", data={"keep": str(new["duplicate_of"]), "drop": str(new["number"])}, headers=headers
    ).json()
    assert merged["saved"]
    kept = admin.get(f"/api/review/{key}").json()["items"]
    assert len(kept) == count
    assert next(i for i in kept if i["number"] == new["duplicate_of"])["fields"]["lead"]  # it took the 牵头单位
    bad_line = admin.post(f"/api/review/{key}/add", data={"line": "999999", "name": "x"}, headers=headers)
    assert bad_line.status_code == 400 and "没有第 999999 行" in bad_line.text
    first = kept[0]
    deleted = admin.post(
        f"/api/review/{key}/items/{first['number']}/delete",
        data={"item_line": str(first["line"]), "item_name": first["name"]},
        headers=headers,
    ).json()
    assert deleted["saved"] and "删除目标" in deleted["note"]
    stale = admin.post(
        f"/api/review/{key}/items/{first['number']}",
        data={"item_line": str(first["line"]), "item_name": first["name"], "value": "1"},
        headers=headers,
    )
    assert stale.status_code == 400 and "刷新" in stale.text  # the item moved since the page was shown
    pending = admin.get(f"/api/versions/{key}").json()
    assert {c["kind"] for c in pending["pending"]} == {"dropped"} and len(pending["edits"]) == 3


def test_a_formula_given_on_the_page_makes_a_target_evaluable(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    headers = {"X-CSRF-Token": _token(admin)}
    name = "市级研发机构数"
    today = dashboard.store.now().date().isoformat()

    def row() -> dict[str, object]:
        time.sleep(1.1)  # the dashboard re-reads the store's version at most once a second
        rows = admin.get("/api/indicators", params={"plan": PLAN, "as_of": today, "q": name}).json()["rows"]
        return next(r for r in rows if r["indicator"] == name)

    before = row()
    assert before["status"] == "insufficient_data" and "尚无计算口径" in str(before["note"])
    number = _number(admin.get(f"/api/review/{KEY}").json(), name)
    saved = admin.post(
        f"/api/review/{KEY}/items/{number}",
        data={"formula": "count(enterprise) where 市级研发机构", "formula_unit": "个"},
        headers=headers,
    ).json()
    assert saved["saved"], saved
    made = admin.post(
        f"/api/review/{KEY}/confirm", data={"effective": "2026-01-01", "reason": "补充计算口径"}, headers=headers
    )
    assert made.status_code == 200, made.text
    after = row()
    assert after["status"] != "insufficient_data" and after["latest"] is not None
