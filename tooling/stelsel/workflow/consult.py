"""The operations behind ``stelsel consult react|import|respond``: reactions and their dispositions.

A reaction is what a stakeholder sent (who, organisation, the day it arrived, the item it is
about, the text); the stakeholder need not be on the roster. A reaction received after the
consultation's end is kept and marked ``late`` (or refused, as ``workflow.consultation.
late_reactions`` says). The answer (a disposition with a motivation) is an act of a roster
person entitled by ``workflow.consultation.respond_by``, dated and attributed like a review.

As in :mod:`stelsel.workflow.ops`: everything is checked first, and a refusal writes nothing;
an import is all or nothing (every rejected row is named with its row number).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from ..diagnostics import ExitCode
from ..model.proposal import Disposition
from ..model.status import DISPOSITION
from .engine import as_date, before
from .ops import (Context, Done, WorkflowError, _edit, _in_force_hints, _unknown, find_proposal, not_in_future,
                  open_context, resolve_actor, stamp_now)
from .reactions import late_policy, may_respond, reaction_key, reaction_label
from .timeline import consultation_states

DISPOSITIONS = tuple(d.value for d in Disposition)


@dataclass
class Incoming:
    """One reaction to record, as given on the command line or in a row of an import."""

    proposal: str
    by: str
    organisation: str
    text: str
    item: str | None = None
    date: dt.date | None = None


@contextmanager
def _located(item, loc: tuple):
    """A refusal about a known proposal names its file and the line it concerns (``path:line: message``)."""
    try:
        yield
    except WorkflowError as exc:
        if not getattr(exc, "located", False):
            sf = item.file
            try:
                line = sf.position(loc)[0] or sf.position(loc[:1])[0]
            except Exception:  # noqa: BLE001 - a position is a courtesy; the refusal stands without it
                line = 1
            exc.message = f"{sf.path}:{max(line, 1)}: {exc.message}"
            exc.located = True
        raise


def _next_id(reactions, taken: set[str]) -> str:
    numbers = [int(k[1:]) for k in taken if k.startswith("R") and k[1:].isdigit()]
    numbers += [i + 1 for i in range(len(reactions))]
    return f"R{max(numbers, default=0) + 1}"


def _prepare(ctx: Context, incoming: Incoming, pending: dict[str, list[dict]]) -> tuple[object, dict]:
    """The reaction entry for ``incoming``, checked against the proposal and the workflow (raises on refusal)."""
    item = find_proposal(ctx, incoming.proposal)
    with _located(item, ("consultation",) if item.model.consultation is not None else ("status",)):
        return _check(ctx, item, incoming, pending)


def _check(ctx: Context, item, incoming: Incoming, pending: dict[str, list[dict]]) -> tuple[object, dict]:
    flow = ctx.flow
    model = item.model
    by, organisation, text = (incoming.by or "").strip(), (incoming.organisation or "").strip(), (incoming.text or "").strip()
    if not by:
        raise WorkflowError("a reaction names who sent it (--by NAME)", exit_code=ExitCode.USAGE)
    if not organisation:
        raise WorkflowError("a reaction names the sender's organisation (--organisation ORG)", exit_code=ExitCode.USAGE)
    if not text:
        raise WorkflowError("a reaction has a text (--text or --file)", exit_code=ExitCode.USAGE)
    day = incoming.date or dt.date.today()
    not_in_future(day, "the reaction would be dated")
    consultation = model.consultation
    if consultation is None:
        raise WorkflowError(f"refused: {model.id} is '{model.status}' and has no consultation; reactions are "
                            "received in a consultation",
                            hints=[f"a consultation is scheduled with the move into it: stelsel move {model.id} "
                                   "<state> --consultation-end DATE"])
    if not flow.is_open(model.status):
        raise WorkflowError(f"refused: {model.id} is '{model.status}', no longer open; a reaction can no longer be "
                            "taken into account")
    if day < consultation.start:
        raise WorkflowError(f"refused: the reaction would be dated {day}, before the consultation of {model.id} "
                            f"started ({consultation.start})", exit_code=ExitCode.USAGE)
    late = day > consultation.end
    if late and late_policy(flow) == "refuse":
        raise WorkflowError(f"refused: the consultation of {model.id} ended on {consultation.end}; the reaction of "
                            f"{day} is late and this workflow refuses late reactions "
                            "(workflow.consultation.late_reactions: refuse)")
    states = consultation_states(flow)
    left = [e for e in model.history if e.source in states and e.to not in states]
    if left and model.status not in states and not before(left[-1].at, day):
        raise WorkflowError(f"refused: {model.id} left the consultation on {left[-1].at} ('{left[-1].source}' -> "
                            f"'{left[-1].to}'); a reaction received on {day} had to be recorded before that move",
                            hints=[f"only a reaction received after {as_date(left[-1].at)} can still be recorded: a "
                                   "reaction holds a day, not a time, so one of that day cannot be told from one the "
                                   "move left out"])
    changed = [c.item for c in model.changes]
    if incoming.item is not None and incoming.item not in changed:
        raise WorkflowError(f"unknown item '{incoming.item}': a reaction is about an item {model.id} changes "
                            f"({', '.join(changed)})", exit_code=ExitCode.USAGE)
    existing = list(consultation.reactions or []) + [SimpleNamespace(**e) for e in pending.get(model.id, [])]
    for index, other in enumerate(existing):
        if other.by == by and other.date == day and (other.summary or "").strip() == text:
            raise WorkflowError(f"refused: this reaction of {by} of {day} is already recorded "
                                f"({reaction_key(index, other)} of {model.id})")
    taken = {r.id for r in existing if r.id}
    entry = {"id": _next_id(existing, taken), "by": by, "organisation": organisation, "date": day}
    if incoming.item is not None:
        entry["item"] = incoming.item
    entry["summary"] = text
    if late:
        entry["late"] = True
    return item, entry


def _write_reactions(ctx: Context, item, entries: list[dict]) -> None:
    def apply(doc) -> None:
        for entry in entries:
            doc.append(("consultation", "reactions"), entry)

    _edit(ctx, item, apply)


def _late_note(model, entry) -> list[str]:
    if not entry.get("late"):
        return []
    return [f"late: the consultation ended on {model.consultation.end}; the reaction is kept and marked late"]


def react(root: Path, incoming: Incoming) -> Done:
    """Record one reaction in the proposal's consultation."""
    ctx = open_context(root)
    item, entry = _prepare(ctx, incoming, {})
    _write_reactions(ctx, item, [entry])
    model = item.model
    return Done(model.id, item.file.path, f"{model.id}: reaction {entry['id']} by {entry['by']} "
                                          f"({entry['organisation']}) of {entry['date']}",
                _late_note(model, entry) + [f"answer it: stelsel consult respond {model.id} {entry['id']} "
                                            "--disposition ... --motivation ... --as PERSON"])


@dataclass
class Imported:
    summary: str
    paths: list[str]
    notes: list[str]


def import_reactions(root: Path, rows: list[tuple[int, Incoming | str]]) -> Imported:
    """Record a batch of reactions: all of them, or (with a message per rejected row) none.

    ``rows`` are (row number, reaction) pairs; a row that could not be read is (row number, why).
    """
    ctx = open_context(root)
    problems: list[str] = []
    pending: dict[str, list[dict]] = {}
    items: dict[str, object] = {}
    notes: list[str] = []
    for number, incoming in rows:
        if isinstance(incoming, str):
            problems.append(f"row {number}: {incoming}")
            continue
        try:
            item, entry = _prepare(ctx, incoming, pending)
        except WorkflowError as exc:
            problems.append(f"row {number}: {exc.message}" + "".join(f" ({h})" for h in exc.hints[:1]))
            continue
        items[item.model.id] = item
        pending.setdefault(item.model.id, []).append(entry)
        notes += [f"row {number}: {note}" for note in _late_note(item.model, entry)]
    if not rows:
        raise WorkflowError("the file holds no reactions", exit_code=ExitCode.USAGE)
    if problems:
        raise WorkflowError(f"refused: {len(problems)} of {len(rows)} row(s) rejected; nothing was recorded",
                            details=problems, hints=["correct the rows and import the whole file again"])
    for ident, entries in pending.items():
        _write_reactions(ctx, items[ident], entries)
    count = sum(len(e) for e in pending.values())
    summary = f"{count} reaction(s) recorded: " + "; ".join(
        f"{ident} {', '.join(e['id'] for e in entries)}" for ident, entries in pending.items())
    return Imported(summary, [items[i].file.path for i in pending], notes)


def find_reaction(model, key: str) -> tuple[int, object]:
    """The reaction named ``key`` (R3, 3) in the proposal's consultation."""
    reactions = list(model.consultation.reactions or []) if model.consultation is not None else []
    wanted = key.strip()
    for index, reaction in enumerate(reactions):
        if reaction.id == wanted or (reaction.id is None and wanted == str(index + 1)) \
                or (wanted.isdigit() and reaction.id == f"R{wanted}"):
            return index, reaction
    problem = _unknown("reaction", wanted, [reaction_key(i, r) for i, r in enumerate(reactions)])
    problem.message = f"unknown reaction '{wanted}' of {model.id}"
    raise problem


def respond(root: Path, ident: str, key: str, disposition: str, motivation: str, actor: str | None,
            date=None, response: str | None = None) -> Done:
    """Record the disposition of one reaction (who, when, what and why)."""
    ctx = open_context(root)
    disposition = _stored_disposition(ctx, disposition)
    item = find_proposal(ctx, ident)
    with _located(item, ("consultation", "reactions") if item.model.consultation is not None else ("status",)):
        index, _reaction = find_reaction(item.model, key)
    with _located(item, ("consultation", "reactions", index)):
        return _respond(ctx, item, index, disposition, motivation, actor, date, response)


def _stored_disposition(ctx: Context, given: str) -> str:
    """The word the framework stores for ``given``: its own word, or the model's key as the CLI spells it."""
    words = ctx.project.statuses
    key = words.key(given, DISPOSITION) or (given.replace("-", "_") if isinstance(given, str) else None)
    if key not in DISPOSITIONS:
        keys = tuple(k.replace("_", "-") for k in DISPOSITIONS)
        raise _unknown("disposition", given, tuple(dict.fromkeys((*words.words(DISPOSITION), *keys))))
    return words.word(key, DISPOSITION)


def _respond(ctx: Context, item, index: int, disposition: str, motivation: str, actor: str | None, date,
             response: str | None) -> Done:
    person = resolve_actor(ctx, actor)
    flow, model = ctx.flow, item.model
    reaction = model.consultation.reactions[index]
    words = ctx.project.statuses
    if not (motivation or "").strip():
        raise WorkflowError("a disposition needs its motivation (--motivation)", exit_code=ExitCode.USAGE)
    if date is not None:
        not_in_future(date, "the answer would be dated")
    stamp = date if date is not None else stamp_now(model)
    when = as_date(stamp)
    label = reaction_label(index, reaction)
    if reaction.disposition is not None:
        raise WorkflowError(f"refused: {label} already has a disposition ({words.word(reaction.disposition, DISPOSITION)}, "
                            f"{reaction.responded_by}, {reaction.responded_at}); a recorded answer is never changed")
    if not flow.is_open(model.status):
        raise WorkflowError(f"refused: {model.id} is '{model.status}', no longer open; its reactions can no longer "
                            "be answered")
    if when < reaction.date:
        raise WorkflowError(f"refused: the answer would be dated {when}, before {label} was received",
                            exit_code=ExitCode.USAGE)
    problem = may_respond(flow, person, model, when)
    if problem:
        raise WorkflowError(f"refused: {person} may not answer reactions to {model.id}", details=[problem],
                            hints=_in_force_hints(flow))

    def apply(doc) -> None:
        base = ("consultation", "reactions", index)
        if response:
            doc.set(base + ("response",), response.strip())
        doc.set(base + ("disposition",), disposition)
        doc.set(base + ("motivation",), motivation.strip())
        doc.set(base + ("responded_by",), person)
        doc.set(base + ("responded_at",), stamp)

    _edit(ctx, item, apply)
    left = [reaction_label(i, r) for i, r in enumerate(model.consultation.reactions) if r.disposition is None and i != index]
    notes = [f"still without a disposition: {'; '.join(left)}"] if left else ["every reaction has a disposition"]
    return Done(model.id, item.file.path, f"{model.id}: {label}: {disposition} (by {person}, {stamp})", notes)
