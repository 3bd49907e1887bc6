"""Change proposals, release notes and 'wat is er gewijzigd' (a mixin of pages._Generator).

A proposal's own explanation (the Markdown body of its file) stays Markdown, inside its
'Toelichting' block: authors write headings there. Everything around it is HTML (markup.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..vocabulary import kind_name
from . import links as L
from .links import resolve_wikilinks
from .markup import H, join, table, ul
from .role_pages import role_overview_page
from .prose_diff import list_pairs, marked_markdown, marks_to_html, named_wikilinks, relative_links_as_text
from .shared import APPROVED_FALLBACK, WORKING_VERSION, natural
from .text import esc, indent, join_words, version_key

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
        ui = self.ui
        scope = ui("site.proposals.scope_release", version=esc(self.o.version)) if self.o.frozen \
            else ui("site.proposals.scope_now")
        out = [f"# {ui('site.proposals.title')}\n", self.banner(),
               ui("site.proposals.lead", count=len(proposals), scope=scope) + "\n"]
        types = {t.id: t.title for t in (self.gov.workflow.proposal_types if self.gov else [])}
        rows = []
        for proposal in proposals:
            m = proposal.model
            consult = self.day(m.consultation.end) if m.consultation else ""
            action = self.reageer(m, until=False)  # an open consultation: 'Reageer' (consultation.py)
            consult = Markup("{}<br>{}").format(consult, action) if action else consult
            decision = Markup("{}, {}").format(self.t(m.decision.outcome), self.day(m.decision.date)) if m.decision else ""
            rows.append([self.index.id_a(path, proposal.id), self.t(m.title), self.t(types.get(m.type, m.type)),
                         self.t(self.state(m.status)), self.index.a(path, m.target_release), consult, decision])
        out.append(self.block(table(ui.raw("site.proposals.columns"), rows)))
        self.page(path, ui("site.proposals.register"), "\n".join(out))
        for page, group in groups.items():
            target = group[0].model.target_release
            title = ui("site.proposals.for_release", version=target) if target else ui("site.proposals.no_release")
            body = [f"# {ui('site.proposals.heading', version=esc(target))}\n", self.banner()]
            body.extend(self.proposal(page, p, types) for p in group)
            self.page(page, title, "\n".join(body))

    def proposal(self, path: str, item, types: dict) -> str:
        m = item.model
        out = [self.heading(2, item)]
        ui = self.ui
        facts = ui.mapping("site.proposals.fact")
        rows = [(facts["status"], self.t(self.state(m.status))),
                (facts["target"], self.index.a(path, m.target_release)),
                (facts["released_in"], self.index.a(path, m.released_in) if m.released_in else ""),
                (facts["working_group"], self.body(path, m.working_group)),
                (facts["authors"], join("; ", (self.person(a) for a in m.authors))),
                (facts["decision"], H.a(f"#{L.decision_anchor(item.id)}", Markup("{}, {}").format(self.t(m.decision.outcome),
                                                                                        self.day(m.decision.date)))
                 if m.decision else ""),
                (facts["edit"], self.edit_link(item))]
        changes = []
        actions = ui.mapping("action")
        for change in m.changes:
            action = getattr(change.action, "value", change.action)
            label = self.index.a(path, change.item)  # 'TA-061 Beveiligingsnormen' (links.link_text)
            changes.append([label, self.t(actions.get(action, action)), self.t(change.note)])
        out.append(self.item_block(
            H.p(join(" ", [self.chip(self.state(m.status), "state"), self.chip(types.get(m.type, m.type), "type")])),
            self.meta(rows),
            H.p(H.strong(ui("site.proposals.changes"))),
            table(ui.raw("site.proposals.change_columns"), changes),
            H.p(H.strong(ui("site.proposals.motivation"))),
            self.prose(m.motivation, path, item, ("motivation",))))
        if item.file.body and item.file.body.strip():
            own = id(item) not in self.source_prefixes  # an earlier release's record: its links may be gone
            body = resolve_wikilinks(item.file.body, self.index, path, source=self._source(item),
                                     line=item.file.body_line, problems=self.problems if own else None)
            body = re.sub(r"^(#{1,5}) ", lambda mm: "#" * min(6, len(mm.group(1)) + 3) + " ", body, flags=re.M)
            out.append(f'??? abstract "{ui("site.proposals.explanation")}"\n\n{indent(body.strip())}\n')
        out.append(self.item_block(*self._proposal_rest(path, item)))
        return "\n".join(out) + "\n"

    def _proposal_rest(self, path: str, item) -> list[str]:
        m = item.model
        ui = self.ui
        parts = []
        if m.impact:
            parts.append(H.p(H.strong(ui("site.proposals.impact"))))
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
                             self.day(review.date),
                             self.prose(review.comment, path, item, ("reviews", index, "comment"), inline=True)])
            parts.append(H.p(H.strong(ui("site.proposals.reviews"))))
            parts.append(table(ui.raw("site.proposals.review_columns"), rows))
        if m.consultation is not None:
            c = m.consultation
            n = len(c.reactions)
            count = " ({})".format(ui("site.consultation.reactions_one" if n == 1 else "site.consultation.reactions_many",
                                      count=n)) if c.reactions else ""
            parts.append(H.labelled(ui("site.proposals.consultation"),
                                    " " + ui("site.proposals.period", start=self.day(c.start), end=self.day(c.end)) + count))
            action = self.reageer(m)  # an open consultation: 'Reageer' (consultation.py)
            if action:
                parts.append(H.p(action))
            if c.reactions:
                rows = []
                for index, r in enumerate(c.reactions):
                    who = self.t(r.by) + (Markup(" ({})").format(self.t(r.organisation)) if r.organisation else "")
                    loc = ("consultation", "reactions", index)
                    answer = self.prose(r.response, path, item, (*loc, "response"), inline=True)
                    if r.disposition:
                        answer = Markup("{}: {}").format(
                            H.strong(self.disposition(r.disposition)),
                            self.prose(r.motivation, path, item, (*loc, "motivation"), inline=True)) + (
                            Markup(" ") + ui.html("site.proposals.changed", text=answer) if r.response else "")
                    rows.append([who, self.day(r.date) + (" " + ui("site.consultation.late") if r.late else ""),
                                 self.prose(r.summary, path, item, (*loc, "summary"), inline=True), answer])
                parts.append(table(ui.raw("site.proposals.reaction_columns"), rows))
                parts.append(H.p(ui.html("site.proposals.all_reactions", link=self.report_link(path, item))))
        if m.decision is not None:
            d = m.decision
            text = ui.html("site.proposals.decided", label=H.strong(ui("site.proposals.decision_label")),
                           outcome=self.t(d.outcome), body=self.body(path, d.body), date=self.day(d.date),
                           person=self.person(d.by))
            text += ui.html("site.proposals.minutes", minutes=self.t(d.minutes)) if d.minutes else ""
            text += "." + (Markup(" ") + H.em(ui("site.example_decision"))
                           if getattr(d, "example", False) else "")
            if self.has_report(item):
                text += Markup(" ") + ui.html("site.proposals.report", link=self.report_link(path, item))
            parts.append(H.p(text, id=L.decision_anchor(item.id)))
            if d.conditions:
                parts.append(join("\n", [H.p(ui("site.proposals.conditions")), ul(self.t(c) for c in d.conditions)]))
        if m.history:
            rows = [[self.day(e.at), self.person(e.by), self.t(self.state(e.source)), self.t(self.state(e.to)),
                     self.t(e.reason)] for e in m.history]
            parts.append(self.details("info", ui("site.proposals.history"),
                                      table(ui.raw("site.proposals.history_columns"), rows)))
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
        ui = self.ui
        out = [f"# {ui('site.releases.title')}\n", self.banner()]
        out.append(self.block(table(
            ui.raw("site.releases.columns"),
            ([self.index.a(path, r.id, r.model.title), self.t(self.release_status(r.id)),
              self.t(r.model.phase or ""), self.t(r.model.planned or ""), self.day(self.release_date(r.id))]
             for r in reversed(self.releases)))))
        if any(self.release_skipped(r.id) for r in self.releases):
            out.append(ui("site.releases.skipped_note") + "\n")
        if self.has_calendar:
            out.append(ui("site.releases.calendar_line", link=self.index.page_link(
                path, L.CALENDAR, ui("site.calendar.link"))) + "\n")
        self.page(path, ui("site.releases.overview"), "\n".join(out))
        facts = ui.mapping("site.releases.fact")
        proposals = self.proposals
        actions = ui.mapping("action")
        for release in self.releases:
            m = release.model
            page = L.release_page(release.id)
            body = [f"# {esc(m.title)}\n", self.banner()]
            previous = self.previous_release(release.id)
            skipped = [r.id for r in self.releases if self.release_skipped(r.id)
                       and version_key(previous or "") < version_key(r.id) < version_key(release.id)] \
                if previous else []
            head = [self.meta([(facts["status"], self.t(self.release_status(release.id))),
                               (facts["phase"], self.t(m.phase or "")), (facts["planned"], self.t(m.planned or "")),
                               (facts["published"], self.day(self.release_date(release.id))),
                               (facts["validity"], self.t(self.validity_text(release.id))),
                               (facts["previous"], self.index.a(page, previous) if previous else ""),
                               (facts["skipped"], join(", ", (self.index.a(page, r) for r in skipped))),
                               (facts["connections"], str(m.connections_planned) if m.connections_planned is not None else ""),
                               (facts["sources"], self.declared_links(page, "source", m.sources))])]
            if release.id in change_pages or (release.id == self.working_release and not self.o.frozen
                                              and WORKING_VERSION in change_pages):
                label = release.id if release.id in change_pages else WORKING_VERSION
                head.append(H.p(ui.html("site.releases.see_changes", link=H.strong(
                    self.index.page_a(page, L.changes_page(label), ui("site.releases.changes_link"))))))
            if release.id == (self.o.version if self.o.frozen else self.working_release):
                head.append(self._pdf_line(page, html=True))
            if m.description:
                head.append(self.prose(m.description, page, release, ("description",)))
            head.append(self.basis_block(release, page))
            body.append(self.item_block(*head))
            if m.deliverables:
                body.append(f"## {ui('site.releases.deliverables')}\n")
                body.append(self.block(ul(self.t(d) for d in m.deliverables)))
            if m.decision is not None:
                d = m.decision
                text = ui.html("site.releases.decided", body=self.body(page, d.body), date=self.day(d.date),
                               person=self.person(d.by))
                text += Markup("; {}").format(self.t(d.reference)) if d.reference else ""
                text += "." + (Markup(" ") + H.em(ui("site.example_decision"))
                               if getattr(d, "example", False) else "")
                body.append(f"## {ui('site.releases.decision')}\n")
                body.append(self.block(H.p(text)))
            targeting = [p for p in proposals
                         if (p.model.released_in or p.model.target_release) == release.id]
            done = [p for p in targeting if p.model.status in approved]
            pending = [p for p in targeting if p.model.status not in approved]
            body.append(f"## {ui('site.releases.changes')}\n")
            parts = []
            if done:
                items = []
                for proposal in done:
                    pm = proposal.model
                    changes = join(", ", (Markup("{} ({})").format(
                        self.named_a(page, c.item), self.t(actions.get(getattr(c.action, "value", c.action), "")))
                        for c in pm.changes))
                    decided = " — " + ui("site.releases.decided_on", date=self.day(pm.decision.date)) if pm.decision else ""
                    items.append(Markup("{}{}: {}").format(self.index.a_with_id(page, proposal.id), decided, changes))
                parts += [H.p(ui("site.releases.accepted")), ul(items), self.proposal_reports(page, done)]
            elif self.release_skipped(release.id):
                parts.append(H.p(ui("site.releases.was_skipped")))
            else:
                parts.append(H.p(ui("site.releases.none_accepted")))
            if pending:
                parts += [H.p(ui("site.releases.pending")),
                          ul(Markup("{} — {}").format(self.index.a_with_id(page, p.id), self.t(self.state(p.model.status)))
                             for p in pending)]
            body.append(self.item_block(*parts))
            self.page(page, ui("site.releases.page_title", version=release.id), "\n".join(body),
                      source=self._source(release))

    # -- what changed --------------------------------------------------------------------

    def _changes(self) -> None:
        transitions = self._change_labels()
        if not transitions:
            return
        from ..release.diff import diff_projects

        for old_label, new_label, old_project in transitions:
            old, new_project, label = self._transition(old_label, new_label, old_project)
            diff = diff_projects(old, new_project, label, new_label)
            self.diffs.append((old_label, new_label, diff, new_project))  # the item pages' history
            self._changes_page(old_label, new_label, diff, new_project)

    def _transition(self, old_label, new_label: str, old_project) -> tuple:
        """(older project, newer project, the older one's label) of one change page's transition."""
        from ..load.project import Project

        new_project = self.p if new_label == self.o.version else dict(self.o.history)[new_label]
        old = old_project if old_project is not None else Project(root=Path("."))
        return old, new_project, old_label or self.ui("changelog.empty_label")

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
        ui = self.ui
        if working:
            title = ui("site.changes.title_since", old=old_label) if old_label else ui("site.changes.title")
            heading = ui("site.changes.heading_working", old=old_label)
        else:
            title = ui("site.changes.title_in", new=new_label)
            heading = ui("site.changes.heading_release", new=new_label)
        out = [f"# {esc(heading)}\n", self.banner()]
        group, counted = ui.mapping("site.changes.group"), ui.mapping("site.changes.counted")
        groups = [(kind, items, kind) for kind, items in (("added", diff.added), ("changed", diff.changed),
                                                          ("renamed", diff.renamed), ("removed", diff.removed))]
        counts = {kind: len(items) for kind, items, _ in groups}
        if old_label is None:
            out.append(ui("site.changes.first", version=esc(new_label), count=len(diff.added)) + "\n")
            out.append(self.block(table(
                ui.raw("site.changes.first_columns"),
                ([self._item_ref(path, d.id, new_label), self.t(kind_name(self.cfg, d.kind)), self.t(d.title)]
                 for d in sorted(diff.added, key=lambda d: (d.kind, natural(d.id)))))))
            self.page(path, title, "\n".join(out), boost=CHANGES_BOOST)
            return
        release = ui("site.facts.release", version=old_label)
        base = self.index.link(path, old_label, release) if old_label in self.index.targets \
            else ui("site.facts.release", version=esc(old_label))
        summary = join_words((f"{n} {counted[kind]}" for kind, n in counts.items() if n), ui)
        out.append(ui("site.changes.compared", base=base, summary=summary or ui("site.changes.none")) + "\n")
        roles = sorted(self.p.items("role"), key=lambda r: natural(r.model.title))
        if roles:
            out.append(ui("site.changes.per_role", links=", ".join(
                self.index.page_link(path, role_overview_page(r.id), r.model.title) for r in roles)) + "\n")
        if not any(counts.values()):
            self.page(path, title, "\n".join(out), boost=CHANGES_BOOST)
            return
        for kind, items, css in groups:
            if not items:
                continue
            out.append(f"## {group[kind]}\n")
            for d in sorted(items, key=lambda d: (d.kind, natural(d.id))):
                out.append(self._item_change(path, d, diff, new_label, project, css))
        self.page(path, title, "\n".join(out), boost=CHANGES_BOOST)

    def _item_ref(self, path: str, ident: str, new_label: str) -> str:
        return self.index.id_a(path, ident) if new_label == self.o.version else self.t(ident)

    def _item_change(self, path: str, d, diff, new_label: str, project, css: str) -> str:
        change = getattr(d, "change", css)
        label = f"{d.id} · {d.title}" if _CODED_ID.match(d.id) and d.title != d.id else (d.title or d.id)
        heading = f"### {esc(label)} {{#{d.id} .stelsel-change .stelsel-change--{change}}}\n"
        ui = self.ui
        line = [self.chip(ui.mapping("change").get(change, change), f"change-{change}"),
                self.chip(kind_name(self.cfg, d.kind), "kind")]
        if new_label == self.o.version and d.new is not None and d.id in self.index.targets:
            line.append(self.index.a(path, d.id, ui("site.changes.view")))
        parts = [H.p(join(" ", line))]
        if getattr(d, "old_id", None):
            parts.append(H.p(ui.html("site.changes.was", id=self.t(d.old_id))))
        proposals = self._proposals_for(diff, d, new_label, project)
        if proposals:
            refs = []
            for proposal in proposals:
                m = proposal.model
                ref = self.index.a_with_id(path, proposal.id) if proposal.id in self.index.targets else self.t(m.title)
                if getattr(m, "decision", None) is not None and proposal.id in self.index.targets:
                    target = self.index.targets[proposal.id]
                    decision = self.index.page_a(path, target.page, ui("site.releases.decided_on", date=self.day(m.decision.date)),
                                                 anchor=L.decision_anchor(proposal.id))
                    report = self.report_link(path, proposal)
                    ref += Markup(" ({})").format(join("; ", [decision, report]) if report else decision)
                elif getattr(m, "status", None):
                    ref += Markup(" ({})").format(self.t(self.state(m.status)))
                refs.append(ref)
            parts.append(H.labelled(ui("site.changes.proposal"), Markup(" ") + join("; ", refs)))
        else:
            parts.append(H.labelled(ui("site.changes.proposal"),
                                    Markup(" ") + H.em(ui("site.changes.no_proposal"))))
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
        label = self.ui.mapping("field").get(f.name, f.name)
        prose = isinstance(f.old, str) and isinstance(f.new, str) and (" " in f.old.strip() or " " in f.new.strip())
        if f.words and prose:
            return H.prose_change(label, self._marked_prose(f.old, f.new, path))
        if _texts(f.old) and _texts(f.new) and any(" " in v.strip() for v in f.old + f.new):  # prose entries
            return H.prose_change(label, ul(self._marked_prose(a, b, path, inline=True)
                                            for a, b in list_pairs(f.old, f.new)))
        old, new = f.old, f.new
        if f.name == "status":  # an item's stored status value, in the words of the framework's language
            words = self.ui.mapping("status")
            old, new = (words.get(v, v) if isinstance(v, str) else v for v in (old, new))
        return H.field_change(label, old=_value(old), new=_value(new), marks=self.ui.mapping("site.changes.mark"))

    def _marked_prose(self, old: str, new: str, path: str, *, inline: bool = False) -> Markup:
        marked = named_wikilinks(relative_links_as_text(marked_markdown(old, new)), self._item_name)
        return marks_to_html(self.prose(marked, path, inline=inline), self.ui.mapping("site.changes.mark"))

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
