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
from .text import esc, join_nl, plain


class AgreementPages:
    def _agreements(self) -> None:
        items = self.agreements
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
                intro.append(self.prose_md(layer.description, path) + "\n")
            kind = getattr(layer.type, "value", layer.type)
            facts = [("Soort", esc(layer_type_name(self.cfg, "condition" if kind == "condition" else "interoperability"))),
                     ("Wie maakt de afspraken", esc(plain(layer.owner)) if layer.owner else "")]
            intro.append(self.meta_md(facts))
            if not chosen and not also:
                intro.append("Er zijn (nog) geen afspraken op deze laag.\n")
            intro.append(self.level_index(path, chosen, "op deze laag"))
            body = self._agreement_list(path, chosen)
            if also:
                body += "\n## Ook op deze laag\n\nDeze afspraken staan bij een andere laag, maar gelden ook hier:\n"
                body += self.block(ul(self.index.a(path, i.id) for i in also))
            self.page(path, layer.title, "\n".join(intro) + "\n" + body)
        if "afspraken/overig.md" in by_page:
            path = "afspraken/overig.md"
            chosen = by_page[path]
            self.page(path, "Overige afspraken", "# Overige afspraken\n\n" + self.banner([_status(i) for i in chosen])
                      + "\n" + self._agreement_list(path, chosen))
        by_role: dict[str, list] = {}
        by_use_case: dict[str, list] = {}
        for item in items:
            for role in dict.fromkeys(item.model.applies_to or []):
                by_role.setdefault(role, []).append(item)
            for use_case in dict.fromkeys(item.model.use_cases or []):
                by_use_case.setdefault(use_case, []).append(item)
        for role in sorted(self.p.items("role"), key=lambda r: natural(r.model.title)):
            path = L.role_view_page(role.id)
            chosen = by_role.get(role.id, [])
            head = [f"# Afspraken voor de rol {esc(role.model.title)}\n", self.banner([_status(i) for i in chosen]),
                    self.role_summary(path, role, chosen),
                    f"Alle afspraken die gelden voor de rol {self.index.link(path, role.id)}, per laag. "
                    "Dit is een weergave: de afspraken staan ook bij hun laag.\n"]
            if role.id in self.checklists:
                head.append(f"Als checklist om in te vullen: "
                            f"{self.index.page_link(path, L.checklist_page(role.id), 'checklist ' + role.model.title)} "
                            f"({self._download_links_md(path, role.id)}).\n")
            head.append(self.level_index(path, chosen))
            self.page(path, role.model.title, "\n".join(head) + "\n" + self._grouped_by_layer(path, chosen, compact=True),
                      search=False)
        for use_case in sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title)):
            path = L.use_case_view_page(use_case.id)
            chosen = by_use_case.get(use_case.id, [])
            head = [f"# Afspraken voor {esc(use_case.model.title)}\n", self.banner([_status(i) for i in chosen]),
                    f"Alle afspraken voor de {esc(kind_name(self.cfg, 'use_case'))} {self.index.link(path, use_case.id)}, "
                    "per laag.\n",
                    self.level_index(path, chosen)]
            self.page(path, use_case.model.title, "\n".join(head) + "\n" + self._grouped_by_layer(path, chosen, compact=True),
                      search=False)

    def _agreement_overview(self, items) -> None:
        path = L.AGREEMENTS
        out = ["# Afspraken\n", self.banner([_status(i) for i in items])]
        layer_model, condition = (esc(layer_type_name(self.cfg, t)) for t in ("interoperability", "condition"))
        out.append(f"Elke afspraak staat bij haar {layer_model} (of bij een {condition}), met een vaste link: "
                   f"`pagina#ID`. Per rol en per {esc(kind_name(self.cfg, 'use_case'))} staan dezelfde afspraken nog "
                   "eens bij elkaar.\n")
        if self.levels:
            out.append("## Niveaus\n")
            out.append(self.block(table(
                ["Niveau", "Betekenis", "Verplicht"],
                ([H.strong(self.t(level.id)),
                  self.prose(level.description, path, inline=True) or self.t(level.title),
                  "ja" if level.mandatory else "nee"] for level in self.levels.values()))))
        counts_layer: dict[str, int] = {}
        counts_role: dict[str, int] = {}
        counts_use_case: dict[str, int] = {}
        for item in items:
            for counts, ids in ((counts_layer, item.model.layers), (counts_role, item.model.applies_to),
                                (counts_use_case, item.model.use_cases)):
                for ident in dict.fromkeys(ids or []):
                    counts[ident] = counts.get(ident, 0) + 1
        out.append("## Per laag\n")
        out.append(self.block(table(["Laag", "Afspraken"],
                                    ([self.index.a_declared(path, "layer", layer.id), str(counts_layer.get(layer.id, 0))]
                                     for layer in self.layers))))
        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if roles:
            out.append("## Per rol\n")
            out.append(self.block(ul(Markup("{} ({})").format(self.index.page_a(path, L.role_view_page(r.id), r.model.title),
                                                              counts_role.get(r.id, 0)) for r in roles)))
        use_cases = sorted(self.p.items("use_case"), key=lambda u: natural(u.model.title))
        if use_cases:
            out.append(f"## Per {esc(kind_name(self.cfg, 'use_case'))}\n")
            out.append(self.block(ul(Markup("{} ({})").format(
                self.index.page_a(path, L.use_case_view_page(u.id), u.model.title), counts_use_case.get(u.id, 0))
                for u in use_cases)))
        out.append("## Alle afspraken\n")
        out.append(self.block(table(
            ["ID", "Afspraak", "Niveau", "Status", "Geldt voor"],
            ([self.index.id_a(path, item.id), self.t(item.model.title), self.t(item.model.level),
              self.badge(_status(item)), self.links(path, item.model.applies_to)] for item in items))))
        self.page(path, "Afspraken", "\n".join(out))

    def _grouped_by_layer(self, path: str, chosen: list, *, compact: bool = False) -> str:
        if not chosen:
            return "Er zijn (nog) geen afspraken.\n"
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
            out.append("## Overig\n")
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
                out.append(f"## {esc(topic) if topic else 'Algemeen'}\n")
                out.extend(self.agreement(path, i, 3, compact=True) for i in group)
        else:
            out.extend(self.agreement(path, i, 2, compact=True) for i in live)
        if gone:
            out.append("## Vervallen afspraken\n\nDeze afspraken gelden niet meer; ze blijven hier staan voor de "
                       "geschiedenis.\n")
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
        if where:
            lines.append(f"**In een oogopslag:** {where} {'staat' if total == 1 else 'staan'} {total} "
                         f"{'afspraak' if total == 1 else 'afspraken'}: "
                         + esc(join_nl(f"{n} {level}" for level, n in counts)) + ".")
        gone = len(chosen) - len(live)
        if gone:
            lines.append(f"Daarnaast {'staat' if gone == 1 else 'staan'} onderaan {gone} vervallen "
                         f"{'afspraak' if gone == 1 else 'afspraken'}.")
        by_level = {level: [i for i in live if i.model.level == level] for level, _ in counts}
        rows = [(Markup("{} ({})").format(H.strong(self.t(level)), len(group)), [self.index.a(path, i.id) for i in group])
                for level, group in by_level.items()]
        text = (" ".join(lines) + "\n\n") if lines else ""
        return text + self.block(H.level_index(rows)) + "\n"

    def agreement(self, path: str, item, level: int, *, compact: bool = False) -> str:
        """An agreement under a heading of ``level``; ``compact``: its facts folded (a role's long list)."""
        return self.heading(level, item) + self.block(self.agreement_body(path, item, compact=compact)) + "\n"

    def agreement_body(self, path: str, item, *, compact: bool = False) -> Markup:
        """What an agreement's heading has below it (its page has no other heading for it)."""
        m = item.model
        lv = self.levels.get(m.level)
        if lv is not None and lv.title.lower() == m.level.lower():
            lv = None  # 'MOET', not 'MOET (moet)'
        parts = [self.status_line(item, self.chip(m.level, "level"), *(self.chip(t, "tag") for t in m.tags)),
                 self.prose(m.statement, path, item, ("statement",)),
                 self.basis_block(item, path)]
        rows = [("Niveau", self.t(m.level) + (Markup(" ({})").format(self.t(lv.title.lower())) if lv else "")),
                ("Geldt voor", self.links(path, m.applies_to)),
                ("Lagen", self.declared_links(path, "layer", m.layers)),
                ("Zorgtoepassingen", self.links(path, m.use_cases)),
                ("Afgeleid van", self.links(path, m.derived_from)),
                ("Voorzieningen", self.links(path, m.facilities)),
                ("Normen", self.declared_links(path, "norm", m.norms)),
                ("Soort bewijs", self.t(evidence_summary(m, self.cfg))),
                ("Vervangt", self.links(path, m.replaces)),
                ("Vervangen door", self.links(path, m.replaced_by))]
        meta = self.meta(rows + self.common_rows(item, path))
        texts = [(label, self.prose(getattr(m, name), path, item, (name,)))
                 for label, name in (("Bewijslast", "evidence"), ("Onderbouwing", "rationale")) if getattr(m, name, None)]
        if compact:  # a page of many: one fold per agreement, its statement above it
            folded = [meta] + [H.labelled(self.t(label), Markup()) + Markup("\n") + text for label, text in texts]
            title = join_nl(["Gegevens"] + [label.lower() for label, _ in texts])
            parts.append(self.details("note", title, join("\n", folded)))
        else:
            parts.append(meta)
            parts.extend(H.details("note", self.t(label), text, open=True) for label, text in texts)  # its own page: open
        return join("\n", (p for p in parts if p))
