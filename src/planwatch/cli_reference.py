"""The CLI reference in ``docs/cli.md``, rendered from the commands' own ``--help``.

``make docs`` writes it; a test checks the committed file is current.
"""

from __future__ import annotations

from typer.testing import CliRunner

from planwatch.cli import app

WIDTH = 100


def render() -> str:
    runner = CliRunner()
    names = [[command.name or ""] for command in app.registered_commands]
    for group in app.registered_groups:  # planwatch plan add, planwatch projects template …
        names.append([group.name or ""])
        sub = group.typer_instance.registered_commands if group.typer_instance else []
        names += [[group.name or "", command.name or ""] for command in sub]
    parts = ["# planwatch 命令参考", "", "由 `make docs` 从各命令的 `--help` 生成，请勿手改。", ""]
    for args in ([], *sorted(names)):
        result = runner.invoke(
            app, [*args, "--help"], prog_name="planwatch", env={"COLUMNS": str(WIDTH), "TERM": "dumb", "NO_COLOR": "1"}
        )
        title = " ".join(["planwatch", *args])
        text = "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())
        parts += [f"## `{title}`", "", "```", text, "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
