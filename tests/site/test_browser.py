"""The built site in a real browser: Debian's chromium, driven by Playwright, on 127.0.0.1."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow  # a real browser


_RESULT_LINKS = "() => Array.from(document.querySelectorAll('.md-search-result__link'), a => a.getAttribute('href'))"


def _search(page, text: str):
    """The result links for ``text`` typed into the search box, once the list has settled.

    Material re-renders the results as its worker answers each keystroke, so the links are read in
    one call (never element by element, which races with a re-render) until two reads agree.
    """
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(text, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    previous, hrefs = None, page.evaluate(_RESULT_LINKS)
    for _ in range(40):
        if hrefs == previous:
            break
        page.wait_for_timeout(250)
        previous, hrefs = hrefs, page.evaluate(_RESULT_LINKS)
    return hrefs


def test_dutch_search_finds_agreement_by_a_word_of_its_text(page, site_url):
    """Searching 'verbinding' (Dutch stemming: the text says 'verbindingen') finds agreement TA-003."""
    page.goto(site_url + "concept/")
    hrefs = _search(page, "verbinding")
    assert any(re.search(r"/concept/afspraken/lagen/security/\?h=verbinding#TA-003$", h or "") for h in hrefs), hrefs
    assert not any("/afspraken/rollen/" in (h or "") for h in hrefs)  # views are not indexed twice


def test_version_selector_switches_version_and_keeps_the_page(page, site_url):
    """Choosing 0.1 in the version selector on concept's roles page opens 0.1's roles page."""
    page.goto(site_url + "concept/rollen/")
    page.locator(".md-version").hover()
    titles = [link.inner_text() for link in page.locator(".md-version__link").all()]
    assert titles[0] == "concept (werkversie)" and titles[1].startswith("0.1") and titles[2] == "0.0"
    page.locator(".md-version__link", has_text="0.1").click()
    page.wait_for_url(site_url + "0.1/rollen/", timeout=10_000)
    assert page.locator("h1").first.inner_text().startswith("Rollen")


def test_changes_page_shows_added_and_changed_items_with_proposal_links(page, site_url, artifacts):
    """'Wat is er gewijzigd' shows TA-003 added and TA-002 changed, each linking to WV-001 and its decision."""
    page.goto(site_url + "concept/wijzigingen/concept/")
    added = page.locator("#TA-003")
    changed = page.locator("#TA-002")
    assert "Versleuteling" in added.inner_text() and "Storingsmelding" in changed.inner_text()
    for heading in (added, changed):
        section = heading.locator("xpath=following-sibling::p[strong[text()='Wijzigingsvoorstel:']][1]")
        assert section.locator("a[href$='voorstellen/0.2/#WV-001']").count() == 1
        assert section.locator("a[href$='voorstellen/0.2/#WV-001-besluit']").count() == 1
    assert page.locator(".stelsel-diff del", has_text="acht").count() == 1
    assert page.locator(".stelsel-diff ins", has_text="vier").count() == 1
    page.screenshot(path=str(artifacts / "wijzigingen.png"), full_page=True)
    page.locator("a[href$='voorstellen/0.2/#WV-001-besluit']").first.click()
    page.wait_for_url(re.compile(r".*/concept/voorstellen/0\.2/#WV-001-besluit$"))
    assert page.locator("#WV-001-besluit").is_visible()


def test_anchor_link_lands_on_the_agreement(page, site_url):
    """Opening layer-page#TA-002 scrolls agreement TA-002 into view, below the header (near the top, or as far as
    the page goes: the last agreement of a short page, its details folded, cannot reach the top)."""
    page.goto(site_url + "0.1/afspraken/lagen/organisatie/#TA-002")
    page.wait_for_function("scrollY > 0", timeout=10_000)
    page.wait_for_timeout(300)  # the theme may still adjust the offset for its header
    box = page.locator("#TA-002").bounding_box()
    at_end = page.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 1")
    assert box is not None and 40 <= box["y"] and (box["y"] <= 300 or at_end) and box["y"] + box["height"] <= 900, box
    assert page.evaluate("window.scrollY") > 0


def test_glossary_tooltip_appears(page, site_url):
    """Hovering the abbreviation GtK shows its expansion in a tooltip."""
    page.goto(site_url + "concept/paginas/inleiding/")
    page.locator("article abbr", has_text="GtK").first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text() == "Gekwalificeerd Twiin Knooppunt"


def test_outdated_banner_only_on_older_releases(page, site_url):
    """Release 0.0 shows the outdated banner; the latest release and the working version do not."""
    page.goto(site_url + "0.0/")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible", timeout=5_000)
    assert "oudere versie" in banner.inner_text()
    for path in ("0.1/", "concept/"):
        page.goto(site_url + path)
        page.locator(".md-version__current").wait_for(timeout=10_000)  # the theme has read the versions
        page.wait_for_timeout(300)  # and had time to show the banner, were it to
        assert not page.locator("[data-md-component=outdated]").is_visible()


def test_root_goes_to_latest_release_and_home_page_screenshot(page, site_url, artifacts):
    """The site root lands on the newest published release; screenshots of the home pages for a person."""
    page.goto(site_url)
    page.wait_for_url(site_url + "0.1/", timeout=10_000)
    assert page.locator(".md-version__current").inner_text().startswith("0.1")
    page.goto(site_url + "concept/")
    assert page.locator("h1").first.inner_text().startswith("Demo-afsprakenstelsel")
    assert page.locator(".admonition.info").first.is_visible()
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)


def test_checklist_xlsx_download_from_the_role_page(page, site_url, artifacts, tmp_path):
    """Clicking 'Excel (XLSX)' on a role's checklist page downloads the workbook; every download link answers 200."""
    from openpyxl import load_workbook

    page.goto(site_url + "concept/checklists/gtk-dienstverlener/")
    assert page.locator("h1").first.inner_text().startswith("Checklist GtK-dienstverlener")
    page.screenshot(path=str(artifacts / "checklist.png"), full_page=True)
    with page.expect_download(timeout=10_000) as caught:
        page.locator("a.md-button", has_text="Excel (XLSX)").click()
    download = caught.value
    assert download.suggested_filename == "checklist-gtk-dienstverlener-concept.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    rows = list(load_workbook(target)["Checklist"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["TA-002", "TA-003"]
    for link in page.locator("a[download]").all():
        url = page.evaluate("(a) => a.href", link.element_handle())
        assert page.request.get(url).status == 200, url
    page.goto(site_url + "concept/")
    pdf = page.locator("a", has_text="Werkversie (concept) als PDF")
    response = page.request.get(page.evaluate("(a) => a.href", pdf.element_handle()))
    assert response.status == 200 and response.body().startswith(b"%PDF")
