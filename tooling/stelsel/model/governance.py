"""Governance (``afsprakenstelsel/governance.yaml``): bodies, the people in them, the workflow.

The workflow is data: states, the transitions between them, who may make each and what
must hold first. The engine reads it; nothing about Twiin's states is in code.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from .base import Basis, Prose, StrictModel, ref


class BodyType(str, enum.Enum):
    WORKING_GROUP = "working_group"
    SOUNDING_BOARD = "sounding_board"
    DECISION_BODY = "decision_body"
    MANAGEMENT = "management"
    OTHER = "other"


class Membership(StrictModel):
    person: ref("person")
    function: ref("function") | None = None
    start: dt.date | None = Field(default=None, description="First day of membership; open if absent.")
    end: dt.date | None = Field(default=None, description="Last day of membership; open if absent.")


class Body(StrictModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    type: BodyType
    description: Prose | None = None
    basis: Basis = Basis.SOURCE.value
    basis_note: str | None = None
    members: list[Membership] = Field(default_factory=list)
    sources: list[ref("source")] = Field(default_factory=list)


class Person(StrictModel):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", description="Commits that record this person's reviews and decisions must use it.")
    signing_keys: list[str] = Field(default_factory=list, description="Fingerprints of the keys this person signs with.")
    example: StrictBool = Field(default=False, description="True for example people made up for demonstration.")


class State(StrictModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: Prose | None = None
    open: StrictBool = Field(default=True, description="Whether a proposal in this state is still under way.")
    final: StrictBool = Field(default=False)
    approved: StrictBool = Field(default=False, description="Proposals in this state are approved and go into their target release.")
    released: StrictBool = Field(default=False, description="Proposals in this state were included in a release.")


class GuardType(str, enum.Enum):
    CONSULTATION_ENDED = "consultation_ended"
    MIN_REVIEWS = "min_reviews"
    DECISION_RECORDED = "decision_recorded"
    PROPOSAL_TYPE = "proposal_type"
    NOT_PROPOSAL_TYPE = "not_proposal_type"
    CONSULTATION_SCHEDULED = "consultation_scheduled"
    REACTIONS_ANSWERED = "reactions_answered"


class Guard(StrictModel):
    type: GuardType
    count: StrictInt | None = Field(default=None, ge=1, description="min_reviews: how many.")
    distinct_organisations: StrictBool = Field(default=False, description="min_reviews: count one review per organisation (the reviewer's organisation in the roster).")
    verdicts: list[str] = Field(default_factory=list, description="min_reviews: verdicts that count; empty: every verdict.")
    outcome: str | None = Field(default=None, description="decision_recorded: the outcome it must have.")
    types: list[str] = Field(default_factory=list, description="proposal_type / not_proposal_type: the types.")
    since: dt.date | None = Field(default=None, description=(
        "The first day the guard holds (the day it was adopted): a move dated before it was made without this "
        "guard, also where no git history says which governance was in force."))


class Transition(StrictModel):
    source: list[str] = Field(min_length=1, alias="from", description="States it may start from; '*' for any open state.")
    to: str = Field(min_length=1)
    by: list[str] = Field(min_length=1, description=(
        "Who may make it: 'author' (an author of the proposal), 'working_group' (a member of the proposal's "
        "working group), 'working_group/FUNCTION', 'body:ID', 'body:ID/FUNCTION' (a member of that body, holding that "
        "function) or 'anyone' (anyone on the roster). Membership counts on the date of the move."))
    guards: list[Guard] = Field(default_factory=list)
    description: str | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}


class ProposalType(StrictModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: Prose | None = None


class Verdict(StrictModel):
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    # Never read: which verdicts count is what a min_reviews guard's 'verdicts' says. Still
    # accepted (and ignored) because the releases frozen before it was dropped carry it.
    approves: StrictBool | None = Field(
        default=None, deprecated=True,
        description="Ignored (kept for frozen releases); which verdicts count is set by a min_reviews guard's 'verdicts'.")


class ReleaseGuardType(str, enum.Enum):
    RELEASE_DECISION = "release_decision"
    PROPOSALS_APPROVED = "proposals_approved"
    ITEMS_RELEASABLE = "items_releasable"


class ReleaseGuard(StrictModel):
    type: ReleaseGuardType = Field(description=(
        "release_decision: the register entry records a decision of a body in workflow.release_decided_by, taken "
        "by a member of it on that date; proposals_approved: every proposal targeting the release is approved (none "
        "still under way); items_releasable: no item is in a status that may not be released (such as a draft)."))


class ReleaseAct(StrictModel):
    by: list[str] = Field(min_length=1, description=(
        "Who may do it, in the forms of a transition's 'by' ('body:ID', 'body:ID/FUNCTION', 'anyone'); "
        "membership counts on the day of the act."))
    guards: list[ReleaseGuard] = Field(default_factory=list, description="What must hold first.")


class ReleaseAuthority(StrictModel):
    open: ReleaseAct | None = Field(default=None, description="Who may open the next working release (stelsel release open).")
    cut: ReleaseAct | None = Field(default=None, description="Who may cut (freeze) a release (stelsel release cut).")
    publish: ReleaseAct | None = Field(default=None, description="Who may publish a cut release (stelsel release publish).")


class LateReactions(str, enum.Enum):
    ACCEPT = "accept"
    REFUSE = "refuse"


class ConsultationPolicy(StrictModel):
    respond_by: list[str] = Field(default_factory=lambda: ["working_group"], description=(
        "Who may record the disposition of a reaction: the forms of a transition's 'by'; membership counts on "
        "the day of the answer. Default: a member of the proposal's working group."))
    late_reactions: LateReactions = Field(default=LateReactions.ACCEPT, description=(
        "A reaction received after the consultation's end: 'accept' keeps it, marked late (it needs a "
        "disposition like any other); 'refuse' turns it away."))


class Workflow(StrictModel):
    initial: str = Field(min_length=1)
    states: list[State] = Field(min_length=1)
    transitions: list[Transition] = Field(min_length=1)
    proposal_types: list[ProposalType] = Field(min_length=1)
    verdicts: list[Verdict] = Field(min_length=1)
    reviewers: list[str] = Field(default_factory=list, description="Who may review: the same forms as a transition's 'by'; empty means anyone on the roster.")
    allow_author_reviews: StrictBool = Field(default=False, description="Whether an author may review their own proposal (such a review never counts for min_reviews when false).")
    outcomes: list[str] = Field(default_factory=list, description="Outcomes a decision may have; empty: the outcomes the decision_recorded guards name.")
    decided_by: list[ref("body")] = Field(default_factory=list, description="Bodies whose decision takes a proposal to its outcome.")
    release_decided_by: list[ref("body")] = Field(default_factory=list, description="Bodies that may decide a release.")
    require_signed_decisions: StrictBool = Field(default=False, description="When true, the commit that records a decision (of a proposal or a release) must carry a valid signature (git verify-commit) made with one of the signing_keys the roster lists for the deciding person.")
    trusted_committers: list[str] = Field(default_factory=list, description="E-mail addresses of committers trusted to commit acts (reviews, decisions, moves, release records) authored by someone else, e.g. the forge's merge identity. Any other commit whose committer is not its author needs a valid signature by the author, with a key the roster lists for them.")
    release_authority: ReleaseAuthority | None = Field(default=None, description="Who may open, cut and publish releases, and what must hold first; without it nobody may.")
    consultation: ConsultationPolicy | None = Field(default=None, description="How reactions in a consultation are received and answered (stelsel consult).")


class Governance(StrictModel):
    kind: Literal["governance"]
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: Prose | None = None
    bodies: list[Body] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)
    workflow: Workflow
    sources: list[ref("source")] = Field(default_factory=list)
