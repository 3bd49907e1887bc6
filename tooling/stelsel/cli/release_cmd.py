"""``stelsel release``: plan, open, cut, publish and changelog."""

from __future__ import annotations

import json

import click

from ..diagnostics import ExitCode
from ..release.states import ReleaseError
from .common import VERSION_ARGUMENT, ROOT_OPTION, fail, resolve_root


@click.group()
def release() -> None:
    """Plan, cut and document releases of the framework."""


@release.command("plan")
@VERSION_ARGUMENT
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def plan_cmd(version: str, root: str | None, fmt: str) -> None:
    """Show what VERSION will contain and what still blocks it.

    Lists the approved proposals that target VERSION with their items, proposals still
    under way, items changed by two proposals, changes since the previous frozen release
    that no approved proposal carries, and a release decision that is missing or not valid
    (when the cut requires one). Exit 0 when nothing blocks the release, 1 when something does.
    """
    from ..workflow.release_acts import plan as plan_release

    root = resolve_root(root)
    try:
        plan = plan_release(root, version)
    except ReleaseError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(_plan_dict(plan), indent=2, ensure_ascii=False))
    else:
        _print_plan(plan)
    raise SystemExit(ExitCode.CLEAN if plan.ready else ExitCode.FINDINGS)


def _plan_dict(plan) -> dict:
    return {
        "version": plan.version,
        "previous": plan.previous,
        "ready": plan.ready,
        "approved": [{"id": p.id, "title": p.model.title, "type": p.model.type,
                      "items": [{"item": c.item, "action": c.action} for c in p.model.changes]} for p in plan.approved],
        "pending": [{"id": p.id, "status": p.model.status} for p in plan.pending],
        "conflicts": plan.conflicts,
        "diff": plan.diff.as_dict() if plan.diff else None,
        "blockers": plan.blockers,
    }


def _print_plan(plan) -> None:
    click.echo(f"Release {plan.version} (previous frozen release: {plan.previous or 'none'})")
    click.echo(f"Approved proposals: {len(plan.approved)}")
    for proposal in plan.approved:
        click.echo(f"  {proposal.id}  [{proposal.model.type}] {proposal.model.title}")
        for change in proposal.model.changes:
            click.echo(f"      {change.action:<9} {change.item}")
    if plan.pending:
        click.echo(f"Still under way: {len(plan.pending)}")
        for proposal in plan.pending:
            click.echo(f"  {proposal.id}  ({proposal.model.status}) {proposal.model.title}")
    if plan.diff is not None:
        from ..release.render import summary

        click.echo(f"Changes since {plan.previous or 'the start'}: {summary(plan.diff)}")
    if plan.blockers:
        click.echo(f"Blocked ({len(plan.blockers)}):")
        for blocker in plan.blockers:
            click.echo(f"  - {blocker}")
    else:
        click.echo("Nothing blocks this release.")


@release.command("open")
@VERSION_ARGUMENT
@click.option("--as", "actor", required=True, metavar="PERSON", help="Who opens the release (an ID from the roster).")
@ROOT_OPTION
@click.option("--title", default=None, help="Title of a release the register does not list yet (it is added).")
@click.option("--no-git", is_flag=True, help="Do not commit, even in a git repository.")
def open_cmd(version: str, actor: str, root: str | None, title: str | None, no_git: bool) -> None:
    """Open VERSION as the next working release (proposals target it by default).

    Needs the authority of workflow.release_authority.open in governance.yaml. Moves a
    planned register entry to in preparation (or adds one, with --title), sets its
    previous release to the newest frozen one and sets working_release in stelsel.yaml;
    in a git repository it commits both as PERSON. Refuses a version that is frozen or
    not newer than the newest frozen release.
    """
    from ..workflow.release_acts import open_release

    root = resolve_root(root)
    try:
        opened = open_release(root, version, actor, title=title, use_git=not no_git)
    except ReleaseError as exc:
        fail(str(exc))
    what = "added to the register and opened" if opened.created else "opened"
    click.echo(f"release {version} {what} ({opened.register}, previous: {opened.previous or 'none'}); "
               f"working_release is {version}")
    if opened.commit:
        click.echo(f"committed {opened.commit[:10]}")


@release.command("cut")
@VERSION_ARGUMENT
@click.option("--as", "actor", required=True, metavar="PERSON", help="Who cuts the release (an ID from the roster).")
@ROOT_OPTION
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Release date (default: today).")
@click.option("--no-git", is_flag=True, help="Do not commit or tag, even in a git repository.")
@click.option("--founding", is_flag=True, help=(
    "The first release, without a founding proposal: record the founding (a proposal of type founding, "
    "decided by PERSON, listing every item) and the release decision, then cut."))
def cut_cmd(version: str, actor: str, root: str | None, on, no_git: bool, founding: bool = False) -> None:
    """Freeze VERSION into releases/VERSION after its decision.

    Needs the authority of workflow.release_authority.cut in governance.yaml (who may cut,
    on the release date) and its guards (a valid release decision, every proposal for
    VERSION approved, no item in a status that may not be released). Refuses unless
    'stelsel check' is clean and 'stelsel release plan VERSION' has no blockers. Builds the
    release in a temporary copy and checks it there, then in place: on any error nothing
    changes. Marks the included proposals as released, sets ready items to adopted,
    freezes the content with a manifest of hashes, regenerates CHANGELOG.md, moves
    working_release to the next planned release and, in a git repository, commits as
    PERSON and tags 'release-VERSION' (signed when the workflow requires signed decisions).
    """
    from ..check import run_rules
    from ..workflow.release_acts import cut

    root = resolve_root(root)
    try:
        if founding:
            from ..workflow.records import found

            recorded, result = found(root, version, actor, run_rules=run_rules, use_git=not no_git,
                                     on=on.date() if on else None)
            click.echo(f"founding recorded in {recorded.path}: {len(recorded.changes)} item(s) founded as they stand")
        else:
            result = cut(root, version, actor, run_rules=run_rules, today=on.date() if on else None,
                         use_git=not no_git)
    except ReleaseError as exc:
        fail(str(exc))
    click.echo(f"release {version} frozen in {result.folder.relative_to(root)}: {len(result.proposals)} proposal(s), "
               f"{len(result.promoted)} item(s) set to adopted")
    for problem in result.changelog_problems:
        click.echo(f"changelog: {problem}", err=True)
    if result.working_release:
        click.echo(f"working_release is now {result.working_release}")
    for note in result.notes:
        click.echo(note)
    if result.tag:
        click.echo(f"committed {result.commit[:10]} and tagged {result.tag}")


@release.command("publish")
@VERSION_ARGUMENT
@click.option("--as", "actor", required=True, metavar="PERSON", help="Who publishes (an ID from the roster).")
@ROOT_OPTION
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date (default: today).")
@click.option("--no-git", is_flag=True, help="Do not commit, even in a git repository.")
def publish_cmd(version: str, actor: str, root: str | None, on, no_git: bool) -> None:
    """Mark a frozen, decided release as published in the register (in the framework's word for it).

    Needs the authority of workflow.release_authority.publish in governance.yaml. Records
    who published it and when (published: by, date) and, in a git repository, commits that
    as PERSON. The site's 'latest' alias points at the newest published release.
    """
    from ..workflow.release_acts import publish

    root = resolve_root(root)
    try:
        changed = publish(root, version, actor, on.date() if on else None, use_git=not no_git)
    except ReleaseError as exc:
        fail(str(exc))
    click.echo(f"release {version} is published ({changed.relative_to(root)})")


@release.command("changelog")
@ROOT_OPTION
@click.option("--check", "only_check", is_flag=True, help="Do not write; exit 1 if CHANGELOG.md is not current.")
def changelog_cmd(root: str | None, only_check: bool) -> None:
    """Compute CHANGELOG.md from the frozen releases and verify it against their diffs.

    Every entry links its proposal and decision. A content change that no included
    proposal carries, or a proposal whose items did not change, is reported (exit 1).
    """
    from ..release.changelog import CHANGELOG, build_changelog, changelog_state

    root = resolve_root(root)
    text, problems = build_changelog(root)
    for problem in problems:
        click.echo(f"{CHANGELOG}: {problem}", err=True)
    if problems and not only_check:
        click.echo(f"{CHANGELOG} not written: fix the problems above first", err=True)
        raise SystemExit(ExitCode.FINDINGS)
    if only_check:
        current = (root / CHANGELOG).read_text(encoding="utf-8") if (root / CHANGELOG).exists() else None
        state = changelog_state(root, current)
        if state or current != text:
            click.echo(f"{CHANGELOG} is {state or 'out of date'}; run 'stelsel release changelog'", err=True)
            raise SystemExit(ExitCode.FINDINGS)
        if not problems:
            click.echo(f"{CHANGELOG} is current")
    else:
        from ..atomic import atomic_write

        atomic_write(root / CHANGELOG, text)
        click.echo(f"wrote {CHANGELOG}")
    raise SystemExit(ExitCode.FINDINGS if problems else ExitCode.CLEAN)


from . import release_verify  # noqa: E402,F401  (registers 'release verify')
