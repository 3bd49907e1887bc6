"""The search index's faster page reader (site/search.py) makes the sections material's parser makes."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser

from stelsel.site.search import FastParser


def _sections(parser_class, html: str) -> list:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in parser.data]


def test_tricky_html_reads_the_same():
    """Entities, attributes in both quotes and bare, void and self-closed tags, comments, an excluded block,
    a script and a heading's permalink give the sections material's own parser gives."""
    html = ('<p>voor &amp; na</p><h2 id="a" class=x>Kop &lt;1&gt;<a class="headerlink" href="#a">&para;</a></h2>'
            "<p data-x='1'>tekst<br>regel<br/>en <code>code</code></p><!-- opmerking -->"
            '<div data-search-exclude><p>weg</p></div><script>var a = "<p>";</script>'
            '<h3 id="b">Twee</h3><ul><li>een</li><li> </li></ul><pre>  vast\n  blok</pre><p hidden>TA026</p>')
    assert _sections(FastParser, html) == _sections(Parser, html)


@pytest.mark.slow
def test_every_page_of_the_built_site_reads_the_same(built_site):
    """Each page of every version of the fixture site (its article, as search reads it) gives the same sections."""
    pages = sorted(built_site.site.glob("*/**/index.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        start, end = text.find("<article"), text.find("</article>")
        article = text[start:end] if start >= 0 else text
        assert _sections(FastParser, article) == _sections(Parser, article), page
