"""The HTML parts of a page, stored by Python-Markdown as written (site/html_parts.py)."""

from __future__ import annotations

from pathlib import Path

import markdown

from stelsel.load.project import load_project
from stelsel.site.config import MARKDOWN_EXTENSIONS
from stelsel.site.html_parts import CLOSE, HEADING_MARK, OPEN, StoredParts, html_part
from stelsel.site.pages import SiteOptions, generate_site

from .helpers import FIXTURE

EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS if e != "pymdownx.snippets"]


def _html(text: str, *extensions) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, *extensions]).convert(text)


def _unmarked(body: str) -> str:
    """The page as the generator wrote it before the markers: each part on lines of its own (a heading
    in a part is HTML there too)."""
    return body.replace(f"\n{OPEN}\n", "\n").replace(f"\n{CLOSE}\n", "\n").replace(HEADING_MARK, "")


def test_pages_render_as_when_python_markdown_parsed_their_html():
    """Every page renders byte for byte as when html_block parsed its HTML parts, each part as written
    (parts in a row stored as one)."""
    site = generate_site(load_project(FIXTURE), SiteOptions())
    for path, text in site.pages.items():
        body = text.split("\n---\n", 1)[1]
        stored = _html(body, StoredParts())
        assert stored == _html(_unmarked(body)), path
        for part in body.split(f"\n{OPEN}\n")[1:]:
            assert part.partition(f"\n{CLOSE}\n")[0].replace(HEADING_MARK, "") in stored, path


def test_a_part_is_kept_out_of_markdown_wherever_it_stands():
    """Markdown-like text in a part stays as written; parts side by side, first or last on a page,
    and a marker without its closing line render as html_block renders them."""
    part = "<p>*niet nadruk* &amp; [geen](link)</p>"
    assert _html("# Kop\n" + html_part(part) + "\nTekst *wel*.", StoredParts()) == \
        f'<h1 id="kop">Kop</h1>\n{part}\n\n<p>Tekst <em>wel</em>.</p>'
    table = "<table>\n<tr><td>b</td></tr>\n</table>"
    for body in ("# Kop\n" + html_part(part) + html_part(table) + "\nTekst.", html_part(part) + "Tekst.",
                 "Tekst." + html_part(table), html_part(part) + "\n\n\n" + html_part(table) + html_part(part),
                 html_part(part) + "\n" + html_part(table) + "\n\nTekst." + html_part(part)):
        assert _html(body, StoredParts()) == _html(_unmarked(body)), body
    unclosed = f"Tekst.\n\n{OPEN}\n<p>x</p>\n"
    assert _html(unclosed, StoredParts()) == _html(unclosed)
    assert _html(html_part(part) + unclosed, StoredParts()) == _html(f"\n{part}\n" + unclosed)  # not one part
    assert html_part("") == ""


def test_a_fence_or_snippet_line_in_a_part_is_html_and_its_whitespace_is_normalised_as_before():
    """A part is taken out before fences and snippets are read: a line in it that looks like a fence or a
    snippet stays as written; a tab and a line of spaces in it come out as normalize_whitespace makes them;
    the Markdown around it still gets its fences."""
    part = '<div class="x">\n```\nnot a fence\n--8<-- "geheim.txt"\n\tinspringing\n   \n</div>'
    text = f"# Kop\n{html_part(part)}\n```\ncode\n```\n"
    out = markdown.Markdown(extensions=[*EXTENSIONS, "pymdownx.snippets", StoredParts()]).convert(text)
    assert '```\nnot a fence\n--8<-- "geheim.txt"\n' + " " * 4 + "inspringing\n\n</div>" in out
    assert "<code>code" in out and "stelsel:part" not in out


def test_a_marker_an_author_writes_is_not_a_part():
    """Text naming a part's marker outside a part stays text: the markers carry a number no author can know."""
    text = f"<!--stelsel:part::0-->\n\n{html_part('<p>deel</p>')}\n"
    out = markdown.Markdown(extensions=[*EXTENSIONS, StoredParts()]).convert(text)
    assert out.count("<p>deel</p>") == 1 and "<!--stelsel:part::0-->" in out


def test_a_parts_whitespace_is_normalised_as_normalize_whitespace_does_whatever_it_holds():
    """Tabs, carriage returns, Markdown's stash characters and lines of spaces, alone, together and
    nowhere: each part comes out of the page as Python-Markdown's own normalisation makes it."""
    from markdown.util import ETX, STX

    from stelsel.site.html_parts import _normalised

    pieces = ["<p>a</p>", "\t", "\r\n", "\r", STX, ETX, "   ", " \n", "\n", "\n   \n", "  x \n", "\t\n", " \t \n"]
    md = markdown.Markdown()
    normalise = md.preprocessors["normalize_whitespace"]
    for first in pieces:
        for second in pieces:
            for third in pieces:
                html = first + second + "<div>b</div>" + third
                page = "\n".join(normalise.run(f"# Kop\n{html}\n<!--einde-->".split("\n")))
                assert _normalised(html, md.tab_length) == page[len("# Kop\n"):page.rindex("\n<!--einde-->")], \
                    repr(html)


def _converted(text: str, extensions: list) -> tuple[str, list, set]:
    """The HTML, table of contents and element IDs (what mkdocs' anchor check sees) of a page's Markdown."""
    from markdown.treeprocessors import Treeprocessor

    ids: set = set()

    class Anchors(Treeprocessor):  # as mkdocs' _ExtractAnchorsTreeprocessor, at toc's priority after it
        def run(self, root):
            ids.update(el.get("id") for el in root.iter() if el.get("id"))

    md = markdown.Markdown(extensions=extensions, extension_configs=CONFIGS)
    md.treeprocessors.register(Anchors(md), "anchors", 5)
    html = md.convert(text)
    return html, md.toc_tokens, ids


CONFIGS = {"toc": {"permalink": True, "permalink_title": "Link naar deze plek"}}


def test_item_headings_in_parts_render_list_and_anchor_as_markdown_headings(monkeypatch, tmp_path):
    """Every page with its items' headings in the HTML parts (parts in a row stored as one) has the HTML,
    the table of contents and the anchors it has with Markdown headings, the glossary's words marked alike."""
    import shutil

    import stelsel.site.pages as pages

    root = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    agreement = root / "afsprakenstelsel" / "afspraken" / "TA-001.yaml"  # a glossary word in a heading
    agreement.write_text(agreement.read_text(encoding="utf-8").replace("title: Servicedesk", "title: Servicedesk per GtK"),
                         encoding="utf-8")
    project = load_project(root)
    options = SiteOptions(markdown_configs=CONFIGS)
    in_parts = generate_site(project, options)
    monkeypatch.setattr(pages, "heading_permalink", lambda *args: None)
    in_markdown = generate_site(project, options)
    extensions = [*EXTENSIONS, StoredParts()]
    moved = 0
    for path, text in in_parts.pages.items():
        body, before = text.split("\n---\n", 1)[1], in_markdown.pages[path].split("\n---\n", 1)[1]
        moved += body.count("<!--stelsel:heading-->")
        glossary = "\n" + in_parts.abbreviations  # what pymdownx.snippets appends to every page
        assert _converted(body + glossary, extensions) == _converted(before + glossary, extensions), path
    layer = in_parts.pages["afspraken/lagen/organisatie.md"]
    assert moved >= 9 and 'id="TA-001">TA-001 · Servicedesk per <abbr title="' in layer
