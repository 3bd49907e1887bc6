"""``stelsel``: the command group. Each command lives in its own module."""

from __future__ import annotations

import os
import sys
import traceback

import click

from .. import __version__
from ..diagnostics import ExitCode


# Commands are imported only when used, so `stelsel check` on a warm cache never pays for
# importing the model stack. Register a command here: name -> "module:attribute".
COMMANDS: dict[str, str] = {
    "applies": "applies_cmd:applies",
    "assess": "assess_cmd:assess",
    "build": "build_cmd:build",
    "check": "check_cmd:check",
    "checklist": "checklist_cmd:checklist",
    "ci": "ci_cmd:ci",
    "consult": "consult_cmd:consult",
    "decide": "proposal_cmds:decide",
    "diff": "diff_cmd:diff",
    "import": "import_cmd:import_",
    "init": "init_cmd:init",
    "move": "proposal_cmds:move",
    "pdf": "pdf_cmd:pdf",
    "proposals": "proposals_cmd:proposals",
    "propose": "proposal_cmds:propose",
    "release": "release_cmd:release",
    "review": "proposal_cmds:review",
    "rules": "rules_cmd:rules",
    "schemas": "schemas_cmd:schemas",
    "serve": "build_cmd:serve",
    "show": "proposals_cmd:show",
}


class StelselGroup(click.Group):
    """Loads commands lazily; turns any unexpected exception into a clear message and exit
    code 2, never a traceback."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name in self.commands:
            return self.commands[name]
        target = COMMANDS.get(name)
        if target is None:
            return None
        import importlib

        module_name, attribute = target.split(":")
        module = importlib.import_module(f"{__package__}.{module_name}")
        command = getattr(module, attribute)
        self.commands[name] = command
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # output piped into head and the like
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM where a command rolls back on it (atomic.Terminated)
            from ..atomic import Terminated

            click.echo("terminated" if isinstance(exc, Terminated) else "interrupted", err=True)
            sys.exit(ExitCode.USAGE)
        except Exception as exc:  # pragma: no cover - the safety net itself
            if os.environ.get("STELSEL_TRACEBACK"):  # for developers: the whole traceback
                traceback.print_exc()
            if isinstance(exc, OSError) and exc.filename:
                # A file or folder of the machine's stands in the way (a file where a folder is wanted, no
                # permission, a full disk): the command's own checks missed it, but it is no bug to report.
                click.echo(f"stelsel: cannot use {exc.filename}: {exc.strerror or exc}", err=True)
                sys.exit(ExitCode.USAGE)
            click.echo(f"stelsel: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in stelsel; please report it with the command you ran.", err=True)
            sys.exit(ExitCode.USAGE)


@click.group(cls=StelselGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="stelsel")
@click.option("-C", "--root", "root", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="The project root, or any folder below it, for the command that follows (as its own -C/--root).")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """Docs-as-code governance and release management for agreement frameworks.

    Run commands from the project root (the folder that holds afsprakenstelsel/), or pass
    -C DIR (before or after the command). Exit codes: 0 clean, 1 findings, 2 usage or
    internal error. Shell completion: eval "$(_STELSEL_COMPLETE=bash_source stelsel)"
    (zsh_source, fish_source for the other shells).
    """
    ctx.obj = {"root": root}


def main() -> None:  # console-script entry point
    from . import quick_exit

    try:
        cli(prog_name="stelsel")
    except SystemExit as exc:
        if quick_exit.applies():  # a command with a large heap: no teardown of every object (quick_exit.py)
            quick_exit.leave(exc.code)
        raise
