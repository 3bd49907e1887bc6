"""The release PDF: title page, contents, a new page per chapter, and every agreement's ID in the agreements chapter."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from stelsel.load.project import load_project
from stelsel.qualify import render_release_pdf
from stelsel.qualify.pdf import release_html

from ..conftest import REPO
from .conftest import run

CHAPTERS = ["Wat is er gewijzigd", "Inleiding", "Principes en uitgangspunten", "Rollen", "Afspraken", "Begrippenlijst"]


def page_texts(path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def body_texts(path) -> list[str]:
    """Each page's text between the page margins: without the running header and footer, whichever
    order the engine paints them in."""
    millimetre = 72 / 25.4
    texts = []
    for page in PdfReader(path).pages:
        parts, top, bottom = [], float(page.mediabox.top) - 22 * millimetre, 20 * millimetre

        def visit(text, cm, tm, font, size, parts=parts, top=top, bottom=bottom):
            if bottom <= tm[4] * cm[1] + tm[5] * cm[3] + cm[5] <= top:
                parts.append(text)

        page.extract_text(visitor_text=visit)
        texts.append(" ".join("".join(parts).split()))
    return texts


def chapter_pages(texts: list[str]) -> list[int]:
    """The index of the page each chapter starts on (its heading opens the page)."""
    found = []
    for number, title in enumerate(CHAPTERS, start=1):
        starts = [i for i, text in enumerate(texts) if text.startswith(f"{number} {title}")]
        assert len(starts) == 1, (title, starts)
        found.append(starts[0])
    return found


@pytest.fixture(scope="module")
def release_pdf(releases, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "mini-0.2.pdf"
    render_release_pdf(load_project(releases / "releases/0.2"), path)
    return path


@pytest.mark.slow
def test_each_chapter_starts_on_its_own_page(release_pdf):
    """Title page, contents, then the five chapters, each opening a new page, in order."""
    texts, bodies = page_texts(release_pdf), body_texts(release_pdf)
    pages = chapter_pages(bodies)
    assert pages == sorted(pages) and pages[0] == 2  # after the title page and the contents
    assert bodies[1].startswith("Inhoud") and all(title in bodies[1] for title in CHAPTERS)
    for number, (title, index) in enumerate(zip(CHAPTERS, pages), start=1):
        assert re.search(rf"\b{number} {title} \.* ?{index + 1}\b", texts[1]), title  # its page in the contents
        assert f"{number} {title}" in texts[index].replace(bodies[index], "")  # the running header names it
    for index in pages:
        assert f"Pagina {index + 1} van {len(texts)}" in texts[index]  # running footer


@pytest.mark.slow
def test_title_page_names_framework_version_status_date_and_licence(release_pdf):
    """The title page carries the framework's name, the version, its status, the date and the licence."""
    title = page_texts(release_pdf)[0]
    for words in ("Mini-afsprakenstelsel", "Release 0.2", "Versie 0.2", "Status vastgesteld", "Datum 12 maart 2026",
                  "Creative Commons Naamsvermelding-GelijkDelen 4.0"):
        assert words in title, words


@pytest.mark.slow
def test_the_release_pdf_is_tagged_with_language_and_title(release_pdf):
    """PDF/UA-1: a structure tree, marked content, the document language (nl) and a title shown as the window title;
    the file reads without repairs (strict), the appended metadata update included."""
    reader = PdfReader(release_pdf, strict=True)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "nl"
    assert reader.metadata.title and bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()  # declares PDF/UA


@pytest.mark.slow
def test_agreements_chapter_has_every_agreement_id(releases, release_pdf):
    """Every agreement of the release is in the agreements chapter under its ID; withdrawn ones are listed apart."""
    texts = page_texts(release_pdf)
    pages = chapter_pages(body_texts(release_pdf))
    chapter = " ".join(texts[pages[4]:pages[5]])
    project = load_project(releases / "releases/0.2")
    ids = {item.id for item in project.items("agreement")}
    assert ids == {"MA-001", "MA-002", "MA-004", "MA-005", "MA-006", "MA-007", "MA-009"}
    for ident in ids:
        assert ident in chapter, ident
    assert chapter.index("5.1 Organisatie") < chapter.index("MA-001 Servicedesk") < chapter.index("5.2 Security")
    assert chapter.index("Vervallen afspraken") < chapter.index("MA-004")
    assert "MA-009 Afspraak MA-003" in chapter  # MA-003 was renumbered to MA-009 in 0.2 (its title stayed)


@pytest.mark.slow
def test_pdf_cli_and_working_tree(tree, runner, tmp_path):
    """stelsel pdf writes the working tree as a draft ('werkversie') and the HTML it printed from."""
    out, page = tmp_path / "mini.pdf", tmp_path / "mini.html"
    result = run(runner, "pdf", "--output", str(out), "--html", str(page), "--root", str(tree))
    assert "mini.pdf" in result.output
    texts = page_texts(out)
    assert "Werkversie — niet vastgesteld" in texts[0] and "0.1 (werkversie)" in texts[0]
    html = page.read_text(encoding="utf-8")
    assert 'lang="nl"' in html and "http://" not in html.replace("http://www.w3.org", "")
    assert run(runner, "pdf", "--release", "3.0", "--root", str(tree), code=2).exit_code == 2


@pytest.mark.slow
def test_local_images_are_embedded_and_remote_ones_refused(tree, tmp_path):
    """A page's figure next to its Markdown is in the PDF; an image on the web is not fetched."""
    from PIL import Image

    Image.new("RGB", (40, 20), "#9dc3e6").save(tree / "afsprakenstelsel/paginas/figuur.png")
    page = tree / "afsprakenstelsel/paginas/intro.md"
    page.write_text(page.read_text() + "\n![Figuur](figuur.png)\n\n![Web](https://example.invalid/x.png)\n")
    path = tmp_path / "images.pdf"
    render_release_pdf(load_project(tree), path)
    sizes = {image.image.size for page in PdfReader(path).pages for image in page.images}
    assert sizes == {(40, 20)}  # the local figure only (pages may share one resource dictionary)


def test_real_framework_renders():
    """The shipped framework renders: every current agreement's ID is in the document."""
    project = load_project(REPO)
    html = release_html(project)
    for item in project.items("agreement"):
        if item.model.status != "withdrawn":
            assert f'id="i-{item.id}"' in html, item.id
    assert html.count('class="chapter"') == len(CHAPTERS)


@pytest.mark.slow
def test_engine_is_chromium_where_there_is_one_and_weasyprint_on_request(tree, tmp_path, monkeypatch):
    """The PDF is printed by Chromium when one is installed, by weasyprint when STELSEL_PDF_ENGINE says so;
    an unknown engine name is a PdfError, not a traceback."""
    from stelsel.qualify.pdf import PdfError, engine

    project = load_project(tree)
    producers = {}
    for name in ("chromium", "weasyprint"):
        monkeypatch.setenv("STELSEL_PDF_ENGINE", name)
        path = render_release_pdf(project, tmp_path / f"{name}.pdf")
        producers[name] = str(PdfReader(path).metadata.producer)
    assert producers["chromium"].startswith("Skia/PDF") and "WeasyPrint" in producers["weasyprint"]
    monkeypatch.setenv("STELSEL_PDF_ENGINE", "latex")
    with pytest.raises(PdfError, match="chromium or weasyprint"):
        engine()


def test_fenced_code_in_prose_is_a_code_block(tree):
    """A page's fenced code block is a code block in the document; the prose around it stays prose."""
    page = tree / "afsprakenstelsel/paginas/intro.md"
    page.write_text(page.read_text() + "\nVoorbeeld:\n\n```\nstelsel check\n```\n\nEinde *hier*.\n")
    html = release_html(load_project(tree))
    assert "<pre><code>stelsel check\n</code></pre>" in html and "<p>Einde <em>hier</em>.</p>" in html
