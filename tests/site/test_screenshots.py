"""Screenshots for a person to look at (tests/artifacts/): the home page, an item page, a per-role
change page and a role page at phone width. The test checks that each shows what it should."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # a real browser

SHOTS = [
    ("shot-home.png", "concept/", 1280, "Demo-afsprakenstelsel"),
    ("shot-item.png", "concept/afspraken/TA-002/", 1280, "TA-002"),
    ("shot-role-changes.png", "concept/wijzigingen/rollen/gtk-dienstverlener/0.0-concept/", 1280,
     "Wat verandert er voor de GtK-dienstverlener: 0.0 → concept"),
    ("shot-role-phone.png", "concept/afspraken/rollen/zorgaanbieder/", 390, "zorgaanbieder"),
]


@pytest.mark.parametrize("name, path, width, heading", SHOTS)
def test_screenshot(page, site_url, artifacts, name, path, width, heading):
    """The page opens with its heading and no horizontal scrolling; its full-page screenshot is written."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + path)
    page.locator(".md-version__current").wait_for(timeout=10_000)
    assert heading.lower() in page.locator("h1").first.inner_text().lower()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(artifacts / name), full_page=True)
    assert (artifacts / name).stat().st_size > 10_000
