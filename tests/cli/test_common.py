"""The project-root option every command shares."""

from __future__ import annotations

import click

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
