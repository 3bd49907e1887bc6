"""``stelsel propose``, ``move``, ``review`` and ``decide``: acts on change proposals.

Thin: each parses its options, calls one operation in ``stelsel.workflow.ops`` and reports.
A refused act explains why and leaves the file untouched (exit 1); an unknown proposal,
person, state, verdict or outcome is a usage error (exit 2).
"""

from __future__ import annotations

import click

from .common import ROOT_OPTION, resolve_root

AS_OPTION = click.option("--as", "actor", metavar="PERSON",
                         help="Who acts: an ID or e-mail address on the roster (default: git's user.email).")


def report_error(exc) -> None:
    """Print a WorkflowError and exit with its code."""
    click.echo(f"stelsel: {exc.message}", err=True)
    for detail in exc.details:
        click.echo(f"  - {detail}", err=True)
    if getattr(exc, "allowed", None) is not None:
        who = f" for {exc.actor}" if getattr(exc, "actor", None) else ""
        click.echo(f"allowed moves now{who}: {', '.join(exc.allowed) if exc.allowed else 'none'}", err=True)
    for hint in exc.hints:
        click.echo(f"  hint: {hint}", err=True)
    raise SystemExit(exc.exit_code)


def _run(operation, *args, **kwargs):
    from ..workflow.ops import WorkflowError

    try:
        done = operation(*args, **kwargs)
    except WorkflowError as exc:
        report_error(exc)
        return None
    click.echo(done.summary)
    click.echo(f"  {done.path} {'created' if done.created else 'updated'}; commit it")
    for note in done.notes:
        click.echo(f"  {note}")
    return done


def _when(text: str | None, default_now: bool = True):
    from ..workflow.ops import WorkflowError, parse_when

    if text is None:
        return None
    try:
        return parse_when(text, default_now)
    except WorkflowError as exc:
        report_error(exc)


@click.command()
@click.option("--title", required=True, help="What the proposal does, in one line.")
@click.option("--type", "type_", help="One of the workflow's proposal types (default: the first declared).")
@click.option("--working-group", "working_group",
              help="The working group that carries it (default: the author's only working group).")
@click.option("--release", "release", help="Target release (default: the framework's working_release).")
@click.option("--item", "items", multiple=True, metavar="[ACTION:]ID",
              help="An item it adds, changes or withdraws: add:ID, change:ID or withdraw:ID (bare ID: change). Repeatable.")
@click.option("--author", "authors", multiple=True, metavar="PERSON",
              help="An author (ID or e-mail on the roster; default: git's user.email). Repeatable.")
@click.option("--motivation", help="Why, held against the framework's motto (default: a placeholder to fill in).")
@click.option("--id", "ident", help="Choose the ID yourself (default: CP-<yyyymmdd>-<slug of the title>).")
@ROOT_OPTION
def propose(title, type_, working_group, release, items, authors, motivation, ident, root) -> None:
    """Scaffold a new change proposal in changes/<ID>.md.

    The ID is CP-<yyyymmdd>-<slug>: the day and a slug of the title, so pull requests that
    create proposals at the same time do not collide. The proposal starts in the workflow's
    initial state; fill in the motivation and the impact per role, then commit it.
    """
    from ..workflow.propose import propose as op

    _run(op, resolve_root(root), title, type_=type_, working_group=working_group, release=release, items=items,
         authors=authors, ident=ident, motivation=motivation)


@click.command()
@click.argument("ident", metavar="ID")
@click.argument("state")
@AS_OPTION
@click.option("--reason", help="Why (recorded in the history).")
@click.option("--at", "at", metavar="DATE", help="When (YYYY-MM-DD or ISO date-time; default: now).")
@click.option("--consultation-end", "consultation_end", metavar="DATE",
              help="Schedule the consultation with this move: its last day.")
@click.option("--consultation-start", "consultation_start", metavar="DATE",
              help="First day of the consultation (default: the day of the move).")
@ROOT_OPTION
def move(ident, state, actor, reason, at, consultation_end, consultation_start, root) -> None:
    """Move proposal ID to STATE, if the workflow allows it for this person now.

    Records the move in the proposal's history (who, when, from, to, why) and sets its
    status. A refused move says which rule failed (who may make it, which guard does not
    hold) and lists the moves allowed now; the file is left untouched (exit 1). With
    --consultation-end, the move also schedules the consultation period (for a move into
    consultation).
    """
    from ..workflow.ops import move as op

    _run(op, resolve_root(root), ident, state, actor, reason=reason, at=_when(at),
         consultation_end=_when(consultation_end, False), consultation_start=_when(consultation_start, False))


@click.command()
@click.argument("ident", metavar="ID")
@AS_OPTION
@click.option("--verdict", required=True, help="One of the workflow's verdicts.")
@click.option("--comment", help="The reviewer's comments.")
@click.option("--date", "date", metavar="DATE", help="When the review happened (YYYY-MM-DD or ISO date-time; default: now, recorded as a full timestamp).")
@ROOT_OPTION
def review(ident, actor, verdict, comment, date, root) -> None:
    """Record a review of proposal ID (person, organisation, verdict, date, comments).

    The organisation comes from the roster. Commit the change as the reviewer: the commit
    that adds a review must be authored by that person ('stelsel check' verifies it).
    """
    from ..workflow.ops import review as op

    _run(op, resolve_root(root), ident, actor, verdict, comment=comment, date=_when(date, False))


@click.command()
@click.argument("ident", metavar="ID")
@AS_OPTION
@click.option("--outcome", required=True, help="The outcome: one of the decision outcomes the workflow declares.")
@click.option("--body", help="The deciding body (default: the deciding body the person belongs to).")
@click.option("--minutes", help="Reference to the minutes (notulen) of the decision.")
@click.option("--condition", "conditions", multiple=True, help="A condition attached to the decision. Repeatable.")
@click.option("--date", "date", metavar="DATE", help="When the decision was taken (YYYY-MM-DD or ISO date-time; default: now, recorded as a full timestamp).")
@click.option("--example", is_flag=True, help="Mark the decision as an example for demonstration, not a real one.")
@ROOT_OPTION
def decide(ident, actor, outcome, body, minutes, conditions, date, example, root) -> None:
    """Record the decision on proposal ID (body, date, outcome, minutes, conditions).

    The person must be a member of a deciding body on that date. Commit it as that person
    (signed, when the workflow requires signed decisions); then move the proposal to its
    outcome with 'stelsel move'.
    """
    from ..workflow.ops import decide as op

    _run(op, resolve_root(root), ident, actor, outcome, body=body, minutes=minutes, conditions=conditions,
         date=_when(date, False), example=example)
