"""Reference docs: the generated rule list, rule docstrings, and the README's command table."""

from __future__ import annotations

import re

import click
import pytest

from stelsel.cli.main import cli
from stelsel.rules import all_rules

from .helpers import REPO

REGENERATE = "stelsel rules --format markdown > docs/rules.md"


def test_rules_md_is_up_to_date(runner):
    """docs/rules.md is exactly what 'stelsel rules --format markdown' prints."""
    expected = runner.invoke(cli, ["rules", "--format", "markdown"]).output
    path = REPO / "docs" / "rules.md"
    assert path.is_file(), f"docs/rules.md is missing; generate it: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == expected, f"docs/rules.md is out of date; regenerate it: {REGENERATE}"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule):
    """Every rule has a one-sentence summary and an explanation that says how to fix it ('Fix:')."""
    summary, explanation = rule.summary(), rule.explanation()
    assert summary and summary.endswith("."), f"{rule.code}: the docstring's first paragraph is the summary"
    assert explanation, f"{rule.code}: the docstring needs a second paragraph explaining the problem"
    assert "Fix:" in explanation, f"{rule.code}: the explanation must say how to fix it ('Fix: …')"


def _commands(group: click.Group, prefix: str = "stelsel"):
    """Every command and subcommand, found through the group (commands load lazily)."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


def _readme_command_rows() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Commands\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "README.md has no '## Commands' section"
    return [line.split("|")[1].strip() for line in match.group(1).splitlines() if line.startswith("| `")]


COMMANDS = list(_commands(cli))


def test_commands_are_found():
    """The command list is read from the CLI itself and includes the core commands."""
    names = {name for name, _ in COMMANDS}
    assert {"stelsel check", "stelsel rules", "stelsel schemas"} <= names


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_is_documented(name, command):
    """Every command has a help text and a row in README.md's Commands table."""
    assert (command.help or "").strip(), f"'{name}' has no help text (give the function a docstring)"
    rows = _readme_command_rows()
    listed = [row for row in rows if row == f"`{name}`" or row.startswith(f"`{name} ")]
    assert listed, f"'{name}' is missing from the Commands table in README.md"
