"""Change proposals, release notes and 'wat is er gewijzigd' (a mixin of pages._Generator).

A proposal's own explanation (the Markdown body of its file) stays Markdown, inside its
'Toelichting' block: authors write headings there. Everything around it is HTML (markup.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..vocabulary import ACTION_LABELS, CHANGE_LABELS, FIELD_LABELS, RELEASE_STATUS_LABELS, kind_name
from . import links as L
from .links import resolve_wikilinks
from .markup import H, join, table, ul
from .consultation import CALENDAR
from .role_pages import role_overview_page
from .prose_diff import list_pairs, marked_markdown, marks_to_html, named_wikilinks, relative_links_as_text
from .shared import APPROVED_FALLBACK, WORKING_VERSION, natural
from .text import date_nl, esc, indent, join_nl, version_key

_CODED_ID = re.compile(r"^[A-Z]{1,6}-\d")  # TA-061, WV-001: shown with the name; a slug (term-vzvz) is not


# Change pages repeat every changed item: in search they rank below the items' own places.
CHANGES_BOOST = 0.2


class HistoryPages:
    # -- proposals -----------------------------------------------------------------------

    def _approved_states(self) -> set[str]:
        states = self.gov.workflow.states if self.gov else []
        flagged = {s.id for s in states if getattr(s, "approved", False) or getattr(s, "released", False)}
        return flagged or set(APPROVED_FALLBACK)

    def _proposals(self) -> None:
        proposals = self.proposals
        if not proposals:
            return
        groups: dict[str, list] = {}
        for proposal in proposals:
            groups.setdefault(L.proposals_page(proposal.model.target_release), []).append(proposal)
        path = L.PROPOSALS
        scope = f"tot en met release {esc(self.o.version)}" if self.o.frozen else "tot nu toe"
        out = ["# Wijzigingsvoorstellen\n", self.banner(),
               "Elke wijziging van het stelsel loopt via een wijzigingsvoorstel: beoordeling door een werkgroep, "
               f"consultatie en een besluit. Dit register toont alle {len(proposals)} voorstellen {scope}, "
               "ook die van eerdere releases.\n"]
        types = {t.id: t.title for t in (self.gov.workflow.proposal_types if self.gov else [])}
        rows = []
        for proposal in proposals:
            m = proposal.model
            consult = date_nl(m.consultation.end) if m.consultation else ""
            action = self.reageer(m, until=False)  # an open consultation: 'Reageer' (consultation.py)
            consult = Markup("{}<br>{}").format(consult, action) if action else consult
            decision = Markup("{}, {}").format(self.t(m.decision.outcome), date_nl(m.decision.date)) if m.decision else ""
            rows.append([self.index.id_a(path, proposal.id), self.t(m.title), self.t(types.get(m.type, m.type)),
                         self.t(self.state(m.status)), self.index.a(path, m.target_release), consult, decision])
        out.append(self.block(table(["Voorstel", "Onderwerp", "Soort", "Status", "Doelrelease",
                                     "Consultatie tot en met", "Besluit"], rows)))
        self.page(path, "Register", "\n".join(out))
        for page, group in groups.items():
            target = group[0].model.target_release
            title = f"Voor release {target}" if target else "Zonder release"
            body = [f"# Wijzigingsvoorstellen voor release {esc(target)}\n", self.banner()]
            body.extend(self.proposal(page, p, types) for p in group)
            self.page(page, title, "\n".join(body))

    def proposal(self, path: str, item, types: dict) -> str:
        m = item.model
        out = [self.heading(2, item)]
        rows = [("Status", self.t(self.state(m.status))),
                ("Doelrelease", self.index.a(path, m.target_release)),
                ("Opgenomen in release", self.index.a(path, m.released_in) if m.released_in else ""),
                ("Werkgroep", self.body(path, m.working_group)),
                ("Indieners", join("; ", (self.person(a) for a in m.authors))),
                ("Besluit", H.a(f"#{item.id}-besluit", Markup("{}, {}").format(self.t(m.decision.outcome),
                                                                                date_nl(m.decision.date)))
                 if m.decision else ""),
                ("Bewerken", self.edit_link(item))]
        changes = []
        for change in m.changes:
            action = getattr(change.action, "value", change.action)
            label = self.index.a(path, change.item)  # 'TA-061 Beveiligingsnormen' (links.link_text)
            changes.append([label, self.t(ACTION_LABELS.get(action, action)), self.t(change.note)])
        out.append(self.item_block(
            H.p(join(" ", [self.chip(self.state(m.status), "state"), self.chip(types.get(m.type, m.type), "type")])),
            self.meta(rows),
            H.p(H.strong("Wijzigingen")),
            table(["Onderdeel", "Actie", "Toelichting"], changes),
            H.p(H.strong("Motivering")),
            self.prose(m.motivation, path, item, ("motivation",))))
        if item.file.body and item.file.body.strip():
            own = id(item) not in self.source_prefixes  # an earlier release's record: its links may be gone
            body = resolve_wikilinks(item.file.body, self.index, path, source=self._source(item),
                                     line=item.file.body_line, problems=self.problems if own else None)
            body = re.sub(r"^(#{1,5}) ", lambda mm: "#" * min(6, len(mm.group(1)) + 3) + " ", body, flags=re.M)
            out.append(f'??? abstract "Toelichting"\n\n{indent(body.strip())}\n')
        out.append(self.item_block(*self._proposal_rest(path, item)))
        return "\n".join(out) + "\n"

    def _proposal_rest(self, path: str, item) -> list[str]:
        m = item.model
        parts = []
        if m.impact:
            parts.append(H.p(H.strong("Gevolgen per rol")))
            parts.append(ul(Markup("{}: {}").format(self.index.a(path, impact.role),
                                                    self.prose(impact.impact, path, item, ("impact", index, "impact"),
                                                               inline=True))
                            for index, impact in enumerate(m.impact)))
        if m.reviews:
            verdicts = {v.id: v.title for v in (self.gov.workflow.verdicts if self.gov else [])}
            rows = []
            for index, review in enumerate(m.reviews):
                org = review.organisation or (self.people[review.by].organisation if review.by in self.people else "")
                rows.append([self.person(review.by), self.t(org), self.t(verdicts.get(review.verdict, review.verdict)),
                             date_nl(review.date),
                             self.prose(review.comment, path, item, ("reviews", index, "comment"), inline=True)])
            parts.append(H.p(H.strong("Beoordelingen")))
            parts.append(table(["Door", "Organisatie", "Oordeel", "Datum", "Opmerking"], rows))
        if m.consultation is not None:
            c = m.consultation
            count = f" ({len(c.reactions)} reactie{'s' if len(c.reactions) != 1 else ''})" if c.reactions else ""
            parts.append(H.labelled("Consultatie", f" van {date_nl(c.start)} tot en met {date_nl(c.end)}{count}"))
            action = self.reageer(m)  # an open consultation: 'Reageer' (consultation.py)
            if action:
                parts.append(H.p(action))
            if c.reactions:
                from ..workflow.channel import DISPOSITION_TITLES

                rows = []
                for index, r in enumerate(c.reactions):
                    who = self.t(r.by) + (Markup(" ({})").format(self.t(r.organisation)) if r.organisation else "")
                    loc = ("consultation", "reactions", index)
                    answer = self.prose(r.response, path, item, (*loc, "response"), inline=True)
                    if r.disposition:
                        answer = Markup("{}: {}").format(
                            H.strong(DISPOSITION_TITLES.get(r.disposition, r.disposition)),
                            self.prose(r.motivation, path, item, (*loc, "motivation"), inline=True)) + (
                            Markup(" Gewijzigd: {}").format(answer) if r.response else "")
                    rows.append([who, date_nl(r.date) + (" (te laat)" if r.late else ""),
                                 self.prose(r.summary, path, item, (*loc, "summary"), inline=True), answer])
                parts.append(table(["Van", "Datum", "Reactie", "Verwerking"], rows))
                parts.append(H.p(Markup("Alle reacties met hun verwerking: het {}.").format(self.report_link(path, item))))
        if m.decision is not None:
            d = m.decision
            text = Markup("{} {} door {} op {}, vastgelegd door {}").format(
                H.strong("Besluit:"), self.t(d.outcome), self.body(path, d.body), date_nl(d.date), self.person(d.by))
            text += Markup("; verslag: {}").format(self.t(d.minutes)) if d.minutes else ""
            text += "." + (Markup(" ") + H.em("Dit is een voorbeeldbesluit, geen echt besluit.")
                           if getattr(d, "example", False) else "")
            if self.has_report(item):
                text += Markup(" Hoe de reacties uit de consultatie zijn verwerkt, staat in het {}.").format(
                    self.report_link(path, item))
            parts.append(H.p(text, id=f"{item.id}-besluit"))
            if d.conditions:
                parts.append(join("\n", [H.p("Voorwaarden:"), ul(self.t(c) for c in d.conditions)]))
        if m.history:
            rows = [[date_nl(e.at), self.person(e.by), self.t(self.state(e.source)), self.t(self.state(e.to)),
                     self.t(e.reason)] for e in m.history]
            parts.append(self.details("info", "Geschiedenis", table(["Wanneer", "Door", "Van", "Naar", "Reden"], rows)))
        return parts

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
        out = ["# Releases\n", self.banner()]
        out.append(self.block(table(
            ["Release", "Status", "Fase", "Gepland", "Gepubliceerd"],
            ([self.index.a(path, r.id, r.model.title), self.t(self.release_status(r.id)),
              self.t(r.model.phase or ""), self.t(r.model.planned or ""), date_nl(self.release_date(r.id))]
             for r in reversed(self.releases)))))
        if any(self.release_skipped(r.id) for r in self.releases):
            out.append("Een release is *overgeslagen* als ze nooit is uitgebracht terwijl een latere release dat wel is.\n")
        if self.has_calendar:
            out.append(f"Vanaf wanneer elke release geldt en tot wanneer: de "
                       f"{self.index.page_link(path, CALENDAR, 'releasekalender')}.\n")
        self.page(path, "Overzicht", "\n".join(out))
        proposals = self.proposals
        for release in self.releases:
            m = release.model
            page = L.release_page(release.id)
            body = [f"# {esc(m.title)}\n", self.banner()]
            previous = self.previous_release(release.id)
            skipped = [r.id for r in self.releases if self.release_skipped(r.id)
                       and version_key(previous or "") < version_key(r.id) < version_key(release.id)] \
                if previous else []
            head = [self.meta([("Status", self.t(self.release_status(release.id))),
                               ("Fase", self.t(m.phase or "")), ("Gepland", self.t(m.planned or "")),
                               ("Gepubliceerd", date_nl(self.release_date(release.id))),
                               ("Geldigheid", self.t(self.validity_text(release.id))),
                               ("Vorige release", self.index.a(page, previous) if previous else ""),
                               ("Overgeslagen", join(", ", (self.index.a(page, r) for r in skipped))),
                               ("Aansluitingen gepland", str(m.connections_planned) if m.connections_planned is not None else ""),
                               ("Bronnen", self.declared_links(page, "source", m.sources))])]
            if release.id in change_pages or (release.id == self.working_release and not self.o.frozen
                                              and WORKING_VERSION in change_pages):
                label = release.id if release.id in change_pages else WORKING_VERSION
                head.append(H.p(Markup("Zie {} ten opzichte van de vorige release.").format(
                    H.strong(self.index.page_a(page, L.changes_page(label), "wat er is gewijzigd")))))
            if release.id == (self.o.version if self.o.frozen else self.working_release):
                head.append(self._pdf_line(page, html=True))
            if m.description:
                head.append(self.prose(m.description, page, release, ("description",)))
            head.append(self.basis_block(release, page))
            body.append(self.item_block(*head))
            if m.deliverables:
                body.append("## Op te leveren\n")
                body.append(self.block(ul(self.t(d) for d in m.deliverables)))
            if m.decision is not None:
                d = m.decision
                text = Markup("Vastgesteld door {} op {} ({})").format(self.body(page, d.body), date_nl(d.date),
                                                                        self.person(d.by))
                text += Markup("; {}").format(self.t(d.reference)) if d.reference else ""
                text += "." + (Markup(" ") + H.em("Dit is een voorbeeldbesluit, geen echt besluit.")
                               if getattr(d, "example", False) else "")
                body.append("## Besluit\n")
                body.append(self.block(H.p(text)))
            targeting = [p for p in proposals
                         if (p.model.released_in or p.model.target_release) == release.id]
            done = [p for p in targeting if p.model.status in approved]
            pending = [p for p in targeting if p.model.status not in approved]
            body.append("## Wijzigingen in deze release\n")
            parts = []
            if done:
                items = []
                for proposal in done:
                    pm = proposal.model
                    changes = join(", ", (Markup("{} ({})").format(
                        self.named_a(page, c.item), self.t(ACTION_LABELS.get(getattr(c.action, "value", c.action), "")))
                        for c in pm.changes))
                    decided = f" — besluit {date_nl(pm.decision.date)}" if pm.decision else ""
                    items.append(Markup("{}{}: {}").format(self.index.a_with_id(page, proposal.id), decided, changes))
                parts += [H.p("Aangenomen wijzigingsvoorstellen:"), ul(items), self.proposal_reports(page, done)]
            elif self.release_skipped(release.id):
                parts.append(H.p("Deze release is overgeslagen: ze is nooit uitgebracht."))
            else:
                parts.append(H.p("Nog geen aangenomen wijzigingsvoorstellen."))
            if pending:
                parts += [H.p("Nog in behandeling:"),
                          ul(Markup("{} — {}").format(self.index.a_with_id(page, p.id), self.t(self.state(p.model.status)))
                             for p in pending)]
            body.append(self.item_block(*parts))
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
            self.diffs.append((old_label, new_label, diff, new_project))  # the item pages' history
            self._changes_page(old_label, new_label, diff, new_project)

    def _proposals_by_item(self, project) -> dict[str, list]:
        """Item ID -> the proposals (by ID) of ``project`` that change it."""
        cache = self.__dict__.setdefault("_by_item_cache", {})
        found = cache.get(id(project))
        if found is None or found[0] is not project:
            index: dict[str, list] = {}
            for proposal in sorted(project.items("proposal"), key=lambda p: natural(p.id)):
                for item_id in dict.fromkeys(c.item for c in proposal.model.changes):
                    index.setdefault(item_id, []).append(proposal)
            found = cache[id(project)] = (project, index)
        return found[1]

    def _proposals_for(self, diff, item_diff, new_label: str, project) -> list:
        ids = [item_diff.id] + ([item_diff.old_id] if getattr(item_diff, "old_id", None) else [])
        finder = getattr(diff, "proposals_for", None)
        if callable(finder):
            try:
                found = finder(item_diff.id)
            except Exception:  # noqa: BLE001 - fall back to our own matching
                found = None
            if found is not None:
                return [p if hasattr(p, "model") else _Wrapped(p) for p in found]
        index = self._proposals_by_item(project)
        candidates = {p.id: p for i in ids for p in index.get(i, [])}
        out = []
        for proposal in sorted(candidates.values(), key=lambda p: natural(p.id)):
            m = proposal.model
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
            out.append(self.block(table(
                ["ID", "Soort", "Titel"],
                ([self._item_ref(path, d.id, new_label), self.t(kind_name(self.cfg, d.kind)), self.t(d.title)]
                 for d in sorted(diff.added, key=lambda d: (d.kind, natural(d.id)))))))
            self.page(path, title, "\n".join(out), boost=CHANGES_BOOST)
            return
        base = self.index.link(path, old_label, f"release {old_label}") if old_label in self.index.targets else f"release {esc(old_label)}"
        summary = join_nl(f"{n} {label.lower()}" for label, n in counts.items() if n)
        out.append(f"Vergeleken met {base}: {summary or 'geen inhoudelijke wijzigingen'}.\n")
        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if roles:
            out.append("Wat verandert er voor mij? Per rol, tussen twee versies naar keuze: " + ", ".join(
                self.index.page_link(path, role_overview_page(r.id), r.model.title) for r in roles) + ".\n")
        if not any(counts.values()):
            self.page(path, title, "\n".join(out), boost=CHANGES_BOOST)
            return
        for label, items, css in groups:
            if not items:
                continue
            out.append(f"## {label}\n")
            for d in sorted(items, key=lambda d: (d.kind, natural(d.id))):
                out.append(self._item_change(path, d, diff, new_label, project, css))
        self.page(path, title, "\n".join(out), boost=CHANGES_BOOST)

    def _item_ref(self, path: str, ident: str, new_label: str) -> str:
        return self.index.id_a(path, ident) if new_label == self.o.version else self.t(ident)

    def _item_change(self, path: str, d, diff, new_label: str, project, css: str) -> str:
        change = getattr(d, "change", css)
        label = f"{d.id} · {d.title}" if _CODED_ID.match(d.id) and d.title != d.id else (d.title or d.id)
        heading = f"### {esc(label)} {{#{d.id} .stelsel-change .stelsel-change--{change}}}\n"
        line = [self.chip(CHANGE_LABELS.get(change, change), f"change-{change}"), self.chip(kind_name(self.cfg, d.kind), "kind")]
        if new_label == self.o.version and d.new is not None and d.id in self.index.targets:
            line.append(self.index.a(path, d.id, "bekijk in deze versie"))
        parts = [H.p(join(" ", line))]
        if getattr(d, "old_id", None):
            parts.append(H.p(Markup("Was: {}").format(self.t(d.old_id))))
        proposals = self._proposals_for(diff, d, new_label, project)
        if proposals:
            refs = []
            for proposal in proposals:
                m = proposal.model
                ref = self.index.a_with_id(path, proposal.id) if proposal.id in self.index.targets else self.t(m.title)
                if getattr(m, "decision", None) is not None and proposal.id in self.index.targets:
                    target = self.index.targets[proposal.id]
                    decision = self.index.page_a(path, target.page, f"besluit {date_nl(m.decision.date)}",
                                                 anchor=f"{proposal.id}-besluit")
                    report = self.report_link(path, proposal)
                    ref += Markup(" ({})").format(join("; ", [decision, report]) if report else decision)
                elif getattr(m, "status", None):
                    ref += Markup(" ({})").format(self.t(self.state(m.status)))
                refs.append(ref)
            parts.append(H.labelled("Wijzigingsvoorstel:", Markup(" ") + join("; ", refs)))
        else:
            parts.append(H.labelled("Wijzigingsvoorstel:",
                                    Markup(" ") + H.em("geen voorstel gevonden dat deze wijziging draagt.")))
        if change == "added" and d.new is not None:
            text = self._main_text(d.new)
            if text:
                parts.append(H.diff_insert(self.prose(text, path)))
        for f in getattr(d, "fields", []) or []:
            parts.append(self._field_change(f, path))
        return heading + self.item_block(*parts) + "\n"

    @staticmethod
    def _main_text(item) -> str | None:
        m = item.model
        for name in ("statement", "definition", "function", "description"):
            value = getattr(m, name, None)
            if isinstance(value, str) and value.strip():
                return value
        return None

    def _field_change(self, f, path: str) -> Markup:
        """A changed field: prose rendered with its changes marked per sentence, else old -> new."""
        label = FIELD_LABELS.get(f.name, f.name)
        prose = isinstance(f.old, str) and isinstance(f.new, str) and (" " in f.old.strip() or " " in f.new.strip())
        if f.words and prose:
            return H.prose_change(label, self._marked_prose(f.old, f.new, path))
        if _texts(f.old) and _texts(f.new) and any(" " in v.strip() for v in f.old + f.new):  # prose entries
            return H.prose_change(label, ul(self._marked_prose(a, b, path, inline=True)
                                            for a, b in list_pairs(f.old, f.new)))
        return H.field_change(label, old=_value(f.old), new=_value(f.new))

    def _marked_prose(self, old: str, new: str, path: str, *, inline: bool = False) -> Markup:
        marked = named_wikilinks(relative_links_as_text(marked_markdown(old, new)), self._item_name)
        return marks_to_html(self.prose(marked, path, inline=inline))

    def _item_name(self, ident: str) -> str | None:
        target = self.index.targets.get(ident)
        return target.title if target is not None else None


class _Wrapped:
    """A proposal model handed back by a diff, dressed as a loaded item."""

    def __init__(self, model):
        self.model = model
        self.id = model.id


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _value(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)
