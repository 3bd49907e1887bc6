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


def test_a_links_token_depends_on_its_target_alone():
    """Two indexes that link the same targets in another order write the same deferred body (one rendering
    of a text serves a forked child and the build alike), and it resolves the same."""
    first, second = _index(), _index()
    second.href(DEFERRED, "elders.md", "x")  # another link made first
    assert _body(first, DEFERRED) == _body(second, DEFERRED)
    assert first.resolve(_body(first, DEFERRED), PAGES[0]) == second.resolve(_body(second, DEFERRED), PAGES[0])


def test_two_targets_with_one_digest_get_two_tokens(monkeypatch):
    """Should two targets hash alike, the second takes the next number: each token still means one target."""
    import hashlib

    class Same:
        def __init__(self, *args, **kwargs):
            pass

        def digest(self):
            return b"\x00" * 8

    index = _index()
    monkeypatch.setattr(hashlib, "blake2b", Same)
    one, two = index.href(DEFERRED, "a.md"), index.href(DEFERRED, "b.md")
    assert one != two
    assert index.resolve(f'<a href="{one}">', "x.md") == '<a href="../a/">'
    assert index.resolve(f'<a href="{two}">', "x.md") == '<a href="../b/">'
