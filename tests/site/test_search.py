"""Search in a real browser: codes written together find the text that spaces them, items rank above change pages."""

from __future__ import annotations

import pytest

from .test_browser import _search

pytestmark = pytest.mark.slow  # a real browser


@pytest.mark.parametrize("query, anchor", [("NEN7510", "#TA-003"), ("TA002", "#TA-002"), ("TA-002", "#TA-002")])
def test_codes_are_found_written_together_or_apart(page, site_url, query, anchor):
    """'NEN7510' finds TA-003 (its text says 'NEN 7510'); 'TA002' and 'TA-002' find TA-002."""
    page.goto(site_url + "concept/")
    hrefs = _search(page, query)
    assert any((h or "").endswith(anchor) for h in hrefs), hrefs


def test_items_rank_above_change_pages(page, site_url):
    """Searching 'Storingsmelding' lists the agreement on its layer page before the change page that repeats it."""
    page.goto(site_url + "concept/")
    hrefs = [h or "" for h in _search(page, "Storingsmelding")]
    layer = next(i for i, h in enumerate(hrefs) if "/afspraken/lagen/" in h and h.endswith("#TA-002"))
    changes = [i for i, h in enumerate(hrefs) if "/wijzigingen/" in h]
    assert not changes or layer < min(changes), hrefs
