"""Links on a built site whose text is only an item's ID (``TA-061`` where the reader needs
``TA-061 Beveiligingsnormen``).

A link counts as ID-only when its visible text is exactly the ID of an item (or of a source,
norm or layer of the config) whose name is not that same text, and it points at that item. A
release is named by its version ('0.8'): a link showing it is not counted. Not counted: the theme's own
links (navigation, table of contents, permalinks) and links whose accessible name
(``aria-label``) starts with the ID and goes on with the name: a table that keeps the bare
ID (its name in the next column) on purpose.

Run over a built site: ``python tests/site/idlinks.py <project root> <site version folder>``.
"""

from __future__ import annotations

import collections
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

THEME_CLASSES = ("md-nav__link", "headerlink", "md-tabs__link", "md-header__button", "md-source",
                 "md-footer__link", "md-content__button", "md-top", "md-skip", "md-version__link")


@dataclass(frozen=True)
class IdLink:
    page: str  # the built file, relative to the version folder
    text: str
    href: str
    named: bool  # an aria-label gives the name (the ID kept visible on purpose)
    in_cell: bool  # inside a table cell


def names(project) -> dict[str, str]:
    """ID -> name of everything a page can link by ID; only those whose name differs from the ID."""
    found: dict[str, str] = {}
    for kind, items in project.by_kind.items():
        if kind == "release":  # named by its version ('0.8'; its title 'Versie 0.8' says no more)
            continue
        for ident, item in items.items():
            title = getattr(item.model, "title", None)
            if title:
                found.setdefault(ident, title)
    cfg = project.config
    if cfg is not None:
        for entry in (*cfg.sources, *cfg.norms, *cfg.layers):
            found.setdefault(entry.id, entry.title)
    return {ident: title for ident, title in found.items()
            if " ".join(title.split()).lower() != ident.lower()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[list] = []  # [attrs, text, in a cell]
        self.links: list[tuple[dict, str, bool]] = []
        self.cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.open.append([dict(attrs), "", self.cells > 0])
        elif tag in ("td", "th"):
            self.cells += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cells = max(0, self.cells - 1)
        if tag == "a" and self.open:
            attrs, text, in_cell = self.open.pop()
            self.links.append((attrs, " ".join(text.split()), in_cell))
            if self.open:
                self.open[-1][1] += text

    def handle_data(self, data):
        if self.open:
            self.open[-1][1] += data


def id_links(site_version: Path, known: dict[str, str]) -> list[IdLink]:
    """Every link on the built pages below ``site_version`` whose text is only an ID in ``known``."""
    out = []
    for path in sorted(site_version.rglob("*.html")):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        for attrs, text, in_cell in parser.links:
            classes = (attrs.get("class") or "").split()
            href = attrs.get("href") or ""
            if text not in known or any(c in THEME_CLASSES for c in classes) or _points_at(href) != text:
                continue
            label = " ".join((attrs.get("aria-label") or "").split())
            named = label.startswith(text + " ") and len(label) > len(text) + 1
            out.append(IdLink(path.relative_to(site_version).as_posix(), text, href, named, in_cell))
    return out


def _points_at(href: str) -> str:
    """What a link names by its URL: its anchor (``#TA-061``), else its last folder (``TA-061/``):
    a link whose text is an ID but that points elsewhere ('DIZRA', a term, not the norm) is not one."""
    path, _, anchor = href.partition("#")
    return unquote(anchor) if anchor else unquote(path.rstrip("/").rpartition("/")[2])


def family(page: str) -> str:
    """The page family of a built file: its path without the last folder (``afspraken/TA-061/index.html``
    -> ``afspraken``)."""
    return re.sub(r"(/[^/]+)?/index\.html$|\.html$", "", page) or "(home)"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tooling"))
    from stelsel.load.project import load_project

    root, site = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    known = names(load_project(root))
    links = id_links(site, known)
    bare = [link for link in links if not link.named]
    print(f"ID-only links: {len(bare)} (plus {len(links) - len(bare)} with the name as accessible name)")
    by_family = collections.Counter(family(link.page) for link in bare)
    examples: dict[str, list] = collections.defaultdict(list)
    for link in bare:
        if len(examples[family(link.page)]) < 3:
            examples[family(link.page)].append(f"{link.page}: {link.text} -> {link.href}")
    for name, count in by_family.most_common():
        print(f"{count:6} {name}\n         " + "\n         ".join(examples[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
