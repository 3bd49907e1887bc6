"""'Wat verandert er voor mij': a page per role per pair of versions, saying what the role diff says."""

from __future__ import annotations

import re

import pytest

from stelsel.load.project import load_project
from stelsel.release.diff import diff_projects
from stelsel.release.role_diff import role_changes
from stelsel.site.pages import SiteOptions, generate_site

from .helpers import make_project


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("roles") / "project")
    history = [(v, load_project(root / "releases" / v)) for v in ("0.0", "0.1")]
    working = load_project(root)
    return history, working, generate_site(working, SiteOptions(history=history))


def _listed(page: str) -> list[tuple[str, str]]:
    return re.findall(r'data-stelsel-change="([^"]+)" data-effect="([^"]+)"', page)


def test_a_page_per_role_and_pair_of_versions(projects):
    """Every role gets a comparison for every pair of versions (oldest to newest), and an overview linking them."""
    _, _, site = projects
    for role in ("gtk-dienstverlener", "zorgaanbieder"):
        for pair in ("0.0-0.1", "0.0-concept", "0.1-concept"):
            assert f"wijzigingen/rollen/{role}/{pair}.md" in site.pages
            assert f"wijzigingen/rollen/{role}/{pair}.md" in site.not_in_nav
        overview = site.pages[f"wijzigingen/rollen/{role}.md"]
        assert overview.index("0.1-concept/") < overview.index("0.0-concept/") < overview.index("0.0-0.1/")
    assert "# Wat verandert er voor de zorgaanbieder\n" in site.pages["wijzigingen/rollen/zorgaanbieder.md"]
    assert "wat verandert er voor deze rol" in site.pages["rollen.md"]


@pytest.mark.parametrize("old", ["0.0", "0.1"])
@pytest.mark.parametrize("role", ["gtk-dienstverlener", "zorgaanbieder"])
def test_role_page_lists_exactly_what_the_role_diff_says(projects, role, old):
    """The page lists each change of role_changes (the same as 'stelsel diff --role') once, with its effect, and the counts per level."""
    history, working, site = projects
    page = site.pages[f"wijzigingen/rollen/{role}/{old}-concept.md"]
    title = working.by_kind["role"][role].model.title
    expected = role_changes(diff_projects(dict(history)[old], working, old, "concept"), working, role, title)
    assert sorted(_listed(page)) == sorted((c.diff.id, c.effect) for c in expected.changes)
    assert expected.changes  # the fixture changes something for both roles
    for level, count in expected.levels.items():
        assert f"{count} {level}" in page


def test_role_page_shows_levels_and_withdrawn_with_their_level(projects):
    """Withdrawn TA-004 is under 'Wat vervalt' with 'was <level>'; a new agreement shows its level."""
    history, working, site = projects
    role = working.by_kind["agreement"]["TA-004"].model.applies_to[0]
    page = site.pages[f"wijzigingen/rollen/{role}/0.1-concept.md"]
    gone = page[page.index("## Wat vervalt"):]
    level = dict(history)["0.1"].by_kind["agreement"]["TA-004"].model.level
    assert 'data-stelsel-change="TA-004" data-effect="withdrawn"' in gone and f"was {level}" in gone


def test_role_agreements_page_opens_with_a_summary(projects):
    """A role's agreements page starts with the count per level and a link to what changed since the previous release."""
    _, _, site = projects
    page = site.pages["afspraken/rollen/gtk-dienstverlener.md"]
    summary = page.index("**In een oogopslag:**")
    assert summary < page.index("## ")
    assert "voor de GtK-dienstverlener gelden in deze versie 2 afspraken: 2 MOET." in page
    single = site.pages["afspraken/rollen/zorgaanbieder.md"]
    assert "voor de zorgaanbieder geldt in deze versie 1 afspraak: 1 MOET." in single
    assert "(../../wijzigingen/rollen/gtk-dienstverlener/0.1-concept.md)" in page


def test_home_page_leads_each_audience_to_what_applies(projects):
    """The home page has 'Wat geldt voor mij?' before the releases: per role its agreements with levels, checklist and changes."""
    _, _, site = projects
    home = site.pages["index.md"]
    section = home[home.index("## Wat geldt voor mij?"):home.index("## Releases")]
    assert ("- **Zorgaanbieder:** [1 afspraak](afspraken/rollen/zorgaanbieder.md) (1 MOET) · "
            "[checklist](checklists/zorgaanbieder.md) · "
            "[wat er veranderde sinds 0.1](wijzigingen/rollen/zorgaanbieder/0.1-concept.md)") in section
    assert "- **Bestuur en beheer:** [governance](governance.md) · [wijzigingsvoorstellen](voorstellen/index.md)" in section


def test_long_pages_fold_each_agreements_details_and_the_item_page_shows_them(projects):
    """On a layer's and a role's agreements page each agreement shows its statement and folds its facts, evidence and
    rationale into one <details>; its own page shows them open."""
    _, _, site = projects
    role_page = site.pages["afspraken/rollen/gtk-dienstverlener.md"]
    layer = site.pages["afspraken/lagen/organisatie.md"]
    for page in (role_page, layer):
        agreements = page.count('class="stelsel-item')
        assert agreements and page.count("<details") == agreements
        assert re.search(r"<summary>Gegevens(, bewijslast)?( en onderbouwing)?</summary>", page)
    own = site.pages["afspraken/TA-001.md"]
    assert "<li><strong>Niveau:</strong> MOET</li>" in own and "<summary>Gegevens" not in own
    assert "<details class=\"note\" open>\n<summary>Bewijslast</summary>" in own


def test_long_pages_open_with_a_summary_per_level(projects):
    """A layer page and a role page start with their agreements per level, each linked to its place on the page."""
    _, _, site = projects
    layer = site.pages["afspraken/lagen/organisatie.md"]
    head = layer[:layer.index('class="stelsel-item')]
    assert re.search(r"\*\*In een oogopslag:\*\* op deze laag staan \d+ afspraken: \d+ MOET", head)
    index = head[head.index('<ul class="stelsel-level-index">'):]
    assert "<strong>MOET</strong> (" in index and '<a href="#TA-001" title="Servicedesk">TA-001 Servicedesk</a>' in index
    role_page = site.pages["afspraken/rollen/gtk-dienstverlener.md"]
    assert role_page.index('class="stelsel-level-index"') < role_page.index('class="stelsel-item')


def test_role_agreements_page_says_moet_once(projects):
    """A level whose title is its ID is written once: 'MOET', not 'MOET (moet)'."""
    _, _, site = projects
    role_page = site.pages["afspraken/rollen/gtk-dienstverlener.md"]
    assert "MOET (moet)" not in role_page and "<li><strong>Niveau:</strong> MOET</li>" in role_page
