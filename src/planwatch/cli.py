"""The command line: parses options and calls the library; nothing else."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console

from planwatch.errors import PlanwatchError
from planwatch.plan.audit import Review, review
from planwatch.plan.audit.memo import memo
from planwatch.plan.extract import extract
from planwatch.plan.model import Plan
from planwatch.plan.summary import summarise
from planwatch.terminal import print_findings, print_summary

app = typer.Typer(
    help="planwatch：把县域产业发展规划变成可审查、可监测的指标体系。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

EXAMPLE_PLANS = Path("examples/plans")


class AuditFormat(StrEnum):
    terminal = "terminal"
    markdown = "markdown"


def _fail(error: PlanwatchError) -> typer.Exit:
    errors.print(f"[red]错误：[/red]{error}", highlight=False, soft_wrap=True)
    return typer.Exit(code=error.exit_code)


def _extract_all(files: list[Path]) -> list[Plan]:
    plans: list[Plan] = []
    for file in files:
        try:
            plans.append(extract(file))
        except PlanwatchError as error:
            raise _fail(error) from None
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
) -> None:
    """读取规划文件，识别指标、目标、现状数据、园区、项目和产业链。"""
    plans = _extract_all(files)
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


@app.command("demo")
def demo_command(
    plans: Annotated[Path, typer.Option(help="示例规划所在目录")] = EXAMPLE_PLANS,
) -> None:
    """演示：读取两份示例规划并显示摘要。"""
    files = sorted(
        p
        for p in plans.glob("*")
        if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"} and not p.name.upper().startswith("README")
    )
    if not files:
        raise _fail(PlanwatchError(f"{plans}: 没有找到示例规划文件。请在仓库根目录运行，或用 --plans 指定目录。"))
    for plan in _extract_all(files):
        print_summary(console, summarise(plan))
        console.print()


def main() -> None:
    app()
