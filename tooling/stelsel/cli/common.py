"""Options and helpers shared by commands."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..diagnostics import ExitCode
from ..load.tree import CONFIG_NAME, PROJECT_FILE, find_root


# The one spelling of the project root on every command that reads a project.
def _version(_ctx, _param, value: str) -> str:
    from ..versions import is_valid_version

    if not is_valid_version(value):
        raise click.BadParameter(f"'{value}' is not a version: use letters, digits, '.', '-', '_' and '+' "
                                 "(e.g. 1.1), starting with a letter or digit, without '..'")
    return value


# The VERSION of every release command: it names a file, a folder and a tag, so it is checked first.
VERSION_ARGUMENT = click.argument("version", callback=_version)

ROOT_OPTION = click.option("-C", "--root", "root", type=click.Path(file_okay=False), default=None,
                           metavar="DIR", help="The project root, or any folder below it (default: the current folder).")


def given_root(root: str | None) -> str | None:
    """The command's -C/--root, else the one given before the command (``stelsel -C DIR COMMAND``)."""
    if root is not None:
        return root
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj.get("root") if isinstance(obj, dict) else None


def resolve_root(root: str | None, path: str | None = None) -> Path:
    """The project root for ``-C/--root`` or a command's PATH argument (default: the current folder).

    A usage error when there is no project there, or when both are given.
    """
    root = given_root(root)
    if root is not None and path is not None:
        raise click.UsageError("give the project root once: as PATH or with -C/--root, not both")
    start = Path(root or path or ".")
    if not start.exists():
        raise click.UsageError(f"path does not exist: {start}")
    if start.is_file():
        start = start.parent
    root = find_root(start)
    if root is None:
        raise click.UsageError(
            f"no stelsel project at or above {start}: expected a folder whose content folder holds "
            f"{CONFIG_NAME}, or a {PROJECT_FILE} naming its content folder (run from the project root, or pass its "
            "path)")
    return root


class InputFile(click.Path):
    """A file the command reads: it exists and is a regular file. A folder is refused by click; a named pipe, a
    socket or a device here, since reading one would wait for ever or read nothing."""

    def __init__(self):
        super().__init__(exists=True, dir_okay=False)

    def convert(self, value, param, ctx):
        from ..paths import input_problem

        value = super().convert(value, param, ctx)
        problem = input_problem(value)
        if problem:
            self.fail(f"{value!r} is {problem}" if problem.startswith("not ") else f"{value!r}: {problem}", param, ctx)
        return value


def writable_target(path: str | Path, folder: bool = False) -> Path:
    """``path`` as a Path, or a usage error now, before any work, when it cannot be written: a folder on its way is
    a file, or the nearest folder that exists may not be written in. ``folder``: ``path`` is a folder to write into.
    """
    target = Path(path)
    place = target if folder else target.parent
    for existing in (place, *place.parents):
        if existing.exists():
            break
    else:  # pragma: no cover - the current folder or the file system's root exists
        return target
    if not existing.is_dir():
        fail(f"cannot write {target}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        fail(f"cannot write {target}: no permission to write in {existing}")
    return target


def write_failure(target: str | Path, exc: OSError) -> str:
    """The message for a write to ``target`` that failed after all (a disk full, a folder removed meanwhile)."""
    return f"cannot write {target}: {exc.strerror or exc}"


def progress_echo():
    """A callback that reports progress on stderr while stdout is a terminal, else None (quiet in CI and pipes)."""
    import sys

    if not sys.stdout.isatty():
        return None
    return lambda message: click.echo(message, err=True)


def fail(message: str) -> None:
    click.echo(f"stelsel: {message}", err=True)
    raise SystemExit(ExitCode.USAGE)
