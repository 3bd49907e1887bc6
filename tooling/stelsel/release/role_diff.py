"""What changed for one role between two states of a framework: "wat verandert er voor mij".

A care provider or a GtK service provider does not read every change of a release: they want
the agreements that bind their role. From a :class:`~stelsel.release.diff.ProjectDiff` this
keeps what concerns role R: agreements that apply to R on either side (added, changed,
withdrawn or removed; one that starts or stops applying to R says so), the role's own item,
and, for the new side, how many agreements bind R per level. The site's per-role change page
and ``stelsel diff A B --role R`` both read it, so they say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.status import WITHDRAWN_STATUSES
from .diff import ItemDiff, ProjectDiff

AGREEMENT = "agreement"
ROLE = "role"


@dataclass
class RoleChange:
    """One change that concerns the role, with what it means for the role."""

    diff: ItemDiff
    effect: str  # new | changed | level | starts | stops | withdrawn | removed | role
    old_level: str | None = None
    new_level: str | None = None


@dataclass
class RoleChanges:
    role: str
    title: str
    old_label: str
    new_label: str
    changes: list[RoleChange] = field(default_factory=list)
    levels: dict[str, int] = field(default_factory=dict)  # on the new side: level -> agreements binding the role

    def of(self, *effects: str) -> list[RoleChange]:
        return [c for c in self.changes if c.effect in effects]

    def as_diff(self) -> ProjectDiff:
        """The changes as a ProjectDiff of their items (for the ordinary renderers)."""
        return ProjectDiff(self.old_label, self.new_label, [c.diff for c in self.changes])

    def as_dict(self) -> dict:
        return {"role": self.role, "title": self.title, "old": self.old_label, "new": self.new_label,
                "levels": dict(self.levels),
                "changes": [{"id": c.diff.id, "title": c.diff.title, "effect": c.effect, "old_level": c.old_level,
                             "new_level": c.new_level, "change": c.diff.change} for c in self.changes]}


def _roles(item) -> dict:
    """The roles an item binds, in its order (an agreement's ``applies_to``; nothing for other kinds)."""
    if item is None or item.kind != AGREEMENT:
        return {}
    return dict.fromkeys(getattr(item.model, "applies_to", None) or [])


def _level(item) -> str | None:
    return getattr(item.model, "level", None) if item is not None else None


def _withdrawn(item) -> bool:
    return item is not None and getattr(item.model, "status", None) in WITHDRAWN_STATUSES


def _effect(item, before: bool, after: bool, old_level, new_level) -> str | None:
    if item.change == "added":
        return "new"
    if item.change in ("withdrawn", "removed"):
        return item.change if before else None
    if before and not after:
        return "stops"
    if after and not before:
        return "starts"
    if old_level != new_level:
        return "level"
    return "changed"


def role_changes(diff: ProjectDiff, new_project, role: str, title: str | None = None) -> RoleChanges:
    """The changes of ``diff`` that concern ``role``; ``new_project`` gives the levels that bind it now."""
    return roles_changes(diff, new_project, {role: title})[role]


def roles_changes(diff: ProjectDiff, new_project, roles: dict[str, str | None]) -> dict[str, RoleChanges]:
    """:func:`role_changes` for every role of ``roles`` (role -> title) at once: one pass over the diff
    and the agreements, whatever the number of roles (the site makes a page per role and pair of releases)."""
    results = {role: RoleChanges(role, title or role, diff.old_label, diff.new_label) for role, title in roles.items()}
    for item in diff.items:
        old, new = item.old, item.new
        if item.kind == ROLE:
            if item.id in results:
                results[item.id].changes.append(RoleChange(item, "role"))
            continue
        before, after = _roles(old), _roles(new)
        if not (before or after):
            continue
        old_level, new_level = _level(old), _level(new)
        for role in {**before, **after}:
            result = results.get(role)
            if result is None:
                continue
            effect = _effect(item, role in before, role in after, old_level, new_level)
            if effect is not None:
                result.changes.append(RoleChange(item, effect, old_level, new_level))
    for item in (new_project.by_kind.get(AGREEMENT, {}) if new_project is not None else {}).values():
        if _withdrawn(item):
            continue
        level = None
        for role in _roles(item):
            result = results.get(role)
            if result is not None:
                level = _level(item) if level is None else level
                result.levels[level] = result.levels.get(level, 0) + 1
    return results


EFFECT_TEXT = {"new": "new", "changed": "changed", "level": "level changed", "starts": "now applies",
               "stops": "no longer applies", "withdrawn": "withdrawn", "removed": "removed", "role": "the role itself"}


def render_role_text(changes: RoleChanges, level_order: list[str]) -> str:
    """A terminal summary of what changed for the role, then the ordinary diff lines of its items."""
    from .render import render_text

    binding = ", ".join(f"{changes.levels[level]} {level}" for level in level_order if changes.levels.get(level))
    counts: dict[str, int] = {}
    for change in changes.changes:
        counts[change.effect] = counts.get(change.effect, 0) + 1
    lines = [f"for role {changes.role} ({changes.title}), {changes.old_label} -> {changes.new_label}: "
             + (", ".join(f"{n} {EFFECT_TEXT[e]}" for e, n in sorted(counts.items())) or "no changes"),
             f"binding in {changes.new_label}: {binding or 'no agreements'}"]
    for change in changes.changes:
        if change.effect == "level":
            lines.append(f"  {change.diff.id}: {change.old_level} -> {change.new_level}")
        elif change.effect in ("starts", "stops"):
            lines.append(f"  {change.diff.id}: {EFFECT_TEXT[change.effect]} ({change.new_level or change.old_level})")
    return "\n".join(lines) + "\n" + render_text(changes.as_diff())
