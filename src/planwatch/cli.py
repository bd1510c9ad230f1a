"""The command line: parses options and calls the library; nothing else.

Each command imports what it uses when it runs, so ``planwatch --help`` or an
``extract`` does not pay for the dashboard, the report charts or the
spreadsheet code (``tests/test_cli_startup.py`` keeps it that way).

Longer than most modules (≈580 lines), on purpose: every command and its options in one
place, as ``--help`` shows them; each body is a few lines calling the library.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from planwatch.errors import InputError, PlanwatchError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from planwatch.assess.targets import PlanAssessment
    from planwatch.evaluate.evaluation import Evaluation
    from planwatch.periods import Through
    from planwatch.plan.finding import Finding
    from planwatch.plan.model import Plan
    from planwatch.store.database import Store

app = typer.Typer(
    help="planwatch：把县域产业发展规划变成可审查、可监测的指标体系。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help: the rich formatter loads a Markdown parser, a quarter second per command
)

EXAMPLE_PLANS = Path("examples/plans")
EXAMPLE_FIGURES = Path("examples/data/published-figures.csv")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


class AuditFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"


class ReportFormat(StrEnum):
    docx = "docx"
    xlsx = "xlsx"
    html = "html"
    md = "md"


def _fail(error: PlanwatchError) -> typer.Exit:
    _console(stderr=True).print(f"[red]错误：[/red]{error}", highlight=False, soft_wrap=True)
    return typer.Exit(code=error.exit_code)


class OcrChoice(StrEnum):
    auto = "auto"
    never = "never"
    always = "always"


class _OcrProgress:
    """A progress bar on stderr (stdout may be JSON), shown only once pages go through OCR."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from rich.progress import MofNCompleteColumn, Progress

            self.bar = Progress(
                *Progress.get_default_columns(), MofNCompleteColumn(), console=_console(stderr=True), transient=True
            )
            self.task = self.bar.add_task(f"文字识别 {self.name}", total=total)
            self.bar.start()
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _extract_all(files: list[Path], ocr: OcrChoice = OcrChoice.auto) -> list[Plan]:
    from planwatch.plan.extract import extract_document
    from planwatch.plan.read import read

    plans: list[Plan] = []
    for file in files:
        progress = _OcrProgress(file.name)
        try:
            plans.append(extract_document(read(file, ocr=ocr.value, progress=progress)))
        except PlanwatchError as error:
            raise _fail(error) from None
        finally:
            progress.stop()
    return plans


def _dump(plans: list[Plan], as_yaml: bool) -> str:
    data = [plan.model_dump(mode="json") for plan in plans]
    payload: object = data[0] if len(data) == 1 else data
    if as_yaml:
        import yaml

        return yaml.safe_dump(payload, allow_unicode=True, sort_keys=False)
    return json.dumps(payload, ensure_ascii=False, indent=2)


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(help="规划文件（.txt .md .docx .doc .pdf .html .xlsx），可多个")],
    as_json: Annotated[bool, typer.Option("--json", help="输出完整的 Plan JSON")] = False,
    as_yaml: Annotated[bool, typer.Option("--yaml", help="输出 YAML")] = False,
    ocr: Annotated[
        OcrChoice,
        typer.Option(
            "--ocr", help="PDF 的文字识别：auto 只识别没有文字层的页（默认），never 不识别，always 每页都识别"
        ),
    ] = OcrChoice.auto,
) -> None:
    """读取规划文件（.txt .md .docx .doc .wps .pdf .html .xlsx），识别指标、目标、现状数据、园区、项目和产业链。"""
    plans = _extract_all(files, ocr)
    if as_json or as_yaml:
        typer.echo(_dump(plans, as_yaml))
        return
    from planwatch.plan.summary import summarise
    from planwatch.terminal import print_summary

    console = _console()
    for plan in plans:
        print_summary(console, summarise(plan))
        console.print()


@app.command("audit")
def audit_command(
    files: Annotated[list[Path], typer.Argument(help="规划文件（.txt .md .docx .doc .pdf .html .xlsx），可多个")],
    as_json: Annotated[bool, typer.Option("--json", help="输出审查发现的 JSON 列表")] = False,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", help="terminal（默认）或 markdown（审查意见稿）")
    ] = AuditFormat.terminal,
) -> None:
    """审查规划文本：合计对不上、前后矛盾、目标不合理、文字重复等问题。"""
    from planwatch.plan.audit import Review, review

    reviews: list[Review] = []
    for file in files:
        try:
            reviews.append(review(file))
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        findings = [item.model_dump(mode="json") for r in reviews for item in r.findings]
        typer.echo(json.dumps(findings, ensure_ascii=False, indent=2))
        return
    from planwatch.plan.audit.memo import memo
    from planwatch.terminal import print_findings

    for r in reviews:
        if output_format is AuditFormat.markdown:
            typer.echo(memo(r.plan, r.document, r.findings))
        else:
            print_findings(_console(), r.plan, r.findings)


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="数据库：DuckDB 文件路径或 postgresql:// 地址（默认 $PLANWATCH_DB 或 data/planwatch.duckdb）"
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="数据入库截至日（YYYY-MM-DD，默认今天）：只用当日及以前入库的数据，可复现当时的结论"),
]
ThroughOption = Annotated[
    str | None,
    typer.Option(
        "--through",
        help="评估截止期：2025（年底）、2025-06（月底）或 2025-06-30（默认同 --as-of），如期末评估 --through 2025",
    ),
]


def _actor() -> str:
    """Who runs a command, for the audit log: the operating-system user at the command line."""
    import getpass

    try:
        return f"命令行：{getpass.getuser()}"
    except (KeyError, OSError):
        return "命令行"


def _open(db: str | None, read_only: bool = False) -> Store:
    from planwatch.store.database import open_store

    try:
        return open_store(db, read_only=read_only)
    except PlanwatchError as error:
        raise _fail(error) from None


def _day(text: str | None, option: str = "--as-of") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _fail(InputError(f"{option} “{text}” 不是日期，请写成 2026-10-31 这样的格式。")) from None


def _moment(text: str | None) -> datetime | None:
    from planwatch.store.database import end_of_day

    day = _day(text)
    return end_of_day(day) if day else None


def _dates(through: str | None, as_of: str | None) -> tuple[Through, date]:
    """The period evaluated and the knowledge date (today unless given; through defaults to it)."""
    from planwatch.periods import parse_through, through_day, today

    known = _day(as_of) or today()
    if through is None:
        return through_day(known), known
    try:
        return parse_through(through), known
    except PlanwatchError as error:
        raise _fail(error) from None


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="要导入的 .xlsx 或 .csv 文件")],
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，显示将写入什么，不写入")] = False,
    revise: Annotated[bool, typer.Option("--revise", help="与已入库数值不同的视为更正，记为新版本")] = False,
    problem_list: Annotated[
        Path | None, typer.Option("--problem-list", "--report", help="问题清单 .xlsx 的保存位置（默认与文件同目录）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
    create_org: Annotated[
        bool,
        typer.Option(
            "--create-org", help="允许文件中新建库中还没有的地区（仅县级管理员；默认不新建，防止错字成为新地区）"
        ),
    ] = False,
    as_user: Annotated[
        str | None,
        typer.Option("--as-user", help="以该驾驶舱用户的权限导入：只能写入其范围内的企业（园区、企业用户代报时用）"),
    ] = None,
) -> None:
    """导入统计数据（企业月报、长表、企业名录、公布数据）：先全部校验，无误才一次写入。"""
    from planwatch.importing.load import import_file
    from planwatch.service.access import scope_for
    from planwatch.terminal import print_import

    with _open(db) as store:
        try:
            scope = scope_for(store, as_user, create_org) if as_user else None
            result = import_file(
                store,
                file,
                dry_run=dry_run,
                revise=revise,
                problem_list=problem_list,
                scope=scope,
                create_orgs=create_org,
                actor=as_user or _actor(),
            )
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(result.summary(), ensure_ascii=False, indent=2))
    else:
        print_import(_console(), result)
    if result.errors:
        raise typer.Exit(code=1)


def _location(db: str | None) -> str:
    from planwatch.store.database import default_location

    return db or default_location()


def _exists(location: str) -> bool:
    from planwatch.store.backend import is_server

    return is_server(location) or Path(location).exists()


@app.command("template")
def template_command(
    file: Annotated[Path, typer.Argument(help="要生成的填报模板 .xlsx")],
    db: DbOption = None,
    park: Annotated[
        list[str] | None, typer.Option("--park", help="在“企业月报”中预先列出该园区的企业（可多次给出）")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="预填的报告期，如 2026-09（默认上个月，与 --park 同用）")
    ] = None,
) -> None:
    """生成企业填报模板（含填报说明、下拉选项、单位；可预先列出园区的企业）。"""
    from planwatch.importing.template import write_template
    from planwatch.periods import parse_period, reporting_month, today
    from planwatch.store.orgs import load_orgs, park_enterprises

    parks: list[str] = []
    firms: list[tuple[str, str]] = []
    location = _location(db)
    if period and not park:
        raise _fail(InputError("--period 用于预填报告期，需与 --park 一起使用（列出该园区的企业）。"))
    if park and not _exists(location):
        raise _fail(InputError(f"数据库 {location} 不存在：请先导入企业名录，或用 --db 指定数据库。"))
    try:
        if park or _exists(location):
            with _open(db, read_only=True) as store:
                orgs = load_orgs(store)
                parks = [org.name for org in orgs.values() if org.kind == "park"]
                firms = park_enterprises(orgs, park or [])
        month = str(parse_period(period)) if period else str(reporting_month(today()))
    except PlanwatchError as error:
        raise _fail(error) from None
    write_template(file, parks=sorted(parks), enterprises=firms, period=month if firms else None)
    listed = f"，已列出 {len(firms)} 家企业、报告期 {month}" if firms else ""
    _console().print(f"已生成填报模板：{file}{listed}")


@app.command("indicators")
def indicators_command(
    plan_file: Annotated[Path, typer.Option("--plan", help="规划文件")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """列出规划中的量化指标哪些已有计算口径、哪些还没有。"""
    from planwatch.metrics.definitions import map_plan
    from planwatch.terminal import mapping_summary, print_mappings

    plan = _extract_all([plan_file])[0]
    mappings = map_plan(plan)
    if as_json:
        typer.echo(json.dumps(mapping_summary(mappings), ensure_ascii=False, indent=2))
        return
    print_mappings(_console(), plan, mappings)


@app.command("compute")
def compute_command(
    plan_file: Annotated[Path, typer.Option("--plan", help="规划文件")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    enterprises: Annotated[bool, typer.Option("--enterprises", help="也列出每家企业（默认只列地区和园区）")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """按规划指标的计算口径，计算各地区、园区（及企业）各年的数值。"""
    from planwatch.metrics.compute import compute_plan
    from planwatch.store.orgs import load_orgs
    from planwatch.terminal import compute_summary, print_compute

    plan = _extract_all([plan_file])[0]
    moment = _moment(as_of)
    with _open(db, read_only=True) as store:
        try:
            results = compute_plan(store, plan, moment, enterprises=enterprises)
        except PlanwatchError as error:
            raise _fail(error) from None
        names = {org.id: org.name for org in load_orgs(store).values()}
    if as_json:
        typer.echo(json.dumps(compute_summary(results, names), ensure_ascii=False, indent=2))
        return
    print_compute(_console(), plan, results, names)


def _plan(key: str, store: Store | None) -> Plan:
    """A plan by file path, or by its key (id, file name, title) in the store."""
    path = Path(key)
    if path.exists():
        return _extract_all([path])[0]
    if store is None:
        raise _fail(InputError(f"找不到规划文件“{key}”。请给出文件路径，或用 --db 指定保存了该规划的数据库。"))
    from planwatch.store.plans import load_plan

    try:
        return load_plan(store, key)
    except PlanwatchError as error:
        raise _fail(error) from None


def _evaluated(
    db: str | Store | None, plan_key: str, through: str | None, as_of: str | None, audit: bool = True
) -> tuple[Plan, Evaluation, list[Finding] | None]:
    """The plan evaluated through the period as known at the date, with (``audit``) its stored audit;
    a plan file not stored is audited now.  ``db`` may be a store the caller keeps open."""
    from contextlib import nullcontext

    from planwatch.evaluate.evaluation import evaluate_plan
    from planwatch.store.database import Store as OpenStore
    from planwatch.store.plans import load_review

    period, known = _dates(through, as_of)
    with nullcontext(db) if isinstance(db, OpenStore) else _open(db, read_only=True) as store:
        plan = _plan(plan_key, store)
        try:
            evaluation = evaluate_plan(store, plan, known, period)
            stored = load_review(store, plan) if audit else None
        except PlanwatchError as error:
            raise _fail(error) from None
    if not audit:
        return plan, evaluation, None
    if stored is not None:
        return plan, evaluation, stored.findings
    if not Path(plan_key).exists():
        return plan, evaluation, None
    from planwatch.plan.audit import review

    return plan, evaluation, review(Path(plan_key)).findings


@app.command("evaluate")
def evaluate_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    db: DbOption = None,
    through: ThroughOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出评估 JSON")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 评估报告")] = False,
) -> None:
    """评估规划各目标：进度、状态（已完成/进度正常/需加快/进展缓慢/倒退/未完成/数据不足）和到目标年的预测。"""
    _, evaluation, findings = _evaluated(db, plan_key, through, as_of, audit=markdown)
    if as_json:
        from planwatch.evaluate.schema import evaluation_json

        typer.echo(json.dumps(evaluation_json(evaluation), ensure_ascii=False, indent=2))
    elif markdown:
        from planwatch.report.markdown import report

        typer.echo(report(evaluation, findings))
    else:
        from planwatch.terminal import print_evaluation

        print_evaluation(_console(), evaluation)


@app.command("report")
def report_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    db: DbOption = None,
    through: ThroughOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="docx（Word 公文格式）、xlsx（各表格）、html（单文件网页）或 md")
    ] = ReportFormat.docx,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件（默认当前目录下“<规划>.评估报告.<格式>”）")
    ] = None,
) -> None:
    """生成规划实施评估报告：总体进展、指标完成情况、重点项目、存在问题、下一步建议。"""
    from contextlib import nullcontext

    import planwatch.evaluate.gather  # noqa: F401  (imported before the fork: the chart worker shares it)
    from planwatch.report.drawing import chart_worker

    # The charts' worker forks once the evaluation's modules are in: it imports matplotlib while this
    # process evaluates the plan, and draws while this one imports the writers and writes the document.
    charted = fmt in (ReportFormat.docx, ReportFormat.html)
    with chart_worker() if charted else nullcontext() as worker:
        with _open(db, read_only=True) as store:
            plan, evaluation, findings = _evaluated(store, plan_key, through, as_of)
            drawn = worker.draw(evaluation) if worker is not None else None
            # The writers are imported once the charts are being drawn: the evaluation comes first.
            from planwatch.report.render import file_name, render

            assessment = _plan_assessment(store, evaluation)
        out = output or Path(file_name(plan, fmt.value))
        try:
            report = render(evaluation, findings, fmt.value, assessment, drawn=drawn)
            out.write_bytes(report)
        except PlanwatchError as error:
            raise _fail(error) from None
        except OSError as error:
            raise _fail(
                InputError(f"无法写入 {out}：{error.strerror or error}。请换一个目录或文件名（-o）。")
            ) from None
    _console().print(f"已写出评估报告：{out}")


@app.command("milestone")
def milestone_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    target: Annotated[str, typer.Argument(help="定性目标的名称，如“成功创建市级智慧园区”")],
    status: Annotated[str, typer.Option(help="未开始 / 推进中 / 已完成")],
    evidence: Annotated[str | None, typer.Option(help="进展说明或佐证")] = None,
    db: DbOption = None,
) -> None:
    """登记定性目标（里程碑）的进展。"""
    from planwatch.store.plans import set_milestone

    with _open(db) as store:
        plan = _plan(plan_key, store)
        try:
            set_milestone(store, plan, target, status, evidence, store.now())
        except PlanwatchError as error:
            raise _fail(error) from None
    _console().print(f"已登记：{target} —— {status}")


@app.command("demo")
def demo_command(
    db: Annotated[
        str, typer.Option("--db", help="演示数据库：DuckDB 文件（每次重建）或 postgresql:// 地址")
    ] = "data/demo.duckdb",
    plans: Annotated[Path, typer.Option(help="示例规划所在目录")] = EXAMPLE_PLANS,
    figures: Annotated[Path, typer.Option(help="公布数据 CSV")] = EXAMPLE_FIGURES,
    reports: Annotated[Path, typer.Option(help="评估报告输出目录")] = Path("data/reports"),
    as_of: Annotated[str, typer.Option("--as-of", help="评估时点")] = "2026-10-31",
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只构建和评估，不启动驾驶舱")] = False,
    host: Annotated[str, typer.Option(help="驾驶舱监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="驾驶舱端口")] = 8000,
) -> None:
    """演示（主任务）：读取示例规划和公布数据，生成标注“演示数据”的企业面板，评估、写出报告并打开驾驶舱。"""
    from planwatch.demo.build import build_demo
    from planwatch.terminal import print_evaluation

    files = sorted(
        p
        for p in plans.glob("*")
        if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"} and not p.name.upper().startswith("README")
    )
    if not files:
        raise _fail(PlanwatchError(f"{plans}: 没有找到示例规划文件。请在仓库根目录运行，或用 --plans 指定目录。"))
    day = _day(as_of)
    assert day is not None
    console = _console()
    try:
        result = build_demo(db, files, figures if figures.exists() else None, reports, day)
    except PlanwatchError as error:
        raise _fail(error) from None
    for evaluation in result.evaluations:
        print_evaluation(console, evaluation, brief=True)
    for calibration in result.calibrations:
        for note in calibration.notes:
            console.print(f"  [yellow]演示数据说明[/yellow]：{note}")
    console.print(f"数据库：{result.database}")
    for path in result.reports:
        console.print(f"评估报告：{path}")
    from planwatch.demo.plans import compared, demo_members

    with _open(db, read_only=True) as store:
        diff = compared(store, [e.plan for e in result.evaluations])
    if diff is not None:
        counts = "，".join(f"{kind} {n}" for kind, n in diff.counts.items())
        console.print(
            f"规划比较：{diff.a.title} {diff.a.label} 与 {diff.b.title} {diff.b.label}：共 {len(diff.changes)} 处不同"
            f"（{counts}）；planwatch plan diff {diff.a.plan} {diff.b.plan} --db {db}",
            highlight=False,
        )
    if no_serve:
        return
    from urllib.parse import urlencode

    from planwatch.service.accounts import demo_accounts

    with _open(db) as store:
        accounts = demo_accounts(store)
        demo_members(store, "admin")  # the admin works for 县经济信息委 (我负责的目标)
        if diff is not None:
            query = urlencode({"a": diff.a.plan, "b": diff.b.plan})
            console.print(f"规划比较页：http://{host}:{port}/diff?{query}")
        console.print(f"驾驶舱：http://{host}:{port}/ （按 Ctrl+C 停止）。演示账号（每次运行重新生成密码）：")
        for account in accounts:
            scope = f"，范围 {'、'.join(account.scope)}" if account.scope else ""
            console.print(f"  {account.role:<10} 用户名 {account.name:<10} 密码 {account.password}{scope}")
        _serve(store, host, port, day)


def _serve(store: Store, host: str, port: int, as_of: date | None, secure_cookies: bool = False) -> None:
    from planwatch.web import serve

    try:
        serve.serve(store, host, port, as_of, secure_cookies)
    except PlanwatchError as error:
        raise _fail(error) from None


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="监听地址（内网访问可设为 0.0.0.0）")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    as_of: Annotated[str | None, typer.Option("--as-of", help="默认评估时点（YYYY-MM-DD，默认今天）")] = None,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="会话 Cookie 只经 HTTPS 发送（经 HTTPS 反向代理对外提供时打开）")
    ] = False,
) -> None:
    """启动驾驶舱网页（总览、指标、园区、企业、项目、规划体检、数据导入）和 /api/ 接口。"""
    day = _day(as_of)
    with _open(db) as store:
        _console().print(f"驾驶舱：http://{host}:{port}/ （API 文档 /api/docs；按 Ctrl+C 停止）")
        _serve(store, host, port, day, secure_cookies)


plan_app = typer.Typer(help="库中的规划。", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(plan_app, name="plan")


@plan_app.command("add")
def plan_add_command(
    files: Annotated[list[Path], typer.Argument(help="规划文件（.txt .md .docx .doc .pdf .html .xlsx），可多个")],
    db: DbOption = None,
) -> None:
    """读取并审查规划，连同审查发现一起存入库中（草稿），供驾驶舱、评估和报告使用；确认用 plan confirm。"""
    from planwatch.service.plans import add_plan

    with _open(db) as store:
        for file in files:
            try:
                saved = add_plan(store, file, actor=_actor())
            except PlanwatchError as error:
                raise _fail(error) from None
            _console().print(
                f"已入库（草稿）：{saved.plan.title or saved.plan.id}（编号 {saved.plan.id}；"
                f"{len(saved.plan.indicators)} 项指标，审查发现 {len(saved.findings)} 项）"
            )


# --- 指标体系确认 (plan versions, the workbook, diff): issue 12 --------------------------------------------------

EffectiveOption = Annotated[
    str | None, typer.Option("--effective", help="生效日期 YYYY-MM-DD（评估期末在此日及以后的用这一版）")
]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="理由（如“中期评估后调整目标”；第2版起必填）")]


def _plan_id(store: Store, key: str) -> str:
    from planwatch.service.plans import plan_version

    try:
        plan, _ = plan_version(store, key.partition("@")[0])
    except PlanwatchError as error:
        raise _fail(error) from None
    return plan.id or key


@plan_app.command("confirm")
def plan_confirm_command(
    key: Annotated[str, typer.Argument(help="库中规划的编号、文件名或标题")],
    effective: EffectiveOption = None,
    reason: ReasonOption = None,
    db: DbOption = None,
) -> None:
    """确认指标体系：第一次确认生成第1版（确认稿），之后有修改时生成新版本；评估按期末在用的版本。"""
    from planwatch.periods import today
    from planwatch.service.plans import confirm

    with _open(db) as store:
        plan_id = _plan_id(store, key)
        try:
            published = _published(store, plan_id)
            day = _day(effective, "--effective") or published or today()
            version = confirm(store, plan_id, day, reason, _actor(), store.now())
        except PlanwatchError as error:
            raise _fail(error) from None
    _console().print(f"已确认：{plan_id} {version.label}，{len(version.changes)} 项修改")
    for change in version.changes:
        _console().print(f"  {change.kind_zh}　{change.text}", highlight=False)


def _published(store: Store, plan_id: str) -> date | None:
    """A first version takes effect from the day the plan was issued, unless told otherwise."""
    from planwatch.store.versions import read_draft, versions

    if versions(store, plan_id):
        return None
    read = read_draft(store, plan_id)
    return read[0].published if read else None


@plan_app.command("versions")
def plan_versions_command(
    key: Annotated[str, typer.Argument(help="库中规划的编号、文件名或标题")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """版本历史：各版本的生效日期、确认人、理由和修改内容，以及尚未确认的修改。"""
    from planwatch.service.plans import working

    with _open(db, read_only=True) as store:
        plan_id = _plan_id(store, key)
        try:
            current = working(store, plan_id)
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        rows = [
            {"version": v.number, "label": v.label, "effective": v.effective.isoformat(), "reason": v.reason,
             "recorded_by": v.recorded_by, "recorded_at": v.recorded_at.isoformat(sep=" ", timespec="seconds"),
             "changes": [c.model_dump(mode="json") for c in v.changes]}
            for v in current.versions
        ]  # fmt: skip
        pending = [c.model_dump(mode="json") for c in current.pending]
        typer.echo(json.dumps({"plan": plan_id, "versions": rows, "pending": pending}, ensure_ascii=False, indent=2))
        return
    if not current.versions:
        typer.echo(f"{plan_id}：尚未确认（草稿）。确认：planwatch plan confirm {plan_id}")
    for v in current.versions:
        typer.echo(
            f"{v.label}  {v.recorded_at:%Y-%m-%d %H:%M} {v.recorded_by}  {v.reason or ''}（{len(v.changes)} 项修改）"
        )
        for change in v.changes:
            typer.echo(f"    {change.kind_zh}　{change.text}")
    if current.pending:
        typer.echo(f"尚未确认的修改 {len(current.pending)} 项：")
        for change in current.pending:
            typer.echo(f"    {change.kind_zh}　{change.text}")


@plan_app.command("export")
def plan_export_command(
    plan_key: Annotated[str, typer.Option("--plan", help="库中规划的编号（KEY@N 为第 N 版，默认现行版本）")],
    output: Annotated[Path, typer.Option("-o", "--output", help="要写出的指标体系表 .xlsx")],
    db: DbOption = None,
) -> None:
    """导出指标体系表（指标、项目、园区、产业链、责任分工，各行注明原文行号），改好后用 plan import 导入。"""
    from planwatch.importing.plan_workbook import listed_departments, write_plan_workbook
    from planwatch.plan.versions import DRAFT_LABEL
    from planwatch.service.plans import department_list, plan_version

    with _open(db, read_only=True) as store:
        try:
            plan, version = plan_version(store, plan_key)
            listed = [d.name for d in department_list(store, [plan])]
            write_plan_workbook(
                plan, version.label if version else DRAFT_LABEL, listed_departments(plan, listed), store.now(), output
            )
        except PlanwatchError as error:
            raise _fail(error) from None
    _console().print(
        f"已导出指标体系表：{output}（{version.label if version else DRAFT_LABEL}，{len(plan.indicators)} 项指标）"
    )


@plan_app.command("import")
def plan_import_command(
    file: Annotated[Path, typer.Argument(help="改好的指标体系表 .xlsx（plan export 导出）")],
    plan_key: Annotated[str, typer.Option("--plan", help="库中规划的编号")],
    effective: Annotated[str, typer.Option("--effective", help="新版本的生效日期 YYYY-MM-DD")],
    reason: ReasonOption = None,
    problem_list: Annotated[
        Path | None, typer.Option("--problem-list", help="问题清单 .xlsx 的保存位置（默认与文件同目录）")
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
) -> None:
    """导入改好的指标体系表：与现行版本比较，有修改才生成新版本（先全部校验，有错误则不写入并给出问题清单）。"""
    from planwatch.importing.plan_workbook import read_plan_workbook
    from planwatch.importing.problem_list import write_problem_list
    from planwatch.service.plans import revise, working
    from planwatch.store.versions import load_text

    day = _day(effective, "--effective")
    assert day is not None
    with _open(db) as store:
        plan_id = _plan_id(store, plan_key)
        try:
            current = working(store, plan_id)
            base = current.latest.plan() if current.latest is not None else current.reader
            read = read_plan_workbook(file, base, load_text(store, plan_id))
            version = None
            if not read.errors:
                version = revise(store, plan_id, read.plan, day, reason, _actor(), store.now())
        except PlanwatchError as error:
            raise _fail(error) from None
    listed = None
    if read.problems:
        listed = problem_list or file.with_name(f"{file.stem}.问题清单.xlsx")
        try:
            write_problem_list(file, read.problems, listed)
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        data = {
            "plan": plan_id,
            "written": version is not None,
            "version": version.number if version else None,
            "label": version.label if version else None,
            "changes": [c.model_dump(mode="json") for c in version.changes] if version else [],
            "problems": [{"where": p.where, "value": p.value, "reason": p.reason, "fix": p.fix,
                          "severity": str(p.severity)} for p in read.problems],
        }  # fmt: skip
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        console = _console()
        for problem in read.problems:
            console.print(f"{problem.severity.zh}：{problem.sentence()}", highlight=False, soft_wrap=True)
        if read.errors:
            console.print(f"有 {len(read.errors)} 个错误，什么也没有写入。问题清单：{listed}")
        elif version is None:
            label = current.latest.label if current.latest else "草稿"
            console.print(f"与{label}相同，没有生成新版本。")
        else:
            console.print(f"已生成 {plan_id} {version.label}，{len(version.changes)} 项修改：")
            for change in version.changes:
                console.print(f"  {change.kind_zh}　{change.text}", highlight=False)
    if read.errors:
        raise typer.Exit(code=1)


@plan_app.command("diff")
def plan_diff_command(
    first: Annotated[str, typer.Argument(help="规划 A：库中规划的编号，或 KEY@N 为它的第 N 版")],
    second: Annotated[str, typer.Argument(help="规划 B：同上（同一规划的两个版本，或两个规划）")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """比较两个版本或两个规划：目标的新增、删除、调高、调低（及倍数）、年份调整、属性调整和其他修改。"""
    from planwatch.plan.diff import compare
    from planwatch.service.plans import plan_version, side

    with _open(db, read_only=True) as store:
        try:
            plan_a, version_a = plan_version(store, first)
            plan_b, version_b = plan_version(store, second)
        except PlanwatchError as error:
            raise _fail(error) from None
    result = compare(plan_a, plan_b, side(plan_a, version_a), side(plan_b, version_b))
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    typer.echo(f"A：{result.a.title or result.a.plan} {result.a.label}")
    typer.echo(f"B：{result.b.title or result.b.plan} {result.b.label}")
    counts = "，".join(f"{kind} {n}" for kind, n in result.counts.items())
    typer.echo(f"共 {len(result.changes)} 处不同（{counts or '无'}），未变的目标 {result.unchanged} 项")
    for change in result.changes:
        typer.echo(f"  {change.kind_zh}　{change.text}")


department_app = typer.Typer(
    help="责任单位名单（牵头单位、配合单位）及其人员。", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(department_app, name="department")


@department_app.command("list")
def department_list_command(db: DbOption = None) -> None:
    """列出责任单位（默认名单、各园区管委会和库中添加的），及在驾驶舱中代表它的用户。"""
    from planwatch.service.plans import department_list
    from planwatch.store.plans import stored_plans

    with _open(db, read_only=True) as store:
        for department in department_list(store, stored_plans(store)):
            typer.echo(f"{department.name}\t{'、'.join(department.members)}")


@department_app.command("add")
def department_add_command(
    name: Annotated[str, typer.Argument(help="单位名称，如 县经济信息委")],
    member: Annotated[
        list[str] | None,
        typer.Option("--member", help="该单位的驾驶舱用户（可多次给出），其“我负责的目标”为该单位牵头或配合的目标"),
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", help="从名单中移除该单位")] = False,
    db: DbOption = None,
) -> None:
    """添加责任单位或修改其人员（--remove 移出名单）。"""
    from planwatch.service.plans import set_department

    with _open(db) as store:
        try:
            saved = set_department(store, name, list(member or []), _actor(), store.now(), removed=remove)
        except PlanwatchError as error:
            raise _fail(error) from None
    _console().print(
        f"已{'移除' if remove else '保存'}责任单位：{saved.name}"
        + (f"（人员：{'、'.join(saved.members)}）" if saved.members else "")
    )


user_app = typer.Typer(help="驾驶舱账号管理。", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(user_app, name="user")


class Role(StrEnum):
    admin = "admin"
    park = "park"
    enterprise = "enterprise"
    viewer = "viewer"


@user_app.command("add")
def user_add_command(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[Role, typer.Option(help="admin 县级管理员 / park 园区 / enterprise 企业 / viewer 只读")],
    park: Annotated[list[str] | None, typer.Option("--park", help="园区用户可查看的园区（可多次给出）")] = None,
    uscc: Annotated[str | None, typer.Option("--uscc", help="企业用户的统一社会信用代码")] = None,
    password: Annotated[
        str | None,
        typer.Option(help="密码（不给则交互输入；用环境变量 PLANWATCH_PASSWORD 也可）", envvar="PLANWATCH_PASSWORD"),
    ] = None,
    db: DbOption = None,
) -> None:
    """添加或重设驾驶舱用户（密码以 argon2 哈希保存）。"""
    from planwatch.service.accounts import add_user

    secret = password or typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    scope = list(park or []) + ([uscc] if uscc else [])
    with _open(db) as store:
        try:
            added = add_user(store, name, secret, role.value, scope, store.now(), actor=_actor())
        except PlanwatchError as error:
            raise _fail(error) from None
    _console().print(
        f"已保存用户 {added.name}（{added.role_zh}）" + (f"，范围：{'、'.join(added.scope)}" if added.scope else "")
    )


@user_app.command("revoke")
def user_revoke_command(name: Annotated[str, typer.Argument(help="用户名")], db: DbOption = None) -> None:
    """注销该用户所有已登录的会话（手机丢失、人员离岗时用；各处立即需要重新登录）。"""
    from planwatch.service.accounts import revoke

    with _open(db) as store:
        try:
            ended = revoke(store, name, store.now(), actor=_actor())
        except PlanwatchError as error:
            raise _fail(error) from None
    _console().print(f"已注销用户 {name} 的 {ended} 个会话。")


@app.command("log")
def log_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", help="最多列出多少条（从最新的起）")] = 50,
    user: Annotated[str | None, typer.Option("--user", help="只列出这个用户的操作")] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="只列出一类操作：import、correct、user、revoke……")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """操作日志：谁在何时导入、更正、确认、增改账号、注销会话、备份恢复（含批次号）。"""
    from planwatch.store.log import entries

    with _open(db, read_only=True) as store:
        found = entries(store, limit, user, action)
    if as_json:
        rows = [
            {"at": e.at.isoformat(sep=" ", timespec="seconds"), "user": e.user_name, "action": e.action,
             "action_zh": e.action_zh, "subject": e.subject, "detail": e.detail, "batch": e.batch_id}
            for e in found
        ]  # fmt: skip
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for e in found:
        batch = f"（批次 {e.batch_id}）" if e.batch_id is not None else ""
        typer.echo(f"{e.at:%Y-%m-%d %H:%M}  {e.user_name}  {e.action_zh}  {e.subject}  {e.detail or ''}{batch}")


@app.command("backup")
def backup_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="备份写入的新文件夹（如 backups/2026-11-26）")],
    db: DbOption = None,
) -> None:
    """备份整个数据库（DuckDB 导出为 Parquet，PostgreSQL 用 pg_dump），打印各表行数和校验和；用 planwatch restore 恢复。"""
    from planwatch.store import log
    from planwatch.store.backup import backup

    with _open(db) as store:
        try:
            manifest = backup(store, output, store.now())
        except PlanwatchError as error:
            raise _fail(error) from None
        log.record(store, _actor(), "backup", str(output), store.now(), f"校验和 {manifest.checksum[:12]}")
    typer.echo(f"已备份到 {output}：{_rows(manifest.rows)}")
    typer.echo(f"校验和 {manifest.checksum}")


@app.command("restore")
def restore_command(
    folder: Annotated[Path, typer.Argument(help="planwatch backup 写出的备份文件夹")],
    db: Annotated[
        str, typer.Option("--db", help="恢复到：新的 DuckDB 文件路径，或空的 PostgreSQL 数据库地址（不覆盖已有数据）")
    ],
) -> None:
    """从备份恢复到新的数据库，核对校验和与备份一致后才算完成。"""
    from planwatch.store import log
    from planwatch.store.backup import restore

    try:
        manifest, store = restore(folder, db)
    except PlanwatchError as error:
        raise _fail(error) from None
    with store:
        log.record(store, _actor(), "restore", str(folder), store.now(), f"校验和 {manifest.checksum[:12]}")
    typer.echo(f"已从 {folder} 恢复到 {store.backend.location}：{_rows(manifest.rows)}")
    typer.echo(f"校验和 {manifest.checksum}  与备份一致")


def _rows(rows: dict[str, int]) -> str:
    main = ("facts", "orgs", "plans", "users")
    return "，".join(f"{table} {rows.get(table, 0):,} 行" for table in main) + f"（共 {len(rows)} 张表）"


@user_app.command("list")
def user_list_command(db: DbOption = None) -> None:
    """列出驾驶舱用户（不显示密码）。"""
    from planwatch.store.users import list_users

    with _open(db, read_only=True) as store:
        for stored in list_users(store):
            typer.echo(f"{stored.name}\t{stored.role}\t{'、'.join(stored.scope)}")


# --- 产业链与台账 (chains, projects): issue 15 ---------------------------------------------------------------


@app.command("chains")
def chains_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出产业链图谱 JSON")] = False,
) -> None:
    """产业链图谱：各链的环节、链上企业和项目，以及缺链环节（补链、延链、强链）清单。"""
    from planwatch.chains.schema import chains_json
    from planwatch.service.ledgers import chain_view

    _, known = _dates(None, as_of)
    with _open(db, read_only=True) as store:
        plan = _plan(plan_key, store)
        try:
            view = chain_view(store, plan, known)
        except PlanwatchError as error:
            raise _fail(error) from None
    data = chains_json(plan.id or "", view.maps, view.placed, view.projects, view.gaps, view.year, view.version)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from planwatch.terminal import print_chains

    print_chains(_console(), plan, data)


projects_app = typer.Typer(
    help="重点项目台账：各项目状态、投资完成率、开工率、投产率和滞后项目（projects template 生成园区月报表）。",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(projects_app, name="projects")


@projects_app.callback()
def projects_command(
    context: typer.Context,
    plan_key: Annotated[str | None, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")] = None,
    db: DbOption = None,
    through: ThroughOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出台账 JSON")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写出 Excel 台账（.xlsx）")] = None,
) -> None:
    """重点项目台账：截至某月各项目的状态和投资，按园区、产业、产业链汇总（--through 台账月份，--as-of 入库截至日）。"""
    if context.invoked_subcommand is not None:
        return
    if plan_key is None:
        raise _fail(InputError("请用 --plan 指定规划（文件路径，或库中规划的编号/文件名）。"))
    from planwatch.service.ledgers import project_ledger

    period, known = _dates(through, as_of)
    with _open(db, read_only=True) as store:
        plan = _plan(plan_key, store)
        try:
            ledger = project_ledger(store, plan, period.end, known)
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        from planwatch.projects.schema import ledger_json

        typer.echo(json.dumps(ledger_json(ledger, known), ensure_ascii=False, indent=2))
    elif output is not None:
        from planwatch.report.ledger import ledger_tables
        from planwatch.report.xlsx import workbook

        try:
            output.write_bytes(workbook(ledger_tables(ledger), f"{plan.title or plan.id}重点项目台账"))
        except OSError as error:
            raise _fail(
                InputError(f"无法写入 {output}：{error.strerror or error}。请换一个目录或文件名（-o）。")
            ) from None
        _console().print(f"已写出项目台账：{output}")
    else:
        from planwatch.terminal import print_ledger

        print_ledger(_console(), plan, ledger)


@projects_app.command("template")
def projects_template_command(
    park: Annotated[str, typer.Option("--park", help="园区名称：列出该园区的项目和招商项目")],
    output: Annotated[Path, typer.Option("-o", "--output", help="要生成的填报表 .xlsx")],
    plan_key: Annotated[str | None, typer.Option("--plan", help="规划（默认：库中列有该园区项目的规划）")] = None,
    db: DbOption = None,
    period: Annotated[str | None, typer.Option("--period", help="报告期，如 2026-09（默认上个月）")] = None,
    as_of: AsOfOption = None,
) -> None:
    """生成园区重点项目和招商项目月度填报表（已按上次填报预填，改有变化的格子后用 planwatch import 导入）。"""
    from planwatch.importing.ledger_template import TemplateRows, write_ledger_template
    from planwatch.periods import parse_period, reporting_month
    from planwatch.service.ledgers import project_ledger, standings
    from planwatch.store.plans import stored_plans

    _, known = _dates(None, as_of)
    try:
        month = parse_period(period) if period else reporting_month(known)
    except PlanwatchError as error:
        raise _fail(error) from None
    if month.kind != "M":
        raise _fail(InputError(f"--period “{period}” 不是月份，请写成 2026-09 这样的月份。"))
    with _open(db, read_only=True) as store:
        plans = [_plan(plan_key, store)] if plan_key else stored_plans(store)
        chosen = [p for p in plans if any(g.path[:1] == [park] for g in p.project_groups)] or [
            p for p in plans if any(k.name == park for k in p.parks)
        ]
        if not chosen:
            known_parks = sorted({k.name for p in plans for k in p.parks})
            raise _fail(InputError(f"库中规划没有园区“{park}”。可用的园区：{'、'.join(known_parks) or '（无）'}。"))
        ledger = project_ledger(store, chosen[0], month.end, known)
        signed = [s for s in standings(store, chosen[0], month.end, known) if s.signing.park == park]
    rows = TemplateRows([r for r in ledger.rows if r.park == park], signed, month.code)
    try:
        write_ledger_template(output, park, rows)
    except PlanwatchError as error:
        raise _fail(error) from None
    _console().print(
        f"已生成填报表：{output}，列出项目 {len(rows.projects)} 个、招商项目 {len(signed)} 个，报告期 {month.code}"
    )


def _plan_assessment(store: Store, evaluation: Evaluation) -> PlanAssessment | None:
    """The enterprises of the plan's subject assessed, for the report's 亩均, 梯度培育 and energy sections."""
    from planwatch.assess.gather import plan_assessment

    try:
        return plan_assessment(store, evaluation)
    except PlanwatchError as error:
        raise _fail(error) from None


assess_app = typer.Typer(
    help="企业评价：亩均效益综合评价（A/B/C/D）、梯度培育（规上、创新型、专精特新、小巨人、高新技术企业）。",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(assess_app, name="assess")

YearOption = Annotated[
    int | None, typer.Option("--year", help="评价的数据年度（默认：截至 --as-of 已有全年数据的最近一年）")
]
ParkOption = Annotated[str | None, typer.Option("--park", help="只列出该园区（含其下属园区）的企业；基准仍按全县")]


@assess_app.command("mujun")
def assess_mujun_command(
    year: YearOption = None,
    scheme: Annotated[
        str | None,
        typer.Option(
            "--scheme",
            help="评价方案：重庆（默认）、黄岩、旌德，或方案文件路径（.yaml，可复制 data/mujun/ 中的预设修改）",
        ),
    ] = None,
    park: ParkOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出评价 JSON")] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="写出公示用 Excel（评价结果、不评价企业、分类汇总、基准、亩均体检）"),
    ] = None,
) -> None:
    """亩均效益综合评价：各企业各项指标值、基准、得分、总分、排名、A/B/C/D 类别及上年类别，园区和全县汇总。"""
    from planwatch.assess.gather import assess_mujun, park_org
    from planwatch.assess.schema import checkup_record, mujun_report
    from planwatch.store.elements import catalog

    moment = _moment(as_of)
    with _open(db, read_only=True) as store:
        try:
            result, before = assess_mujun(store, year, scheme, moment)
            chosen = park_org(store, park)
        except PlanwatchError as error:
            raise _fail(error) from None
    rows = result.panel.in_park(chosen.name) if chosen is not None else None
    report = mujun_report(result, before, rows)
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2))
    else:
        from planwatch.terminal_assessment import print_mujun

        print_mujun(_console(), report)
    if output is not None:
        from planwatch.report.assessment import mujun_tables
        from planwatch.report.xlsx import workbook

        names = {e.code: e.name for e in catalog().elements}
        units = {e.code: e.unit for e in catalog().elements}
        checkups = [
            checkup_record(result, report, e.uscc, names, units) for e in report.enterprises if e.rank is not None
        ]
        title = f"{report.year}年亩均效益综合评价结果（{report.scheme}方案）"
        _write(output, workbook(mujun_tables(report, checkups), title))
        _console().print(f"已写出公示表：{output}")


def _write(path: Path, body: bytes) -> None:
    try:
        path.write_bytes(body)
    except OSError as error:
        raise _fail(InputError(f"无法写入 {path}：{error.strerror or error}。请换一个目录或文件名（-o）。")) from None


@assess_app.command("tiers", short_help="梯度培育：各层级已达到、接近、差距较大的企业，培育库和小升规。")
def assess_tiers_command(
    year: YearOption = None,
    rules: Annotated[
        str | None,
        typer.Option("--rules", help="认定规则版本：2022（工信部企业〔2022〕63号，默认）或 2026（修订版，细则待核实）"),
    ] = None,
    park: ParkOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写出培育库 Excel")] = None,
) -> None:
    """梯度培育：逐家对照规上、创新型、专精特新、小巨人、高新技术企业的条件，列出已达到、接近（差哪几项、差多少）和差距较大的企业，及培育库、小升规。"""
    from planwatch.assess.gather import assess_tiers, park_org
    from planwatch.assess.schema import tiers_report

    moment = _moment(as_of)
    with _open(db, read_only=True) as store:
        try:
            chosen = park_org(store, park)
            found, assessed_year, assessed, projected = assess_tiers(store, year, rules, moment)
        except PlanwatchError as error:
            raise _fail(error) from None
    shown = None
    if chosen is not None:
        shown = {e.code for e in assessed if e.park == chosen.name} | {
            c.code for c in projected if c.park == chosen.name
        }
    report = tiers_report(found, assessed_year, assessed, projected, shown)
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        from planwatch.terminal_assessment import print_tiers

        print_tiers(_console(), report)
    if output is not None:
        from planwatch.report.assessment import tier_tables
        from planwatch.report.xlsx import workbook

        _write(output, workbook(tier_tables(report), f"{report.year}年梯度培育培育库"))
        _console().print(f"已写出培育库：{output}")


@app.command("energy", short_help="能耗与碳排放：分品种能源折标准煤、二氧化碳、单位增加值能耗。")
def energy_command(
    year: YearOption = None,
    park: ParkOption = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """能耗与碳排放：把各企业分品种能源折成吨标准煤（按GB/T2589，当量值和等价值），算二氧化碳和单位工业增加值能耗，按企业、园区、全县汇总。"""
    from planwatch.assess.gather import assess_energy, park_org

    moment = _moment(as_of)
    with _open(db, read_only=True) as store:
        try:
            chosen = park_org(store, park)
            report = assess_energy(store, year, moment, chosen)
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from planwatch.terminal_assessment import print_energy

    print_energy(_console(), report)


def main() -> None:
    app()
