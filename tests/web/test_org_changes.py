"""Renames and moves on the web (issue 16): only an admin moves an enterprise; an enterprise user's
account follows its enterprise through a rename; a park user sees a moved enterprise leave."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import Dashboard, csrf_of
from tests.web.test_hardening import MONTH, _firms, _workbook

REGISTRY: list[object] = ["统一社会信用代码", "企业名称", "所属园区", "所属地区", "生效日期"]


def _upload(client: TestClient, body: bytes, dry_run: bool) -> Any:
    token = csrf_of(client.get("/import").text)
    files = {"file": ("名录.xlsx", body, "application/octet-stream")}
    url = f"/api/import?dry_run={'true' if dry_run else 'false'}"
    return client.post(url, files=files, headers={"X-CSRF-Token": token}).json()


def _row(firm: dict[str, str], name: str, park: str) -> list[object]:
    return [firm["code"], name, park, "石柱土家族自治县", "2026-07-01"]


def _enterprises(client: TestClient) -> dict[str, dict[str, str]]:
    return {f["code"]: f for f in client.get("/api/enterprises").json()["rows"]}


def test_a_park_user_cannot_move_its_enterprise_away(dashboard: Dashboard) -> None:
    park, inside, outside, _ = _firms(dashboard)
    before = dashboard.store.checksum()
    away = _workbook({"企业名录": [REGISTRY, _row(inside, inside["name"], outside["park"])]})
    result = _upload(dashboard.client("park"), away, dry_run=False)
    assert not result["committed"] and any(p["sheet"] == "企业名录" for p in result["problems"])
    assert dashboard.store.checksum() == before
    assert _enterprises(dashboard.client("park"))[inside["code"]]["park"] == park


def test_a_renamed_enterprise_keeps_its_user(dashboard: Dashboard) -> None:
    _, _, _, own = _firms(dashboard)
    renamed = own["name"] + "（更名）"
    admin = _upload(
        dashboard.client("admin"), _workbook({"企业名录": [REGISTRY, _row(own, renamed, own["park"])]}), False
    )
    assert admin["committed"] and admin["changed"] == 1, admin["problems"][:2]
    firm = dashboard.client("enterprise")
    assert {f["name"] for f in _enterprises(firm).values()} == {renamed}
    month = _workbook({"企业月报": [MONTH, [own["code"], renamed, "2026-11", 1]]})
    assert _upload(firm, month, dry_run=True)["errors"] == 0


def test_an_admin_moves_an_enterprise_and_the_old_park_no_longer_reaches_it(dashboard: Dashboard) -> None:
    _, inside, outside, _ = _firms(dashboard)
    move = _workbook({"企业名录": [REGISTRY, _row(inside, inside["name"], outside["park"])]})
    result = _upload(dashboard.client("admin"), move, dry_run=False)
    assert result["committed"] and result["changed"] == 1, result["problems"][:2]
    assert inside["code"] not in _enterprises(dashboard.client("park"))
    assert _enterprises(dashboard.client("admin"))[inside["code"]]["park"] == outside["park"]
    figures = _workbook({"企业月报": [MONTH, [inside["code"], inside["name"], "2026-11", 1]]})
    assert _upload(dashboard.client("park"), figures, dry_run=True)["errors"] >= 1
