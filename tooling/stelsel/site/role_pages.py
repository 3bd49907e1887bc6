"""'Wat verandert er voor mij': per role, what changed between two releases of this version's history.

For every role and every pair of versions this site version knows (its frozen history and
itself), a page ``wijzigingen/rollen/<role>/<old>-<new>.md``: what applies to the role now
(agreements per level, with the checklist), what changed, and what was withdrawn or stops
applying, each with its level. The content comes from
:func:`stelsel.release.role_diff.role_changes` over :func:`stelsel.release.diff.diff_projects`,
exactly as ``stelsel diff OLD NEW --role R`` computes it, so the page and the CLI agree. Per
role an overview page ``wijzigingen/rollen/<role>.md`` lists the comparisons, newest first.
The pages stay outside the navigation (their number grows with the square of the releases).
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..i18n import Messages
from ..vocabulary import WITHDRAWN
from . import links as L
from .markup import H, join, table
from .shared import WORKING_VERSION
from .text import esc, slug

EFFECTS = {  # effect -> the section it is listed in (what it means for the role: site.roles.effect.<effect>)
    "new": "changed", "starts": "changed", "level": "changed", "changed": "changed", "role": "changed",
    "withdrawn": "gone", "removed": "gone", "stops": "gone",
}


def _prose(value) -> bool:
    """A text, or a list of texts (a role's responsibilities): shown with its changes marked."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    return texts is not None and all(isinstance(v, str) for v in texts) and any(" " in v.strip() for v in texts)


def role_changes_page(role_id: str, old: str, new: str) -> str:
    w = L.paths().words
    return f"{w['changes']}/{w['roles']}/{slug(role_id)}/{slug(old)}-{slug(new)}.md"


def role_overview_page(role_id: str) -> str:
    w = L.paths().words
    return f"{w['changes']}/{w['roles']}/{slug(role_id)}.md"


def role_noun(title: str) -> str:
    """A role's title inside a sentence: 'de zorgaanbieder', but 'de GtK-dienstverlener'."""
    return title[:1].lower() + title[1:] if re.match(r"[A-Z][a-z]+\b", title) else title


def _version_name(label: str, ui: Messages) -> str:
    return ui("site.roles.working") if label == WORKING_VERSION else ui("site.roles.release", version=label)


class RoleChangePages:
    """Mixin of the page generator: the per-role change pages (after the change pages), and the
    summary that opens a role's page of agreements."""

    def _level_counts(self, agreements) -> list[tuple[str, int]]:
        """(level, how many) of the agreements not withdrawn, in the framework's order of levels."""
        counts: dict[str, int] = {}
        for item in agreements:
            if getattr(item.model, "status", None) != WITHDRAWN:
                counts[item.model.level] = counts.get(item.model.level, 0) + 1
        order = list(self.levels) + sorted((level for level in counts if level not in self.levels), key=str)
        return [(level, counts[level]) for level in order if counts.get(level)]

    def audiences(self, page: str) -> str:
        """Markdown for the home page: per role what binds it, its checklist and what changed; then the board's pages."""
        lines = []
        ui = self.ui
        for role in sorted(self.p.items("role"), key=lambda r: r.model.title.lower()):
            counts = self._level_counts(self.agreements_by_role.get(role.id, ()))
            n = sum(n for _, n in counts)
            if not n:
                continue
            many = ui("site.roles.agreements_one" if n == 1 else "site.roles.agreements_many", count=n)
            parts = [self.index.page_link(page, L.role_view_page(role.id), many)
                     + " (" + esc(", ".join(f"{count} {level}" for level, count in counts)) + ")"]
            if role.id in self.checklists:
                parts.append(self.index.page_link(page, L.checklist_page(role.id), ui("site.roles.checklist")))
            if self.o.history:
                previous = self.o.history[-1][0]
                parts.append(self.index.page_link(page, role_changes_page(role.id, previous, self.o.version),
                                                  ui("site.roles.changed_since", version=previous)))
            lines.append(f"- **{esc(role.model.title)}:** " + " · ".join(parts))
        board = [self.index.page_link(page, target, ui(f"site.roles.board_{key}")) for target, key, present in
                 ((L.GOVERNANCE, "governance", self.gov), (L.PROPOSALS, "proposals", self.proposals),
                  (L.RELEASES, "releases", self.releases)) if present]
        if board:
            lines.append(f"- **{ui('site.roles.board')}** " + " · ".join(board))
        return "\n".join(lines) + "\n" if lines else ""

    def role_summary(self, path: str, role, agreements) -> str:
        """Markdown: how many agreements bind the role per level and what changed in this version (the
        page's next lines link the checklist)."""
        counts = self._level_counts(agreements)
        total = sum(n for _, n in counts)
        ui = self.ui
        noun = esc(role_noun(role.model.title))
        if total:
            summary = ui.join([f"{n} {level}" for level, n in counts])
            lines = [f"**{ui('site.roles.glance')}** " + ui("site.roles.glance_one" if total == 1 else "site.roles.glance_many",
                                                           role=noun, count=total, summary=esc(summary))]
        else:
            lines = [f"**{ui('site.roles.glance')}** " + ui("site.roles.glance_none", role=noun)]
        if self.o.history:
            previous = self.o.history[-1][0]
            link = self.index.page_link(path, role_changes_page(role.id, previous, self.o.version),
                                        f"{previous} → {self.o.version}")
            other = self.index.page_link(path, role_overview_page(role.id), ui("site.roles.other_versions"))
            lines.append(ui("site.roles.changed_for_role", version=esc(_version_name(previous, ui)), link=link,
                            other=other))
        return " ".join(lines) + "\n"

    def _role_change_pages(self) -> None:
        try:
            from ..release.diff import diff_projects
            from ..release.role_diff import roles_changes
        except ImportError:  # pragma: no cover - the diff engine ships with stelsel
            return
        chain = list(self.o.history) + [(self.o.version, self.p)]
        if len(chain) < 2:
            return
        roles = sorted(self.p.items("role"), key=lambda r: r.id)
        known = {(old, new): diff for old, new, diff, _ in self.diffs}
        pairs = []
        for j in range(len(chain) - 1, 0, -1):  # newest first
            for i in range(j - 1, -1, -1):
                (old, old_project), (new, new_project) = chain[i], chain[j]
                diff = known.get((old, new)) or diff_projects(old_project, new_project, old, new)
                if isinstance(getattr(diff, "items", None), list):  # a full ProjectDiff (not a stand-in)
                    pairs.append((old, new, diff, new_project))
        if not pairs:
            return
        ui = self.ui
        titles = {role.id: role.model.title for role in roles}
        per_pair = [roles_changes(diff, new_project, titles) for _old, _new, diff, new_project in pairs]
        for role in roles:
            overview = role_overview_page(role.id)
            rows = []
            for (old, new, diff, new_project), of_roles in zip(pairs, per_pair):
                changes = of_roles[role.id]
                path = role_changes_page(role.id, old, new)
                self._role_change_page(path, role, changes, new_project)
                self.item_pages.add(path)
                rows.append([self.index.page_a(overview, path, f"{old} → {new}"), self.t(_version_name(old, ui)),
                             self.t(_version_name(new, ui)), str(len(changes.changes))])
            noun = role_noun(role.model.title)
            body = [f"# {ui('site.roles.overview_title', role=esc(noun))}\n", self.banner(),
                    ui("site.roles.overview_lead", role=self.index.link(overview, role.id)) + "\n",
                    self.block(table([ui(f"site.roles.{key}") for key in ("comparison", "from", "to", "changes_for_role")],
                                     rows))]
            self.page(overview, ui("site.roles.overview_title", role=noun), "\n".join(body))
            self.item_pages.add(overview)

    def _role_change_page(self, path: str, role, changes, new_project) -> None:
        old, new = changes.old_label, changes.new_label
        title = role_noun(role.model.title)
        ui = self.ui
        out = [f"# {ui('site.roles.page_title', role=esc(title), old=esc(old), new=esc(new))}\n", self.banner()]
        levels = [lv.id for lv in (new_project.config.levels if new_project.config else [])] or sorted(changes.levels, key=str)
        counts = [(level, changes.levels[level]) for level in levels if changes.levels.get(level)]
        total = sum(n for _, n in counts)
        out.append(ui("site.roles.page_lead", old=esc(_version_name(old, ui)), new=esc(_version_name(new, ui)),
                      role=self.index.link(path, role.id)) + "\n")
        out.append(f"## {ui('site.roles.applies_now')}\n")
        newest = esc(_version_name(new, ui))
        if counts:
            summary = ui.join([f"{n} {level}" for level, n in counts])
            out.append(ui("site.roles.applies_one" if total == 1 else "site.roles.applies_many", version=newest,
                          count=total, summary=esc(summary)) + "\n")
            if new == self.o.version and L.checklist_page(role.id) in self.pages:
                link = self.index.page_link(path, L.checklist_page(role.id), ui("site.roles.checklist"))
                out.append(ui("site.roles.in_checklist", link=link) + "\n")
        else:
            out.append(ui("site.roles.applies_none", version=newest) + "\n")
        sections = {"changed": [], "gone": []}
        for change in changes.changes:
            sections[EFFECTS[change.effect]].append(change)
        for key in ("changed", "gone"):
            out.append(f"## {ui(f'site.roles.{key}_heading')}\n")
            items = sections[key]
            if not items:
                out.append(f"{ui(f'site.roles.{key}_none')}\n")
                continue
            out.append(self.block(table([ui("site.roles.item"), ui("site.roles.what"), ui("site.roles.level")],
                                        (self._role_change_row(path, change, new) for change in items))))
            for change in items:
                details = [self._field_change(f, path) for f in (change.diff.fields or [])
                           if _prose(f.old) and _prose(f.new)]
                if details:
                    out.append(self.block(H.details("note", ui.html("site.roles.details", item=self._role_item_label(
                        path, change, new, link=False)), join("\n", details))))
        self.page(path, ui("site.roles.page_title", role=title, old=old, new=new), "\n".join(out), search=False)

    def _role_item_label(self, path: str, change, new: str, *, link: bool = True) -> Markup:
        d = change.diff
        name = Markup("{} {}").format(d.id, d.title) if d.title and d.title != d.id else Markup(esc(d.id))
        if d.kind == "role":
            name = self.t(d.title or d.id)
        if link and new == self.o.version and d.new is not None and d.id in self.index.targets:
            return self.index.a(path, d.id, str(name))
        return name

    def _role_change_row(self, path: str, change, new: str) -> list:
        if change.effect == "level":
            level = Markup("{} → {}").format(change.old_level or "—", change.new_level or "—")
        elif change.effect in ("withdrawn", "removed", "stops"):
            level = Markup("was {}").format(change.old_level) if change.old_level else "—"
        else:
            level = self.t(change.new_level or "—")
        what = self.chip(self.ui(f"site.roles.effect.{change.effect}"), f"change-{change.diff.change}")
        return [H.role_change(change.diff.id, change.effect, self._role_item_label(path, change, new)), what, level]
