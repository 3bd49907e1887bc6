"""``stelsel release verify VERSION``: one frozen release against its manifest, cut commit and tag.

Registered in the ``release`` group by the last line of :mod:`stelsel.cli.release_cmd`.
"""

from __future__ import annotations

import json

import click

from ..diagnostics import ExitCode
from .common import VERSION_ARGUMENT, ROOT_OPTION, fail, resolve_root
from .release_cmd import release


@release.command("verify")
@VERSION_ARGUMENT
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--allow-no-history", is_flag=True,
              help="Exit 0 when the manifest is intact but history is not available to verify the rest.")
def verify_cmd(version: str, root: str | None, fmt: str, allow_no_history: bool) -> None:
    """Verify frozen release VERSION offline and print each check with its result.

    The checks: the manifest is intact (its content hash, and every file of
    releases/VERSION against it); the manifest equals the one its cut commit added (the
    first commit that added releases/VERSION/manifest.json), so the folder is its content
    at the cut; the cut commit's Stelsel-Content-Hash trailer, if any, is the manifest's
    content hash; and the tag release-VERSION, if there is one, points at the cut commit
    with the same hash (signed, when the workflow requires signed decisions). A missing
    tag or trailer is reported, not failed.

    Exit 0 when the release is verified, 1 when something does not match, or when history
    is not available (a source tarball, a shallow clone whose history starts at the cut,
    a release not committed yet): then only the manifest could be checked, which
    --allow-no-history accepts (exit 0, with a 'history: not verifiable' line). Exit 2 for
    an unknown release.
    """
    from ..release.anchor import UnknownRelease, verify_release

    root = resolve_root(root)
    try:
        report = verify_release(root, version)
    except UnknownRelease as exc:
        fail(str(exc))
    verified = report.verified(allow_no_history)
    if fmt == "json":
        click.echo(json.dumps({
            "version": report.version,
            "verified": verified,
            "cut_commit": report.cut.commit if report.cut else None,
            "history": "verified" if report.unverifiable is None else f"not verifiable: {report.unverifiable}",
            "checks": [{"check": c.name, "result": c.result, "detail": c.detail} for c in report.checks],
            "findings": [{"code": p.code, "path": p.path, "line": p.line, "message": p.message, "hint": p.hint}
                         for p in report.problems],
        }, indent=2, ensure_ascii=False))
    else:
        click.echo(f"Release {report.version}")
        width = max([len(c.name) for c in report.checks] + [len("history")])
        for check in report.checks:
            click.echo(f"  {check.name:<{width}}  {check.result:<12}  {check.detail}")
        if report.unverifiable is not None:
            click.echo(f"  {'history':<{width}}  {'unverifiable':<12}  not verifiable: {report.unverifiable}; "
                       "only the manifest could be checked")
        for problem in report.problems:
            if problem.code != "L007":
                click.echo(f"{problem.path}:{problem.line}: {problem.code} {problem.message}")
        if verified:
            click.echo(f"Release {report.version} is verified" +
                       (" as far as its manifest goes (history: not verifiable)." if report.unverifiable else "."))
        elif report.mismatched:
            click.echo(f"Release {report.version} does NOT match its anchors.")
        else:
            click.echo(f"Release {report.version} could not be verified against history "
                       "(use --allow-no-history to accept the manifest alone).")
    raise SystemExit(ExitCode.CLEAN if verified else ExitCode.FINDINGS)
