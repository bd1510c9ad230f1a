"""The probe's findings, each as a test: writes scoped by the account, bounded work, sessions that end,
no existence oracle, no server path in messages, dates kept near the plan (issue 16)."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from planwatch.uscc import make_uscc
from tests.conftest import SHIZHU
from tests.web.conftest import Dashboard, csrf_of


def _workbook(rows: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]  # the default sheet is replaced
    for title, lines in rows.items():
        sheet = workbook.create_sheet(title)
        for line in lines:
            sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, body: bytes, name: str = "upload.xlsx", revise: bool = False) -> Any:
    token = csrf_of(client.get("/import").text)
    url = f"/api/import?dry_run=false&revise={'true' if revise else 'false'}"
    response = client.post(
        url, files={"file": (name, body, "application/octet-stream")}, headers={"X-CSRF-Token": token}
    )
    return response


def _firms(dashboard: Dashboard) -> tuple[str, dict[str, str], dict[str, str], dict[str, str]]:
    """The park user's park, one of its enterprises, one elsewhere, and the enterprise user's own."""
    park = dashboard.accounts["park"].scope[0].removeprefix("park:")
    everyone = dashboard.client("admin").get("/api/enterprises").json()["rows"]
    own_code = dashboard.accounts["enterprise"].scope[0]
    inside = next(f for f in everyone if f["park"] == park and f["code"] != own_code)
    outside = next(f for f in everyone if f["park"] and f["park"] != park)
    own = next(f for f in everyone if f["code"] == own_code)
    return park, inside, outside, own


MONTH: list[object] = ["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）"]
REGISTRY: list[object] = ["统一社会信用代码", "企业名称", "所属园区", "所属地区"]


def _claim(firm: dict[str, str], park: str) -> bytes:
    """A registry row putting ``firm`` under ``park``, and a month of figures for it (finding 1)."""
    return _workbook(
        {
            "企业名录": [REGISTRY, [firm["code"], firm["name"], park, "石柱土家族自治县"]],
            "企业月报": [MONTH, [firm["code"], firm["name"], "2026-11", 12345]],
        }
    )


def test_a_park_user_cannot_claim_another_parks_enterprise(dashboard: Dashboard) -> None:
    park, _, outside, _ = _firms(dashboard)
    before = dashboard.store.checksum()
    for revise in (False, True):
        result = _upload(dashboard.client("park"), _claim(outside, park), revise=revise).json()
        assert not result["committed"] and result["errors"] >= 1
        cells = [(p["sheet"], p["row"], p["column"]) for p in result["problems"] if p["severity"] == "error"]
        assert ("企业名录", 2, "A") in cells and ("企业月报", 2, "A") in cells
    assert dashboard.store.checksum() == before


@pytest.mark.parametrize(
    ("role", "target", "allowed"),
    [
        ("admin", "outside", True),
        ("park", "inside", True),
        ("park", "outside", False),
        ("enterprise", "own", True),
        ("enterprise", "inside", False),
        ("viewer", "own", False),
    ],
)
def test_the_write_matrix(dashboard: Dashboard, role: str, target: str, allowed: bool) -> None:
    """Each role writes exactly what its account reaches (a month of figures, dry run)."""
    _, inside, outside, own = _firms(dashboard)
    firm = {"inside": inside, "outside": outside, "own": own}[target]
    body = _workbook({"企业月报": [MONTH, [firm["code"], firm["name"], "2026-11", 1]]})
    client = dashboard.client(role)
    token = csrf_of(client.get("/" if role == "viewer" else "/import").text)
    files = {"file": ("m.xlsx", body, "application/octet-stream")}
    response = client.post("/api/import?dry_run=true", files=files, headers={"X-CSRF-Token": token})
    if role == "viewer":
        assert response.status_code == 403
        return
    result = response.json()
    assert (result["errors"] == 0) is allowed, result["problems"][:2]


def test_new_enterprises_and_orgs(dashboard: Dashboard) -> None:
    """A park user may register a new enterprise into its own park, nothing else; an enterprise user nothing."""
    park, _, _, own = _firms(dashboard)
    new = make_uscc("500240", 990_001)
    into_own = _workbook({"企业名录": [REGISTRY, [new, "新登记企业", park, "石柱土家族自治县"]]})
    token_park = dashboard.client("park")
    assert _dry(token_park, into_own)["errors"] == 0
    new_park = _workbook({"企业名录": [REGISTRY, [new, "新登记企业", "不存在的园区", "石柱土家族自治县"]]})
    assert _dry(token_park, new_park)["errors"] >= 1
    firm = dashboard.client("enterprise")
    moved = _workbook({"企业名录": [REGISTRY, [own["code"], own["name"], "新园区", "新地区县"]]})
    result = _dry(firm, moved)
    assert (result["errors"] >= 1 and result["created"] == {}) or not result["committed"]
    assert _dry(firm, into_own)["errors"] >= 1


def _dry(client: TestClient, body: bytes) -> Any:
    token = csrf_of(client.get("/import").text)
    files = {"file": ("f.xlsx", body, "application/octet-stream")}
    return client.post("/api/import?dry_run=true", files=files, headers={"X-CSRF-Token": token}).json()


def _declared(cells: str) -> bytes:
    """A tiny xlsx whose sheet declares ``cells`` as its dimension and holds one far-away cell (finding 2)."""
    plain = _workbook({"企业月报": [MONTH]})
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace('<dimension ref="A1:D1"/>', f'<dimension ref="{cells}"/>')
                last = cells.split(":")[1]
                row = "".join(ch for ch in last if ch.isdigit())
                text = text.replace(
                    "</sheetData>", f'<row r="{row}"><c r="{last}" t="n"><v>1</v></c></row></sheetData>'
                )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def test_a_huge_declared_sheet_is_refused_quickly_and_blocks_nobody(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    reader = dashboard.client("viewer")
    reader.get("/api/me")
    timings: list[float] = []
    answer: dict[str, Any] = {}

    def upload() -> None:
        answer["response"] = _upload(admin, _declared("A1:XFD1048576"), "huge.xlsx")

    thread = threading.Thread(target=upload)
    thread.start()
    while thread.is_alive():
        start = time.monotonic()
        assert reader.get("/api/me").status_code == 200
        timings.append(time.monotonic() - start)
        time.sleep(0.02)
    thread.join()
    response = answer["response"]
    assert response.status_code == 400 and "超过上限" in response.json()["detail"]
    assert "/tmp" not in response.json()["detail"]
    assert max(timings, default=0) < 1.0  # generous: a page waits for no upload


def test_infinite_and_nan_figures_are_problems_on_their_cells(dashboard: Dashboard) -> None:
    _, _, _, own = _firms(dashboard)
    client = dashboard.client("enterprise")
    body = _workbook({"企业月报": [MONTH, [own["code"], own["name"], "2026-11", "1" + "0" * 400]]})
    result = _dry(client, body)
    assert [(p["row"], p["column"]) for p in result["problems"] if p["severity"] == "error"] == [(2, "D")]
    result = _dry(client, _numeric_cell(own, "1e999"))  # a number cell holding infinity
    assert [(p["row"], p["column"]) for p in result["problems"] if p["severity"] == "error"] == [(2, "D")]
    for stored in ("NaN", "abc"):  # a number cell that holds no number: the row it stands in, not a crash
        result = _dry(client, _numeric_cell(own, stored))
        assert "第 2 行" in result["detail"] and "Traceback" not in result["detail"]
    csv = f"统一社会信用代码,企业名称,报告期,工业总产值（万元）\n{own['code']},{own['name']},2026-11,1e999\n".encode()
    token = csrf_of(client.get("/import").text)
    files = {"file": ("f.csv", csv, "text/csv")}
    result = client.post("/api/import?dry_run=true", files=files, headers={"X-CSRF-Token": token}).json()
    assert [(p["row"], p["column"]) for p in result["problems"]] == [(2, "D")]


def _numeric_cell(firm: dict[str, str], stored: str) -> bytes:
    """A month whose figure cell is stored as a number holding ``stored`` (not what Excel would write)."""
    plain = _workbook({"企业月报": [MONTH, [firm["code"], firm["name"], "2026-11", 123456789]]})
    source = zipfile.ZipFile(io.BytesIO(plain))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>123456789</v>", f"<v>{stored}</v>".encode())
            target.writestr(item, data)
    return out.getvalue()


def test_a_readers_upload_is_refused_before_it_is_kept(dashboard: Dashboard) -> None:
    viewer = dashboard.client("viewer")
    token = csrf_of(viewer.get("/").text)
    folder = dashboard.app.state.upload_dir
    before = set(folder.iterdir())
    files = {"file": ("big.xlsx", b"x" * 1_000_000, "application/octet-stream")}
    assert viewer.post("/import", files=files, data={"csrf_token": token}).status_code == 403
    assert set(folder.iterdir()) == before


def test_an_unreadable_upload_is_deleted_and_its_message_has_no_server_path(dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    folder = dashboard.app.state.upload_dir
    before = set(folder.iterdir())
    token = csrf_of(admin.get("/import").text)
    page = admin.post("/import", files={"file": ("坏.xlsx", b"PK\x03\x04 broken", "x")}, data={"csrf_token": token})
    assert page.status_code == 400 and str(folder) not in page.text and "坏.xlsx" in page.text
    assert set(folder.iterdir()) == before


@pytest.mark.parametrize("name", ["月\x00报.xlsx", "长" * 200 + ".xlsx", "..\\..\\etc\\月报.xlsx", "../../月报.xlsx"])
def test_an_upload_named_with_nul_folders_or_300_bytes_is_kept_under_a_safe_name(
    dashboard: Dashboard, name: str
) -> None:
    _, inside, _, _ = _firms(dashboard)
    admin = dashboard.client("admin")
    folder = dashboard.app.state.upload_dir
    token = csrf_of(admin.get("/import").text)
    body = _workbook({"企业月报": [MONTH, [inside["code"], inside["name"], "2026-11", 1]]})
    page = admin.post("/import", files={"file": (name, body, "x")}, data={"csrf_token": token})
    assert page.status_code == 200, page.text[:300]
    kept = [path for path in folder.rglob("*") if path.is_file()]
    assert kept and all(path.resolve().is_relative_to(folder.resolve()) for path in kept)
    assert all("\x00" not in path.name and len(path.name.encode()) < 255 for path in kept)


def test_the_pending_upload_quota(dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_MAX_PENDING_UPLOADS", "1")
    _, inside, _, _ = _firms(dashboard)
    park = dashboard.client("park")
    token = csrf_of(park.get("/import").text)
    body = _workbook({"企业月报": [MONTH, [inside["code"], inside["name"], "2026-11", 1]]})
    files = {"file": ("a.xlsx", body, "application/octet-stream")}
    assert park.post("/import", files=files, data={"csrf_token": token}).status_code == 200
    second = park.post("/import", files=files, data={"csrf_token": token})
    assert second.status_code == 400 and "max_pending_uploads" in second.text


def test_an_unknown_code_and_another_parks_code_read_alike(dashboard: Dashboard) -> None:
    _, _, outside, _ = _firms(dashboard)
    park = dashboard.client("park")
    unknown = park.get(f"/api/enterprises/{make_uscc('500240', 990_002)}")
    elsewhere = park.get(f"/api/enterprises/{outside['code']}")
    assert unknown.status_code == elsewhere.status_code == 403
    assert unknown.json() == elsewhere.json()


@pytest.mark.parametrize("as_of", ["9999-12-29", "1900-01-01"])
def test_dates_far_from_the_plan_are_a_clear_400(dashboard: Dashboard, as_of: str) -> None:
    response = dashboard.client("viewer").get(f"/api/overview?plan={SHIZHU.name}&as_of={as_of}")
    assert response.status_code == 400 and "as_of_margin_years" in response.json()["detail"]


def test_logging_out_ends_the_session_everywhere(dashboard: Dashboard) -> None:
    client = dashboard.client("viewer")
    saved = dict(client.cookies)
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    replay = TestClient(dashboard.app, base_url="http://localhost", cookies=saved)
    response = replay.get("/api/me")
    assert response.status_code == 401 and "已退出" in response.json()["detail"]


def test_revocation_and_timeouts(dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.service.accounts import revoke

    client = dashboard.client("park")
    assert client.get("/api/me").status_code == 200
    shared = dashboard.app.state.shared
    with shared.lock:
        revoke(shared.store, dashboard.accounts["park"].name, shared.store.now(), actor="测试")
    shared.changed()
    assert "注销" in client.get("/api/me").json()["detail"]
    fresh = dashboard.client("park")
    monkeypatch.setenv("PLANWATCH_SESSION_IDLE_MINUTES", "0")
    time.sleep(0.01)
    assert "超时" in fresh.get("/api/me").json()["detail"]


def test_the_audit_log_names_who_imported(dashboard: Dashboard) -> None:
    _, inside, _, _ = _firms(dashboard)
    park = dashboard.client("park")
    body = _workbook({"企业月报": [MONTH, [inside["code"], inside["name"], "2026-11", 7]]})
    assert _upload(park, body, "十月.xlsx").json()["committed"]
    log = dashboard.client("admin").get("/api/log?action=import").json()["entries"]
    entry = next(e for e in log if e["subject"] == "十月.xlsx")
    assert entry["user"] == dashboard.accounts["park"].name and entry["batch"] is not None
    assert dashboard.client("viewer").get("/api/log").status_code == 403


Check = Callable[[Dashboard], None]
