"""A proposal's recorded history replayed against the workflow: every move allowed, every act in turn.

From the initial state, each history entry must be a transition of the workflow, made by
someone entitled on its date, with its guards met, strictly after the entry above it; reviews
follow submission and the decision falls while the proposal is in the deciding state. The
rules (:mod:`stelsel.rules.workflow`) turn the problems into findings (W002, W007-W009, W028).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import Flow, as_date, before, evaluate, not_later, out_of_order


@dataclass
class HistoryProblem:
    index: int
    kind: str  # unknown_state | wrong_start | no_transition | actor | guard | order | time
    message: str
    field: str = "to"
    path: tuple | None = None  # where in the file, when not ("history", index, field)


def replay(flow: Flow, proposal, roster=None) -> list[HistoryProblem]:
    """Walk the recorded history from the initial state; every entry must have been allowed.

    Besides each move (its order, transition, actor and guards on its date), the acts
    dated against the history: a review on or after the move out of the initial state
    (submission), a decision while the proposal was in a state whose move out needs one.
    ``roster(index)``, when given, is the flow in force for entry ``index`` (the governance as
    committed before the commit that recorded it, :mod:`stelsel.workflow.roster`); else ``flow``.
    """
    problems: list[HistoryProblem] = []
    state = flow.workflow.initial
    entered = None  # when the proposal moved into ``state`` (None: the initial state)
    stays: list[tuple[str, Any, Any, int | None]] = []  # (state, moved in, moved out, index of the move in)
    entered_index: int | None = None
    previous_at = None
    for index, entry in enumerate(proposal.history or []):
        when = as_date(entry.at)
        if previous_at is not None and out_of_order(entry.at, previous_at):
            how = "before" if before(entry.at, previous_at) else "no later than"
            tail = ("" if how == "before" else ": acts in a history are strictly ordered, and on one day only full "
                                               "timestamps order them")
            problems.append(HistoryProblem(index, "order", f"history entry {index + 1} ({entry.at}) is dated {how} "
                                                          f"the entry above it ({previous_at}){tail}", "at"))
        previous_at = entry.at
        stays.append((state, entered, entry.at, entered_index))
        unknown = [name for name in (entry.source, entry.to) if name not in flow.states]
        if unknown:
            for name in unknown:
                which = "from" if name == entry.source else "to"
                problems.append(HistoryProblem(index, "unknown_state", f"history entry {index + 1}: unknown state '{name}'", which))
            state, entered, entered_index = entry.to, entry.at, index
            continue
        if entry.source != state:
            problems.append(HistoryProblem(index, "wrong_start", f"history entry {index + 1} moves from '{entry.source}', "
                                                                f"but the proposal was in '{state}'", "from"))
        result = evaluate((roster(index) or flow) if roster is not None else flow, proposal, entry.source, entry.to,
                          entry.by, when,
                          entered if entry.source == state else None)
        if not result.allowed:
            if result.kind == "no_transition":
                problems.append(HistoryProblem(index, "no_transition", f"history entry {index + 1}: {result.reasons[0]}"))
            elif result.kind == "actor":
                problems.append(HistoryProblem(index, "actor", f"history entry {index + 1}: {entry.by} was not entitled to move "
                                                              f"'{entry.source}' -> '{entry.to}' on {when}: it takes "
                                                              f"{' or '.join(result.needs)}", "by"))
            else:
                for reason in result.reasons:
                    problems.append(HistoryProblem(index, "guard", f"history entry {index + 1} ('{entry.source}' -> "
                                                                  f"'{entry.to}' on {when}): {reason}"))
        state, entered, entered_index = entry.to, entry.at, index
    stays.append((state, entered, None, entered_index))
    problems += _dated_acts(flow, proposal, stays)
    return problems


def _dated_acts(flow: Flow, proposal, stays) -> list[HistoryProblem]:
    """Reviews dated before submission; a decision dated outside the deciding state."""
    problems: list[HistoryProblem] = []
    history = proposal.history or []
    initial = flow.workflow.initial
    submitted = next(((i, e) for i, e in enumerate(history) if e.source == initial and e.to != initial), None)
    for index, review in enumerate(proposal.reviews or []):
        if submitted is None:
            problems.append(HistoryProblem(index, "time", f"review {index + 1} ({review.by}, {review.date}) is recorded "
                                                          f"before the proposal was submitted: it is still in "
                                                          f"'{initial}'", "date", ("reviews", index, "date")))
        elif not_later(review.at, submitted[1].at):
            problems.append(HistoryProblem(index, "time", f"review {index + 1} ({review.by}) is dated {review.at}, "
                                                          f"not after the proposal was submitted on "
                                                          f"{submitted[1].at} (history entry {submitted[0] + 1}: "
                                                          f"'{initial}' -> '{submitted[1].to}')",
                                           "date", ("reviews", index, "date")))
    decision = proposal.decision
    points = flow.decision_points()
    if decision is None or not points:
        return problems
    day, at = decision.date, decision.at
    windows = [(s, moved_in, moved_out, at) for s, moved_in, moved_out, at in stays if s in points]
    for _, moved_in, moved_out, _ in windows:
        if (moved_in is None or not not_later(at, moved_in)) and (moved_out is None or not before(moved_out, at)):
            return problems
    deciding = " or ".join(f"'{s}'" for s in sorted(points))
    if not windows:
        message = f"the decision is dated {day}, but the proposal never was in {deciding}, where a decision is taken"
    else:
        ahead = [w for w in windows if w[1] is not None and not_later(at, w[1])]
        left = [w for w in windows if w[2] is not None and before(w[2], at)]
        if ahead:
            message = (f"the decision is dated {at}, not after the proposal reached '{ahead[0][0]}' on "
                       f"{ahead[0][1]} (history entry {ahead[0][3] + 1}): a decision is taken while "
                       f"the proposal is there")
        elif left:
            message = (f"the decision is dated {at}, after the proposal left '{left[-1][0]}' on "
                       f"{left[-1][2]}: a decision is taken while the proposal is there")
        else:
            message = f"the decision is dated {day}, when the proposal was not in {deciding}, where a decision is taken"
    problems.append(HistoryProblem(0, "time", message, "date", ("decision", "date")))
    return problems


def expected_status(flow: Flow, proposal) -> str:
    """The status the history leads to: the last entry's ``to``, or the initial state."""
    if proposal.history:
        return proposal.history[-1].to
    return flow.workflow.initial
