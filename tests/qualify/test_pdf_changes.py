"""The release PDF's chapter "Wat is er gewijzigd" and the site's URL on its title page."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from stelsel.cli.main import cli
from stelsel.load.project import load_project
from stelsel.qualify import render_release_pdf
from stelsel.qualify.pdf import release_html
from stelsel.qualify.text import CODE_KINDS

from ..conftest import REPO
from .conftest import run

CHAPTER = "Wat is er gewijzigd"
NEXT_CHAPTER = "2 Inleiding"


def squeezed(text: str) -> str:
    """Text without any white space: a PDF breaks long names and IDs over lines where it likes."""
    return "".join(text.split())


def changes_chapter(path) -> str:
    """The text of the PDF's first chapter: from its heading on the page after the contents to the next chapter."""
    texts = [page.extract_text() for page in PdfReader(path).pages]
    start = next(i for i, text in enumerate(texts) if i > 1 and f"1  {CHAPTER}" in text.replace("\xa0", " "))
    end = next(i for i, text in enumerate(texts) if i > start and re.search(r"^2\s+Inleiding", text, re.M))
    return "\n".join(texts[start:end])


def expected_name(item: dict) -> str:
    """How the chapter names an item of `stelsel diff --format json`: a coded ID with its title, else its title."""
    return f"{item['id']} {item['title']}" if item["kind"] in CODE_KINDS else item["title"]


def rows(html: str) -> list[str]:
    """The rows of the changes chapter's tables (text only), proposals table excluded."""
    chapter = html.split('id="ch-changes"', 1)[1].split('<section class="chapter"', 1)[0]
    tables = re.findall(r'<table class="changes[^"]*">(.*?)</table>', chapter, re.S)
    return [re.sub(r"<[^>]+>", "", row) for table in tables for row in re.findall(r"<tbody>.*", table, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", row, re.S)]


@pytest.fixture(scope="module")
def shipped_diff() -> dict:
    result = CliRunner().invoke(cli, ["diff", "0.9", "1.0", "--format", "json", "--root", str(REPO)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_shipped_release_html_lists_exactly_what_the_diff_lists(shipped_diff):
    """The 1.0 document's changes chapter has one row per item `stelsel diff 0.9 1.0` lists, each under its
    name (with its ID where the ID is a code), and names 0.95 as skipped, never as the previous release."""
    html = release_html(load_project(REPO / "releases/1.0"))
    found = rows(html)
    assert len(found) == len(shipped_diff["items"]) == 14
    for item in shipped_diff["items"]:
        assert sum(squeezed(expected_name(item)) in squeezed(row) for row in found) == 1, item["id"]
    chapter = html.split('id="ch-changes"', 1)[1].split('<section class="chapter"', 1)[0]
    assert "Release 1.0 vergeleken met release 0.9 van 1 juni 2021: 1 toegevoegd, 12 gewijzigd en 1 vervallen." \
        in chapter
    assert "Release 0.95 is overgeslagen" in chapter and "release 0.95" not in chapter.lower().replace(
        "release 0.95 is overgeslagen", "")


def test_mini_release_changes_grouped_and_traced(releases):
    """Release 0.2 of the test framework against 0.1: added, changed, renamed (with its old ID) and withdrawn,
    each row naming proposal CP-0002; release 0.1, the first, says there is nothing to compare with."""
    html = release_html(load_project(releases / "releases/0.2"))
    chapter = html.split('id="ch-changes"', 1)[1].split('<section class="chapter"', 1)[0]
    headings = re.findall(r'<h2 id="sec-[^"]+"><span class="num">([\d.]+)</span> ([^<]+)</h2>', chapter)
    assert headings == [("1.1", "Wijzigingsvoorstellen"), ("1.2", "Toegevoegd"), ("1.3", "Gewijzigd"),
                        ("1.4", "Hernoemd"), ("1.5", "Vervallen")]
    found = rows(html)
    assert [row.split("afspraak")[0].strip() for row in found] == [
        "MA-002 Helpdesk", "MA-001 Servicedesk", "MA-005 Afspraak MA-005", "MA-009 Afspraak MA-003 (was MA-003)",
        "MA-004 Afspraak MA-004"]
    assert all(row.endswith("CP-0002") for row in found)
    assert "CP-0002</td><td>Helpdesk, releasekalender en opschoning</td><td>stuurgroep, 1 maart 2026" in \
        chapter.replace("Stuurgroep", "stuurgroep")
    first = release_html(load_project(releases / "releases/0.1"))
    assert "Release 0.1 is de eerste release die in deze repository is vastgelegd" in first


def test_working_tree_compares_with_the_newest_release(releases):
    """A working tree's document compares it with the newest frozen release; without changes it says so."""
    html = release_html(load_project(releases))
    assert "Deze werkversie vergeleken met release 0.2" in html and "geen inhoudelijke wijzigingen" in html


def test_site_url_named_only_when_configured(tree):
    """The title page names the site from the framework config's site_url; without one no URL but the licence's."""
    config = tree / "afsprakenstelsel/stelsel.yaml"
    bare = release_html(load_project(tree))
    assert "localhost" not in bare and "Website" not in bare
    assert not re.findall(r"https?://(?!creativecommons\.org|www\.w3\.org)", bare)
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://afspraken.example.org/stelsel/\n",
                      encoding="utf-8")
    html = release_html(load_project(tree))
    assert '<a href="https://afspraken.example.org/stelsel/">https://afspraken.example.org/stelsel/</a>' in html


@pytest.mark.slow
def test_shipped_release_pdf_has_the_changes_chapter(shipped_diff, tmp_path):
    """In the printed 1.0 PDF (read back with pypdf) the changes chapter names every item the diff lists, and each
    change its proposal; no URL of the site appears, as the shipped framework configures none."""
    path = render_release_pdf(load_project(REPO / "releases/1.0"), tmp_path / "twiin-1.0.pdf")
    chapter = squeezed(changes_chapter(path))
    for item in shipped_diff["items"]:
        assert squeezed(expected_name(item)) in chapter, item["id"]
    assert squeezed("1 toegevoegd, 12 gewijzigd en 1 vervallen") in chapter
    assert chapter.count("CP-20210614-inrichting-landelijke-ketenregie") + \
        chapter.count("CP-20210705-uitwerking-governancebeheer") == len(shipped_diff["items"]) + 2  # + the table
    assert "geenvoorstelgevonden" not in chapter
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "localhost" not in text and "Website" not in text


@pytest.mark.slow
def test_release_pdf_names_the_configured_site(tree, runner, tmp_path):
    """stelsel pdf of a framework with site_url prints the URL on the title page."""
    config = tree / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://afspraken.example.org/stelsel/\n",
                      encoding="utf-8")
    out = tmp_path / "mini.pdf"
    run(runner, "pdf", "--output", str(out), "--root", str(tree))
    title = PdfReader(out).pages[0].extract_text()
    assert "Website" in title and squeezed("https://afspraken.example.org/stelsel/") in squeezed(title)
