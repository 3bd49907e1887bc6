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

from . import links as L
from .markup import H, join, table
from .shared import WORKING_VERSION
from .text import esc, join_nl, slug

EFFECTS = {  # effect -> (section, what it means for the role)
    "new": ("changed", "nieuw"),
    "starts": ("changed", "geldt nu ook voor deze rol"),
    "level": ("changed", "ander niveau"),
    "changed": ("changed", "tekst of gegevens gewijzigd"),
    "role": ("changed", "beschrijving van de rol gewijzigd"),
    "withdrawn": ("gone", "vervallen"),
    "removed": ("gone", "verwijderd"),
    "stops": ("gone", "geldt niet meer voor deze rol"),
}


def _prose(value) -> bool:
    """A text, or a list of texts (a role's responsibilities): shown with its changes marked."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else None
    return texts is not None and all(isinstance(v, str) for v in texts) and any(" " in v.strip() for v in texts)


def role_changes_page(role_id: str, old: str, new: str) -> str:
    return f"wijzigingen/rollen/{slug(role_id)}/{slug(old)}-{slug(new)}.md"


def role_overview_page(role_id: str) -> str:
    return f"wijzigingen/rollen/{slug(role_id)}.md"


def role_noun(title: str) -> str:
    """A role's title inside a sentence: 'de zorgaanbieder', but 'de GtK-dienstverlener'."""
    return title[:1].lower() + title[1:] if re.match(r"[A-Z][a-z]+\b", title) else title


def _version_name(label: str) -> str:
    return "de werkversie" if label == WORKING_VERSION else f"release {label}"


class RoleChangePages:
    """Mixin of the page generator: the per-role change pages (after the change pages), and the
    summary that opens a role's page of agreements."""

    def _level_counts(self, agreements) -> list[tuple[str, int]]:
        """(level, how many) of the agreements not withdrawn, in the framework's order of levels."""
        counts: dict[str, int] = {}
        for item in agreements:
            if getattr(item.model, "status", None) != "vervallen":
                counts[item.model.level] = counts.get(item.model.level, 0) + 1
        order = list(self.levels) + sorted((level for level in counts if level not in self.levels), key=str)
        return [(level, counts[level]) for level in order if counts.get(level)]

    def audiences(self, page: str) -> str:
        """Markdown for the home page: per role what binds it, its checklist and what changed; then the board's pages."""
        lines = []
        for role in sorted(self.p.items("role"), key=lambda r: r.model.title.lower()):
            counts = self._level_counts(a for a in self.agreements if role.id in (a.model.applies_to or []))
            n = sum(n for _, n in counts)
            if not n:
                continue
            parts = [self.index.page_link(page, L.role_view_page(role.id), f"{n} {'afspraak' if n == 1 else 'afspraken'}")
                     + " (" + esc(", ".join(f"{count} {level}" for level, count in counts)) + ")"]
            if role.id in self.checklists:
                parts.append(self.index.page_link(page, L.checklist_page(role.id), "checklist"))
            if self.o.history:
                previous = self.o.history[-1][0]
                parts.append(self.index.page_link(page, role_changes_page(role.id, previous, self.o.version),
                                                  f"wat er veranderde sinds {previous}"))
            lines.append(f"- **{esc(role.model.title)}:** " + " · ".join(parts))
        board = [self.index.page_link(page, target, label) for target, label, present in
                 ((L.GOVERNANCE, "governance", self.gov), (L.PROPOSALS, "wijzigingsvoorstellen", self.proposals),
                  (L.RELEASES, "releases", self.releases)) if present]
        if board:
            lines.append("- **Bestuur en beheer:** " + " · ".join(board))
        return "\n".join(lines) + "\n" if lines else ""

    def role_summary(self, path: str, role, agreements) -> str:
        """Markdown: how many agreements bind the role per level and what changed in this version (the
        page's next lines link the checklist)."""
        counts = self._level_counts(agreements)
        total = sum(n for _, n in counts)
        if total:
            summary = join_nl(f"{n} {level}" for level, n in counts)
            lines = [f"**In een oogopslag:** voor de {esc(role_noun(role.model.title))} "
                     f"{'geldt' if total == 1 else 'gelden'} in deze versie "
                     f"{total} {'afspraak' if total == 1 else 'afspraken'}: {esc(summary)}."]
        else:
            lines = [f"**In een oogopslag:** voor de {esc(role_noun(role.model.title))} gelden in deze versie geen afspraken."]
        if self.o.history:
            previous = self.o.history[-1][0]
            lines.append("Wat er voor deze rol veranderde sinds " + esc(_version_name(previous)) + ": " +
                         self.index.page_link(path, role_changes_page(role.id, previous, self.o.version),
                                              f"{previous} → {self.o.version}") +
                         f" (of {self.index.page_link(path, role_overview_page(role.id), 'kies andere versies')}).")
        return " ".join(lines) + "\n"

    def _role_change_pages(self) -> None:
        try:
            from ..release.diff import diff_projects
            from ..release.role_diff import role_changes
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
        for role in roles:
            overview = role_overview_page(role.id)
            rows = []
            for old, new, diff, new_project in pairs:
                changes = role_changes(diff, new_project, role.id, role.model.title)
                path = role_changes_page(role.id, old, new)
                self._role_change_page(path, role, changes, new_project)
                self.item_pages.add(path)
                rows.append([self.index.page_a(overview, path, f"{old} → {new}"), self.t(_version_name(old)),
                             self.t(_version_name(new)), str(len(changes.changes))])
            noun = role_noun(role.model.title)
            body = [f"# Wat verandert er voor de {esc(noun)}\n", self.banner(),
                    f"Kies twee versies om te zien wat er voor de rol {self.index.link(overview, role.id)} "
                    "veranderde: nieuwe en gewijzigde afspraken, een ander niveau, en wat vervalt.\n",
                    self.block(table(["Vergelijking", "Van", "Naar", "Wijzigingen voor deze rol"], rows))]
            self.page(overview, f"Wat verandert er voor de {noun}", "\n".join(body))
            self.item_pages.add(overview)

    def _role_change_page(self, path: str, role, changes, new_project) -> None:
        old, new = changes.old_label, changes.new_label
        title = role_noun(role.model.title)
        out = [f"# Wat verandert er voor de {esc(title)}: {esc(old)} → {esc(new)}\n", self.banner()]
        levels = [lv.id for lv in (new_project.config.levels if new_project.config else [])] or sorted(changes.levels, key=str)
        counts = [(level, changes.levels[level]) for level in levels if changes.levels.get(level)]
        total = sum(n for _, n in counts)
        out.append(f"Deze pagina vergelijkt {esc(_version_name(old))} met {esc(_version_name(new))} voor de rol "
                   f"{self.index.link(path, role.id)}.\n")
        out.append("## Wat nu geldt\n")
        if counts:
            summary = join_nl(f"{n} {level}" for level, n in counts)
            out.append(f"In {esc(_version_name(new))} {'geldt' if total == 1 else 'gelden'} voor deze rol {total} "
                       f"{'afspraak' if total == 1 else 'afspraken'}: {esc(summary)}.\n")
            if new == self.o.version and L.checklist_page(role.id) in self.pages:
                out.append(f"Alles wat geldt staat in de {self.index.page_link(path, L.checklist_page(role.id), 'checklist')}.\n")
        else:
            out.append(f"In {esc(_version_name(new))} gelden voor deze rol geen afspraken.\n")
        sections = {"changed": [], "gone": []}
        for change in changes.changes:
            sections[EFFECTS[change.effect][0]].append(change)
        for key, heading, empty in (("changed", "Wat er is gewijzigd", "Voor deze rol is niets nieuw of gewijzigd."),
                                    ("gone", "Wat vervalt", "Voor deze rol vervalt niets.")):
            out.append(f"## {heading}\n")
            items = sections[key]
            if not items:
                out.append(f"{empty}\n")
                continue
            out.append(self.block(table(["Onderdeel", "Wat er verandert", "Niveau"],
                                        (self._role_change_row(path, change, new) for change in items))))
            for change in items:
                details = [self._field_change(f, path) for f in (change.diff.fields or [])
                           if _prose(f.old) and _prose(f.new)]
                if details:
                    out.append(self.block(H.details("note", Markup("Wat er in {} veranderde").format(
                        self._role_item_label(path, change, new, link=False)), join("\n", details))))
        self.page(path, f"Wat verandert er voor de {title}: {old} → {new}", "\n".join(out), search=False)

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
        what = self.chip(EFFECTS[change.effect][1], f"change-{change.diff.change}")
        return [H.role_change(change.diff.id, change.effect, self._role_item_label(path, change, new)), what, level]
