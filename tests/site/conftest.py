"""Site tests: the fixture framework with two frozen releases, built once per session (with the
working version's PDF: ``stelsel build --pdf``)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import make_project, served

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class BuiltSite:
    root: Path  # the project (working tree + releases/0.0, releases/0.1)
    site: Path  # the built site (site/<version>/, versions.json)
    result: object  # stelsel.site.build.SiteBuild


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    from stelsel.site.build import build_site

    base = tmp_path_factory.mktemp("site")
    root = make_project(base / "project")
    result = build_site(root, cache_dir=root / ".stelsel-cache" / "site", working_pdf=True)
    return BuiltSite(root, root / "site", result)


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on 127.0.0.1 (a python http.server in a thread)."""
    with served(built_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no 'playwright install': no network)."""
    required = os.environ.get("STELSEL_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page; the test fails if the page asked anything of a host other than 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    foreign: list[str] = []
    tab.on("request", lambda request: foreign.append(request.url)
           if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) else None)
    yield tab
    context.close()
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def copy_project(built: BuiltSite, target: Path) -> Path:
    """A writable copy of the site-test project without its built site."""
    shutil.copytree(built.root, target, ignore=shutil.ignore_patterns("site", ".stelsel-cache"))
    return target
