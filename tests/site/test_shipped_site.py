"""The README's main job: the whole multi-version site of the shipped Twiin framework."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

from ..conftest import REPO
from .axe import axe_violations, describe, open_page
from .helpers import served

pytestmark = pytest.mark.slow  # builds every version of the shipped site, with their PDFs

PAGES = {
    "agreements": "afspraken/index.html",
    "roles": "rollen/index.html",
    "glossary": "begrippen/index.html",
    "proposal register": "voorstellen/index.html",
    "checklists": "checklists/index.html",
}


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory):
    """`stelsel build` of this repository into a temporary folder, with its own cache (never the repository's)."""
    target = tmp_path_factory.mktemp("shipped") / "site"
    cache = tmp_path_factory.mktemp("shipped-cache")  # (module scope: set up before the per-test cache folder)
    result = CliRunner().invoke(cli, ["build", str(REPO), "--site-dir", str(target)], catch_exceptions=False,
                                env={"STELSEL_CACHE_DIR": str(cache)})
    assert result.exit_code == 0, result.output
    return target


def test_versions_json_lists_releases_and_working_version(shipped_site):
    """versions.json lists 1.0 (alias latest), 0.9, 0.8 and the working version."""
    versions = json.loads((shipped_site / "versions.json").read_text())
    by_version = {v["version"]: v for v in versions}
    assert set(by_version) == {"1.0", "0.9", "0.8", "concept"}
    assert by_version["1.0"]["aliases"] == ["latest"]
    assert [v["version"] for v in versions if v["version"] != "concept"] == ["1.0", "0.9", "0.8"]


@pytest.mark.parametrize("version", ["0.8", "0.9", "1.0", "concept"])
def test_every_version_has_the_reader_pages(shipped_site, version):
    """Each version folder has the agreement, role, glossary, proposal-register, checklist and change pages;
    frozen versions their release PDF, the working version (built without --pdf) a note instead."""
    folder = shipped_site / version
    for name, page in PAGES.items():
        assert (folder / page).is_file(), f"{version}: no {name} page ({page})"
    label = version if version != "concept" else "concept"
    assert (folder / "wijzigingen" / label / "index.html").is_file()
    if version == "concept":  # the working version's PDF only with 'stelsel build --pdf'
        assert not list((folder / "downloads").glob("*.pdf"))
        assert "gebouwd zonder PDF" in (folder / "index.html").read_text(encoding="utf-8")
    else:
        assert list((folder / "downloads").glob("*.pdf")), f"{version}: no release PDF"


def test_change_page_of_09_links_its_proposals(shipped_site):
    """The 0.9 change page names the added and changed agreements and links the proposals that carry them."""
    html = (shipped_site / "0.9" / "wijzigingen" / "0.9" / "index.html").read_text()
    for ident in ("TA-060", "TA-061", "TA-062", "TA-026"):
        assert ident in html
    for proposal in ("CP-20210215-verdieping-diensten-afsprakenbeheer",
                     "CP-20210222-beveiligingseisen-gtk-dienstverlener",
                     "CP-20210301-redactie-servicedesk-zorgaanbieder"):
        assert proposal in html


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_item_page_of_ta_061_in_10_links_09_and_concept(shipped_site):
    """/1.0/afspraken/TA-061/ exists, says since when and via which proposal, and links TA-061 in 0.9 and concept."""
    html = (shipped_site / "1.0" / "afspraken" / "TA-061" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../0.9/afspraken/TA-061/"' in html and 'href="../../../concept/afspraken/TA-061/"' in html
    assert re.search(r"Sinds 0\.9, toegevoegd via Beveiligingseisen voor GtK ?-dienstverleners "
                     r"\(CP-20210222-beveiligingseisen-gtk-dienstverlener\) ?\.", _text(html))
    assert (shipped_site / "latest" / "downloads" / "twiin-1.0.pdf").read_bytes().startswith(b"%PDF")


def test_10_tells_the_true_history_of_09_and_skips_095(shipped_site):
    """1.0's page for release 0.9 lists 0.9's three proposals; 1.0's register lists all six decided up to 1.0;
    1.0's previous release is 0.9, with 0.95 shown as skipped."""
    release = _text((shipped_site / "1.0" / "releases" / "0.9" / "index.html").read_text(encoding="utf-8"))
    assert "Nog geen aangenomen" not in release
    for proposal in ("CP-20210215-verdieping-diensten-afsprakenbeheer",
                     "CP-20210222-beveiligingseisen-gtk-dienstverlener",
                     "CP-20210301-redactie-servicedesk-zorgaanbieder"):
        assert proposal in release
    register = _text((shipped_site / "1.0" / "voorstellen" / "index.html").read_text(encoding="utf-8"))
    assert "alle 6 voorstellen tot en met release 1.0" in register
    this = _text((shipped_site / "1.0" / "releases" / "1.0" / "index.html").read_text(encoding="utf-8"))
    assert "Vorige release: 0.9 Overgeslagen: 0.95" in this


def test_old_version_names_its_successor_in_the_html(shipped_site):
    """0.9's and 0.8's pages say, without JavaScript, that 1.0 replaced them on 1 November 2021, linking the same page."""
    for version in ("0.9", "0.8"):
        html = (shipped_site / version / "rollen" / "index.html").read_text(encoding="utf-8")
        assert f"Release {version} is vervangen door 1.0 op 1 november 2021." in html
        assert '<a href="../../1.0/rollen/">Bekijk deze pagina in release 1.0</a>' in html
    assert "stelsel-successor" not in (shipped_site / "1.0" / "rollen" / "index.html").read_text(encoding="utf-8")


def test_role_change_page_for_gtk_dienstverlener_08_to_10_says_what_the_cli_says(shipped_site):
    """1.0's page 'wat verandert er voor de GtK-dienstverlener: 0.8 → 1.0' lists exactly the changes and
    counts per level of 'stelsel diff 0.8 1.0 --role gtk-dienstverlener'."""
    result = CliRunner().invoke(cli, ["diff", "0.8", "1.0", "--root", str(REPO), "--role", "gtk-dienstverlener",
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    expected = json.loads(result.output)
    page = (shipped_site / "1.0" / "wijzigingen" / "rollen" / "gtk-dienstverlener" / "0.8-1.0" / "index.html").read_text()
    listed = re.findall(r'data-stelsel-change="([^"]+)" data-effect="([^"]+)"', page)
    assert sorted(listed) == sorted((c["id"], c["effect"]) for c in expected["changes"])
    assert expected["changes"]
    total = sum(expected["levels"].values())
    assert f"gelden voor deze rol {total} afspraken" in page
    for level, count in expected["levels"].items():
        assert f"{count} {level}" in page


AXE_PAGES = ["1.0/", "1.0/afspraken/TA-061/", "1.0/afspraken/lagen/organisatie/", "1.0/afspraken/rollen/zorgaanbieder/",
             "1.0/rollen/", "1.0/checklists/zorgaanbieder/", "1.0/voorstellen/", "1.0/wijzigingen/1.0/",
             "1.0/wijzigingen/rollen/gtk-dienstverlener/0.8-1.0/", "1.0/begrippen/", "1.0/?q=NEN7510", "0.8/",
             "concept/", "404.html"]


@pytest.mark.parametrize("version", ["0.8", "0.9", "1.0", "concept"])
def test_no_link_on_the_shipped_site_shows_only_an_id(shipped_site, version):
    """No link of a version of the shipped site shows only an item's ID (the review counted 1,065): the bare IDs
    left are table ID columns, each named 'ID name' for screen readers."""
    from stelsel.load.project import load_project

    from .idlinks import id_links, names

    root = REPO if version == "concept" else REPO / "releases" / version
    links = id_links(shipped_site / version, names(load_project(root)))
    assert links and not [link for link in links if not link.named or not link.in_cell]


def test_shipped_site_has_no_wcag_a_or_aa_violation(shipped_site, browser):
    """axe-core finds no WCAG 2.1 A/AA violation on the shipped site's main page families at 1280 and 390 px."""
    found = []
    with served(shipped_site) as base:
        for width in (1280, 390):
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
            try:
                page = context.new_page()
                for path in AXE_PAGES:
                    open_page(page, base + path)
                    found += [f"{width} {path}: {describe([v])}" for v in axe_violations(page)]
            finally:
                context.close()
    assert not found, found


def test_a_phone_header_shows_the_whole_site_name(shipped_site, browser):
    """At 360 to 599 px the header shows 'Twiin afsprakenstelsel' whole (on one line or two), next to the version
    without its alias, whose accessible name keeps it; from 600 px the alias is shown."""
    name = ".md-header__topic:first-child .md-ellipsis"
    fits = f"(e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1)(document.querySelector('{name}'))"
    with served(shipped_site) as base:
        for width in (360, 390, 414, 599, 600, 1280):
            context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
            try:
                page = context.new_page()
                open_page(page, base + "1.0/")
                button = page.locator(".md-version__current")
                assert page.locator(name).inner_text().split() == ["Twiin", "afsprakenstelsel"]
                assert page.evaluate(fits), width
                assert button.inner_text().strip() == ("1.0" if width < 600 else "1.0 nieuwste"), width
                assert button.get_attribute("aria-label") == "Versie 1.0 nieuwste"
            finally:
                context.close()
