"""The site's HTML (site/markup.py): templates with autoescape, prose through Python-Markdown."""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup

from stelsel.load.project import load_project
from stelsel.site.config import MARKDOWN_EXTENSIONS
from stelsel.site.markup import ENVIRONMENT, H, Abbreviations, Prose, join, table, ul
from stelsel.site.pages import SiteOptions, generate_site

from .helpers import FIXTURE

EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
GLOSSARY = {"GtK": "Gekwalificeerd Twiin Knooppunt", "LSP": "Landelijk Schakelpunt", "AB": "A&B <samen>"}


def test_templates_escape_text_and_keep_markup():
    """Plain values are escaped by the templates; Markup (a macro's output) is kept as it is."""
    assert ENVIRONMENT.autoescape is True
    assert H.p("<b> & </b>") == "<p>&lt;b&gt; &amp; &lt;/b&gt;</p>"
    assert H.p(H.strong("x")) == "<p><strong>x</strong></p>"
    assert H.a('x" onclick="y', "a<b", title='t"') == '<a href="x&#34; onclick=&#34;y" title="t&#34;">a&lt;b</a>'
    assert join(", ", [H.em("a"), "<b>"]) == "<em>a</em>, &lt;b&gt;"


def test_abbreviations_as_the_abbr_extension_marks_them():
    """Glossary words become <abbr> with the meaning escaped; other text is escaped; parts of words are not marked."""
    abbr = Abbreviations(GLOSSARY)
    assert abbr.html("De GtK en GtK-dienstverlener, niet GtKs.") == (
        'De <abbr title="Gekwalificeerd Twiin Knooppunt">GtK</abbr> en '
        '<abbr title="Gekwalificeerd Twiin Knooppunt">GtK</abbr>-dienstverlener, niet GtKs.')
    assert abbr.html("AB & <c>") == '<abbr title="A&amp;B &lt;samen&gt;">AB</abbr> &amp; &lt;c&gt;'
    assert Abbreviations({}).html("GtK <") == "GtK &lt;"
    reference = markdown.Markdown(extensions=["abbr"], extension_configs={"abbr": {"glossary": GLOSSARY}})
    assert f"<p>{abbr.html('De GtK en het LSP.')}</p>" == reference.convert("De GtK en het LSP.")


def test_prose_is_python_markdown_with_the_site_extensions_and_glossary():
    """Prose renders exactly as Python-Markdown does with the site's extensions; the result is Markup."""
    prose = Prose(Abbreviations(GLOSSARY), ["toc", *EXTENSIONS], {"toc": {"permalink": True}})
    reference = markdown.Markdown(extensions=[e for e in EXTENSIONS if e not in ("toc", "pymdownx.snippets")],
                                  extension_configs={"abbr": {"glossary": GLOSSARY}})
    for text in ("Een GtK *moet* dit.\n\n- een\n- twee", "Zie [de rol](../rollen/#x \"Rol\") & <b>.", "| a | b |\n|---|---|\n| 1 | 2 |"):
        reference.reset()
        rendered = prose.render(text)
        assert isinstance(rendered, Markup) and rendered == reference.convert(text)


def test_macros_write_what_python_markdown_writes_for_the_same_markdown():
    """Tables, lists, admonitions and details come out as Python-Markdown writes them from Markdown."""
    md = markdown.Markdown(extensions=["tables", "admonition", "pymdownx.details"])
    assert table(["A", "B"], [["1", H.strong("2")], ["3", "4"]]) == \
        md.convert("| A | B |\n| --- | --- |\n| 1 | **2** |\n| 3 | 4 |")
    md.reset()
    assert ul(["a", "b"]) == md.convert("- a\n- b")
    md.reset()
    assert H.admonition("warning", "Let op", H.p("Tekst.")) == md.convert('!!! warning "Let op"\n\n    Tekst.')
    md.reset()
    assert H.details("note", "Bewijslast", H.p("Tekst.")) == md.convert('??? note "Bewijslast"\n\n    Tekst.')
    assert ul([]) == "" and H.meta([]) == ""


def test_pages_are_markdown_with_their_html_written_once():
    """Every page is plain Markdown text (not Markup), and no HTML in it was escaped twice."""
    site = generate_site(load_project(FIXTURE), SiteOptions(edit_base="https://x.test/edit/main/"))
    assert site.pages
    for path, text in site.pages.items():
        assert type(text) is str, path
        assert not re.search(r"&lt;/?(?:a|p|ul|li|strong|em|span|abbr|div|table|tr|td)\b|&amp;(?:lt|gt|amp|#3[49]);",
                             text), path
