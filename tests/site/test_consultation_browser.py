"""In Chromium, on the built site served from 127.0.0.1: a working 'Reageer' link with the fields filled in, the
verwerkingsverslag with three reactions and their dispositions, the feeds at fixed URLs, and no WCAG A/AA
violation on these pages at 1280 and 390 px."""

from __future__ import annotations

import datetime as dt
import urllib.request
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from ..workflow.test_feeds import read_ics
from .axe import axe_violations, describe, open_page
from .consult_fixture import consult_project
from .helpers import served

pytestmark = pytest.mark.slow  # a site build and a real browser

FORGE = "https://forge.example/"


@pytest.fixture(scope="module")
def consult_url(tmp_path_factory):
    """The consultation fixture built (0.0, 0.1 and the working version) and served; WV-002's consultation runs until 2099."""
    from stelsel.site.build import build_site

    root = consult_project(tmp_path_factory.mktemp("consult-browser") / "project")
    wv2 = root / "changes/WV-002.md"
    wv2.write_text(wv2.read_text().replace("  end: 2027-01-15\n", "  end: 2099-12-31\n"))
    build_site(root, cache_dir=root / ".stelsel-cache" / "site")
    with served(root / "site") as url:
        yield url


@pytest.fixture
def tab(browser):
    """A page whose requests stay on 127.0.0.1, but for the forge, which answers with the issue form's fields."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:", FORGE)) else None)

    def forge(route):
        title = parse_qs(urlsplit(route.request.url).query).get("title", [""])[0]
        route.fulfill(status=200, content_type="text/html; charset=utf-8",
                      body=f"<!doctype html><html lang='nl'><title>Nieuw issue</title><input id='title' value='{title}'>")

    page.route(FORGE + "**", forge)
    yield page
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


def test_reageer_on_the_proposal_page_works_with_the_fields_filled_in(tab, consult_url):
    """WV-002's entry: the mailto: link names the proposal and title; following the issue link opens the forge's form with them."""
    open_page(tab, consult_url + "concept/voorstellen/0.2/")
    links = tab.locator("a.stelsel-reageer")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    mail = next(h for h in hrefs if h.startswith("mailto:"))
    fields = {k: v[0] for k, v in parse_qs(urlsplit(mail).query).items()}
    assert urlsplit(mail).path == "reacties@stelsel.example"
    assert fields["subject"] == "Reactie op WV-002: Servicedesk ook in het weekend"
    assert "Voorstel: WV-002\n" in fields["body"] and "Reageren kan tot en met 31 december 2099." in fields["body"]
    assert tab.get_by_text("Reageren kan tot en met 31 december 2099.").first.is_visible()
    issue = tab.locator(f"a.stelsel-reageer[href^='{FORGE}']").first
    assert issue.is_visible()
    issue.click()
    tab.wait_for_url(FORGE + "**")
    assert tab.locator("#title").input_value() == "WV-002  Servicedesk ook in het weekend"


def test_reageer_on_the_item_page_names_the_item(tab, consult_url):
    """TA-001's page (WV-002 changes it): its issue link opens the form with proposal, item and title."""
    open_page(tab, consult_url + "concept/afspraken/TA-001/")
    tab.locator(f"a.stelsel-reageer[href^='{FORGE}']").first.click()
    tab.wait_for_url(FORGE + "**")
    assert tab.locator("#title").input_value() == "WV-002 TA-001 Servicedesk ook in het weekend"


def test_the_verwerkingsverslag_lists_the_three_reactions_and_their_dispositions(tab, consult_url):
    """WV-001's report, reached from its decision: three reactions, each with its disposition; the late one marked."""
    open_page(tab, consult_url + "concept/voorstellen/0.2/")
    tab.locator("#WV-001-besluit a", has_text="verwerkingsverslag").click()
    tab.wait_for_url("**/voorstellen/verwerking/WV-001/")
    rows = tab.locator("article table").first.locator("tbody tr")
    assert rows.count() == 3
    cells = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in range(3)]
    assert cells == [["R1", "Ziekenhuis West (Ziekenhuis West)", "20 september 2026", "Overgenomen"],
                     ["R2", "Kees Bakker (Leverancier K)", "1 oktober 2026", "Deels overgenomen"],
                     ["R3", "Laura Laat (Zorggroep L)", "15 oktober 2026 (te laat)", "Niet overgenomen"]]
    assert tab.locator("h3", has_text="Reactie R3: Laura Laat").is_visible()


def test_a_frozen_release_states_its_validity_and_leads_to_the_consultations(tab, consult_url):
    """Release 0.1's checklist says from when it is valid (the working register, n-1); its home page leads to the working version."""
    open_page(tab, consult_url + "0.1/checklists/gtk-dienstverlener/")
    assert tab.get_by_text("Geldig vanaf 1 juni 2026, tot nader order.").is_visible()
    open_page(tab, consult_url + "0.1/")
    tab.get_by_role("link", name="werkversie (concept)").click()
    tab.wait_for_url("**/concept/")
    assert tab.locator("a.stelsel-reageer").count() == 2  # WV-002 in the table of open consultations


def test_the_feeds_are_served_at_fixed_urls(consult_url):
    """/concept/consultaties.xml is Atom with WV-002; /concept/kalender.ics holds its end date and 0.2's start."""
    with urllib.request.urlopen(consult_url + "concept/consultaties.xml") as response:
        parsed = feedparser.parse(response.read())
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert any(e.title == "Consultatie geopend: WV-002 Servicedesk ook in het weekend" for e in parsed.entries)
    with urllib.request.urlopen(consult_url + "concept/kalender.ics") as response:
        events = {e["SUMMARY"]: e for e in read_ics(response.read().decode("utf-8"))}
    assert events["Einde consultatie WV-002"]["DTSTART"] == dt.date(2099, 12, 31)
    assert events["Release 0.2 gaat in"]["DTSTART"] == dt.date(2027, 3, 1)


PAGES = {"home": "concept/", "register": "concept/voorstellen/", "proposal": "concept/voorstellen/0.2/",
         "item": "concept/afspraken/TA-001/", "report": "concept/voorstellen/verwerking/WV-001/",
         "calendar": "concept/releases/kalender/", "release": "concept/releases/0.1/"}


def test_no_wcag_a_or_aa_violation_on_the_consultation_pages(tab, consult_url):
    """axe-core finds no WCAG 2.1 A/AA violation on the pages with 'Reageer', the report and the calendar, at 1280 and 390 px."""
    found = {}
    for name, path in sorted(PAGES.items()):
        for width in (1280, 390):
            tab.set_viewport_size({"width": width, "height": 900})
            open_page(tab, consult_url + path)
            violations = axe_violations(tab)
            if violations:
                found[f"{name} at {width} px"] = describe(violations)
    assert not found, found
