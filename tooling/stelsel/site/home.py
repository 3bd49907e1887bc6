"""Home page, narrative pages, navigation and figures (a mixin of pages._Generator).

These pages are short and mostly the authors' own Markdown, so they stay Markdown: mkdocs
renders and checks them as written (a broken link in a narrative page fails the build).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from markupsafe import Markup

from ..model.status import RELEASED_STATUSES, ItemStatus, ReleaseStatus
from ..vocabulary import WITHDRAWN, kind_name
from . import links as L
from .links import Problem, resolve_wikilinks
from .markup import H
from .shared import WORKING_VERSION, natural
from .shared import status as _status
from .text import admonition, esc, plain, version_key


class HomePages:
    # -- banners (every page opens with one) ---------------------------------------------

    def version_sentence(self) -> str:
        ui = self.ui
        if self.o.frozen:
            status = self.release_status(self.o.version)
            return (ui("site.version.release_status", version=self.o.version, status=status) if status
                    else ui("site.version.release", version=self.o.version))
        target = self.working_release
        return ui("site.version.working_for", version=target) if target else ui("site.version.working")

    @property
    def release_decided(self) -> bool:
        """A frozen release that has been decided: what was ready in it is now in force."""
        if not self.o.frozen:
            return False
        model = self._release_model(self.o.version)
        return model is not None and getattr(model, "status", None) in RELEASED_STATUSES

    def banner(self, statuses: Iterable[str | None] = (), *, single: bool = False) -> str:
        live = [s for s in statuses if s and s != WITHDRAWN]
        if self.release_decided:
            live = [ItemStatus.ADOPTED if s == ItemStatus.READY else s for s in live]
        version = self.version_sentence()
        target = self.target_release
        ui = self.ui
        if not live:
            kind, title = (("info", ui("site.banner.working")) if not self.o.frozen
                           else ("note", ui("site.banner.release", version=self.o.version)))
            return admonition(kind, title, version) + "\n"
        concept = sum(1 for s in live if s == ItemStatus.DRAFT)
        if concept:
            if single or len(live) == 1:
                text = ui("site.banner.concept_one")
            else:
                text = ui("site.banner.concept_some_one" if concept == 1 else "site.banner.concept_some_many",
                          count=concept, total=len(live))
            return admonition("warning", ui("site.banner.concept_title"), f"{text} {version}") + "\n"
        if all(s == ItemStatus.ADOPTED for s in live):
            text = (ui("site.banner.adopted_in", release=self.o.version, version=version) if self.release_decided
                    else ui("site.banner.adopted", version=version))
            return admonition("success", ui("site.banner.adopted_title"), text) + "\n"
        title = ui("site.banner.ready_title_for", version=target) if target else ui("site.banner.ready_title")
        return admonition("info", title, ui("site.banner.ready", version=version)) + "\n"

    # -- home ----------------------------------------------------------------------------

    def _home(self) -> None:
        page = L.HOME
        cfg = self.cfg
        ui = self.ui
        title = cfg.title if cfg else ui("site.home.framework")
        out = [f"# {esc(title)}\n", self.banner([getattr(cfg, "status", None)] if cfg else [], single=True)]
        if cfg is not None:
            out.append(self.prose_md(cfg.purpose, page, None) + "\n")
            out.append(f"> **{ui('site.home.motto')}** {esc(plain(cfg.motto))}\n")
            facts = [(ui("site.home.owner"), esc(cfg.owner) if cfg.owner else ""),
                     (ui("site.home.financing"), esc(cfg.financing) if cfg.financing else ""),
                     (ui("site.home.licence"), f"[{esc(cfg.licence.title)}]({cfg.licence.url})" if cfg.licence.url else esc(cfg.licence.title))]
            out.append(self.meta_md(facts))
        audiences = self.audiences(page)
        if audiences:
            out += [f"## {ui('site.home.for_me')}\n", audiences]
        out.append(f"## {ui('site.home.releases')}\n")
        out.append(self._release_summary(page))
        out.append(self._pdf_line(page))
        out.append(f"## {ui('site.home.consultations')}\n")
        out.append(self.consultations_block(page))  # each with its 'Reageer' action (consultation.py)
        out.append(self.feeds_line(page))
        out.append(f"## {ui('site.home.contents')}\n")
        sections = []

        def words(kind: str) -> tuple[str, str, str]:
            return ui(f"site.home.section.{kind}"), ui(f"site.home.one.{kind}"), ui(f"site.home.many.{kind}")

        counts = [("agreement", L.AGREEMENTS, *words("agreement")),
                  ("role", L.KIND_PAGES["role"], *words("role")),
                  ("principle", L.KIND_PAGES["principle"], *words("principle")),
                  ("starting_point", L.KIND_PAGES["starting_point"], *words("starting_point")),
                  ("service", L.KIND_PAGES["service"], *words("service")),
                  ("facility", L.KIND_PAGES["facility"], *words("facility")),
                  ("use_case", L.KIND_PAGES["use_case"], kind_name(cfg, "use_case", plural=True, capital=True),
                   esc(kind_name(cfg, "use_case")), esc(kind_name(cfg, "use_case", plural=True))),
                  ("term", L.KIND_PAGES["term"], *words("term"))]
        for kind, target, label, one, many in counts:
            n = len(self.p.by_kind.get(kind, {}))
            if n:
                sections.append(f"- {self.index.page_link(page, target, label)}: {n} {one if n == 1 else many}")
        if self.checklists:
            n = len(self.checklists)
            link = self.index.page_link(page, L.CHECKLISTS, ui("site.home.checklists"))
            sections.append("- " + ui("site.home.checklists_one" if n == 1 else "site.home.checklists_many",
                                      link=link, count=n))
        if self.proposals:  # every proposal this version knows, earlier releases' too (as its register)
            n = len(self.proposals)
            link = self.index.page_link(page, L.PROPOSALS, ui("site.home.proposals"))
            sections.append("- " + ui("site.home.proposals_one" if n == 1 else "site.home.proposals_many",
                                      link=link, count=n))
        out.append("\n".join(sections) + "\n")
        self.page(page, title, "\n".join(out), source=self._config_source())

    def _release_summary(self, page: str) -> str:
        rows = []
        ui = self.ui
        if self.o.frozen:
            # What is current changes after a release is frozen (it gets published, newer ones
            # follow); the version selector and the outdated banner say that. The frozen text
            # itself only states what this release is and what it follows on.
            this = self._release_entry(self.o.version)
            if this is not None:
                rows.append((ui("site.home.this_release"), self._release_ref(page, this)))
                previous = self._release_entry(self.previous_release(self.o.version))
                if previous is not None:
                    rows.append((ui("site.home.previous_release"), self._release_ref(page, previous)))
            else:
                rows.append((ui("site.home.this_release"), esc(self.o.version)))
        else:
            published = [r for r in self.releases if getattr(r.model, "status", None) == ReleaseStatus.PUBLISHED]
            if published:
                rows.append((ui("site.home.current_release"), self._release_ref(page, published[-1])))
            working = self._release_entry(self.working_release)
            if working is not None:
                rows.append((ui("site.home.preparing"), self._release_ref(page, working)))
            if self.working_release:
                later = [r for r in self.releases if version_key(r.id) > version_key(self.working_release)]
                if later:
                    rows.append((ui("site.home.next_release"), self._release_ref(page, later[0])))
        text = self.meta_md(rows)
        if self.releases:
            text += "\n" + ui("site.home.see_all", link=self.index.page_link(page, L.RELEASES,
                                                                        ui("site.home.all_releases"))) + "\n"
        return text or ui("site.home.no_releases") + "\n"

    def _release_ref(self, page: str, release) -> str:
        m = release.model
        status = self.release_status(release.id)
        day = self.release_date(release.id)
        when = self.day(day) if day else (esc(m.planned) if m.planned else "")
        validity = self.validity_text(release.id)
        return (f"{self.index.link(page, release.id, m.title)} — {status}" + (f", {when}" if when else "")
                + (f"; {esc(validity)}" if validity else ""))

    def _copyright(self) -> str:
        cfg = self.cfg
        licence = cfg.licence
        name = H.a(licence.url, licence.title) if licence.url else licence.title
        owner = Markup("{} — ").format(cfg.owner) if cfg.owner else ""
        return str(self.ui.html("site.home.copyright", owner=owner, title=cfg.title, licence=name, id=licence.id))

    # -- narrative pages -----------------------------------------------------------------

    def _narrative_items(self):
        return sorted(self.p.items("page"), key=lambda i: (getattr(i.model, "order", 0), natural(i.model.title)))

    def _narratives(self) -> None:
        reserved = set(L.KIND_PAGES.values()) | {L.HOME, L.SOURCES, L.GOVERNANCE}
        w = L.paths().words
        reserved_dirs = tuple(f"{w[key]}/" for key in ("agreements", "proposals", "releases", "changes", "basis"))
        for item in self._narrative_items():
            path = L.narrative_page(item.file.path)
            if path in reserved or path.startswith(reserved_dirs) or path in self.pages:
                self.problems.append(Problem(self._source(item), 1, f"page '{path}' would replace a generated page; "
                                             "move the file into a folder such as paginas/"))
                continue
            body = item.file.body or ""
            text = resolve_wikilinks(body, self.index, path, source=self._source(item), line=item.file.body_line,
                                     problems=self.problems)
            banner = self.banner([_status(item)], single=True) + self.block(self.basis_block(item, path))
            extra = self.meta(self.common_rows(item, path))
            lines = text.lstrip("\n").split("\n")
            if lines and lines[0].startswith("# "):
                text = lines[0] + "\n\n" + banner + "\n" + "\n".join(lines[1:])
            else:
                text = banner + "\n" + text
            if extra:
                text = text.rstrip() + "\n\n---\n" + self.block(extra)
            self.page(path, item.model.title, text, source=self._source(item))

    # -- navigation and assets -----------------------------------------------------------

    def _navigation(self) -> list:
        pages = self.pages
        ui = self.ui
        nav: list = [{ui("site.nav.start"): L.HOME}]

        def present(entries):
            return [e for e in entries if list(e.values())[0] in pages]

        narratives = [{item.model.title: L.narrative_page(item.file.path)} for item in self._narrative_items()]
        if narratives:
            nav.append({ui("site.nav.explanation"): present(narratives)})
        if L.AGREEMENTS in pages:
            section: list = [L.AGREEMENTS]
            layers = present([{lay.title: L.layer_page(lay.id)} for lay in self.layers])
            if L.OTHER_AGREEMENTS in pages:
                layers.append({ui("site.nav.other_agreements"): L.OTHER_AGREEMENTS})
            section.append({ui("site.nav.per_layer"): layers})
            roles = present([{r.model.title: L.role_view_page(r.id)}
                             for r in sorted(self.p.items("role"), key=lambda r: natural(r.model.title))])
            if roles:
                section.append({ui("site.nav.per_role"): roles})
            ucs = present([{u.model.title: L.use_case_view_page(u.id)}
                           for u in sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))])
            if ucs:
                section.append({ui("site.nav.per_kind", kind=kind_name(self.cfg, 'use_case')): ucs})
            nav.append({ui("site.nav.agreements"): section})
        if L.CHECKLISTS in pages:
            section = [L.CHECKLISTS]
            section.extend(present([{c.role_title: L.checklist_page(role_id)} for role_id, c in self.checklists.items()]))
            nav.append({ui("site.nav.checklists"): section})
        grondslag = present([{ui("site.nav.principles"): L.KIND_PAGES["principle"]},
                             {ui("site.nav.starting_points"): L.KIND_PAGES["starting_point"]}])
        if grondslag:
            nav.append({ui("site.nav.grounds"): grondslag})
        pages_of = L.KIND_PAGES
        for title, page in ((ui("site.nav.roles"), pages_of["role"]), (ui("site.nav.services"), pages_of["service"]),
                            (ui("site.nav.tables"), pages_of["decision_table"]),
                            (ui("site.nav.facilities"), pages_of["facility"]),
                            (kind_name(self.cfg, "use_case", plural=True, capital=True), pages_of["use_case"]),
                            (ui("site.nav.elements"), pages_of["element"]),
                            (ui("site.nav.terms"), pages_of["term"]), (ui("site.nav.sources"), L.SOURCES),
                            (ui("site.nav.governance"), L.GOVERNANCE)):
            if page in pages:
                nav.append({title: page})
        if L.PROPOSALS in pages:
            section = [L.PROPOSALS]
            extra = sorted((p for p in pages if p.startswith(L.paths().words["proposals"] + "/") and p != L.PROPOSALS
                            and not p.startswith(L.REPORTS)),  # verwerkingsverslagen: outside the nav
                           key=lambda p: version_key(posixpath.splitext(posixpath.basename(p))[0]), reverse=True)
            section.extend({self.titles[p]: p} for p in extra)
            nav.append({ui("site.nav.proposals"): section})
        changes_dir = L.paths().words["changes"] + "/"
        if L.RELEASES in pages or any(p.startswith(changes_dir) for p in pages):
            section = [L.RELEASES] if L.RELEASES in pages else []
            if L.CALENDAR in pages:
                section.append({ui("site.nav.calendar"): L.CALENDAR})
            notes = [{ui("site.nav.release", version=r.id): L.release_page(r.id)} for r in reversed(self.releases)]
            section.extend(present(notes))
            changes = sorted((p for p in pages if p.startswith(changes_dir) and p.count("/") == 1),  # not per role
                             key=lambda p: (p.endswith(f"/{WORKING_VERSION}.md"),
                                            version_key(posixpath.splitext(posixpath.basename(p))[0])), reverse=True)
            if changes:
                section.append({ui("site.nav.changes"): [{self.titles[p]: p} for p in changes]})
            nav.append({ui("site.nav.releases"): section})
        return nav

    def _assets(self) -> dict[str, str]:
        """Figures next to the content (paginas/figuren/x.png), at the same place in the site."""
        from ..load import tree

        out: dict[str, str] = {}
        content = tree.content_dir(self.p.root)
        base = Path(self.p.root) / content
        if not base.is_dir():
            return out
        for entry in tree.scan(Path(self.p.root)):
            suffix = posixpath.splitext(entry.path)[1].lower()
            if suffix in tree.ASSET_SUFFIXES and entry.path.startswith(content + "/") and suffix != ".drawio":
                out[entry.path.split("/", 1)[1]] = entry.abspath
        return out
