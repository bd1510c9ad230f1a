"""The assessment pages in Chromium: charts drawn, the 体检 a click from the ranking, phones without sideways
scrolling, an enterprise user sent to its own 体检 — with screenshots at 1366×768 and 390×844."""

from __future__ import annotations

import pytest

from tests.conftest import SHIZHU
from tests.web import test_browser as chromium
from tests.web.conftest import Dashboard
from tests.web.test_browser import CHROMIUM, DESKTOP, PHONE, Tabs, _logged_in

# The browser fixtures of the dashboard's own browser tests, shared by name.
browser, playwright, tabs = chromium.browser, chromium.playwright, chromium.tabs

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
PAGES = {"mujun": "/mujun", "tiers": "/tiers", "energy": "/energy"}


def test_the_mujun_page_draws_its_charts_and_opens_a_checkup(tabs: Tabs, dashboard: Dashboard) -> None:
    tab = _logged_in(tabs, dashboard, "admin")
    assert tab.go("/mujun") == 200
    tab.page.wait_for_selector("#grade-chart[data-rendered='true'] canvas")
    tab.page.wait_for_selector("#scatter-chart[data-rendered='true'] canvas")
    counts = tab.page.locator("#grade-counts .count b").all_inner_texts()
    api = tab.page.request.get(f"{tab.base}/api/mujun").json()["report"]["summary"]
    assert [int(c) for c in counts] == [api[g] for g in ("A", "B", "C", "D", "不评价")]
    tab.shot("assess-mujun")
    first = tab.page.locator("#ranking-1 tbody a").first
    name = first.inner_text()
    with tab.page.expect_navigation():
        first.click()
    assert tab.page.locator("h1").inner_text().startswith(f"亩均体检：{name}")
    tab.page.wait_for_selector("#items-chart[data-rendered='true'] canvas")
    assert tab.page.locator("#items tbody tr").count() >= 4
    tab.shot("assess-checkup")
    tab.assert_clean()


def test_a_c_class_checkup_says_what_the_next_class_takes(tabs: Tabs, dashboard: Dashboard) -> None:
    admin = dashboard.client("admin")
    firms = admin.get("/api/mujun").json()["report"]["enterprises"]
    c_class = next(e for e in firms if e["class"] == "C")
    tab = _logged_in(tabs, dashboard, "viewer")
    tab.go(f"/mujun/{c_class['uscc']}")
    heading = tab.page.locator("#next-class h2").inner_text()
    assert heading.startswith("升入B类还需")
    assert tab.page.locator("#needs tbody tr").count() == len(c_class["items"])
    tab.shot("assess-checkup-c")
    tab.assert_clean()


def test_tiers_and_energy_pages_draw_their_charts(tabs: Tabs, dashboard: Dashboard) -> None:
    tab = _logged_in(tabs, dashboard, "admin")
    tab.go("/tiers")
    tab.page.wait_for_selector("#tier-chart[data-rendered='true'] canvas")
    assert "专精特新培育库" in tab.page.locator("main").inner_text()
    tab.shot("assess-tiers")
    tab.go("/energy")
    tab.page.wait_for_selector("#trend-chart[data-rendered='true'] canvas")
    tab.page.wait_for_selector("#fuel-chart[data-rendered='true'] canvas")
    assert "约束性目标" in tab.page.locator("#energy-target h2").inner_text()
    tab.shot("assess-energy")
    tab.go(f"/indicators?plan={SHIZHU.name}&q=专精特新")
    with tab.page.expect_navigation():
        tab.page.locator("#indicator-table a").first.click()
    notes = tab.page.locator("#assessment-notes").inner_text()
    assert "还差" in notes and "最接近" in notes
    tab.shot("assess-indicator-note")
    tab.assert_clean()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_assessment_pages_fit_a_phone(tabs: Tabs, dashboard: Dashboard, name: str) -> None:
    tab = _logged_in(tabs, dashboard, "park", viewport=PHONE)
    tab.go(PAGES[name])
    width = tab.page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] + 1, (name, width)
    tab.shot(f"assess-{name}-phone")
    tab.assert_clean()


def test_an_enterprise_user_lands_on_its_own_checkup(tabs: Tabs, dashboard: Dashboard) -> None:
    own = dashboard.accounts["enterprise"].scope[0]
    tab = _logged_in(tabs, dashboard, "enterprise", viewport=DESKTOP)
    tab.go("/mujun")
    assert tab.path() == f"/mujun/{own}"
    assert own in tab.page.locator("#checkup-summary").inner_text()
    tab.shot("assess-enterprise-own-checkup")
    tab.go("/tiers")
    assert tab.page.locator("#tier-matrix tbody tr").count() == 1
    tab.assert_clean()
