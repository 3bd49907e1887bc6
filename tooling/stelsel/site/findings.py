"""Invalid content is never published silently: a banner on each page whose file has findings.

``stelsel serve`` checks the working tree on every rebuild and passes the findings here;
``stelsel build --force`` passes those of the check it ran first. A page carries the findings
of its own content file (its ``stelsel_source``); the home page also counts them all and lists
those in files without a page of their own (a file whose YAML does not parse, for instance).
"""

from __future__ import annotations

from collections import defaultdict

from .. import i18n
from ..diagnostics import Diagnostic
from .markup import ENVIRONMENT

SHOWN = 20  # findings listed in one banner; the rest are counted


class Findings:
    """The findings of one check, by the site page that shows each file's content."""

    def __init__(self, diagnostics: list[Diagnostic], pages_of_file: dict[str, set[str]], ui: i18n.Messages | None = None):
        self.ui = ui or i18n.messages()  # the banner's words: the framework's language
        self.all = sorted(diagnostics)
        self.by_page: dict[str, list[Diagnostic]] = defaultdict(list)
        for d in self.all:
            for page in pages_of_file.get(d.path, ()):
                self.by_page[page].append(d)
        self.without_page = [d for d in self.all if not pages_of_file.get(d.path)]

    def __bool__(self) -> bool:
        return bool(self.all)

    def banner(self, page: str, home: bool) -> str:
        """The banner HTML for the page at site path ``page``, or '' when it shows no file with findings."""
        own = self.by_page.get(page, [])
        if home:
            listed = own + [d for d in self.without_page if d not in own]
            return _render(listed or self.all, whole=True, total=len(self.all), others=self.without_page, ui=self.ui)
        return _render(own, whole=False, total=len(own), others=[], ui=self.ui) if own else ""


def pages_of_files(page_sources: dict[str, str], item_pages: dict[str, str], project) -> dict[str, set[str]]:
    """Content file -> the site pages that show it: a page's own source, and each item's page."""
    out: dict[str, set[str]] = defaultdict(set)
    for page, source in page_sources.items():
        out[source].add(page)
    for item in project.items():
        page = item_pages.get(item.id)
        if page is not None:
            out[item.file.path].add(page)
    return out


def _render(diagnostics: list[Diagnostic], **values) -> str:
    template = ENVIRONMENT.get_template("findings.html")
    return template.render(shown=diagnostics[:SHOWN], hidden=max(0, len(diagnostics) - SHOWN), **values) + "\n"


def terminal_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """What serve prints after each rebuild: one line per finding, then a count."""
    lines = [f"{d.path}{f':{d.line}:{d.col}' if d.line else ''}: {d.code} {d.message}" for d in sorted(diagnostics)]
    if diagnostics:
        lines.append(f"stelsel check: {len(diagnostics)} finding(s); the affected pages carry a banner")
    return lines
