"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright over the loopback server.

Every test records each request the page makes, each console error and each
uncaught page error, and ends by checking there were no errors and that
nothing was fetched from anywhere but this server (the dashboard must work on
an intranet with no outside network).  Full-page screenshots of every page
visited go to ``test-artifacts/screenshots/`` for a person to look at.

No ``playwright install``: the browser is the system's /usr/bin/chromium.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, Request, ViewportSize, sync_playwright

from planwatch.uscc import make_uscc
from tests.conftest import ROOT, SHIZHU, XIUSHAN
from tests.web.conftest import Dashboard

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
NO_FAVICON = "/favicon.ico)"
"""For a document without <link rel=icon> (JSON, the HTML report) Chromium asks for /favicon.ico, which the
app does not serve: the 404 it logs for that one URL is known."""
STATUS_NAMES = {"已完成", "进度正常", "需加快", "进展缓慢", "倒退", "数据不足", "未开始", "推进中"}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium per module; each test gets its own context (cookies, storage)."""
    with tempfile.TemporaryDirectory(prefix="planwatch-chromium-") as downloads:
        # launch() gives the browser a fresh temporary profile of its own and deletes it on close.
        running = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, downloads_path=downloads
        )
        yield running
        running.close()


@dataclass
class Tab:
    """A page in a fresh context, with everything it asked for and every error it reported."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> int:
        response = self.page.goto(self.base + path)
        assert response is not None, path
        return response.status

    def login(self, name: str, password: str) -> None:
        self.go("/login")
        self.page.get_by_label("用户名").fill(name)
        self.page.get_by_label("密码").fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="登录").click()

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def assert_clean(self, expected: tuple[str, ...] = ()) -> None:
        """No errors but the ``expected`` ones (substrings), and every request to this server."""
        errors = [e for e in self.errors if not any(part in e for part in expected)]
        assert not errors, errors
        assert self.requests, "the page made no requests at all"
        outside = [url for url in self.requests if urlsplit(url).hostname not in LOCAL_HOSTS]
        assert not outside, outside


class Tabs:
    def __init__(self, browser: Browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.opened: list[Tab] = []

    def __call__(self, viewport: ViewportSize | None = None) -> Tab:
        context = self.browser.new_context(viewport=viewport or DESKTOP, locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(15_000)
        tab = Tab(context.new_page(), self.base)

        def on_request(request: Request) -> None:
            tab.requests.append(request.url)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                tab.errors.append(f"console: {message.text} ({message.location.get('url')})")

        def on_page_error(error: Error) -> None:
            tab.errors.append(f"pageerror: {error}")

        tab.page.on("request", on_request)
        tab.page.on("console", on_console)
        tab.page.on("pageerror", on_page_error)
        self.opened.append(tab)
        return tab


@pytest.fixture
def tabs(browser: Browser, server: str) -> Iterator[Tabs]:
    opened = Tabs(browser, server)
    yield opened
    for tab in opened.opened:
        tab.page.context.close()


def _logged_in(tabs: Tabs, dashboard: Dashboard, role: str, viewport: ViewportSize | None = None) -> Tab:
    tab = tabs(viewport)
    account = dashboard.accounts[role]
    tab.login(account.name, account.password)
    return tab


# --- logging in -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "park", "viewer", "enterprise"])
def test_each_role_logs_in_through_the_form(tabs: Tabs, dashboard: Dashboard, role: str) -> None:
    tab = tabs()
    tab.go("/")
    assert tab.path() == "/login"
    if role == "admin":
        tab.shot("login")
    account = dashboard.accounts[role]
    tab.page.get_by_label("用户名").fill(account.name)
    tab.page.get_by_label("密码").fill(account.password)
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="登录").click()
    header = tab.page.locator("form.who").inner_text()
    assert account.name in header and "退出" in header
    if role == "enterprise":
        own = account.scope[0]
        assert tab.path() == f"/enterprises/{own}"
        assert own in tab.page.locator("dl.facts").inner_text()
        assert tab.page.locator("nav a").all_inner_texts() == ["本企业", "亩均体检", "梯度培育", "能耗", "数据填报"]
        tab.page.wait_for_selector(".chart.series[data-rendered='true'] canvas")
        tab.shot("enterprise-own-profile")
    else:
        assert tab.path() == "/"
        assert tab.page.locator("#status-counts .count").count() >= 1
        assert tab.page.title().startswith("总览")
    tab.assert_clean()


def test_a_wrong_password_shows_the_error_on_the_form(tabs: Tabs) -> None:
    tab = tabs()
    tab.login("admin", "not-the-password")
    assert tab.path() == "/login"
    assert tab.page.get_by_role("alert").inner_text() == "用户名或密码不正确。"
    tab.assert_clean(expected=("status of 401",))  # the answer to the form post; nothing else may fail


# --- reading ------------------------------------------------------------------------------------------


def test_the_overview_shows_statuses_and_what_will_be_missed(tabs: Tabs, dashboard: Dashboard) -> None:
    tab = _logged_in(tabs, dashboard, "viewer")
    tab.go(f"/?plan={SHIZHU.name}")
    boxes = tab.page.locator("#status-counts .count")
    counts = {box.locator("span").inner_text(): int(box.locator("b").inner_text()) for box in boxes.all()}
    assert counts and set(counts) <= STATUS_NAMES, counts
    assert counts.get("已完成", 0) >= 1 and counts.get("进展缓慢", 0) >= 1, counts
    meta = tab.page.locator("p.meta").inner_text()
    assert f"共 {sum(counts.values())} 项目标" in meta
    missed = tab.page.locator("#will-miss")
    data = dashboard.client("viewer").get(f"/api/overview?plan={SHIZHU.name}").json()
    assert f"（{len(data['will_miss'])} 项）" in missed.locator("h2").inner_text()
    assert missed.locator("li").count() == len(data["will_miss"])
    assert "规上企业单位工业增加值能耗下降" in missed.inner_text()  # binding, behind its path
    # The trend charts are drawn (SVG) with their axes and the target path.
    tab.page.wait_for_selector(".trend-chart[data-rendered='true'] svg")
    assert "目标路径" in tab.page.locator(".trend-chart").first.inner_text()
    tab.page.wait_for_selector(".map-chart[data-rendered='true'] svg")
    # A status count opens the list it counts.
    slow = tab.page.locator("#status-counts .count", has_text="进展缓慢")
    with tab.page.expect_navigation():
        slow.click()
    assert tab.path() == "/indicators"
    assert tab.page.locator("#indicator-table tbody tr").count() == counts["进展缓慢"]
    tab.shot("overview-shizhu")
    tab.assert_clean()


def test_an_indicator_opens_from_the_list_with_its_chart(tabs: Tabs, dashboard: Dashboard) -> None:
    tab = _logged_in(tabs, dashboard, "admin")
    tab.go(f"/indicators?plan={XIUSHAN.name}")
    table = tab.page.locator("#indicator-table")
    assert table.locator("tbody tr").count() >= 10
    tab.shot("indicators")
    with tab.page.expect_navigation():
        table.get_by_role("link", name="规上工业企业", exact=True).first.click()
    assert tab.path().startswith(f"/indicators/{XIUSHAN.name}/")
    assert tab.page.locator("h1").inner_text().startswith("规上工业企业")
    chart = tab.page.locator("#indicator-chart[data-rendered='true']")
    chart.wait_for()
    canvas = chart.locator("canvas").first
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200, box
    assert "echarts.min.js" in " ".join(tab.requests)
    # The canvas holds a drawing, not a blank rectangle.
    painted = canvas.evaluate(
        """(c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )
    assert painted > 1000
    assert "出处" in tab.page.locator("main").inner_text()
    tab.shot("indicator-detail")
    tab.assert_clean()


VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def _pages(dashboard: Dashboard) -> dict[str, tuple[str, str]]:
    """Every page a user opens: name → (role, URL)."""
    own = dashboard.accounts["enterprise"].scope[0]
    return {
        "overview": ("admin", f"/?plan={SHIZHU.name}&park="),
        "overview-xiushan": ("admin", f"/?plan={XIUSHAN.name}"),
        "overview-park": ("park", "/"),
        "indicators": ("admin", f"/indicators?plan={SHIZHU.name}"),
        "indicator-detail": ("admin", f"/indicators/{SHIZHU.name}/1"),
        "parks": ("admin", f"/parks?plan={SHIZHU.name}"),
        "enterprises": ("admin", "/enterprises?sort=output"),
        "enterprise-profile": ("enterprise", f"/enterprises/{own}"),
        "filings": ("park", "/filings"),
        "projects": ("admin", f"/projects?plan={SHIZHU.name}"),
        "projects-none": ("admin", f"/projects?plan={XIUSHAN.name}"),
        "audit": ("admin", f"/audit?plan={SHIZHU.name}"),
        "import": ("enterprise", "/import"),
        "import-park": ("park", "/import"),
        "api-docs": ("admin", "/api/docs"),
    }


@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_page_renders_and_is_screenshotted(tabs: Tabs, dashboard: Dashboard, width: str) -> None:
    """Each page at 1366×768 and 390×844: renders, draws its charts, fits the width; a screenshot of each."""
    opened: dict[str, Tab] = {}
    for name, (role, url) in _pages(dashboard).items():
        tab = opened.get(role) or _logged_in(tabs, dashboard, role, VIEWPORTS[width])
        opened[role] = tab
        assert tab.go(url) == 200, url
        if name == "api-docs":
            tab.page.wait_for_selector(".swagger-ui .opblock")
        else:
            assert tab.page.locator("main h1").count() >= 1, url
        for chart in tab.page.locator(".chart").all():
            chart.scroll_into_view_if_needed()
            assert chart.get_attribute("data-rendered") == "true", (url, chart.get_attribute("class"))
        scroll, inner = tab.page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner + 1, (url, scroll, inner)
        tab.shot(f"{name}-{width}")
    admin = opened["admin"]
    admin.go("/logout-page-does-not-exist")
    admin.shot(f"not-found-{width}")
    login = tabs(VIEWPORTS[width])
    login.go("/login")
    login.shot(f"login-{width}")
    for tab in [*opened.values(), login]:
        tab.assert_clean(expected=("status of 404", NO_FAVICON))


def test_the_reports_open_from_the_overview(tabs: Tabs, dashboard: Dashboard) -> None:
    tab = _logged_in(tabs, dashboard, "admin")
    tab.go(f"/?plan={SHIZHU.name}")
    meta = tab.page.locator("p.meta")
    for label, suffix in (("Word", ".docx"), ("Excel", ".xlsx")):
        with tab.page.expect_download(timeout=60_000) as download:
            meta.get_by_role("link", name=label, exact=True).click()
        assert download.value.suggested_filename.endswith(suffix), download.value.suggested_filename
        saved = download.value.path()
        assert saved.stat().st_size > 10_000, (label, saved.stat().st_size)
    with tab.page.expect_navigation(timeout=60_000):
        meta.get_by_role("link", name="网页", exact=True).click()
    assert tab.path() == f"/reports/{SHIZHU.name}"
    text = tab.page.locator("body").inner_text()
    assert "石柱" in text and "进展缓慢" in text
    tab.shot("report-html")
    tab.assert_clean(expected=(NO_FAVICON,))


# --- importing ----------------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "企业月报"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


HEADER: list[object] = ["统一社会信用代码", "企业名称", "报告期", "工业总产值（万元）", "营业收入（万元）"]


def test_a_bad_upload_lists_its_cells_and_a_good_one_is_written(
    tabs: Tabs, dashboard: Dashboard, tmp_path: Path
) -> None:
    own = dashboard.accounts["enterprise"].scope[0]
    admin = dashboard.client("admin")
    name = admin.get(f"/api/enterprises/{own}").json()["name"]
    wrong = make_uscc("500240", 7)[:-1] + ("0" if make_uscc("500240", 7)[-1] != "0" else "1")
    bad = _workbook(
        tmp_path / "十月月报（有误）.xlsx",
        [
            HEADER,
            [wrong, "校验码不对的企业", "2026-11", 100, 90],
            [own, name, "2026-11", -5, 90],
            [own, name, "2026-12", "一百", 90],
        ],
    )
    tab = _logged_in(tabs, dashboard, "admin")
    tab.go("/import")
    tab.page.locator("input[name=file]").set_input_files(bad)
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="上传并预览").click()
    problems = tab.page.locator("#problem-table")
    problems.wait_for()
    heading = tab.page.locator("#import-result h2").inner_text()
    assert "未写入" in heading and "处错误" in heading
    rows = [
        row.locator("td").all_inner_texts() for row in problems.locator("tbody tr.error").all()
    ]  # 位置 级别 内容 问题 怎么改
    places = [row[0] for row in rows]
    assert any("第2行" in row[0] and "统一社会信用代码有误" in row[3] for row in rows), rows  # the wrong USCC
    assert any("第3行" in p and "D列（工业总产值（万元））" in p for p in places), places  # negative output
    assert any("第4行" in p and "D列" in p for p in places), places  # not a number
    assert any(row[2] == "一百" for row in rows), rows
    assert tab.page.get_by_role("button", name="确认写入").count() == 0
    assert tab.page.get_by_role("link", name="下载问题清单（Excel，错误单元格已标红）").count() == 1
    tab.shot("import-with-errors")

    good = _workbook(tmp_path / "十一月月报.xlsx", [HEADER, [own, name, "2026-11", 4321.5, 4000]])
    tab.page.locator("input[name=file]").set_input_files(good)
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="上传并预览").click()
    assert "检查通过，尚未写入" in tab.page.locator("#import-result h2").inner_text()
    assert tab.page.locator("tr.error").count() == 0
    confirm = tab.page.get_by_role("button", name="确认写入")
    assert confirm.count() == 1
    tab.shot("import-checked")
    with tab.page.expect_navigation():
        confirm.click()
    assert "已写入" in tab.page.locator("#import-result h2").inner_text()
    assert tab.page.get_by_role("button", name="确认写入").count() == 0
    profile = tab.page.request.get(f"{tab.base}/api/enterprises/{own}").json()
    output = next(s for s in profile["series"] if s["element"] == "工业总产值")
    assert {"period": "2026-11", "value": 4321.5, "revision": 1} in output["points"]
    tab.assert_clean()


# --- who sees what ------------------------------------------------------------------------------------


def test_an_enterprise_user_is_refused_other_enterprises_and_county_data(tabs: Tabs, dashboard: Dashboard) -> None:
    own = dashboard.accounts["enterprise"].scope[0]
    everyone = dashboard.client("admin").get("/api/enterprises").json()["rows"]
    other = next(row["code"] for row in everyone if row["code"] != own)
    tab = _logged_in(tabs, dashboard, "enterprise")
    assert tab.go(f"/enterprises/{other}") == 403
    assert tab.page.locator("h1").inner_text() == "无权访问"
    assert other not in tab.page.locator("main").inner_text()
    tab.shot("enterprise-refused")
    assert tab.go(f"/api/enterprises/{other}") == 403
    assert tab.go("/api/overview") == 403
    assert tab.go(f"/api/enterprises/{own}") == 200
    # The three refusals are the answers expected here (Chromium logs each refused document).
    tab.assert_clean(expected=("status of 403", NO_FAVICON))


# --- small screens ------------------------------------------------------------------------------------


LISTS = {
    "/indicators": "#indicator-table",
    "/enterprises": "#enterprise-table",
    "/filings": "#filing-table",
    "/projects": "table.list",
}
"""The list pages, and their list: on a phone each shows a name and a status in the first screen."""


def test_no_page_scrolls_sideways_on_a_phone_and_lists_lead_with_name_and_status(
    tabs: Tabs, dashboard: Dashboard
) -> None:
    tab = _logged_in(tabs, dashboard, "park", viewport=PHONE)
    for path in ("/", f"/?plan={XIUSHAN.name}", "/parks", "/audit", "/import", *LISTS):
        tab.go(path)
        width = tab.page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] + 1, (path, width)
    tab.go(f"/?plan={SHIZHU.name}")
    for path, selector in LISTS.items():
        tab.go(path)
        first = tab.page.locator(f"{selector} tbody tr").first
        for cell in ("td.name", "td.state"):
            box = first.locator(cell).bounding_box()
            assert box is not None and box["width"] > 0, (path, cell)
            assert box["y"] + box["height"] <= PHONE["height"] and box["x"] + box["width"] <= PHONE["width"] + 1, (
                path,
                cell,
                box,
            )
        assert first.locator("td.state").inner_text().strip(), path
    header = tab.page.locator("header.top").bounding_box()
    assert header is not None and header["height"] <= 56, header  # one compact line; the menu behind a button
    assert not tab.page.locator("nav#menu").is_visible()
    tab.page.locator("label.menu-button").click()
    assert tab.page.locator("nav#menu").is_visible()
    tab.assert_clean()


# --- Landing, memory, the cards ------------------------------------------------------------------


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_park_user_lands_on_its_own_plan(tabs: Tabs, dashboard: Dashboard, width: str) -> None:
    park = dashboard.accounts["park"].scope[0].removeprefix("park:")
    tab = _logged_in(tabs, dashboard, "park", VIEWPORTS[width])
    assert tab.path() == "/"
    assert tab.page.locator("main h1").inner_text().startswith(park)
    assert "石柱县工业园区产业发展规划" in tab.page.locator(".context-summary, form.context").first.inner_text()
    lead = tab.page.locator(".kpi").first
    assert "规上工业产值" in lead.inner_text() and "同比" in lead.inner_text()
    tab.shot(f"landing-park-{width}")
    tab.assert_clean()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_plan_chosen_survives_moving_to_the_indicators(tabs: Tabs, dashboard: Dashboard, width: str) -> None:
    tab = _logged_in(tabs, dashboard, "admin", VIEWPORTS[width])
    if width == "phone":
        tab.page.locator("label.context-summary").click()
    with tab.page.expect_navigation():
        tab.page.locator("form.context select[name=plan]").select_option(XIUSHAN.name)
    assert tab.page.locator("main h1").inner_text().startswith("秀山")
    if width == "phone":
        tab.page.locator("label.menu-button").click()
    with tab.page.expect_navigation():
        tab.page.locator("nav#menu").get_by_role("link", name="指标", exact=True).click()
    assert tab.path() == "/indicators"
    assert tab.page.locator("form.context select[name=plan]").input_value() == XIUSHAN.name
    names = tab.page.locator("#indicator-table td.name a").all_inner_texts()
    assert "规上工业企业" in names and "规上工业总产值" not in names  # 秀山's targets, not 石柱's
    tab.shot(f"plan-remembered-{width}")
    tab.assert_clean()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_overview_leads_with_the_output_so_far_and_its_growth(tabs: Tabs, dashboard: Dashboard, width: str) -> None:
    tab = _logged_in(tabs, dashboard, "viewer", VIEWPORTS[width])
    tab.go(f"/?plan={SHIZHU.name}")
    lead = tab.page.locator(".kpi").first
    text = lead.inner_text()
    assert "规上工业总产值" in text and "累计" in text and "同比" in text and "达标概率" in text, text
    box = lead.bounding_box()
    assert box is not None and box["y"] < VIEWPORTS[width]["height"], box  # in the first screen
    with tab.page.expect_navigation():
        lead.click()
    assert tab.path().startswith(f"/indicators/{SHIZHU.name}/")
    tab.assert_clean()


def test_the_api_docs_render_from_the_server_alone(tabs: Tabs, dashboard: Dashboard) -> None:
    for viewport in VIEWPORTS.values():
        tab = _logged_in(tabs, dashboard, "admin", viewport)
        with tab.page.expect_navigation():
            tab.page.locator("footer").get_by_role("link", name="API 文档").click()
        tab.page.wait_for_selector(".swagger-ui .opblock")
        assert "/api/overview" in tab.page.locator(".swagger-ui").inner_text()
        tab.assert_clean()  # no console error, nothing from outside


# --- The monthly filing ---------------------------------------------------------------------------


def test_an_enterprise_files_its_month_on_the_web(tabs: Tabs, dashboard: Dashboard, tmp_path: Path) -> None:
    from datetime import datetime

    from planwatch.service.accounts import add_user

    late = dashboard.client("admin").get("/api/filings").json()["rows"]
    firm = next(r for r in late if r["last"])
    add_user(dashboard.store, "网上填报", "filing on the web", "enterprise", [firm["code"]], datetime(2026, 11, 1))
    tab = tabs(PHONE)
    tab.login("网上填报", "filing on the web")
    assert tab.path() == f"/enterprises/{firm['code']}"
    assert "未报" in tab.page.locator("#filing-status").inner_text()
    tab.shot("filing-1-profile-late")
    with tab.page.expect_navigation():
        tab.page.locator("#filing-status").get_by_role("link").click()
    with tab.page.expect_download() as download:
        tab.page.locator("#template-link").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = openpyxl.load_workbook(template)
    sheet = book["企业月报"]
    due = sheet.cell(row=2, column=3).value
    assert sheet.cell(row=2, column=1).value == firm["code"] and due == firm["owed"][-1]
    headers = [c.value for c in sheet[1]]
    output = headers.index("工业总产值（万元）") + 1
    sheet.cell(row=2, column=output, value=456.789)
    book.save(template)

    def upload(path: Path, reason: str | None = None) -> None:
        tab.page.locator("input[name=file]").set_input_files(path)
        if reason is not None:
            tab.page.locator("#revise").check()
            tab.page.locator("#reason").fill(reason)
        with tab.page.expect_navigation():
            tab.page.get_by_role("button", name="上传并预览").click()

    upload(template)
    preview = tab.page.locator("#preview-table")
    assert "456.789" in preview.inner_text() and "（新报）" in preview.inner_text()
    tab.shot("filing-2-preview")
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="确认写入").click()
    assert "已写入" in tab.page.locator("#import-result h2").inner_text()
    tab.shot("filing-3-written")
    upload(template)  # the same again
    assert "与库中数据相同" in tab.page.locator("#import-result h2").inner_text()
    assert tab.page.get_by_role("button", name="确认写入").count() == 0
    sheet.cell(row=2, column=output, value=500)
    book.save(template)
    upload(template)  # changed, not marked as a correction
    refused = tab.page.locator("#problem-table").inner_text()
    assert "视为更正" in refused and tab.page.get_by_role("button", name="确认写入").count() == 0
    tab.shot("filing-4-change-refused")
    tab.page.locator("input[name=file]").set_input_files(template)
    tab.page.locator("#revise").check()
    tab.page.get_by_role("button", name="上传并预览").click()  # no reason: the browser asks for one
    assert tab.page.locator("#reason").evaluate("(box) => !box.checkValidity()")
    upload(template, reason="上次多填了一位小数")
    corrected = tab.page.locator("#preview-table").inner_text()
    assert "456.789" in corrected and "500" in corrected
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="确认写入").click()
    tab.go(f"/enterprises/{firm['code']}")
    assert "已报" in tab.page.locator("#filing-status").inner_text()
    first = tab.page.locator("#month-table tbody tr").first
    assert "500" in first.inner_text() and "revised" in (first.get_attribute("class") or "")
    tab.shot("filing-5-profile-filed")
    tab.assert_clean(expected=("status of 400",))
