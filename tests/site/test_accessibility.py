"""WCAG 2.1 A/AA in a real browser: axe-core (bundled by axe-playwright-python) on every page
family of the fixture site, at desktop and phone width; the version selector, abbreviations and
links in text checked by hand where axe cannot see the behaviour."""

from __future__ import annotations

import pytest

from .axe import axe_violations, describe, open_page

pytestmark = pytest.mark.slow  # a real browser

WIDTHS = [1280, 390]
# One page of each family; the search results page opens with the query in the address.
FAMILIES = {
    "home": "concept/",
    "item": "concept/afspraken/TA-002/",
    "layer": "concept/afspraken/lagen/organisatie/",
    "role": "concept/rollen/gtk-dienstverlener/",
    "role-agreements": "concept/afspraken/rollen/gtk-dienstverlener/",
    "use-case": "concept/zorgtoepassingen/beeld/",
    "checklist": "concept/checklists/gtk-dienstverlener/",
    "register": "concept/voorstellen/",
    "proposal": "concept/voorstellen/0.2/",
    "release": "concept/releases/0.2/",
    "release-calendar": "concept/releases/kalender/",
    "report": "concept/voorstellen/verwerking/WV-001/",
    "change": "concept/wijzigingen/concept/",
    "role-change": "concept/wijzigingen/rollen/gtk-dienstverlener/0.0-concept/",
    "role-comparisons": "concept/wijzigingen/rollen/gtk-dienstverlener/",
    "glossary": "concept/begrippen/",
    "page": "concept/paginas/inleiding/",
    "search": "concept/?q=servicedesk",
    "404-root": "404.html",
    "404-version": "concept/404.html",
    "old-version": "0.0/",
    "latest-release": "0.1/",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_wcag_a_or_aa_violation(page, site_url, family, width):
    """axe-core finds no WCAG 2.1 A/AA violation on a page of each family at 1280 and 390 px."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, site_url + FAMILIES[family])
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_axe_reports_a_link_told_apart_by_colour_only(page, site_url):
    """The harness can fail: a link in text without underline, in a colour near the text's, is reported."""
    open_page(page, site_url + "concept/")
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.innerHTML = 'Lees <a href="#x" style="text-decoration:none;color:#333">dit</a> eerst goed door.';
        document.querySelector('article').appendChild(p);
    }""")
    assert "link-in-text-block" in {v["id"] for v in axe_violations(page)}


def test_links_in_text_are_underlined(page, site_url):
    """A link inside running text is underlined; buttons and heading anchors are not."""
    open_page(page, site_url + "concept/paginas/inleiding/")
    decoration = page.evaluate("(a) => getComputedStyle(a).textDecorationLine",
                               page.locator("article p a").first.element_handle())
    assert decoration == "underline"


def test_version_button_named_by_its_text_and_list_opens_below_it(page, site_url):
    """The version button's name holds its visible text (Dutch 'nieuwste'); opened by keyboard, the list leaves it visible."""
    open_page(page, site_url + "0.1/")
    button = page.locator(".md-version__current")
    assert button.inner_text() == "0.1 nieuwste"
    assert button.get_attribute("aria-label") == "Versie 0.1 nieuwste"
    button.focus()
    listing = page.locator(".md-version__list")
    listing.locator(".md-version__link").first.wait_for(state="visible", timeout=5_000)
    button_box, list_box = button.bounding_box(), listing.bounding_box()
    assert list_box["y"] >= button_box["y"] + button_box["height"], (button_box, list_box)
    page.keyboard.press("Tab")  # into the list: the first version is focused and shown
    assert page.evaluate("document.activeElement.classList.contains('md-version__link')")


def test_abbreviation_meaning_on_keyboard_focus(page, site_url):
    """Tabbing to the abbreviation GtK shows its meaning, without a mouse."""
    open_page(page, site_url + "concept/paginas/inleiding/")
    abbr = page.locator("article abbr", has_text="GtK").first
    assert abbr.get_attribute("tabindex") == "0"
    abbr.focus()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text() == "Gekwalificeerd Twiin Knooppunt"


def test_abbreviation_meaning_on_tap(browser, site_url):
    """On a touch screen at phone width, tapping the abbreviation GtK shows its meaning."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(site_url + "concept/paginas/inleiding/")
        page.locator("article abbr", has_text="GtK").first.tap()
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text() == "Gekwalificeerd Twiin Knooppunt"
    finally:
        context.close()
