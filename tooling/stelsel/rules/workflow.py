"""Findings about change proposals and the workflow they move through (codes W…).

The workflow is data (``governance.yaml``); these rules hold each proposal in ``changes/``
against it: its states, types and verdicts, a history that the workflow allowed move by
move (actor and guards on the date of each move), the authority of reviews and decisions,
the items it changes and what depends on them, and (from git) who recorded reviews and
decisions.
"""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..model import WITHDRAWN_STATUSES, ItemStatus
from ..workflow.engine import project_flow
from .base import Rule


def _proposals(project):
    return sorted(project.items("proposal"), key=lambda item: item.file.path)


def _near(name: str, known) -> str:
    import difflib

    known = sorted(known)
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    return f"known: {', '.join(known)}" if known else "declare it in governance.yaml"


def _governed_ids(project) -> set[str]:
    """The IDs of the governance and the framework config: a proposal may change them."""
    return {model.id for model in (project.governance, project.config) if model is not None}


def _unloaded(project, ident: str, action: str) -> bool:
    """Whether ``ident`` may be defined by a file that is there but could not be loaded: its own finding
    (F001, S003, F013) is the one fault, and references to it are not checked (as R001 does not)."""
    from ..load.references import unchecked_source

    if ident in project.unvalidated or unchecked_source(project, ident, ("*",)) is not None:
        return True
    broken = [sf for sf in (project.raw_framework, project.raw_governance) if sf is not None]
    if any(isinstance(sf.data, dict) and sf.data.get("id") == ident for sf in broken):
        return True
    # No framework config or governance at all: their IDs are unknown, and a proposal may change them.
    return action == "change" and (project.config is None or project.governance is None)


def _replays(project):
    from ..workflow.replay import replay

    from ..workflow.roster import roster

    flow = project_flow(project)
    in_force = roster(project)

    def compute():
        return {item.id: replay(flow, item.model, lambda index, sf=item.file: in_force.history_flow(sf, index))
                for item in _proposals(project)}

    return project.memoized("workflow.replays", compute)


class WorkflowConfig(Rule):
    """The workflow in ``governance.yaml`` contradicts itself.

    The workflow is data: its initial state, the states each transition starts from and
    leads to, who may make it (``author``, ``working_group[/FUNCTION]``,
    ``body:ID[/FUNCTION]`` or ``anyone``), the guards with their parameters (verdicts,
    proposal types, outcomes), who may review and who may open, cut and publish a release
    (``release_authority``: ``body:ID[/FUNCTION]`` or ``anyone``) must all name things that
    exist, or the engine cannot decide any move. Fix: correct the name; states are declared under
    ``workflow.states``, bodies under ``bodies``, functions in the framework config.
    """

    finding = codes.WORKFLOW_CONFIG

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        from ..workflow.engine import ANY_OPEN, parse_spec

        sf = project.governance_file
        wf = flow.workflow
        functions = set(project.declared.get("function", {}))
        here = ("workflow",)

        def at(loc, message, hint):
            line, col = sf.position(here + loc)
            return self.at(sf.path, line, col, message, hint=hint)

        if wf.initial not in flow.states:
            yield at(("initial",), f"workflow.initial: unknown state '{wf.initial}'", _near(wf.initial, flow.states))

        def specs(loc, values):
            for index, spec in enumerate(values):
                actor = parse_spec(spec)
                if actor.kind == "invalid":
                    yield at(loc + (index,), f"'{spec}' is not a valid actor",
                             "use author, working_group[/FUNCTION], body:ID[/FUNCTION] or anyone")
                    continue
                if actor.kind == "body" and actor.body not in flow.bodies:
                    yield at(loc + (index,), f"'{spec}': unknown body '{actor.body}'", _near(actor.body, flow.bodies))
                if actor.function and functions and actor.function not in functions:
                    yield at(loc + (index,), f"'{spec}': unknown function '{actor.function}'", _near(actor.function, functions))

        outcomes = set(wf.outcomes)
        for t_index, transition in enumerate(wf.transitions):
            loc = ("transitions", t_index)
            for s_index, source in enumerate(transition.source):
                if source != ANY_OPEN and source not in flow.states:
                    yield at(loc + ("from", s_index), f"transition from unknown state '{source}'", _near(source, flow.states))
            if transition.to not in flow.states:
                yield at(loc + ("to",), f"transition to unknown state '{transition.to}'", _near(transition.to, flow.states))
            yield from specs(loc + ("by",), transition.by)
            for g_index, guard in enumerate(transition.guards):
                gloc = loc + ("guards", g_index)
                for v_index, verdict in enumerate(guard.verdicts):
                    if verdict not in flow.verdicts:
                        yield at(gloc + ("verdicts", v_index), f"guard names unknown verdict '{verdict}'", _near(verdict, flow.verdicts))
                for p_index, type_ in enumerate(guard.types):
                    if type_ not in flow.types:
                        yield at(gloc + ("types", p_index), f"guard names unknown proposal type '{type_}'", _near(type_, flow.types))
                if guard.type in ("proposal_type", "not_proposal_type") and not guard.types:
                    yield at(gloc, f"guard {guard.type} names no proposal types", "add 'types: [...]'")
                if guard.type == "decision_recorded" and guard.outcome and outcomes and guard.outcome not in outcomes:
                    yield at(gloc + ("outcome",), f"guard names outcome '{guard.outcome}', which is not in workflow.outcomes",
                             _near(guard.outcome, outcomes))
        yield from specs(("reviewers",), wf.reviewers)
        for act in ("open", "cut", "publish"):  # release_authority: the same forms, but no proposal to be author of
            config = getattr(wf.release_authority, act, None) if wf.release_authority is not None else None
            if config is None:
                continue
            loc = ("release_authority", act, "by")
            yield from specs(loc, config.by)
            for index, spec in enumerate(config.by):
                if parse_spec(spec).kind in ("author", "working_group"):
                    yield at(loc + (index,), f"'{spec}' means nothing for a release (it has no author or working group)",
                             "use body:ID[/FUNCTION] or anyone")


class UnknownState(Rule):
    """A proposal's status, or a state in its history, is not a state of the workflow.

    Fix: use one of the states declared under ``workflow.states`` in ``governance.yaml``
    (the hint suggests the nearest).
    """

    finding = codes.UNKNOWN_STATE

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        for item in _proposals(project):
            model, sf = item.model, item.file
            if model.status not in flow.states:
                line, col = sf.position(("status",))
                yield self.at(sf.path, line, col, f"status: unknown state '{model.status}'", hint=_near(model.status, flow.states))
        for ident, problems in _replays(project).items():
            sf = project.by_kind["proposal"][ident].file
            for problem in problems:
                if problem.kind == "unknown_state":
                    line, col = sf.position(("history", problem.index, problem.field))
                    bad = getattr(project.by_kind["proposal"][ident].model.history[problem.index],
                                  "source" if problem.field == "from" else "to")
                    yield self.at(sf.path, line, col, problem.message, hint=_near(bad, flow.states))


class UnknownProposalType(Rule):
    """A proposal's ``type`` is not one of the workflow's proposal types.

    Fix: use a type declared under ``workflow.proposal_types`` in ``governance.yaml``.
    """

    finding = codes.UNKNOWN_PROPOSAL_TYPE

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        for item in _proposals(project):
            if item.model.type not in flow.types:
                line, col = item.file.position(("type",))
                yield self.at(item.file.path, line, col, f"type: unknown proposal type '{item.model.type}'",
                              hint=_near(item.model.type, flow.types))


class UnknownVerdict(Rule):
    """A review's ``verdict`` is not one of the workflow's verdicts.

    Fix: use a verdict declared under ``workflow.verdicts`` in ``governance.yaml``.
    """

    finding = codes.UNKNOWN_VERDICT

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        for item in _proposals(project):
            for index, review in enumerate(item.model.reviews):
                if review.verdict not in flow.verdicts:
                    line, col = item.file.position(("reviews", index, "verdict"))
                    yield self.at(item.file.path, line, col, f"verdict: unknown verdict '{review.verdict}'",
                                  hint=_near(review.verdict, flow.verdicts))


class UnknownOutcome(Rule):
    """A decision's ``outcome`` is not an outcome the workflow knows.

    The outcomes are ``workflow.outcomes``, or if that is empty the outcomes its
    ``decision_recorded`` guards name. Fix: use one of them.
    """

    finding = codes.UNKNOWN_OUTCOME

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        outcomes = flow.outcomes()
        if not outcomes:
            return
        for item in _proposals(project):
            decision = item.model.decision
            if decision is not None and decision.outcome not in outcomes:
                line, col = item.file.position(("decision", "outcome"))
                yield self.at(item.file.path, line, col, f"outcome: unknown outcome '{decision.outcome}'",
                              hint=_near(decision.outcome, outcomes))


class StatusMismatch(Rule):
    """A proposal's ``status`` is not where its history leads.

    The status must equal the ``to`` of the last history entry (or the workflow's initial
    state when there is no history): a status changed by hand skips the workflow. Fix: move
    the proposal with ``stelsel move``, which records the transition, or correct the status.
    """

    finding = codes.STATUS_MISMATCH

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        from ..workflow.replay import expected_status

        for item in _proposals(project):
            expected = expected_status(flow, item.model)
            if item.model.status != expected:
                line, col = item.file.position(("status",))
                where = "its last history entry" if item.model.history else "the initial state (no history)"
                yield self.at(item.file.path, line, col,
                              f"status is '{item.model.status}', but {where} says '{expected}'",
                              hint=f"use 'stelsel move {item.id} <state>' to record moves; or set status: {expected}")


class _HistoryRule(Rule):
    kinds: tuple[str, ...] = ()

    def check(self, project) -> Iterable[Diagnostic]:
        if project_flow(project) is None:
            return
        for ident, problems in _replays(project).items():
            sf = project.by_kind["proposal"][ident].file
            for problem in problems:
                if problem.kind in self.kinds:
                    line, col = sf.position(problem.path or ("history", problem.index, problem.field))
                    yield self.at(sf.path, line, col, problem.message, hint=self.fix)

    fix = ""


class MoveNotAllowed(_HistoryRule):
    """The history records a move the workflow does not allow.

    Replayed from the initial state, each history entry must start where the previous one
    ended, follow a transition of the workflow, and be dated strictly after the entry
    before it: two full timestamps compare as instants, whatever their UTC offsets, and the
    same instant is not after; two bare dates must fall on different days (on one day only
    full timestamps order them); a bare date and a timestamp compare by day. ``stelsel move``
    records the full timestamp of now. Fix: record moves with ``stelsel move``, which refuses
    what the workflow does not allow; repair a hand-edited history.
    """

    finding = codes.MOVE_NOT_ALLOWED
    kinds = ("wrong_start", "no_transition", "order")
    fix = "record moves with 'stelsel move'; it lists the moves the workflow allows"


class ActorNotEntitled(_HistoryRule):
    """A move in the history was made by someone not entitled to it on that date.

    Each transition says who may make it (an author, the working group, a body or a
    function in it); memberships have start and end dates, so what counts is membership on
    the day of the move. Fix: have an entitled person make the move, or correct the roster
    if it is wrong.
    """

    finding = codes.ACTOR_NOT_ENTITLED
    kinds = ("actor",)
    fix = "the move must be made by someone the transition's 'by' names, on a day they held that position"


class GuardNotMet(_HistoryRule):
    """A move in the history was made while its guard did not hold.

    Guards are evaluated on the date of the move: the consultation must have ended, enough
    reviews (from distinct organisations) must have been recorded by then, a decision with
    the right outcome must exist and be dated no later than the move, the proposal type
    must fit. The consultation is read as it was scheduled with the move into it: it starts
    on the day of that move and ends after it starts, its start and end are those of the
    commit that recorded that move (a consultation edited afterwards is reported at the
    edited line), and a move dated after today cannot pass "the consultation has ended". Fix: satisfy the guard first and move again, or correct a mis-dated record.
    """

    finding = codes.GUARD_NOT_MET
    kinds = ("guard",)
    fix = "satisfy the guard before the move (see 'stelsel show <ID>' for what each move needs)"

    def check(self, project) -> Iterable[Diagnostic]:
        yield from super().check(project)
        if project_flow(project) is None:
            return
        from ..workflow.timeline import rescheduled

        for found in rescheduled(project):
            line, col = project.by_kind["proposal"][found.ident].file.position(found.loc)
            yield self.at(found.path, line, col, found.message,
                          hint="restore the period the consultation was scheduled with; a longer or shorter "
                               "consultation is a new move into it")


class ActOutOfTime(_HistoryRule):
    """A review or decision is dated when the proposal's history says it cannot have happened.

    Time runs forward: a proposal is reviewed after it was submitted (the move out of the
    workflow's initial state), and decided while it is in the state whose move out needs the
    decision (after the move into that state, not after the move out). Full timestamps
    compare as instants (a review stamped the instant of the submission is not after it);
    where either side is a bare date, the days compare (the same day passes). ``stelsel
    review`` and ``stelsel decide`` record the full timestamp of now.
    A review dated before the proposal was submitted, or a decision dated before the
    proposal reached the deciding state, was backdated or recorded out of turn. Fix: record
    reviews and decisions with ``stelsel review`` and ``stelsel decide`` when they happen
    (both refuse such dates); correct a mis-typed date to the day it really happened.
    """

    finding = codes.ACT_OUT_OF_TIME
    kinds = ("time",)
    fix = "date a review on or after the proposal's submission and a decision while it is in the deciding state"


class UnknownChangedItem(Rule):
    """A proposal lists an item in ``changes`` that does not fit the tree.

    An item the proposal adds or changes must exist in the tree (the pull request that
    carries the proposal carries the item too); an item it withdraws must be ``vervallen``
    or gone. Checked for open and approved proposals (released ones describe history). An
    item whose file is there but could not be read or validated is not unknown: that file's
    own finding is the one fault (as for R001), and so is a missing framework config or
    governance. Fix: correct the ID, add the item, or mark a withdrawn item
    ``status: vervallen``.
    """

    finding = codes.UNKNOWN_CHANGED_ITEM

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        for item in _proposals(project):
            state = flow.states.get(item.model.status)
            if state is None or getattr(state, "released", False):
                continue
            if not (flow.is_open(state.id) or getattr(state, "approved", False)):
                continue
            governed = _governed_ids(project)
            for index, change in enumerate(item.model.changes):
                if change.item in governed and change.action == "change":
                    continue  # the governance or the framework config: content carried like any other
                target = project.get(change.item)
                if target is not None and target.kind == "proposal":
                    target = None
                # positions only for findings: they cost a second parse of the file
                if change.action in ("add", "change") and target is None:
                    if _unloaded(project, change.item, change.action):
                        continue  # there, but its file could not be loaded: that file's finding is the fault
                    line, col = item.file.position(("changes", index, "item"))
                    yield self.at(item.file.path, line, col, f"changes: {change.action} of unknown item '{change.item}'",
                                  hint="add the item to the tree in the same change, or correct the ID")
                elif change.action == "withdraw" and target is not None and \
                        getattr(target.model, "status", None) not in WITHDRAWN_STATUSES:
                    line, col = item.file.position(("changes", index, "item"))
                    yield self.at(item.file.path, line, col,
                                  f"changes: withdraws '{change.item}', but it is still "
                                  f"'{project.statuses.word(target.model.status)}'",
                                  hint=f"set 'status: {project.statuses.word(ItemStatus.WITHDRAWN)}' in "
                                       f"{target.file.path}, or remove the item")


class ConcurrentChange(Rule):
    """Two open proposals change the same item for the same release.

    Both would rewrite one text for one release; whichever is decided second works on a
    text that no longer exists. Fix: merge the proposals, or retarget one to a later
    release.
    """

    finding = codes.CONCURRENT_CHANGE

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        touching: dict[tuple[str, str], list] = {}
        for item in _proposals(project):
            if not flow.is_open(item.model.status):
                continue
            for index, change in enumerate(item.model.changes):
                touching.setdefault((change.item, item.model.target_release), []).append((item, index))
        for (target, release), entries in sorted(touching.items()):
            ids = sorted({e[0].id for e in entries})
            if len(ids) < 2:
                continue
            for proposal, index in entries:
                others = ", ".join(i for i in ids if i != proposal.id)
                line, col = proposal.file.position(("changes", index, "item"))
                yield self.at(proposal.file.path, line, col,
                              f"'{target}' is also changed for release {release} by open proposal(s) {others}",
                              hint="merge the proposals, or retarget one to a later release")


class DecisionMissing(Rule):
    """A proposal is in a state that takes a decision, but records none.

    States reached through a ``decision_recorded`` guard (such as ``aangenomen``), states
    marked ``approved``, and states reachable only from those, need a recorded
    ``decision:`` (body, person, date, outcome). Fix: record it with ``stelsel decide``.
    """

    finding = codes.DECISION_MISSING

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        needing = project.memoized("workflow.decision_states", flow.decision_states)
        for item in _proposals(project):
            if item.model.status in needing and item.model.decision is None:
                line, col = item.file.position(("status",))
                yield self.at(item.file.path, line, col, f"status '{item.model.status}' needs a recorded decision, and there is none",
                              hint=f"record it: stelsel decide {item.id} --as PERSON --outcome ...")


class ReviewNotEntitled(Rule):
    """A review was given by someone who may not review this proposal on that date.

    Who may review is ``workflow.reviewers`` (empty: anyone on the roster), with
    memberships counted on the review's date; an author may not review their own proposal
    unless ``allow_author_reviews`` is set. Such a review never counts for a guard. Fix:
    remove the review, or have an entitled reviewer give it.
    """

    finding = codes.REVIEW_NOT_ENTITLED

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        from ..workflow.roster import roster

        in_force = roster(project)
        for item in _proposals(project):
            for index, review in enumerate(item.model.reviews):
                if review.by not in flow.people:
                    continue  # R001 reports unknown people
                # judged against the roster as committed before the review's commit
                problem = (in_force.review_flow(item.file, index) or flow).may_review(review.by, item.model, review.date)
                if problem:
                    line, col = item.file.position(("reviews", index, "by"))
                    yield self.at(item.file.path, line, col, problem,
                                  hint="only entitled reviewers count; see workflow.reviewers in governance.yaml")


class DecisionNotEntitled(Rule):
    """A decision names a body that does not decide, or a person who was not a member of it then.

    The body must be one of ``workflow.decided_by``, and the person a member of it on the
    decision's date. Fix: record the decision by a member of a deciding body, or correct
    the roster if it is wrong.
    """

    finding = codes.DECISION_NOT_ENTITLED

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        from ..workflow.roster import roster

        in_force = roster(project)
        for item in _proposals(project):
            decision = item.model.decision
            if decision is None or decision.by not in flow.people:
                continue
            # judged against the roster as committed before the decision's commit
            for problem in (in_force.decision_flow(item.file) or flow).decision_problems(decision):
                line, col = item.file.position(("decision", "by"))
                yield self.at(item.file.path, line, col, f"decision: {problem}",
                              hint=f"deciding bodies: {', '.join(flow.workflow.decided_by) or '(none declared)'}")


class ReviewOrganisation(Rule):
    """A review names an organisation other than the reviewer's in the roster.

    The roster (``people`` in ``governance.yaml``) says which organisation each person
    represents; guards that count distinct organisations use the roster, never the review's
    own claim. Fix: correct the organisation (or leave it out), or update the roster.
    """

    finding = codes.REVIEW_ORGANISATION

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        for item in _proposals(project):
            for index, review in enumerate(item.model.reviews):
                person = flow.people.get(review.by)
                if person is None or review.organisation is None:
                    continue
                if review.organisation.strip() != person.organisation.strip():
                    line, col = item.file.position(("reviews", index, "organisation"))
                    yield self.at(item.file.path, line, col,
                                  f"organisation '{review.organisation}' does not match the roster: {review.by} is with "
                                  f"'{person.organisation}'", hint=f"organisation: {person.organisation}")


class UnaccountedDependent(Rule):
    """An open proposal leaves an item that depends on what it changes unaccounted for.

    When a proposal changes or withdraws an item, everything that refers to it (an
    agreement ``derived_from`` a changed principle, a page that ``[[links]]`` to a changed
    agreement, any other reference) may have to change too. The proposal lists each such
    item under ``dependents:`` as ``reviewed_unchanged`` or ``changed`` (or changes it).
    ``stelsel show <ID>`` lists them. Fix: review each dependent and record it.
    """

    finding = codes.UNACCOUNTED_DEPENDENT

    def check(self, project) -> Iterable[Diagnostic]:
        flow = project_flow(project)
        if flow is None:
            return
        from ..workflow.impact import unaccounted

        for item in _proposals(project):
            if not flow.is_open(item.model.status):
                continue
            for dependent, via in sorted(unaccounted(project, item.model).items()):
                line, col = item.file.position(("dependents",) if "dependents" in (item.file.data or {}) else ("changes",))
                yield self.at(item.file.path, line, col,
                              f"{dependent} depends on what this proposal changes ({'; '.join(sorted(via))}) and is not "
                              f"accounted for", hint=f"add to dependents: {{item: {dependent}, disposition: "
                                                      f"reviewed_unchanged}} (or changed)")
