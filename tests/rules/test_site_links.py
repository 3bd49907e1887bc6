"""C012: a Markdown link the generated site cannot resolve is reported where it is, before the strict build stops;
web addresses in the config are http(s)."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, append, diagnostics, make_tree, replace

PAGE = CONTENT + "paginas/intro.md"
AGREEMENT = CONTENT + "afspraken/MA-001.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


def _c012(root) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.col, d.message) for d in diagnostics(root) if d.code == "C012"]


@pytest.mark.parametrize("link, kind", [("../nergens/", "a relative link"), ("#bestaat-niet", "an anchor"),
                                        ("/afspraken/", "a site path"), ("MA-001.yaml", "a relative link")])
def test_a_link_by_path_in_a_page_is_c012_at_its_place(tmp_path, link, kind):
    """A page's '[elders](LINK)' on line 12, its target at column 14: C012 there, naming the kind of link, with the
    [[ID]] hint."""
    root = make_tree(tmp_path / "tree", {PAGE: append(f"\nZie [elders]({link}).\n")})
    found = [d for d in diagnostics(root) if d.code == "C012"]
    assert [(d.path, d.line, d.col) for d in found] == [(PAGE, 12, 14)], found
    assert found[0].message.startswith(f"{kind} '{link}' in the text") and "[[ID]]" in found[0].hint


def test_a_link_by_path_in_an_agreement_is_c012_at_its_field(tmp_path):
    """An anchor in an agreement's statement, shown on several pages, is C012 at the statement, even one a page has."""
    root = make_tree(tmp_path / "tree", {AGREEMENT: replace("een servicedesk inrichten.",
                                                           "een servicedesk inrichten ([zie](#inleiding)).")})
    assert [(p, line, m.split(":")[0]) for p, line, _, m in _c012(root)] == \
        [(AGREEMENT, 5, "an anchor '#inleiding' in statement")]


def test_a_figure_that_is_not_there_is_c012(tmp_path):
    """A page's image of figuren/weg.png, with no such file next to it: C012 saying the figure is missing."""
    root = make_tree(tmp_path / "tree", {PAGE: append("\n![schema](figuren/weg.png)\n")})
    assert [m for *_, m in _c012(root)] == ["a link to the figure 'figuren/weg.png' in the text, but no such file lies "
                                            "next to the page (the site build stops on it)"]


def test_links_the_site_resolves_are_clean(tmp_path):
    """A figure next to the page, the page's own heading and footnote, full URLs, mail, [[ID]], links in code and in
    raw HTML (which the build does not check; C003 reports the HTML): no C012."""
    root = make_tree(tmp_path / "tree", {
        CONTENT + "paginas/figuren/schema.png": PNG,
        PAGE: append("\n## Mijn kop\n\n![schema](figuren/schema.png) en [kop](#mijn-kop), een noot[^1], "
                     "[web](https://example.org/x#y), [post](mailto:a@example.org), [[MA-001]], `[code](../x)`.\n\n"
                     "```\n[ook code](#nergens)\n```\n\n[^1]: De noot.\n\n<a href=\"../rauw/\">rauw</a> "
                     "[escaped](&#106;avascript:x)\n"),
        AGREEMENT: replace("een servicedesk inrichten.", "een servicedesk inrichten (zie https://example.org)."),
    })
    assert _c012(root) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "/licentie/"])
def test_a_licence_url_the_site_would_drop_is_s003_at_its_line(tmp_path, url):
    """licence.url that is not http(s) is S003 at its line (the site dropped it from the home page without a word)."""
    root = make_tree(tmp_path / "tree", {CONTENT + "stelsel.yaml": replace(
        "  url: https://creativecommons.org/licenses/by-sa/4.0/\n", f"  url: '{url}'\n")})
    assert [(d.code, d.line) for d in diagnostics(root)] == [("S003", 10)]
