"""The agreements: by layer (their canonical place), by role and by use case, and the overview
(a mixin of pages._Generator). Each agreement is a Markdown heading with its body as one HTML
part (markup.py); the views repeat the same anchors and are left out of search."""

from __future__ import annotations

from markupsafe import Markup

from ..model.items import evidence_summary
from ..vocabulary import WITHDRAWN, kind_name, layer_type_name
from . import links as L
from .markup import H, join, table, ul
from .shared import natural
from .shared import status as _status
from .text import esc, plain


class AgreementPages:
    def _agreements(self) -> None:
        items = self.agreements
        if not items:
            return
        by_page: dict[str, list] = {}
        for item in items:
            by_page.setdefault(self._agreement_page(item), []).append(item)
        self._agreement_overview(items)
        titles = self.agreement_titles()
        for layer in self.layers:
            path = L.layer_page(layer.id)
            chosen = by_page.get(path, [])
            also = [i for i in items if layer.id in (i.model.layers or []) and self._agreement_page(i) != path]
            ui = self.ui
            intro = [f"# {ui('site.agreements.layer_title', layer=esc(layer.title))}\n"]
            statuses = [_status(i) for i in chosen]
            intro.append(self.banner(statuses))
            if layer.description:
                intro.append(self.prose_md(layer.description, path) + "\n")
            kind = getattr(layer.type, "value", layer.type)
            facts = [(ui("site.agreements.kind"), esc(layer_type_name(self.cfg, "condition" if kind == "condition"
                                                                      else "interoperability"))),
                     (ui("site.agreements.owner"), esc(plain(layer.owner)) if layer.owner else "")]
            intro.append(self.meta_md(facts))
            if not chosen and not also:
                intro.append(ui("site.agreements.layer_empty") + "\n")
            intro.append(self.level_index(path, chosen, ui("site.agreements.on_this_layer")))
            body = self._agreement_list(path, chosen)
            if also:
                body += f"\n## {ui('site.agreements.also_heading')}\n\n{ui('site.agreements.also')}\n"
                body += self.block(ul(self.index.a(path, i.id) for i in also))
            self.page(path, titles[path], "\n".join(intro) + "\n" + body)
        if L.OTHER_AGREEMENTS in by_page:
            path = L.OTHER_AGREEMENTS
            chosen = by_page[path]
            other = titles[path]
            self.page(path, other, f"# {other}\n\n" + self.banner([_status(i) for i in chosen])
                      + "\n" + self._agreement_list(path, chosen))
        by_role = self.agreements_by_role
        by_use_case: dict[str, list] = {}
        for item in items:
            for use_case in dict.fromkeys(item.model.use_cases or []):
                by_use_case.setdefault(use_case, []).append(item)
        for role in sorted(self.p.items("role"), key=lambda r: natural(r.model.title)):
            path = L.role_view_page(role.id)
            chosen = by_role.get(role.id, [])
            ui = self.ui
            head = [f"# {ui('site.agreements.role_title', role=esc(role.model.title))}\n",
                    self.banner([_status(i) for i in chosen]), self.role_summary(path, role, chosen),
                    ui("site.agreements.role_lead", role=self.index.link(path, role.id)) + "\n"]
            if role.id in self.checklists:
                link = self.index.page_link(path, L.checklist_page(role.id),
                                            ui("site.agreements.role_checklist_link", role=role.model.title))
                head.append(ui("site.agreements.role_checklist", link=link,
                               downloads=self._download_links_md(path, role.id)) + "\n")
            head.append(self.level_index(path, chosen))
            self.page(path, role.model.title, "\n".join(head) + "\n" + self._grouped_by_layer(path, chosen, compact=True),
                      search=False)
        for use_case in sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title)):
            path = L.use_case_view_page(use_case.id)
            chosen = by_use_case.get(use_case.id, [])
            ui = self.ui
            head = [f"# {ui('site.agreements.use_case_title', use_case=esc(use_case.model.title))}\n",
                    self.banner([_status(i) for i in chosen]),
                    ui("site.agreements.use_case_lead", kind=esc(kind_name(self.cfg, 'use_case')),
                       use_case=self.index.link(path, use_case.id)) + "\n",
                    self.level_index(path, chosen)]
            self.page(path, use_case.model.title, "\n".join(head) + "\n" + self._grouped_by_layer(path, chosen, compact=True),
                      search=False)

    def agreement_titles(self) -> dict[str, str]:
        """The titles of the pages that show the agreements (one per layer, and the rest's), known
        before those pages are made: the item pages name them, and may be made at the same time
        (pages.BESIDE)."""
        titles = {L.layer_page(layer.id): layer.title for layer in self.layers}
        titles[L.OTHER_AGREEMENTS] = self.ui("site.agreements.other")
        return titles

    def _agreement_overview(self, items) -> None:
        path = L.AGREEMENTS
        ui = self.ui
        out = [f"# {ui('site.agreements.title')}\n", self.banner([_status(i) for i in items])]
        layer_model, condition = (esc(layer_type_name(self.cfg, t)) for t in ("interoperability", "condition"))
        out.append(ui("site.agreements.lead", layer_model=layer_model, condition=condition,
                      kind=esc(kind_name(self.cfg, 'use_case'))) + "\n")
        if self.levels:
            out.append(f"## {ui('site.agreements.levels')}\n")
            out.append(self.block(table(
                [ui("site.agreements.level"), ui("site.agreements.meaning"), ui("site.agreements.mandatory")],
                ([H.strong(self.t(level.id)),
                  self.prose(level.description, path, inline=True) or self.t(level.title),
                  ui("site.agreements.yes") if level.mandatory else ui("site.agreements.no")]
                 for level in self.levels.values()))))
        counts_layer: dict[str, int] = {}
        counts_role: dict[str, int] = {}
        counts_use_case: dict[str, int] = {}
        for item in items:
            for counts, ids in ((counts_layer, item.model.layers), (counts_role, item.model.applies_to),
                                (counts_use_case, item.model.use_cases)):
                for ident in dict.fromkeys(ids or []):
                    counts[ident] = counts.get(ident, 0) + 1
        out.append(f"## {ui('site.agreements.per_layer')}\n")
        out.append(self.block(table([ui("site.agreements.layer"), ui("site.agreements.count")],
                                    ([self.index.a_declared(path, "layer", layer.id), str(counts_layer.get(layer.id, 0))]
                                     for layer in self.layers))))
        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if roles:
            out.append(f"## {ui('site.agreements.per_role')}\n")
            out.append(self.block(ul(Markup("{} ({})").format(self.index.page_a(path, L.role_view_page(r.id), r.model.title),
                                                              counts_role.get(r.id, 0)) for r in roles)))
        use_cases = sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))
        if use_cases:
            out.append(f"## {ui('site.agreements.per_kind', kind=esc(kind_name(self.cfg, 'use_case')))}\n")
            out.append(self.block(ul(Markup("{} ({})").format(
                self.index.page_a(path, L.use_case_view_page(u.id), u.model.title), counts_use_case.get(u.id, 0))
                for u in use_cases)))
        out.append(f"## {ui('site.agreements.all')}\n")
        # Not in the search index: every agreement is there on its layer page, with its text; as one
        # section this table matched nearly every search (445 KB of the index at N = 5,000).
        out.append(self.block(table(
            ["ID"] + [ui(f"site.agreements.{key}") for key in ("agreement", "level", "status", "applies_to")],
            ([self.index.id_a(path, item.id), self.t(item.model.title), self.t(item.model.level),
              self.badge(_status(item)), self.links(path, item.model.applies_to)] for item in items),
            indexed=False)))
        self.page(path, ui("site.agreements.title"), "\n".join(out))

    def _grouped_by_layer(self, path: str, chosen: list, *, compact: bool = False) -> str:
        if not chosen:
            return self.ui("site.agreements.none") + "\n"
        out = []
        groups: dict[str, list] = {}
        for item in chosen:
            groups.setdefault(self._agreement_page(item), []).append(item)
        placed = set()
        for layer in self.layers:
            group = groups.get(L.layer_page(layer.id), [])
            if not group:
                continue
            out.append(f"## {esc(layer.title)}\n")
            out.extend(self.agreement(path, i, 3, compact=compact) for i in group)
            placed.update(i.id for i in group)
        rest = [i for i in chosen if i.id not in placed]
        if rest:
            out.append(f"## {self.ui('site.agreements.other_heading')}\n")
            out.extend(self.agreement(path, i, 3, compact=compact) for i in rest)
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
                out.append(f"## {esc(topic) if topic else self.ui('site.agreements.general')}\n")
                out.extend(self.agreement(path, i, 3, compact=True) for i in group)
        else:
            out.extend(self.agreement(path, i, 2, compact=True) for i in live)
        if gone:
            out.append(f"## {self.ui('site.agreements.withdrawn_heading')}\n\n{self.ui('site.agreements.withdrawn')}\n")
            out.extend(self.agreement(path, i, 3, compact=True) for i in gone)
        return "\n".join(out)

    def level_index(self, path: str, chosen: list, where: str = "") -> str:
        """A long page's summary: per level how many agreements and links to each (vervallen ones not
        counted), before the agreements themselves, whose details are folded."""
        live = [i for i in chosen if _status(i) != WITHDRAWN]
        counts = self._level_counts(live)
        if not counts:
            return ""
        total = sum(n for _, n in counts)
        lines = []
        ui = self.ui
        if where:
            lines.append(f"**{ui('site.agreements.glance')}** "
                         + ui("site.agreements.glance_one" if total == 1 else "site.agreements.glance_many", where=where,
                              count=total, summary=esc(ui.join([f"{n} {level}" for level, n in counts]))))
        gone = len(chosen) - len(live)
        if gone:
            lines.append(ui("site.agreements.gone_one" if gone == 1 else "site.agreements.gone_many", count=gone))
        by_level = {level: [i for i in live if i.model.level == level] for level, _ in counts}
        rows = [(Markup("{} ({})").format(H.strong(self.t(level)), len(group)), [self.index.a(path, i.id) for i in group])
                for level, group in by_level.items()]
        text = (" ".join(lines) + "\n\n") if lines else ""
        return text + self.block(H.level_index(rows)) + "\n"

    def agreement(self, path: str, item, level: int, *, compact: bool = False) -> str:
        """An agreement under a heading of ``level``; ``compact``: its facts folded (a role's long list)."""
        body = self.agreement_body(path, item, compact=compact)
        heading = self.part_heading(level, item)
        if heading is not None:  # one HTML part (html_parts.py: the parts in a row are stored as one)
            return self.block(heading + Markup("\n") + body) + "\n"
        return self.heading(level, item) + self.block(body) + "\n"

    def agreement_body(self, path: str, item, *, compact: bool = False) -> Markup:
        """What an agreement's heading has below it (its page has no other heading for it)."""
        m = item.model
        lv = self.levels.get(m.level)
        if lv is not None and lv.title.lower() == m.level.lower():
            lv = None  # 'MOET', not 'MOET (moet)'
        parts = [self.status_line(item, self.chip(m.level, "level"), *(self.chip(t, "tag") for t in m.tags)),
                 self.prose(m.statement, path, item, ("statement",)),
                 self.basis_block(item, path)]
        field = self.ui.mapping("field")
        rows = [(field["level"], self.t(m.level) + (Markup(" ({})").format(self.t(lv.title.lower())) if lv else "")),
                (field["applies_to"], self.links(path, m.applies_to)),
                (field["layers"], self.declared_links(path, "layer", m.layers)),
                (kind_name(self.cfg, "use_case", plural=True, capital=True), self.links(path, m.use_cases)),
                (field["derived_from"], self.links(path, m.derived_from)),
                (field["facilities"], self.links(path, m.facilities)),
                (field["norms"], self.declared_links(path, "norm", m.norms)),
                (field["evidence_type"], self.t(evidence_summary(m, self.cfg))),
                (field["replaces"], self.links(path, m.replaces)),
                (field["replaced_by"], self.links(path, m.replaced_by))]
        meta = self.meta(rows + self.common_rows(item, path))
        texts = [(field[name], self.prose(getattr(m, name), path, item, (name,)))
                 for name in ("evidence", "rationale") if getattr(m, name, None)]
        if compact:  # a page of many: one fold per agreement, its statement above it
            folded = [meta] + [H.labelled(self.t(label), Markup()) + Markup("\n") + text for label, text in texts]
            title = self.ui.join([self.ui("site.agreements.details")] + [label.lower() for label, _ in texts])
            parts.append(self.details("note", title, join("\n", folded)))
        else:
            parts.append(meta)
            parts.extend(H.details("note", self.t(label), text, open=True) for label, text in texts)  # its own page: open
        return join("\n", (p for p in parts if p))
