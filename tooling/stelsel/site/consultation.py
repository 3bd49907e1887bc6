"""Taking part and knowing what binds (a mixin of pages._Generator): consultations and validity.

* **Reageer.** Every open consultation (a proposal in a consultation state, in the working
  version) gets a "Reageer" action from the framework's ``reaction_channel``: on the home
  page, in the register, on the proposal's entry and on the page of each item it changes.
  The links carry the proposal's ID, the item's ID and the title, and the text says until
  when reactions are welcome (after the end date: that a reaction now counts as late, or,
  when the workflow refuses late reactions, that reacting is closed).
* **Verwerkingsverslag.** Per proposal with reactions a page ``voorstellen/verwerking/<ID>``
  with every reaction: who, organisation, item, date, late or not, the disposition, its
  motivation and what changed; linked from the decision and from the change pages.
* **Validity.** Per release "geldig van … tot en met …" (its ``ingangsdatum`` in the
  register, the current word, under the framework's validity policy; see
  :mod:`stelsel.release.validity`) and a release calendar, ``releases/kalender``.
* **Feeds.** The working version writes ``consultaties.xml`` (Atom) and ``kalender.ics``
  (iCalendar) at its root: ``/concept/consultaties.xml`` and ``/concept/kalender.ics``. They
  follow the working tree, which holds the consultations and the register as they are now
  (a frozen release's site is built once and would go stale).
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from types import SimpleNamespace

from markupsafe import Markup

from ..release.validity import policy_of, timeline
from ..workflow.channel import reaction_links
from ..workflow.feeds import calendar_ics, consultation_feed
from .markup import H, join, table
from . import links as L
from .shared import WORKING_VERSION, natural
from .text import cell, esc, version_key



def _bracketed(url: str) -> str:
    """A URL safe inside Markdown's ``(<…>)`` in a table cell: angle brackets, backslash and bar percent-encoded
    (the config's template may hold them)."""
    return url.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


def report_page(ident: str) -> str:
    """The verwerkingsverslag of proposal ``ident``."""
    return f"{L.REPORTS}{ident}.md"


class ConsultationPages:
    @property
    def today(self) -> dt.date:
        return getattr(self.o, "today", None) or dt.date.today()

    # -- reageer -------------------------------------------------------------------------

    def disposition(self, key: str | None) -> str:
        """What became of a reaction (its disposition's key, 'partly_adopted'), in the framework's language."""
        return self.ui.mapping("reaction.disposition").get(key, key)

    def _link_label(self, link) -> str:
        """A 'Reageer' link's text, by its kind (mail, issue), in the framework's language."""
        return self.ui.mapping("site.consultation.react").get(link.kind, link.label)

    def _aria(self, link, model, item: str | None = None) -> str:
        ui = self.ui
        return (ui("site.consultation.react_about_item", label=self._link_label(link), id=model.id, item=item) if item
                else ui("site.consultation.react_about", label=self._link_label(link), id=model.id))

    def consultation_open(self, model) -> bool:
        """Reactions are welcome: the working version, a proposal in a consultation state."""
        return (not self.o.frozen and getattr(model, "consultation", None) is not None
                and model.status in self.o.consultation_states)

    def _late_refused(self) -> bool:
        policy = self.gov.workflow.consultation if self.gov is not None else None
        value = getattr(policy, "late_reactions", None) if policy is not None else None
        return getattr(value, "value", value) == "refuse"

    def welcomes_reactions(self, model) -> bool:
        """Open, and not past its end where the workflow refuses late reactions."""
        return self.consultation_open(model) and not (self.today > model.consultation.end and self._late_refused())

    def reageer(self, model, item: str | None = None, *, until: bool = True) -> Markup:
        """The "Reageer" links for an open consultation and (``until``) until when; empty otherwise, or without a channel."""
        if not self.consultation_open(model):
            return Markup()
        end = model.consultation.end
        ui = self.ui
        if not self.welcomes_reactions(model):
            return ui.html("site.consultation.closed", date=self.day(end))
        links = reaction_links(self.cfg, model, item)
        if not links:
            return Markup()
        anchors = join(" · ", (H.a(link.url, self._link_label(link), cls="stelsel-reageer",
                                   aria=self._aria(link, model, item))
                               for link in links))
        if not until:
            return anchors
        if self.today > end:
            until = ui("site.consultation.late_welcome", date=self.day(end))
        else:
            until = ui("site.consultation.until", date=self.day(end))
        return Markup("{} {}").format(anchors, until)

    def open_consultations(self) -> list:
        """The proposals whose consultation is open, the soonest to close first."""
        return list(self._open_consultations)

    @cached_property
    def _open_consultations(self) -> list:
        """Found once: every item page asks."""
        found = [p for p in self.p.items("proposal") if self.consultation_open(p.model)]
        return sorted(found, key=lambda p: (p.model.consultation.end, natural(p.id)))

    def consultations_block(self, page: str) -> str:
        """The home page's table of open consultations, each with its "Reageer" action."""
        proposals = self.open_consultations()
        ui = self.ui
        if self.o.frozen:  # a frozen release's site is built once: the consultations live in the working version
            working = self.to_working(page)
            return self.block(H.p(ui.html("site.consultation.in_working",
                                          working=H.a(working, ui("site.consultation.working_link")),
                                          feed=H.a(working + L.FEED_ATOM, ui("site.consultation.feed_link")),
                                          calendar=H.a(working + L.FEED_ICS, ui("site.consultation.calendar_link"))))) + "\n"
        if not proposals:
            return ui("site.consultation.none") + "\n"
        link = getattr(self.index, "id_link", self.index.link)  # the ID as the link, the title beside it
        columns = ui.raw("site.consultation.columns")
        out = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
        for proposal in proposals:
            m = proposal.model
            actions = " · ".join(
                f'[{esc(self._link_label(x))}](<{_bracketed(x.url)}>){{ .stelsel-reageer aria-label="{self._aria(x, m)}" }}'
                for x in reaction_links(self.cfg, m)) if self.welcomes_reactions(m) else ""
            out.append(f"| {link(page, proposal.id)} | {cell(esc(m.title))} | {self.index.link(page, m.target_release)} "
                       f"| {self.day(m.consultation.end)} | {actions or '—'} |")
        return "\n".join(out) + "\n"

    def to_working(self, page: str) -> str:
        """The relative URL of the working version's root from ``page`` of this version (every build has one)."""
        url = L.page_url(page, self.o.directory_urls)
        depth = 0 if url.startswith("./") else url.count("/")  # folders below the version's root
        return "../" * (depth + 1) + f"{WORKING_VERSION}/"

    def consultation_notice(self, page: str, item) -> str:
        """On an item's page: the open consultations that change it, each with its "Reageer" action."""
        parts = []
        for proposal in self.open_consultations():
            if item.id not in {c.item for c in proposal.model.changes}:
                continue
            text = self.ui.html("site.consultation.notice",
                                proposal=self.index.a_with_id(page, proposal.id))  # 'Titel (WV-002)' (links.py)
            action = self.reageer(proposal.model, item.id)
            parts.append(H.p(text + (Markup(" ") + action if action else Markup())))
        if not parts:
            return ""
        return self.block(self.admonition("question", self.ui("site.consultation.notice_title"), join("\n", parts))) + "\n"

    # -- verwerkingsverslag ------------------------------------------------------------------

    def has_report(self, proposal) -> bool:
        c = getattr(proposal.model, "consultation", None)
        return c is not None and bool(c.reactions)

    def report_link(self, page: str, proposal, text: str | None = None) -> Markup:
        """A link to the proposal's verwerkingsverslag (empty when it has no reactions); ``text``: else the word for it."""
        if not self.has_report(proposal):
            return Markup()
        return self.index.page_a(page, report_page(proposal.id), text or self.ui("site.report.link"))

    def _reports(self) -> None:
        for proposal in self.proposals:
            if self.has_report(proposal):
                self._report(proposal)

    def _report(self, proposal) -> None:
        m = proposal.model
        c = m.consultation
        path = report_page(proposal.id)
        reactions = list(c.reactions)
        late = sum(1 for r in reactions if r.late)
        ui = self.ui
        words = ui.mapping("site.report")
        counts = {}
        for r in reactions:
            label = self.disposition(r.disposition) if r.disposition else words["unanswered"]
            counts[label] = counts.get(label, 0) + 1
        n = len(reactions)
        said = (ui("site.consultation.reactions_one" if n == 1 else "site.consultation.reactions_many", count=n)
                + (ui("site.report.of_which_late", count=late) if late else "") + ". "
                + ui("site.report.handled", summary=", ".join(f"{count} {label.lower()}" for label, count in counts.items())))
        intro = ui.html("site.report.lead", proposal=self.index.a_with_id(path, proposal.id),  # 'Titel (WV-001)'
                        start=self.day(c.start), end=self.day(c.end), said=said)
        out = [f"# {ui('site.report.title', id=esc(proposal.id))}\n", self.banner([]), self.block(H.p(intro))]
        facts = []
        if m.decision is not None:
            facts.append((words["decision"], Markup("{}, {}").format(self.t(m.decision.outcome), self.day(m.decision.date))))
        facts.append((words["status"], self.t(self.state(m.status))))
        out.append(self.block(self.meta(facts)))
        late_mark = " " + ui("site.consultation.late")
        summary = [[self.t(self._reaction_key(i, r)), self._sender(r), self.day(r.date) + (late_mark if r.late else ""),
                    self.t(self.disposition(r.disposition)) if r.disposition else words["unanswered"]]
                   for i, r in enumerate(reactions)]
        out.append(f"## {words['overview']}\n")
        out.append(self.block(table(ui.raw("site.report.columns"), summary)))
        out.append(f"## {words['reactions']}\n")
        for index, r in enumerate(reactions):
            key = self._reaction_key(index, r)
            out.append(f"### {ui('site.report.reaction_heading', number=esc(key), by=esc(r.by))} {{#reactie-{esc(key)}}}\n")
            loc = ("consultation", "reactions", index)
            rows = [(words["from"], self._sender(r)),
                    (words["about"], self.index.a(path, r.item) if r.item else words["whole_proposal"]),
                    (words["received"], self.day(r.date) + " " + (ui("site.report.late_until", date=self.day(c.end))
                                                                  if r.late else words["on_time"])),
                    (words["handling"], self.t(self.disposition(r.disposition))
                     if r.disposition else words["unanswered"])]
            if r.responded_by:
                rows.append((words["answered_by"], Markup("{}, {}").format(self.person(r.responded_by),
                                                                            self.day(r.responded_at))))
            parts = [H.p(H.strong(words["reaction"])), self.prose(r.summary, path, proposal, (*loc, "summary")),
                     self.meta(rows)]
            if r.motivation:
                parts += [H.p(H.strong(words["motivation"])), self.prose(r.motivation, path, proposal, (*loc, "motivation"))]
            parts += [H.p(H.strong(words["what_changed"])),
                      self.prose(r.response, path, proposal, (*loc, "response")) if r.response
                      else H.p(words["nothing_changed"])]
            out.append(self.item_block(*parts))
        self.page(path, ui("site.report.title", id=proposal.id), "\n".join(out), source=self._source(proposal))
        self.item_pages.add(path)  # outside the navigation: linked from the proposal and the change pages

    @staticmethod
    def _reaction_key(index: int, reaction) -> str:
        return reaction.id or str(index + 1)

    def _sender(self, reaction) -> Markup:
        return self.t(reaction.by) + (Markup(" ({})").format(self.t(reaction.organisation))
                                      if reaction.organisation else Markup())

    # -- validity ------------------------------------------------------------------------

    def release_windows(self) -> dict:
        """Release ID -> its window on the timeline (the working register's dates, this version's policy)."""
        cache = self.__dict__.get("_windows")
        if cache is None:
            ids = {r.id for r in self.releases} | set(self.o.current_releases)
            entries = [(model, "") for model in (self._release_model(i) for i in ids) if model is not None]
            cache = self.__dict__["_windows"] = {w.version: w for w in timeline(entries, self.validity_policy)}
        return cache

    @property
    def validity_policy(self):
        """The working tree's validity policy (the current word, as the plugin passes it), else this version's."""
        current = getattr(self.o, "validity", None)
        return policy_of(SimpleNamespace(validity=current)) if current is not None else policy_of(self.cfg)

    def validity_text(self, version: str | None) -> str:
        """'Geldig van 1 februari 2026 tot en met 31 augustus 2026' ('' off the timeline)."""
        window = self.release_windows().get(version or "")
        if window is None:
            return ""
        ui = self.ui
        planned = "" if self.release_released(window.version) else ui("site.calendar.planned")  # not decided yet
        if window.until is None:
            return planned + ui("site.calendar.valid_open", start=self.day(window.start))
        return planned + ui("site.calendar.valid_until", start=self.day(window.start), until=self.day(window.until))

    def validity_sentence(self, version: str | None) -> str:
        text = self.validity_text(version)
        return (text[:1].upper() + text[1:] + ".") if text else ""

    @property
    def has_calendar(self) -> bool:
        return bool(self.releases or self.release_windows())

    @property
    def has_feeds(self) -> bool:
        return not self.o.frozen and self.cfg is not None

    def _release_calendar(self) -> None:
        windows = sorted(self.release_windows().values(), key=lambda w: version_key(w.version))
        if not self.has_calendar:
            return
        path = L.CALENDAR
        policy = self.validity_policy
        ui = self.ui
        words = ui.mapping("site.calendar")
        rule = ui.mapping("site.calendar.policy").get(policy.name, policy.name)
        if policy.name == "period" and policy.months:
            rule += " " + ui("site.calendar.months", months=policy.months)
        elif policy.months:
            rule += ui("site.calendar.at_most", months=policy.months)
        out = [f"# {words['title']}\n", self.banner(), ui("site.calendar.lead", rule=esc(rule)) + "\n"]
        if windows:
            rows = [[self.index.a(path, w.version, w.title) if w.version in self.index.targets else self.t(w.title),
                     self.t(self.release_status(w.version)), self.day(w.start),
                     self.day(w.until) if w.until else words["open_end"],
                     words["yes"] if w.valid_on(self.today) else (words["not_yet"] if w.start > self.today else words["no"])]
                    for w in windows]
            out.append(self.block(table([*ui.raw("site.calendar.columns"),
                                         ui("site.calendar.valid_on", date=self.day(self.today))], rows)))
        else:
            out.append(words["none"] + "\n")
        undated = [r for r in self.releases if r.id not in self.release_windows()]
        if undated:
            out.append(self.block(H.p(ui.html("site.calendar.undated", releases=join(
                ", ", (self.index.a(path, r.id, r.model.title) for r in undated))))))
        if self.has_feeds:
            out.append(ui("site.calendar.own_calendar", link=self.index.page_link(
                path, L.FEED_ICS, ui("site.consultation.calendar_link"))) + "\n")
        self.page(path, words["title"], "\n".join(out))

    # -- feeds ---------------------------------------------------------------------------

    def feed_files(self) -> dict[str, str]:
        """The Atom feed of consultations and the ICS calendar (the working version only)."""
        cache = self.__dict__.get("_feeds")
        if cache is not None:
            return cache
        cache = {}
        if self.has_feeds:
            def link(ident):  # relative to the feed, which sits at the version's root
                target = self.index.targets.get(ident)
                return self._url(target.page, target.anchor) if target is not None else None

            base = getattr(self.cfg, "site_url", None)
            base = f"{base.rstrip('/')}/{self.o.version}/" if base else None

            def absolute(ident):  # an ICS URL is a URI: only with the site's own address
                url = link(ident)
                return base + url if base and url else None

            cache[L.FEED_ATOM] = consultation_feed(self.p, self.today, link=link,
                                                   feed_url=(base + L.FEED_ATOM) if base else L.FEED_ATOM)
            cache[L.FEED_ICS] = calendar_ics(self.p, self.today, link=absolute)
        self.__dict__["_feeds"] = cache
        return cache

    def feeds_line(self, page: str) -> str:
        """The home page's links to the feeds and the release calendar (Markdown)."""
        parts = []
        ui = self.ui
        if self.has_feeds:
            parts.append(ui("site.consultation.follow", link=self.index.page_link(
                page, L.FEED_ATOM, ui("site.consultation.feed_link"))))
            parts.append(ui("site.consultation.in_calendar", link=self.index.page_link(
                page, L.FEED_ICS, ui("site.consultation.calendar_link"))))
        if self.has_calendar:
            parts.append(ui("site.consultation.see_calendar", link=self.index.page_link(
                page, L.CALENDAR, ui("site.calendar.link"))))
        if not parts:
            return ""
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + ".\n"

    def validity_rows(self) -> list[str]:
        """'Release 0.1: geldig van … tot en met …' for the home page, newest first (Markdown list items)."""
        out = []
        for window in sorted(self.release_windows().values(), key=lambda w: version_key(w.version), reverse=True):
            out.append("- " + self.ui("site.calendar.row", version=esc(window.version),
                                      text=esc(self.validity_text(window.version))))
        return out

    def proposal_reports(self, page: str, proposals) -> Markup:
        """'Verwerkingsverslagen: WV-001, WV-003' for a release page (empty without reactions)."""
        found = [p for p in proposals if self.has_report(p)]
        if not found:
            return Markup()
        return H.p(self.ui.html("site.report.of_release", reports=join(
            ", ", (self.report_link(page, p, f"{p.id} {p.model.title}") for p in found))))  # named (links.py)

