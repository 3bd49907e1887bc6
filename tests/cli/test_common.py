"""The project-root option every command shares."""

from __future__ import annotations

import click

from stelsel.cli.main import COMMANDS, cli

# Commands that read no project: the rule list, the package's own schemas, a checklist file.
NO_PROJECT = {"rules", "schemas", "assess import"}


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
