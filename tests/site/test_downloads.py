"""The site's downloads: a checklist per role in three formats and the release PDF of every version."""

from __future__ import annotations

import csv
import io
import re
import sys

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from stelsel.cli.main import cli
from stelsel.qualify.checklist import HEADERS
from stelsel.site.build import build_site

from .conftest import copy_project

ROLE = "gtk-dienstverlener"
# The checklist rows per site version: TA-003 came with release 0.2 (the working version).
EXPECTED = {"concept": ["TA-002", "TA-003"], "0.1": ["TA-002"]}


def _hrefs(html: str, suffix: str) -> list[str]:
    return re.findall(r'href="([^"]+\.' + suffix + ')"', html)


@pytest.mark.slow
def test_checklist_page_links_downloads_that_exist(built_site):
    """Each role's checklist page links XLSX, CSV and Markdown files that exist in that version's site."""
    for version in ("concept", "0.1", "0.0"):
        folder = built_site.site / version / "checklists" / ROLE
        html = (folder / "index.html").read_text(encoding="utf-8")
        for fmt in ("xlsx", "csv", "md"):
            hrefs = _hrefs(html, fmt)
            assert hrefs == [f"../../downloads/checklist-{ROLE}-{version}.{fmt}"], (version, fmt, hrefs)
            assert (folder / hrefs[0]).resolve().is_file()
    overview = (built_site.site / "concept" / "checklists" / "index.html").read_text(encoding="utf-8")
    assert 'href="zorgaanbieder/"' in overview and 'href="gtk-dienstverlener/"' in overview


@pytest.mark.slow
def test_checklist_xlsx_has_the_rows_of_that_version(built_site):
    """The XLSX of a version lists that version's agreements for the role and records role and release."""
    for version, ids in EXPECTED.items():
        book = load_workbook(built_site.site / version / "downloads" / f"checklist-{ROLE}-{version}.xlsx")
        rows = list(book["Checklist"].iter_rows(values_only=True))
        assert list(rows[0]) == list(HEADERS)
        assert [row[0] for row in rows[1:]] == ids
        meta = dict(book["Gegevens"].iter_rows(values_only=True))
        assert meta["Rol"] == ROLE and meta["Release"] == ("working" if version == "concept" else version)


@pytest.mark.slow
def test_checklist_csv_parses_and_markdown_equals_the_cli(built_site):
    """The CSV is for Dutch Excel (a BOM, ';') with the checklist's columns; the Markdown is what 'stelsel checklist' prints."""
    for version, ids in EXPECTED.items():
        folder = built_site.site / version / "downloads"
        raw = (folder / f"checklist-{ROLE}-{version}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw[3:].split(b"\r\n", 1)[0].count(b";") == len(HEADERS) - 1
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert rows[0] == list(HEADERS) and [row[0] for row in rows[1:]] == ids
        args = ["checklist", "--role", ROLE, "--root", str(built_site.root)]
        if version != "concept":
            args += ["--release", version]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert (folder / f"checklist-{ROLE}-{version}.md").read_text(encoding="utf-8").strip() == result.output.strip()


@pytest.mark.slow
def test_home_and_release_page_link_the_pdf_of_their_version(built_site):
    """Each version's home page links its own release PDF (concept's labelled as such); the file is a PDF."""
    for version in ("concept", "0.1", "0.0"):
        home = (built_site.site / version / "index.html").read_text(encoding="utf-8")
        assert _hrefs(home, "pdf") == [f"downloads/demo-{version}.pdf"], version
        assert (built_site.site / version / "downloads" / f"demo-{version}.pdf").read_bytes().startswith(b"%PDF")
    assert "Werkversie (concept) als PDF" in (built_site.site / "concept" / "index.html").read_text(encoding="utf-8")
    assert "Release 0.1 als PDF" in (built_site.site / "0.1" / "index.html").read_text(encoding="utf-8")
    release = (built_site.site / "0.1" / "releases" / "0.1" / "index.html").read_text(encoding="utf-8")
    assert _hrefs(release, "pdf") == ["../../downloads/demo-0.1.pdf"]
    working = (built_site.site / "concept" / "releases" / "0.2" / "index.html").read_text(encoding="utf-8")
    assert _hrefs(working, "pdf") == ["../../downloads/demo-concept.pdf"]


@pytest.mark.slow
def test_without_weasyprint_the_build_goes_on_without_the_link(built_site, tmp_path, monkeypatch):
    """No PDF engine (no Chromium, no weasyprint): a warning, a 'niet beschikbaar' note, no PDF link, no cached frozen build."""
    monkeypatch.setenv("STELSEL_CHROMIUM", str(tmp_path / "no-chromium"))  # no browser to print with
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # 'from weasyprint import HTML' fails
    project = copy_project(built_site, tmp_path / "project")
    cache = tmp_path / "cache"
    warnings: list[str] = []
    build_site(project, cache_dir=cache, echo=warnings.append, working_pdf=True)
    assert any("has no PDF" in w and "'concept'" in w and "weasyprint cannot run" in w for w in warnings), warnings
    for version in ("concept", "0.1"):
        home = (project / "site" / version / "index.html").read_text(encoding="utf-8")
        assert not _hrefs(home, "pdf") and "niet beschikbaar" in home
        assert not list((project / "site" / version / "downloads").glob("*.pdf"))
        assert (project / "site" / version / "downloads" / f"checklist-{ROLE}-{version}.xlsx").is_file()
    assert not list(cache.glob("0.1-*"))  # a frozen build without its PDF is not kept


@pytest.mark.slow
def test_a_pdf_that_fails_to_render_gives_the_same_note(built_site, tmp_path, monkeypatch):
    """When the engine fails on the document, the version is built with the note instead of the
    link (the PDF renders before the pages are made), and a frozen build is not cached."""
    import stelsel.qualify.pdf as pdf

    def broken(*args, **kwargs):
        raise pdf.PdfError("de PDF-renderer liep vast")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    project = copy_project(built_site, tmp_path / "project")
    cache = tmp_path / "cache"
    warnings: list[str] = []
    build_site(project, cache_dir=cache, echo=warnings.append, working_pdf=True)
    assert any("has no PDF" in w and "liep vast" in w and "'concept'" in w for w in warnings), warnings
    for version in ("concept", "0.1"):
        home = (project / "site" / version / "index.html").read_text(encoding="utf-8")
        assert not _hrefs(home, "pdf") and "niet beschikbaar" in home
        assert (project / "site" / version / "downloads" / f"checklist-{ROLE}-{version}.xlsx").is_file()
    assert not list(cache.glob("0.1-*"))


def test_by_default_the_working_version_has_no_pdf_and_no_link_to_one(tmp_path):
    """`stelsel build` without --pdf renders the checklists but no working PDF, and no page links one."""
    from click.testing import CliRunner

    from stelsel.cli.main import cli

    from ..conftest import FIXTURES

    target = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", str(FIXTURES / "minimal"), "--working-only", "--site-dir", str(target)],
                                catch_exceptions=False, env={"STELSEL_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 0, result.output
    downloads = target / "concept" / "downloads"
    assert list(downloads.glob("checklist-*.xlsx")) and not list(downloads.glob("*.pdf"))
    pages = "".join(p.read_text(encoding="utf-8") for p in (target / "concept").rglob("*.html"))
    assert not _hrefs(pages, "pdf") and "gebouwd zonder PDF" in pages
    assert (tmp_path / "cache" / "site" / "config").is_dir()  # $STELSEL_CACHE_DIR, not the project's folder
