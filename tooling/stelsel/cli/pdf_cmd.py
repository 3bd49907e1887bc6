"""``stelsel pdf``."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..atomic import atomic_write
from ..paths import UnsafeName, check_name
from .common import ROOT_OPTION, fail, progress_echo, resolve_root, writable_target, write_failure


@click.command()
@click.option("--release", "release", default=None,
              help="A frozen release (e.g. 0.8, read from releases/0.8); default: the working tree.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="The PDF to write (default: <framework>-<release>.pdf).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the HTML the PDF is printed from (to inspect the layout).")
@ROOT_OPTION
def pdf(release: str | None, output: str | None, html_out: str | None, root: str | None) -> None:
    """Write the whole framework of one release as one PDF document (in Dutch).

    Title page (name, version, status, date, licence, the site's URL if configured), table of
    contents, and chapters: what changed since the previous release (with the proposals that
    carry each change), introduction and pages, principles and starting points, roles, the
    agreements per layer with their IDs, and the glossary. Each chapter starts on a new page.
    """
    from ..qualify.pdf_engine import prepare

    prepare()  # first: the PDF engine starts while the rest is imported and the release read and composed
    from ..load.project import shared_parses

    with shared_parses():  # the previous release the changes chapter loads reuses this one's parsed files
        _write(release, output, html_out, root)


def _write(release: str | None, output: str | None, html_out: str | None, root: str | None) -> None:
    from ..qualify.pdf import PdfError, html_to_pdf, release_html
    from ..qualify.state import ReleaseError, describe, normalise_label
    from ..release.states import open_state

    root = resolve_root(root)
    for path in (output, html_out):
        if path:
            writable_target(path)
    label = normalise_label(release)
    try:  # the release only (open_release would load the working tree too, for a validity the PDF does not show)
        state = describe(open_state(root, label), label)
    except ReleaseError as exc:
        fail(str(exc))
    config = state.project.config
    if config is None:
        fail("no framework config (stelsel.yaml in its content folder) in this release")
    try:  # the default is made from the config's ID: one plain name in the current folder
        target = Path(output or check_name(f"{config.id}-{state.label}.pdf", "default PDF file name"))
    except UnsafeName as exc:
        fail(f"{exc}; give the file to write with --output")
    writable_target(target)
    started = time.perf_counter()
    say = progress_echo()  # only while stdout is a terminal
    try:
        if say:
            say(f"  {state.title}: composing the document …")
        document = release_html(state.project, state.label)
        if html_out:
            try:
                atomic_write(html_out, document)
            except OSError as exc:
                fail(write_failure(html_out, exc))
        if say:
            say(f"  {target}: printing the PDF …")
        html_to_pdf(document, target, Path(state.project.root))
    except PdfError as exc:
        fail(str(exc))
    click.echo(f"{target}: {config.title}, {state.title} ({time.perf_counter() - started:.1f} s)", err=True)
