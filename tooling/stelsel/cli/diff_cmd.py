"""``stelsel diff``."""

from __future__ import annotations

import click

from ..release.diff import diff_projects
from ..release.render import RENDERERS
from ..release.states import ReleaseError, open_state
from ..release.store import WORKING
from .common import ROOT_OPTION, fail, resolve_root


@click.command()
@click.argument("old")
@click.argument("new", required=False, default=WORKING)
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
def diff(old: str, new: str, root: str | None, fmt: str) -> None:
    """Show what changed between two releases, or a release and the working tree.

    OLD and NEW are frozen release versions (e.g. 0.8) or 'working' for the working tree
    (the default NEW). Items are matched by ID: added, changed (field by field, word-level
    for prose), withdrawn, removed, renamed and moved.
    """
    root = resolve_root(root)
    try:
        before = open_state(root, old)
        after = open_state(root, new)
    except ReleaseError as exc:
        fail(str(exc))
    click.echo(RENDERERS[fmt](diff_projects(before, after, old, new)), nl=False)
