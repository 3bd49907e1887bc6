"""Links rendered once for every page (site/deferred.py) come out as if rendered for each page."""

from __future__ import annotations

from markupsafe import Markup

from stelsel.site.deferred import DEFERRED, DeferringIndex
from stelsel.site.links import Target

PAGES = ["afspraken/lagen/organisatie.md", "afspraken/rollen/zorgaanbieder.md", "afspraken/TA-002.md", "index.md"]


def _index() -> DeferringIndex:
    index = DeferringIndex()
    index.add("TA-001", Target("afspraken/lagen/organisatie.md", "TA-001", "TA-001 Servicedesk", "Servicedesk"))
    index.add("zorgaanbieder", Target("rollen.md", "zorgaanbieder", "Zorgaanbieder", "Zorgaanbieder"))
    return index


def _body(index: DeferringIndex, page: str) -> Markup:
    return Markup(" ").join([index.a(page, "TA-001"), index.a(page, "zorgaanbieder"),
                             index.a(page, "TA-001", fragment="#kop"),
                             index.page_a(page, "afspraken/TA-002.md", "eigen pagina"),
                             Markup('<a href="{}">md</a>').format(index.href(page, "bronnen.md", "bron-S1"))])


def test_a_deferred_body_resolves_to_the_links_of_each_page():
    """The same body rendered for DEFERRED and resolved for a page equals the body rendered for that page
    (its own anchors as '#ID', others relative), and the resolved links are recorded for the link check."""
    direct, deferred = _index(), _index()
    body = _body(deferred, DEFERRED)
    assert "stelsel-href-" in body and DEFERRED not in deferred.written
    for page in PAGES:
        assert deferred.resolve(body, page) == _body(direct, page), page
        assert deferred.written[page] == direct.written[page], page
    assert 'href="#TA-001"' in deferred.resolve(body, "afspraken/lagen/organisatie.md")
    assert 'href="../lagen/organisatie/#TA-001"' in deferred.resolve(body, "afspraken/TA-002.md")
