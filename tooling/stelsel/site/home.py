"""Home page, narrative pages, navigation and figures (a mixin of pages._Generator).

These pages are short and mostly the authors' own Markdown, so they stay Markdown: mkdocs
renders and checks them as written (a broken link in a narrative page fails the build).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from markupsafe import Markup

from ..vocabulary import WITHDRAWN, kind_name
from . import links as L
from .consultation import CALENDAR, REPORTS
from .links import Problem, resolve_wikilinks
from .markup import H
from .shared import WORKING_VERSION, natural
from .shared import status as _status
from .text import admonition, date_nl, esc, plain, version_key


class HomePages:
    # -- banners (every page opens with one) ---------------------------------------------

    def version_sentence(self) -> str:
        if self.o.frozen:
            status = self.release_status(self.o.version)
            return f"Je bekijkt release {self.o.version}" + (f" ({status})." if status else ".")
        target = self.working_release
        return "Je bekijkt de werkversie (concept)" + (f" op weg naar release {target}." if target else ".")

    @property
    def release_decided(self) -> bool:
        """A frozen release that has been decided: what was 'gereed' in it is now in force."""
        if not self.o.frozen:
            return False
        model = self._release_model(self.o.version)
        return model is not None and getattr(model, "status", None) in ("vastgesteld", "gepubliceerd")

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

    # -- home ----------------------------------------------------------------------------

    def _home(self) -> None:
        page = L.HOME
        cfg = self.cfg
        title = cfg.title if cfg else "Afsprakenstelsel"
        out = [f"# {esc(title)}\n", self.banner([getattr(cfg, "status", None)] if cfg else [], single=True)]
        if cfg is not None:
            out.append(self.prose_md(cfg.purpose, page, None) + "\n")
            out.append(f"> **Motto:** {esc(plain(cfg.motto))}\n")
            facts = [("Beheer", esc(cfg.owner) if cfg.owner else ""),
                     ("Financiering", esc(cfg.financing) if cfg.financing else ""),
                     ("Licentie", f"[{esc(cfg.licence.title)}]({cfg.licence.url})" if cfg.licence.url else esc(cfg.licence.title))]
            out.append(self.meta_md(facts))
        audiences = self.audiences(page)
        if audiences:
            out += ["## Wat geldt voor mij?\n", audiences]
        out.append("## Releases\n")
        out.append(self._release_summary(page))
        out.append(self._pdf_line(page))
        out.append("## Openstaande consultaties\n")
        out.append(self.consultations_block(page))  # each with its 'Reageer' action (consultation.py)
        out.append(self.feeds_line(page))
        out.append("## Inhoud\n")
        sections = []
        counts = [("agreement", L.AGREEMENTS, "Afspraken", "afspraak", "afspraken"),
                  ("role", "rollen.md", "Rollen", "rol", "rollen"),
                  ("principle", "grondslag/principes.md", "Principes", "principe", "principes"),
                  ("starting_point", "grondslag/uitgangspunten.md", "Uitgangspunten", "uitgangspunt", "uitgangspunten"),
                  ("service", "diensten.md", "Diensten en beheer", "dienst", "diensten"),
                  ("facility", "voorzieningen.md", "Gemeenschappelijke voorzieningen", "voorziening", "voorzieningen"),
                  ("use_case", "zorgtoepassingen.md", kind_name(cfg, "use_case", plural=True, capital=True),
                   esc(kind_name(cfg, "use_case")), esc(kind_name(cfg, "use_case", plural=True))),
                  ("term", "begrippen.md", "Begrippen", "begrip", "begrippen")]
        for kind, target, label, one, many in counts:
            n = len(self.p.by_kind.get(kind, {}))
            if n:
                sections.append(f"- {self.index.page_link(page, target, label)}: {n} {one if n == 1 else many}")
        if self.checklists:
            n = len(self.checklists)
            sections.append(f"- {self.index.page_link(page, L.CHECKLISTS, 'Checklists')}: "
                            f"{n} rol{'' if n == 1 else 'len'}, om te downloaden als XLSX, CSV of Markdown")
        if self.proposals:  # every proposal this version knows, earlier releases' too (as its register)
            n = len(self.proposals)
            sections.append(f"- {self.index.page_link(page, L.PROPOSALS, 'Wijzigingsvoorstellen')}: "
                            f"{n} voorstel{'' if n == 1 else 'len'}")
        out.append("\n".join(sections) + "\n")
        self.page(page, title, "\n".join(out), source=self._config_source())

    def _release_summary(self, page: str) -> str:
        rows = []
        if self.o.frozen:
            # What is current changes after a release is frozen (it gets published, newer ones
            # follow); the version selector and the outdated banner say that. The frozen text
            # itself only states what this release is and what it follows on.
            this = self._release_entry(self.o.version)
            if this is not None:
                rows.append(("Deze release", self._release_ref(page, this)))
                previous = self._release_entry(self.previous_release(self.o.version))
                if previous is not None:
                    rows.append(("Vorige release", self._release_ref(page, previous)))
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
        text = self.meta_md(rows)
        if self.releases:
            text += f"\nZie ook het {self.index.page_link(page, L.RELEASES, 'overzicht van alle releases')}.\n"
        return text or "Er zijn nog geen releases geregistreerd.\n"

    def _release_ref(self, page: str, release) -> str:
        m = release.model
        status = self.release_status(release.id)
        day = self.release_date(release.id)
        when = date_nl(day) if day else (esc(m.planned) if m.planned else "")
        validity = self.validity_text(release.id)
        return (f"{self.index.link(page, release.id, m.title)} — {status}" + (f", {when}" if when else "")
                + (f"; {esc(validity)}" if validity else ""))

    def _copyright(self) -> str:
        cfg = self.cfg
        licence = cfg.licence
        name = H.a(licence.url, licence.title) if licence.url else licence.title
        owner = Markup("{} — ").format(cfg.owner) if cfg.owner else ""
        return str(Markup("{}{} — inhoud gepubliceerd onder de licentie {} ({}).").format(owner, cfg.title, name,
                                                                                       licence.id))

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
                section.append({f"Per {kind_name(self.cfg, 'use_case')}": ucs})
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
                            (kind_name(self.cfg, "use_case", plural=True, capital=True), "zorgtoepassingen.md"),
                            ("Onderdelen", "onderdelen.md"),
                            ("Begrippen", "begrippen.md"), ("Bronnen en normen", L.SOURCES),
                            ("Governance", L.GOVERNANCE)):
            if page in pages:
                nav.append({title: page})
        if L.PROPOSALS in pages:
            section = [L.PROPOSALS]
            extra = sorted((p for p in pages if p.startswith("voorstellen/") and p != L.PROPOSALS
                            and not p.startswith(REPORTS)),  # verwerkingsverslagen: outside the nav
                           key=lambda p: version_key(posixpath.splitext(posixpath.basename(p))[0]), reverse=True)
            section.extend({self.titles[p]: p} for p in extra)
            nav.append({"Wijzigingsvoorstellen": section})
        if L.RELEASES in pages or any(p.startswith("wijzigingen/") for p in pages):
            section = [L.RELEASES] if L.RELEASES in pages else []
            if CALENDAR in pages:
                section.append({"Releasekalender": CALENDAR})
            notes = [{f"Release {r.id}": L.release_page(r.id)} for r in reversed(self.releases)]
            section.extend(present(notes))
            changes = sorted((p for p in pages if p.startswith("wijzigingen/") and p.count("/") == 1),  # not per role
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
        content = tree.content_dir(self.p.root)
        base = Path(self.p.root) / content
        if not base.is_dir():
            return out
        for entry in tree.scan(Path(self.p.root)):
            suffix = posixpath.splitext(entry.path)[1].lower()
            if suffix in tree.ASSET_SUFFIXES and entry.path.startswith(content + "/") and suffix != ".drawio":
                out[entry.path.split("/", 1)[1]] = entry.abspath
        return out
