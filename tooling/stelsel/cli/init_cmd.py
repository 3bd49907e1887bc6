"""``stelsel init DIR``: write a new framework that checks clean and builds."""

from __future__ import annotations

from pathlib import Path

import click

from ..ci import FORGES
from .common import fail, writable_target


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--language", type=click.Choice(["nl", "en"]), required=True,
              help="The framework's language: its example content, norm words and workflow names.")
@click.option("--title", required=True, help="The framework's title (its ID is made from it).")
@click.option("--person", "people", multiple=True, metavar="'NAME <EMAIL> (ORG)'",
              help="Someone on the roster, a member of the deciding body and the editors (repeatable; the first "
                   "chairs). Default: an example owner.")
@click.option("--forge", "forges", type=click.Choice([*FORGES, "none"]), multiple=True, default=("github",),
              show_default=True, help="The CI file to write (stelsel ci), or none. Repeatable.")
@click.option("--git/--no-git", "use_git", default=True, show_default=True,
              help="git init the folder and commit the new framework as the first person.")
def init(directory: str, language: str, title: str, people: tuple[str, ...], forges: tuple[str, ...],
         use_git: bool) -> None:
    """Write a new framework into DIR (new or empty): config with example layers and levels, one
    role, one agreement, an introduction, governance with a deciding body and a default
    workflow, the release register with the first release (0.1), and the CI file.

    English uses the RFC 2119 words (MUST, MUST NOT, SHOULD, MAY) and keeps its content in
    framework/ (named in stelsel.toml); Dutch uses MOET, MOET NIET, ZOU MOETEN and MAG in
    afsprakenstelsel/. The first release needs no founding proposal: cut it with
    'stelsel release cut 0.1 --as PERSON --founding', which records the founding. Refuses a
    folder that is not empty; writes all files or none.
    """
    from ..workflow.scaffold import InitError, init_framework, parse_person

    writable_target(directory, folder=True)
    try:
        specs = [parse_person(p) for p in people]
        done = init_framework(Path(directory), language, title,
                              specs, tuple(f for f in forges if f != "none"), use_git=use_git)
    except InitError as exc:
        fail(str(exc))
    click.echo(f"wrote a new framework in {done.root} ({len(done.files)} files; content in {done.content_dir}/)")
    if done.commit:
        click.echo(f"  committed as {done.people[0]} ({done.commit[:10]})")
    for note in done.notes:
        click.echo(f"  {note}")
    click.echo(f"  next: stelsel check -C {done.root}; stelsel build -C {done.root}")
    click.echo(f"  the first release: stelsel release cut 0.1 -C {done.root} --as {done.people[0]} --founding "
               "(records a release decision and the founding, and cuts)")
