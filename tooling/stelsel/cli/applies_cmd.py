"""``stelsel applies --role R [--date D]``: which releases are valid on a day, and what binds a role then."""

from __future__ import annotations

import datetime as dt
import json

import click

from .common import ROOT_OPTION, fail, resolve_root


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(f"not a date: '{text}' (use YYYY-MM-DD)", param_hint="--date") from None


@click.command()
@click.option("--role", required=True, metavar="ROLE", help="The role (its ID).")
@click.option("--date", "date", metavar="DATE", help="The day (YYYY-MM-DD; default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ROOT_OPTION
def applies(role, date, fmt, root) -> None:
    """Which release(s) are valid on DATE and which agreements bind ROLE then.

    Per agreement: its level, since when it binds and until when, and for one the older
    valid release lacks, from when every party must meet it. Computed from the frozen
    releases, their ingangsdatum in the register and the framework's validity policy.
    """
    from ..load.project import load_project
    from ..release.applies import AppliesError, applies as compute

    day = _day(date)
    path = resolve_root(root)
    project = load_project(path)
    try:
        answer = compute(path, project, role, day)
    except AppliesError as exc:
        fail(str(exc))
        return
    if fmt == "json":
        click.echo(json.dumps(answer.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{answer.role} ({answer.role_title}) on {answer.day}; validity policy: {answer.policy}")
    click.echo("valid releases:" if answer.valid else "valid releases: none")
    for index, window in enumerate(reversed(answer.valid)):
        which = "current" if index == 0 else "previous"
        click.echo(f"  {window.version:<8} from {window.start}  until {window.until or 'further notice'}  ({which})")
    if answer.valid:
        click.echo(f"agreements binding {answer.role} ({len(answer.obligations)}):")
    for o in answer.obligations:
        parts = [f"since {o.since}", f"until {o.until or 'further notice'}"]
        if o.required_from:
            parts.append(f"required from {o.required_from}")
        if o.transition_until:
            parts.append(f"transition until {o.transition_until}")
        levels = f" (levels: {', '.join(f'{v} {lv}' for v, lv in o.levels.items())})" if o.levels else ""
        click.echo(f"  {o.id:<10} {o.level:<10} {'; '.join(parts)}; in {', '.join(o.releases)}{levels}  {o.title}")
    for note in answer.notes:
        click.echo(f"note: {note}")
