"""The workflow as data, evaluated: who may make a move, which guards hold, replaying a history.

Everything here is pure: it reads the governance model (bodies, people, memberships with
dates, the workflow) and a proposal model, and answers questions about a date. Nothing about
Twiin's states is in code; the states, transitions, actors and guards come from
``governance.yaml``.

Who may act (a transition's ``by``, the workflow's ``reviewers``):

- ``author``: an author of the proposal;
- ``working_group`` or ``working_group/FUNCTION``: a member of the proposal's working group
  (holding that function);
- ``body:ID`` or ``body:ID/FUNCTION``: a member of that body (holding that function);
- ``anyone``: anyone on the roster.

Membership counts on the date of the act (``start`` and ``end`` are inclusive).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model.governance import Governance, Guard, GuardType, Transition

ANY_OPEN = "*"


def as_date(value: Any) -> dt.date | None:
    """The calendar date of a date or datetime (a datetime's own date, in its own zone)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def instant(value: Any):
    """A comparable point in time: an aware datetime as is, a naive one in local time, else None."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.astimezone()
    return None


def before(value: Any, other: Any) -> bool:
    """Whether ``value`` lies strictly before ``other``.

    Two full timestamps compare as instants (whatever their UTC offsets); when either is a
    bare date, the calendar dates compare (a bare date is some time on that day).
    """
    a, b = instant(value), instant(other)
    if a is not None and b is not None:
        return a < b
    first, second = as_date(value), as_date(other)
    return first is not None and second is not None and first < second


def not_later(value: Any, other: Any) -> bool:
    """Whether ``value`` fails to lie after ``other``: at or before it as instants, or on an earlier day.

    Two full timestamps must differ (the same instant is not after); when either is a bare
    date only an earlier day is known to be earlier (a bare date is some time on that day).
    """
    a, b = instant(value), instant(other)
    if a is not None and b is not None:
        return a <= b
    return before(value, other)


def out_of_order(value: Any, previous: Any) -> bool:
    """Whether history entry ``value`` does not strictly follow ``previous``.

    Full timestamps must be strictly later; two bare dates must fall on a later day (on
    the same day nothing orders them); a bare date and a timestamp, not on an earlier day.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime) \
            and isinstance(previous, dt.date) and not isinstance(previous, dt.datetime):
        return value <= previous
    return not_later(value, previous)


def today() -> dt.date:
    return dt.date.today()


def sort_stamp(value: Any) -> tuple:
    """A key that orders dates and datetimes together (a bare date sorts at its day's start)."""
    if isinstance(value, dt.datetime):
        naive = value.astimezone(dt.timezone.utc).replace(tzinfo=None) if value.tzinfo else value
        return (value.date(), naive.time())
    if isinstance(value, dt.date):
        return (value, dt.time.min)
    return (dt.date.min, dt.time.min)


@dataclass(frozen=True)
class ActorSpec:
    kind: str  # author | working_group | body | anyone | invalid
    body: str | None = None
    function: str | None = None
    text: str = ""


def parse_spec(spec: str) -> ActorSpec:
    text = spec.strip()
    if text in ("author", "anyone"):
        return ActorSpec(text, text=spec)
    if text == "working_group" or text.startswith("working_group/"):
        function = text.split("/", 1)[1] if "/" in text else None
        return ActorSpec("working_group", function=function or None, text=spec)
    if text.startswith("body:") and len(text) > 5:
        rest = text[5:]
        body, _, function = rest.partition("/")
        return ActorSpec("body", body=body, function=function or None, text=spec)
    return ActorSpec("invalid", text=spec)


class Flow:
    """The governance config with the lookups the workflow needs."""

    def __init__(self, governance: Governance):
        self.governance = governance
        self.workflow = governance.workflow
        self.states = {s.id: s for s in self.workflow.states}
        self.people = {p.id: p for p in governance.people}
        self.bodies = {b.id: b for b in governance.bodies}
        self.verdicts = {v.id: v for v in self.workflow.verdicts}
        self.types = {t.id: t for t in self.workflow.proposal_types}
        self.in_force_note: str | None = None  # set when the roster in force is not the working tree's

    # -- states and transitions

    def is_open(self, state: str) -> bool:
        info = self.states.get(state)
        return info is not None and info.open and not info.final

    def transitions(self, source: str, to: str | None = None) -> list[Transition]:
        found = []
        for transition in self.workflow.transitions:
            if to is not None and transition.to != to:
                continue
            if source in transition.source or (ANY_OPEN in transition.source and self.is_open(source)
                                               and transition.to != source):
                found.append(transition)
        return found

    def targets(self, source: str) -> list[str]:
        seen: list[str] = []
        for transition in self.transitions(source):
            if transition.to not in seen:
                seen.append(transition.to)
        return seen

    def outcomes(self) -> list[str]:
        if self.workflow.outcomes:
            return list(self.workflow.outcomes)
        found: list[str] = []
        for transition in self.workflow.transitions:
            for guard in transition.guards:
                if guard.type == GuardType.DECISION_RECORDED.value and guard.outcome and guard.outcome not in found:
                    found.append(guard.outcome)
        return found

    def decision_points(self) -> set[str]:
        """States from which a move needs a recorded decision: where a decision is taken."""
        points: set[str] = set()
        for transition in self.workflow.transitions:
            if any(g.type == GuardType.DECISION_RECORDED.value for g in transition.guards):
                for source in transition.source:
                    points |= {s for s in self.states if self.is_open(s)} if source == ANY_OPEN else {source}
        return points

    def decision_states(self) -> set[str]:
        """States a proposal can only be in after a decision was recorded.

        The targets of transitions guarded by ``decision_recorded``, states flagged
        ``approved``, and (to a fixpoint) states reachable only from such states.
        """
        required = {t.to for t in self.workflow.transitions
                    if any(g.type == GuardType.DECISION_RECORDED.value for g in t.guards)}
        required |= {s.id for s in self.workflow.states if getattr(s, "approved", False)}
        changed = True
        while changed:
            changed = False
            for state in self.states:
                if state in required or state == self.workflow.initial:
                    continue
                incoming = [t for t in self.workflow.transitions if t.to == state]
                if not incoming:
                    continue
                sources: set[str] = set()
                for t in incoming:
                    for s in t.source:
                        sources |= {x for x in self.states if self.is_open(x)} if s == ANY_OPEN else {s}
                if sources and sources <= required:
                    required.add(state)
                    changed = True
        return required

    # -- people and bodies

    def is_member(self, body_id: str | None, person: str, when: dt.date, function: str | None = None) -> bool:
        body = self.bodies.get(body_id or "")
        if body is None:
            return False
        for membership in body.members:
            if membership.person != person:
                continue
            if function is not None and membership.function != function:
                continue
            if membership.start is not None and when < membership.start:
                continue
            if membership.end is not None and when > membership.end:
                continue
            return True
        return False

    def entitled(self, spec: str, person: str, proposal, when: dt.date) -> bool:
        if person not in self.people:
            return False
        actor = parse_spec(spec)
        if actor.kind == "anyone":
            return True
        if actor.kind == "author":
            return person in (proposal.authors or [])
        if actor.kind == "working_group":
            return self.is_member(proposal.working_group, person, when, actor.function)
        if actor.kind == "body":
            return self.is_member(actor.body, person, when, actor.function)
        return False

    def spec_label(self, spec: str, proposal=None) -> str:
        actor = parse_spec(spec)
        if actor.kind == "anyone":
            return "anyone on the roster"
        if actor.kind == "author":
            if proposal is not None:
                return f"an author ({', '.join(proposal.authors)})"
            return "an author of the proposal"
        if actor.kind == "working_group":
            body = proposal.working_group if proposal is not None else None
            where = f"the working group ({body})" if body else "the proposal's working group"
            return f"the {actor.function} of {where}" if actor.function else f"a member of {where}"
        if actor.kind == "body":
            body = self.bodies.get(actor.body)
            name = f"{body.title} ({actor.body})" if body else actor.body
            return f"the {actor.function} of {name}" if actor.function else f"a member of {name}"
        return f"'{spec}' (not a valid actor)"

    def may_review(self, person: str, proposal, when: dt.date) -> str | None:
        """None when ``person`` may review ``proposal`` on ``when``; otherwise why not."""
        if person not in self.people:
            return f"'{person}' is not on the roster"
        if not self.workflow.allow_author_reviews and person in (proposal.authors or []):
            return f"{person} is an author of this proposal and may not review it"
        specs = self.workflow.reviewers
        if specs and not any(self.entitled(spec, person, proposal, when) for spec in specs):
            labels = " or ".join(self.spec_label(spec, proposal) for spec in specs)
            return f"{person} may not review on {when}: reviewers must be {labels}"
        return None

    def decision_problems(self, decision, when: dt.date | None = None) -> list[str]:
        """Why ``decision`` was not taken with authority (empty: it was)."""
        problems: list[str] = []
        when = when or decision.date
        deciding = self.workflow.decided_by
        if deciding and decision.body not in deciding:
            problems.append(f"body '{decision.body}' does not decide on proposals (deciding: {', '.join(deciding)})")
        if decision.body not in self.bodies:
            problems.append(f"unknown body '{decision.body}'")
        elif not self.is_member(decision.body, decision.by, when):
            problems.append(f"{decision.by} was not a member of {decision.body} on {when}")
        return problems

    # -- guards

    def counted_reviews(self, proposal, when: dt.date, verdicts: Iterable[str] = ()) -> dict[str, Any]:
        """The reviews that count on ``when``: the latest per reviewer, by entitled reviewers."""
        wanted = set(verdicts)
        latest: dict[str, Any] = {}
        for review in proposal.reviews or []:
            if review.date > when:
                continue
            if self.may_review(review.by, proposal, review.date) is not None:
                continue
            previous = latest.get(review.by)
            if previous is None or review.date >= previous.date:
                latest[review.by] = review
        return {p: r for p, r in latest.items() if not wanted or r.verdict in wanted}

    def guard_label(self, guard: Guard) -> str:
        kind = guard.type
        if kind == GuardType.CONSULTATION_ENDED.value:
            return "the consultation period has ended"
        if kind == GuardType.CONSULTATION_SCHEDULED.value:
            return "a consultation period is scheduled (consultation start and end)"
        if kind == GuardType.MIN_REVIEWS.value:
            count = guard.count or 1
            what = f"at least {count} review{'s' if count != 1 else ''}"
            if guard.verdicts:
                what += f" with verdict {' or '.join(guard.verdicts)}"
            if guard.distinct_organisations:
                what += " from distinct organisations"
            return what
        if kind == GuardType.DECISION_RECORDED.value:
            return f"a recorded decision with outcome '{guard.outcome}'" if guard.outcome else "a recorded decision"
        if kind == GuardType.PROPOSAL_TYPE.value:
            return f"the proposal is of type {' or '.join(guard.types)}"
        if kind == GuardType.NOT_PROPOSAL_TYPE.value:
            return f"the proposal is not of type {' or '.join(guard.types)}"
        if kind == GuardType.REACTIONS_ANSWERED.value:
            return "every reaction in the consultation has a disposition"
        return str(kind)

    def guard_problem(self, guard: Guard, proposal, when: dt.date, entered: Any = None,
                      source: str | None = None) -> str | None:
        """None when ``guard`` holds for ``proposal`` on ``when``; otherwise what is missing.

        ``entered`` is when the proposal moved into the state the move leaves (``source``),
        if the history says so: a consultation is the one scheduled with the move into it.
        """
        kind = guard.type
        consultation = proposal.consultation
        when = as_date(when) or when
        if guard.since is not None and isinstance(when, dt.date) and when < guard.since:
            return None  # a move made before the guard was adopted
        if kind == GuardType.CONSULTATION_ENDED.value:
            if consultation is None:
                return "no consultation is recorded (consultation: start, end)"
            if when > today():
                return (f"the move is dated {when}, after today ({today()}): that the consultation has ended "
                        f"cannot be known before it has")
            if consultation.end <= consultation.start:
                return (f"the consultation ends ({consultation.end}) on or before the day it starts "
                        f"({consultation.start}); a consultation ends after it starts")
            moved_in = as_date(entered)
            if moved_in is not None and consultation.start != moved_in:
                return (f"the consultation starts on {consultation.start}, but the proposal moved into "
                        f"'{source}' on {moved_in}: the consultation starts on the day of that move")
            if consultation.end >= when:
                return f"the consultation runs until {consultation.end} (the move is on {when})"
            return None
        if kind == GuardType.CONSULTATION_SCHEDULED.value:
            if consultation is None:
                return "no consultation period is scheduled (consultation: start, end)"
            if consultation.end <= consultation.start:
                return (f"the consultation ends ({consultation.end}) on or before the day it starts "
                        f"({consultation.start}); a consultation ends after it starts")
            if consultation.start != when:
                return (f"the consultation starts on {consultation.start}, not on the day of the move into it "
                        f"({when}): a consultation starts on the day of that move")
            return None
        if kind == GuardType.MIN_REVIEWS.value:
            count = guard.count or 1
            counted = self.counted_reviews(proposal, when, guard.verdicts)
            if guard.distinct_organisations:
                orgs = sorted({self.people[p].organisation for p in counted})
                if len(orgs) < count:
                    have = f"{len(orgs)}: {', '.join(orgs)}" if orgs else "none"
                    return f"needs {self.guard_label(guard)} (has {have})"
                return None
            if len(counted) < count:
                have = f"{len(counted)}: {', '.join(sorted(counted))}" if counted else "none"
                return f"needs {self.guard_label(guard)} (has {have})"
            return None
        if kind == GuardType.DECISION_RECORDED.value:
            decision = proposal.decision
            if decision is None:
                return f"needs {self.guard_label(guard)} (none is recorded)"
            if decision.date > when:
                return f"the decision is dated {decision.date}, after the move ({when})"
            if guard.outcome and decision.outcome != guard.outcome:
                return f"needs {self.guard_label(guard)} (the decision's outcome is '{decision.outcome}')"
            problems = self.decision_problems(decision)
            if problems:
                return "the recorded decision lacks authority: " + "; ".join(problems)
            return None
        if kind == GuardType.PROPOSAL_TYPE.value:
            if proposal.type not in guard.types:
                return f"only for proposals of type {' or '.join(guard.types)} (this one is '{proposal.type}')"
            return None
        if kind == GuardType.NOT_PROPOSAL_TYPE.value:
            if proposal.type in guard.types:
                return f"not for proposals of type '{proposal.type}'"
            return None
        if kind == GuardType.REACTIONS_ANSWERED.value:
            from .reactions import unanswered

            open_ = unanswered(self, proposal, when)
            if open_:
                return (f"needs {self.guard_label(guard)}: {len(open_)} without one recorded by {when} "
                        f"({'; '.join(open_)})")
            return None
        return f"unknown guard type '{kind}'"



def project_flow(project) -> Flow | None:
    """The project's workflow, built once per loaded project (None without a governance)."""
    if project.governance is None:
        return None
    return project.memoized("workflow.flow", lambda: Flow(project.governance))


@dataclass
class Evaluation:
    """Whether one move is allowed for one person on one date, and if not, why."""

    source: str
    to: str
    allowed: bool
    kind: str  # ok | unknown_state | no_transition | actor | guard
    reasons: list[str] = field(default_factory=list)
    transition: Transition | None = None
    needs: list[str] = field(default_factory=list)  # who may make it (labels)


def entered_at(proposal, state: str):
    """When the proposal moved into ``state``, its current state (None: no history leads there)."""
    history = proposal.history or []
    if history and history[-1].to == state:
        return history[-1].at
    return None


_CURRENT = object()


def evaluate(flow: Flow, proposal, source: str, to: str, person: str, when: dt.date,
             entered: Any = _CURRENT) -> Evaluation:
    """May ``person`` move ``proposal`` from ``source`` to ``to`` on ``when``?

    ``entered``: when the proposal moved into ``source`` (default: what its history says now).
    """
    if entered is _CURRENT:
        entered = entered_at(proposal, source)
    if to not in flow.states:
        return Evaluation(source, to, False, "unknown_state", [f"the workflow has no state '{to}'"])
    candidates = flow.transitions(source, to)
    if not candidates:
        return Evaluation(source, to, False, "no_transition", [f"the workflow has no move from '{source}' to '{to}'"])
    best: Evaluation | None = None
    for transition in candidates:
        labels = [flow.spec_label(spec, proposal) for spec in transition.by]
        actor_ok = any(flow.entitled(spec, person, proposal, when) for spec in transition.by)
        guard_reasons = [r for g in transition.guards if (r := flow.guard_problem(g, proposal, when, entered, source))]
        if actor_ok and not guard_reasons:
            return Evaluation(source, to, True, "ok", [], transition, labels)
        reasons = []
        if not actor_ok:
            reasons.append(f"{person} may not make this move on {when}: it takes {' or '.join(labels)}")
        reasons += [f"guard not met: {r}" for r in guard_reasons]
        result = Evaluation(source, to, False, "guard" if actor_ok else "actor", reasons, transition, labels)
        if best is None or (best.kind == "actor" and result.kind == "guard"):
            best = result
    return best  # type: ignore[return-value]


def moves_from(flow: Flow, proposal, person: str, when: dt.date) -> list[Evaluation]:
    """Every move the workflow has from the proposal's current status, evaluated for ``person``."""
    return [evaluate(flow, proposal, proposal.status, to, person, when) for to in flow.targets(proposal.status)]
