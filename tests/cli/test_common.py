"""The options every command shares: the project root, and the files and folders a command writes."""

from __future__ import annotations

import os

import click
import pytest

from stelsel.cli.main import COMMANDS, cli

# Commands that read no project: the rule list, a checklist file. ('stelsel -C DIR' before any command
# sets the root for all of them.)
NO_PROJECT = {"rules", "assess import", "init"}  # init writes a new one


def _commands():
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                yield f"{name} {sub.name}", sub
        else:
            yield name, command


def test_every_project_command_spells_the_root_option_alike():
    """Each command that reads a project takes -C/--root, and no command has a --path option."""
    for name, command in _commands():
        options = [param.opts for param in command.params if isinstance(param, click.Option)]
        assert not any("--path" in opts for opts in options), name
        if name not in NO_PROJECT:
            assert ["-C", "--root"] in options, name


def test_root_option_and_path_argument_are_the_same_root(runner, minimal):
    """'check -C ROOT' reads the same project as 'check ROOT'; giving both is a usage error."""
    by_argument = runner.invoke(cli, ["check", str(minimal), "--format", "json", "--no-cache"])
    by_option = runner.invoke(cli, ["check", "-C", str(minimal), "--format", "json", "--no-cache"])
    assert by_argument.exit_code == by_option.exit_code == 0
    assert by_argument.stdout == by_option.stdout
    both = runner.invoke(cli, ["check", str(minimal), "--root", str(minimal)])
    assert both.exit_code == 2 and "not both" in both.output


def test_root_before_the_command(runner, minimal, tmp_path, monkeypatch):
    """'stelsel -C ROOT COMMAND' is 'stelsel COMMAND -C ROOT', from any folder; with a PATH as well it is a usage error."""
    monkeypatch.chdir(tmp_path)
    before = runner.invoke(cli, ["-C", str(minimal), "check", "--format", "json", "--no-cache"])
    after = runner.invoke(cli, ["check", "-C", str(minimal), "--format", "json", "--no-cache"])
    assert before.exit_code == after.exit_code == 0 and before.stdout == after.stdout
    for command in (["proposals"], ["rules"], ["schemas", "--check"], ["release", "changelog", "--check"]):
        result = runner.invoke(cli, ["-C", str(minimal), *command])
        assert result.exit_code in (0, 1) and "no stelsel project" not in result.output, (command, result.output)
    both = runner.invoke(cli, ["-C", str(minimal), "check", str(minimal)])
    assert both.exit_code == 2 and "not both" in both.output


def _writes_below(blocker, minimal):
    """Each command that writes a file or folder the user names, with that name below the file ``blocker``."""
    below = str(blocker / "x")
    return [["pdf", "-C", str(minimal), "--output", below + ".pdf"],
            ["pdf", "-C", str(minimal), "--html", below + ".html"],
            ["checklist", "-C", str(minimal), "--role", "zorgaanbieder", "--output", below + ".md"],
            ["checklist", "-C", str(minimal), "--role", "zorgaanbieder", "--format", "xlsx", "--output", below],
            ["assess", "import", str(blocker), "--party", "P", "--output", below + ".yaml"],
            ["build", str(minimal), "--site-dir", below],
            ["ci", "-C", str(minimal), "--forge", "github", "--output", below],
            ["init", below, "--language", "nl", "--title", "T", "--no-git"],
            ["schemas", "-C", str(minimal), "--out", below]]


def test_a_target_below_a_file_is_a_usage_error_before_any_work(runner, minimal, tmp_path):
    """Every --output, --out, --html, --site-dir and init's folder below a file (where no folder can be made) ends at
    once with 'cannot write X: Y is a file, not a folder' and exit 2; never an internal error, nothing written."""
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    for command in _writes_below(blocker, minimal):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, (command, result.output)
        assert f"cannot write {blocker / 'x'}" in result.output, (command, result.output)
        assert f"{blocker} is a file, not a folder" in result.output, (command, result.output)
        assert "internal error" not in result.output, (command, result.output)
    assert blocker.read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["bestand", "minimal"]


def test_a_file_in_the_way_found_late_is_named_not_called_a_bug(runner, minimal, tmp_path):
    """A file where a command needs a folder inside its target (ci's .github) ends with 'cannot use PATH: reason'
    and exit 2, not 'internal error ... a bug in stelsel'."""
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".github").write_text("x")
    result = runner.invoke(cli, ["ci", "-C", str(minimal), "--forge", "github", "--output", str(tmp_path / "repo")])
    assert result.exit_code == 2, result.output
    assert f"cannot use {tmp_path / 'repo' / '.github' / 'workflows'}: Not a directory" in result.output
    assert "internal error" not in result.output and (tmp_path / "repo" / ".github").read_text() == "x"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_a_target_in_a_read_only_folder_is_a_usage_error_before_any_work(runner, minimal, tmp_path):
    """A target whose nearest existing folder may not be written in ends with 'no permission to write in' it."""
    locked = tmp_path / "dicht"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = runner.invoke(cli, ["checklist", "-C", str(minimal), "--role", "zorgaanbieder",
                                     "--output", str(locked / "sub" / "x.md")])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2 and f"no permission to write in {locked}" in result.output, result.output
