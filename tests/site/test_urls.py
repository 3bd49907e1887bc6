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
