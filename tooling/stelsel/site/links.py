"""Where every item lives on the site, and Markdown links to it from any page.

The site puts many items on one page, each under an anchor equal to its ID; this index is
the single place that knows which page that is. Links are written relative to the page
that contains them, to the ``.md`` source, so mkdocs checks every one of them in strict mode.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from .text import esc, slug

WIKILINK = re.compile(r"\[\[([^\[\]|#\s]+)(#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")

# Kinds whose IDs read as codes (TA-001): a link shows the ID. Others show the title.
CODE_KINDS = frozenset({"agreement", "principle", "starting_point", "proposal"})

# Fixed pages, one per kind that is rendered many-to-a-page.
KIND_PAGES = {
    "role": "rollen.md",
    "principle": "grondslag/principes.md",
    "starting_point": "grondslag/uitgangspunten.md",
    "service": "diensten.md",
    "facility": "voorzieningen.md",
    "use_case": "zorgtoepassingen.md",
    "decision_table": "beslistabellen.md",
    "element": "onderdelen.md",
    "term": "begrippen.md",
}

HOME = "index.md"
AGREEMENTS = "afspraken/index.md"
SOURCES = "bronnen.md"
GOVERNANCE = "governance.md"
PROPOSALS = "voorstellen/index.md"
RELEASES = "releases/index.md"
CHECKLISTS = "checklists/index.md"
DOWNLOADS = "downloads"  # files the builder renders (checklists, the release PDF), see pages.DownloadSpec


def layer_page(layer_id: str) -> str:
    return f"afspraken/lagen/{slug(layer_id)}.md"


def role_view_page(role_id: str) -> str:
    return f"afspraken/rollen/{slug(role_id)}.md"


def checklist_page(role_id: str) -> str:
    return f"checklists/{slug(role_id)}.md"


def checklist_download(role_id: str, version: str, fmt: str) -> str:
    return f"{DOWNLOADS}/checklist-{slug(role_id)}-{slug(version)}.{fmt}"


def release_pdf(framework_id: str | None, version: str) -> str:
    return f"{DOWNLOADS}/{slug(framework_id or 'afsprakenstelsel')}-{slug(version)}.pdf"


def use_case_view_page(use_case_id: str) -> str:
    return f"afspraken/zorgtoepassingen/{slug(use_case_id)}.md"


def release_page(version: str) -> str:
    return f"releases/{slug(version)}.md"


def changes_page(label: str) -> str:
    return f"wijzigingen/{slug(label)}.md"


def proposals_page(target: str | None) -> str:
    return f"voorstellen/{slug(target or 'zonder-release')}.md"


def narrative_page(source_path: str) -> str:
    """A narrative page keeps its place below the content folder (so its figures resolve)."""
    rel = source_path.split("/", 1)[1] if "/" in source_path else source_path
    return rel


@dataclass(frozen=True)
class Target:
    page: str
    anchor: str | None
    text: str  # what a link shows by default
    title: str  # tooltip (the item's title)


@dataclass
class LinkIndex:
    targets: dict[str, Target] = field(default_factory=dict)
    declared: dict[tuple[str, str], Target] = field(default_factory=dict)  # (kind, id) -> target

    def add(self, ident: str, target: Target) -> None:
        self.targets.setdefault(ident, target)

    def url(self, from_page: str, target: Target) -> str:
        rel = posixpath.relpath(target.page, posixpath.dirname(from_page) or ".")
        if target.page == from_page and target.anchor:
            return f"#{target.anchor}"
        return rel + (f"#{target.anchor}" if target.anchor else "")

    def link(self, from_page: str, ident: str, text: str | None = None, *, fragment: str | None = None) -> str:
        """A Markdown link to item ``ident``, or its escaped ID when it is not on the site."""
        target = self.targets.get(ident)
        if target is None:
            return esc(text or ident)
        return self._md(from_page, target, text, fragment)

    def link_declared(self, from_page: str, kind: str, ident: str, text: str | None = None) -> str:
        target = self.declared.get((kind, ident))
        if target is None:
            return esc(text or ident)
        return self._md(from_page, target, text, None)

    def page_link(self, from_page: str, page: str, text: str, anchor: str | None = None) -> str:
        return self._md(from_page, Target(page, anchor, text, ""), text, None)

    def _md(self, from_page: str, target: Target, text: str | None, fragment: str | None) -> str:
        url = self.url(from_page, target)
        if fragment:
            url = url.split("#", 1)[0] + fragment
        label = esc(text if text is not None else target.text)
        title = target.title.replace('"', "'") if target.title else ""
        return f'[{label}]({url} "{title}")' if title else f"[{label}]({url})"


@dataclass
class Problem:
    """Something the generator could not render: shown as a build warning (strict: an error)."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


def resolve_wikilinks(text: str | None, index: LinkIndex, from_page: str, *, source: str = "<generated>",
                      line: int = 1, problems: list[Problem] | None = None) -> str:
    """Turn ``[[ID]]``, ``[[ID|tekst]]`` and ``[[ID#kop]]`` into Markdown links."""
    if not text or "[[" not in text:
        return text or ""

    def replace(match: re.Match) -> str:
        ident, fragment, label = match.group(1), match.group(2), match.group(3)
        if ident not in index.targets:
            if problems is not None:
                at = line + text.count("\n", 0, match.start())
                problems.append(Problem(source, at, f"link to unknown item '[[{ident}]]' (no page on the site shows it)"))
            return esc(label or ident)
        return index.link(from_page, ident, label, fragment=fragment)

    return WIKILINK.sub(replace, text)
