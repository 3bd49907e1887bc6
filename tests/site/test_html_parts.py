"""The HTML parts of a page, stored by Python-Markdown as written (site/html_parts.py)."""

from __future__ import annotations

import markdown

from stelsel.load.project import load_project
from stelsel.site.config import MARKDOWN_EXTENSIONS
from stelsel.site.html_parts import CLOSE, OPEN, StoredParts, html_part
from stelsel.site.pages import SiteOptions, generate_site

from .helpers import FIXTURE

EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS if e != "pymdownx.snippets"]


def _html(text: str, *extensions) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, *extensions]).convert(text)


def _unmarked(body: str) -> str:
    """The page as the generator wrote it before the markers: each part on lines of its own."""
    return body.replace(f"\n{OPEN}\n", "\n").replace(f"\n{CLOSE}\n", "\n")


def test_pages_render_as_when_python_markdown_parsed_their_html():
    """Every page renders byte for byte as when html_block parsed its HTML parts, each part as written."""
    site = generate_site(load_project(FIXTURE), SiteOptions())
    for path, text in site.pages.items():
        body = text.split("\n---\n", 1)[1]
        stored = _html(body, StoredParts())
        assert stored == _html(_unmarked(body)), path
        for part in body.split(f"\n{OPEN}\n")[1:]:
            assert part.partition(f"\n{CLOSE}\n")[0] in stored, path


def test_a_part_is_kept_out_of_markdown_wherever_it_stands():
    """Markdown-like text in a part stays as written; parts side by side, first or last on a page,
    and a marker without its closing line render as html_block renders them."""
    part = "<p>*niet nadruk* &amp; [geen](link)</p>"
    assert _html("# Kop\n" + html_part(part) + "\nTekst *wel*.", StoredParts()) == \
        f'<h1 id="kop">Kop</h1>\n{part}\n\n<p>Tekst <em>wel</em>.</p>'
    table = "<table>\n<tr><td>b</td></tr>\n</table>"
    for body in ("# Kop\n" + html_part(part) + html_part(table) + "\nTekst.", html_part(part) + "Tekst.",
                 "Tekst." + html_part(table)):
        assert _html(body, StoredParts()) == _html(_unmarked(body)), body
    unclosed = f"Tekst.\n\n{OPEN}\n<p>x</p>\n"
    assert _html(unclosed, StoredParts()) == _html(unclosed)
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
