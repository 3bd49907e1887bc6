"""Principles, starting points, roles, services, decision tables, facilities, use cases,
elements, the glossary, sources and governance (a mixin of pages._Generator): one page per
kind, each item a Markdown heading with its body as one HTML part (markup.py)."""

from __future__ import annotations

from markupsafe import Markup

from ..vocabulary import WITHDRAWN, kind_name
from . import links as L
from .role_pages import role_overview_page
from .markup import H, join, table, ul
from .shared import basis as _basis
from .shared import natural
from .shared import status as _status
from .text import BASIS_ADMONITIONS, esc, plain


class CatalogPages:
    # -- principles and starting points --------------------------------------------------

    def _derived(self, path: str, ident: str) -> str:
        if not hasattr(self, "_derived_index"):
            self._derived_index: dict[str, list[str]] = {}
            for item in self.agreements:
                for source in dict.fromkeys(item.model.derived_from or []):
                    self._derived_index.setdefault(source, []).append(item.id)
        return self.links(path, self._derived_index.get(ident, []))

    def _grondslag(self) -> None:
        ui = self.ui
        kinds = ui.mapping("kind")
        principles = sorted(self.p.items("principle"), key=lambda i: (i.model.number or 10**6, natural(i.id)))
        if principles:
            path = L.KIND_PAGES["principle"]
            out = [f"# {ui('site.catalog.principles')}\n", self.banner([_status(i) for i in principles]),
                   ui("site.catalog.principles_lead") + "\n"]
            for item in principles:
                m = item.model
                number = (ui("site.catalog.principle_number", number=m.number)
                          if m.number and not m.title.lower().startswith(kinds["principle"]) else "")
                out.append(self.heading(2, item, f"{number}{m.title}"))
                out.append(self.item_block(
                    self.status_line(item, self.chip(item.id, "id")),
                    self.prose(m.statement, path, item, ("statement",)) if m.statement else "",
                    self.prose(m.description, path, item, ("description",)) if m.description else "",
                    self.basis_block(item, path),
                    self.meta([(ui("site.catalog.derived"), self._derived(path, item.id))]
                              + self.common_rows(item, path))))
            self.page(path, ui("site.catalog.principles"), "\n".join(out))
        points = sorted(self.p.items("starting_point"), key=lambda i: (i.model.number or 10**6, natural(i.id)))
        if points:
            path = L.KIND_PAGES["starting_point"]
            out = [f"# {ui('site.catalog.starting_points')}\n", self.banner([_status(i) for i in points])]
            for item in points:
                m = item.model
                number = (ui("site.catalog.starting_point_number", number=m.number)
                          if m.number and not m.title.lower().startswith(kinds["starting_point"]) else "")
                out.append(self.heading(2, item, f"{number}{m.title}"))
                out.append(self.item_block(
                    self.status_line(item, self.chip(item.id, "id")),
                    self.prose(m.statement, path, item, ("statement",)),
                    self.prose(m.description, path, item, ("description",)) if m.description else "",
                    self.basis_block(item, path),
                    self.meta([(ui("site.catalog.steers"), self.links(path, m.applies_to)),
                               (ui("site.catalog.derived"), self._derived(path, item.id))]
                              + self.common_rows(item, path))))
            self.page(path, ui("site.catalog.starting_points"), "\n".join(out))

    # -- roles ---------------------------------------------------------------------------

    def _roles(self) -> None:
        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if not roles:
            return
        path = L.KIND_PAGES["role"]
        counts = {role_id: len(items) for role_id, items in self.agreements_by_role.items()}
        services = sorted(self.p.items("service"), key=lambda s: natural(s.model.title))
        facilities = list(self.p.items("facility"))
        ui = self.ui
        out = [f"# {ui('site.catalog.roles')}\n", self.banner([_status(r) for r in roles]),
               ui("site.catalog.roles_lead") + "\n"]
        for role in roles:
            m = role.model
            out.append(self.heading(2, role))
            n = counts.get(role.id, 0)
            subs = [r.id for r in roles if r.model.part_of == role.id]
            many = ui("site.catalog.role_agreements_one" if n == 1 else "site.catalog.role_agreements_many", count=n)
            rows = [(ui("site.catalog.part_of"), self.index.a(path, m.part_of) if m.part_of else ""),
                    (ui("site.catalog.sub_roles"), self.links(path, subs)),
                    (ui("site.catalog.fulfilled_by"), self.actors(m.performed_by)),
                    (ui("site.catalog.agreements"), self.index.page_a(path, L.role_view_page(role.id), many) if n else ""),
                    (ui("site.catalog.checklist"), self.index.page_a(path, L.checklist_page(role.id),
                                                                     ui("site.catalog.checklist_link"))
                     if role.id in self.checklists else ""),
                    (ui("site.catalog.changes"), self.index.page_a(path, role_overview_page(role.id),
                                                                   ui("site.catalog.changes_link"))
                     if self.o.history else ""),
                    (ui("site.catalog.responsible_for"), self.links(path, [s.id for s in services
                                                                           if role.id in (s.model.responsible or [])])),
                    (ui("site.catalog.manages"), self.links(path, [f.id for f in facilities
                                                                   if role.id in (f.model.managed_by or [])]))]
            parts = [self.status_line(role),
                     self.prose(m.description, path, role, ("description",)) if m.description else "",
                     self.basis_block(role, path),
                     self.meta(rows + self.common_rows(role, path))]
            if m.responsibilities:
                parts.append(H.p(H.strong(ui("site.catalog.responsibilities"))))
                parts.append(ul(self.prose(text, path, role, ("responsibilities", index), inline=True)
                                for index, text in enumerate(m.responsibilities)))
            out.append(self.item_block(*parts))
        self.page(path, ui("site.catalog.roles"), "\n".join(out))

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
        ui = self.ui
        out = [f"# {ui('site.catalog.services')}\n", self.banner([_status(s) for s in services])]
        if list(self.p.items("decision_table")):
            link = self.index.page_link(path, L.KIND_PAGES["decision_table"], ui("site.catalog.tables_link"))
            out.append(ui("site.catalog.see_tables", link=link) + "\n")
        seen: set[str] = set()

        def render(service, level: int) -> None:
            if service.id in seen:
                return
            seen.add(service.id)
            m = service.model
            out.append(self.heading(min(level, 6), service))
            rows = [(ui("site.catalog.part_of"), self.index.a(path, m.part_of) if m.part_of else ""),
                    (ui("site.catalog.performed_by"), self.actors(m.performed_by)),
                    (ui("site.catalog.responsible"), self.links(path, m.responsible)),
                    (ui("site.catalog.includes"), self.links(path, [c.id for c in children.get(service.id, [])]))]
            out.append(self.item_block(self.status_line(service),
                                       self.prose(m.description, path, service, ("description",)) if m.description else "",
                                       self.basis_block(service, path),
                                       self.meta(rows + self.common_rows(service, path))))
            for child in children.get(service.id, []):
                render(child, level + 1)

        for top in children.get(None, []):
            render(top, 2)
        for service in services:  # anything left in a cycle of part_of
            render(service, 2)
        self.page(path, ui("site.catalog.services"), "\n".join(out))

    # -- decision tables -----------------------------------------------------------------

    def _decision_tables(self) -> None:
        tables = sorted(self.p.items("decision_table"), key=lambda t: natural(t.model.title))
        if not tables:
            return
        path = L.KIND_PAGES["decision_table"]
        out = [f"# {self.ui('site.catalog.tables')}\n", self.banner([_status(t) for t in tables])]
        for item in tables:
            m = item.model
            out.append(self.heading(2, item))
            rows = []
            for index, row in enumerate(m.rows):
                cells = []
                for column in m.columns:
                    value = row.get(column.key)
                    values = value if isinstance(value, list) else ([] if value is None else [value])
                    if column.ref:
                        text = join(", ", (self.index.a(path, v) if v in self.index.targets
                                           else self.index.a_declared(path, column.ref[0], v) for v in values))
                    else:
                        text = join("; ", (self.prose(str(v), path, item, ("rows", index, column.key), inline=True)
                                           for v in values))
                    cells.append(text or "—")
                rows.append(cells)
            out.append(self.item_block(self.status_line(item),
                                       self.prose(m.description, path, item, ("description",)) if m.description else "",
                                       self.basis_block(item, path),
                                       table([self.t(c.title) for c in m.columns], rows),
                                       self.meta(self.common_rows(item, path))))
        self.page(path, self.ui("site.catalog.tables"), "\n".join(out), hide_toc=True)

    # -- facilities and use cases --------------------------------------------------------

    def _facilities(self) -> None:
        facilities = sorted(self.p.items("facility"), key=lambda f: natural(f.model.title))
        if not facilities:
            return
        path = L.KIND_PAGES["facility"]
        ui = self.ui
        out = [f"# {ui('site.catalog.facilities')}\n", self.banner([_status(f) for f in facilities])]
        for item in facilities:
            m = item.model
            out.append(self.heading(2, item))
            decision = ""
            if m.decision is not None:
                d = m.decision
                decision = Markup("{}, {}").format(self.t(d.body), self.day(d.date))
                decision += Markup(": {}").format(self.t(plain(d.summary))) if d.summary else ""
                decision += Markup(" ({})").format(self.t(d.reference)) if d.reference else ""
            users = [u.id for u in self.p.items("use_case") if item.id in (u.model.facilities or [])]
            agreements = [a.id for a in self.agreements if item.id in (a.model.facilities or [])]
            rows = [(ui("site.catalog.aliases"), self.t(", ".join(m.aliases))),
                    (ui("site.catalog.provided_by"), self.actors(m.provided_by)),
                    (ui("site.catalog.managed_by"), self.links(path, m.managed_by)),
                    (ui("site.catalog.decision"), decision),
                    (ui("site.catalog.used_by"), self.links(path, users)),
                    (ui("site.catalog.agreements"), self.links(path, agreements))]
            out.append(self.item_block(self.status_line(item, *(self.chip(a, "alias") for a in m.aliases)),
                                       self.prose(m.function, path, item, ("function",)),
                                       self.prose(m.description, path, item, ("description",)) if m.description else "",
                                       self.basis_block(item, path),
                                       self.meta(rows + self.common_rows(item, path))))
        self.page(path, ui("site.catalog.facilities"), "\n".join(out))

    def _use_cases(self) -> None:
        use_cases = sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))
        if not use_cases:
            return
        path = L.KIND_PAGES["use_case"]
        title = kind_name(self.cfg, "use_case", plural=True, capital=True)  # the framework's own name for them
        ui = self.ui
        out = [f"# {esc(title)}\n", self.banner([_status(u) for u in use_cases]),
               ui("site.catalog.use_cases_lead", kind=esc(kind_name(self.cfg, 'use_case'))) + "\n"]
        for item in use_cases:
            m = item.model
            out.append(self.heading(2, item))
            n = sum(1 for a in self.agreements if item.id in (a.model.use_cases or []))
            many = ui("site.catalog.agreements_one" if n == 1 else "site.catalog.agreements_many", count=n)
            rows = [(ui("site.catalog.programmes"), self.t(", ".join(m.programmes))),
                    (ui("site.catalog.facilities_short"), self.links(path, m.facilities)),
                    (ui("site.catalog.agreements"), self.index.page_a(path, L.use_case_view_page(item.id), many)
                     if n else "")]
            parts = [self.status_line(item),
                     self.prose(m.description, path, item, ("description",)) if m.description else "",
                     self.basis_block(item, path),
                     self.meta(rows + self.common_rows(item, path))]
            if m.increments:
                cells = []
                for index, inc in enumerate(sorted(m.increments, key=lambda i: i.order)):
                    desc = self.prose(inc.description, path, item, ("increments", index, "description"), inline=True)
                    basis = _basis(inc)
                    if basis != "source":
                        desc = Markup("{} {}").format(H.em(self.t(ui.mapping("basis").get(basis, basis)) + "."), desc)
                    cells.append([str(inc.order), self.t(inc.title), desc])
                parts.append(H.p(H.strong(ui("site.catalog.increments"))))
                parts.append(table(["#", ui("site.catalog.increment"), ui("site.catalog.description")], cells))
            out.append(self.item_block(*parts))
        self.page(path, title, "\n".join(out))

    # -- elements ------------------------------------------------------------------------

    def _elements(self) -> None:
        elements = list(self.p.items("element"))
        if not elements:
            return
        path = L.KIND_PAGES["element"]
        categories = list(self.cfg.categories) if self.cfg else []
        known = {c.id for c in categories}
        ui = self.ui
        out = [f"# {ui('site.catalog.elements')}\n", self.banner([_status(e) for e in elements])]

        def key(e):
            return (e.model.order if e.model.order is not None else 10**6, natural(e.model.title))

        ordered = sorted(elements, key=key)
        groups = [(c.title, c.description, [e for e in elements if e.model.category == c.id]) for c in categories]
        groups.append((ui("site.catalog.other"), None, [e for e in elements if e.model.category not in known]))
        for title, description, group in groups:
            if not group:
                continue
            out.append(f"## {esc(title)}\n")
            if description:
                out.append(self.block(self.prose(description, path)))
            for item in sorted(group, key=key):
                m = item.model
                out.append(self.heading(3, item))
                parts = [e.id for e in ordered if e.model.part_of == item.id]
                rows = [(ui("site.catalog.part_of"), self.index.a(path, m.part_of) if m.part_of else ""),
                        (ui("site.catalog.includes"), self.links(path, parts))]
                out.append(self.item_block(self.status_line(item),
                                           self.prose(m.description, path, item, ("description",)) if m.description else "",
                                           self.basis_block(item, path),
                                           self.meta(rows + self.common_rows(item, path))))
        self.page(path, ui("site.catalog.elements"), "\n".join(out))

    # -- glossary ------------------------------------------------------------------------

    def _terms(self):
        return sorted(self.p.items("term"), key=lambda t: natural(t.model.title))

    def _glossary_abbreviations(self) -> dict[str, str]:
        """Word -> meaning, as the abbreviation lines of :meth:`_abbreviations` define them."""
        out = {}
        for item in self._terms():
            m = item.model
            if m.expansion and _status(item) != WITHDRAWN:
                word = " ".join(m.title.split())
                meaning = " ".join(plain(m.expansion).split())
                if word and meaning and "]" not in word:
                    out[word] = meaning
        return out

    def _abbreviations(self) -> str:
        lines = [f"*[{word}]: {meaning}" for word, meaning in self._glossary_abbreviations().items()]
        return "\n".join(lines) + ("\n" if lines else "")


    def _glossary(self) -> None:
        terms = self._terms()
        if not terms:
            return
        path = L.KIND_PAGES["term"]
        ui = self.ui
        out = [f"# {ui('site.catalog.terms')}\n", self.banner([_status(t) for t in terms]),
               ui("site.catalog.terms_lead") + "\n"]
        for item in terms:
            m = item.model
            out.append(self.heading(2, item))
            out.append(self.item_block(self.status_line(item),
                                       H.p(H.em(self.t(m.expansion))) if m.expansion else "",
                                       self.prose(m.definition, path, item, ("definition",)),
                                       self.prose(m.description, path, item, ("description",)) if m.description else "",
                                       self.basis_block(item, path),
                                       self.meta([(ui("site.catalog.see_also"), self.links(path, m.see_also))]
                                                 + self.common_rows(item, path))))
        self.page(path, ui("site.catalog.terms"), "\n".join(out))

    # -- sources, norms, governance ------------------------------------------------------

    def _sources(self) -> None:
        cfg = self.cfg
        if cfg is None or not (cfg.sources or cfg.norms):
            return
        path = L.SOURCES
        ui = self.ui
        out = [f"# {ui('site.catalog.sources_title')}\n", self.banner()]
        if cfg.sources:
            out.append(f"## {ui('site.catalog.sources')}\n\n{ui('site.catalog.sources_lead')}\n")
            for source in cfg.sources:
                out.append(f"### {esc(source.id)} · {esc(source.title)} {{#bron-{source.id}}}\n")
                out.append(self.item_block(
                    self.prose(source.description, path) if source.description else "",
                    self.meta([(ui("site.catalog.address"), H.a(source.url, source.url) if source.url else ""),
                               (ui("site.catalog.licence"), self.t(source.licence) if source.licence else "")])))
        if cfg.norms:
            out.append(f"## {ui('site.catalog.norms')}\n")
            by_norm: dict[str, list[str]] = {}
            for agreement in self.agreements:
                for norm_id in dict.fromkeys(agreement.model.norms or []):
                    by_norm.setdefault(norm_id, []).append(agreement.id)
            for norm in cfg.norms:
                out.append(f"### {esc(norm.title)} {{#norm-{norm.id}}}\n")
                out.append(self.item_block(
                    self.prose(norm.description, path) if norm.description else "",
                    self.prose(norm.relation, path) if norm.relation else "",
                    self.meta([(ui("site.catalog.address"), H.a(norm.url, norm.url) if norm.url else ""),
                               (ui("site.catalog.agreements"), self.links(path, by_norm.get(norm.id, [])))])))
        self.page(path, ui("site.catalog.sources_title"), "\n".join(out))

    def _governance(self) -> None:
        gov = self.gov
        if gov is None:
            return
        path = L.GOVERNANCE
        out = [f"# {esc(gov.title)}\n", self.banner()]
        if gov.description:
            out.append(self.block(self.prose(gov.description, path)))
        ui = self.ui
        out.append(f"## {ui('site.catalog.bodies')}\n")
        body_types = ui.mapping("site.catalog.body_type")
        explanations, labels = ui.mapping("basis_explanation"), ui.mapping("basis")
        functions = {f.id: f.title for f in (self.cfg.functions if self.cfg else [])}
        for body in gov.bodies:
            kind = getattr(body.type, "value", body.type)
            out.append(f"### {esc(body.title)} {{#orgaan-{body.id}}}\n")
            parts = [H.p(self.chip(body_types.get(kind, kind))),
                     self.prose(body.description, path) if body.description else ""]
            basis = _basis(body)
            if basis != "source":
                text = [H.p(self.t(explanations[basis]))] if explanations.get(basis) else []
                if body.basis_note:
                    text.append(H.p(self.t(body.basis_note)))
                parts.append(self.admonition(BASIS_ADMONITIONS.get(basis, "note"), labels.get(basis, basis),
                                             join("\n", text)))
            members = [self.person(m.person) + (Markup(" — {}").format(self.t(functions.get(m.function, m.function)))
                                                if m.function else "")
                       for m in body.members]
            if members:
                parts.append(join("\n", [H.p(ui("site.catalog.members")), ul(members)]))
            out.append(self.item_block(*parts))
        wf = gov.workflow
        out.append(f"## {ui('site.catalog.workflow')}\n")
        parts = [table([ui("site.catalog.status"), ui("site.catalog.meaning")],
                       ([self.t(state.title), self.prose(state.description, path, inline=True)] for state in wf.states))]
        if wf.proposal_types:
            parts.append(join("\n", [H.p(ui("site.catalog.proposal_types")), ul(
                H.strong(self.t(t.title))
                + (Markup(": {}").format(self.prose(t.description, path, inline=True)) if t.description else "")
                for t in wf.proposal_types)]))
        out.append(self.item_block(*parts))
        self.page(path, gov.title, "\n".join(out))
