"""``stelsel import FILE``: a catalogue (CSV or XLSX) as item files, or as a frozen release."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..diagnostics import ExitCode
from .common import ROOT_OPTION, fail, resolve_root


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))  # unreadable: I004, with the other findings
@click.option("--kind", default="agreement", show_default=True, help="The kind of item each row becomes.")
@click.option("--map", "mapping", required=True, metavar="FIELD=COLUMN,…",
              help="Which column gives which field, e.g. id=ID,title=Name,statement=Text,level=Level,"
                   "layers=Layer,applies_to=Roles (id and title always).")
@click.option("--level-from-text", is_flag=True,
              help="Take the level from the first norm word in the statement (MUST, SHOULD NOT, MOET …).")
@click.option("--create-missing", is_flag=True, help="Create the roles and layers the catalogue names and the "
                                                     "framework lacks (else each is a finding).")
@click.option("--as-release", "version", default=None, metavar="VERSION",
              help="Import this version of the catalogue as a frozen release: record the import (a proposal of "
                   "type import) and cut VERSION; a row an earlier import brought in and missing now is withdrawn.")
@click.option("--as", "actor", default=None, metavar="PERSON", help="Who records the import and cuts (--as-release).")
@click.option("--dry-run", is_flag=True, help="Report what would be written; write nothing.")
@click.option("--no-git", is_flag=True, help="With --as-release: do not commit or tag.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ROOT_OPTION
def import_(file: str, kind: str, mapping: str, level_from_text: bool, create_missing: bool, version: str | None,
            actor: str | None, dry_run: bool, no_git: bool, fmt: str, root: str | None) -> None:
    """Import FILE (CSV: delimiter and encoding detected; or XLSX, its first sheet), one item per row.

    Every row is checked first: an unreadable file, a column named in --map that the header
    lacks, an empty or duplicate ID, an unknown level, role or layer, a row that does not
    make a valid item (I004-I009, each with its row and column). With any of them nothing
    is written (exit 1). A row whose ID is an existing item updates the mapped fields.
    Without --as-release the items are written for a proposal to carry.
    """
    from ..release.states import ReleaseError
    from ..workflow.importing import CatalogueError, import_catalogue, parse_map

    project_root = resolve_root(root)
    try:
        fields = parse_map(mapping, kind)
        from ..check import run_rules

        done = import_catalogue(project_root, Path(file), kind, fields, level_from_text=level_from_text,
                                create_missing=create_missing, as_release=version, person=actor,
                                run_rules=run_rules, use_git=not no_git, dry_run=dry_run)
    except CatalogueError as exc:
        raise click.UsageError(str(exc)) from None
    except ReleaseError as exc:
        fail(f"nothing imported: {exc}")
    plan = done.plan
    counts = {"added": len(plan.added), "changed": len(plan.changed), "unchanged": len(plan.unchanged),
              "withdrawn": len(plan.withdrawn), "created": plan.created}
    if fmt == "json":
        click.echo(json.dumps({"summary": counts, "written": done.written,
                               "encoding": plan.table.encoding if plan.table else None,
                               "diagnostics": [d.as_dict() for d in plan.findings],
                               "release": version if done.cut else None}, indent=2, ensure_ascii=False))
    else:
        from ..reporters import render_text

        if plan.findings:
            render_text(plan.findings, {"errors": len(plan.findings), "warnings": 0, "files": 1},
                        click.get_text_stream("stdout"))
            click.echo(f"nothing written: {len(plan.findings)} finding(s) in {file}")
        else:
            if plan.table is not None and plan.table.encoding:
                click.echo(f"read {file}: {plan.table.encoding}, delimiter {plan.table.delimiter!r}, "
                           f"{len(plan.table.rows)} row(s)")
            said = "would write" if dry_run else "wrote"
            click.echo(f"{said} {len(plan.writes)} file(s): {counts['added']} added, {counts['changed']} changed, "
                       f"{counts['withdrawn']} withdrawn, {counts['unchanged']} unchanged"
                       + (f"; created {', '.join(plan.created)}" if plan.created else ""))
            if done.recorded is not None:
                click.echo(f"import recorded in {done.recorded.path}")
            if done.cut is not None:
                click.echo(f"release {version} frozen in releases/{version}"
                           + (f"; committed {done.cut.commit[:10]} and tagged {done.cut.tag}" if done.cut.tag else ""))
            elif not dry_run and plan.writes:
                click.echo("carry them in a proposal: stelsel propose --title ... --item add:ID ...")
    raise SystemExit(ExitCode.FINDINGS if plan.findings else ExitCode.CLEAN)
