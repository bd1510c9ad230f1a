"""The command line: parses options and calls the library; nothing else."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TaskID

from planwatch.demo.build import build_demo
from planwatch.errors import InputError, PlanwatchError
from planwatch.evaluate.evaluation import Evaluation, evaluate_plan, evaluation_json
from planwatch.importing.load import import_file
from planwatch.importing.template import write_template
from planwatch.metrics.compute import compute_plan
from planwatch.metrics.definitions import map_plan
from planwatch.periods import parse_period, reporting_month
from planwatch.plan.audit import Review, review
from planwatch.plan.audit.finding import Finding
from planwatch.plan.audit.memo import memo
from planwatch.plan.extract import extract_document
from planwatch.plan.model import Plan
from planwatch.plan.read import read
from planwatch.plan.summary import summarise
from planwatch.report.markdown import report
from planwatch.report.render import file_name as report_file_name
from planwatch.report.render import render as render_report
from planwatch.store.database import Store, default_location, end_of_day, open_store
from planwatch.store.orgs import load_orgs, park_enterprises
from planwatch.store.plans import add_plan, load_plan, load_review, set_milestone
from planwatch.store.users import list_users
from planwatch.terminal import (
    compute_summary,
    import_summary,
    mapping_summary,
    print_compute,
    print_evaluation,
    print_findings,
    print_import,
    print_mappings,
    print_summary,
)
from planwatch.web.access import add_user
from planwatch.web.serve import demo_accounts, serve

app = typer.Typer(
    help="planwatch：把县域产业发展规划变成可审查、可监测的指标体系。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

EXAMPLE_PLANS = Path("examples/plans")
EXAMPLE_FIGURES = Path("examples/data/published-figures.csv")


class AuditFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"


class ReportFormat(StrEnum):
    docx = "docx"
    xlsx = "xlsx"
    html = "html"
    md = "md"


def _fail(error: PlanwatchError) -> typer.Exit:
    errors.print(f"[red]错误：[/red]{error}", highlight=False, soft_wrap=True)
    return typer.Exit(code=error.exit_code)


class OcrChoice(StrEnum):
    auto = "auto"
    never = "never"
    always = "always"


def _extract_all(files: list[Path], ocr: OcrChoice = OcrChoice.auto) -> list[Plan]:
    plans: list[Plan] = []
    for file in files:
        # A progress bar on stderr (stdout may be JSON), shown once pages go through OCR.
        bar = Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=errors, transient=True)
        task = bar.add_task(f"文字识别 {file.name}", total=None)

        def advance(done: int, total: int, bar: Progress = bar, task: TaskID = task) -> None:
            bar.start()
            bar.update(task, completed=done, total=total)

        try:
            plans.append(extract_document(read(file, ocr=ocr.value, progress=advance)))
        except PlanwatchError as error:
            raise _fail(error) from None
        finally:
            bar.stop()
    return plans


def _dump(plans: list[Plan], as_yaml: bool) -> str:
    data = [plan.model_dump(mode="json") for plan in plans]
    payload: object = data[0] if len(data) == 1 else data
    if as_yaml:
        return yaml.safe_dump(payload, allow_unicode=True, sort_keys=False)
    return json.dumps(payload, ensure_ascii=False, indent=2)


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(help="规划文件（.txt .md .docx .pdf），可多个")],
    as_json: Annotated[bool, typer.Option("--json", help="输出完整的 Plan JSON")] = False,
    as_yaml: Annotated[bool, typer.Option("--yaml", help="输出 YAML")] = False,
    ocr: Annotated[
        OcrChoice,
        typer.Option(
            "--ocr", help="PDF 的文字识别：auto 只识别没有文字层的页（默认），never 不识别，always 每页都识别"
        ),
    ] = OcrChoice.auto,
) -> None:
    """读取规划文件，识别指标、目标、现状数据、园区、项目和产业链。"""
    plans = _extract_all(files, ocr)
    if as_json or as_yaml:
        typer.echo(_dump(plans, as_yaml))
        return
    for plan in plans:
        print_summary(console, summarise(plan))
        console.print()


@app.command("audit")
def audit_command(
    files: Annotated[list[Path], typer.Argument(help="规划文件（.txt .md .docx .pdf），可多个")],
    as_json: Annotated[bool, typer.Option("--json", help="输出审查发现的 JSON 列表")] = False,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", help="terminal（默认）或 markdown（审查意见稿）")
    ] = AuditFormat.terminal,
) -> None:
    """审查规划文本：合计对不上、前后矛盾、目标不合理、文字重复等问题。"""
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
    for r in reviews:
        if output_format is AuditFormat.markdown:
            typer.echo(memo(r.plan, r.document, r.findings))
        else:
            print_findings(console, r.plan, r.findings)


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="数据库：DuckDB 文件路径或 postgresql:// 地址（默认 $PLANWATCH_DB 或 data/planwatch.duckdb）"
    ),
]


def _open(db: str | None, read_only: bool = False) -> Store:
    try:
        return open_store(db, read_only=read_only)
    except PlanwatchError as error:
        raise _fail(error) from None


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return end_of_day(date.fromisoformat(text))
    except ValueError:
        raise _fail(InputError(f"--as-of “{text}” 不是日期，请写成 2026-10-31 这样的格式。")) from None


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="要导入的 .xlsx 或 .csv 文件")],
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，显示将写入什么，不写入")] = False,
    revise: Annotated[bool, typer.Option("--revise", help="与已入库数值不同的视为更正，记为新版本")] = False,
    report: Annotated[Path | None, typer.Option(help="问题清单 .xlsx 的保存位置（默认与文件同目录）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果")] = False,
) -> None:
    """导入统计数据（企业月报、长表、企业名录、公布数据）：先全部校验，无误才一次写入。"""
    with _open(db) as store:
        try:
            result = import_file(store, file, dry_run=dry_run, revise=revise, report=report)
        except PlanwatchError as error:
            raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps(import_summary(result), ensure_ascii=False, indent=2))
    else:
        print_import(console, result)
    if result.errors:
        raise typer.Exit(code=1)


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
    parks: list[str] = []
    firms: list[tuple[str, str]] = []
    location = db or default_location()
    if period and not park:
        raise _fail(InputError("--period 用于预填报告期，需与 --park 一起使用（列出该园区的企业）。"))
    if park and not (location.startswith("postgres") or Path(location).exists()):
        raise _fail(InputError(f"数据库 {location} 不存在：请先导入企业名录，或用 --db 指定数据库。"))
    try:
        if park or location.startswith("postgres") or Path(location).exists():
            with _open(db, read_only=True) as store:
                orgs = load_orgs(store)
                parks = [org.name for org in orgs.values() if org.kind == "park"]
                firms = park_enterprises(orgs, park or [])
        month = str(parse_period(period)) if period else str(reporting_month(date.today()))
    except PlanwatchError as error:
        raise _fail(error) from None
    write_template(file, parks=sorted(parks), enterprises=firms, period=month if firms else None)
    listed = f"，已列出 {len(firms)} 家企业、报告期 {month}" if firms else ""
    console.print(f"已生成填报模板：{file}{listed}")


@app.command("indicators")
def indicators_command(
    plan_file: Annotated[Path, typer.Option("--plan", help="规划文件")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """列出规划中的量化指标哪些已有计算口径、哪些还没有。"""
    plan = _extract_all([plan_file])[0]
    mappings = map_plan(plan)
    if as_json:
        typer.echo(json.dumps(mapping_summary(mappings), ensure_ascii=False, indent=2))
        return
    print_mappings(console, plan, mappings)


@app.command("compute")
def compute_command(
    plan_file: Annotated[Path, typer.Option("--plan", help="规划文件")],
    db: DbOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="按某日所知的数据计算（YYYY-MM-DD）")] = None,
    enterprises: Annotated[bool, typer.Option("--enterprises", help="也列出每家企业（默认只列地区和园区）")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """按规划指标的计算口径，计算各地区、园区（及企业）各年的数值。"""
    plan = _extract_all([plan_file])[0]
    moment = _as_of(as_of)
    with _open(db, read_only=True) as store:
        try:
            results = compute_plan(store, plan, moment, enterprises=enterprises)
        except PlanwatchError as error:
            raise _fail(error) from None
        names = {org.id: org.name for org in load_orgs(store).values()}
    if as_json:
        typer.echo(json.dumps(compute_summary(results, names), ensure_ascii=False, indent=2))
        return
    print_compute(console, plan, results, names)


def _plan(key: str, store: Store | None) -> Plan:
    """A plan by file path, or by its key (id, file name, title) in the store."""
    path = Path(key)
    if path.exists():
        return _extract_all([path])[0]
    if store is None:
        raise _fail(InputError(f"找不到规划文件“{key}”。请给出文件路径，或用 --db 指定保存了该规划的数据库。"))
    try:
        return load_plan(store, key)
    except PlanwatchError as error:
        raise _fail(error) from None


def _evaluated(
    db: str | None, plan_key: str, as_of: str | None, audit: bool = True
) -> tuple[Plan, Evaluation, list[Finding] | None]:
    """The plan evaluated as of the day, with (``audit``) its stored audit; a plan file not stored is audited now."""
    moment = _as_of(as_of)
    day = moment.date() if moment else date.today()
    with _open(db, read_only=True) as store:
        plan = _plan(plan_key, store)
        try:
            evaluation = evaluate_plan(store, plan, day)
            stored = load_review(store, plan) if audit else None
        except PlanwatchError as error:
            raise _fail(error) from None
    if not audit:
        return plan, evaluation, None
    if stored is not None:
        return plan, evaluation, stored.findings
    return plan, evaluation, review(Path(plan_key)).findings if Path(plan_key).exists() else None


@app.command("evaluate")
def evaluate_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    db: DbOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="评估时点（YYYY-MM-DD，默认今天）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出评估 JSON")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="输出 Markdown 评估报告")] = False,
) -> None:
    """评估规划各目标：进度、状态（已完成/进度正常/需加快/进展缓慢/倒退/数据不足）和到目标年的预测。"""
    _, evaluation, findings = _evaluated(db, plan_key, as_of, audit=markdown)
    if as_json:
        typer.echo(json.dumps(evaluation_json(evaluation), ensure_ascii=False, indent=2))
    elif markdown:
        typer.echo(report(evaluation, findings))
    else:
        print_evaluation(console, evaluation)


@app.command("report")
def report_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    db: DbOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="评估时点（YYYY-MM-DD，默认今天）")] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="docx（Word 公文格式）、xlsx（各表格）、html（单文件网页）或 md")
    ] = ReportFormat.docx,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件（默认当前目录下“<规划>.评估报告.<格式>”）")
    ] = None,
) -> None:
    """生成规划实施评估报告：总体进展、指标完成情况、重点项目、存在问题、下一步建议。"""
    plan, evaluation, findings = _evaluated(db, plan_key, as_of)
    out = output or Path(report_file_name(plan, fmt.value))
    try:
        out.write_bytes(render_report(evaluation, findings, fmt.value))
    except PlanwatchError as error:
        raise _fail(error) from None
    except OSError as error:
        raise _fail(InputError(f"无法写入 {out}：{error.strerror or error}。请换一个目录或文件名（-o）。")) from None
    console.print(f"已写出评估报告：{out}")


@app.command("milestone")
def milestone_command(
    plan_key: Annotated[str, typer.Option("--plan", help="规划文件路径，或库中规划的编号/文件名")],
    target: Annotated[str, typer.Argument(help="定性目标的名称，如“成功创建市级智慧园区”")],
    status: Annotated[str, typer.Option(help="未开始 / 推进中 / 已完成")],
    evidence: Annotated[str | None, typer.Option(help="进展说明或佐证")] = None,
    db: DbOption = None,
) -> None:
    """登记定性目标（里程碑）的进展。"""
    with _open(db) as store:
        plan = _plan(plan_key, store)
        try:
            set_milestone(store, plan, target, status, evidence, store.now())
        except PlanwatchError as error:
            raise _fail(error) from None
    console.print(f"已登记：{target} —— {status}")


@app.command("demo")
def demo_command(
    db: Annotated[Path, typer.Option("--db", help="演示数据库（每次重建）")] = Path("data/demo.duckdb"),
    plans: Annotated[Path, typer.Option(help="示例规划所在目录")] = EXAMPLE_PLANS,
    figures: Annotated[Path, typer.Option(help="公布数据 CSV")] = EXAMPLE_FIGURES,
    reports: Annotated[Path, typer.Option(help="评估报告输出目录")] = Path("data/reports"),
    as_of: Annotated[str, typer.Option("--as-of", help="评估时点")] = "2026-10-31",
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只构建和评估，不启动驾驶舱")] = False,
    host: Annotated[str, typer.Option(help="驾驶舱监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="驾驶舱端口")] = 8000,
) -> None:
    """演示（主任务）：读取示例规划和公布数据，生成标注“演示数据”的企业面板，评估、写出报告并打开驾驶舱。"""
    files = sorted(
        p
        for p in plans.glob("*")
        if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"} and not p.name.upper().startswith("README")
    )
    if not files:
        raise _fail(PlanwatchError(f"{plans}: 没有找到示例规划文件。请在仓库根目录运行，或用 --plans 指定目录。"))
    moment = _as_of(as_of)
    assert moment is not None
    try:
        result = build_demo(db, files, figures if figures.exists() else None, reports, moment.date())
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
    if no_serve:
        return
    with _open(str(db)) as store:
        accounts = demo_accounts(store)
        console.print(f"驾驶舱：http://{host}:{port}/ （按 Ctrl+C 停止）。演示账号（每次运行重新生成密码）：")
        for account in accounts:
            scope = f"，范围 {'、'.join(account.scope)}" if account.scope else ""
            console.print(f"  {account.role:<10} 用户名 {account.name:<10} 密码 {account.password}{scope}")
        _serve(store, host, port, moment.date())


def _serve(store: Store, host: str, port: int, as_of: date | None, secure_cookies: bool = False) -> None:
    try:
        serve(store, host, port, as_of, secure_cookies)
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
    moment = _as_of(as_of)
    with _open(db) as store:
        console.print(f"驾驶舱：http://{host}:{port}/ （API 文档 /api/docs；按 Ctrl+C 停止）")
        _serve(store, host, port, moment.date() if moment else None, secure_cookies)


plan_app = typer.Typer(help="库中的规划。", no_args_is_help=True)
app.add_typer(plan_app, name="plan")


@plan_app.command("add")
def plan_add_command(
    files: Annotated[list[Path], typer.Argument(help="规划文件（.txt .md .docx .pdf），可多个")],
    db: DbOption = None,
) -> None:
    """读取并审查规划，连同审查发现一起存入库中，供驾驶舱、评估和报告使用。"""
    with _open(db) as store:
        for file in files:
            try:
                saved = add_plan(store, file)
            except PlanwatchError as error:
                raise _fail(error) from None
            console.print(
                f"已入库：{saved.plan.title or saved.plan.id}（编号 {saved.plan.id}；"
                f"{len(saved.plan.indicators)} 项指标，审查发现 {len(saved.findings)} 项）"
            )


user_app = typer.Typer(help="驾驶舱账号管理。", no_args_is_help=True)
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
    secret = password or typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    scope = list(park or []) + ([uscc] if uscc else [])
    with _open(db) as store:
        try:
            added = add_user(store, name, secret, role.value, scope, store.now())
        except PlanwatchError as error:
            raise _fail(error) from None
    console.print(
        f"已保存用户 {added.name}（{added.role_zh}）" + (f"，范围：{'、'.join(added.scope)}" if added.scope else "")
    )


@user_app.command("list")
def user_list_command(db: DbOption = None) -> None:
    """列出驾驶舱用户（不显示密码）。"""
    with _open(db, read_only=True) as store:
        for stored in list_users(store):
            typer.echo(f"{stored.name}\t{stored.role}\t{'、'.join(stored.scope)}")


def main() -> None:
    app()
