"""stelsel build: every version side by side, versions.json, cache, strict mode, no external hosts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli
from stelsel.site.build import SiteBuildError, build_site

from .conftest import copy_project
from .helpers import FIXTURE

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_versions_side_by_side(built_site):
    """Each frozen release and the working version get their own folder; versions.json lists them newest first."""
    site = built_site.site
    assert json.loads((site / "versions.json").read_text()) == [
        {"version": "concept", "title": "concept (werkversie)", "aliases": []},
        {"version": "0.1", "title": "0.1", "aliases": ["latest"]},
        {"version": "0.0", "title": "0.0", "aliases": []},
    ]
    for version in ("concept", "0.1", "0.0"):
        assert (site / version / "index.html").is_file()
        assert (site / version / "search" / "search_index.json").is_file()
    assert (site / "concept" / "wijzigingen" / "concept" / "index.html").is_file()
    assert not (site / "0.1" / "wijzigingen" / "concept").exists()


@pytest.mark.slow
def test_latest_and_root_redirect_to_newest_published_release(built_site):
    """The site root and latest/… redirect to the newest published release, page by page."""
    site = built_site.site
    assert 'url=latest/"' in (site / "index.html").read_text()
    assert 'url=../../0.1/rollen/"' in (site / "latest" / "rollen" / "index.html").read_text()
    assert 'url=../0.1/"' in (site / "latest" / "index.html").read_text()


@pytest.mark.slow
def test_site_url_and_sitemap_per_version(built_site):
    """Each version's sitemap uses that version's own URL (the selector uses it to keep the page); without a
    site_url on the reserved placeholder host, never localhost."""
    sitemap = (built_site.site / "0.1" / "sitemap.xml").read_text()
    assert "<loc>https://site-url-missing.invalid/0.1/rollen/</loc>" in sitemap
    assert "/concept/" not in sitemap and "localhost" not in sitemap


@pytest.mark.slow
def test_page_features_in_html(built_site):
    """Dutch UI, anchors, abbreviations, edit links only in concept, outdated banner override, licence in footer."""
    concept = (built_site.site / "concept" / "afspraken" / "lagen" / "organisatie" / "index.html").read_text()
    assert '<html lang="nl"' in concept and 'id="TA-001"' in concept
    assert '<abbr tabindex="0" title="Gekwalificeerd Twiin Knooppunt">GtK</abbr>' in concept  # keyboard focus
    assert "Creative Commons Naamsvermelding-GelijkDelen 4.0" in concept and "md-copyright" in concept
    inleiding = (built_site.site / "concept" / "paginas" / "inleiding" / "index.html").read_text()
    assert 'href="https://example.org/demo/stelsel/edit/main/afsprakenstelsel/paginas/inleiding.md"' in inleiding
    frozen = (built_site.site / "0.0" / "paginas" / "inleiding" / "index.html").read_text()
    assert "/edit/main/" not in frozen
    assert re.search(r'base=new URL\("[./]+",location\)', frozen)  # the fixed outdated partial
    assert "oudere versie" in frozen


@pytest.mark.slow
def test_no_external_hosts(built_site):
    """Nothing in the built site loads from another host: no fonts, CDN scripts or remote images."""
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag) or 'rel="canonical"' in tag \
                or 'rel="alternate"' in tag, f"{page}: {tag}"
    css = "".join(p.read_text(encoding="utf-8") for p in (built_site.site / "concept").rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


@pytest.mark.slow
def test_frozen_versions_come_from_cache_after_an_edit(built_site, tmp_path, monkeypatch):
    """After an edit in the working tree, 'stelsel build' copies frozen releases (with their PDF) from the cache."""
    cache = tmp_path / "cache"
    shutil.copytree(built_site.root / ".stelsel-cache" / "site", cache / "site")
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(cache))
    project = copy_project(built_site, tmp_path / "project")
    agreement = project / "afsprakenstelsel" / "afspraken" / "TA-001.yaml"
    agreement.write_text(agreement.read_text().replace("telefonisch bereikbaar", "telefonisch en per mail bereikbaar"))
    # the edit is not carried by a proposal (L004): --force builds anyway, which is all this test needs
    result = CliRunner().invoke(cli, ["build", str(project), "--force"])
    assert result.exit_code == 0, result.output
    assert re.search(r"0\.0 +from cache", result.output) and re.search(r"0\.1 +from cache", result.output)
    assert re.search(r"concept +built", result.output)
    assert "per mail" in (project / "site" / "concept" / "afspraken" / "lagen" / "organisatie" / "index.html").read_text()
    assert "per mail" not in (project / "site" / "0.1" / "afspraken" / "lagen" / "organisatie" / "index.html").read_text()
    assert (project / "site" / "0.1" / "downloads" / "demo-0.1.pdf").read_bytes().startswith(b"%PDF")  # cached whole


def _working_copy(tmp_path) -> Path:
    """The fixture's working tree alone (no frozen releases): a quick build without PDFs."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))


def test_strict_broken_markdown_link_names_the_source_file(tmp_path):
    """A broken link in a narrative page fails the build and names the content file."""
    project = _working_copy(tmp_path)
    page = project / "afsprakenstelsel" / "paginas" / "inleiding.md"
    page.write_text(page.read_text() + "\nZie ook [het verslag](verslag.md).\n")
    with pytest.raises(SiteBuildError) as caught:
        build_site(project, only_working=True)
    assert any("verslag.md" in w and "[source: afsprakenstelsel/paginas/inleiding.md]" in w
               for w in caught.value.warnings), caught.value.warnings


def test_strict_broken_wikilink_names_file_and_line(tmp_path):
    """A [[link]] to an unknown item in an agreement fails the build with file and line."""
    project = _working_copy(tmp_path)
    agreement = project / "afsprakenstelsel" / "afspraken" / "TA-001.yaml"
    agreement.write_text(agreement.read_text().replace("telefonisch bereikbaar is.", "bereikbaar is (zie [[TA-404]])."))
    result = CliRunner().invoke(cli, ["build", str(project), "--force"])  # past the check, which finds it first (R006)
    assert result.exit_code == 1
    assert "afsprakenstelsel/afspraken/TA-001.yaml:5: link to unknown item '[[TA-404]]'" in result.output


def test_strict_broken_anchor_in_item_text_fails_the_build(tmp_path):
    """A link in an item's text (HTML rendered by the generator, which mkdocs does not parse) to an anchor
    that does not exist fails the build as mkdocs' own anchor check does for Markdown."""
    project = _working_copy(tmp_path)
    agreement = project / "afsprakenstelsel" / "afspraken" / "TA-001.yaml"
    agreement.write_text(agreement.read_text().replace(
        "telefonisch bereikbaar is.", "telefonisch bereikbaar is (zie [de inleiding](paginas/inleiding.md#nergens))."))
    with pytest.raises(SiteBuildError) as caught:
        build_site(project, only_working=True)
    assert any("afspraken/lagen/organisatie.md" in w and "#nergens" in w and "paginas/inleiding.md" in w
               for w in caught.value.warnings), caught.value.warnings
    agreement.write_text(agreement.read_text().replace("inleiding.md#nergens", "inleiding.md#inleiding"))
    build_site(project, only_working=True)  # the same link to an anchor that exists builds


def test_snippet_line_in_a_page_or_proposal_is_text(tmp_path):
    """A pymdownx.snippets line in a page or a proposal builds as text: no file is read into the site."""
    project = _working_copy(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("GEHEIME-INHOUD\n", encoding="utf-8")
    page = project / "afsprakenstelsel" / "paginas" / "inleiding.md"
    page.write_text(page.read_text() + f'\nDe GtK leest mee.\n\n--8<-- "nope.md"\n\n--8<-- "{secret}"\n')
    proposal = project / "changes" / "WV-003.md"
    proposal.write_text(proposal.read_text() + '\n--8<-- "nope.md"\n')
    build_site(project, tmp_path / "site", only_working=True)
    html = (tmp_path / "site" / "concept" / "paginas" / "inleiding" / "index.html").read_text(encoding="utf-8")
    assert "nope.md" in html and secret.name in html
    assert 'title="Gekwalificeerd Twiin Knooppunt">GtK</abbr> leest mee' in html  # the glossary, without snippets
    assert not [p for p in (tmp_path / "site").rglob("*.html") if "GEHEIME-INHOUD" in p.read_text(encoding="utf-8")]


def test_a_mkdocs_yml_listing_snippets_loses_them():
    """pymdownx.snippets from a repository's mkdocs.yml is taken out; the glossary goes to abbr."""
    from types import SimpleNamespace

    from stelsel.site.plugin import StelselPlugin

    config = SimpleNamespace(markdown_extensions=["toc", "pymdownx.snippets"],
                             mdx_configs={"pymdownx.snippets": {"base_path": ["."]}})
    StelselPlugin()._abbreviations(config, "*[GtK]: Gekwalificeerd Twiin Knooppunt\n")
    assert config.markdown_extensions == ["toc", "abbr"]
    assert config.mdx_configs == {"abbr": {"glossary": {"GtK": "Gekwalificeerd Twiin Knooppunt"}}}


@pytest.mark.slow
def test_shipped_framework_builds(tmp_path):
    """The working version of the shipped framework builds in strict mode."""
    if not (REPO / "afsprakenstelsel" / "stelsel.yaml").is_file():
        pytest.skip("no shipped framework")
    result = build_site(REPO, tmp_path / "site", cache_dir=tmp_path / "cache", only_working=True)
    assert (tmp_path / "site" / "concept" / "index.html").is_file()
    assert [v.version for v in result.versions] == ["concept"]
