"""The CLI reference in ``docs/cli.md``, rendered from the commands' own ``--help``.

``make docs`` writes it; a test checks the committed file is current.
"""

from __future__ import annotations

from typer.testing import CliRunner

from planwatch.cli import app

WIDTH = 100


def render() -> str:
    runner = CliRunner()
    names = sorted(command.name or "" for command in app.registered_commands)
    groups = sorted(
        [group.name or "", *(command.name or "" for command in group.typer_instance.registered_commands)]
        for group in app.registered_groups
        if group.typer_instance is not None
    )
    calls = [[name] for name in names] + [
        [group[0], *sub] for group in groups for sub in ([], *([c] for c in group[1:]))
    ]
    parts = ["# planwatch 命令参考", "", "由 `make docs` 从各命令的 `--help` 生成，请勿手改。", ""]
    for args in ([], *calls):
        result = runner.invoke(
            app, [*args, "--help"], prog_name="planwatch", env={"COLUMNS": str(WIDTH), "TERM": "dumb", "NO_COLOR": "1"}
        )
        title = " ".join(["planwatch", *args])
        text = "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())
        parts += [f"## `{title}`", "", "```", text, "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
