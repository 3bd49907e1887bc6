"""``stelsel ci``: write the CI file of a content repository (GitHub Actions or GitLab CI)."""

from __future__ import annotations

from pathlib import Path

import click

from ..ci import DEFAULT_BRANCH, DEFAULT_PYTHON, FORGES, CiError, render_ci, write_ci
from ..diagnostics import ExitCode
from .common import ROOT_OPTION, fail, resolve_root, writable_target


@click.command()
@click.option("--forge", "forges", type=click.Choice(list(FORGES)), multiple=True, required=True,
              help="github (.github/workflows/stelsel.yml) or gitlab (.gitlab-ci.yml). Repeatable.")
@ROOT_OPTION
@click.option("--output", "output", type=click.Path(file_okay=False), default=None, metavar="DIR",
              help="The repository to write into (default: the project root).")
@click.option("--install", "install", default=None, metavar="REQUIREMENT",
              help="What the CI pip-installs (default: this version, stelsel==VERSION; e.g. a git URL).")
@click.option("--branch", default=DEFAULT_BRANCH, show_default=True,
              help="The main branch, whose pushes deploy the site (GitLab uses its default branch).")
@click.option("--python", "python", default=DEFAULT_PYTHON, show_default=True, help="The Python version in CI.")
@click.option("--force", is_flag=True, help="Replace an existing file with other content.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the file instead of writing it.")
@click.option("--check", "only_check", is_flag=True, help="Do not write; exit 1 if the file is missing or differs.")
def ci(forges, root, output, install, branch, python, force, to_stdout, only_check) -> None:
    """Write the CI of a content repository, for GitHub Actions or GitLab CI.

    On a pull or merge request it runs 'stelsel check --since <target>' with the whole
    history (fetch depth 0), as line annotations and a SARIF upload (GitHub) or a Code
    Quality report (GitLab). On the main branch and on release-* tags it builds the site
    and deploys it to GitHub Pages or GitLab Pages, caching the built frozen versions. An
    existing file with other content is kept unless --force. Exit 0 written or current,
    1 a --check that differs, 2 usage error.
    """
    options = {"install": install, "branch": branch, "python": python}
    try:
        if to_stdout:
            for forge in forges:
                click.echo(render_ci(forge, **options), nl=False)
            return
        target = Path(output) if output else resolve_root(root)
        if output and not only_check:
            writable_target(output, folder=True)
        if only_check:
            stale = [FORGES[f].target for f in forges
                     if not (target / FORGES[f].target).is_file()
                     or (target / FORGES[f].target).read_text(encoding="utf-8", errors="replace") != render_ci(f, **options)]
            for name in stale:
                click.echo(f"{name}: missing or not what 'stelsel ci' writes; run 'stelsel ci --forge ...'", err=True)
            if not stale:
                click.echo(f"CI file(s) current: {', '.join(FORGES[f].target for f in forges)}")
            raise SystemExit(ExitCode.FINDINGS if stale else ExitCode.CLEAN)
        for forge in forges:
            path, changed = write_ci(target, forge, force=force, **options)
            click.echo(f"{'wrote' if changed else 'up to date:'} {path}")
    except CiError as exc:
        fail(str(exc))
