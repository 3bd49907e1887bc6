"""The page generator on its own: a pure function from the model to Markdown pages.

A page is Markdown for its frame (title, banner, headings) with the bulk as pre-rendered HTML
blocks (site/markup.py), so links in item bodies are HTML links to the built URL
(``../../../rollen/#zorgaanbieder``); headings and narrative pages keep Markdown links."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stelsel.load.project import load_project
from stelsel.site.pages import SiteOptions, generate_pages, generate_site

from .helpers import FIXTURE, make_project


@pytest.fixture(scope="module")
def project_root(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("pages") / "project")


@pytest.fixture(scope="module")
def site(project_root):
    history = [(v, load_project(project_root / "releases" / v)) for v in ("0.0", "0.1")]
    options = SiteOptions(history=history, edit_base="https://example.org/demo/stelsel/edit/main/")
    return generate_site(load_project(project_root), options)


def test_generator_does_not_need_mkdocs():
    """Generating pages imports nothing from mkdocs (the generator must outlive the plugin API)."""
    code = ("import sys; from pathlib import Path; from stelsel.load.project import load_project; "
            "from stelsel.site.pages import generate_pages; "
            f"pages = generate_pages(load_project(Path({str(FIXTURE)!r}))); "
            "assert pages and not [m for m in sys.modules if m.startswith(('mkdocs', 'material'))], 'mkdocs imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_returns_markdown_per_path():
    """generate_pages maps site paths to Markdown with a title in the front matter."""
    pages = generate_pages(load_project(FIXTURE))
    assert "index.md" in pages and "afspraken/lagen/organisatie.md" in pages
    assert all(text.startswith("---\ntitle: ") for text in pages.values())


def test_agreements_have_id_anchors_on_their_layer_page(site):
    """Every agreement is rendered once on its first layer's page under an anchor equal to its ID (its heading
    in its HTML part, with the permalink the table of contents gives a Markdown heading)."""
    organisatie = site.pages["afspraken/lagen/organisatie.md"]
    assert ('<!--stelsel:heading--><h2 class="stelsel-item" id="TA-001">TA-001 · Servicedesk<a class="headerlink" '
            'href="#TA-001" title="Link naar deze plek">&para;</a></h2>') in organisatie
    assert 'id="TA-002"' in organisatie  # first layer organisatie, also on applicatie
    assert 'id="TA-003"' in site.pages["afspraken/lagen/security.md"]
    assert 'id="TA-002"' not in site.pages["afspraken/lagen/applicatie.md"]
    assert ('<a href="../organisatie/#TA-002" title="Storingsmelding">TA-002 Storingsmelding</a>'
            in site.pages["afspraken/lagen/applicatie.md"])


def test_agreement_shows_level_status_release_links_and_proposals(site):
    """An agreement shows level, status, since-release, the principles and roles it links to and its proposals."""
    text = site.pages["afspraken/lagen/organisatie.md"]
    block = text[text.index('id="TA-001"'):text.index('id="TA-002"')]
    assert "stelsel-status--adopted" in block and "<strong>Niveau:</strong> MOET" in block
    assert '<a href="../../../rollen/#zorgaanbieder" title="Zorgaanbieder">Zorgaanbieder</a>' in block
    assert ('<a href="../../../grondslag/principes/#PR-01" title="Een vertrouwd netwerk">PR-01 Een vertrouwd netwerk</a>'
            in block)  # an ID with its name
    assert '<strong>Sinds release:</strong> <a href="../../../releases/0.1/" title="Release 0.1">0.1</a>' in block
    assert ('<a href="../../../voorstellen/0.2/#WV-002" title="Servicedesk ook in het weekend">Servicedesk ook in '
            "het weekend</a> (Consultatie, release 0.2)") in block  # a proposal by its title
    assert '<a href="../../TA-001/">TA-001 Servicedesk</a>' in block  # its own page, named


def test_views_by_role_and_use_case_repeat_anchors_but_skip_search(site):
    """Role and use-case views carry the same anchors and are excluded from search (found once)."""
    role = site.pages["afspraken/rollen/zorgaanbieder.md"]
    assert 'id="TA-001"' in role and yaml.safe_load(role.split("---")[1])["search"] == {"exclude": True}
    assert 'id="TA-001"' in site.pages["afspraken/zorgtoepassingen/beeld.md"]
    assert "search:" not in site.pages["afspraken/lagen/organisatie.md"].split("---")[1]


def test_wikilinks_in_narrative_pages_link_page_and_anchor(site):
    """[[ID]] and [[ID|text]] in a narrative page become relative links to the item's page#anchor."""
    text = site.pages["paginas/inleiding.md"]
    assert '[zorgaanbieders](../rollen.md#zorgaanbieder "Zorgaanbieder")' in text
    assert '[TA-001 Servicedesk](../afspraken/lagen/organisatie.md#TA-001 "Servicedesk")' in text
    assert "](../beslistabellen.md#incidentcoordinatie" in text
    assert "paginas/figuren/netwerk.svg" in site.assets


def test_unknown_wikilink_is_a_problem_with_file_and_line(tmp_path):
    """A [[link]] to an unknown item is reported with its content file and line."""
    import shutil

    shutil.copytree(FIXTURE, tmp_path / "p")
    page = tmp_path / "p" / "afsprakenstelsel" / "paginas" / "inleiding.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nZie [[TA-999]].\n", encoding="utf-8")
    problems = generate_site(load_project(tmp_path / "p")).problems
    assert [str(p) for p in problems] == [
        "afsprakenstelsel/paginas/inleiding.md:16: link to unknown item '[[TA-999]]' (no page on the site shows it)"]


def test_relative_link_in_item_text_is_checked(tmp_path):
    """A Markdown link in item text that points at nothing names the item's file."""
    import shutil

    shutil.copytree(FIXTURE, tmp_path / "p")
    role = tmp_path / "p" / "afsprakenstelsel" / "rollen" / "zorgaanbieder.yaml"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "description: Een organisatie", "description: Zie [schema](paginas/figuren/weg.svg). Een organisatie"),
        encoding="utf-8")
    problems = [str(p) for p in generate_site(load_project(tmp_path / "p")).problems]
    assert len(problems) == 1 and problems[0].startswith("afsprakenstelsel/rollen/zorgaanbieder.yaml:5: link")


def test_status_banners_and_basis(site):
    """Pages open with a status admonition; proposal/intention/not-described content says so plainly."""
    assert '!!! warning "Concept"' in site.pages["grondslag/principes.md"]  # PR-02 is concept
    assert '!!! success "Vastgesteld"' in site.pages["voorzieningen.md"]
    assert '!!! info "Gereed voor release 0.2"' in site.pages["paginas/inleiding.md"]
    assert '<div class="admonition abstract">\n<p class="admonition-title">Nog niet beschreven</p>' \
        in site.pages["grondslag/principes.md"]
    assert '<div class="admonition question">\n<p class="admonition-title">Voorstel</p>' in site.pages["diensten.md"]
    assert "Demo Knooppunt BV (voornemen: Beoogd, nog niet gecontracteerd.)" in site.pages["rollen.md"]


def test_decision_table_reference_cells_are_links(site):
    """Decision table cells in reference columns link to the items they name."""
    text = site.pages["beslistabellen.md"]
    row = next(row for row in text.split("<tr>") if ">Lokaal incident</a>" in row)
    assert 'href="../onderdelen/#incident-lokaal"' in row and 'href="../rollen/#zorgaanbieder"' in row
    assert 'href="../afspraken/lagen/organisatie/#TA-001"' in row
    assert "<th>Reikwijdte</th>\n<th>Coördinatie door</th>\n<th>Afspraak</th>\n<th>Toelichting</th>" in text


def test_glossary_abbreviations_for_every_page(site):
    """Terms with an expansion become abbreviation definitions (tooltips on every page)."""
    assert site.abbreviations == "*[GtK]: Gekwalificeerd Twiin Knooppunt\n"
    assert "{#term-gtk " in site.pages["begrippen.md"]


def test_home_shows_releases_and_open_consultations(site):
    """The home page names the working and next release and open consultations with their deadline."""
    home = site.pages["index.md"]
    assert "**Huidige release:** [Release 0.1]" in home
    assert "**In voorbereiding:** [Release 0.2]" in home and "**Volgende release:** [Release 0.3]" in home
    assert re.search(r"\| \[WV-002\]\(voorstellen/0\.2\.md#WV-002 .*\| 15 januari 2027 \|", home)
    assert "De juiste informatie, op de juiste plek" in home


def test_proposal_register(site):
    """The register lists every proposal; each has status, target, reviews, consultation and decision."""
    register = site.pages["voorstellen/index.md"]
    assert len(re.findall(r'<tr>\n<td><a href="0\.\d/#WV-\d+"', register)) == 3
    text = site.pages["voorstellen/0.2.md"]
    assert "{#WV-001 " in text and "<td>Carol Bakker (Leverancier Zuid) <em>(voorbeeld)</em></td>" in text
    assert "<strong>Consultatie</strong> van 10 september 2026 tot en met 10 oktober 2026 (1 reactie)" in text
    assert '<p id="WV-001-besluit">' in text and "Dit is een voorbeeldbesluit" in text


def test_release_notes_list_approved_proposals(site):
    """Release notes of 0.2 list the approved proposals targeting it and the ones still under way."""
    text = site.pages["releases/0.2.md"]
    assert '<li><a href="../../voorstellen/0.2/#WV-001"' in text and '<li><a href="../../voorstellen/0.2/#WV-003"' in text
    assert "Nog in behandeling:" in text and "WV-002" in text.split("Nog in behandeling:")[1]
    assert 'href="../../wijzigingen/concept/"' in text


def test_changes_page_links_each_change_to_its_proposal_and_decision(site):
    """'Wat is er gewijzigd' shows added, changed and withdrawn items with proposal and decision links."""
    text = site.pages["wijzigingen/concept.md"]
    assert "sinds release 0.1" in text
    added = text[text.index("## Toegevoegd"):text.index("## Gewijzigd")]
    changed = text[text.index("## Gewijzigd"):text.index("## Vervallen")]
    assert "{#TA-003 " in added and "{#TA-002 " in changed and "{#TA-004 " in text
    for block in (added, changed):
        assert '<a href="../../voorstellen/0.2/#WV-001"' in block
        assert 'href="../../voorstellen/0.2/#WV-001-besluit"' in block
    assert re.search(r"<del [^>]*><span [^>]*>\[verwijderd: </span>acht<span [^>]*>\]</span></del> "
                     r"<ins [^>]*><span [^>]*>\[toegevoegd: </span>vier<span [^>]*>\]</span></ins>", changed)
    assert "Release 0.0 is de eerste release" in site.pages["wijzigingen/0.0.md"]
    assert "wijzigingen/0.1.md" in site.pages


def test_changes_page_uses_a_diff_stand_in(monkeypatch):
    """The change pages need only the diff interface (added/changed/removed/renamed of ItemDiff)."""
    from types import SimpleNamespace

    import stelsel.release.diff as diff_module

    project = load_project(FIXTURE)
    item = project.by_kind["agreement"]["TA-001"]
    field = SimpleNamespace(name="statement", old="de oude tekst", new="de nieuwe tekst",
                            words=[("equal", "de "), ("delete", "oude"), ("insert", "nieuwe"), ("equal", " tekst")])
    fake = SimpleNamespace(added=[], removed=[], renamed=[],
                           changed=[SimpleNamespace(id="TA-001", kind="agreement", title="Servicedesk", change="changed",
                                                    old=item, new=item, fields=[field], old_id=None)])
    monkeypatch.setattr(diff_module, "diff_projects", lambda old, new, *a, **k: fake)
    history = [("0.1", project)]
    text = generate_pages(project, SiteOptions(history=history))["wijzigingen/concept.md"]
    assert "{#TA-001 " in text and re.search(r"de <del [^>]*>.*oude.*</del> <ins [^>]*>.*nieuwe.*</ins> tekst", text)
    assert '<a href="../../voorstellen/0.2/#WV-002"' in text


def test_edit_links_only_in_the_working_version(project_root):
    """Working pages link to the file to edit; a frozen release has no edit links."""
    working = generate_site(load_project(project_root), SiteOptions(edit_base="https://x.test/edit/main/"))
    assert ('<a class="stelsel-edit" href="https://x.test/edit/main/afsprakenstelsel/afspraken/TA-001.yaml" '
            'title="Bewerk dit bestand">afsprakenstelsel/afspraken/TA-001.yaml</a>') \
        in working.pages["afspraken/lagen/organisatie.md"]
    frozen = generate_site(load_project(project_root / "releases" / "0.1"),
                           SiteOptions(version="0.1", frozen=True, edit_base="https://x.test/edit/main/"))
    assert "https://x.test/edit" not in "".join(frozen.pages.values())
    assert '!!! success "Vastgesteld"' in frozen.pages["afspraken/lagen/organisatie.md"]  # 0.1 is published


def test_checklists_per_role_declare_their_downloads(site):
    """Each role with agreements gets a checklist page with its rows and declared XLSX, CSV and Markdown downloads."""
    from stelsel.site.pages import DownloadSpec

    text = site.pages["checklists/gtk-dienstverlener.md"]
    rows = [row for row in text.split("<tr>") if row.startswith("\n<td>")]
    assert [re.search(r'#(TA-\d+)" title', r).group(1) for r in rows] == ["TA-002", "TA-003"]
    assert 'href="../../afspraken/lagen/security/#TA-003"' in rows[1]
    for fmt in ("xlsx", "csv", "md"):
        path = f"downloads/checklist-gtk-dienstverlener-concept.{fmt}"
        assert site.downloads[path] == DownloadSpec(f"checklist-{fmt}", "working", "gtk-dienstverlener")
        assert f'href="../../{path}"' in text
    assert "checklists/zorgaanbieder.md" in site.pages and "checklist-zorgaanbieder-concept.xlsx" in \
        site.pages["afspraken/rollen/zorgaanbieder.md"]
    assert {"Checklists": ["checklists/index.md", {"GtK-dienstverlener": "checklists/gtk-dienstverlener.md"},
                           {"Zorgaanbieder": "checklists/zorgaanbieder.md"}]} in site.nav


def test_release_pdf_link_or_a_note_when_there_is_none(project_root):
    """The home page links the declared release PDF; with a pdf_note it shows the note and declares no PDF."""
    project = load_project(project_root / "releases" / "0.1")
    frozen = generate_site(project, SiteOptions(version="0.1", frozen=True))
    assert frozen.downloads["downloads/demo-0.1.pdf"].kind == "release-pdf"
    assert "[Release 0.1 als PDF](downloads/demo-0.1.pdf)" in frozen.pages["index.md"]
    assert 'href="../../downloads/demo-0.1.pdf"' in frozen.pages["releases/0.1.md"]
    without = generate_site(project, SiteOptions(version="0.1", frozen=True, pdf_note="Geen PDF-renderer."))
    assert not [p for p in without.downloads if p.endswith(".pdf")]
    assert "**Als PDF:** niet beschikbaar. Geen PDF-renderer." in without.pages["index.md"]
    assert ".pdf" not in "".join(without.pages.values())


def test_downloads_the_builder_declared_count_only_for_that_very_tree():
    """SiteOptions.declared is the builder's declare_downloads of one loaded tree: the generator takes it for
    that tree and declares afresh for any other (serve generates again with the same options after an edit)."""
    from stelsel.site.checklists import declare_downloads

    first, edited = load_project(FIXTURE), load_project(FIXTURE)
    checklists, downloads = declare_downloads(first, "concept", False, True)  # SiteOptions() links a PDF
    marked = {**downloads, "downloads/alleen-voor-de-eerste.csv": next(iter(downloads.values()))}
    declared = (first, checklists, marked)
    assert "downloads/alleen-voor-de-eerste.csv" in generate_site(first, SiteOptions(declared=declared)).downloads
    again = generate_site(edited, SiteOptions(declared=declared)).downloads
    assert set(again) == set(downloads)
