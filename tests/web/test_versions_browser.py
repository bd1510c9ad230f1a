"""指标体系确认 in a real browser: an admin changes 规上工业总产值 from 110 to 120 亿元 on the review page,
effective 2026-01-01, confirms; the overview judges against 120 through 2026-10-31 as known now, against 110
through 2025 and as known before the change, and the report names the version.

Same harness as ``test_browser.py`` (Debian's Chromium through Playwright, every request checked to stay on this
server); screenshots of the review, history and diff pages at 1366×768 and 390×844 go to
``test-artifacts/screenshots/``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import SHIZHU, XIUSHAN
from tests.web.conftest import AS_OF, Dashboard
from tests.web.test_browser import CHROMIUM, PHONE, Tab, Tabs, _logged_in, browser, playwright, tabs  # noqa: F401  # fixtures

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
PLAN = SHIZHU.name
KEY = quote(PLAN)
NAME = "规上工业总产值"


def _item(tab: Tab) -> str:
    """The selector of the review page's item for 规上工业总产值 (the indicator table's row)."""
    articles = tab.page.locator("article.item")
    for index in range(articles.count()):
        article = articles.nth(index)
        if article.locator("b.name").inner_text() == NAME and "指标表" in article.locator("p.src").inner_text():
            return f"#{article.get_attribute('id')}"
    raise AssertionError("no item for 规上工业总产值")


def _goal_on_overview(tab: Tab, query: str) -> str:
    """The target 规上工业总产值 is judged against: on the 总览's card for it and in the 指标 list (the same)."""
    tab.go(f"/indicators?plan={KEY}&q={quote(NAME)}&{query}")
    row = tab.page.locator("#indicator-table tbody tr").filter(has_text=NAME).first
    listed = row.locator("td[data-label='目标']").inner_text()
    tab.go(f"/?plan={KEY}&{query}")
    card = tab.page.locator("#kpis .kpi").filter(has_text="目标").filter(has_text=listed)
    assert card.count() >= 1, (listed, tab.page.locator("#kpis").inner_text())
    return listed


def test_an_admin_raises_a_target_confirms_and_it_is_judged_by_the_version_in_force(
    tabs: Tabs,  # noqa: F811  # the fixture imported above
    dashboard: Dashboard,
) -> None:
    tab = _logged_in(tabs, dashboard, "admin")
    assert tab.go(f"/review/{KEY}") == 200
    tab.shot("review")
    item = _item(tab)
    article = tab.page.locator(item)
    line = article.get_attribute("data-line")
    article.hover()  # the item's line lights up in the text beside it
    assert "hl" in (tab.page.locator(f"#L{line}").get_attribute("class") or "")
    article.focus()  # keyboard: ↓ moves to the next item, Enter opens its form
    tab.page.keyboard.press("ArrowDown")
    assert tab.page.evaluate("document.activeElement.id") != item.removeprefix("#")
    tab.page.keyboard.press("ArrowUp")
    assert tab.page.evaluate("document.activeElement.id") == item.removeprefix("#")
    tab.page.keyboard.press("Enter")
    form = article.locator("form.fields")
    assert form.is_visible()
    form.get_by_label("目标值", exact=True).fill("120")
    article.screenshot(path=str(tab.shot("review").parent / "review-edit-form.png"))
    with tab.page.expect_navigation():
        form.get_by_role("button", name="保存修改").click()
    assert "110 → 120" in tab.page.locator("#saved").inner_text()
    assert "提高到120" in tab.page.locator("#pending").inner_text()
    confirm = tab.page.locator("#confirm-form")
    confirm.get_by_label("生效日期").fill("2026-01-01")
    confirm.get_by_label("理由（必填）").fill("中期评估后调整目标")
    with tab.page.expect_navigation():
        confirm.get_by_role("button", name="确认为第2版").click()
    assert "已确认为第2版" in tab.page.locator("#saved").inner_text()
    tab.shot("review-confirmed")

    today = dashboard.store.now().date().isoformat()
    assert "120" in _goal_on_overview(tab, f"as_of={today}&through=2026-10-31")
    tab.go(f"/?plan={KEY}&as_of={today}&through=2026-10-31")
    assert tab.page.locator("#plan-version").inner_text().startswith("第2版")
    tab.shot("overview-version-2")
    assert "110" in _goal_on_overview(tab, f"as_of={today}&through=2025-12-31")
    assert "110" in _goal_on_overview(tab, f"as_of={AS_OF.isoformat()}&through=2026-10-31")  # known before the change
    tab.go(f"/?plan={KEY}&as_of={AS_OF.isoformat()}&through=2026-10-31")
    assert tab.page.locator("#plan-version").inner_text().startswith("第1版")
    tab.go(f"/reports/{KEY}?format=html&as_of={today}&through=2026-10-31")
    assert "指标体系：第2版（2026年1月1日起施行）" in tab.page.content()

    tab.go(f"/versions/{KEY}")
    latest = tab.page.locator("#version-2")
    assert "中期评估后调整目标" in latest.inner_text() and dashboard.accounts["admin"].name in latest.inner_text()
    tab.shot("history")
    with tab.page.expect_navigation():
        latest.get_by_role("link", name="与第1版比较").click()
    assert tab.page.locator("#diff-table tbody tr").count() == 1
    assert "调高" in tab.page.locator("#diff-table").inner_text()
    tab.assert_clean()


def test_the_review_and_diff_pages_on_a_desktop_and_a_phone(tabs: Tabs, dashboard: Dashboard) -> None:  # noqa: F811
    for viewport, suffix in ((None, "desktop"), (PHONE, "phone")):
        tab = _logged_in(tabs, dashboard, "admin", viewport)
        tab.go(f"/review/{quote(XIUSHAN.name)}")
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        assert width <= tab.page.viewport_size["width"] + 1 if tab.page.viewport_size else True, (
            width
        )  # no sideways scroll
        tab.shot(f"review-{suffix}")
        tab.go(f"/diff?a={quote(XIUSHAN.name)}&b={KEY}")
        assert tab.page.locator("#diff-table tbody tr").count() > 1
        tab.shot(f"diff-{suffix}")
        tab.go("/versions")
        tab.shot(f"versions-{suffix}")
        tab.assert_clean()


def test_a_viewer_sees_versions_but_not_the_review_page(tabs: Tabs, dashboard: Dashboard) -> None:  # noqa: F811
    tab = _logged_in(tabs, dashboard, "viewer")
    tab.go("/versions")
    assert tab.page.get_by_role("link", name="确认与修改").count() == 0
    assert tab.go(f"/review/{KEY}") == 403
    tab.assert_clean(expected=("status of 403",))


def test_a_sentence_selected_in_the_text_becomes_a_target(tabs: Tabs, dashboard: Dashboard) -> None:  # noqa: F811
    tab = _logged_in(tabs, dashboard, "admin")
    tab.go(f"/review/{quote(XIUSHAN.name)}")
    count = tab.page.locator("article.item").count()
    line = tab.page.locator(".ln").filter(has_text="龙头企业数量少").first
    number = line.get_attribute("data-line")
    chosen = tab.page.evaluate(
        """(id) => {
            const text = document.querySelector(`#L${id} .tx`).firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, Math.min(30, text.length));
            const picked = window.getSelection();
            picked.removeAllRanges();
            picked.addRange(range);
            return picked.toString().trim();
        }""",
        number,
    )
    tab.page.locator("#add-selection").wait_for(state="visible")  # a button offers it beside the selection
    tab.page.keyboard.press("a")  # or the key
    form = tab.page.locator("#add-form")
    assert form.get_by_label("原文行").input_value() == number
    assert form.get_by_label("目标原文").input_value() == chosen
    form.get_by_label("指标", exact=True).fill("龙头企业")
    form.get_by_label("目标年").fill("2025")
    form.get_by_label("目标值", exact=True).fill("10")
    form.get_by_label("单位", exact=True).fill("家")
    tab.shot("review-add")
    with tab.page.expect_navigation():
        form.get_by_role("button", name="添加").click()
    assert "新增目标 龙头企业" in tab.page.locator("#saved").inner_text()
    assert tab.page.locator("article.item").count() == count + 1
    tab.assert_clean()
