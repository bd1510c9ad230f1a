"""The ledgers in a real browser: a park user records a project's month on the form and sees it everywhere.

Same harness as ``test_browser.py`` (Debian's Chromium through Playwright, every request checked to stay
on this server, screenshots of every page in ``test-artifacts/screenshots/``).
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import SHIZHU
from tests.web.conftest import Dashboard
from tests.web.test_browser import CHROMIUM, PHONE, Tabs, _logged_in, browser, playwright, tabs  # noqa: F401  # fixtures

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
PLAN = SHIZHU.name
OWN = "1.2.4.5"
"""页岩气加工项目 (下路工业园区, 2025—2027, 20 000 万元): not started in the demo."""
OTHER = "2.1"
OWN_ROW = f"tr[id='project-{OWN}']"


def _rate(text: str) -> float:
    found = re.search(r"([\d.]+)%", text)
    assert found, text
    return float(found.group(1))


def test_a_park_user_records_progress_and_sees_the_ledger_and_overview_change(tabs: Tabs, dashboard: Dashboard) -> None:  # noqa: F811  # the fixture imported above
    tab = _logged_in(tabs, dashboard, "park")
    today = dashboard.store.now().date().isoformat()
    tab.go(f"/?plan={PLAN}&as_of={today}")
    start_before = _rate(tab.page.locator("#ledger-start-rate").inner_text())
    done_before = _rate(tab.page.locator("#ledger-completion-rate").inner_text())
    tab.go(f"/ledger?plan={PLAN}&as_of={today}")
    row = tab.page.locator(OWN_ROW)
    assert "前期" in row.inner_text()
    with tab.page.expect_navigation():
        row.get_by_role("link").first.click()
    assert tab.path() == f"/ledger/{PLAN}/{OWN}"
    form = tab.page.locator("#update-form form")
    form.get_by_label("项目状态").select_option("开工")
    form.get_by_label("累计完成投资（万元）").fill("5000")
    form.get_by_label("年度计划投资（万元）").fill("8000")
    with tab.page.expect_navigation():
        form.get_by_role("button", name="保存").click()
    assert "已保存" in tab.page.locator("#saved").inner_text()
    assert "5,000万元" in tab.page.locator("#project-completed").inner_text()
    assert tab.page.locator("h1 .stage").inner_text() == "开工"
    tab.shot("ledger-project-saved")
    with tab.page.expect_navigation():
        tab.page.locator("#saved").get_by_role("link", name="查看台账").click()
    assert "开工" in tab.page.locator(OWN_ROW).inner_text()
    tab.go(f"/?plan={PLAN}&as_of={today}")
    assert _rate(tab.page.locator("#ledger-start-rate").inner_text()) > start_before
    assert _rate(tab.page.locator("#ledger-completion-rate").inner_text()) > done_before
    tab.shot("overview-ledger-after-update")
    # Another park's project: neither its page nor a post reaches it.
    assert tab.go(f"/ledger/{PLAN}/{OTHER}") == 403
    assert "无权" in tab.page.locator(".error").inner_text()
    tab.assert_clean(expected=("status of 403",))


def test_a_bad_month_is_shown_on_the_form_and_nothing_changes(tabs: Tabs, dashboard: Dashboard) -> None:  # noqa: F811  # the fixture imported above
    tab = _logged_in(tabs, dashboard, "park")
    tab.go(f"/ledger/{PLAN}/1.2.2.4")
    form = tab.page.locator("#update-form form")
    form.get_by_label("累计完成投资（万元）").fill("-3")
    with tab.page.expect_navigation():
        form.get_by_role("button", name="保存").click()
    problems = tab.page.locator("ul.problems li")
    assert problems.count() >= 1 and "负数" in problems.first.inner_text()
    assert tab.page.locator("ul.problems li[data-field='completed']").count() == 1
    tab.shot("ledger-project-refused")
    tab.assert_clean(expected=("status of 400",))


@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_the_ledger_pages_render_at_desktop_and_phone_width(tabs: Tabs, dashboard: Dashboard, role: str) -> None:  # noqa: F811  # the fixture imported above
    for viewport, suffix in ((None, ""), (PHONE, "-phone")):
        tab = _logged_in(tabs, dashboard, role, viewport)
        for page in ("ledger", "chains", "attraction", "funds"):
            assert tab.go(f"/{page}?plan={PLAN}") == 200
            if page == "chains":
                tab.page.wait_for_selector(".chart.flow[data-rendered='true'] svg")
                assert tab.page.locator(".chart.flow[data-rendered='true']").count() == 6
            if role == "admin":
                tab.shot(f"{page}{suffix}")
        if role == "admin":
            tab.go(f"/ledger/{PLAN}/{OWN}")
            tab.shot(f"ledger-project{suffix}")
        tab.assert_clean()
