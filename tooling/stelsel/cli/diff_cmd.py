"""``stelsel diff``."""

from __future__ import annotations

import difflib
import json

import click

from ..release.diff import diff_projects
from ..release.render import RENDERERS, renderer
from ..release.states import ReleaseError, open_state
from ..release.store import WORKING
from .common import ROOT_OPTION, fail, resolve_root


@click.command()
@click.argument("old")
@click.argument("new", required=False, default=WORKING)
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option("--role", "role", metavar="ROLE",
              help="Only what concerns this role (its ID): the agreements that apply to it on either side, "
                   "with level changes, and how many bind it per level in NEW.")
def diff(old: str, new: str, root: str | None, fmt: str, role: str | None) -> None:
    """Show what changed between two releases, or a release and the working tree.

    OLD and NEW are frozen release versions (e.g. 0.8) or 'working' for the working tree
    (the default NEW). Items are matched by ID: added, changed (field by field, word-level
    for prose), withdrawn, removed, renamed and moved. With --role, only what changed for
    that role: 'stelsel diff 0.8 1.0 --role gtk-dienstverlener'.
    """
    root = resolve_root(root)
    try:
        before = open_state(root, old)
        after = open_state(root, new)
    except ReleaseError as exc:
        fail(str(exc))
    result = diff_projects(before, after, old, new)
    if role is None:
        click.echo(renderer(fmt, after.config)(result), nl=False)
        return
    from ..release.role_diff import render_role_text, role_changes

    roles = {**before.by_kind.get("role", {}), **after.by_kind.get("role", {})}
    if role not in roles:
        near = difflib.get_close_matches(role, roles, n=3, cutoff=0.5)
        raise click.BadParameter(f"no role '{role}' in {old} or {new}"
                                 + (f": did you mean {' or '.join(repr(n) for n in near)}?" if near else
                                    f" (roles: {', '.join(sorted(roles))})"), param_hint="'--role'")
    changes = role_changes(result, after, role, roles[role].model.title)
    if fmt == "json":
        click.echo(json.dumps({**changes.as_dict(), "diff": changes.as_diff().as_dict()}, indent=2,
                              ensure_ascii=False))
    elif fmt == "text":
        levels = [level.id for level in after.config.levels] if after.config is not None else sorted(changes.levels)
        click.echo(render_role_text(changes, levels), nl=False)
    else:
        click.echo(renderer(fmt, after.config)(changes.as_diff()), nl=False)
