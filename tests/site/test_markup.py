"""Pre-rendered HTML (site/markup.py) against what Python-Markdown makes of the same text.

The generator writes the bulk of each page as HTML and renders item prose itself, skipping
Python-Markdown for plain paragraphs; these tests hold both to Python-Markdown's own output,
with the site's Markdown extensions and glossary abbreviations."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest

from stelsel.load.project import load_project
from stelsel.site.config import MARKDOWN_EXTENSIONS
from stelsel.site.markup import Abbreviations, Blocks, Prose, admonition, details, table, ul
from stelsel.site.pages import SiteOptions, generate_site

from .helpers import FIXTURE

REPO = Path(__file__).resolve().parents[2]
# What mkdocs hands Python-Markdown for the shipped mkdocs.yml (it adds toc, tables and fenced_code).
EXTENSIONS = list(dict.fromkeys(["toc", "tables", "fenced_code",
                                  *(e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS)]))
GLOSSARY = {"GtK": "Gekwalificeerd Twiin Knooppunt", "LSP": "Landelijk Schakelpunt", "AB": "A&B <samen>"}


def _prose(glossary=GLOSSARY) -> Prose:
    return Prose(Abbreviations(glossary), EXTENSIONS, {"toc": {"permalink": True}})


def _texts(root: Path) -> list[str]:
    """Every prose field of every item of a framework tree."""
    out = []
    project = load_project(root)
    for kind in project.by_kind:
        for item in project.items(kind):
            for name in ("statement", "description", "definition", "function", "rationale", "evidence", "motivation",
                         "basis_note"):
                value = getattr(item.model, name, None)
                if isinstance(value, str) and value.strip():
                    out.append(value)
    return out


PLAIN_WORDS = ["De", "zorgaanbieder", "MOET", "GtK", "GtK-dienstverlener", "LSP", "AB", "(binnen", "4", "uur)", "2026.",
               "'t", '"quote"', "é", "naïef", "100%", "€", "x/y", "e-mail", "a.b", "Ja!", "Nee?", "ID-001", "—", "…",
               "GtKs", "ABC", "1.5", "\u00a7\ue000\u00a7"]


def _random_texts(count: int, words: list[str] | None = None) -> list[str]:
    rng = random.Random(7)
    words = words or ["De", "zorgaanbieder", "MOET", "GtK", "GtK-dienstverlener", "LSP", "AB", "(binnen", "4", "uur)", "1.", "2)",
             "'t", '"quote"', "é", "naïef", "100%", "€", "x/y", "e-mail", "a.b", "Ja!", "Nee?", ":", "-", "+", "=",
             "§", "—", "…", "2026.", "ID-001", "[[TA-001]]", "*", "_", "`", "<b>", "&amp;", "&", "#", "|", "~", "^",
             "{", "}", "\\", "  ", "\t"]
    out = []
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.15:
                lines.append("")
                continue
            lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))))
        out.append("\n".join(lines) + ("\n" if rng.random() < 0.5 else ""))
    return out


@pytest.mark.parametrize("source", ["fixture", "shipped", "random", "random-plain"])
def test_plain_paragraphs_match_python_markdown(source):
    """Whatever the fast path renders is byte for byte what Python-Markdown (with the site's
    extensions and the glossary) renders; and it does take most plain texts."""
    if source == "fixture":
        texts = _texts(FIXTURE)
    elif source == "shipped":
        if not (REPO / "afsprakenstelsel" / "stelsel.yaml").is_file():
            pytest.skip("no shipped framework")
        texts = _texts(REPO)
    elif source == "random":  # mostly Markdown syntax: the fast path must decline those
        texts = _random_texts(3000)
    else:
        texts = _random_texts(3000, PLAIN_WORDS)
    prose = _prose()
    reference = markdown.Markdown(extensions=[*[e for e in EXTENSIONS if e not in ("toc", "pymdownx.snippets")]],
                                  extension_configs={"abbr": {"glossary": GLOSSARY}})
    fast = 0
    for text in texts:
        reference.reset()
        expected = reference.convert(text)
        plain = prose._plain(text)
        if plain is not None:
            fast += 1
            assert plain == expected, text
        assert prose.render(text) == expected, text
    least = 100 if source == "random" else len(texts) // 2
    assert fast >= least, f"only {fast} of {len(texts)} texts took the fast path"


def test_fast_path_only_with_known_extensions():
    """An extension that could change plain text (smarty quotes) turns the fast path off."""
    assert _prose().plain_ok
    assert not Prose(Abbreviations({}), [*EXTENSIONS, "smarty"]).plain_ok


def test_abbreviations_as_the_abbr_extension_marks_them():
    abbr = Abbreviations(GLOSSARY)
    assert abbr.html("De GtK en GtK-dienstverlener, niet GtKs.") == (
        'De <abbr title="Gekwalificeerd Twiin Knooppunt">GtK</abbr> en '
        '<abbr title="Gekwalificeerd Twiin Knooppunt">GtK</abbr>-dienstverlener, niet GtKs.')
    assert abbr.html("AB & <c>") == '<abbr title="A&amp;B &lt;samen&gt;">AB</abbr> &amp; &lt;c&gt;'
    assert abbr.html("&copy; blijft") == "&copy; blijft"  # an entity stays one, as in Markdown
    assert Abbreviations({}).html("GtK") == "GtK"


def test_wikilink_tokens_do_not_depend_on_the_page():
    """Prose with [[ID]] links renders once; the links go in per page afterwards."""
    prose = _prose()
    source, found = prose.tokens("Zie [[A]] en **[[B|de B]]**.", lambda m: "?", re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]"))
    assert len(found) == 2 and "[[" not in source
    html = prose.render(source)
    assert prose.fill(html, ['<a href="x">A</a>', '<a href="y">de B</a>']) == \
        '<p>Zie <a href="x">A</a> en <strong><a href="y">de B</a></strong>.</p>'


def test_html_helpers_match_markdown_output():
    """Tables, lists, admonitions and details as Python-Markdown writes them from Markdown."""
    abbr = Abbreviations(GLOSSARY)
    md = markdown.Markdown(extensions=["tables", "admonition", "pymdownx.details", "abbr"],
                           extension_configs={"abbr": {"glossary": GLOSSARY}})
    assert table(["A", "B"], [["1", "<strong>2</strong>"], ["3", "4"]]) == \
        md.convert("| A | B |\n| --- | --- |\n| 1 | **2** |\n| 3 | 4 |")
    md.reset()
    assert ul(["a", "b"]) == md.convert("- a\n- b")
    md.reset()
    assert admonition("warning", 'Let "op" GtK', "<p>Tekst.</p>", abbr) == \
        md.convert('!!! warning "Let \'op\' GtK"\n\n    Tekst.')
    md.reset()
    assert details("note", "Bewijslast", "<p>Tekst.</p>", abbr) == md.convert('??? note "Bewijslast"\n\n    Tekst.')


def test_block_tokens_render_as_the_blocks_inline():
    """Each page with its blocks as tokens, filled in after Markdown, is the page with the
    blocks written in (GeneratedSite.pages) rendered by Markdown: the shortcut changes nothing."""
    site = generate_site(load_project(FIXTURE), SiteOptions(edit_base="https://x.test/edit/main/"))
    extensions = [e for e in EXTENSIONS if e != "pymdownx.snippets"]
    assert site.blocks.html, "the generator wrote no HTML blocks"
    for path, source in site.sources.items():
        body = source.split("\n---\n", 1)[1]
        tokens = markdown.Markdown(extensions=extensions).convert(body)
        filled, count = site.blocks.fill(tokens)
        assert count == source.count("<!--stelsel-block:"), path
        inline = markdown.Markdown(extensions=extensions).convert(site.pages[path].split("\n---\n", 1)[1])
        assert filled == inline, path


def test_blocks_expand_and_fill():
    blocks = Blocks()
    text = "# T\n" + blocks.add("<p>a</p>") + "\n## H\n" + blocks.add("<ul>\n<li>b</li>\n</ul>")
    assert blocks.expand(text) == "# T\n\n<p>a</p>\n\n## H\n\n<ul>\n<li>b</li>\n</ul>\n"
    assert blocks.fill("<h1>T</h1>\n<!--stelsel-block:0-->\n<!--stelsel-block:1-->") == \
        ("<h1>T</h1>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>", 2)
