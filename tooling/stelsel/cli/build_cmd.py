"""``stelsel build`` and ``stelsel serve``: the published site."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ..diagnostics import ExitCode
from .common import ROOT_OPTION, progress_echo, resolve_root, writable_target


@click.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@ROOT_OPTION
@click.option("--site-dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the site (default: site/ in the project root).")
@click.option("--site-url", default=None,
              help="Public URL of the site folder; version V lives at <url>/V/ "
                   "(default: site_url in the framework config, else in mkdocs.yml; without one no page names a canonical URL).")
@click.option("--no-cache", is_flag=True, help="Rebuild frozen releases instead of copying their cached build.")
@click.option("--working-only", is_flag=True, help="Build only the working version (concept).")
@click.option("--pdf", "pdf", is_flag=True, help="Also render the working version's PDF (slow; without it its "
                                                 "pages say it has none). Frozen releases always have theirs.")
@click.option("--force", is_flag=True, help="Build even when 'stelsel check' finds errors; the affected pages "
                                            "then carry a banner listing them.")
def build(path: str | None, root: str | None, site_dir: str | None, site_url: str | None, no_cache: bool, working_only: bool,
          pdf: bool, force: bool) -> None:
    """Build the site: one version per frozen release plus the working version (concept).

    Writes site/<version>/ for every release frozen in releases/, site/concept/ for the
    working tree, site/versions.json for the version selector and site/latest/ pointing at
    the newest published release. Frozen releases are cached by their content hash, so
    after an edit only the working version is rebuilt; the cache is $STELSEL_CACHE_DIR/site,
    else .stelsel-cache/site in the project. Strict: a broken link fails the build, naming
    the content file. Runs 'stelsel check' first and refuses to build on errors (exit 1,
    naming them) unless --force, which marks the affected pages. Progress goes to stderr when
    it is a terminal. Exit 0 built, 1 errors found or build failed, 2 usage error.
    """
    from ..check import start_check
    from ..load.project import shared_parses
    from ..site.build import SiteBuildError, build_site
    from .. import heap
    from . import quick_exit

    quick_exit.wanted()  # the loaded versions and their pages are not freed one by one at the end

    root = resolve_root(root, path)
    target = writable_target(site_dir, folder=True).resolve() if site_dir else None
    try:
        # the frozen releases' files the check's load parsed are not parsed again; what is loaded
        # stays out of the full garbage collections (heap.py)
        with shared_parses(), heap.one_shot():
            # The rules run beside the build (on a second core, forked.py); the build waits for
            # their verdict before it writes a file: errors stop it unless --force.
            pending = start_check(root, beside=True)
            heap.settle()
            verdict = _Verdict(pending, force, root)
            try:
                result = build_site(root, target, site_url=site_url, use_cache=not no_cache,
                                    echo=lambda message: click.echo(message, err=True), only_working=working_only,
                                    working_pdf=pdf, gate=verdict, progress=progress_echo(),
                                    projects={root.resolve(): pending.project} if pending.project is not None else None)
            except Exception:
                # Content with errors may fail the build before it asked: the check's findings are the answer
                # (as when the check ran first), not what the build tripped over.
                if not verdict.said:
                    verdict()
                raise
            else:
                if not verdict.said:  # every build asks before it writes; should one not, the verdict still holds
                    verdict()
            finally:
                pending.cancel()  # only when the build stopped before it needed the check's result
    except SiteBuildError as exc:
        click.echo(f"stelsel: site version '{exc.version}' failed to build: {exc}", err=True)
        raise SystemExit(ExitCode.FINDINGS)
    for version in result.versions:
        how = "from cache" if version.cached else "built"
        click.echo(f"  {version.version:<12} {how} in {version.seconds:.1f} s")
    latest = f"; latest = {result.latest}" if result.latest else ""
    click.echo(f"site written to {result.site_dir} ({len(result.versions)} version(s){latest}) "
               f"in {result.seconds:.1f} s")


class _Verdict:
    """The check's verdict, asked for before the build writes anything: its errors stop the build
    (exit 1, naming them) unless --force; it returns the findings to mark pages with (None: clean)."""

    def __init__(self, pending, force: bool, root: Path):
        self.pending = pending
        self.root = root
        self.force = force
        self.said = False
        self._findings = None

    def __call__(self) -> list | None:
        if self.said:
            return self._findings
        import sys

        from ..reporters import render_text

        result = self.pending.result()
        self.said = True
        if not result.errors:
            return None
        summary = {"root": str(self.root), "files": result.files,
                   "errors": result.errors, "warnings": result.warnings}
        render_text(result.diagnostics, summary, sys.stderr, color=sys.stderr.isatty())
        if not self.force:
            click.echo("stelsel: not building a site from content with errors: fix them (see above), or pass "
                       "--force to build anyway with a banner on the affected pages", err=True)
            raise SystemExit(ExitCode.FINDINGS)
        click.echo(f"stelsel: building anyway (--force): {result.errors} error(s) marked on the pages", err=True)
        self._findings = result.diagnostics
        return self._findings


@click.command()
@click.argument("path", required=False, type=click.Path(file_okay=False))
@ROOT_OPTION
@click.option("--addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--strict", is_flag=True, help="Stop on the first warning (as 'stelsel build' does).")
def serve(path: str | None, root: str | None, addr: str, strict: bool) -> None:
    """Preview the working version at http://ADDR/, updated on every edit.

    Watches the content folder and changes/. After an edit of an item's file only the pages
    whose content changed are written again (the check follows, then the findings banners);
    a structural change (a file added, removed or renamed, the framework config, governance,
    the navigation) or --strict rebuilds in full. The terminal says which path each change took.
    A page being written is not served until it is. The version selector and older releases
    appear only in the site 'stelsel build' writes.
    """
    from ..site.build import default_cache_dir
    from ..site.config import config_file
    from ..site.preview import serve as preview

    root = resolve_root(root, path)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    cfg = config_file(root, default_cache_dir(root) / "config")
    preview(root, cfg, addr, strict)
