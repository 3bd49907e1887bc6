"""The site lets stakeholders react and shows what binds: 'Reageer' everywhere a consultation is open, the
verwerkingsverslag, validity per release, the release calendar and the feeds at fixed URLs."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from stelsel.load.project import load_project
from stelsel.site.pages import SiteOptions, generate_site

from ..workflow.test_feeds import read_ics
from .consult_fixture import TODAY, consult_project


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return consult_project(tmp_path_factory.mktemp("consult-site") / "project")


@pytest.fixture(scope="module")
def site(root):
    history = [(v, load_project(root / "releases" / v)) for v in ("0.0", "0.1")]
    return generate_site(load_project(root), SiteOptions(history=history, today=TODAY))


def _links(text: str) -> list[str]:
    """The hrefs of the 'Reageer' links in a page (HTML parts and Markdown alike)."""
    found = [html.unescape(h) for h in re.findall(r'<a class="stelsel-reageer" href="([^"]+)"', text)]
    return found + re.findall(r"\]\(<([^>]+)>\)\{ \.stelsel-reageer", text)


def _mail(url: str) -> dict:
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "reacties@stelsel.example"
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_home_page_has_reageer_for_each_open_consultation(site):
    """The home page's open consultations: WV-002 with its mailto: and issue links, until 15 January 2027."""
    home = site.pages["index.md"]
    section = home[home.index("## Openstaande consultaties"):home.index("## Inhoud")]
    mail, issue = _links(section)
    assert _mail(mail)["subject"] == "Reactie op WV-002: Servicedesk ook in het weekend"
    assert "Reageren kan tot en met 15 januari 2027." in _mail(mail)["body"]
    assert parse_qs(urlsplit(issue).query)["title"] == ["WV-002  Servicedesk ook in het weekend"]
    assert "| 15 januari 2027 |" in section


def test_register_row_of_an_open_consultation_has_reageer(site):
    """The register's row of WV-002 holds its 'Reageer' links; WV-001's (decided) row holds none."""
    register = site.pages["voorstellen/index.md"]
    rows = re.findall(r"<tr>\n(.*?)</tr>", register, flags=re.S)
    wv2 = next(r for r in rows if ">WV-002<" in r)
    wv1 = next(r for r in rows if ">WV-001<" in r)
    assert len(_links(wv2)) == 2 and _links(wv1) == []


def test_item_page_of_a_changed_item_has_reageer_with_the_item(site):
    """TA-001's own page (WV-002 changes it) says so, with links that name TA-001; TA-003's page has none."""
    page = site.pages["afspraken/TA-001.md"]
    assert "wil dit onderdeel wijzigen en is in consultatie." in page
    mail, issue = _links(page)
    fields = _mail(mail)
    assert fields["subject"] == "Reactie op WV-002 (TA-001): Servicedesk ook in het weekend"
    assert "Onderdeel: TA-001\n" in fields["body"]
    assert parse_qs(urlsplit(issue).query)["title"] == ["WV-002 TA-001 Servicedesk ook in het weekend"]
    assert "stelsel-reageer" not in site.pages["afspraken/TA-003.md"]


def test_the_verwerkingsverslag_lists_every_reaction_and_its_answer(site):
    """WV-001's report: three reactions with organisation, item, date, late or not, disposition, motivation, change."""
    page = site.pages["voorstellen/verwerking/WV-001.md"]
    assert "# Verwerkingsverslag WV-001" in page
    assert "3 reacties, waarvan 1 te laat." in page
    assert "Verwerking: 1 overgenomen, 1 deels overgenomen, 1 niet overgenomen." in page
    for key, who in (("R1", "Ziekenhuis West"), ("R2", "Kees Bakker"), ("R3", "Laura Laat")):
        assert f"### Reactie {key}: {who} {{#reactie-{key}}}" in page
    assert "<li><strong>Ontvangen:</strong> 15 oktober 2026 (te laat: de consultatie liep tot en met 10 oktober 2026)</li>" in page
    assert "<li><strong>Ontvangen:</strong> 20 september 2026 (op tijd)</li>" in page
    assert "<li><strong>Verwerking:</strong> Deels overgenomen</li>" in page
    assert "Vier uur blijft de norm; de overgangstermijn gaat naar zes maanden." in page
    assert "<p>De toelichting noemt nu ook de melding bij herstel.</p>" in page
    assert "Niets: de reactie leidde niet tot een wijziging van het voorstel." in page  # R2, R3
    assert "Leverancier K" in page and "TA-002" in page


def test_the_report_is_linked_from_the_decision_and_the_change_page(site):
    """WV-001's decision, the release page of 0.2 and the change page of the working version link the report."""
    link = re.compile(r'href="[./]*(?:voorstellen/)?verwerking/WV-001/"')
    proposal = site.pages["voorstellen/0.2.md"]
    decision = re.search(r'<p id="WV-001-besluit">.*?</p>', proposal, flags=re.S).group(0)
    assert link.search(decision) and "Hoe de reacties uit de consultatie zijn verwerkt" in decision
    assert link.search(site.pages["wijzigingen/concept.md"])
    assert link.search(site.pages["releases/0.2.md"])
    assert "voorstellen/verwerking/WV-001.md" in site.not_in_nav


def test_each_release_says_from_when_until_when_it_is_valid(site):
    """n-1: 0.1 from 1 June 2026 until further notice (0.3 has no date), on its release page and the home page;
    0.2, not decided yet, is planned from 1 March 2027."""
    assert "<li><strong>Geldigheid:</strong> geldig vanaf 1 juni 2026, tot nader order</li>" in site.pages["releases/0.1.md"]
    assert "gepubliceerd, 1 juni 2026; geldig vanaf 1 juni 2026, tot nader order" in site.pages["index.md"]
    assert "in voorbereiding, eerste kwartaal 2027; gepland: geldig vanaf 1 maart 2027, tot nader order" in site.pages["index.md"]


def test_the_release_calendar_lists_each_release_with_its_dates(site):
    """releases/kalender: 0.1 valid from 1 June 2026 (in force today), 0.2 from 1 March 2027 (not yet), 0.3 undated."""
    page = site.pages["releases/kalender.md"]
    rows = [re.findall(r"<td>(.*?)</td>", r) for r in re.findall(r"<tr>\n(.*?)</tr>", page, flags=re.S)]
    cells = [r[1:] for r in rows if r]
    assert cells == [["gepubliceerd", "1 juni 2026", "tot nader order", "ja"],
                     ["in voorbereiding", "1 maart 2027", "tot nader order", "nog niet"]]
    assert "Nog zonder ingangsdatum:" in page and "Release 0.3" in page
    assert "de huidige en de vorige release zijn geldig" in page
    assert {"Releasekalender": "releases/kalender.md"} in next(e["Releases"] for e in site.nav if "Releases" in e)


def test_the_feeds_are_written_at_the_versions_root_and_linked_from_home(site):
    """consultaties.xml parses as Atom with WV-002's opening; kalender.ics holds WV-002's end and 0.2's start."""
    assert "[Atom-feed](consultaties.xml)" in site.pages["index.md"]
    assert "[kalender (ICS)](kalender.ics)" in site.pages["index.md"]
    parsed = feedparser.parse(site.files["consultaties.xml"])
    assert parsed.bozo == 0 and parsed.version == "atom10"
    assert parsed.entries[0].title == "Consultatie geopend: WV-002 Servicedesk ook in het weekend"
    assert parsed.entries[0].link == "voorstellen/0.2/#WV-002"
    events = {e["SUMMARY"]: e for e in read_ics(site.files["kalender.ics"])}
    assert events["Einde consultatie WV-002"]["DTSTART"] == dt.date(2027, 1, 15)
    assert events["Release 0.2 gaat in"]["DTSTART"] == dt.date(2027, 3, 1)
    assert events["Release 0.1 gaat in"]["DTSTART"] == dt.date(2026, 6, 1)
    assert "URL" not in events["Einde consultatie WV-002"]  # no site_url: no absolute address to give


def test_after_the_end_a_reaction_counts_as_late_or_is_refused(root, tmp_path):
    """On 1 February 2027 WV-002 still in consultation: 'te laat' with links; with late_reactions: refuse, no links."""
    late = generate_site(load_project(root), SiteOptions(today=dt.date(2027, 2, 1))).pages["voorstellen/0.2.md"]
    block = late[late.index("{#WV-002 "):]
    assert len(_links(block)) == 2 and "wordt bewaard en gemarkeerd als te laat" in block
    governance = root / "afsprakenstelsel/governance.yaml"
    text = governance.read_text()
    try:
        governance.write_text(text.replace("workflow:\n", "workflow:\n  consultation:\n    late_reactions: refuse\n", 1))
        refused = generate_site(load_project(root), SiteOptions(today=dt.date(2027, 2, 1))).pages
    finally:
        governance.write_text(text)
    block = refused["voorstellen/0.2.md"][refused["voorstellen/0.2.md"].index("{#WV-002 "):]
    assert _links(block) == [] and "<p>De consultatie is gesloten op 15 januari 2027; reageren kan niet meer.</p>" in block
    assert not any(_links(refused[page]) for page in ("index.md", "voorstellen/index.md", "afspraken/TA-001.md"))


def test_a_frozen_release_has_no_reageer_and_no_feeds(root):
    """Release 0.1's site: no 'Reageer' links, no consultaties.xml or kalender.ics, and it says where consultations are."""
    frozen = load_project(root / "releases/0.1")
    current = {r.id: r.model for r in load_project(root).items("release")}
    site = generate_site(frozen, SiteOptions(version="0.1", frozen=True, current_releases=current, today=TODAY))
    assert not any("stelsel-reageer" in text for text in site.pages.values())
    assert "consultaties.xml" not in site.files and "kalender.ics" not in site.files
    assert ('De consultaties die nu lopen, staan in de <a href="../concept/">werkversie (concept)</a>, met hun '
            '<a href="../concept/consultaties.xml">Atom-feed</a> en de <a href="../concept/kalender.ics">kalender (ICS)</a>.'
            in site.pages["index.md"])


def test_the_checklist_of_a_frozen_release_states_its_validity(root):
    """The checklist page of 0.1 opens with 'Geldig vanaf 1 juni 2026, tot nader order.' from the working register."""
    frozen = load_project(root / "releases/0.1")
    current = {r.id: r.model for r in load_project(root).items("release")}
    policy = load_project(root).config.validity  # the plugin passes the working tree's policy
    site = generate_site(frozen, SiteOptions(version="0.1", frozen=True, current_releases=current, today=TODAY,
                                             validity=policy))
    page = site.pages["checklists/gtk-dienstverlener.md"]
    assert "<p><strong>Geldig vanaf 1 juni 2026, tot nader order.</strong></p>" in page
    assert page.index("Geldig vanaf") < page.index("## ")


def test_a_template_with_brackets_and_bars_stays_one_link(tmp_path):
    """An issue_url template holding <, >, | and a backslash: the home page's link has them percent-encoded."""
    root = consult_project(tmp_path / "project")
    config = root / "afsprakenstelsel/stelsel.yaml"
    config.write_text(config.read_text().replace("issues/new?title=", "issues/new?x=<a>|b\\c&title="))
    home = generate_site(load_project(root), SiteOptions(today=TODAY)).pages["index.md"]
    row = next(line for line in home.splitlines() if "stelsel-reageer" in line)
    assert "issues/new?x=%3Ca%3E%7Cb%5Cc&title=WV-002" in row
    assert row.count(" | ") == 4  # five cells, none split by the URL
