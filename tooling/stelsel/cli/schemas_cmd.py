"""``stelsel schemas``: the JSON Schemas, and the editor settings that apply them."""

from __future__ import annotations

from pathlib import Path

import click

from ..diagnostics import ExitCode
from ..schemas import EDITORS, SCHEMAS_DIR, VSCODE_SETTINGS, stale, vscode_settings_text, write_all
from .common import ROOT_OPTION, fail, given_root, resolve_root, writable_target


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Folder to write the schemas to, or to compare with (default: schemas/ in the project root, "
                   "else in the current folder).")
@click.option("--check", "only_check", is_flag=True, help="Do not write; exit 1 if the folder (or, with --editor, "
                                                          "the editor settings) is out of date.")
@click.option("--editor", type=click.Choice(EDITORS), default=None,
              help="Instead: write the editor settings that associate every kind's schema with its files "
                   f"(vscode: {VSCODE_SETTINGS}, other settings kept).")
@ROOT_OPTION
def schemas(out: str | None, only_check: bool, editor: str | None, root: str | None) -> None:
    """Write the JSON Schemas (2020-12) of every file kind, generated from the models.

    The schemas are the published contract: editors use them to validate while typing, and
    they are exactly what 'stelsel check' enforces. With --editor vscode, write
    .vscode/settings.json so the YAML extension (yaml-language-server) applies each kind's
    schema to the folders the project keeps that kind in.
    """
    if editor:
        _editor(resolve_root(root), only_check)
        return
    folder = Path(out) if out else _default_folder(root)
    words = _status_words(root)
    if only_check:
        problems = stale(folder, words)
        for name in problems:
            click.echo(f"{folder / name}: out of date; run 'stelsel schemas'")
        if not problems:
            click.echo(f"schemas in {folder} are up to date")
        raise SystemExit(ExitCode.FINDINGS if problems else ExitCode.CLEAN)
    writable_target(folder, folder=True)
    changed = write_all(folder, words)
    click.echo(f"{len(changed)} schema file(s) written to {folder}" if changed else f"schemas in {folder} are up to date")


def _status_words(root: str | None):
    """The status words of the project (its files hold them, so its schemas list them); none: the default."""
    from ..load.project import load_project
    from ..load.tree import find_root

    found = resolve_root(root) if given_root(root) is not None else find_root(Path("."))
    return load_project(found).statuses if found is not None else None


def _default_folder(root: str | None) -> Path:
    from ..load.tree import find_root

    if given_root(root) is not None:
        return resolve_root(root) / SCHEMAS_DIR
    found = find_root(Path("."))
    return (found / SCHEMAS_DIR) if found else Path(SCHEMAS_DIR)


def _editor(root: Path, only_check: bool) -> None:
    from ..atomic import atomic_write

    path = root / VSCODE_SETTINGS
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    try:
        text = vscode_settings_text(root, current)
    except ValueError as exc:
        fail(f"{VSCODE_SETTINGS} is not plain JSON ({exc}); add the yaml.schemas setting by hand "
             "(see 'stelsel schemas --editor vscode --check' after)")
    if only_check:
        if current != text:
            click.echo(f"{VSCODE_SETTINGS}: yaml.schemas out of date; run 'stelsel schemas --editor vscode'", err=True)
            raise SystemExit(ExitCode.FINDINGS)
        click.echo(f"{VSCODE_SETTINGS}: yaml.schemas up to date")
        return
    if current == text:
        click.echo(f"{VSCODE_SETTINGS}: yaml.schemas up to date")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)
    click.echo(f"wrote {path}: yaml.schemas for every kind")
