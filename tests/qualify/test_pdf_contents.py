"""Chromium's contents page numbers: found by a column layout without printing, checked against the print."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from stelsel.load.project import load_project
from stelsel.qualify import pdf_chromium
from stelsel.qualify.cdp import Browser
from stelsel.qualify.pdf import release_html

from ..conftest import REPO

CHAPTERS = ["Wat is er gewijzigd", "Inleiding", "Principes en uitgangspunten", "Rollen", "Afspraken", "Begrippenlijst"]
# Breaks the column layout only (the print never has .stelsel-columns): every guess after the first chapter is off.
OFF = "<style>.stelsel-columns .chapter { break-before: auto !important; }</style>\n</head>"


@pytest.fixture(scope="module")
def shipped():
    chromium = pdf_chromium.executable()
    if chromium is None:
        pytest.skip("no Chromium on this machine")
    return chromium, release_html(load_project(REPO / "releases" / "1.0"), "1.0")


def guessed(chromium: str, document: str, tmp_path) -> tuple[dict, list[str]]:
    """The pages the column layout gives each contents entry of ``document`` (as html_to_pdf loads it)."""
    document = document.replace("</head>", f"<style>{pdf_chromium.STYLE}</style>\n</head>", 1)
    targets = re.findall(r'class="toc-page" data-for="([^"]+)"', document)
    page = tmp_path / "guess.html"
    page.write_text(document, encoding="utf-8")
    with Browser(chromium) as browser:
        browser.goto(page.as_uri())
        browser.send("Emulation.setEmulatedMedia", media="print")
        return browser.evaluate(pdf_chromium._COLUMNS % json.dumps(targets)), targets


def printed(path, targets: list[str]) -> dict:
    return pdf_chromium._page_numbers(PdfReader(path), targets)


def contents_numbers(path) -> list[int]:
    """The page numbers the contents page gives the chapters, in order."""
    text = " ".join(PdfReader(path).pages[1].extract_text().split())
    found = []
    for number, title in enumerate(CHAPTERS, start=1):
        match = re.search(rf"\b{number} {title} \.* ?(\d+)\b", text)
        assert match, title
        found.append(int(match.group(1)))
    return found


@pytest.mark.slow
def test_column_layout_gives_the_printed_pages_of_the_shipped_release(shipped, tmp_path):
    """On the shipped release (40 pages, chapters and sections over many pages) the column layout gives every
    contents entry the page the print puts it on, so the document is printed once."""
    chromium, document = shipped
    guess, targets = guessed(chromium, document, tmp_path)
    out = tmp_path / "shipped.pdf"
    pdf_chromium.html_to_pdf(document, out, REPO, chromium)
    pages = printed(out, targets)
    assert len(pages) == len(targets) and len(set(pages.values())) > 10
    assert guess == pages
    chapter_pages = [pages[t] for t in targets if t.startswith("ch-")]
    assert contents_numbers(out) == chapter_pages


@pytest.mark.slow
def test_a_guess_that_is_off_is_put_right_by_the_print(shipped, tmp_path):
    """When the column layout is off, the contents still name the pages the printed PDF has."""
    chromium, document = shipped
    document = document.replace("</head>", OFF, 1)
    guess, targets = guessed(chromium, document, tmp_path)
    out = tmp_path / "off.pdf"
    pdf_chromium.html_to_pdf(document, out, REPO, chromium)
    pages = printed(out, targets)
    assert guess != pages  # the guess really was off
    assert contents_numbers(out) == [pages[t] for t in targets if t.startswith("ch-")]
    assert PdfReader(out).trailer["/Root"]["/Metadata"] is not None  # still declared PDF/UA after the reprint
