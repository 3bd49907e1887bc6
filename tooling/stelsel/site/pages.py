"""The site's pages as a pure function of the model: ``Project -> {path: Markdown}``.

Nothing here knows about mkdocs: the plugin (``plugin.py``) only hands these pages to the
site builder. That keeps the generator testable on its own and portable to another builder
that reads mkdocs.yml (mkdocs-material reaches end of life in May 2027; Zensical follows).

Layout: many items per page, each under an anchor equal to its ID (``{#TA-001}``), so the
page count stays moderate (the theme's navigation dominates build time) and a link to any
item is ``page#ID``. Agreements are shown by layer (their canonical place), by role and by
use case; the views are excluded from search so a search finds each agreement once.

A page is Markdown for its frame (title, banner, headings, short introductions) with HTML
parts in place for the bulk: each item's text, facts and links, and the tables, written by
the templates (see markup.py). The links in those parts point at built URLs; the pages
record them (``GeneratedSite.html_links``) for the plugin to check.

Files to download (each role's checklist as XLSX, CSV and Markdown, the release PDF) are
linked and declared here (``GeneratedSite.downloads``) but rendered by the builder
(``downloads.py``, from the plugin): nothing here writes a file.

The page families live in their own modules (home, agreements, checklists, catalog,
history); this one holds the options, the result, the link index and what they share.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from markupsafe import Markup, escape

from ..safehtml import safe_url
from ..model.status import RELEASED_STATUSES
from ..vocabulary import WITHDRAWN
from . import links as L
from .agreements import AgreementPages
from .catalog import CatalogPages
from .checklists import ChecklistPages
from .consultation import ConsultationPages
from .config import MARKDOWN_EXTENSIONS
from .history import HistoryPages
from .data import DataFiles
from .families import Families
from .home import HomePages
from .items import ItemPages
from .role_pages import RoleChangePages
from .deferred import DEFERRED, DeferringIndex
from .html_parts import heading_permalink, html_part
from .links import Problem, Target, resolve_wikilinks
from .markup import H, Abbreviations, Prose, join, plain_html, unwrap
from .shared import (  # noqa: F401 - the generator's public names live here
    CHECKLIST_FORMATS,
    RELEASE_PDF,
    WORKING_VERSION,
    DownloadSpec,
    natural,
)
from .shared import basis as _basis
from .shared import line as _line
from .shared import status as _status
from .shared import front_matter
from .text import BASIS_ADMONITIONS, date_words, esc, plain, search_variants, version_key


@dataclass
class SiteOptions:
    """What the generator needs besides the model of the version it renders."""

    version: str = WORKING_VERSION  # label of this site version: 'concept' or a release ('0.8')
    frozen: bool = False  # a frozen release (no edit links; its own status decides the banners)
    history: Sequence[tuple[str, Any]] = ()  # earlier frozen releases (label, Project), oldest first
    edit_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/ ; None: no edit links
    source_prefix: str = ""  # where the project root sits in the repository (e.g. 'releases/0.8/')
    consultation_states: tuple[str, ...] = ("consultatie",)
    # None: the pages link the release PDF (declared in GeneratedSite.downloads; the builder makes
    # it). A text: why this build has no PDF, shown instead of the link (never a broken link).
    pdf_note: str | None = None
    # How the builder renders Markdown, so item prose rendered here comes out the same:
    directory_urls: bool = True  # mkdocs' use_directory_urls (x.md -> x/)
    markdown_extensions: Sequence = tuple(MARKDOWN_EXTENSIONS)
    markdown_configs: dict = field(default_factory=dict)
    # The working tree's release register, the current word on every release (its status and
    # date): a frozen version shows what became of itself and of the releases around it.
    current_releases: dict = field(default_factory=dict)  # release ID -> its register model
    today: Any = None  # the day open consultations and the feeds speak of (None: today)
    validity: Any = None  # the working tree's validity policy (its config), the current word; None: this version's
    beside: bool = False  # some pages made in forked children (families.py): only a process without threads
    # (project, *what checklists.declare_downloads returned for it, this version and PDF), if the builder has it
    # already; used only for that very project (serve generates again with these options for a new one).
    declared: tuple | None = None


@dataclass
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)  # site path -> Markdown (with its HTML parts)
    html_links: dict[str, set[str]] = field(default_factory=dict)  # site path -> URLs its HTML parts link
    nav: list = field(default_factory=list)
    abbreviations: str = ""
    assets: dict[str, str] = field(default_factory=dict)  # site path -> absolute source path
    downloads: dict[str, DownloadSpec] = field(default_factory=dict)  # site path -> what to render there
    problems: list[Problem] = field(default_factory=list)
    targets: dict[str, str] = field(default_factory=dict)  # item ID -> the site path of the page that shows it
    not_in_nav: set[str] = field(default_factory=set)  # pages outside the navigation (one per item)
    item_docs: dict[str, Any] = field(default_factory=dict)  # site path -> items.ItemDoc (the item pages)
    files: dict[str, str] = field(default_factory=dict)  # site path -> text of a file for machines (data.py)
    title: str = ""  # the framework's title (run() sets it)
    copyright: str = ""


RELEASED = RELEASED_STATUSES  # register statuses of a release that was released
# The texts of an item whose codes search should find written together too ('NEN 7510' as NEN7510).
SEARCHED = ("statement", "definition", "description", "function", "evidence", "rationale")


def generate_pages(project, options: SiteOptions | None = None) -> dict[str, str]:
    """The Markdown of every page of one site version, keyed by its path in the site."""
    return dict(generate_site(project, options).pages)


def generate_site(project, options: SiteOptions | None = None) -> GeneratedSite:
    """Pages, navigation, glossary abbreviations and figures of one site version."""
    return _Generator(project, options or SiteOptions()).run()


# --- helpers ---------------------------------------------------------------------------

_RAW_LINK = re.compile(r"\]\(([^)\s]+)(\s+\"[^\"]*\"\)|\))")
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|#|/)", re.I)
# An ID that attr_list, toc and the templates write alike in an id="" (and in the permalink's href).
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")


class _Where:
    """Where a text comes from, for a problem report: its file, and its line, worked out only
    when asked (a position costs a look into the file's YAML)."""

    __slots__ = ("_g", "_item", "_loc", "_line")

    def __init__(self, generator, item, loc: tuple):
        self._g, self._item, self._loc, self._line = generator, item, loc, None

    @property
    def source(self) -> str:
        if self._item is not None:
            return self._g._source(self._item)
        return self._g._config_source() or "<generated>"

    @property
    def current(self) -> bool:
        """Whether the text is this version's own (an earlier release's record may name items
        this version no longer has: those links are text, not a problem)."""
        return self._item is None or id(self._item) not in self._g.source_prefixes

    @property
    def line(self) -> int:
        if self._line is None:
            self._line = _line(self._item, self._loc) if self._item is not None else 1
        return self._line


class _Generator(Families, HomePages, AgreementPages, ChecklistPages, CatalogPages, HistoryPages, RoleChangePages,
                 ItemPages, DataFiles, ConsultationPages):
    def __init__(self, project, options: SiteOptions):
        self.p = project
        self.o = options
        self.cfg = project.config
        L.use_language(getattr(self.cfg, "language", None))  # its page addresses are words of its language
        self.gov = project.governance
        self.index = DeferringIndex(directory_urls=options.directory_urls)
        self._bodies: dict = {}  # (agreement ID, compact, on its own page) -> its body with deferred links
        self._own = None  # the item whose own page a deferred body is for
        self._fields: dict = {}  # id(field change) -> (it, its HTML with deferred links)
        self.problems: list[Problem] = []
        self.pages: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.raw_links: list[tuple[str, str, int, str]] = []
        self.nav: list = []
        self.releases = sorted(project.items("release"), key=lambda r: version_key(r.id))
        self.frozen_labels = [label for label, _ in options.history]
        self.source_prefixes: dict[int, str] = {}  # id(item) -> where a history item's file sits
        self.diffs: list = []  # (old label, new label, ProjectDiff, new project) per change page
        self.item_pages: set[str] = set()  # one page per item: outside the navigation
        self.item_docs: dict[str, Any] = {}  # the item pages in parts (items.ItemDoc)
        self.proposals = self._known_proposals()
        self.proposals_by_item: dict[str, list] = {}
        for proposal in self.proposals:
            for change in getattr(proposal.model, "changes", []) or []:
                self.proposals_by_item.setdefault(change.item, []).append(proposal)
        self.people = {p.id: p for p in (self.gov.people if self.gov else [])}
        self.bodies = {b.id: b for b in (self.gov.bodies if self.gov else [])}
        self.states = {s.id: s for s in (self.gov.workflow.states if self.gov else [])}
        self.levels = {lv.id: lv for lv in (self.cfg.levels if self.cfg else [])}
        self.layers = sorted(self.cfg.layers, key=lambda lay: (lay.order, lay.id)) if self.cfg else []
        self.layer_ids = {lay.id for lay in self.layers}
        self.downloads: dict[str, DownloadSpec] = {}
        self.checklists: dict[str, Any] = {}  # role ID -> qualify Checklist, for roles with agreements
        self.agreements = sorted(project.items("agreement"), key=lambda i: natural(i.id))
        self.agreements_by_role: dict[str, list] = {}  # role ID -> the agreements applying to it, in ID order
        for item in self.agreements:
            for role_id in dict.fromkeys(item.model.applies_to or []):
                self.agreements_by_role.setdefault(role_id, []).append(item)
        self.abbr = Abbreviations(self._glossary_abbreviations())
        self.index.text_html = self.t
        self.md = Prose(self.abbr, options.markdown_extensions, options.markdown_configs)
        # Items' headings go in their HTML parts where the extensions make of them what the templates write.
        self.permalink_title = heading_permalink(options.markdown_extensions, options.markdown_configs)

    def agreement_body(self, path: str, item, *, compact: bool = False) -> Markup:
        """An agreement's body (agreements.py), rendered once for every page that shows it alike."""
        own = path == L.item_page(item.kind, item.id)
        key = (item.id, compact, own)
        body = self._bodies.get(key)
        if body is None:
            self._own = item.id if own else None
            try:
                body = self._bodies[key] = AgreementPages.agreement_body(self, DEFERRED, item, compact=compact)
            finally:
                self._own = None
        return self.index.resolve(body, path)

    def _field_change(self, f, path: str) -> Markup:
        """A changed field (history.py), rendered once for the change page and every role's change page."""
        done = self._fields.get(id(f))
        if done is None or done[0] is not f:
            done = self._fields[id(f)] = (f, HistoryPages._field_change(self, f, DEFERRED))
        return self.index.resolve(done[1], path)

    def _known_proposals(self) -> list:
        """Every proposal this version knows: its own, and those the earlier frozen releases
        recorded (``releases/<v>/changes/``), the newest record of each, sorted by ID."""
        found: dict[str, Any] = {}
        for label, project in self.o.history:
            for proposal in project.items("proposal"):
                found[proposal.id] = proposal
                self.source_prefixes[id(proposal)] = f"releases/{label}/"
        for proposal in self.p.items("proposal"):
            found[proposal.id] = proposal
        return sorted(found.values(), key=lambda p: natural(p.id))

    # -- orchestration -------------------------------------------------------------------

    def run(self) -> GeneratedSite:
        self._build_index()
        self._declare_downloads()
        self._make_families()  # some beside the others in forked children (families.py)
        assets = self._assets()
        self._check_raw_links({**assets, **self.downloads})
        # A text shown twice (on its kind's page and on the item's own) is one problem.
        self.problems = list({str(problem): problem for problem in self.problems}.values())
        site = GeneratedSite(pages=self.pages, html_links=self.index.written, nav=self._navigation(),
                             abbreviations=self._abbreviations(), assets=assets, downloads=dict(self.downloads),
                             problems=self.problems, not_in_nav=set(self.item_pages), files={**self._data_files(), **self.feed_files()},
                             targets={ident: target.page for ident, target in self.index.targets.items()},
                             item_docs=self.item_docs)
        if self.cfg is not None:
            site.title = self.cfg.title
            site.copyright = self._copyright()
        else:
            site.title = self.ui("site.home.framework")
        return site

    @property
    def working_release(self) -> str | None:
        return self.cfg.working_release if self.cfg else None

    @property
    def target_release(self) -> str | None:
        return self.o.version if self.o.frozen else self.working_release

    # -- the link index ------------------------------------------------------------------

    def _agreement_page(self, item) -> str:
        for layer in getattr(item.model, "layers", []) or []:
            if layer in self.layer_ids:
                return L.layer_page(layer)
        return L.OTHER_AGREEMENTS

    def _build_index(self) -> None:
        idx = self.index
        for kind, page in L.KIND_PAGES.items():
            for item in self.p.items(kind):
                text = L.link_text(kind, item.id, item.model.title)
                idx.add(item.id, Target(page, item.id, text, item.model.title, item.id))
        for item in self.p.items("agreement"):
            text = L.link_text("agreement", item.id, item.model.title)
            idx.add(item.id, Target(self._agreement_page(item), item.id, text, item.model.title, item.id))
        for item in self.p.items("page"):
            idx.add(item.id, Target(L.narrative_page(item.file.path), None, item.model.title, item.model.title))
        for item in self.p.items("release"):
            idx.add(item.id, Target(L.release_page(item.id), None, item.id, item.model.title, item.id))
        for item in self.proposals:
            page = L.proposals_page(getattr(item.model, "target_release", None))
            text = L.link_text("proposal", item.id, item.model.title)
            idx.add(item.id, Target(page, item.id, text, item.model.title, item.id))
        if self.cfg is not None:
            for layer in self.layers:
                idx.declared[("layer", layer.id)] = Target(L.layer_page(layer.id), None, layer.title, layer.title)
            for source in self.cfg.sources:
                idx.declared[("source", source.id)] = Target(L.SOURCES, f"bron-{source.id}", source.title, source.title)
            for norm in self.cfg.norms:
                idx.declared[("norm", norm.id)] = Target(L.SOURCES, f"norm-{norm.id}", norm.title, norm.title)
        for body in self.bodies.values():
            idx.declared[("body", body.id)] = Target(L.GOVERNANCE, f"orgaan-{body.id}", body.title, body.title)

    # -- prose ---------------------------------------------------------------------------

    def prose(self, text: str | None, page: str, item=None, loc: tuple = (), *, inline: bool = False) -> str:
        """HTML of an item's Markdown prose on ``page``: [[ID]] links resolved, and relative
        links (written relative to the content folder) pointing at their place on the site.
        ``inline``: a single paragraph without its ``<p>`` (for a table cell or a list item)."""
        if not text:
            return ""
        where = _Where(self, item, loc)
        if "](" in text:
            text = self._relink(text, page, where.source, where.line, html=True)
        if "[[" in text:
            source = text

            def link(match: re.Match) -> str:
                return self._wikilink(match, source, page, where)

            text = L.WIKILINK.sub(link, text)
        html = self.md.render(text)
        return unwrap(html) if inline else html

    def _wikilink(self, match: re.Match, text: str, page: str, where: "_Where") -> str:
        """A Markdown link to the built URL of ``[[ID]]`` (this prose is rendered here, not by mkdocs)."""
        ident, fragment, label = match.group(1), match.group(2), match.group(3)
        if ident not in self.index.targets and where.current:
            at = where.line + text.count("\n", 0, match.start())
            self.problems.append(Problem(where.source, at,
                                         f"link to unknown item '[[{ident}]]' (no page on the site shows it)"))
        return self.index.md_a(page, ident, label, fragment=fragment)

    def prose_md(self, text: str | None, page: str, item=None, loc: tuple = ()) -> str:
        """Markdown prose on a Markdown part of ``page`` (links to ``.md`` sources, checked by mkdocs)."""
        if not text:
            return ""
        where = _Where(self, item, loc)
        if "](" in text:
            text = self._relink(text, page, where.source, where.line)
        return resolve_wikilinks(text, self.index, page, source=where.source, line=where.line,
                                 problems=self.problems).strip()

    def _relink(self, text: str, page: str, source: str, line: int, html: bool = False) -> str:
        def replace(match: re.Match) -> str:
            target = match.group(1)
            if _EXTERNAL.match(target) or not safe_url(target):  # an unsafe target: safehtml drops it
                return match.group(0)
            path, _, anchor = target.partition("#")
            path = posixpath.normpath(path)
            at = line + text.count("\n", 0, match.start())
            self.raw_links.append((path, source, at, target))
            if html:  # the built URL: this Markdown is rendered here, not by mkdocs
                return "](" + self.index.href(page, path, anchor or None) + match.group(2)
            rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
            return "](" + rel + (f"#{anchor}" if anchor else "") + match.group(2)

        return _RAW_LINK.sub(replace, text)

    def _check_raw_links(self, assets: dict) -> None:
        for path, source, line, target in self.raw_links:
            if path not in self.pages and path not in assets:
                self.problems.append(Problem(source, line, f"link '{target}' points at nothing on the site "
                                             "(links in item text are relative to the content folder)"))

    def _source(self, item) -> str:
        return self.source_prefixes.get(id(item), self.o.source_prefix) + item.file.path

    def _config_source(self) -> str | None:
        return self.o.source_prefix + self.p.config_file.path if self.p.config_file is not None else None

    # -- shared rendering (HTML) ---------------------------------------------------------

    def t(self, value: Any) -> Markup:
        """Text as HTML: whitespace collapsed, escaped, glossary abbreviations marked."""
        if value is None:
            return Markup()
        return self.abbr.html(" ".join(str(value).split()))

    def day(self, value: Any) -> str:
        """A date in words in the framework's language ('15 januari 2027'); text passes through."""
        return date_words(value, self.ui)

    def block(self, html: str) -> str:
        """An HTML part of a page, marked for Python-Markdown to store as it is (html_parts.py)."""
        return html_part(str(html))  # str: the page around it is Markdown, not Markup

    def links(self, page: str, ids: Iterable[str]) -> Markup:
        """Links to items, each named (links.link_text: 'TA-061 Beveiligingsnormen')."""
        return join(", ", (self.index.a(page, i) for i in ids))

    def named_a(self, page: str, ident: str) -> Markup:
        """A link to an item by its name with its ID (links.link_text)."""
        return self.index.a(page, ident)

    def declared_links(self, page: str, kind: str, ids: Iterable[str]) -> Markup:
        """Links to what the config declares, by title (a source too, never its ID or file)."""
        return join(", ", (self.index.a_declared(page, kind, i) for i in ids))

    def person(self, ident: str | None) -> Markup:
        if not ident:
            return Markup()
        person = self.people.get(ident)
        if person is None:
            return self.t(ident)
        text = Markup("{} ({})").format(self.t(person.name), self.t(person.organisation))
        return text + (Markup(" ") + H.em(self.ui("site.facts.example_person")) if getattr(person, "example", False) else "")

    def body(self, page: str, ident: str | None) -> Markup:
        return self.index.a_declared(page, "body", ident) if ident else Markup()

    def state(self, ident: str | None) -> str:
        state = self.states.get(ident or "")
        return state.title if state is not None else (ident or "")

    def edit_link(self, item) -> Markup:
        if not self.o.edit_base or self.o.frozen:
            return Markup()
        source = self._source(item)
        return H.a(self.o.edit_base + source, self.t(source), title=self.ui("site.facts.edit_title"), cls="stelsel-edit")

    def heading(self, level: int, item, text: str | None = None) -> str:
        """An item's heading: Markdown (the table of contents, permalinks and search use it)."""
        classes = ".stelsel-item" + (" .stelsel-withdrawn" if _status(item) == WITHDRAWN else "")
        return f"{'#' * level} {esc(self._heading_label(item, text))} {{#{item.id} {classes}}}\n"

    def part_heading(self, level: int, item) -> Markup | None:
        """The same heading as HTML to put in the item's HTML part, as Python-Markdown writes it (the
        table of contents lists it all the same: html_parts.py); None where that cannot be done."""
        if self.permalink_title is None or level < 2 or not _PLAIN_ID.fullmatch(item.id):
            return None
        text = plain_html(" ".join(self._heading_label(item).split()), self.abbr)
        if text is None or "\n" in text:
            return None
        classes = "stelsel-item" + (" stelsel-withdrawn" if _status(item) == WITHDRAWN else "")
        return H.part_heading(level, classes, item.id, Markup(text[len("<p>"):-len("</p>")]), self.permalink_title)

    @staticmethod
    def _heading_label(item, text: str | None = None) -> str:
        return text if text is not None else f"{item.id} · {item.model.title}" if item.kind in L.CODE_KINDS \
            else item.model.title

    def basis_block(self, item, page: str) -> str:
        basis = _basis(item.model)
        if basis == "source":
            return ""
        note = getattr(item.model, "basis_note", None)
        explanations = self.ui.mapping("basis_explanation")
        parts = [H.p(self.t(explanations[basis]))] if explanations.get(basis) else []
        if note:
            parts.append(self.prose(note, page, item, ("basis_note",)))
        return self.admonition(BASIS_ADMONITIONS.get(basis, "note"), self.ui.mapping("basis").get(basis, basis),
                               join("\n", parts))

    def admonition(self, kind: str, title: str, body: Markup) -> Markup:
        """What ``!!! kind "title"`` renders to (text.admonition writes the title with ' for ")."""
        return H.admonition(kind, self.t(title.replace('"', "'")), body)

    def details(self, kind: str, title: str, body: Markup) -> Markup:
        """What ``??? kind "title"`` (pymdownx.details) renders to."""
        return H.details(kind, self.t(title.replace('"', "'")), body)

    def actors(self, actors) -> Markup:
        out = []
        for actor in actors or []:
            text = self.t(actor.name)
            basis = _basis(actor)
            if basis != "source":
                label = self.t(self.ui.mapping("basis").get(basis, basis).lower())
                text += Markup(" ({}: {})").format(label, self.t(plain(actor.note))) if actor.note \
                    else Markup(" ({})").format(label)
            out.append(text)
        return join("; ", out)

    def proposals_line(self, page: str, item_id: str) -> Markup:
        out = []
        for proposal in self.proposals_by_item.get(item_id, []):
            model = proposal.model
            bits = [self.state(model.status)]
            if getattr(model, "target_release", None):
                bits.append(self.ui("site.facts.release", version=model.target_release))
            out.append(Markup("{} ({})").format(self.index.a(page, proposal.id), self.t(", ".join(bits))))
        return join(", ", out)

    def meta(self, rows: Iterable[tuple[str, str]]) -> Markup:
        """Facts as a list of 'label: value' (values are HTML)."""
        return H.meta([(self.t(label), value) for label, value in rows if value])

    def meta_md(self, rows: Iterable[tuple[str, str]]) -> str:
        """The same in Markdown, for the Markdown part of a page (values are Markdown)."""
        lines = [f"- **{label}:** {value}" for label, value in rows if value]
        return ("\n".join(lines) + "\n") if lines else ""

    def common_rows(self, item, page: str) -> list[tuple[str, str]]:
        model = item.model
        facts = self.ui.mapping("site.facts")
        rows = []
        if getattr(model, "since", None):
            rows.append((facts["since"], self.index.a(page, model.since)))
        if getattr(model, "until", None):
            rows.append((facts["until"], self.index.a(page, model.until)))
        if getattr(model, "related", None):
            rows.append((facts["related"], self.links(page, model.related)))
        if getattr(model, "sources", None):
            rows.append((facts["sources"], self.declared_links(page, "source", model.sources)))
        rows.append((facts["proposals"], self.proposals_line(page, item.id)))
        own = L.item_page(item.kind, item.id)
        if own is not None and own != page and not (page == DEFERRED and self._own == item.id):
            rows.append((facts["own_page"], self.index.page_a(page, own, self.index.targets[item.id].text
                                                             if item.id in self.index.targets else item.id)))
        rows.append((facts["edit"], self.edit_link(item)))
        return rows

    def chip(self, text: str, css: str = "") -> Markup:
        """A label (glossary abbreviations marked)."""
        return H.chip(self.abbr.html(str(text)), css)

    def badge(self, status: str | None) -> Markup:
        """An item's status, as :meth:`chip` is."""
        if not status:
            return Markup()
        return H.badge(status, self.abbr.html(self.ui.mapping("status").get(status, status)))

    def status_line(self, item, *extra: Markup) -> Markup:
        """An item's status and labels, with the spellings search should also find (hidden)."""
        line = H.p(join(" ", (p for p in (self.badge(_status(item)), *extra) if p)))
        m = item.model
        terms = search_variants(item.id, m.title, *(getattr(m, name, None) for name in SEARCHED))
        return line + Markup("\n") + H.search_terms(terms) if terms else line

    def item_block(self, *parts: Markup) -> str:
        """An item's body (everything below its heading) as one HTML part."""
        return self.block(join("\n", (p for p in parts if p)))

    def page(self, path: str, title: str, body: str, *, source: str | None = None, search: bool = True,
             description: str | None = None, hide_toc: bool = False, boost: float | None = None) -> None:
        meta: dict[str, Any] = {"title": str(escape(title))}  # the theme writes page titles unescaped
        if hide_toc:
            meta["hide"] = ["toc"]
        if source:
            meta["stelsel_source"] = source
        if description:
            meta["description"] = str(escape(description))
        if not search:
            meta["search"] = {"exclude": True}
        elif boost is not None:  # material's search ranks the page's sections by this factor
            meta["search"] = {"boost": boost}
        self.pages[path] = front_matter(meta) + body.rstrip() + "\n"
        self.titles[path] = title

    def _release_entry(self, version: str | None):
        return self.p.by_kind.get("release", {}).get(version or "")

    # -- releases: the current word on each ---------------------------------------------

    def _release_model(self, version: str):
        """The register entry of ``version``: the working tree's (the current word), else this version's."""
        current = self.o.current_releases.get(version)
        if current is not None:
            return current
        entry = self._release_entry(version)
        return entry.model if entry is not None else None

    def release_released(self, version: str) -> bool:
        """Frozen, or decided or published in the register."""
        if version in self.frozen_labels or (self.o.frozen and version == self.o.version):
            return True
        model = self._release_model(version)
        return model is not None and getattr(model, "status", None) in RELEASED

    def release_skipped(self, version: str) -> bool:
        """Never released while a later release was: shown as skipped, never as a previous release."""
        if self.release_released(version):
            return False
        later = [r.id for r in self.releases if version_key(r.id) > version_key(version)] + self.frozen_labels
        return any(version_key(v) > version_key(version) and self.release_released(v) for v in later)

    def release_status(self, version: str) -> str:
        """The status word of a release, the same on every page of every version."""
        if self.release_skipped(version):
            return self.ui("release_skipped")
        model = self._release_model(version)
        status = getattr(model, "status", None) if model is not None else None
        return self.ui.mapping("release_status").get(status, status or "")

    def release_date(self, version: str):
        model = self._release_model(version)
        return getattr(model, "date", None) if model is not None else None

    def previous_release(self, version: str) -> str | None:
        """The newest release before ``version`` that was released (a skipped one is passed over)."""
        before = [r.id for r in self.releases if version_key(r.id) < version_key(version)]
        before += [v for v in self.frozen_labels if version_key(v) < version_key(version) and v not in before]
        released = sorted((v for v in before if self.release_released(v)), key=version_key)
        return released[-1] if released else None
