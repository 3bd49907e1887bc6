"""axe-core (bundled by axe-playwright-python) in the browser tests: WCAG 2.1 A and AA rules."""

from __future__ import annotations

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Experimental in axe, so off by default: the version button's name must hold its text (2.5.3).
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the loaded page (fails if axe did not run)."""
    from axe_playwright_python.sync_playwright import Axe

    settle(page)
    response = Axe().run(page, options=AXE_OPTIONS).response
    assert response["testEngine"]["name"] == "axe-core" and len(response["passes"]) > 10, response.get("passes")
    return response["violations"]


def describe(violations: list[dict]) -> str:
    """Rule ids with their node count and first targets, for an assertion message."""
    return "; ".join(f"{v['id']} ({len(v['nodes'])}): {[n['target'] for n in v['nodes'][:3]]}" for v in violations)


def open_page(page, url: str) -> None:
    """Load ``url`` and wait for what the theme builds by script (the version selector, search results)."""
    page.goto(url)
    page.locator(".md-version__current").wait_for(timeout=10_000)
    if "?q=" in url:
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)


def settle(page) -> None:
    """Wait until the theme's finite transitions have ended: mid-way through one (the search overlay fading in on
    a phone) the text is still partly transparent, and axe would measure a contrast no reader ever sees."""
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().iterations === Infinity)", timeout=10_000)
