"""The operations behind ``stelsel move|review|decide``: check, then edit the file.

Each operation loads the tree, checks that the act is allowed (the workflow in
``governance.yaml`` decides), and only then edits the proposal with :mod:`stelsel.edit`, so
a refused act leaves the file byte for byte as it was. Errors are :class:`WorkflowError`
with the exit code the CLI returns: 2 for unknown names (a typo), 1 for a refusal.

Creating a proposal (``stelsel propose``) is :mod:`stelsel.workflow.propose`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Iterable

from .. import vcs
from ..diagnostics import ExitCode
from ..edit import Document, EditError
from .engine import Evaluation, Flow, as_date, before, evaluate, instant, moves_from, not_later, out_of_order



class WorkflowError(Exception):
    """A workflow act that cannot be done; ``details`` explain, ``exit_code`` is for the CLI."""

    def __init__(self, message: str, details: Iterable[str] = (), exit_code: int = ExitCode.FINDINGS,
                 allowed: Iterable[str] | None = None, hints: Iterable[str] = (), actor: str | None = None):
        super().__init__(message)
        self.actor = actor
        self.message = message
        self.details = list(details)
        self.exit_code = int(exit_code)
        self.allowed = list(allowed) if allowed is not None else None
        self.hints = list(hints)


def _unknown(what: str, name: str, known: Iterable[str]) -> WorkflowError:
    known = sorted(set(known))
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hints = [f"did you mean: {', '.join(near)}?"] if near else []
    if known and len(known) <= 20:
        hints.append(f"known {what}s: {', '.join(known)}")
    return WorkflowError(f"unknown {what} '{name}'", hints=hints, exit_code=ExitCode.USAGE)


# --- loading ------------------------------------------------------------------------------


@dataclass
class Context:
    root: Path
    project: object
    flow: Flow


def open_context(root: Path) -> Context:
    from ..load.project import load_project

    project = load_project(Path(root))
    if project.governance is None:
        from ..load.tree import content_dir

        raise WorkflowError(f"no valid governance config ({content_dir(root)}/governance.yaml with a workflow)",
                            hints=["run 'stelsel check' to see what is wrong with it"], exit_code=ExitCode.USAGE)
    from .roster import roster

    # An act recorded now is judged, once committed, by the roster in force at HEAD: refuse what check will refuse.
    return Context(Path(root), project, roster(project).for_next_commit() or Flow(project.governance))


def _in_force_hints(flow: Flow) -> list[str]:
    return [flow.in_force_note] if flow.in_force_note else []


def find_proposal(ctx: Context, ident: str):
    """The loaded proposal with this ID (or file path); a clear error if unknown or invalid."""
    proposals = ctx.project.by_kind.get("proposal", {})
    if ident in proposals:
        return proposals[ident]
    as_path = ident.replace("\\", "/")
    for item in proposals.values():
        if item.file.path == as_path or item.file.path.endswith("/" + as_path.lstrip("./")):
            return item
    for sf in ctx.project.files:
        if sf.kind == "proposal" and isinstance(sf.data, dict) and (sf.data.get("id") == ident or sf.path == as_path):
            raise WorkflowError(f"proposal '{ident}' ({sf.path}) has errors, so it cannot be changed by a command",
                                hints=[f"run 'stelsel check' and fix {sf.path} first"])
    raise _unknown("proposal", ident, proposals)


def find_person(ctx: Context, ident: str) -> str:
    """A person ID from an ID or an e-mail address on the roster."""
    people = ctx.flow.people
    if ident in people:
        return ident
    lowered = ident.strip().lower()
    for person in people.values():
        if person.email.lower() == lowered:
            return person.id
    raise _unknown("person", ident, people)


def git_user_email(root: Path) -> str | None:
    """git's ``user.email`` as seen from ``root``; None when unset or git is missing."""
    try:
        return vcs.config_value(root, "user.email")
    except vcs.GitProblem:
        return None


def resolve_actor(ctx: Context, ident: str | None) -> str:
    """``--as`` given: that person; otherwise the roster person with git's user.email."""
    if ident:
        return find_person(ctx, ident)
    email = git_user_email(ctx.root)
    if email:
        try:
            return find_person(ctx, email)
        except WorkflowError:
            pass
    raise WorkflowError("who is acting? give --as PERSON (an ID or e-mail address on the roster)",
                        hints=[f"git's user.email ({email}) is not on the roster" if email else
                               "git has no user.email to fall back on"], exit_code=ExitCode.USAGE)


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def stamp_now(model) -> dt.datetime:
    """The timestamp of an act recorded now: a second after the proposal's last move if that is this very second.

    Acts in a history are strictly ordered; commands run one after the other within one
    second (a script, a test) would otherwise stamp two moves alike. A last move further
    ahead than that is a mis-dated entry, which the callers refuse with a hint.
    """
    current = now()
    last = instant(model.history[-1].at) if model.history else None
    if last is not None and current <= last <= current + dt.timedelta(seconds=5):
        return (last + dt.timedelta(seconds=1)).astimezone(current.tzinfo)
    return current


def parse_when(text: str | None, default_now: bool = True):
    """A date (YYYY-MM-DD) or an ISO date-time; None means now (or today)."""
    if text is None:
        return now() if default_now else dt.date.today()
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        value = dt.datetime.fromisoformat(text)
        return value
    except ValueError:
        raise WorkflowError(f"not a date: '{text}'", hints=["use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"],
                            exit_code=ExitCode.USAGE) from None


def not_in_future(value, what: str) -> None:
    """Refuse (exit 2) an act dated after now: a date after today, a date-time after this moment."""
    moment = instant(value)
    if moment is not None:
        current = now()
        if moment > current:
            raise WorkflowError(f"refused: {what} {value.isoformat()}, after now ({current.isoformat()}); "
                                "an act cannot be dated in the future",
                                hints=["leave the date out to record the act now, or give the day it happened"],
                                exit_code=ExitCode.USAGE)
        return
    day = as_date(value)
    if day is not None and day > dt.date.today():
        raise WorkflowError(f"refused: {what} {day}, after today ({dt.date.today()}); "
                            "an act cannot be dated in the future",
                            hints=["leave the date out to record the act today, or give the day it happened"],
                            exit_code=ExitCode.USAGE)


def not_before_history(model, value, what: str, path: str) -> None:
    """Refuse (exit 2) an act dated before the proposal's last history entry: time runs forward."""
    if not model.history:
        return
    last = model.history[-1]
    index = len(model.history)
    if not_later(value, last.at):
        stale = before(now(), last.at)
        hints = ([f"history entry {index} of {path} is dated {last.at}, after now: correct its 'at' first"] if stale
                 else ["leave the date out to record the act now"])
        raise WorkflowError(f"refused: {what} {value} is not after the last recorded move of {model.id} "
                            f"(history entry {index}: '{last.source}' -> '{last.to}' on {last.at})",
                            hints=hints, exit_code=ExitCode.USAGE)


def _edit(ctx: Context, item, apply) -> None:
    """Edit ``item``'s file with ``apply``, if it still holds what this command loaded and judged.

    Two commands on one proposal at once (two reactions recorded in parallel) would otherwise
    each add to the text they read, and the last to write would lose the other's act. Between
    stelsel commands the check and the write are one step (a lock on the folder); a file
    changed since it was loaded is refused, and the command can simply be run again.
    """
    from .. import inputs
    from ..atomic import folder_lock

    path = ctx.root / item.file.path
    try:
        with folder_lock(path.parent):
            if item.file.digest and inputs.file_digest(str(path)) != item.file.digest:
                raise WorkflowError(f"{item.file.path} changed while this command ran (another command wrote it); "
                                    "nothing was written: run the command again", exit_code=ExitCode.USAGE)
            doc = Document.open(path)
            apply(doc)
            doc.save()
    except EditError as exc:
        raise WorkflowError(str(exc), exit_code=ExitCode.USAGE) from None
    except TimeoutError as exc:
        raise WorkflowError(str(exc), exit_code=ExitCode.USAGE) from None


# --- move -----------------------------------------------------------------------------------


@dataclass
class Done:
    proposal: str
    path: str
    summary: str
    notes: list[str] = field(default_factory=list)
    created: bool = False


def move(root: Path, ident: str, to: str, actor: str | None, reason: str | None = None, at=None,
         consultation_end=None, consultation_start=None) -> Done:
    """Move a proposal; with ``consultation_end`` also schedule its consultation (start: the move's date)."""
    ctx = open_context(root)
    item = find_proposal(ctx, ident)
    person = resolve_actor(ctx, actor)
    flow, model = ctx.flow, item.model
    if to not in flow.states:
        raise _unknown("state", to, flow.states)
    if at is not None:
        not_in_future(at, "the move would be dated")
    at = at if at is not None else stamp_now(model)
    when = as_date(at)
    source = model.status
    if source not in flow.states:
        raise WorkflowError(f"{model.id} has status '{source}', which is not a state of the workflow",
                            hints=["run 'stelsel check' and correct the status"])
    if model.history and out_of_order(at, model.history[-1].at):
        last, index = model.history[-1], len(model.history)
        if before(now(), last.at):
            raise WorkflowError(f"refused: the last recorded move of {model.id} (history entry {index}, "
                                f"'{last.source}' -> '{last.to}') is dated {last.at}, after now",
                                hints=[f"a move cannot be dated in the future: correct 'at' of history entry {index} "
                                       f"in {item.file.path} to when that move happened"])
        raise WorkflowError(f"refused: the move would be dated {at}, not after the last recorded move "
                            f"({last.at})", hints=["a history runs forward, strictly: leave out --at to move now, "
                                                   "or give a full timestamp (YYYY-MM-DDTHH:MM:SS+HH:MM)"])
    if source == to:
        raise WorkflowError(f"{model.id} is already '{to}'", allowed=_allowed(flow, model, person, when), actor=person)
    consultation = None
    if consultation_end is not None or consultation_start is not None:
        if consultation_end is None:
            raise WorkflowError("--consultation-start needs --consultation-end", exit_code=ExitCode.USAGE)
        if model.consultation is not None:
            raise WorkflowError(f"refused: {model.id} already has a consultation ({model.consultation.start} to "
                                f"{model.consultation.end})")
        start = as_date(consultation_start) if consultation_start is not None else when
        end = as_date(consultation_end)
        if end <= start:
            raise WorkflowError(f"the consultation must end after it starts: it would start on {start} and end on {end}",
                                exit_code=ExitCode.USAGE)
        consultation = {"start": start, "end": end}
        model = model.model_copy(update={"consultation": SimpleNamespace(start=start, end=end, reactions=[])})
    result = evaluate(flow, model, source, to, person, when)
    if consultation is None and model.consultation is not None:
        from .timeline import consultation_states, rescheduled

        if source in consultation_states(flow):
            edited = [r.message for r in rescheduled(ctx.project) if r.ident == model.id]
            if edited:
                raise WorkflowError(f"refused: {model.id} cannot move from '{source}' to '{to}': its consultation "
                                    "was edited after it started",
                                    details=edited + ([] if result.allowed else result.reasons),
                                    hints=[f"restore the consultation's start and end in {item.file.path}"])
    if not result.allowed:
        raise refusal(flow, model, person, when, result)
    entry = {"at": at, "by": person, "from": source, "to": to}
    if reason:
        entry["reason"] = reason

    def apply(doc: Document) -> None:
        doc.set(("status",), to)
        doc.append(("history",), entry)
        if consultation is not None:
            doc.set(("consultation",), consultation)

    _edit(ctx, item, apply)
    notes = []
    nxt = [e.to for e in moves_from(flow, model.model_copy(update={"status": to}), person, when) if e.allowed]
    if nxt:
        notes.append(f"next moves open to {person}: {', '.join(nxt)}")
    return Done(model.id, item.file.path, f"{model.id}: {source} -> {to} (by {person}, {at})", notes)


def _allowed(flow: Flow, model, person: str, when: dt.date) -> list[str]:
    return [e.to for e in moves_from(flow, model, person, when) if e.allowed]


def refusal(flow: Flow, model, person: str, when: dt.date, result: Evaluation) -> WorkflowError:
    allowed = _allowed(flow, model, person, when)
    hints = []
    for other in moves_from(flow, model, person, when):
        if other.allowed or other.to == result.to:
            continue
        hints.append(f"'{other.to}' takes {' or '.join(other.needs)}"
                     + (f"; {'; '.join(r for r in other.reasons if r.startswith('guard'))}"
                        if other.kind == "guard" else ""))
    if result.kind == "actor":
        hints += _in_force_hints(flow)
    return WorkflowError(f"refused: {model.id} cannot move from '{result.source}' to '{result.to}'",
                         details=result.reasons, allowed=allowed, hints=hints, actor=person)


# --- review ---------------------------------------------------------------------------------


def review(root: Path, ident: str, actor: str | None, verdict: str, comment: str | None = None, date=None) -> Done:
    ctx = open_context(root)
    item = find_proposal(ctx, ident)
    person = resolve_actor(ctx, actor)
    flow, model = ctx.flow, item.model
    if verdict not in flow.verdicts:
        raise _unknown("verdict", verdict, flow.verdicts)
    if date is not None:
        not_in_future(date, "the review would be dated")
    stamp = date if date is not None else stamp_now(model)  # as given; by default the full timestamp of now
    when = as_date(stamp)
    if not flow.is_open(model.status):
        raise WorkflowError(f"refused: {model.id} is '{model.status}', no longer open for review")
    initial = flow.workflow.initial
    submitted = next((e for e in model.history if e.source == initial and e.to != initial), None)
    if submitted is None:
        raise WorkflowError(f"refused: {model.id} has not been submitted yet (it is '{model.status}'); "
                            "a proposal is reviewed after it is submitted",
                            hints=[f"the author submits it first: stelsel move {model.id} <state>"])
    not_before_history(model, stamp, "the review would be dated", item.file.path)
    if not_later(stamp, submitted.at):
        raise WorkflowError(f"refused: the review would be dated {stamp}, not after {model.id} was submitted "
                            f"({submitted.at})", hints=["leave the date out to record the review now"],
                            exit_code=ExitCode.USAGE)
    problem = flow.may_review(person, model, when)
    if problem:
        raise WorkflowError(f"refused: {person} may not review {model.id}", details=[problem],
                            hints=_in_force_hints(flow))
    entry = {"by": person, "organisation": flow.people[person].organisation, "verdict": verdict, "date": stamp}
    if comment:
        entry["comment"] = comment
    _edit(ctx, item, lambda doc: doc.append(("reviews",), entry))
    return Done(model.id, item.file.path, f"{model.id}: review '{verdict}' by {person} ({entry['organisation']}) on {when}")


# --- decide ---------------------------------------------------------------------------------


def decide(root: Path, ident: str, actor: str | None, outcome: str, body: str | None = None,
           minutes: str | None = None, conditions: Iterable[str] = (), date=None, example: bool = False) -> Done:
    ctx = open_context(root)
    item = find_proposal(ctx, ident)
    person = resolve_actor(ctx, actor)
    flow, model = ctx.flow, item.model
    outcomes = flow.outcomes()
    if outcomes and outcome not in outcomes:
        raise _unknown("outcome", outcome, outcomes)
    if date is not None:
        not_in_future(date, "the decision would be dated")
    stamp = date if date is not None else stamp_now(model)  # as given; by default the full timestamp of now
    when = as_date(stamp)
    if model.decision is not None:
        raise WorkflowError(f"refused: {model.id} already has a decision ({model.decision.outcome}, "
                            f"{model.decision.body}, {model.decision.date}); a recorded decision is never changed")
    if not flow.is_open(model.status):
        raise WorkflowError(f"refused: {model.id} is '{model.status}', no longer open for a decision")
    points = flow.decision_points()
    if points and model.status not in points:
        raise WorkflowError(f"refused: {model.id} is '{model.status}'; a decision is recorded in "
                            f"{' or '.join(sorted(points))}",
                            allowed=_allowed(flow, model, person, when), actor=person)
    not_before_history(model, stamp, "the decision would be dated", item.file.path)
    deciding = list(flow.workflow.decided_by) or [b.id for b in flow.bodies.values() if b.type == "decision_body"]
    if body is None:
        mine = [b for b in deciding if flow.is_member(b, person, when)]
        if not mine:
            raise WorkflowError(f"refused: {person} is not a member of a deciding body on {when}",
                                details=[f"deciding bodies: {', '.join(deciding) or '(none declared)'}"],
                                hints=_in_force_hints(flow))
        if len(mine) > 1:
            raise WorkflowError(f"{person} sits on several deciding bodies; choose one with --body",
                                hints=[f"--body {b}" for b in mine], exit_code=ExitCode.USAGE)
        body = mine[0]
    elif body not in flow.bodies:
        raise _unknown("body", body, flow.bodies)
    problems = flow.decision_problems(SimpleNamespace(body=body, by=person, date=when))
    if problems:
        raise WorkflowError(f"refused: {person} cannot record a decision of {body}", details=problems,
                            hints=_in_force_hints(flow))
    entry = {"body": body, "by": person, "date": stamp, "outcome": outcome}
    if minutes:
        entry["minutes"] = minutes
    conditions = [c for c in conditions if c]
    if conditions:
        entry["conditions"] = conditions
    if example:
        entry["example"] = True
    from ..release.pin import current_pins

    # the decided text: every item the proposal lists, as the tree holds it at this moment
    entry["pinned"] = current_pins(ctx.project, item)
    _edit(ctx, item, lambda doc: doc.set(("decision",), entry))
    notes = [f"pinned the decided text of {len(entry['pinned'])} item(s): "
             + ", ".join(f"{ident} ({digest[:12]})" for ident, digest in entry["pinned"].items())]
    if outcome in flow.states:
        check = evaluate(flow, model.model_copy(update={"decision": SimpleNamespace(**{"example": False, **entry, "date": when, "at": stamp})}),
                         model.status, outcome, person, when)
        if check.allowed:
            notes.append(f"next: stelsel move {model.id} {outcome} --as {person}")
    return Done(model.id, item.file.path, f"{model.id}: decision '{outcome}' by {person} for {body} on {when}", notes)
