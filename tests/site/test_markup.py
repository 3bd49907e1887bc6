"""The site's HTML (site/markup.py): templates with autoescape, prose through Python-Markdown."""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup

from stelsel.load.project import load_project
from stelsel.site.config import MARKDOWN_EXTENSIONS
import random

from stelsel.safehtml import SafeHtml
from stelsel.site.markup import ENVIRONMENT, H, Abbreviations, Prose, join, plain_html, table, ul
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


def _fragments_reference(glossary: dict) -> markdown.Markdown:
    """Python-Markdown as Prose runs it when it does not skip it."""
    own = [e for e in EXTENSIONS if e not in ("toc", "pymdownx.snippets", "abbr")]
    return markdown.Markdown(extensions=["fenced_code", *own, "abbr", SafeHtml()],  # mkdocs adds fenced_code
                             extension_configs={"abbr": {"glossary": glossary}})


# Words and marks that plain prose is made of, and near-misses that must go to Python-Markdown.
PLAIN_PIECES = ["GtK", "LSP", "woord", "Één", "x2", "(zie)", "‘dit’", "€", "—", "-", "1.", "·", ":", "'", '"',
                "[de rol](../rollen/R-1/)", '[GtK x](../a/B-1/ "T &#39;q&#39; &#40;z&#41; &amp; meer")',
                "[x](#anker)", "[x](//a.b/c)", "[y](a%20b/~c#d)", "[Ⅳ²](.)"]
SEPARATORS = [" "] * 8 + ["\n", "\n\n", ""]
NEAR_MISSES = ["\n\n\n", "  ", "\n- ", "\n1. ", "\n# ", "\n    ", "*", "_", "`c`", "<b>", "&amp;", "&", "\\*",
               "!", "[x]", "[x](http://a)", "[x](javascript:alert(1))", "{: .c}", "|", "~~", "^", "\t", "=", "\n:"]


def test_plain_prose_skips_python_markdown_and_comes_out_the_same():
    """Text that plain_html takes (words, punctuation, paragraphs, generated links, glossary words) is
    byte for byte what Python-Markdown makes of it; everything else it leaves to Python-Markdown."""
    rnd = random.Random(16)
    for glossary in (GLOSSARY, {}):
        abbr = Abbreviations({k: v for k, v in glossary.items() if k != "AB"})  # AB's meaning has & <>
        reference = _fragments_reference(abbr.glossary)
        taken = 0
        for _ in range(8000):
            text = rnd.choice(PLAIN_PIECES)
            for _ in range(rnd.randint(0, 12)):
                text += rnd.choice(SEPARATORS) + rnd.choice(PLAIN_PIECES if rnd.random() < 0.95 else NEAR_MISSES)
            text += rnd.choice(["", "\n"])
            fast = plain_html(text, abbr)
            if fast is not None:
                taken += 1
                reference.reset()
                assert fast == reference.convert(text), text
        assert taken > 1000  # the comparison above ran on many texts
        reference.reset()
        text = 'Een GtK regel\nmet [de LSP](../a/B-1/ "T &#40;z&#41;") erin.\n\nTweede alinea.\n'
        assert plain_html(text, abbr) == reference.convert(text) and "</p>\n<p>" in reference.convert(text)
    for text in ("Een *moet*.", "a  \nb", "a\n- b", "a\n1. b", "A &amp; B", "A <b>", "A `c`", "A \\* b",
                 "[x](javascript:alert(1))", "A ![x](a.png)", "A {: .c}", "A\n\n\nB", "A\n \nB", " A", "1. A"):
        assert plain_html(text, Abbreviations(GLOSSARY)) is None, text
    assert plain_html("AB c.", Abbreviations(GLOSSARY)) is None  # a meaning the serializer would escape


def test_prose_goes_to_python_markdown_with_an_extension_plain_html_does_not_know():
    """A project's extra extension (here: magiclink) may read plain text: then no text skips Python-Markdown."""
    assert Prose(Abbreviations({}), ["tables", "fenced_code", *EXTENSIONS]).plain is True  # as mkdocs gives them
    prose = Prose(Abbreviations({}), [*EXTENSIONS, "pymdownx.magiclink"])
    assert prose.plain is False
    assert '<a href="https://twiin.nl"' in prose.render("Zie https://twiin.nl voor meer")


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
