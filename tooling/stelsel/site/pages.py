"""The site's pages as a pure function of the model: ``Project -> {path: Markdown}``.

Nothing here knows about mkdocs: the plugin (``plugin.py``) only hands these pages to the
site builder. That keeps the generator testable on its own and portable to another builder
that reads mkdocs.yml (mkdocs-material reaches end of life in May 2027; Zensical follows).

Layout: many items per page, each under an anchor equal to its ID (``{#TA-001}``), so the
page count stays moderate (the theme's navigation dominates build time) and a link to any
item is ``page#ID``. Agreements are shown by layer (their canonical place), by role and by
use case; the views are excluded from search so a search finds each agreement once.

Files to download (each role's checklist as XLSX, CSV and Markdown, the release PDF) are
linked and declared here (``GeneratedSite.downloads``) but rendered by the builder
(``downloads.py``, from the plugin): nothing here writes a file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import links as L
from .links import LinkIndex, Problem, Target, resolve_wikilinks
from .text import (
    ACTION_LABELS,
    BASIS_ADMONITIONS,
    BASIS_EXPLANATIONS,
    BASIS_LABELS,
    FIELD_LABELS,
    RELEASE_STATUS_LABELS,
    admonition,
    badge,
    cell,
    chip,
    date_nl,
    esc,
    front_matter,
    h,
    indent,
    join_nl,
    plain,
    version_key,
)

WORKING_VERSION = "concept"
WITHDRAWN = "vervallen"
KIND_LABELS = {
    "principle": "principe",
    "starting_point": "uitgangspunt",
    "role": "rol",
    "service": "dienst",
    "facility": "gemeenschappelijke voorziening",
    "use_case": "zorgtoepassing",
    "agreement": "afspraak",
    "element": "onderdeel",
    "decision_table": "beslistabel",
    "term": "begrip",
    "page": "pagina",
    "release": "release",
    "proposal": "wijzigingsvoorstel",
}
CHANGE_LABELS = {
    "added": "toegevoegd",
    "changed": "gewijzigd",
    "removed": "verwijderd",
    "withdrawn": "vervallen",
    "renamed": "hernoemd",
    "moved": "verplaatst",
}
APPROVED_FALLBACK = frozenset({"aangenomen", "opgenomen"})
RELEASED_FALLBACK = frozenset({"opgenomen"})


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


# Download kinds: the builder renders them with stelsel.qualify (see plugin.py / downloads.py).
CHECKLIST_FORMATS = (("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("md", "Markdown"))
RELEASE_PDF = "release-pdf"


@dataclass(frozen=True)
class DownloadSpec:
    """A file the pages link to that the builder renders: a role's checklist or the release PDF."""

    kind: str  # 'checklist-xlsx' | 'checklist-csv' | 'checklist-md' | 'release-pdf'
    release: str  # the state it is made from, as stelsel.qualify names it: '0.8', or 'working'
    role: str | None = None  # for checklists


@dataclass
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    abbreviations: str = ""
    assets: dict[str, str] = field(default_factory=dict)  # site path -> absolute source path
    downloads: dict[str, DownloadSpec] = field(default_factory=dict)  # site path -> what to render there
    problems: list[Problem] = field(default_factory=list)
    title: str = "Afsprakenstelsel"
    copyright: str = ""


def generate_pages(project, options: SiteOptions | None = None) -> dict[str, str]:
    """The Markdown of every page of one site version, keyed by its path in the site."""
    return generate_site(project, options).pages


def generate_site(project, options: SiteOptions | None = None) -> GeneratedSite:
    """Pages, navigation, glossary abbreviations and figures of one site version."""
    return _Generator(project, options or SiteOptions()).run()


# --- helpers ---------------------------------------------------------------------------

_NUM = re.compile(r"(\d+)")
_RAW_LINK = re.compile(r"\]\(([^)\s]+)(\s+\"[^\"]*\"\)|\))")


def natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p.lower() for p in _NUM.split(str(text)))


def _status(item) -> str | None:
    value = getattr(item.model, "status", None)
    return getattr(value, "value", value)


def _basis(model) -> str:
    value = getattr(model, "basis", "source")
    return getattr(value, "value", value) or "source"


def _line(item, loc: tuple = ()) -> int:
    try:
        return item.file.position(loc)[0]
    except Exception:  # noqa: BLE001 - positions are a courtesy
        return 1


class _Generator:
    def __init__(self, project, options: SiteOptions):
        self.p = project
        self.o = options
        self.cfg = project.config
        self.gov = project.governance
        self.index = LinkIndex()
        self.problems: list[Problem] = []
        self.pages: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.raw_links: list[tuple[str, str, int, str]] = []
        self.nav: list = []
        self.releases = sorted(project.items("release"), key=lambda r: version_key(r.id))
        self.frozen_labels = [label for label, _ in options.history]
        self.proposals_by_item: dict[str, list] = {}
        for proposal in sorted(project.items("proposal"), key=lambda p: natural(p.id)):
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

    # -- orchestration -------------------------------------------------------------------

    def run(self) -> GeneratedSite:
        self._build_index()
        self._declare_downloads()
        self._home()
        self._narratives()
        self._agreements()
        self._checklist_pages()
        self._grondslag()
        self._roles()
        self._services()
        self._decision_tables()
        self._facilities()
        self._use_cases()
        self._elements()
        self._glossary()
        self._sources()
        self._governance()
        self._proposals()
        self._releases()
        self._changes()
        assets = self._assets()
        self._check_raw_links({**assets, **self.downloads})
        site = GeneratedSite(pages=self.pages, nav=self._navigation(), abbreviations=self._abbreviations(),
                             assets=assets, downloads=dict(self.downloads), problems=self.problems)
        if self.cfg is not None:
            site.title = self.cfg.title
            site.copyright = self._copyright()
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
        return "afspraken/overig.md"

    def _build_index(self) -> None:
        idx = self.index
        for kind, page in L.KIND_PAGES.items():
            for item in self.p.items(kind):
                text = item.id if kind in L.CODE_KINDS else item.model.title
                idx.add(item.id, Target(page, item.id, text, item.model.title))
        for item in self.p.items("agreement"):
            idx.add(item.id, Target(self._agreement_page(item), item.id, item.id, item.model.title))
        for item in self.p.items("page"):
            idx.add(item.id, Target(L.narrative_page(item.file.path), None, item.model.title, item.model.title))
        for item in self.p.items("release"):
            idx.add(item.id, Target(L.release_page(item.id), None, item.id, item.model.title))
        for item in self.p.items("proposal"):
            page = L.proposals_page(getattr(item.model, "target_release", None))
            idx.add(item.id, Target(page, item.id, item.id, item.model.title))
        if self.cfg is not None:
            for layer in self.layers:
                idx.declared[("layer", layer.id)] = Target(L.layer_page(layer.id), None, layer.title, layer.title)
            for source in self.cfg.sources:
                idx.declared[("source", source.id)] = Target(L.SOURCES, f"bron-{source.id}", source.id, source.title)
            for norm in self.cfg.norms:
                idx.declared[("norm", norm.id)] = Target(L.SOURCES, f"norm-{norm.id}", norm.title, norm.title)
        for body in self.bodies.values():
            idx.declared[("body", body.id)] = Target(L.GOVERNANCE, f"orgaan-{body.id}", body.title, body.title)

    # -- shared rendering ----------------------------------------------------------------

    def prose(self, text: str | None, page: str, item=None, loc: tuple = ()) -> str:
        """Markdown prose of an item, rendered on ``page``: [[ID]] links resolved, and relative
        links (written relative to the content folder) made relative to that page."""
        if not text:
            return ""
        source = self._source(item) if item is not None else self._config_source() or "<generated>"
        line = _line(item, loc) if item is not None else 1
        if "](" in text:
            text = self._relink(text, page, source, line)
        return resolve_wikilinks(text, self.index, page, source=source, line=line, problems=self.problems).strip()

    def _relink(self, text: str, page: str, source: str, line: int) -> str:
        def replace(match: re.Match) -> str:
            target = match.group(1)
            if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.I):
                return match.group(0)
            path, _, anchor = target.partition("#")
            path = posixpath.normpath(path)
            at = line + text.count("\n", 0, match.start())
            self.raw_links.append((path, source, at, target))
            rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
            return "](" + rel + (f"#{anchor}" if anchor else "") + match.group(2)

        return _RAW_LINK.sub(replace, text)

    def _check_raw_links(self, assets: dict) -> None:
        for path, source, line, target in self.raw_links:
            if path not in self.pages and path not in assets:
                self.problems.append(Problem(source, line, f"link '{target}' points at nothing on the site "
                                             "(links in item text are relative to the content folder)"))

    def _source(self, item) -> str:
        return self.o.source_prefix + item.file.path

    def links(self, page: str, ids: Iterable[str]) -> str:
        return ", ".join(self.index.link(page, i) for i in ids)

    def declared_links(self, page: str, kind: str, ids: Iterable[str]) -> str:
        return ", ".join(self.index.link_declared(page, kind, i) for i in ids)

    def person(self, ident: str | None) -> str:
        if not ident:
            return ""
        person = self.people.get(ident)
        if person is None:
            return esc(ident)
        text = f"{esc(person.name)} ({esc(person.organisation)})"
        return text + (" *(voorbeeld)*" if getattr(person, "example", False) else "")

    def body(self, page: str, ident: str | None) -> str:
        return self.index.link_declared(page, "body", ident) if ident else ""

    def state(self, ident: str | None) -> str:
        state = self.states.get(ident or "")
        return state.title if state is not None else (ident or "")

    def edit_link(self, item) -> str:
        if not self.o.edit_base or self.o.frozen:
            return ""
        source = self._source(item)
        return f"[{esc(source)}]({self.o.edit_base}{source} \"Bewerk dit bestand\"){{ .stelsel-edit }}"

    def heading(self, level: int, item, text: str | None = None) -> str:
        label = text if text is not None else f"{item.id} · {item.model.title}" if item.kind in L.CODE_KINDS else item.model.title
        classes = ".stelsel-item" + (" .stelsel-withdrawn" if _status(item) == WITHDRAWN else "")
        return f"{'#' * level} {esc(label)} {{#{item.id} {classes}}}\n"

    def basis_block(self, item, page: str) -> str:
        basis = _basis(item.model)
        if basis == "source":
            return ""
        note = getattr(item.model, "basis_note", None)
        text = BASIS_EXPLANATIONS.get(basis, "")
        if note:
            text += "\n\n" + self.prose(note, page, item, ("basis_note",))
        return admonition(BASIS_ADMONITIONS.get(basis, "note"), BASIS_LABELS.get(basis, basis), text)

    def actors(self, actors) -> str:
        out = []
        for actor in actors or []:
            text = esc(actor.name)
            basis = _basis(actor)
            if basis != "source":
                text += f" ({BASIS_LABELS.get(basis, basis).lower()}"
                text += f": {esc(plain(actor.note))})" if actor.note else ")"
            out.append(text)
        return "; ".join(out)

    def proposals_line(self, page: str, item_id: str) -> str:
        out = []
        for proposal in self.proposals_by_item.get(item_id, []):
            model = proposal.model
            bits = [self.state(model.status)]
            if getattr(model, "target_release", None):
                bits.append(f"release {model.target_release}")
            out.append(f"{self.index.link(page, proposal.id)} ({esc(', '.join(bits))})")
        return ", ".join(out)

    def meta(self, rows: Iterable[tuple[str, str]]) -> str:
        lines = [f"- **{label}:** {value}" for label, value in rows if value]
        return ("\n".join(lines) + "\n") if lines else ""

    def common_rows(self, item, page: str) -> list[tuple[str, str]]:
        model = item.model
        rows = []
        if getattr(model, "since", None):
            rows.append(("Sinds release", self.index.link(page, model.since)))
        if getattr(model, "until", None):
            rows.append(("Tot release", self.index.link(page, model.until)))
        if getattr(model, "related", None):
            rows.append(("Zie ook", self.links(page, model.related)))
        if getattr(model, "sources", None):
            rows.append(("Bronnen", self.declared_links(page, "source", model.sources)))
        rows.append(("Wijzigingsvoorstellen", self.proposals_line(page, item.id)))
        rows.append(("Bewerken", self.edit_link(item)))
        return rows

    def status_line(self, item, *extra: str) -> str:
        parts = [badge(_status(item)), *extra]
        return " ".join(p for p in parts if p) + "\n"

    # -- banners -------------------------------------------------------------------------

    def version_sentence(self) -> str:
        if self.o.frozen:
            entry = self.p.by_kind.get("release", {}).get(self.o.version)
            status = RELEASE_STATUS_LABELS.get(getattr(entry.model, "status", ""), "") if entry else ""
            return f"Je bekijkt release {self.o.version}" + (f" ({status})." if status else ".")
        target = self.working_release
        return "Je bekijkt de werkversie (concept)" + (f" op weg naar release {target}." if target else ".")

    @property
    def release_decided(self) -> bool:
        """A frozen release that has been decided: what was 'gereed' in it is now in force."""
        if not self.o.frozen:
            return False
        entry = self._release_entry(self.o.version)
        return entry is not None and getattr(entry.model, "status", None) in ("vastgesteld", "gepubliceerd")

    def banner(self, statuses: Iterable[str | None] = (), *, single: bool = False) -> str:
        live = [s for s in statuses if s and s != WITHDRAWN]
        if self.release_decided:
            live = ["vastgesteld" if s == "gereed" else s for s in live]
        version = self.version_sentence()
        target = self.target_release
        if not live:
            kind, title = ("info", "Werkversie") if not self.o.frozen else ("note", f"Release {self.o.version}")
            return admonition(kind, title, version) + "\n"
        concept = sum(1 for s in live if s == "concept")
        if concept:
            if single or len(live) == 1:
                text = "Deze tekst is nog concept: hij is in bewerking en kan nog wijzigen."
            else:
                text = (f"{concept} van de {len(live)} onderdelen op deze pagina {'is' if concept == 1 else 'zijn'} "
                        "nog concept: in bewerking, ze kunnen nog wijzigen.")
            return admonition("warning", "Concept", f"{text} {version}") + "\n"
        if all(s == "vastgesteld" for s in live):
            what = f" in release {self.o.version}" if self.release_decided else ""
            return admonition("success", "Vastgesteld", f"De inhoud van deze pagina is vastgesteld{what}. {version}") + "\n"
        title = f"Gereed voor release {target}" if target else "Gereed"
        return admonition("info", title, "De inhoud is gereed voor vaststelling, maar nog niet vastgesteld. "
                          + version) + "\n"

    def page(self, path: str, title: str, body: str, *, source: str | None = None, search: bool = True,
             description: str | None = None, hide_toc: bool = False) -> None:
        meta: dict[str, Any] = {"title": title}
        if hide_toc:
            meta["hide"] = ["toc"]
        if source:
            meta["stelsel_source"] = source
        if description:
            meta["description"] = description
        if not search:
            meta["search"] = {"exclude": True}
        self.pages[path] = front_matter(meta) + body.rstrip() + "\n"
        self.titles[path] = title

    # -- home ----------------------------------------------------------------------------

    def _release_entry(self, version: str | None):
        return self.p.by_kind.get("release", {}).get(version or "")

    def _home(self) -> None:
        page = L.HOME
        cfg = self.cfg
        title = cfg.title if cfg else "Afsprakenstelsel"
        out = [f"# {esc(title)}\n", self.banner([getattr(cfg, "status", None)] if cfg else [], single=True)]
        if cfg is not None:
            out.append(self.prose(cfg.purpose, page, None) + "\n")
            out.append(f"> **Motto:** {esc(plain(cfg.motto))}\n")
            facts = [("Beheer", esc(cfg.owner) if cfg.owner else ""),
                     ("Financiering", esc(cfg.financing) if cfg.financing else ""),
                     ("Licentie", f"[{esc(cfg.licence.title)}]({cfg.licence.url})" if cfg.licence.url else esc(cfg.licence.title))]
            out.append(self.meta(facts))
        out.append("## Releases\n")
        out.append(self._release_summary(page))
        out.append(self._pdf_line(page))
        consultations = self._open_consultations()
        out.append("## Openstaande consultaties\n")
        if consultations:
            out.append("| Voorstel | Onderwerp | Doelrelease | Reageren tot en met |\n| --- | --- | --- | --- |")
            for proposal in consultations:
                m = proposal.model
                end = date_nl(m.consultation.end) if m.consultation else ""
                out.append(f"| {self.index.link(page, proposal.id)} | {cell(esc(m.title))} | "
                           f"{self.index.link(page, m.target_release)} | {end} |")
            out.append("")
        else:
            out.append("Er lopen op dit moment geen consultaties.\n")
        out.append("## Inhoud\n")
        sections = []
        counts = [("agreement", L.AGREEMENTS, "Afspraken", "afspraak", "afspraken"),
                  ("role", "rollen.md", "Rollen", "rol", "rollen"),
                  ("principle", "grondslag/principes.md", "Principes", "principe", "principes"),
                  ("starting_point", "grondslag/uitgangspunten.md", "Uitgangspunten", "uitgangspunt", "uitgangspunten"),
                  ("service", "diensten.md", "Diensten en beheer", "dienst", "diensten"),
                  ("facility", "voorzieningen.md", "Gemeenschappelijke voorzieningen", "voorziening", "voorzieningen"),
                  ("use_case", "zorgtoepassingen.md", "Zorgtoepassingen", "zorgtoepassing", "zorgtoepassingen"),
                  ("term", "begrippen.md", "Begrippen", "begrip", "begrippen")]
        for kind, target, label, one, many in counts:
            n = len(self.p.by_kind.get(kind, {}))
            if n:
                sections.append(f"- {self.index.page_link(page, target, label)}: {n} {one if n == 1 else many}")
        if self.checklists:
            n = len(self.checklists)
            sections.append(f"- {self.index.page_link(page, L.CHECKLISTS, 'Checklists')}: "
                            f"{n} rol{'' if n == 1 else 'len'}, om te downloaden als XLSX, CSV of Markdown")
        if self.p.by_kind.get("proposal"):
            n = len(self.p.by_kind["proposal"])
            sections.append(f"- {self.index.page_link(page, L.PROPOSALS, 'Wijzigingsvoorstellen')}: "
                            f"{n} voorstel{'' if n == 1 else 'len'}")
        out.append("\n".join(sections) + "\n")
        self.page(page, title, "\n".join(out), source=self._config_source())

    def _config_source(self) -> str | None:
        return self.o.source_prefix + self.p.config_file.path if self.p.config_file is not None else None

    def _release_summary(self, page: str) -> str:
        rows = []
        if self.o.frozen:
            # What is current changes after a release is frozen (it gets published, newer ones
            # follow); the version selector and the outdated banner say that. The frozen text
            # itself only states what this release is and what it follows on.
            this = self._release_entry(self.o.version)
            if this is not None:
                rows.append(("Deze release", self._release_ref(page, this)))
                previous = [r for r in self.releases if version_key(r.id) < version_key(self.o.version)
                            and getattr(r.model, "status", None) in ("vastgesteld", "gepubliceerd")]
                if previous:
                    rows.append(("Vorige release", self._release_ref(page, previous[-1])))
            else:
                rows.append(("Deze release", esc(self.o.version)))
        else:
            published = [r for r in self.releases if getattr(r.model, "status", None) == "gepubliceerd"]
            if published:
                rows.append(("Huidige release", self._release_ref(page, published[-1])))
            working = self._release_entry(self.working_release)
            if working is not None:
                rows.append(("In voorbereiding", self._release_ref(page, working)))
            if self.working_release:
                later = [r for r in self.releases if version_key(r.id) > version_key(self.working_release)]
                if later:
                    rows.append(("Volgende release", self._release_ref(page, later[0])))
        text = self.meta(rows)
        if self.releases:
            text += f"\nZie ook het {self.index.page_link(page, L.RELEASES, 'overzicht van alle releases')}.\n"
        return text or "Er zijn nog geen releases geregistreerd.\n"

    def _release_ref(self, page: str, release) -> str:
        m = release.model
        status = RELEASE_STATUS_LABELS.get(m.status, m.status)
        when = date_nl(m.date) if m.date else (esc(m.planned) if m.planned else "")
        return f"{self.index.link(page, release.id, m.title)} — {status}" + (f", {when}" if when else "")

    def _open_consultations(self) -> list:
        out = []
        for proposal in self.p.items("proposal"):
            m = proposal.model
            if m.status in self.o.consultation_states and m.consultation is not None:
                out.append(proposal)
        return sorted(out, key=lambda p: (p.model.consultation.end, natural(p.id)))

    def _copyright(self) -> str:
        cfg = self.cfg
        licence = cfg.licence
        name = f'<a href="{h(licence.url)}">{h(licence.title)}</a>' if licence.url else h(licence.title)
        owner = f"{h(cfg.owner)} — " if cfg.owner else ""
        return f"{owner}{h(cfg.title)} — inhoud gepubliceerd onder de licentie {name} ({h(licence.id)})."

    # -- narrative pages -----------------------------------------------------------------

    def _narrative_items(self):
        return sorted(self.p.items("page"), key=lambda i: (getattr(i.model, "order", 0), natural(i.model.title)))

    def _narratives(self) -> None:
        reserved = set(L.KIND_PAGES.values()) | {L.HOME, L.SOURCES, L.GOVERNANCE}
        reserved_dirs = ("afspraken/", "voorstellen/", "releases/", "wijzigingen/", "grondslag/")
        for item in self._narrative_items():
            path = L.narrative_page(item.file.path)
            if path in reserved or path.startswith(reserved_dirs) or path in self.pages:
                self.problems.append(Problem(self._source(item), 1, f"page '{path}' would replace a generated page; "
                                             "move the file into a folder such as paginas/"))
                continue
            body = item.file.body or ""
            text = resolve_wikilinks(body, self.index, path, source=self._source(item), line=item.file.body_line,
                                     problems=self.problems)
            banner = self.banner([_status(item)], single=True) + self.basis_block(item, path)
            extra = self.meta(self.common_rows(item, path))
            lines = text.lstrip("\n").split("\n")
            if lines and lines[0].startswith("# "):
                text = lines[0] + "\n\n" + banner + "\n" + "\n".join(lines[1:])
            else:
                text = banner + "\n" + text
            if extra:
                text = text.rstrip() + "\n\n---\n\n" + extra
            self.page(path, item.model.title, text, source=self._source(item))

    # -- agreements ----------------------------------------------------------------------

    def _agreements(self) -> None:
        items = sorted(self.p.items("agreement"), key=lambda i: natural(i.id))
        if not items:
            return
        by_page: dict[str, list] = {}
        for item in items:
            by_page.setdefault(self._agreement_page(item), []).append(item)
        self._agreement_overview(items)
        for layer in self.layers:
            path = L.layer_page(layer.id)
            chosen = by_page.get(path, [])
            also = [i for i in items if layer.id in (i.model.layers or []) and self._agreement_page(i) != path]
            intro = [f"# Afspraken: {esc(layer.title)}\n"]
            statuses = [_status(i) for i in chosen]
            intro.append(self.banner(statuses))
            if layer.description:
                intro.append(self.prose(layer.description, path) + "\n")
            kind = getattr(layer.type, "value", layer.type)
            facts = [("Soort", "aansluitvoorwaarde" if kind == "condition" else "laag van het interoperabiliteitsmodel"),
                     ("Wie maakt de afspraken", esc(plain(layer.owner)) if layer.owner else "")]
            intro.append(self.meta(facts))
            if not chosen and not also:
                intro.append("Er zijn (nog) geen afspraken op deze laag.\n")
            body = self._agreement_list(path, chosen)
            if also:
                body += "\n## Ook op deze laag\n\nDeze afspraken staan bij een andere laag, maar gelden ook hier:\n\n"
                body += "\n".join(f"- {self.index.link(path, i.id)} {esc(i.model.title)}" for i in also) + "\n"
            self.page(path, layer.title, "\n".join(intro) + "\n" + body)
        if "afspraken/overig.md" in by_page:
            path = "afspraken/overig.md"
            chosen = by_page[path]
            self.page(path, "Overige afspraken", "# Overige afspraken\n\n" + self.banner([_status(i) for i in chosen])
                      + "\n" + self._agreement_list(path, chosen))
        for role in sorted(self.p.items("role"), key=lambda r: natural(r.model.title)):
            path = L.role_view_page(role.id)
            chosen = [i for i in items if role.id in (i.model.applies_to or [])]
            head = [f"# Afspraken voor de rol {esc(role.model.title)}\n", self.banner([_status(i) for i in chosen]),
                    f"Alle afspraken die gelden voor de rol {self.index.link(path, role.id)}, per laag. "
                    "Dit is een weergave: de afspraken staan ook bij hun laag.\n"]
            if role.id in self.checklists:
                head.append(f"Als checklist om in te vullen: "
                            f"{self.index.page_link(path, L.checklist_page(role.id), 'checklist ' + role.model.title)} "
                            f"({self._download_links(path, role.id)}).\n")
            self.page(path, role.model.title, "\n".join(head) + "\n" + self._grouped_by_layer(path, chosen), search=False)
        for use_case in sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title)):
            path = L.use_case_view_page(use_case.id)
            chosen = [i for i in items if use_case.id in (i.model.use_cases or [])]
            head = [f"# Afspraken voor {esc(use_case.model.title)}\n", self.banner([_status(i) for i in chosen]),
                    f"Alle afspraken voor de zorgtoepassing {self.index.link(path, use_case.id)}, per laag.\n"]
            self.page(path, use_case.model.title, "\n".join(head) + "\n" + self._grouped_by_layer(path, chosen), search=False)

    def _agreement_overview(self, items) -> None:
        path = L.AGREEMENTS
        out = ["# Afspraken\n", self.banner([_status(i) for i in items])]
        out.append("Elke afspraak staat bij haar laag van het interoperabiliteitsmodel (of bij een "
                   "aansluitvoorwaarde), met een vaste link: `pagina#ID`. Per rol en per zorgtoepassing staan "
                   "dezelfde afspraken nog eens bij elkaar.\n")
        if self.levels:
            out.append("## Niveaus\n\n| Niveau | Betekenis | Verplicht |\n| --- | --- | --- |")
            for level in self.levels.values():
                out.append(f"| **{esc(level.id)}** | {cell(self.prose(level.description, path) or esc(level.title))} | "
                           f"{'ja' if level.mandatory else 'nee'} |")
            out.append("")
        out.append("## Per laag\n\n| Laag | Afspraken |\n| --- | --- |")
        for layer in self.layers:
            n = sum(1 for i in items if layer.id in (i.model.layers or []))
            out.append(f"| {self.index.link_declared(path, 'layer', layer.id)} | {n} |")
        out.append("")
        roles = [r for r in sorted(self.p.items("role"), key=lambda r: natural(r.model.title))]
        if roles:
            out.append("## Per rol\n")
            out.append("\n".join(f"- {self.index.page_link(path, L.role_view_page(r.id), r.model.title)} "
                                 f"({sum(1 for i in items if r.id in (i.model.applies_to or []))})" for r in roles) + "\n")
        use_cases = sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))
        if use_cases:
            out.append("## Per zorgtoepassing\n")
            out.append("\n".join(f"- {self.index.page_link(path, L.use_case_view_page(u.id), u.model.title)} "
                                 f"({sum(1 for i in items if u.id in (i.model.use_cases or []))})" for u in use_cases) + "\n")
        out.append("## Alle afspraken\n\n| ID | Afspraak | Niveau | Status | Geldt voor |\n| --- | --- | --- | --- | --- |")
        for item in items:
            m = item.model
            out.append(f"| {self.index.link(path, item.id)} | {cell(esc(m.title))} | {esc(m.level)} | "
                       f"{badge(_status(item))} | {cell(self.links(path, m.applies_to))} |")
        out.append("")
        self.page(path, "Afspraken", "\n".join(out))

    def _grouped_by_layer(self, path: str, chosen: list) -> str:
        if not chosen:
            return "Er zijn (nog) geen afspraken.\n"
        out = []
        placed = set()
        for layer in self.layers:
            group = [i for i in chosen if self._agreement_page(i) == L.layer_page(layer.id)]
            if not group:
                continue
            out.append(f"## {esc(layer.title)}\n")
            out.extend(self.agreement(path, i, 3) for i in group)
            placed.update(i.id for i in group)
        rest = [i for i in chosen if i.id not in placed]
        if rest:
            out.append("## Overig\n")
            out.extend(self.agreement(path, i, 3) for i in rest)
        return "\n".join(out)

    def _agreement_list(self, path: str, chosen: list) -> str:
        live = [i for i in chosen if _status(i) != WITHDRAWN]
        gone = [i for i in chosen if _status(i) == WITHDRAWN]
        out = []
        topics: dict[str | None, list] = {}
        for item in live:
            topics.setdefault(item.model.topic, []).append(item)
        if len(topics) > 1 or (topics and None not in topics):
            for topic, group in topics.items():
                out.append(f"## {esc(topic) if topic else 'Algemeen'}\n")
                out.extend(self.agreement(path, i, 3) for i in group)
        else:
            out.extend(self.agreement(path, i, 2) for i in live)
        if gone:
            out.append("## Vervallen afspraken\n\nDeze afspraken gelden niet meer; ze blijven hier staan voor de "
                       "geschiedenis.\n")
            out.extend(self.agreement(path, i, 3) for i in gone)
        return "\n".join(out)

    def agreement(self, path: str, item, level: int) -> str:
        m = item.model
        lv = self.levels.get(m.level)
        out = [self.heading(level, item),
               self.status_line(item, chip(m.level, "level"), *(chip(t, "tag") for t in m.tags))]
        out.append(self.prose(m.statement, path, item, ("statement",)) + "\n")
        out.append(self.basis_block(item, path))
        rows = [("Niveau", f"{esc(m.level)}" + (f" ({esc(lv.title.lower())})" if lv else "")),
                ("Geldt voor", self.links(path, m.applies_to)),
                ("Lagen", self.declared_links(path, "layer", m.layers)),
                ("Zorgtoepassingen", self.links(path, m.use_cases)),
                ("Afgeleid van", self.links(path, m.derived_from)),
                ("Voorzieningen", self.links(path, m.facilities)),
                ("Normen", self.declared_links(path, "norm", m.norms)),
                ("Vervangt", self.links(path, m.replaces)),
                ("Vervangen door", self.links(path, m.replaced_by))]
        out.append(self.meta(rows + self.common_rows(item, path)))
        for label, name in (("Bewijslast", "evidence"), ("Onderbouwing", "rationale")):
            text = getattr(m, name, None)
            if text:
                out.append(f'??? note "{label}"\n\n{indent(self.prose(text, path, item, (name,)))}\n')
        return "\n".join(o for o in out if o) + "\n"

    # -- checklists and downloads --------------------------------------------------------

    @property
    def qualify_label(self) -> str:
        """This version as stelsel.qualify names it: the frozen release ('0.8') or 'working'."""
        return self.o.version if self.o.frozen else "working"

    @property
    def pdf_path(self) -> str:
        return L.release_pdf(self.cfg.id if self.cfg else None, self.o.version)

    def _declare_downloads(self) -> None:
        """The checklist of every role that has agreements (the rows 'stelsel checklist --role'
        gives for this version) and the release PDF. The builder renders the files."""
        from ..qualify import build_checklist, describe

        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if roles and self.p.items("agreement"):
            state = describe(self.p, self.qualify_label)
            for role in roles:
                checklist = build_checklist(state, role.id)
                if not checklist.rows:
                    continue
                self.checklists[role.id] = checklist
                for fmt, _label in CHECKLIST_FORMATS:
                    self.downloads[L.checklist_download(role.id, self.o.version, fmt)] = \
                        DownloadSpec(f"checklist-{fmt}", self.qualify_label, role.id)
        if self.cfg is not None and self.o.pdf_note is None:
            self.downloads[self.pdf_path] = DownloadSpec(RELEASE_PDF, self.qualify_label)

    def _version_phrase(self) -> str:
        if self.o.frozen:
            return f"release {esc(self.o.version)}"
        target = self.working_release
        return "de werkversie (concept)" + (f" op weg naar release {esc(target)}" if target else "")

    def _download_buttons(self, page: str, role_id: str) -> str:
        out = []
        for fmt, label in CHECKLIST_FORMATS:
            target = L.checklist_download(role_id, self.o.version, fmt)
            css = ".md-button .md-button--primary" if fmt == "xlsx" else ".md-button"
            out.append(f'{self.index.page_link(page, target, label)}{{ {css} download="{posixpath.basename(target)}" }}')
        return " ".join(out)

    def _download_links(self, page: str, role_id: str) -> str:
        out = []
        for fmt, _label in CHECKLIST_FORMATS:
            target = L.checklist_download(role_id, self.o.version, fmt)
            out.append(f'{self.index.page_link(page, target, fmt.upper())}{{ download="{posixpath.basename(target)}" }}')
        return " · ".join(out)

    def _checklist_statuses(self, checklists) -> list:
        agreements = self.p.by_kind.get("agreement", {})
        ids = dict.fromkeys(row.id for c in checklists for row in c.rows if row.id in agreements)
        return [_status(agreements[i]) for i in ids]

    def _checklist_pages(self) -> None:
        if not self.checklists:
            return
        roles = {r.id: r for r in self.p.items("role")}
        path = L.CHECKLISTS
        out = ["# Checklists\n", self.banner(self._checklist_statuses(self.checklists.values())),
               f"Per rol een checklist voor kwalificatie: alle afspraken die in {self._version_phrase()} voor de rol "
               "gelden, per laag, met de verplichte afspraken eerst. Download de checklist om hem in te vullen: het "
               "Excel-bestand (XLSX) heeft per afspraak een keuzelijst voor het antwoord en kolommen voor de "
               "toelichting en de bewijsstukken. Een ingevulde checklist (XLSX of CSV) zet je om in een "
               "zelfbeoordeling met `stelsel assess import`.\n",
               "| Rol | Afspraken | Verplicht | Downloaden |\n| --- | --- | --- | --- |"]
        for role_id, checklist in self.checklists.items():
            mandatory = sum(1 for row in checklist.rows if row.mandatory)
            out.append(f"| {self.index.page_link(path, L.checklist_page(role_id), checklist.role_title)} | "
                       f"{len(checklist.rows)} | {mandatory} | {self._download_links(path, role_id)} |")
        out.append("")
        empty = [r for r in sorted(roles.values(), key=lambda r: natural(r.model.title)) if r.id not in self.checklists]
        if empty:
            out.append(f"Voor {join_nl(self.index.link(path, r.id) for r in empty)} "
                       f"{'geldt' if len(empty) == 1 else 'gelden'} (nog) geen afspraken: "
                       f"daarvoor is er geen checklist.\n")
        self.page(path, "Overzicht", "\n".join(out))
        for role_id, checklist in self.checklists.items():
            self._checklist_page(role_id, checklist)

    def _checklist_page(self, role_id: str, checklist) -> None:
        """The rows of the role's checklist as on its downloads (qualify.render_markdown), with links."""
        path = L.checklist_page(role_id)
        n = len(checklist.rows)
        out = [f"# Checklist {esc(checklist.role_title)}\n", self.banner(self._checklist_statuses([checklist])),
               f"{esc(checklist.framework)}, {esc(checklist.release_title)}. Alle afspraken die gelden voor de rol "
               f"{self.index.link(path, role_id)} ({n}), per laag, met de verplichte afspraken eerst. "
               f"Dezelfde afspraken met hun toelichting: "
               f"{self.index.page_link(path, L.role_view_page(role_id), 'afspraken voor deze rol')}.\n",
               f"**Downloaden om in te vullen:**\n\n{self._download_buttons(path, role_id)}\n"]
        for _layer, title, rows in checklist.by_layer():
            out.append(f"## {esc(title)}\n\n| ID | Niveau | Afspraak | Bewijslast | Sinds |\n| --- | --- | --- | --- | --- |")
            for row in rows:
                level = f"**{esc(row.level)}**" if row.mandatory else esc(row.level)
                statement = f"**{esc(row.title)}**<br>{esc(row.statement)}"
                since = self.index.link(path, row.since) if row.since else "—"
                out.append(f"| {cell(self.index.link(path, row.id))} | {level} | {cell(statement)} | "
                           f"{cell(esc(row.evidence)) or '—'} | {cell(since)} |")
            out.append("")
        self.page(path, checklist.role_title, "\n".join(out), search=False)

    def _pdf_line(self, page: str) -> str:
        """The link to this version's release PDF, or why this build has none."""
        if self.cfg is None:
            return ""
        if self.o.pdf_note is not None:
            return f"**Als PDF:** niet beschikbaar. {esc(self.o.pdf_note)}\n"
        if self.o.frozen:
            text = f"Release {self.o.version} als PDF"
            after = "het hele afsprakenstelsel van deze release in één document."
        else:
            text = "Werkversie (concept) als PDF"
            after = (f"niet vastgesteld: de werkversie zoals hij nu is, op weg naar release {esc(self.working_release)}."
                     if self.working_release else "niet vastgesteld: de werkversie zoals hij nu is.")
        return f"**Als PDF:** {self.index.page_link(page, self.pdf_path, text)} — {after}\n"

    # -- principles and starting points --------------------------------------------------

    def _derived(self, path: str, ident: str) -> str:
        found = [i.id for i in sorted(self.p.items("agreement"), key=lambda i: natural(i.id))
                 if ident in (i.model.derived_from or [])]
        return self.links(path, found)

    def _grondslag(self) -> None:
        principles = sorted(self.p.items("principle"), key=lambda i: (i.model.number or 10**6, natural(i.id)))
        if principles:
            path = L.KIND_PAGES["principle"]
            out = ["# Principes\n", self.banner([_status(i) for i in principles]),
                   "De principes van de grondslag, met hun nummer in de bron. Een principe dat de bronnen "
                   "niet beschrijven, staat hier als *nog niet beschreven*.\n"]
            for item in principles:
                m = item.model
                number = f"Principe {m.number}: " if m.number and not m.title.lower().startswith("principe") else ""
                out.append(self.heading(2, item, f"{number}{m.title}"))
                out.append(self.status_line(item, chip(item.id, "id")))
                if m.statement:
                    out.append(self.prose(m.statement, path, item, ("statement",)) + "\n")
                if m.description:
                    out.append(self.prose(m.description, path, item, ("description",)) + "\n")
                out.append(self.basis_block(item, path))
                out.append(self.meta([("Afspraken die hieruit volgen", self._derived(path, item.id))]
                                     + self.common_rows(item, path)))
            self.page(path, "Principes", "\n".join(out))
        points = sorted(self.p.items("starting_point"), key=lambda i: (i.model.number or 10**6, natural(i.id)))
        if points:
            path = L.KIND_PAGES["starting_point"]
            out = ["# Uitgangspunten\n", self.banner([_status(i) for i in points])]
            for item in points:
                m = item.model
                number = f"Uitgangspunt {m.number}: " if m.number and not m.title.lower().startswith("uitgangspunt") else ""
                out.append(self.heading(2, item, f"{number}{m.title}"))
                out.append(self.status_line(item, chip(item.id, "id")))
                out.append(self.prose(m.statement, path, item, ("statement",)) + "\n")
                if m.description:
                    out.append(self.prose(m.description, path, item, ("description",)) + "\n")
                out.append(self.basis_block(item, path))
                out.append(self.meta([("Stuurt", self.links(path, m.applies_to)),
                                      ("Afspraken die hieruit volgen", self._derived(path, item.id))]
                                     + self.common_rows(item, path)))
            self.page(path, "Uitgangspunten", "\n".join(out))

    # -- roles ---------------------------------------------------------------------------

    def _roles(self) -> None:
        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if not roles:
            return
        path = L.KIND_PAGES["role"]
        agreements = list(self.p.items("agreement"))
        out = ["# Rollen\n", self.banner([_status(r) for r in roles]),
               "De rollen en partijen in het stelsel en waarvoor zij verantwoordelijk zijn.\n"]
        for role in roles:
            m = role.model
            out.append(self.heading(2, role))
            out.append(self.status_line(role))
            if m.description:
                out.append(self.prose(m.description, path, role, ("description",)) + "\n")
            out.append(self.basis_block(role, path))
            n = sum(1 for a in agreements if role.id in (a.model.applies_to or []))
            subs = [r.id for r in roles if r.model.part_of == role.id]
            services = [s.id for s in sorted(self.p.items("service"), key=lambda s: natural(s.model.title))
                        if role.id in (s.model.responsible or [])]
            facilities = [f.id for f in self.p.items("facility") if role.id in (f.model.managed_by or [])]
            rows = [("Onderdeel van", self.index.link(path, m.part_of) if m.part_of else ""),
                    ("Deelrollen", self.links(path, subs)),
                    ("Vervuld door", self.actors(m.performed_by)),
                    ("Afspraken", (self.index.page_link(path, L.role_view_page(role.id),
                                                        f"{n} afspra{'ak' if n == 1 else 'ken'} voor deze rol")
                                   if n else "")),
                    ("Checklist", self.index.page_link(path, L.checklist_page(role.id), "checklist voor kwalificatie")
                     if role.id in self.checklists else ""),
                    ("Verantwoordelijk voor", self.links(path, services)),
                    ("Beheert", self.links(path, facilities))]
            out.append(self.meta(rows + self.common_rows(role, path)))
            if m.responsibilities:
                out.append("**Verantwoordelijkheden**\n")
                for index, text in enumerate(m.responsibilities):
                    rendered = self.prose(text, path, role, ("responsibilities", index))
                    out.append("- " + indent(rendered, 2).lstrip())
                out.append("")
        self.page(path, "Rollen", "\n".join(out))

    # -- services ------------------------------------------------------------------------

    def _services(self) -> None:
        services = sorted(self.p.items("service"), key=lambda s: natural(s.model.title))
        if not services:
            return
        path = L.KIND_PAGES["service"]
        ids = {s.id for s in services}
        children: dict[str | None, list] = {}
        for s in services:
            parent = s.model.part_of if s.model.part_of in ids else None
            children.setdefault(parent, []).append(s)
        out = ["# Diensten en beheer\n", self.banner([_status(s) for s in services])]
        tables = list(self.p.items("decision_table"))
        if tables:
            out.append("Zie ook de " + self.index.page_link(path, L.KIND_PAGES["decision_table"], "beslistabellen")
                       + ", zoals wie een incident in de keten coördineert.\n")
        seen: set[str] = set()

        def render(service, level: int) -> None:
            if service.id in seen:
                return
            seen.add(service.id)
            m = service.model
            out.append(self.heading(min(level, 6), service))
            out.append(self.status_line(service))
            if m.description:
                out.append(self.prose(m.description, path, service, ("description",)) + "\n")
            out.append(self.basis_block(service, path))
            rows = [("Onderdeel van", self.index.link(path, m.part_of) if m.part_of else ""),
                    ("Uitgevoerd door", self.actors(m.performed_by)),
                    ("Verantwoordelijk", self.links(path, m.responsible)),
                    ("Omvat", self.links(path, [c.id for c in children.get(service.id, [])]))]
            out.append(self.meta(rows + self.common_rows(service, path)))
            for child in children.get(service.id, []):
                render(child, level + 1)

        for top in children.get(None, []):
            render(top, 2)
        for service in services:  # anything left in a cycle of part_of
            render(service, 2)
        self.page(path, "Diensten en beheer", "\n".join(out))

    # -- decision tables -----------------------------------------------------------------

    def _decision_tables(self) -> None:
        tables = sorted(self.p.items("decision_table"), key=lambda t: natural(t.model.title))
        if not tables:
            return
        path = L.KIND_PAGES["decision_table"]
        out = ["# Beslistabellen\n", self.banner([_status(t) for t in tables])]
        for table in tables:
            m = table.model
            out.append(self.heading(2, table))
            out.append(self.status_line(table))
            if m.description:
                out.append(self.prose(m.description, path, table, ("description",)) + "\n")
            out.append(self.basis_block(table, path))
            out.append("| " + " | ".join(cell(esc(c.title)) for c in m.columns) + " |")
            out.append("| " + " | ".join("---" for _ in m.columns) + " |")
            for index, row in enumerate(m.rows):
                cells = []
                for column in m.columns:
                    value = row.get(column.key)
                    values = value if isinstance(value, list) else ([] if value is None else [value])
                    if column.ref:
                        text = ", ".join(self.index.link(path, v) if v in self.index.targets
                                         else self.index.link_declared(path, column.ref[0], v) for v in values)
                    else:
                        text = "; ".join(self.prose(str(v), path, table, ("rows", index, column.key)) for v in values)
                    cells.append(cell(text) or "—")
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
            out.append(self.meta(self.common_rows(table, path)))
        self.page(path, "Beslistabellen", "\n".join(out), hide_toc=True)

    # -- facilities and use cases --------------------------------------------------------

    def _facilities(self) -> None:
        facilities = sorted(self.p.items("facility"), key=lambda f: natural(f.model.title))
        if not facilities:
            return
        path = L.KIND_PAGES["facility"]
        out = ["# Gemeenschappelijke voorzieningen\n", self.banner([_status(f) for f in facilities])]
        for item in facilities:
            m = item.model
            out.append(self.heading(2, item))
            out.append(self.status_line(item, *(chip(a, "alias") for a in m.aliases)))
            out.append(self.prose(m.function, path, item, ("function",)) + "\n")
            if m.description:
                out.append(self.prose(m.description, path, item, ("description",)) + "\n")
            out.append(self.basis_block(item, path))
            decision = ""
            if m.decision is not None:
                d = m.decision
                decision = f"{esc(d.body)}, {date_nl(d.date)}" + (f": {esc(plain(d.summary))}" if d.summary else "")
                decision += f" ({esc(d.reference)})" if d.reference else ""
            users = [u.id for u in self.p.items("use_case") if item.id in (u.model.facilities or [])]
            agreements = [a.id for a in sorted(self.p.items("agreement"), key=lambda a: natural(a.id))
                          if item.id in (a.model.facilities or [])]
            rows = [("Andere namen", esc(", ".join(m.aliases))),
                    ("Geleverd door", self.actors(m.provided_by)),
                    ("Beheerd door", self.links(path, m.managed_by)),
                    ("Besluit", decision),
                    ("Gebruikt door", self.links(path, users)),
                    ("Afspraken", self.links(path, agreements))]
            out.append(self.meta(rows + self.common_rows(item, path)))
        self.page(path, "Gemeenschappelijke voorzieningen", "\n".join(out))

    def _use_cases(self) -> None:
        use_cases = sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))
        if not use_cases:
            return
        path = L.KIND_PAGES["use_case"]
        out = ["# Zorgtoepassingen\n", self.banner([_status(u) for u in use_cases]),
               "Elke zorgtoepassing groeit in stappen (incrementen) van toenemende complexiteit.\n"]
        for item in use_cases:
            m = item.model
            out.append(self.heading(2, item))
            out.append(self.status_line(item))
            if m.description:
                out.append(self.prose(m.description, path, item, ("description",)) + "\n")
            out.append(self.basis_block(item, path))
            n = sum(1 for a in self.p.items("agreement") if item.id in (a.model.use_cases or []))
            rows = [("Programma's", esc(", ".join(m.programmes))),
                    ("Voorzieningen", self.links(path, m.facilities)),
                    ("Afspraken", self.index.page_link(path, L.use_case_view_page(item.id),
                                                       f"{n} afspra{'ak' if n == 1 else 'ken'}") if n else "")]
            out.append(self.meta(rows + self.common_rows(item, path)))
            if m.increments:
                out.append("**Incrementen**\n\n| # | Increment | Omschrijving |\n| --- | --- | --- |")
                for index, inc in enumerate(sorted(m.increments, key=lambda i: i.order)):
                    desc = self.prose(inc.description, path, item, ("increments", index, "description"))
                    basis = _basis(inc)
                    if basis != "source":
                        desc = f"*{BASIS_LABELS.get(basis, basis)}.* " + desc
                    out.append(f"| {inc.order} | {cell(esc(inc.title))} | {cell(desc)} |")
                out.append("")
        self.page(path, "Zorgtoepassingen", "\n".join(out))

    # -- elements ------------------------------------------------------------------------

    def _elements(self) -> None:
        elements = list(self.p.items("element"))
        if not elements:
            return
        path = L.KIND_PAGES["element"]
        categories = list(self.cfg.categories) if self.cfg else []
        known = {c.id for c in categories}
        out = ["# Onderdelen\n", self.banner([_status(e) for e in elements])]

        def key(e):
            return (e.model.order if e.model.order is not None else 10**6, natural(e.model.title))

        groups = [(c.title, c.description, [e for e in elements if e.model.category == c.id]) for c in categories]
        groups.append(("Overig", None, [e for e in elements if e.model.category not in known]))
        for title, description, group in groups:
            if not group:
                continue
            out.append(f"## {esc(title)}\n")
            if description:
                out.append(self.prose(description, path) + "\n")
            for item in sorted(group, key=key):
                m = item.model
                out.append(self.heading(3, item))
                out.append(self.status_line(item))
                if m.description:
                    out.append(self.prose(m.description, path, item, ("description",)) + "\n")
                out.append(self.basis_block(item, path))
                parts = [e.id for e in sorted(elements, key=key) if e.model.part_of == item.id]
                rows = [("Onderdeel van", self.index.link(path, m.part_of) if m.part_of else ""),
                        ("Omvat", self.links(path, parts))]
                out.append(self.meta(rows + self.common_rows(item, path)))
        self.page(path, "Onderdelen", "\n".join(out))

    # -- glossary ------------------------------------------------------------------------

    def _terms(self):
        return sorted(self.p.items("term"), key=lambda t: natural(t.model.title))

    def _glossary(self) -> None:
        terms = self._terms()
        if not terms:
            return
        path = L.KIND_PAGES["term"]
        out = ["# Begrippen\n", self.banner([_status(t) for t in terms]),
               "Afkortingen uit deze lijst tonen op elke pagina hun betekenis als je er met de muis op staat.\n"]
        for item in terms:
            m = item.model
            out.append(self.heading(2, item))
            out.append(self.status_line(item))
            if m.expansion:
                out.append(f"*{esc(m.expansion)}*\n")
            out.append(self.prose(m.definition, path, item, ("definition",)) + "\n")
            if m.description:
                out.append(self.prose(m.description, path, item, ("description",)) + "\n")
            out.append(self.basis_block(item, path))
            out.append(self.meta([("Zie ook", self.links(path, m.see_also))] + self.common_rows(item, path)))
        self.page(path, "Begrippen", "\n".join(out))

    def _abbreviations(self) -> str:
        lines = []
        for item in self._terms():
            m = item.model
            if m.expansion and _status(item) != WITHDRAWN:
                word = " ".join(m.title.split())
                meaning = " ".join(plain(m.expansion).split())
                if word and meaning and "]" not in word:
                    lines.append(f"*[{word}]: {meaning}")
        return "\n".join(lines) + ("\n" if lines else "")

    # -- sources, norms, governance ------------------------------------------------------

    def _sources(self) -> None:
        cfg = self.cfg
        if cfg is None or not (cfg.sources or cfg.norms):
            return
        path = L.SOURCES
        out = ["# Bronnen en normen\n", self.banner()]
        if cfg.sources:
            out.append("## Bronnen\n\nDe brondocumenten waar de inhoud van dit stelsel op berust.\n")
            for source in cfg.sources:
                out.append(f"### {esc(source.id)} · {esc(source.title)} {{#bron-{source.id}}}\n")
                if source.description:
                    out.append(self.prose(source.description, path) + "\n")
                out.append(self.meta([("Bestand", f"`{source.file}`" if source.file else ""),
                                      ("Adres", f"<{source.url}>" if source.url else ""),
                                      ("Licentie", esc(source.licence) if source.licence else "")]))
        if cfg.norms:
            out.append("## Normen, standaarden en kaders\n")
            for norm in cfg.norms:
                out.append(f"### {esc(norm.title)} {{#norm-{norm.id}}}\n")
                if norm.description:
                    out.append(self.prose(norm.description, path) + "\n")
                if norm.relation:
                    out.append(self.prose(norm.relation, path) + "\n")
                ids = [a.id for a in sorted(self.p.items("agreement"), key=lambda a: natural(a.id))
                       if norm.id in (a.model.norms or [])]
                out.append(self.meta([("Adres", f"<{norm.url}>" if norm.url else ""),
                                      ("Afspraken", self.links(path, ids))]))
        self.page(path, "Bronnen en normen", "\n".join(out))

    def _governance(self) -> None:
        gov = self.gov
        if gov is None:
            return
        path = L.GOVERNANCE
        out = [f"# {esc(gov.title)}\n", self.banner()]
        if gov.description:
            out.append(self.prose(gov.description, path) + "\n")
        out.append("## Organen\n")
        body_types = {"working_group": "werkgroep", "sounding_board": "klankbordgroep",
                      "decision_body": "besluitvormend orgaan", "management": "beheer", "other": "overig"}
        functions = {f.id: f.title for f in (self.cfg.functions if self.cfg else [])}
        for body in gov.bodies:
            kind = getattr(body.type, "value", body.type)
            out.append(f"### {esc(body.title)} {{#orgaan-{body.id}}}\n")
            out.append(chip(body_types.get(kind, kind)) + "\n")
            if body.description:
                out.append(self.prose(body.description, path) + "\n")
            basis = _basis(body)
            if basis != "source":
                out.append(admonition(BASIS_ADMONITIONS.get(basis, "note"), BASIS_LABELS.get(basis, basis),
                                      BASIS_EXPLANATIONS.get(basis, "") + (f"\n\n{esc(body.basis_note)}" if body.basis_note else "")))
            members = [self.person(m.person) + (f" — {esc(functions.get(m.function, m.function))}" if m.function else "")
                       for m in body.members]
            if members:
                out.append("Leden:\n\n" + "\n".join(f"- {m}" for m in members) + "\n")
        wf = gov.workflow
        out.append("## Werkwijze voor wijzigingsvoorstellen\n")
        out.append("| Status | Betekenis |\n| --- | --- |")
        for state in wf.states:
            out.append(f"| {esc(state.title)} | {cell(self.prose(state.description, path))} |")
        out.append("")
        if wf.proposal_types:
            out.append("Soorten voorstellen:\n\n" + "\n".join(
                f"- **{esc(t.title)}**" + (f": {self.prose(t.description, path)}" if t.description else "")
                for t in wf.proposal_types) + "\n")
        self.page(path, gov.title, "\n".join(out))

    # -- proposals -----------------------------------------------------------------------

    def _approved_states(self) -> set[str]:
        states = self.gov.workflow.states if self.gov else []
        flagged = {s.id for s in states if getattr(s, "approved", False) or getattr(s, "released", False)}
        return flagged or set(APPROVED_FALLBACK)

    def _proposals(self) -> None:
        proposals = sorted(self.p.items("proposal"), key=lambda p: natural(p.id))
        if not proposals:
            return
        groups: dict[str, list] = {}
        for proposal in proposals:
            groups.setdefault(L.proposals_page(proposal.model.target_release), []).append(proposal)
        path = L.PROPOSALS
        out = ["# Wijzigingsvoorstellen\n", self.banner(),
               "Elke wijziging van het stelsel loopt via een wijzigingsvoorstel: beoordeling door een werkgroep, "
               "consultatie en een besluit. Dit register toont alle voorstellen.\n",
               "| Voorstel | Onderwerp | Soort | Status | Doelrelease | Consultatie tot en met | Besluit |",
               "| --- | --- | --- | --- | --- | --- | --- |"]
        types = {t.id: t.title for t in (self.gov.workflow.proposal_types if self.gov else [])}
        for proposal in proposals:
            m = proposal.model
            consult = date_nl(m.consultation.end) if m.consultation else ""
            decision = (f"{esc(m.decision.outcome)}, {date_nl(m.decision.date)}" if m.decision else "")
            out.append(f"| {self.index.link(path, proposal.id)} | {cell(esc(m.title))} | {esc(types.get(m.type, m.type))} | "
                       f"{esc(self.state(m.status))} | {self.index.link(path, m.target_release)} | {consult} | {decision} |")
        out.append("")
        self.page(path, "Register", "\n".join(out))
        for page, group in groups.items():
            target = group[0].model.target_release
            title = f"Voor release {target}" if target else "Zonder release"
            body = [f"# Wijzigingsvoorstellen voor release {esc(target)}\n", self.banner()]
            body.extend(self.proposal(page, p, types) for p in group)
            self.page(page, title, "\n".join(body))

    def proposal(self, path: str, item, types: dict) -> str:
        m = item.model
        out = [self.heading(2, item), chip(self.state(m.status), "state") + " " + chip(types.get(m.type, m.type), "type") + "\n"]
        rows = [("Status", esc(self.state(m.status))),
                ("Doelrelease", self.index.link(path, m.target_release)),
                ("Opgenomen in release", self.index.link(path, m.released_in) if m.released_in else ""),
                ("Werkgroep", self.body(path, m.working_group)),
                ("Indieners", "; ".join(self.person(a) for a in m.authors)),
                ("Besluit", f"[{esc(m.decision.outcome)}, {date_nl(m.decision.date)}](#{item.id}-besluit)" if m.decision else ""),
                ("Bewerken", self.edit_link(item))]
        out.append(self.meta(rows))
        out.append("**Wijzigingen**\n\n| Onderdeel | Actie | Toelichting |\n| --- | --- | --- |")
        for change in m.changes:
            action = getattr(change.action, "value", change.action)
            target = self.index.link(path, change.item)
            title = self.index.targets.get(change.item)
            label = f"{target} {esc(title.title)}" if title and title.text != title.title else target
            out.append(f"| {cell(label)} | {ACTION_LABELS.get(action, action)} | {cell(esc(change.note))} |")
        out.append("")
        out.append("**Motivering**\n\n" + self.prose(m.motivation, path, item, ("motivation",)) + "\n")
        if item.file.body and item.file.body.strip():
            text = resolve_wikilinks(item.file.body, self.index, path, source=self._source(item),
                                     line=item.file.body_line, problems=self.problems)
            text = re.sub(r"^(#{1,5}) ", lambda mm: "#" * min(6, len(mm.group(1)) + 3) + " ", text, flags=re.M)
            out.append(f'??? abstract "Toelichting"\n\n{indent(text.strip())}\n')
        if m.impact:
            out.append("**Gevolgen per rol**\n")
            for index, impact in enumerate(m.impact):
                out.append(f"- {self.index.link(path, impact.role)}: "
                           + indent(self.prose(impact.impact, path, item, ("impact", index, "impact")), 2).lstrip())
            out.append("")
        if m.reviews:
            out.append("**Beoordelingen**\n\n| Door | Organisatie | Oordeel | Datum | Opmerking |\n| --- | --- | --- | --- | --- |")
            verdicts = {v.id: v.title for v in (self.gov.workflow.verdicts if self.gov else [])}
            for index, review in enumerate(m.reviews):
                org = review.organisation or (self.people[review.by].organisation if review.by in self.people else "")
                out.append(f"| {cell(self.person(review.by))} | {cell(esc(org))} | {esc(verdicts.get(review.verdict, review.verdict))} | "
                           f"{date_nl(review.date)} | {cell(self.prose(review.comment, path, item, ('reviews', index, 'comment')))} |")
            out.append("")
        if m.consultation is not None:
            c = m.consultation
            out.append(f"**Consultatie** van {date_nl(c.start)} tot en met {date_nl(c.end)}"
                       + (f" ({len(c.reactions)} reactie{'s' if len(c.reactions) != 1 else ''})" if c.reactions else "") + "\n")
            if c.reactions:
                out.append("| Van | Datum | Reactie | Verwerking |\n| --- | --- | --- | --- |")
                for index, r in enumerate(c.reactions):
                    who = esc(r.by) + (f" ({esc(r.organisation)})" if r.organisation else "")
                    out.append(f"| {cell(who)} | {date_nl(r.date)} | "
                               f"{cell(self.prose(r.summary, path, item, ('consultation', 'reactions', index, 'summary')))} | "
                               f"{cell(self.prose(r.response, path, item, ('consultation', 'reactions', index, 'response')))} |")
                out.append("")
        if m.decision is not None:
            d = m.decision
            text = (f"**Besluit:** {esc(d.outcome)} door {self.body(path, d.body)} op {date_nl(d.date)}, "
                    f"vastgelegd door {self.person(d.by)}")
            text += f"; verslag: {esc(d.minutes)}" if d.minutes else ""
            text += "." + (" *Dit is een voorbeeldbesluit, geen echt besluit.*" if getattr(d, "example", False) else "")
            out.append(text + f"\n{{: #{item.id}-besluit }}\n")
            if d.conditions:
                out.append("Voorwaarden:\n\n" + "\n".join(f"- {esc(c)}" for c in d.conditions) + "\n")
        if m.history:
            rows = [f"| {date_nl(e.at)} | {cell(self.person(e.by))} | {esc(self.state(e.source))} | "
                    f"{esc(self.state(e.to))} | {cell(esc(e.reason))} |" for e in m.history]
            table = "| Wanneer | Door | Van | Naar | Reden |\n| --- | --- | --- | --- | --- |\n" + "\n".join(rows)
            out.append(f'??? info "Geschiedenis"\n\n{indent(table)}\n')
        return "\n".join(out) + "\n"

    # -- releases ------------------------------------------------------------------------

    def _change_labels(self) -> list[tuple[str | None, str, Any]]:
        """(old label, new label, old project) for every transition this version shows."""
        chain = list(self.o.history) + [(self.o.version, self.p)]
        out = []
        for index, (label, project) in enumerate(chain):
            if index == 0:
                if label != WORKING_VERSION or self.o.frozen:
                    out.append((None, label, None))
                continue
            out.append((chain[index - 1][0], label, chain[index - 1][1]))
        return out

    def _releases(self) -> None:
        if not self.releases:
            return
        path = L.RELEASES
        approved = self._approved_states()
        change_pages = {new for _, new, _ in self._change_labels()}
        out = ["# Releases\n", self.banner(),
               "| Release | Status | Fase | Gepland | Gepubliceerd |\n| --- | --- | --- | --- | --- |"]
        for release in reversed(self.releases):
            m = release.model
            out.append(f"| {self.index.link(path, release.id, m.title)} | {RELEASE_STATUS_LABELS.get(m.status, m.status)} | "
                       f"{esc(m.phase or '')} | {esc(m.planned or '')} | {date_nl(m.date) if m.date else ''} |")
        out.append("")
        self.page(path, "Overzicht", "\n".join(out))
        for release in self.releases:
            m = release.model
            page = L.release_page(release.id)
            body = [f"# {esc(m.title)}\n", self.banner()]
            body.append(self.meta([("Status", RELEASE_STATUS_LABELS.get(m.status, m.status)),
                                   ("Fase", esc(m.phase or "")), ("Gepland", esc(m.planned or "")),
                                   ("Gepubliceerd", date_nl(m.date) if m.date else ""),
                                   ("Vorige release", self.index.link(page, m.previous) if m.previous else ""),
                                   ("Aansluitingen gepland", str(m.connections_planned) if m.connections_planned is not None else ""),
                                   ("Bronnen", self.declared_links(page, "source", m.sources))]))
            if release.id in change_pages or (release.id == self.working_release and not self.o.frozen
                                              and WORKING_VERSION in change_pages):
                label = release.id if release.id in change_pages else WORKING_VERSION
                body.append(f"Zie **{self.index.page_link(page, L.changes_page(label), 'wat er is gewijzigd')}** "
                            "ten opzichte van de vorige release.\n")
            if release.id == (self.o.version if self.o.frozen else self.working_release):
                body.append(self._pdf_line(page))
            if m.description:
                body.append(self.prose(m.description, page, release, ("description",)) + "\n")
            basis = self.basis_block(release, page)
            if basis:
                body.append(basis)
            if m.deliverables:
                body.append("## Op te leveren\n\n" + "\n".join(f"- {esc(d)}" for d in m.deliverables) + "\n")
            if m.decision is not None:
                d = m.decision
                text = f"## Besluit\n\nVastgesteld door {self.body(page, d.body)} op {date_nl(d.date)} ({self.person(d.by)})"
                text += f"; {esc(d.reference)}" if d.reference else ""
                text += "." + (" *Dit is een voorbeeldbesluit, geen echt besluit.*" if getattr(d, "example", False) else "")
                body.append(text + "\n")
            targeting = [p for p in sorted(self.p.items("proposal"), key=lambda p: natural(p.id))
                         if p.model.target_release == release.id or p.model.released_in == release.id]
            done = [p for p in targeting if p.model.status in approved]
            pending = [p for p in targeting if p.model.status not in approved]
            body.append("## Wijzigingen in deze release\n")
            if done:
                body.append("Aangenomen wijzigingsvoorstellen:\n")
                for proposal in done:
                    pm = proposal.model
                    changes = ", ".join(f"{self.index.link(page, c.item)} ({ACTION_LABELS.get(getattr(c.action, 'value', c.action), '')})"
                                        for c in pm.changes)
                    decided = f" — besluit {date_nl(pm.decision.date)}" if pm.decision else ""
                    body.append(f"- {self.index.link(page, proposal.id)} {esc(pm.title)}{decided}: {changes}")
                body.append("")
            else:
                body.append("Nog geen aangenomen wijzigingsvoorstellen.\n")
            if pending:
                body.append("Nog in behandeling:\n")
                body.extend(f"- {self.index.link(page, p.id)} {esc(p.model.title)} ({esc(self.state(p.model.status))})"
                            for p in pending)
                body.append("")
            self.page(page, f"Release {release.id}", "\n".join(body), source=self._source(release))

    # -- what changed --------------------------------------------------------------------

    def _changes(self) -> None:
        transitions = self._change_labels()
        if not transitions:
            return
        try:
            from ..release.diff import diff_projects
        except ImportError:  # pragma: no cover - the diff engine ships with stelsel
            return
        from ..load.project import Project

        for old_label, new_label, old_project in transitions:
            new_project = self.p if new_label == self.o.version else dict(self.o.history)[new_label]
            old = old_project if old_project is not None else Project(root=Path("."))
            diff = diff_projects(old, new_project, old_label or "(leeg)", new_label)
            self._changes_page(old_label, new_label, diff, new_project)

    def _proposals_for(self, diff, item_diff, new_label: str, project) -> list:
        ids = {item_diff.id} | ({item_diff.old_id} if getattr(item_diff, "old_id", None) else set())
        finder = getattr(diff, "proposals_for", None)
        if callable(finder):
            try:
                found = finder(item_diff.id)
            except Exception:  # noqa: BLE001 - fall back to our own matching
                found = None
            if found is not None:
                return [p if hasattr(p, "model") else _Wrapped(p) for p in found]
        out = []
        for proposal in sorted(project.items("proposal"), key=lambda p: natural(p.id)):
            m = proposal.model
            if not any(c.item in ids for c in m.changes):
                continue
            if new_label == WORKING_VERSION:
                if m.target_release in self.frozen_labels:
                    continue
            elif m.target_release != new_label and m.released_in != new_label:
                continue
            out.append(proposal)
        return out

    def _changes_page(self, old_label: str | None, new_label: str, diff, project) -> None:
        path = L.changes_page(new_label)
        working = new_label == WORKING_VERSION
        if working:
            title = f"Wat is er gewijzigd sinds {old_label}" if old_label else "Wat is er gewijzigd"
            heading = f"Wat is er gewijzigd in de werkversie sinds release {old_label}"
        else:
            title = f"Wat is er gewijzigd in {new_label}"
            heading = f"Wat is er gewijzigd in release {new_label}"
        out = [f"# {esc(heading)}\n", self.banner()]
        groups = [("Toegevoegd", diff.added, "added"), ("Gewijzigd", diff.changed, "changed"),
                  ("Hernoemd", diff.renamed, "renamed"), ("Vervallen en verwijderd", diff.removed, "removed")]
        counts = {label: len(items) for label, items, _ in groups}
        if old_label is None:
            out.append(f"Release {esc(new_label)} is de eerste release: alles is nieuw. Hieronder staan de "
                       f"{len(diff.added)} onderdelen ervan.\n")
            out.append("| ID | Soort | Titel |\n| --- | --- | --- |")
            for d in sorted(diff.added, key=lambda d: (d.kind, natural(d.id))):
                out.append(f"| {self._item_ref(path, d.id, new_label)} | {KIND_LABELS.get(d.kind, d.kind)} | {cell(esc(d.title))} |")
            out.append("")
            self.page(path, title, "\n".join(out))
            return
        base = self.index.link(path, old_label, f"release {old_label}") if old_label in self.index.targets else f"release {esc(old_label)}"
        summary = join_nl(f"{n} {label.lower()}" for label, n in counts.items() if n)
        out.append(f"Vergeleken met {base}: {summary or 'geen inhoudelijke wijzigingen'}.\n")
        if not any(counts.values()):
            self.page(path, title, "\n".join(out))
            return
        for label, items, css in groups:
            if not items:
                continue
            out.append(f"## {label}\n")
            for d in sorted(items, key=lambda d: (d.kind, natural(d.id))):
                out.append(self._item_change(path, d, diff, new_label, project, css))
        self.page(path, title, "\n".join(out))

    def _item_ref(self, path: str, ident: str, new_label: str) -> str:
        return self.index.link(path, ident) if new_label == self.o.version else esc(ident)

    def _item_change(self, path: str, d, diff, new_label: str, project, css: str) -> str:
        change = getattr(d, "change", css)
        anchor = d.id
        label = f"{d.id} · {d.title}"
        out = [f"### {esc(label)} {{#{anchor} .stelsel-change .stelsel-change--{change}}}\n"]
        line = [chip(CHANGE_LABELS.get(change, change), f"change-{change}"), chip(KIND_LABELS.get(d.kind, d.kind), "kind")]
        if new_label == self.o.version and d.new is not None and d.id in self.index.targets:
            line.append(self.index.link(path, d.id, "bekijk in deze versie"))
        out.append(" ".join(line) + "\n")
        if getattr(d, "old_id", None):
            out.append(f"Was: {esc(d.old_id)}\n")
        proposals = self._proposals_for(diff, d, new_label, project)
        if proposals:
            refs = []
            for proposal in proposals:
                m = proposal.model
                ref = f"{self.index.link(path, proposal.id)} {esc(m.title)}"
                if getattr(m, "decision", None) is not None and proposal.id in self.index.targets:
                    target = self.index.targets[proposal.id]
                    decision = self.index.page_link(path, target.page, f"besluit {date_nl(m.decision.date)}",
                                                    anchor=f"{proposal.id}-besluit")
                    ref += f" ({decision})"
                elif getattr(m, "status", None):
                    ref += f" ({esc(self.state(m.status))})"
                refs.append(ref)
            out.append(f"**Wijzigingsvoorstel:** {'; '.join(refs)}\n")
        else:
            out.append("**Wijzigingsvoorstel:** *geen voorstel gevonden dat deze wijziging draagt.*\n")
        if change == "added" and d.new is not None:
            text = self._main_text(d.new)
            if text:
                out.append(f'<div class="stelsel-diff stelsel-diff--insert" markdown>\n\n{self.prose(text, path)}\n\n</div>\n')
        for f in getattr(d, "fields", []) or []:
            out.append(self._field_change(f))
        return "\n".join(out) + "\n"

    @staticmethod
    def _main_text(item) -> str | None:
        m = item.model
        for name in ("statement", "definition", "function", "description"):
            value = getattr(m, name, None)
            if isinstance(value, str) and value.strip():
                return value
        return None

    def _field_change(self, f) -> str:
        label = FIELD_LABELS.get(f.name, f.name)
        prose = isinstance(f.old, str) and isinstance(f.new, str) and (" " in f.old.strip() or " " in f.new.strip())
        if f.words and prose:
            parts = []
            previous = None
            for op, text in f.words:
                if op == "insert" and previous == "delete":
                    parts.append(" ")
                previous = op
                escaped = h(text).replace("\n", "<br>")
                if op == "insert":
                    parts.append(f"<ins>{escaped}</ins>")
                elif op == "delete":
                    parts.append(f"<del>{escaped}</del>")
                else:
                    parts.append(escaped)
            return (f'<div class="stelsel-diff"><p class="stelsel-diff__label">{h(label)}</p>'
                    f'<p>{"".join(parts)}</p></div>\n')
        return (f'<div class="stelsel-diff"><p class="stelsel-diff__label">{h(label)}</p><p>'
                f'<del>{h(_value(f.old))}</del> → <ins>{h(_value(f.new))}</ins></p></div>\n')

    # -- navigation and assets -----------------------------------------------------------

    def _navigation(self) -> list:
        pages = self.pages
        nav: list = [{"Start": L.HOME}]

        def present(entries):
            return [e for e in entries if list(e.values())[0] in pages]

        narratives = [{item.model.title: L.narrative_page(item.file.path)} for item in self._narrative_items()]
        if narratives:
            nav.append({"Toelichting": present(narratives)})
        if L.AGREEMENTS in pages:
            section: list = [L.AGREEMENTS]
            layers = present([{lay.title: L.layer_page(lay.id)} for lay in self.layers])
            if "afspraken/overig.md" in pages:
                layers.append({"Overige afspraken": "afspraken/overig.md"})
            section.append({"Per laag": layers})
            roles = present([{r.model.title: L.role_view_page(r.id)}
                             for r in sorted(self.p.items("role"), key=lambda r: natural(r.model.title))])
            if roles:
                section.append({"Per rol": roles})
            ucs = present([{u.model.title: L.use_case_view_page(u.id)}
                           for u in sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))])
            if ucs:
                section.append({"Per zorgtoepassing": ucs})
            nav.append({"Afspraken": section})
        if L.CHECKLISTS in pages:
            section = [L.CHECKLISTS]
            section.extend(present([{c.role_title: L.checklist_page(role_id)} for role_id, c in self.checklists.items()]))
            nav.append({"Checklists": section})
        grondslag = present([{"Principes": L.KIND_PAGES["principle"]}, {"Uitgangspunten": L.KIND_PAGES["starting_point"]}])
        if grondslag:
            nav.append({"Grondslag": grondslag})
        for title, page in (("Rollen", "rollen.md"), ("Diensten en beheer", "diensten.md"),
                            ("Beslistabellen", "beslistabellen.md"), ("Voorzieningen", "voorzieningen.md"),
                            ("Zorgtoepassingen", "zorgtoepassingen.md"), ("Onderdelen", "onderdelen.md"),
                            ("Begrippen", "begrippen.md"), ("Bronnen en normen", L.SOURCES),
                            ("Governance", L.GOVERNANCE)):
            if page in pages:
                nav.append({title: page})
        if L.PROPOSALS in pages:
            section = [L.PROPOSALS]
            extra = sorted((p for p in pages if p.startswith("voorstellen/") and p != L.PROPOSALS),
                           key=lambda p: version_key(posixpath.splitext(posixpath.basename(p))[0]), reverse=True)
            section.extend({self.titles[p]: p} for p in extra)
            nav.append({"Wijzigingsvoorstellen": section})
        if L.RELEASES in pages or any(p.startswith("wijzigingen/") for p in pages):
            section = [L.RELEASES] if L.RELEASES in pages else []
            notes = [{f"Release {r.id}": L.release_page(r.id)} for r in reversed(self.releases)]
            section.extend(present(notes))
            changes = sorted((p for p in pages if p.startswith("wijzigingen/")),
                             key=lambda p: (p.endswith(f"/{WORKING_VERSION}.md"),
                                            version_key(posixpath.splitext(posixpath.basename(p))[0])), reverse=True)
            if changes:
                section.append({"Wat is er gewijzigd": [{self.titles[p]: p} for p in changes]})
            nav.append({"Releases": section})
        return nav

    def _assets(self) -> dict[str, str]:
        """Figures next to the content (paginas/figuren/x.png), at the same place in the site."""
        from ..load import tree

        out: dict[str, str] = {}
        base = Path(self.p.root) / tree.CONTENT_DIR
        if not base.is_dir():
            return out
        for entry in tree.scan(Path(self.p.root)):
            suffix = posixpath.splitext(entry.path)[1].lower()
            if suffix in tree.ASSET_SUFFIXES and entry.path.startswith(tree.CONTENT_DIR + "/") and suffix != ".drawio":
                out[entry.path.split("/", 1)[1]] = entry.abspath
        return out


class _Wrapped:
    """A proposal model handed back by a diff, dressed as a loaded item."""

    def __init__(self, model):
        self.model = model
        self.id = model.id


def _value(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)
