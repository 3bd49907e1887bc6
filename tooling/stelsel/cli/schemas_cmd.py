"""``stelsel schemas``."""

from __future__ import annotations

from pathlib import Path

import click

from ..diagnostics import ExitCode
from ..schemas import stale, write_all


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False), default="schemas", show_default=True,
              help="Folder to write the schemas to, or to compare with.")
@click.option("--check", "only_check", is_flag=True, help="Do not write; exit 1 if the folder is out of date.")
def schemas(out: str, only_check: bool) -> None:
    """Write the JSON Schemas (2020-12) of every file kind, generated from the models.

    The schemas are the published contract: editors use them to validate while typing, and
    they are exactly what 'stelsel check' enforces.
    """
    folder = Path(out)
    if only_check:
        problems = stale(folder)
        for name in problems:
            click.echo(f"{folder / name}: out of date; run 'stelsel schemas'")
        raise SystemExit(ExitCode.FINDINGS if problems else ExitCode.CLEAN)
    changed = write_all(folder)
    click.echo(f"{len(changed)} schema file(s) written to {folder}" if changed else f"schemas in {folder} are up to date")
