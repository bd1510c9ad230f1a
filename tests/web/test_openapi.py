"""Property-based tests of the JSON API from its own OpenAPI spec (schemathesis): no input gives a 5xx."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import Dashboard, csrf_of

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _credentials(dashboard: Dashboard, role: str) -> tuple[dict[str, str], dict[str, str]]:
    client = dashboard.client(role)
    token = csrf_of(client.get("/import" if role != "viewer" else "/").text)
    return {"planwatch_session": client.cookies["planwatch_session"]}, {"X-CSRF-Token": token}


def test_the_spec_lists_every_api_page(dashboard: Dashboard) -> None:
    paths = dashboard.client().get("/api/openapi.json").json()["paths"]
    wanted = {"/api/overview", "/api/indicators", "/api/indicators/{plan_id}/{number}", "/api/parks"}
    wanted |= {"/api/enterprises", "/api/enterprises/{code}", "/api/projects", "/api/audit", "/api/import"}
    assert wanted <= set(paths)
    assert not [p for p in paths if not p.startswith(("/api/", "/import", "/reports", "/export/"))]


def _operations(dashboard: Dashboard) -> list[Any]:
    spec = schemathesis.openapi.from_asgi("/api/openapi.json", dashboard.app)
    results: list[Any] = list(spec.get_all_operations())  # Ok | Err; .ok() raises on a spec error
    return [result.ok() for result in results]


@pytest.mark.parametrize("role", ["admin", "enterprise", "viewer"])
def test_no_server_errors(dashboard: Dashboard, role: str) -> None:
    """Every operation, with inputs generated from the spec, as each kind of reader: never a 5xx."""
    cookies, headers = _credentials(dashboard, role)
    own = dashboard.accounts["enterprise"].scope[0]
    checked = []
    for operation in _operations(dashboard):

        @given(case=operation.as_strategy())
        @SETTINGS
        def check(case: Any) -> None:
            response = case.call(cookies=cookies, headers=headers)
            assert response.status_code < 500, (case.method, case.formatted_path, response.text)
            if role == "enterprise" and response.status_code == 200 and case.path == "/api/enterprises/{code}":
                assert response.json()["code"] == own

        check()
        checked.append(operation.label)
    assert len(checked) >= 10


def test_every_api_read_publishes_its_response_schema(dashboard: Dashboard) -> None:
    spec = dashboard.client().get("/api/openapi.json").json()
    reads = {path: item["get"] for path, item in spec["paths"].items() if path.startswith("/api/") and "get" in item}
    assert len(reads) >= 10
    for path, operation in reads.items():
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in schema, f"{path} publishes no response schema"
    overview = spec["components"]["schemas"]["OverviewPage"]["properties"]
    assert {"through", "as_of", "statuses", "red"} <= set(overview)
