"""What binds a role on a day (``stelsel applies``): the valid releases and their agreements for it.

Computed from the frozen releases in ``releases/<version>/`` (their text) and the working
register (their ``ingangsdatum``, ``vervaldatum``), under the framework's validity policy
(:mod:`stelsel.release.validity`). An agreement binds a role when it ``applies_to`` it and is
not withdrawn. For each agreement in a valid release: its level (in the newest valid release
that has it), since when it binds (the effective date of the first release of its current
unbroken run, or later where a transition period runs), until when (the last day a valid
release that has it stays valid; none: until further notice) and, for one the older valid
releases lack, the day from which every party must meet it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..model import WITHDRAWN_STATUSES
from .store import frozen_versions, release_root
from .validity import ONE_DAY, Window, add_months, policy_of, project_timeline


class AppliesError(Exception):
    """Bad input (an unknown role): the message names what is known."""


@dataclass
class Obligation:
    id: str
    title: str
    level: str
    mandatory: bool | None
    releases: list[str]
    since: dt.date
    until: dt.date | None
    required_from: dt.date | None = None
    transition_until: dt.date | None = None
    levels: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"id": self.id, "title": self.title, "level": self.level, "mandatory": self.mandatory,
                "releases": self.releases, "since": iso(self.since), "until": iso(self.until),
                "required_from": iso(self.required_from), "transition_until": iso(self.transition_until),
                "levels": self.levels}


@dataclass
class Answer:
    role: str
    role_title: str
    day: dt.date
    policy: str
    valid: list[Window]
    obligations: list[Obligation]
    notes: list[str]

    def as_dict(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"role": self.role, "role_title": self.role_title, "date": self.day.isoformat(), "policy": self.policy,
                "releases": [{"version": w.version, "title": w.title, "from": iso(w.start), "until": iso(w.until)}
                             for w in self.valid],
                "agreements": [o.as_dict() for o in self.obligations], "notes": self.notes}


def _agreements(frozen, role: str) -> dict[str, object]:
    return {item.id: item.model for item in frozen.items("agreement")
            if role in item.model.applies_to and item.model.status not in WITHDRAWN_STATUSES}


def _same(a, b) -> bool:
    return a is not None and b is not None and a.model_dump() == b.model_dump()


def applies(root: Path, project, role: str, day: dt.date) -> Answer:
    """The releases valid on ``day`` and the agreements that bind ``role`` then."""
    from ..load.project import load_project

    roles = project.by_kind.get("role", {})
    if role not in roles:
        if project.unvalidated.get(role) == "role":
            raise AppliesError(f"role '{role}' is defined in a file with errors, so what binds it cannot be said; "
                               "run 'stelsel check' and correct it")
        known = ", ".join(sorted(roles)) or "(none)"
        raise AppliesError(f"unknown role '{role}' (roles: {known})")
    versions = frozen_versions(root)
    windows = project_timeline(project, versions)
    notes = []
    undated = [v for v in versions if v not in {w.version for w in windows}]
    if undated:
        notes.append(f"frozen release(s) without an ingangsdatum, not on the timeline: {', '.join(undated)}")
    # every release up to the newest valid one, oldest first: the runs of each agreement
    valid = [w for w in windows if w.valid_on(day)]
    upto = [w for w in windows if w.start <= day]
    texts = {w.version: _agreements(load_project(release_root(root, w.version)), role) for w in windows}
    levels = {lv.id: lv for lv in (project.config.levels if project.config is not None else [])}
    obligations = []
    if valid:
        ids = sorted({i for w in valid for i in texts[w.version]})
        for ident in ids:
            obligations.append(_obligation(ident, windows, upto, valid, texts, levels))
    else:
        notes.append(f"no release is valid on {day}" + (f" (the first takes effect on {windows[0].start})"
                                                        if windows and windows[0].start > day else ""))
    role_model = roles[role].model
    return Answer(role, getattr(role_model, "title", role), day, policy_of(project.config).label(), valid,
                  obligations, notes)


def _until(ident: str, windows: list[Window], newest: Window, texts) -> dt.date | None:
    """The last day it binds: the end of the run of releases that have it, from the newest valid one on."""
    run = []
    for window in windows[windows.index(newest):]:
        if ident not in texts[window.version]:
            break
        run.append(window)
    return None if any(w.until is None for w in run) else max(w.until for w in run)


def _obligation(ident: str, windows: list[Window], upto: list[Window], valid: list[Window], texts,
                levels) -> Obligation:
    run_start, changed_at, previous = None, None, None
    for window in upto:  # the current unbroken run of releases that have it, and where it last changed
        model = texts[window.version].get(ident)
        if model is None:
            run_start = changed_at = previous = None
            continue
        if run_start is None:
            run_start, changed_at = window, window
        elif not _same(model, previous):
            changed_at = window
        previous = model
    having = [w for w in valid if ident in texts[w.version]]
    newest = texts[having[-1].version][ident]
    since = run_start.start if run_start is not None else having[0].start
    transition_until = None
    months = texts[changed_at.version][ident].transition_months if changed_at is not None else None
    if months:
        transition_until = add_months(changed_at.start, months) - ONE_DAY
        if changed_at is run_start:
            since = transition_until + ONE_DAY
    until = _until(ident, windows, having[-1], texts)
    lacking = [w for w in valid if ident not in texts[w.version]]
    required_from = None
    older_lacking = [w for w in lacking if w.start < having[0].start]
    if older_lacking:
        ends = [w.until for w in older_lacking]
        required_from = None if any(e is None for e in ends) else max(ends) + ONE_DAY
    per_release = {w.version: texts[w.version][ident].level for w in having}
    level = levels.get(newest.level)
    return Obligation(ident, newest.title, newest.level, level.mandatory if level is not None else None,
                      [w.version for w in having], since, until, required_from, transition_until,
                      per_release if len(set(per_release.values())) > 1 else {})


# --- by when a party must meet what changed (``stelsel assess`` against a newer release) -------------


@dataclass(frozen=True)
class Deadline:
    """From when a changed or new agreement must be met (``day``; None: not fixed yet) and why."""

    day: dt.date | None
    why: str

    def as_dict(self) -> dict:
        return {"date": self.day.isoformat() if self.day else None, "why": self.why}


def meet_by(root: Path, project, base: str, target: str, transitions: dict[str, int | None]) -> dict[str, Deadline]:
    """For the agreements ``transitions`` names (ID -> its ``transition_months`` in ``target``), changed or new
    between frozen releases ``base`` and ``target``: the day from which a party must meet them.

    A party may keep following an older valid release: the new text binds once every release
    from ``base`` up to ``target`` has lapsed, and not before ``target`` takes effect (nor before
    its transition period ends). ``project`` is the working tree (its register and policy).
    """
    from ..versions import version_key

    windows = {w.version: w for w in project_timeline(project, frozen_versions(root))}
    new = windows.get(target)
    if new is None:
        why = f"release {target} has no ingangsdatum in the register yet"
        return {ident: Deadline(None, why) for ident in transitions}
    older = [w for v, w in windows.items() if version_key(base) <= version_key(v) < version_key(target)
             and (w.until is None or w.until >= new.start)]
    still_open = [w for w in older if w.until is None]
    out = {}
    for ident, months in transitions.items():
        if still_open:
            out[ident] = Deadline(None, f"release {still_open[0].version} stays valid until further notice, so "
                                        f"there is no date yet ({target} takes effect on {new.start})")
            continue
        day, why = new.start, f"the day {target} takes effect"
        lapse = max((w.until for w in older), default=None)
        if lapse is not None and lapse + ONE_DAY > day:
            last = max((w for w in older), key=lambda w: w.until)
            day, why = lapse + ONE_DAY, f"the day after {last.version} lapses ({lapse})"
        if months and add_months(new.start, months) > day:
            day, why = add_months(new.start, months), f"after its transition period of {months} month(s) in {target}"
        out[ident] = Deadline(day, why)
    return out
