"""Where every item lives on the site, and links to it from any page.

The site puts many items on one page, each under an anchor equal to its ID; this index is
the single place that knows which page that is. Two forms of link come out of it:

- Markdown links (:meth:`LinkIndex.link`), relative to the page that contains them, to the
  ``.md`` source: mkdocs resolves and checks them in strict mode;
- HTML links (:meth:`LinkIndex.a`, from the ``a`` macro of templates/parts.html) for the HTML
  parts that carry the bulk of a page (see markup.py), and Markdown links to the same URLs in
  item prose, which Python-Markdown renders here (:meth:`LinkIndex.md_a`): they point at the
  built URL, computed as mkdocs computes it (:func:`page_url`, :func:`relative_url`). mkdocs
  does not see them, so the index records each (``written``) and the plugin checks them, page
  and anchor, as mkdocs checks its own (plugin.py, ``_check_html_links``).
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote

from markupsafe import Markup, escape

from .. import i18n
from ..load.references import WIKILINK
from .markup import H
from .text import esc, slug

# Kinds whose IDs read as codes (TA-001): headings show the ID with the title. Others show the title.
CODE_KINDS = frozenset({"agreement", "principle", "starting_point", "proposal"})


def link_text(kind: str, ident: str, title: str | None) -> str:
    """What a link to an item shows: its name, with the ID before it where the ID is a code a
    reader quotes ('TA-061 Beveiligingsnormen'). A proposal shows its title: its ID is a long
    slug of date and words ('CP-20210222-beveiligingseisen-gtk-dienstverlener'; the link's
    tooltip names it). A release shows its version ('0.8'): that is its name ('Versie 0.8')."""
    title = " ".join((title or "").split())
    if not title or kind == "release":
        return ident
    if kind == "proposal" or title.lower() == ident.lower():
        return title
    if kind in CODE_KINDS:
        return title if title.startswith(ident) else f"{ident} {title}"
    return title

# The page addresses are words of the framework's language (catalogue site_path: Twiin's afspraken/,
# voorstellen/ …; agreements/, proposals/ … in English); use_language picks them for the version being
# generated (pages.generate_site does), and the names below read the current ones.
HOME = "index.md"
GOVERNANCE = "governance.md"
RELEASES = "releases/index.md"
CHECKLISTS = "checklists/index.md"
DOWNLOADS = "downloads"  # files the builder renders (checklists, the release PDF), see pages.DownloadSpec


class Paths:
    """The site's page addresses in one language."""

    def __init__(self, language: str | None = None):
        t = i18n.messages(language)
        self.language = t.language
        self.words = t.mapping("site_path")
        self.kind_pages_words = t.mapping("site_path.kind_page")
        # One page per item per version, at <kind folder>/<ID>/ (outside the navigation, see plugin.py).
        self.kind_folders = dict(t.mapping("site_path.kind_folder"))
        w = self.words
        # Fixed pages, one per kind that is rendered many-to-a-page (principles and starting points: the basis).
        self.kind_pages = {kind: (f"{w['basis']}/{word}.md" if kind in ("principle", "starting_point") else f"{word}.md")
                           for kind, word in self.kind_pages_words.items()}
        self.agreements = f"{w['agreements']}/index.md"
        self.other_agreements = f"{w['agreements']}/{w['other']}.md"
        self.sources = f"{w['sources']}.md"
        self.proposals = f"{w['proposals']}/index.md"
        # Names below a kind folder that other pages use (an item with such an ID gets no page of its own).
        self.taken = frozenset({"index", w["layers"], w["roles"], w["use_cases"], w["other"]})
        self.calendar = f"{w['releases']}/{w['calendar']}.md"
        self.reports = f"{w['proposals']}/{w['reports']}/"
        self.feed_atom = f"{w['consultations']}.xml"
        self.feed_ics = f"{w['calendar']}.ics"


_PATHS = {"current": Paths()}  # the default language's until use_language says otherwise


def use_language(language: str | None) -> Paths:
    """Make the page addresses those of ``language`` (the framework config's) for what is generated next."""
    paths = _PATHS["current"]
    if paths.language != (language or i18n.DEFAULT):
        paths = _PATHS["current"] = Paths(language)
    return paths


def paths() -> Paths:
    return _PATHS["current"]


def all_kind_folders() -> set[str]:
    """The item-page folders of every language (to find item pages in a built site of any language)."""
    return {folder for language in i18n.languages() for folder in Paths(language).kind_folders.values()}


_CURRENT = {"KIND_PAGES": "kind_pages", "KIND_FOLDERS": "kind_folders", "TAKEN": "taken", "AGREEMENTS": "agreements",
            "SOURCES": "sources", "PROPOSALS": "proposals", "OTHER_AGREEMENTS": "other_agreements",
            "CALENDAR": "calendar", "REPORTS": "reports", "FEED_ATOM": "feed_atom", "FEED_ICS": "feed_ics"}


def __getattr__(name: str):
    """``KIND_PAGES``, ``AGREEMENTS`` … of the current language (see use_language)."""
    if name in _CURRENT:
        return getattr(_PATHS["current"], _CURRENT[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def decision_anchor(ident: str) -> str:
    """The anchor of a proposal's decision on its page (``CP-…-besluit`` in Dutch)."""
    return f"{ident}-{_PATHS['current'].words['decision']}"


def decision_urn(framework: str, ident: str) -> str:
    """The Atom entry ID of a proposal's decision: stable for as long as the language's word is."""
    return f"urn:stelsel:{framework}:{_PATHS['current'].words['decision']}:{ident}"


def item_page(kind: str, ident: str) -> str | None:
    """The page of one item (``afspraken/TA-061.md``), or None for a kind or ID without one."""
    current = _PATHS["current"]
    folder = current.kind_folders.get(kind)
    if folder is None or slug(ident) != ident or ident.lower() in current.taken:
        return None
    return f"{folder}/{ident}.md"


def layer_page(layer_id: str) -> str:
    w = _PATHS["current"].words
    return f"{w['agreements']}/{w['layers']}/{slug(layer_id)}.md"


def role_view_page(role_id: str) -> str:
    w = _PATHS["current"].words
    return f"{w['agreements']}/{w['roles']}/{slug(role_id)}.md"


def checklist_page(role_id: str) -> str:
    return f"checklists/{slug(role_id)}.md"


def checklist_download(role_id: str, version: str, fmt: str) -> str:
    return f"{DOWNLOADS}/checklist-{slug(role_id)}-{slug(version)}.{fmt}"


def release_pdf(framework_id: str | None, version: str) -> str:
    return f"{DOWNLOADS}/{slug(framework_id or i18n.messages(_PATHS['current'].language)('content_folder'))}-{slug(version)}.pdf"


def use_case_view_page(use_case_id: str) -> str:
    w = _PATHS["current"].words
    return f"{w['agreements']}/{w['use_cases']}/{slug(use_case_id)}.md"


def release_page(version: str) -> str:
    return f"releases/{slug(version)}.md"


def changes_page(label: str) -> str:
    return f"{_PATHS['current'].words['changes']}/{slug(label)}.md"


def proposals_page(target: str | None) -> str:
    w = _PATHS["current"].words
    return f"{w['proposals']}/{slug(target or w['no_release'])}.md"


def narrative_page(source_path: str) -> str:
    """A narrative page keeps its place below the content folder (so its figures resolve)."""
    rel = source_path.split("/", 1)[1] if "/" in source_path else source_path
    return rel


@functools.lru_cache(maxsize=1 << 16)  # the links of a site ask for each of its pages' URL many times
def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) mkdocs gives the file at ``path`` (``x/y.md`` -> ``x/y/``).
    Downloads are files, whatever their name (a checklist as Markdown is no page)."""
    if not path.endswith(".md") or path.startswith(DOWNLOADS + "/"):
        return quote(path)
    parent, name = posixpath.split(path[:-3])
    if name == "index" or not directory_urls:
        dest = posixpath.join(parent, name + ".html")
    else:
        dest = posixpath.join(parent, name, "index.html")
    dirname, filename = posixpath.split(dest)
    if directory_urls and filename == "index.html":
        dest = (dirname or ".") + "/"
    return quote(dest)


def _norm_parts(path: str) -> list[str]:
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (both site URLs): mkdocs.utils.get_relative_url."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts = _norm_parts(other)
    dest_parts = _norm_parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


@dataclass(frozen=True)
class Target:
    page: str
    anchor: str | None
    text: str  # what a link shows by default (link_text: 'TA-061 Beveiligingsnormen')
    title: str  # tooltip (the item's title)
    ident: str = ""  # the ID, for a table column that shows it bare (LinkIndex.id_a)


@dataclass
class LinkIndex:
    targets: dict[str, Target] = field(default_factory=dict)
    declared: dict[tuple[str, str], Target] = field(default_factory=dict)  # (kind, id) -> target
    directory_urls: bool = True
    _hrefs: dict = field(default_factory=dict, repr=False)  # (from page, to page) -> relative URL
    _links: dict = field(default_factory=dict, repr=False)  # (from page, target, text, fragment) -> <a>
    # page -> the URLs written on it as HTML (mkdocs does not check those; the plugin does)
    written: dict[str, set[str]] = field(default_factory=dict, repr=False)
    # Link text as HTML; the generator sets one that also marks glossary abbreviations.
    text_html: Callable[[str], Markup] = field(default=lambda value: escape(" ".join(str(value).split())), repr=False)

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

    # -- HTML ------------------------------------------------------------------------------

    def href(self, from_page: str, page: str, anchor: str | None = None) -> str:
        """The URL of ``page#anchor`` relative to ``from_page``, as mkdocs writes it in the built page."""
        if page == from_page and anchor:
            url = "#" + anchor
        else:
            key = (from_page, page)
            rel = self._hrefs.get(key)
            if rel is None:
                rel = self._hrefs[key] = relative_url(page_url(page, self.directory_urls),
                                                      page_url(from_page, self.directory_urls))
            url = rel + "#" + anchor if anchor else rel
        self.written.setdefault(from_page, set()).add(url)
        return url

    def a(self, from_page: str, ident: str, text: str | None = None, *, fragment: str | None = None) -> Markup:
        """An HTML link to item ``ident``, or its escaped ID when it is not on the site."""
        target = self.targets.get(ident)
        if target is None:
            return self.text_html(text or ident)
        return self._a(from_page, target, text, fragment)

    def id_a(self, from_page: str, ident: str) -> Markup:
        """An HTML link showing only the ID, for a table whose next column names the item (a
        name in the ID column would make it unreadable): its accessible name is the full
        link text ('TA-061 Beveiligingsnormen'), so a list of links still says what each is."""
        target = self.targets.get(ident)
        if target is None:
            return self.text_html(ident)
        if target.text == ident:
            return self._a(from_page, target, None, None)
        key = (from_page, target, ident, "#id")
        link = self._links.get(key)
        if link is None:
            link = self._links[key] = H.a(self._href(from_page, target, None), self.text_html(ident),
                                          title=target.title.replace('"', "'"), aria=_id_name(ident, target.text))
        return link

    def a_with_id(self, from_page: str, ident: str) -> Markup:
        """A link by name with the ID beside it where the name does not show it, for a proposal named
        as a record (a release's list, an item's history): 'Fax uitfaseren (WV-003)'."""
        link = self.a(from_page, ident)
        target = self.targets.get(ident)
        if target is None or target.text.startswith(ident):
            return link
        return link + Markup(" ({})").format(self.text_html(ident))

    def id_link(self, from_page: str, ident: str) -> str:
        """:meth:`id_a` as a Markdown link (attr_list gives it its accessible name)."""
        target = self.targets.get(ident)
        if target is None:
            return esc(ident)
        link = self._md(from_page, target, ident, None)
        return link if target.text == ident else link + '{ aria-label="' + _id_name(ident, target.text).replace('"', "'") + '" }'

    def a_declared(self, from_page: str, kind: str, ident: str, text: str | None = None) -> Markup:
        target = self.declared.get((kind, ident))
        if target is None:
            return self.text_html(text or ident)
        return self._a(from_page, target, text, None)

    def page_a(self, from_page: str, page: str, text: str, anchor: str | None = None, *, cls: str = "",
               download: str = "") -> Markup:
        """An HTML link to a page or a download (``cls``: its class, ``download``: its file name)."""
        return H.a(self.href(from_page, page, anchor), self.text_html(text), cls=cls, download=download)

    def md_a(self, from_page: str, ident: str, text: str | None = None, *, fragment: str | None = None) -> str:
        """A Markdown link to the built URL of item ``ident`` (for prose rendered here, not by mkdocs),
        or its escaped ID when it is not on the site."""
        target = self.targets.get(ident)
        if target is None:
            return esc(text or ident)
        return self._md(from_page, target, text, fragment, url=self._href(from_page, target, fragment))

    def _href(self, from_page: str, target: Target, fragment: str | None) -> str:
        if fragment:
            href = self.href(from_page, target.page, None) if target.page != from_page else ""
            return href + fragment
        return self.href(from_page, target.page, target.anchor)

    def _a(self, from_page: str, target: Target, text: str | None, fragment: str | None) -> Markup:
        # The same few targets (roles, layers, releases) are linked from every item of a page.
        key = (from_page, target, text, fragment)
        link = self._links.get(key)
        if link is None:
            label = self.text_html(text if text is not None else target.text)
            link = self._links[key] = H.a(self._href(from_page, target, fragment), label,
                                          title=target.title.replace('"', "'"))
        return link

    def _md(self, from_page: str, target: Target, text: str | None, fragment: str | None,
            url: str | None = None) -> str:
        if url is None:
            url = self.url(from_page, target)
            if fragment:
                url = url.split("#", 1)[0] + fragment
        label = esc(text if text is not None else target.text)
        return f'[{label}]({url} "{md_title(target.title)}")' if target.title else f"[{label}]({url})"


def _id_name(ident: str, text: str) -> str:
    """The accessible name of a link showing only ``ident``: it starts with what it shows (WCAG 2.5.3)."""
    text = " ".join(text.split())
    return text if text.startswith(ident + " ") else f"{ident} {text}"


def md_title(title: str) -> str:
    """A link title for Markdown: Python-Markdown misreads a title with quotes and parentheses
    ("Beveiliging (zie 'NEN') en meer"), so those are written as entities (the page shows them)."""
    return (" ".join(title.split()).replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
            .replace("(", "&#40;").replace(")", "&#41;"))


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
