"""Long pages summary-first (browser): a layer's and a role's agreements open with their count per level and
links; each agreement's details are folded in a <details> that opens by keyboard, and an anchor to an agreement
still lands on it, with and without JavaScript."""

from __future__ import annotations

import pytest

from .axe import axe_violations, describe, open_page

pytestmark = pytest.mark.slow  # a real browser

LAYER = "concept/afspraken/lagen/organisatie/"


def _in_view(page, selector: str) -> bool:
    return page.evaluate(f"""() => {{
        const r = document.querySelector({selector!r}).getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight;
    }}""")


@pytest.mark.parametrize("width", [1280, 390])
def test_anchor_to_an_agreement_lands_on_its_heading(page, site_url, width):
    """/…/lagen/organisatie/#TA-002 scrolls to TA-002's heading, at desktop and phone width; its details stay folded."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + LAYER + "#TA-002")
    page.locator("#TA-002").wait_for()
    page.wait_for_function("() => window.scrollY > 0")
    assert _in_view(page, "#TA-002")
    fold = page.locator("#TA-002 ~ details").first
    assert fold.get_attribute("open") is None


def test_details_open_and_close_by_keyboard(page, site_url):
    """The fold's summary takes focus; Enter opens it and shows the facts, Enter again closes it."""
    page.goto(site_url + LAYER)
    fold = page.locator("#TA-002 ~ details").first
    summary = fold.locator("summary")
    summary.focus()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert fold.get_attribute("open") is not None
    assert fold.locator("text=Niveau:").is_visible()
    page.keyboard.press("Enter")
    assert fold.get_attribute("open") is None


def test_anchor_and_fold_work_without_javascript(browser, site_url):
    """With JavaScript off the anchor still lands on the agreement and a click opens its details."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site_url + LAYER + "#TA-002")
        assert _in_view(tab, "#TA-002")
        fold = tab.locator("#TA-002 ~ details").first
        fold.locator("summary").click()
        assert fold.get_attribute("open") is not None and fold.locator("text=Niveau:").is_visible()
    finally:
        context.close()


def test_role_page_at_phone_width_opens_with_its_summary(page, site_url):
    """At 390 px a role's agreements page shows its count per level and the linked list before the first agreement."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url + "concept/afspraken/rollen/gtk-dienstverlener/")
    summary = page.locator(".stelsel-level-index").bounding_box()
    first = page.locator(".stelsel-item").first.bounding_box()
    assert summary is not None and first is not None and summary["y"] < first["y"]
    assert page.locator(".stelsel-level-index a").count() == page.locator("h3.stelsel-item").count()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", [LAYER, "concept/afspraken/rollen/gtk-dienstverlener/", "concept/afspraken/TA-001/"])
def test_no_wcag_violation_with_every_fold_open(page, site_url, path, width):
    """axe-core finds no WCAG 2.1 A/AA violation on a long page with every agreement's details opened (axe does
    not look inside a closed <details>), nor on an agreement's own page with its details open."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, site_url + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert page.locator("details:not([open])").count() == 0
    violations = axe_violations(page)
    assert not violations, describe(violations)
