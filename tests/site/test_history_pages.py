"""True history in every version, a page per item per version, and old versions that name their successor.

The project: the site-test fixture with frozen 0.0 and 0.1, then 0.2 cut with its proposals
(WV-001, WV-003 adopted) in ``releases/0.2/changes/``, then 0.3 cut with none of its own (as the
shipped 1.0 holds only its own proposals). 0.1.5 was planned between 0.1 and 0.2 and never released.
The working tree's register has the current word: 0.2 and 0.3 published.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading

import pytest

from .helpers import _edit, _manifest, make_project

pytestmark = pytest.mark.slow  # builds five versions with their PDFs


def _release(path, ident: str, status: str, extra: str = "") -> None:
    path.write_text(f'kind: release\nid: "{ident}"\ntitle: Release {ident}\nstatus: {status}\n{extra}',
                    encoding="utf-8")


def _cut(root, version: str, with_changes: bool) -> None:
    folder = root / "releases" / version
    shutil.copytree(root / "afsprakenstelsel", folder / "afsprakenstelsel")
    if with_changes:
        shutil.copytree(root / "changes", folder / "changes")
    else:
        (folder / "changes").mkdir()
    register = folder / "afsprakenstelsel" / "releases" / f"{version}.yaml"
    _edit(register, "status: in_voorbereiding", "status: vastgesteld")  # as at the cut: not yet published
    _manifest(folder, version)


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    from stelsel.site.build import build_site

    root = make_project(tmp_path_factory.mktemp("history") / "project")
    releases = root / "afsprakenstelsel" / "releases"
    _release(releases / "0.1.5.yaml", "0.1.5", "gepland", 'previous: "0.1"\n')
    _edit(releases / "0.2.yaml", 'previous: "0.1"', 'previous: "0.1.5"')
    _cut(root, "0.2", with_changes=True)
    _edit(releases / "0.2.yaml", "status: in_voorbereiding", "status: gepubliceerd\ndate: 2026-11-02")
    _edit(releases / "0.3.yaml", "status: gepland", "status: in_voorbereiding")
    _edit(root / "afsprakenstelsel" / "stelsel.yaml", 'working_release: "0.2"', 'working_release: "0.3"')
    _cut(root, "0.3", with_changes=False)
    _edit(releases / "0.3.yaml", "status: in_voorbereiding", "status: gepubliceerd\ndate: 2026-11-20")
    _release(releases / "0.4.yaml", "0.4", "in_voorbereiding", 'previous: "0.3"\n')
    _edit(root / "afsprakenstelsel" / "stelsel.yaml", 'working_release: "0.3"', 'working_release: "0.4"')
    build_site(root, cache_dir=root / ".stelsel-cache" / "site")
    return root / "site"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_newest_release_page_of_an_earlier_release_lists_its_proposals(history_site):
    """0.3's page for release 0.2 lists 0.2's adopted proposals from releases/0.2/changes/, though 0.3 has none of its own."""
    text = _text(_read(history_site, "0.3/releases/0.2/index.html"))
    assert "Aangenomen wijzigingsvoorstellen" in text and "Nog geen aangenomen" not in text
    assert "WV-001" in text and "WV-003" in text


def test_register_of_each_version_lists_every_proposal_up_to_it(history_site):
    """0.3's register lists WV-001..WV-003 (decided for 0.2) and says how many; 0.1's lists none of them."""
    register = _text(_read(history_site, "0.3/voorstellen/index.html"))
    for ident in ("WV-001", "WV-002", "WV-003"):
        assert ident in register
    assert "alle 3 voorstellen tot en met release 0.3" in register
    assert not (history_site / "0.1" / "voorstellen" / "index.html").exists()


def test_skipped_release_is_shown_as_skipped_never_as_previous(history_site):
    """0.1.5 (planned, never released) is 'overgeslagen'; 0.2's previous release is 0.1, in every version."""
    for version in ("0.2", "0.3", "concept"):
        page = _text(_read(history_site, f"{version}/releases/0.2/index.html"))
        assert re.search(r"Vorige release: 0\.1 ", page), (version, page[:600])
        assert "Overgeslagen: 0.1.5" in page, version
        overview = _text(_read(history_site, f"{version}/releases/index.html"))
        assert re.search(r"Release 0\.1\.5 overgeslagen", overview), version


def test_one_status_word_for_a_release_in_every_version(history_site):
    """Release 0.2 is 'gepubliceerd' in its own site too (its frozen register said 'vastgesteld')."""
    for version in ("0.2", "0.3", "concept"):
        overview = _text(_read(history_site, f"{version}/releases/index.html"))
        assert re.search(r"Release 0\.2 gepubliceerd", overview), version
    assert "Je bekijkt release 0.2 (gepubliceerd)." in _text(_read(history_site, "0.2/index.html"))


def test_item_page_per_version_with_history_and_other_versions(history_site):
    """0.3/afspraken/TA-002/ shows TA-002, its history (since 0.0, changed in 0.2 via WV-001) and links to it
    in concept, 0.2, 0.1 and 0.0; the layer page links to it; it is outside the navigation."""
    html = _read(history_site, "0.3/afspraken/TA-002/index.html")
    text = _text(html)
    assert "TA-002 · Storingsmelding" in text and "binnen vier uur" in text
    assert re.search(r"Sinds 0\.0, gewijzigd in release 0\.2 via Storingsmeldingen sneller doorzetten \(WV-001\) ?\.", text)
    for version in ("concept", "0.2", "0.1", "0.0"):
        assert f'href="../../../{version}/afspraken/TA-002/"' in html, version
    assert "<strong>release 0.3</strong> (deze versie)" in html
    layer = _read(history_site, "0.3/afspraken/lagen/organisatie/index.html")
    assert 'href="../../TA-002/"' in layer
    assert "TA-002/" not in re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', layer, re.S).group(0)
    ta3 = _read(history_site, "0.3/afspraken/TA-003/index.html")
    assert "release 0.1: komt daarin niet voor" in ta3 and 'href="../../../0.3/' not in ta3  # not in 0.1 or 0.0


def test_latest_downloads_are_files(history_site):
    """latest/downloads/ holds the newest release's PDF and checklists as files, not redirect pages, also under
    names without the version (demo.pdf: always the newest)."""
    downloads = history_site / "latest" / "downloads"
    pdf = downloads / "demo-0.3.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (downloads / "demo.pdf").read_bytes() == pdf.read_bytes()
    assert (downloads / "checklist-zorgaanbieder.xlsx").read_bytes() == \
        (downloads / "checklist-zorgaanbieder-0.3.xlsx").read_bytes()


def _serve(directory):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_old_version_names_its_successor_without_javascript(browser, history_site, artifacts):
    """With JavaScript off, 0.1's roles page says it was replaced by 0.3 on 20 november 2026 and links
    0.3's roles page; 0.3 itself (the newest) says nothing of the kind; the item page shows in a screenshot."""
    server = _serve(history_site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + "0.1/rollen/")
        notice = page.locator(".stelsel-successor")
        assert notice.is_visible()
        assert "Release 0.1 is vervangen door 0.3 op 20 november 2026." in notice.inner_text()
        notice.locator("a").click()
        page.wait_for_url(base + "0.3/rollen/")
        assert page.locator(".stelsel-successor").count() == 0
        page.goto(base + "0.3/afspraken/TA-002/")
        page.locator("a", has_text="werkversie (concept)").click()
        page.wait_for_url(base + "concept/afspraken/TA-002/")
        page.screenshot(path=str(artifacts / "item-page.png"), full_page=True)
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_sitemap_lastmod_is_the_release_date_and_no_placeholder_canonical(history_site):
    """A frozen version's sitemap dates every page on its release day; without a site_url no page names
    a canonical URL (the placeholder is nobody's)."""
    sitemap = _read(history_site, "0.2/sitemap.xml")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-11-02"}
    for version in ("0.2", "concept"):
        assert 'rel="canonical"' not in _read(history_site, f"{version}/rollen/index.html")


def test_dutch_404_page_at_the_root_and_per_version(history_site):
    """site/404.html and each version's 404.html say 'Pagina niet gevonden' in Dutch and link a start page."""
    for path in ("404.html", "0.3/404.html", "0.1/404.html", "concept/404.html"):
        html = _read(history_site, path)
        assert "<h1>Pagina niet gevonden</h1>" in html and "Not found" not in html, path
        assert "<title>Pagina niet gevonden - Demo-afsprakenstelsel</title>" in html, path
    assert 'href="/0.3/">Naar de startpagina van deze versie' in _read(history_site, "404.html")


def _validator():
    import json
    from pathlib import Path

    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    schemas = Path(__file__).resolve().parents[2] / "schemas"
    registry = Registry()
    for path in [*schemas.glob("*.schema.json"), *schemas.glob("site/*.schema.json")]:
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema))
    site = json.loads((schemas / "site" / "stelsel.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(site)
    return Draft202012Validator(site, registry=registry, format_checker=FormatChecker())


def test_stelsel_json_of_every_version_follows_its_schema(history_site):
    """Each version's stelsel.json validates against schemas/site/stelsel.schema.json (each item's data against its
    kind's schema), holds every item of that version with its page, and 0.3's lists 0.2's proposals."""
    import json

    validator = _validator()
    for version in ("0.0", "0.1", "0.2", "0.3", "concept"):
        data = json.loads(_read(history_site, f"{version}/stelsel.json"))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, (version, errors[:5])
        assert data["version"] == version and data["frozen"] == (version != "concept")
        for item in data["items"]:
            assert (history_site / version / item["page"].split("#")[0] / "index.html").is_file(), item["page"]
    newest = json.loads(_read(history_site, "0.3/stelsel.json"))
    ids = {i["id"] for i in newest["items"]}
    assert {"TA-001", "TA-002", "TA-003", "zorgaanbieder", "term-gtk", "inleiding"} <= ids
    assert next(i for i in newest["items"] if i["id"] == "TA-002")["page"] == "afspraken/TA-002/"
    assert {p["id"] for p in newest["proposals"]} == {"WV-001", "WV-002", "WV-003"}
    assert newest["release"] == {"id": "0.3", "title": "Release 0.3", "status": "gepubliceerd", "date": "2026-11-20",
                                 "page": "releases/0.3/"}
    assert validator.is_valid(newest) and not validator.is_valid({**newest, "items": [{"id": "x"}]})
    agreement = next(i for i in newest["items"] if i["kind"] == "agreement")
    wrong = {**agreement, "data": {**agreement["data"], "unknown_field": 1}}  # the kind's own schema applies
    assert not validator.is_valid({**newest, "items": [wrong]})


def test_atom_feed_of_releases_and_decisions(history_site):
    """0.3's feed.xml is valid Atom (feedparser): releases 0.3 and 0.2 and the decisions on WV-001 and WV-003,
    newest first, each linking its page; the pages name the feed in their head."""
    import feedparser

    feed = feedparser.parse(_read(history_site, "0.3/feed.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Demo-afsprakenstelsel (release 0.3)" and feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert titles[:2] == ["Release 0.3 gepubliceerd", "Release 0.2 gepubliceerd"], titles
    assert "Besluit over WV-001: aangenomen" in titles and "Besluit over WV-003: aangenomen" in titles
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    by_title = {e.title: e.link for e in feed.entries}
    assert by_title["Release 0.2 gepubliceerd"].endswith("releases/0.2/")
    assert by_title["Besluit over WV-001: aangenomen"].endswith("voorstellen/0.2/#WV-001-besluit")
    assert 'type="application/atom+xml"' in _read(history_site, "0.3/rollen/index.html")


def test_sources_by_title_without_internal_file_names(history_site):
    """Items name their source by its title; the sources page does not show the internal file name."""
    assert "bron-1.txt" not in _read(history_site, "0.3/bronnen/index.html")
    layer = _text(_read(history_site, "0.3/afspraken/lagen/organisatie/index.html"))
    assert "Bronnen: Brondocument over het demo-stelsel" in layer
