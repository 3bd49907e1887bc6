"""`stelsel rules`: list every code, explain one."""

from __future__ import annotations

import json

from stelsel.cli.main import cli
from stelsel.rules import all_rules


def test_lists_every_code(runner):
    """Without CODE, every rule is listed on one line with its code, name, severity and summary."""
    result = runner.invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == [r.code for r in all_rules()]
    assert "I003  file-name-mismatch" in result.output and "warning" in result.output


def test_explains_one_code_by_code_or_name(runner):
    """With a code (any case) or a name, the rule is explained in full, including the fix."""
    for arg in ("r003", "R003", "reference-cycle"):
        result = runner.invoke(cli, ["rules", arg])
        assert result.exit_code == 0
        assert result.output.startswith("R003  reference-cycle")
        assert "Fix:" in result.output


def test_unknown_code_exits_2(runner):
    """An unknown code is a usage error (exit 2) that points at the list."""
    result = runner.invoke(cli, ["rules", "X999"])
    assert result.exit_code == 2
    assert "unknown rule code 'X999'" in result.output


def test_json(runner):
    """--format json gives code, name, severity, summary and explanation per rule."""
    data = json.loads(runner.invoke(cli, ["rules", "--format", "json"]).output)
    assert [d["code"] for d in data] == [r.code for r in all_rules()]
    assert set(data[0]) == {"code", "name", "severity", "summary", "explanation"}


def test_markdown(runner):
    """--format markdown gives one section per rule."""
    output = runner.invoke(cli, ["rules", "--format", "markdown"]).output
    assert output.startswith("# Rules\n")
    assert output.count("\n## ") == len(all_rules())
    assert "## F007 `yaml-alias` (error)" in output
