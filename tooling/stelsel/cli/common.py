"""Options and helpers shared by commands."""

from __future__ import annotations

from pathlib import Path

import click

from ..diagnostics import ExitCode
from ..load.tree import CONTENT_DIR, find_root


def resolve_root(path: str | None) -> Path:
    """The project root for PATH (default: the current folder), or a usage error."""
    start = Path(path or ".")
    if not start.exists():
        raise click.UsageError(f"path does not exist: {start}")
    if start.is_file():
        start = start.parent
    root = find_root(start)
    if root is None:
        raise click.UsageError(
            f"no stelsel project at or above {start}: expected a folder that contains {CONTENT_DIR}/ "
            "(run from the project root, or pass its path)")
    return root


def fail(message: str) -> None:
    click.echo(f"stelsel: {message}", err=True)
    raise SystemExit(ExitCode.USAGE)
