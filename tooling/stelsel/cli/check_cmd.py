"""``stelsel check``."""

from __future__ import annotations

import sys

import click

from ..check import check_tree
from ..diagnostics import ExitCode
from ..reporters import FORMATS, RENDERERS
from .common import ROOT_OPTION, resolve_root


def _not_empty(ref: str | None) -> str | None:
    # CI passes --since "$BASE_REF": unset, it would be a plain check reported as the pull-request check asked for
    if ref is not None and not ref.strip():
        raise click.BadParameter("it is empty: name the branch, tag or commit to compare with (in CI the target "
                                 "branch, e.g. origin/main), or leave --since out")
    return ref


@click.command()
@click.argument("path", required=False, type=click.Path(file_okay=True, dir_okay=True))
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for tools, github for GitHub Actions annotations, sarif (SARIF 2.1.0, "
                   "for code scanning), gitlab (GitLab Code Quality JSON).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the result cache.")
@click.option("--warnings-as-errors", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--since", "since", metavar="REF", callback=lambda _ctx, _param, value: _not_empty(value),
              help="Pull-request check: also report content changed since the merge base with REF (a branch, tag "
                   "or commit) that no proposal in the change and no open proposal lists (W021).")
def check(path: str | None, root: str | None, fmt: str, no_cache: bool, warnings_as_errors: bool,
          since: str | None) -> None:
    """Validate a framework tree: every finding, with file, line and rule code.

    PATH (or -C/--root) is the project root or any folder below it (default: the current
    folder). Checks syntax, the schemas, IDs, every reference, cycles, releases and [[ID]]
    links; see 'stelsel rules'. Never modifies files. Exit 0 when there are no errors, 1 when there
    are findings, 2 on a usage or internal error.
    """
    root = resolve_root(root, path)
    result = check_tree(root, use_cache=not no_cache)
    if since:
        from ..workflow.since import SinceError, add_since_findings

        try:
            add_since_findings(result, root, since)
        except SinceError as exc:
            click.echo(f"stelsel: {exc}", err=True)
            raise SystemExit(ExitCode.USAGE)
    summary = {"root": str(root), "files": result.files, "errors": result.errors, "warnings": result.warnings,
               "cached": result.cached}
    RENDERERS[fmt](result.diagnostics, summary, sys.stdout, color=fmt == "text" and sys.stdout.isatty())
    if result.crashed:
        for problem in result.crashed:
            click.echo(f"stelsel: internal error in rule {problem}", err=True)
        raise SystemExit(ExitCode.USAGE)
    failing = result.errors or (warnings_as_errors and result.warnings)
    raise SystemExit(ExitCode.FINDINGS if failing else ExitCode.CLEAN)
