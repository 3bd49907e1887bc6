"""``stelsel checklist``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import atomic_write
from ..paths import UnsafeName, check_name
from .common import ROOT_OPTION, fail, resolve_root, writable_target, write_failure


@click.command()
@click.option("--role", "role", required=True, help="The role's ID, e.g. gtk-dienstverlener.")
@click.option("--release", "release", default=None,
              help="A frozen release (e.g. 0.8, read from releases/0.8); default: the working tree.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "xlsx"]), default="md", show_default=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="File to write; default: standard output (md, csv) or checklist-<role>-<release>.xlsx.")
@ROOT_OPTION
def checklist(role: str, release: str | None, fmt: str, output: str | None, root: str | None) -> None:
    """Write the qualification checklist of a role: every agreement that applies to it.

    Per agreement: ID, title, level, layer, statement, the evidence required and the release
    it applies since; grouped by layer, the mandatory agreements first, withdrawn ones left
    out. The XLSX has columns to fill in (Antwoord, Toelichting, Bewijsstukken) that
    'stelsel assess import' reads back into a self-assessment.
    """
    from ..qualify.checklist import UnknownRole, build_checklist, csv_text, default_file_name, render_markdown, write_xlsx
    from ..qualify.state import ReleaseError, open_release

    root = resolve_root(root)
    if output:
        writable_target(output)
    try:
        state = open_release(root, release)
    except ReleaseError as exc:
        fail(str(exc))
    try:
        checklist = build_checklist(state, role)
    except UnknownRole as exc:
        fail(str(exc))
    if state.project.load_findings:
        click.echo(f"stelsel: warning: {len(state.project.load_findings)} file(s) of this release could not be read "
                   "and are missing from the checklist; run 'stelsel check'", err=True)
    if fmt == "xlsx":
        try:  # the default is made from the role's ID and the release: one plain name here
            target = Path(output or check_name(default_file_name(checklist, fmt), "default checklist file name"))
        except UnsafeName as exc:
            fail(f"{exc}; give the file to write with --output")
        writable_target(target)
        try:
            write_xlsx(checklist, target)
        except OSError as exc:
            fail(write_failure(target, exc))
        click.echo(f"{target}: checklist of {len(checklist.rows)} agreement(s) for {role} ({state.title})", err=True)
        return
    text = render_markdown(checklist) if fmt == "md" else csv_text(checklist)
    if output:
        try:
            atomic_write(Path(output), text)
        except OSError as exc:
            fail(write_failure(output, exc))
        click.echo(f"{output}: checklist of {len(checklist.rows)} agreement(s) for {role} ({state.title})", err=True)
    else:
        sys.stdout.write(text)
