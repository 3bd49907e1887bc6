"""Names with IDs: a link to an item says what the item is ('TA-001 Servicedesk'), never only its ID;
a table whose next column names the item keeps the bare ID, with the name as its accessible name."""

from __future__ import annotations

import re

import pytest

from stelsel.load.project import load_project

from .idlinks import id_links, names

pytestmark = pytest.mark.slow  # the built fixture site


@pytest.mark.parametrize("version", ["concept", "0.1", "0.0"])
def test_no_link_shows_only_an_id(built_site, version):
    """No link on any page of a version shows only an item's ID; the ones that keep it are in a table and
    carry 'ID name' as their accessible name."""
    root = built_site.root if version == "concept" else built_site.root / "releases" / version
    links = id_links(built_site.site / version, names(load_project(root)))
    bare = [link for link in links if not link.named]
    assert not bare, bare[:10]
    assert all(link.in_cell for link in links), [link for link in links if not link.in_cell][:10]


def test_the_kept_ids_are_the_tables_id_columns(built_site):
    """The kept bare IDs are the ID columns of the agreements overview and the checklists (the name beside them)."""
    links = id_links(built_site.site / "concept", names(load_project(built_site.root)))
    pages = {link.page for link in links}
    assert {"afspraken/index.html", "checklists/zorgaanbieder/index.html"} <= pages
    overview = (built_site.site / "concept" / "afspraken" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<td><a href="lagen/organisatie/#TA-001" title="Servicedesk" '
                     r'aria-label="TA-001 Servicedesk">TA-001</a></td>\s*<td>Servicedesk</td>', overview)


def test_links_in_text_name_the_item(built_site):
    """In prose and in an agreement's facts a link reads 'ID name'; a proposal reads as its title; a source by its title."""
    concept = built_site.site / "concept"
    intro = (concept / "paginas" / "inleiding" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../afspraken/lagen/organisatie/#TA-001"[^>]*>TA-001 Servicedesk</a>', intro)
    layer = (concept / "afspraken" / "lagen" / "organisatie" / "index.html").read_text(encoding="utf-8")
    block = layer[layer.index('id="TA-001"'):layer.index('id="TA-002"')]
    assert ">PR-01 Een vertrouwd netwerk</a>" in block
    assert ">Servicedesk ook in het weekend</a> (Consultatie, release 0.2)" in block  # WV-002 by its title
    assert ">Brondocument over het demo-stelsel</a>" in block and ">S1</a>" not in block
    assert '<a href="../../TA-001/">TA-001 Servicedesk</a>' in block  # its own page


def test_sources_page_names_sources_by_title_not_file(built_site):
    """The sources page heads each source with its ID and title, and names no internal file."""
    project = load_project(built_site.root)
    page = (built_site.site / "concept" / "bronnen" / "index.html").read_text(encoding="utf-8")
    for source in project.config.sources:
        assert f"{source.id} · {source.title}" in page
        if getattr(source, "file", None):
            assert source.file not in page
