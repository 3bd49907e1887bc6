"""``stelsel consult react|import|respond``: reactions in a consultation and their dispositions.

Thin: each parses its options, calls one operation in ``stelsel.workflow.consult`` and
reports. A refusal explains why and writes nothing (exit 1); an unknown proposal, reaction,
item, person or disposition, or a file that cannot be read, is a usage error (exit 2).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..model.proposal import Disposition
from .common import ROOT_OPTION, InputFile, fail, resolve_root
from .proposal_cmds import AS_OPTION, _run, _when, report_error

DISPOSITIONS = tuple(d.value.replace("_", "-") for d in Disposition)  # the model's keys, as options are spelt


@click.group()
def consult() -> None:
    """Consultation: record reactions of stakeholders and the working group's dispositions."""


def _text_of(text: str | None, file: str | None) -> str:
    if (text is None) == (file is None):
        raise click.UsageError("give the reaction's text with exactly one of --text or --file")
    if text is not None:
        return text
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file} as UTF-8 text: {exc}")
    return ""


@consult.command()
@click.argument("ident", metavar="PROPOSAL")
@click.option("--by", "by", required=True, metavar="NAME", help="Who reacted (need not be on the roster).")
@click.option("--organisation", required=True, metavar="ORG", help="The organisation they react for.")
@click.option("--item", metavar="ID", help="The item the reaction is about (one the proposal changes).")
@click.option("--date", "date", metavar="DATE", help="The day the reaction was received (YYYY-MM-DD; default: today).")
@click.option("--text", help="The reaction (or its summary).")
@click.option("--file", "file", metavar="FILE", type=InputFile(), help="Read the reaction from this UTF-8 text file.")
@ROOT_OPTION
def react(ident, by, organisation, item, date, text, file, root) -> None:
    """Record a reaction to PROPOSAL in its consultation.

    A reaction received after the consultation's end is kept and marked late (unless the
    workflow refuses late reactions). It gets the next number (R1, R2 …), which
    'stelsel consult respond' answers.
    """
    from ..workflow.consult import Incoming, react as op

    body = _text_of(text, file)
    day = _when(date, False)
    day = day.date() if hasattr(day, "hour") else day  # the day it was received
    _run(op, resolve_root(root), Incoming(ident, by, organisation, body, item=item, date=day))


@consult.command(name="import")
@click.argument("file", metavar="FILE", type=InputFile())
@ROOT_OPTION
def import_(file, root) -> None:
    """Record a batch of reactions from a CSV or XLSX file: all rows, or none.

    Columns (first row): voorstel, naam, organisatie, reactie, and optionally item and datum
    (English names work too: proposal, by, organisation, text, item, date). Each rejected row
    is named with its row number; then nothing is recorded.
    """
    from ..workflow.consult import import_reactions
    from ..workflow.consult_import import ImportProblem, read_reactions
    from ..workflow.ops import WorkflowError

    root_path = resolve_root(root)
    try:
        rows = read_reactions(Path(file))
    except ImportProblem as exc:
        fail(str(exc))
        return
    try:
        done = import_reactions(root_path, rows)
    except WorkflowError as exc:
        report_error(exc)
        return
    click.echo(done.summary)
    for path in done.paths:
        click.echo(f"  {path} updated; commit it")
    for note in done.notes:
        click.echo(f"  {note}")


@consult.command()
@click.argument("ident", metavar="PROPOSAL")
@click.argument("reaction", metavar="REACTION")
@click.option("--disposition", required=True, metavar="WORD",
              help="What the working group did with the reaction: the framework's word for it (its stelsel.yaml's "
                   "statuses.disposition, else its language's) or one of "
                   + ", ".join(DISPOSITIONS) + ".")
@click.option("--motivation", required=True, help="Why: the motivation of the disposition.")
@click.option("--response", help="What changed because of the reaction (optional).")
@AS_OPTION
@click.option("--date", "date", metavar="DATE",
              help="When the answer was given (YYYY-MM-DD or ISO date-time; default: now, as a full timestamp).")
@ROOT_OPTION
def respond(ident, reaction, disposition, motivation, response, actor, date, root) -> None:
    """Record the disposition of REACTION (R1, or its position) to PROPOSAL.

    Who may answer is workflow data (workflow.consultation.respond_by). Commit the change as
    the person who answered.
    """
    from ..workflow.consult import respond as op

    _run(op, resolve_root(root), ident, reaction, disposition, motivation, actor, date=_when(date, False),
         response=response)
