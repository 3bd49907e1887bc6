"""Findings about Markdown links the site cannot resolve (code C012)."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from typing import Iterable
from urllib.parse import unquote, urlsplit

from .. import codes
from ..diagnostics import Diagnostic
from ..load.tree import ASSET_SUFFIXES
from .base import Rule
from .content import markdown_texts

# Cheap first test: no Markdown link or image, nothing to parse.
_MAYBE_LINK = re.compile(r"\]\(|\]:")


def link_targets(text: str) -> tuple[list[str], set[str]]:
    """The targets of the Markdown links and images of ``text`` as Python-Markdown reads them (not those in code),
    and the IDs its elements get (its headings', by the site's ``toc``; its footnotes'). Raw HTML is left out: the
    site build does not check the links inside it (RawHtml reports what the site does with it)."""
    md, collect = _markdown()
    md.reset()
    md.convert(text)
    return collect.targets, collect.ids


class _Collect:
    """Run as the last tree processor: the links and IDs of the converted text."""

    def __init__(self):
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def run(self, root) -> None:
        self.targets = [element.get(attr) for element in root.iter() for tag, attr in (("a", "href"), ("img", "src"))
                        if element.tag == tag and element.get(attr) is not None]
        self.ids = {element.get("id") for element in root.iter() if element.get("id")}


@functools.lru_cache(maxsize=1)
def _markdown():
    """One converter for the run (making one costs more than converting a text), and its collector."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "fenced_code", "def_list", "footnotes",
                                       "toc"])
    collect = _Collect()

    class CollectLinks(Treeprocessor):
        def run(self, root):
            collect.run(root)

    md.treeprocessors.register(CollectLinks(md), "stelsel_collect_links", 0)
    return md, collect


def _resolvable(target: str) -> bool:
    """A full URL (a scheme: https:, mailto:, tel:) or a link to another site (//host): nothing to resolve here."""
    target = html.unescape(target).strip()  # '&#106;avascript:' is 'javascript:' to a browser (RawHtml's finding)
    return bool(urlsplit(target).scheme) or target.startswith("//")


def _figure(sf, loc, target: str) -> str | None:
    """The project path of the figure a page's body links by a relative path (``figures/x.png``), else None."""
    path = unquote(target.partition("#")[0].split("?", 1)[0])
    if loc is not None or sf.kind != "page" or not path or path.startswith("/") \
            or posixpath.splitext(path)[1].lower() not in ASSET_SUFFIXES:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(sf.path), path))


class UnresolvableLink(Rule):
    """A Markdown link points at a place on the site by a path: the site cannot resolve it.

    The site's pages are generated from the content (an agreement shows on its own page, its
    layer's page and its roles' pages; a proposal on its release's page), so a relative link
    (``../elsewhere/``, ``TA-002.yaml``), a site path (``/agreements/``) or an anchor
    (``#missing``) in an agreement, a proposal or a prose field points somewhere else on
    each page that shows it; the site build, which checks its links, stops on one that leads
    nowhere. An anchor the text makes itself (a heading's, a footnote's) is fine, and a page
    may link to a figure next to it (``figures/schema.png``). Fix: refer to an item with
    ``[[ID]]`` (its page and anchor), to anything else with a full URL (``https://…``); link
    a page's figure by its path from the page's folder.
    """

    finding = codes.UNRESOLVABLE_LINK

    def check(self, project) -> Iterable[Diagnostic]:
        for sf, loc, text in markdown_texts(project):
            if not _MAYBE_LINK.search(text):
                continue
            targets, ids = link_targets(text)
            for target in dict.fromkeys(t for t in targets if not _resolvable(t)):
                if not self._allowed(project, sf, loc, target, ids):
                    yield self._finding(project, sf, loc, text, target)

    @staticmethod
    def _allowed(project, sf, loc, target: str, ids: set[str]) -> bool:
        """An anchor the text itself makes (a heading's, a footnote's), or a page's body linking a figure next to it."""
        path, _, fragment = target.partition("#")
        if not path:
            return unquote(fragment) in ids
        figure = _figure(sf, loc, target)
        return figure is not None and figure.startswith(sf.path.split("/", 1)[0] + "/") \
            and (project.root / figure).is_file()

    def _finding(self, project, sf, loc, text: str, target: str) -> Diagnostic:
        at = max(text.find(target), 0)
        if loc is None:
            line, col, where = sf.body_line + text.count("\n", 0, at), at - text.rfind("\n", 0, at), "the text"
        else:
            (line, col), where = sf.position_in_value(project.root, loc, target), ".".join(map(str, loc))
        if _figure(sf, loc, target) is not None:
            message = f"a link to the figure '{target}' in {where}, but no such file lies next to the page"
        else:
            kind = "an anchor" if target.startswith("#") else "a site path" if target.startswith("/") \
                else "a relative link"
            message = f"{kind} '{target}' in {where}: the site's pages are generated, so it leads nowhere"
        return self.at(sf.path, line, col, message + " (the site build stops on it)",
                       hint="refer to an item with [[ID]], to anything else with a full URL (https://...); a page may "
                            "link a figure next to it (figures/x.png) and its own headings (#a-heading)")
