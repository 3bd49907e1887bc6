"""The obligation timeline as data: from when each release binds and until when (pure).

A release binds from its ``ingangsdatum`` (in the working register). How long it stays valid
is the framework's ``validity`` policy: ``n`` until its successor takes effect, ``n-1`` until
its successor's successor does (the current and the previous release are valid), ``n-2``
one release longer, ``period`` for ``months`` from its own effective date; with ``n-1`` or
``n-2``, ``months`` caps how long a release stays valid after its successor takes effect.
A register entry's ``vervaldatum`` ends it earlier, never later. Without a policy: ``n``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ..versions import version_key

KEEP = {"n": 0, "n-1": 1, "n-2": 2}
ONE_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Policy:
    name: str = "n"
    months: int | None = None

    def label(self) -> str:
        if self.name == "period":
            return f"period of {self.months} month(s)" if self.months else "period (no months declared)"
        return self.name + (f", at most {self.months} month(s) after a successor takes effect" if self.months else "")


def policy_of(config) -> Policy:
    validity = getattr(config, "validity", None) if config is not None else None
    if validity is None:
        return Policy()
    name = getattr(validity.policy, "value", validity.policy)
    return Policy(name, validity.months)


@dataclass(frozen=True)
class Window:
    """One release on the timeline: valid from ``start`` through ``until`` (None: until further notice)."""

    version: str
    title: str
    start: dt.date
    until: dt.date | None
    policy_until: dt.date | None  # what the policy alone allows
    path: str

    def valid_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


def policy_ends(policy: Policy, starts: list[dt.date]) -> list[dt.date | None]:
    """For releases taking effect on ``starts`` (in version order), the last day the policy keeps each valid."""
    ends: list[dt.date | None] = []
    for index, start in enumerate(starts):
        candidates: list[dt.date] = []
        if policy.name == "period":
            if policy.months:
                candidates.append(add_months(start, policy.months) - ONE_DAY)
        else:
            later = index + KEEP.get(policy.name, 0) + 1
            if later < len(starts):
                candidates.append(starts[later] - ONE_DAY)
            if policy.months and KEEP.get(policy.name, 0) >= 1 and index + 1 < len(starts):
                candidates.append(add_months(starts[index + 1], policy.months) - ONE_DAY)
        ends.append(min(candidates) if candidates else None)
    return ends


def timeline(entries, policy: Policy) -> list[Window]:
    """Windows for register entries (``(model, path)`` pairs) that have an ingangsdatum, in version order."""
    dated = sorted(((m, p) for m, p in entries if m.ingangsdatum is not None), key=lambda e: version_key(e[0].id))
    ends = policy_ends(policy, [m.ingangsdatum for m, _ in dated])
    windows = []
    for (model, path), end in zip(dated, ends):
        until = end
        if model.vervaldatum is not None:
            until = model.vervaldatum if end is None else min(end, model.vervaldatum)
        windows.append(Window(model.id, model.title, model.ingangsdatum, until, end, path))
    return windows


def register_entries(project, versions: set[str] | None = None) -> list:
    """The working register's entries as (model, path), only ``versions`` when given."""
    return [(item.model, item.file.path) for item in project.items("release")
            if versions is None or item.model.id in versions]


def project_timeline(project, frozen: list[str]) -> list[Window]:
    """The timeline of the frozen releases (their effective dates from the working register)."""
    return timeline(register_entries(project, set(frozen)), policy_of(project.config))


def window_for(root, version: str) -> Window | None:
    """The timeline window of frozen release ``version`` of the project at ``root`` (None: not on the timeline)."""
    from ..load.project import load_project
    from .store import frozen_versions

    versions = frozen_versions(root)
    if version not in versions:
        return None
    return next((w for w in project_timeline(load_project(root), versions) if w.version == version), None)
