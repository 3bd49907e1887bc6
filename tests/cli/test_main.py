"""The `stelsel` command group: help, version, unknown commands."""

from __future__ import annotations

from stelsel import __version__
from stelsel.cli.main import cli


def test_version(runner):
    """--version prints the package version."""
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_commands(runner):
    """--help (and -h) lists the commands and the exit codes."""
    for flag in ("--help", "-h"):
        result = runner.invoke(cli, [flag])
        assert result.exit_code == 0
        assert "check" in result.output and "rules" in result.output and "schemas" in result.output
        assert "Exit codes" in result.output


def test_unknown_command_exits_2(runner):
    """An unknown command is a usage error with exit 2."""
    result = runner.invoke(cli, ["kontrol"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
