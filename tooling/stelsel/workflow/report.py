"""Plain-data views of proposals for ``stelsel proposals`` and ``stelsel show`` (and the site)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model.status import DISPOSITION
from .engine import Flow, moves_from
from .impact import dependents_of, touched_items


def _iso(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def summary_row(item) -> dict:
    model = item.model
    return {
        "id": model.id,
        "title": model.title,
        "status": model.status,
        "type": model.type,
        "target_release": model.target_release,
        "working_group": model.working_group,
        "authors": list(model.authors),
        "items": [c.item for c in model.changes],
        "path": item.file.path,
    }


def select(project, flow: Flow | None, status=(), release=None, working_group=None, item=None,
           only_open: bool = False) -> list[dict]:
    rows = []
    for loaded in sorted(project.items("proposal"), key=lambda p: p.id):
        model = loaded.model
        if status and model.status not in status:
            continue
        if release and model.target_release != release:
            continue
        if working_group and model.working_group != working_group:
            continue
        if item and item not in {c.item for c in model.changes}:
            continue
        if only_open and (flow is None or not flow.is_open(model.status)):
            continue
        rows.append(summary_row(loaded))
    return rows


def details(project, flow: Flow, loaded, person: str | None = None, when: dt.date | None = None) -> dict:
    """Everything ``stelsel show`` prints, as plain data."""
    model = loaded.model
    when = when or dt.date.today()
    people = flow.people

    def who(pid: str) -> dict:
        p = people.get(pid)
        return {"id": pid, "name": p.name if p else None, "organisation": p.organisation if p else None}

    changes = []
    for change in model.changes:
        target = project.get(change.item)
        changes.append({"item": change.item, "action": change.action, "note": change.note,
                        "title": getattr(target.model, "title", None) if target else None,
                        "kind": target.kind if target else None,
                        "path": target.file.path if target else None})
    accounted = {d.item: d.disposition for d in model.dependents}
    in_changes = {c.item for c in model.changes}
    dependents = []
    for dep, via in sorted(dependents_of(project, touched_items(model)).items()):
        target = project.get(dep)
        dependents.append({"item": dep, "kind": target.kind if target else None,
                           "title": getattr(target.model, "title", None) if target else None,
                           "via": sorted(via),
                           "accounted": accounted.get(dep) or ("changed" if dep in in_changes else None)})
    state = flow.states.get(model.status)
    moves = []
    for evaluation in moves_from(flow, model, person or "", when) if state is not None else []:
        transition = evaluation.transition
        guards = [flow.guard_label(g) for g in (transition.guards if transition else [])]
        entry = {"to": evaluation.to, "by": evaluation.needs, "guards": guards}
        if person:
            entry["allowed"] = evaluation.allowed
            entry["reasons"] = evaluation.reasons
        else:
            entry["unmet"] = [r for g in (transition.guards if transition else [])
                              if (r := flow.guard_problem(g, model, when))]
        moves.append(entry)
    decision = model.decision
    return {
        **summary_row(loaded),
        "state_title": state.title if state else None,
        "type_title": flow.types[model.type].title if model.type in flow.types else None,
        "authors": [who(a) for a in model.authors],
        "working_group_title": flow.bodies[model.working_group].title if model.working_group in flow.bodies else None,
        "changes": changes,
        "motivation": model.motivation,
        "impact": [{"role": i.role, "impact": i.impact} for i in model.impact],
        "history": [{"at": _iso(h.at), "by": h.by, "from": h.source, "to": h.to, "reason": h.reason} for h in model.history],
        "reviews": [{"by": r.by, "organisation": r.organisation or (people[r.by].organisation if r.by in people else None),
                     "verdict": r.verdict, "date": _iso(r.date), "comment": r.comment} for r in model.reviews],
        "consultation": None if model.consultation is None else {
            "start": _iso(model.consultation.start), "end": _iso(model.consultation.end),
            "reactions": [{"id": r.id or str(i + 1), "by": r.by, "organisation": r.organisation, "date": _iso(r.date),
                           "item": r.item, "late": r.late, "summary": r.summary, "response": r.response,
                           # as the file says it (the framework's word), not the model's key
                           "disposition": project.statuses.word(r.disposition, DISPOSITION) if r.disposition else None,
                           "motivation": r.motivation,
                           "responded_by": r.responded_by, "responded_at": _iso(r.responded_at)}
                          for i, r in enumerate(model.consultation.reactions)]},
        "decision": None if decision is None else {
            "body": decision.body, "by": decision.by, "date": _iso(decision.date), "outcome": decision.outcome,
            "minutes": decision.minutes, "conditions": list(decision.conditions), "example": decision.example},
        "dependents": dependents,
        "released_in": model.released_in,
        "moves": moves,
        "as": person,
        "on": when.isoformat(),
        "body": loaded.file.body or "",
    }
