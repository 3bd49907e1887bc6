"""URL hygiene: the site's address comes from the framework config (site_url), in canonical links and sitemaps."""

from __future__ import annotations

import re

import pytest

from .helpers import _edit, make_project


@pytest.mark.slow
def test_site_url_from_the_framework_config(tmp_path):
    """With site_url in stelsel.yaml, pages name their canonical URL below it and the sitemap lists it; no localhost."""
    from stelsel.site.build import build_site

    root = make_project(tmp_path / "project")
    _edit(root / "afsprakenstelsel" / "stelsel.yaml", "repository: https://example.org/demo/stelsel",
          "repository: https://example.org/demo/stelsel\nsite_url: https://stelsel.example.org/demo")
    build_site(root, cache_dir=root / ".stelsel-cache" / "site", only_working=True)
    page = (root / "site" / "concept" / "rollen" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://stelsel.example.org/demo/concept/rollen/">' in page
    sitemap = (root / "site" / "concept" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://stelsel.example.org/demo/concept/rollen/</loc>" in sitemap
    for html in (root / "site").rglob("*.html"):
        assert not re.search(r'rel="canonical" href="http://localhost', html.read_text(encoding="utf-8")), html
    assert "localhost" not in sitemap


@pytest.mark.slow
def test_without_site_url_no_page_names_a_placeholder_and_the_build_says_so(built_site, tmp_path):
    """Without a site_url no page (nor the 404 page) names localhost or the placeholder as a URL; the sitemaps list
    every page on the reserved placeholder host ('.invalid', never resolving); the build says site_url is missing."""
    from stelsel.site.build import build_site
    from stelsel.site.config import DEFAULT_SITE_URL

    assert DEFAULT_SITE_URL == "https://site-url-missing.invalid/"
    for html in built_site.site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "localhost" not in text and "site-url-missing" not in text, html
    for version in ("concept", "0.1", "0.0"):
        sitemap = (built_site.site / version / "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert locs and all(loc.startswith(f"{DEFAULT_SITE_URL}{version}/") for loc in locs), version
    said: list[str] = []
    root = make_project(tmp_path / "project")
    build_site(root, cache_dir=root / ".stelsel-cache" / "site", only_working=True, echo=said.append)
    assert any("site_url is missing" in line for line in said), said
