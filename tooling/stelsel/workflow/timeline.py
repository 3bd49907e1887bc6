"""The consultation as it was scheduled: read from the commit that moved the proposal into it.

A consultation's period is fixed when the proposal moves into the consultation state (``stelsel
move --consultation-end`` records both in one edit). The guard on the move out ("the
consultation has ended") must read that period, not a later edit of it: a consultation edited
to end earlier would otherwise let the move out through. Here the period in the working tree
is held against the period in the committed version that introduced the move into the state
(a merge that adds it is that move's commit, see :func:`provenance.adding_version`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..model.governance import GuardType
from .engine import as_date, project_flow
from .provenance import adding_version, canonical, git_view


@dataclass
class Rescheduled:
    ident: str
    path: str
    loc: tuple
    message: str


def consultation_states(flow) -> set[str]:
    """States a proposal consults in: targets of consultation_scheduled moves, sources of consultation_ended ones."""
    found: set[str] = set()
    for transition in flow.workflow.transitions:
        for guard in transition.guards:
            if guard.type == GuardType.CONSULTATION_SCHEDULED.value:
                found.add(transition.to)
            if guard.type == GuardType.CONSULTATION_ENDED.value:
                found |= {s for s in transition.source if s in flow.states}
    return found


def _history(summary) -> tuple[str, ...]:
    return summary.history if summary is not None else ()


def _scheduled(version) -> dict | None:
    """The consultation (start, end) in a committed version; None when it has none or is unreadable."""
    if version is None or version.summary is None:
        return None
    for key, value in version.summary.keys:
        if key == "consultation":
            data = json.loads(value)
            return data if isinstance(data, dict) else None
    return None


def rescheduled(project) -> list[Rescheduled]:
    """Consultations whose start or end differ from what the move into consultation committed."""
    return project.memoized("workflow.rescheduled", lambda: _compute(project))


def _compute(project) -> list[Rescheduled]:
    flow = project_flow(project)
    if flow is None:
        return []
    states = consultation_states(flow)
    if not states:
        return []
    found: list[Rescheduled] = []
    view = None
    for item in sorted(project.items("proposal"), key=lambda it: it.file.path):
        model, sf = item.model, item.file
        consultation = model.consultation
        raw = sf.data.get("history") if isinstance(sf.data, dict) else None
        if consultation is None or not isinstance(raw, list):
            continue
        entries = [i for i, e in enumerate(model.history) if e.to in states and i < len(raw)]
        if not entries:
            continue
        index = entries[-1]  # the consultation belongs to the last move into the state
        view = view or git_view(project)
        if not view.available:
            return []
        versions = view.versions(sf.path)
        added = adding_version(versions, _history, canonical(raw[index]))
        if added is None or added.sha in view.shallow:
            continue  # not committed yet (or its commit is cut off): nothing to hold it against
        then = _scheduled(added)
        move = model.history[index]
        where = f"the move into '{move.to}' on {as_date(move.at)} (history entry {index + 1}, commit {added.sha[:10]})"
        if then is None:
            found.append(Rescheduled(item.id, sf.path, ("consultation",),
                                     f"no consultation was scheduled with {where}; one was added afterwards"))
            continue
        for key in ("start", "end"):
            was, now = then.get(key), str(getattr(consultation, key))
            if was != now:
                found.append(Rescheduled(item.id, sf.path, ("consultation", key),
                                         f"the consultation {key}s on {now}, but {where} scheduled it to {key} on "
                                         f"{was}: a consultation's period is fixed when it starts"))
    return found
