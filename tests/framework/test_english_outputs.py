"""An English framework gets English text from the engine: its release PDF, its checklists and its site speak English.

The framework is made with init and the catalogue versions imported as releases 1.0 to 1.2; the Dutch UI
words the engine grep looks for (tests/test_no_twiin_in_engine.py) must not appear in what it reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from stelsel.load.project import load_project
from stelsel.qualify import build_checklist, csv_text, render_markdown, write_xlsx
from stelsel.qualify.importer import import_checklist
from stelsel.qualify.pdf import release_html
from stelsel.qualify.state import open_release

from ..test_no_twiin_in_engine import WORDS
from .conftest import Stelsel, init_english


def dutch_words(text: str) -> list[str]:
    """The Dutch or Twiin words of the engine grep in ``text`` (HTML tags, styles and scripts left out)."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return sorted({match.group(1).lower() for match in WORDS.finditer(text)})


@pytest.fixture
def english(built) -> Path:
    """The English framework (init, the founding release 0.1, three catalogue versions imported as 1.0 to 1.2)."""
    return built


def test_init_records_the_language_in_the_config(english):
    """init --language en writes language: en, and the loaded config says so."""
    assert "\nlanguage: en\n" in (english / "framework" / "stelsel.yaml").read_text()
    assert load_project(english).config.language == "en"


def test_the_release_pdf_of_an_english_framework_is_english(english):
    """The release document (lang en) has English chapters, facts and change tables and no Dutch UI word."""
    document = release_html(load_project(english / "releases" / "1.0"))
    assert '<html lang="en">' in document
    for text in ("Release document", "Contents", "What has changed", "Release 1.0 compared with release 0.1",
                 "Change proposals", "Agreements", "Glossary", "Applies to:", "Mandatory", "Licence"):
        assert text in document, text
    assert dutch_words(document) == []


def test_the_working_version_pdf_of_an_english_framework_is_english(tmp_path):
    """A freshly made English framework's working version says 'Working version — not adopted', in English only."""
    assert init_english(tmp_path / "x", "Example Trust Framework", "--no-git").exit_code == 0
    document = release_html(load_project(tmp_path / "x"))
    assert "Working version — not adopted" in document and "No release has been recorded yet" in document
    assert dutch_words(document) == []


def test_the_checklists_of_an_english_framework_are_english(english, tmp_path):
    """The checklist as Markdown, CSV and XLSX has English headers, sheets, answers and help, no Dutch UI word."""
    checklist = build_checklist(open_release(english, "1.0"), "participant")
    markdown = render_markdown(checklist)
    assert "| ID | Level | Agreement | Evidence | Type of evidence | Since |" in markdown
    assert dutch_words(markdown) == []
    header = csv_text(checklist).splitlines()[0]
    assert header == "ID,Title,Level,Layer,Agreement,Evidence,Type of evidence,Since,Answer,Explanation,Evidence documents"
    path = tmp_path / "checklist.xlsx"
    write_xlsx(checklist, path)
    book = load_workbook(path)
    assert book.sheetnames == ["Checklist", "Details"]
    details = {row[0].value: row[1].value for row in book["Details"].iter_rows()}
    assert details["Role"] == "participant" and "complies, partly complies" in details["How to fill in"]
    prompts = [v.prompt for v in book["Checklist"].data_validations.dataValidation]
    assert any(p.startswith("Choose: complies") for p in prompts)
    assert dutch_words(" ".join(str(v) for v in details.values()) + " ".join(prompts)) == []


def test_an_english_checklist_filled_in_in_english_imports(english, tmp_path):
    """An XLSX checklist answered with the English words reads back as the recorded answer values."""
    checklist = build_checklist(open_release(english, "1.0"), "participant")
    path = tmp_path / "filled.xlsx"
    write_xlsx(checklist, path)
    book = load_workbook(path)
    sheet = book["Checklist"]
    sheet.cell(row=2, column=9, value="complies")
    sheet.cell(row=3, column=9, value="Does not comply")
    book.save(path)
    imported = import_checklist(path, party="Org A")
    # written in the checklist's words, which stelsel assess reads as the answers they are
    assert "answer: complies\n" in imported.text and "answer: does not comply\n" in imported.text
    assert "voldoet" not in imported.text and imported.text.startswith("# Self-assessment, imported from filled.xlsx.")
    assert "role: participant" in imported.text and "release: '1.0'" in imported.text


def test_the_feeds_of_an_english_framework_are_english(english):
    """The consultation feed (xml:lang en) and the calendar of an English framework hold no Dutch UI word."""
    import datetime as dt

    from stelsel.workflow.feeds import calendar_ics, consultation_feed

    project = load_project(english)
    register = project.by_kind["release"]["1.0"].model
    register.ingangsdatum, register.vervaldatum = dt.date(2027, 1, 1), dt.date(2027, 12, 31)  # on the timeline
    feed = consultation_feed(project, dt.date(2030, 1, 1))
    assert 'xml:lang="en"' in feed and "<title>Consultations: Example Trust Framework</title>" in feed
    calendar = calendar_ics(project, dt.date(2030, 1, 1))
    assert "SUMMARY:Release 1.0 takes effect" in calendar and "is valid from 1 January 2027" in calendar
    assert dutch_words(feed) == [] and dutch_words(calendar) == []


@pytest.mark.slow
def test_the_site_of_an_english_framework_is_english(english, tmp_path):
    """stelsel build writes lang="en" pages whose home, navigation, checklist and role pages speak English."""
    import shutil

    root = tmp_path / "etf"
    shutil.copytree(english, root, symlinks=True)
    Stelsel(root)("build")
    site = root / "site" / "1.0"
    home = (site / "index.html").read_text()
    assert '<html lang="en"' in home
    for text in ("What applies to me?", "Open consultations", "Contents", "This release", "Previous release",
                 "content published under the licence", "Change proposals"):
        assert text in home, text
    assert "By layer" in (site / "agreements" / "index.html").read_text()  # the navigation, pruned on the home page
    checklist = (site / "checklists" / "participant" / "index.html").read_text()
    assert "Download to fill in:" in checklist and "Every agreement that applies to the role" in checklist
    role_change = next((root / "site" / "1.0" / "changes" / "roles" / "participant").rglob("index.html"))
    assert "What changes for the" in role_change.read_text()
    roles = (site / "roles" / "index.html").read_text()
    governance = (site / "governance" / "index.html").read_text()
    assert "The roles and parties in the framework" in roles and "How change proposals are handled" in governance
    agreements = (site / "agreements" / "index.html").read_text()
    assert "Every agreement is listed with its layer of the framework" in agreements
    for page, text in ((roles, "De rollen en partijen"), (governance, "Werkwijze voor wijzigingsvoorstellen"),
                       (agreements, "Elke afspraak staat bij haar"), (home, "Wat geldt voor mij"), (home, "Openstaande consultaties"), (home, "Vorige release"),
                       (checklist, "Downloaden om in te vullen"), (checklist, "Alle afspraken die gelden")):
        assert text not in page, text
    # The history, release and change pages, an item's page with its links to the other versions, the 404 page
    # (the theme override) and the redirects: English, and no Dutch UI word in what a reader reads.
    releases = (site / "releases" / "index.html").read_text()
    release = (site / "releases" / "1.0" / "index.html").read_text()
    changes = (site / "changes" / "1.0" / "index.html").read_text()
    register = (site / "proposals" / "index.html").read_text()
    item = (root / "site" / "concept" / "agreements" / "ETF-01" / "index.html").read_text()
    missing = (site / "404.html").read_text()
    assert "<th>Phase</th>" in releases and "Changes in this release" in release and "Adopted by" in release
    assert "What has changed in release 1.0" in changes and "Every change to the framework goes through" in register
    assert "In other versions" in item and "(this version)" in item and 'href="../../../1.0/agreements/ETF-01/"' in item
    assert "Page not found" in missing and "To the home page of this version" in missing
    assert 'title="Releases and decisions"' in home and "Go to the newest version" in (root / "site" / "index.html").read_text()
    versions = (root / "site" / "versions.json").read_text()
    assert '"title": "draft (working version)"' in versions
    for page in (home, releases, release, changes, register, item, missing, roles, governance, agreements, checklist):
        assert dutch_words(page) == [], dutch_words(page)
