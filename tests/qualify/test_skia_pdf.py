"""qualify/skia_pdf.py reads what pypdf reads: the page of each named destination, the title and the language."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from stelsel.load.project import load_project
from stelsel.qualify import render_release_pdf
from stelsel.qualify.pdf_chromium import _page_numbers
from stelsel.qualify.skia_pdf import SkiaPdf, string_value


def written_pdf(pages: int, destinations: dict[str, int], title: str) -> bytes:
    """A PDF with a classic cross-reference table, written by pypdf: named destinations in the catalog's /Dests."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    dests = DictionaryObject()
    for name, page in destinations.items():
        dests[NameObject("/" + name)] = ArrayObject([writer.pages[page].indirect_reference, NameObject("/XYZ"),
                                                     FloatObject(0), FloatObject(842), FloatObject(0)])
    writer._root_object[NameObject("/Dests")] = writer._add_object(dests)
    writer._root_object[NameObject("/Lang")] = TextStringObject("nl")
    writer.add_metadata({"/Title": title, "/Producer": "test (1)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_destinations_title_and_language_as_pypdf_reads_them():
    """Each named destination's page, the title (in UTF-16, as Skia writes text outside ASCII) and the catalog's language."""
    data = written_pdf(5, {"ch-inleiding": 0, "sec-laag-security": 3, "i-TA-063": 4}, "Twiin → Release 1.0")
    pdf = SkiaPdf(data)
    assert pdf.destinations() == {"ch-inleiding": 0, "sec-laag-security": 3, "i-TA-063": 4}
    assert pdf.info("Title") == PdfReader(io.BytesIO(data)).metadata.title == "Twiin → Release 1.0"
    assert pdf.info("Producer") == "test (1)" and string_value(pdf.catalog, "Lang") == "nl"
    assert _page_numbers(data, ["i-TA-063", "absent"]) == {"i-TA-063": 5}


def test_literal_strings_are_unescaped():
    """Literal strings: escaped parentheses, backslashes and octal codes."""
    assert string_value(rb"<</Creator (Mozilla/5.0 \(X11\) a\\b \351t\351)>>", "Creator") == "Mozilla/5.0 (X11) a\\b été"
    assert string_value(b"<</Title (x)>>", "Author") == ""


def test_not_a_pdf_is_a_value_error():
    """Bytes without a cross-reference table are refused with a ValueError (the caller's PdfError)."""
    with pytest.raises(ValueError):
        SkiaPdf(b"%PDF-1.4\nnot really\n")


@pytest.mark.slow
def test_chromium_pdf_reads_the_same_as_with_pypdf(tree, tmp_path):
    """On a PDF Chromium printed, every named destination lies on the page pypdf says."""
    path = render_release_pdf(load_project(tree), tmp_path / "mini.pdf")
    first = path.read_bytes()
    first = first[:first.index(b"%%EOF") + 5]  # Chromium's own PDF, before the PDF/UA update
    reader = PdfReader(io.BytesIO(first))
    expected = {name.lstrip("/"): reader.get_destination_page_number(dest)
                for name, dest in reader.named_destinations.items()}
    assert expected and SkiaPdf(first).destinations() == expected
