"""Screenshots of the shipped framework's site for a person to look at: the home page, an item page
(/1.0/afspraken/TA-061/), the per-role change page of the GtK-dienstverlener from 0.8 to 1.0, and a
role's agreements page at phone width (390 px), full page, in Debian's chromium via Playwright.

    python tests/site/screenshots.py [SITE_DIR]

SITE_DIR: a built site (``stelsel build``; its folder holding versions.json). Without it the
shipped framework is built first (into a temporary folder, the cache in $STELSEL_CACHE_DIR).
The PNGs go to $STELSEL_SCREENSHOTS, else /tmp/stelsel-screenshots. Each page must show its
heading and must not scroll sideways; the script says what it wrote, with each page's height.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# (file, path below the site, width, words the page's h1 says)
SHOTS = [
    ("home.png", "1.0/", 1280, "Twiin afsprakenstelsel"),
    ("item-TA-061.png", "1.0/afspraken/TA-061/", 1280, "TA-061"),
    ("role-changes-gtk-dienstverlener-0.8-1.0.png", "1.0/wijzigingen/rollen/gtk-dienstverlener/0.8-1.0/", 1280,
     "Wat verandert er voor de GtK-dienstverlener: 0.8 → 1.0"),
    ("role-zorgaanbieder-390.png", "1.0/afspraken/rollen/zorgaanbieder/", 390, "Zorgaanbieder"),
]


def _site(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0]).resolve()
    sys.path.insert(0, str(REPO / "tooling"))
    from stelsel.site.build import build_site

    target = Path(tempfile.mkdtemp(prefix="stelsel-site-")) / "site"
    build_site(REPO, target, echo=lambda message: print(message, file=sys.stderr))
    return target


def take(site: Path, out: Path) -> list[tuple[Path, int]]:
    """The screenshots of ``site`` into ``out``: (file, page height in px) each."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from tests.site.helpers import served

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for name, path, width, heading in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": 900}, locale="nl-NL")
                page.goto(url + path)
                page.locator(".md-version__current").wait_for(timeout=10_000)
                h1 = page.locator("h1").first.inner_text()
                if heading.lower() not in h1.lower():
                    raise SystemExit(f"{path}: heading {h1!r} does not say {heading!r}")
                if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
                    raise SystemExit(f"{path}: scrolls sideways at {width} px")
                height = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(path=str(out / name), full_page=True)
                written.append((out / name, height))
                page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str]) -> int:
    out = Path(os.environ.get("STELSEL_SCREENSHOTS") or "/tmp/stelsel-screenshots")
    for path, height in take(_site(argv), out):
        print(f"{path} ({height} px high)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
