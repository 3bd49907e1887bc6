"""``stelsel assess``: check a self-assessment; ``stelsel assess import``: read a filled-in checklist."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..atomic import atomic_write
from ..diagnostics import ExitCode
from ..reporters import FORMATS, RENDERERS
from .common import ROOT_OPTION, InputFile, fail, progress_echo, resolve_root, writable_target, write_failure


class _DefaultCheck(click.Group):
    """``stelsel assess FILE`` means ``stelsel assess check FILE``; ``import`` is a subcommand."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultCheck)
def assess() -> None:
    """Check a self-assessment against a release (stelsel assess FILE), or import a filled-in checklist.

    \b
    stelsel assess FILE [--release VERSION]      check a self-assessment (YAML)
    stelsel assess import CHECKLIST.xlsx ...     turn a filled-in checklist into one
    """


@assess.command("check")
@click.argument("file", type=InputFile())
@click.option("--release", "release", default=None,
              help="The release to assess against (default: the one the file records). A newer release "
                   "also lists the answers to revisit and by when each changed or new agreement must be met.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@ROOT_OPTION
def check(file: str, release: str | None, fmt: str, root: str | None) -> None:
    """Check a self-assessment FILE against a release, with file and line for every finding.

    Every mandatory agreement of the role answered; no answers to unknown, withdrawn or
    foreign agreements, no duplicates; only voldoet / voldoet deels / voldoet niet / niet van
    toepassing, the last only where the level allows it; evidence where the agreement requires
    it. With --release newer than the file's release: every answer whose agreement changed,
    was withdrawn or renamed in between (warnings), and for every agreement of the role that changed
    or is new, from when it must be met (the older valid releases' lapse under the validity
    policy, the new release's ingangsdatum, its transition_months). Ends with a summary per
    level and layer.
    Exit 0 no errors, 1 errors, 2 usage.
    """
    from ..qualify.assess import AssessmentError, assess as run_assess, summary_lines

    root = resolve_root(root)
    try:
        result = run_assess(root, Path(file), release, display=file)
    except AssessmentError as exc:
        fail(str(exc))
    if result.target.project.load_findings:
        click.echo(f"stelsel: warning: {len(result.target.project.load_findings)} file(s) of {result.target.name} could "
                   "not be read, so their agreements are missing here; run 'stelsel check'", err=True)
    counts = {"files": 1, "errors": result.errors, "warnings": result.warnings}
    if fmt == "json":
        click.echo(json.dumps({"summary": {**counts, "assessment": result.summary},
                               "diagnostics": [d.as_dict() for d in result.diagnostics]}, indent=2, ensure_ascii=False))
    elif fmt in ("sarif", "gitlab"):  # machine formats: the findings alone
        RENDERERS[fmt](result.diagnostics, counts, click.get_text_stream("stdout"))
    else:
        import io

        buffer = io.StringIO()
        RENDERERS[fmt](result.diagnostics, counts, buffer)
        lines = buffer.getvalue().splitlines()
        closing = lines.pop() if lines else ""
        for line in lines:
            click.echo(line)
        for line in summary_lines(result.summary):
            click.echo(line)
        click.echo(closing)
    raise SystemExit(ExitCode.FINDINGS if result.errors else ExitCode.CLEAN)


@assess.command("import")
@click.argument("checklist", type=InputFile())
@click.option("--party", "party", required=True, help="The party's name.")
@click.option("--identifier", "identifier", default=None, help="The party's identifier, e.g. a KvK number.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="The self-assessment file to write (default: standard output).")
@click.option("--role", "role", default=None, help="The role (default: as recorded in the checklist; needed for CSV).")
@click.option("--release", "release", default=None, help="The release (default: as recorded; needed for CSV).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date of the assessment (default: today).")
def import_cmd(checklist: str, party: str, identifier: str | None, output: str | None, role: str | None,
               release: str | None, day) -> None:
    """Turn a filled-in checklist (XLSX from 'stelsel checklist', or its CSV) into a self-assessment file."""
    from ..qualify.importer import ImportProblem, import_checklist

    if output:
        writable_target(output)
    say = progress_echo()  # only while stdout is a terminal
    if say:
        say(f"  reading {checklist} …")
    try:
        imported = import_checklist(Path(checklist), party, role=role, release=release,
                                    day=day.date() if day else dt.date.today(), identifier=identifier)
    except ImportProblem as exc:
        fail(str(exc))
    if output:
        try:
            atomic_write(output, imported.text)
        except OSError as exc:
            fail(write_failure(output, exc))
    else:
        click.echo(imported.text, nl=False)
    note = f"{imported.answers} answer(s) imported"
    if imported.skipped:
        note += f"; {len(imported.skipped)} row(s) without an answer left out"
    if imported.partial:
        note += f" (with an explanation or evidence but no answer: {', '.join(imported.partial)})"
    click.echo(f"{output or 'stdout'}: {note}; check it with 'stelsel assess {output or 'FILE'}'", err=True)
