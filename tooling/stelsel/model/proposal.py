"""Change proposals (``changes/*.md``): front matter with this shape; the Markdown body is the
proposal's full text (the ``motivation`` field is its short case against the motto)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Literal
from typing import Annotated, Any

from pydantic import Field, PrivateAttr, StrictBool, WithJsonSchema, model_validator

from .base import Prose, StrictModel, ref


class ChangeAction(str, enum.Enum):
    ADD = "add"
    CHANGE = "change"
    WITHDRAW = "withdraw"


class ItemChange(StrictModel):
    item: str = Field(min_length=1, description="ID of the item added, changed or withdrawn.")
    action: ChangeAction
    note: str | None = None


class RoleImpact(StrictModel):
    role: ref("role")
    impact: Prose = Field(min_length=1)


class HistoryEntry(StrictModel):
    at: dt.datetime | dt.date
    by: ref("person")
    source: str = Field(alias="from")
    to: str
    reason: str | None = None

    model_config = StrictModel.model_config | {"populate_by_name": True}


ACT_DATE = Annotated[dt.date, WithJsonSchema({
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "description": "When the act happened: a date (YYYY-MM-DD) or, as the tool records it, a full timestamp "
                   "with offset (YYYY-MM-DDTHH:MM:SS+HH:MM)."})]


class DatedAct(StrictModel):
    """An act with a ``date``: a calendar date, or a full timestamp.

    ``date`` is always the calendar date (a timestamp's own day, in its own offset: what
    memberships and guards are judged on); ``at`` is what the file says, the full timestamp
    when it has one, so that acts are ordered and held against their commit to the second.
    """

    date: ACT_DATE
    _at: dt.datetime | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_timestamp(cls, data: Any, handler):
        stamp = data.get("date") if isinstance(data, dict) else None
        if isinstance(stamp, dt.datetime):
            data = {**data, "date": stamp.date()}
        model = handler(data)
        if isinstance(stamp, dt.datetime):
            model._at = stamp
        return model

    @property
    def at(self) -> dt.datetime | dt.date:
        return self._at if self._at is not None else self.date


class Review(DatedAct):
    by: ref("person")
    organisation: str | None = None
    verdict: str = Field(min_length=1)
    comment: Prose | None = None


class Disposition(str, enum.Enum):
    """What the working group did with a reaction (the verwerkingsverslag)."""

    # The model's keys; a file stores the framework's word for each (model.status, scope
    # "disposition": Twiin's "overgenomen" …), translated at the load boundary (load.statuses).
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    NOT_ADOPTED = "not_adopted"


class Reaction(StrictModel):
    """A stakeholder's reaction in a consultation and, once given, the working group's answer.

    The reaction names who sent it (``by``, ``organisation``): a stakeholder need not be on
    the roster. The answer (``disposition``, ``motivation``, ``responded_by``,
    ``responded_at``) is an act of a roster person entitled by ``workflow.consultation.respond_by``.
    """

    id: str | None = Field(default=None, pattern=r"^R[1-9][0-9]*$", description=(
        "The reaction's number within the proposal (R1, R2 …), as 'stelsel consult react' assigns it; "
        "without one a reaction is known by its position (1, 2 …)."))
    by: str = Field(min_length=1, description="Who reacted (a name; need not be on the roster).")
    organisation: str | None = None
    date: dt.date = Field(description="The day the reaction was received.")
    # Not a ref("*"): a proposal may change the framework config or the governance, which are no
    # items for R001; W029 checks that the item is one the proposal changes (one finding per fault).
    item: str | None = Field(default=None, min_length=1,
                             description="The item the reaction is about: one the proposal changes.")
    summary: Prose = Field(min_length=1, description="The reaction (its text or a summary).")
    late: StrictBool = Field(default=False, description="True for a reaction received after the consultation's end: kept, marked late.")
    response: Prose | None = Field(default=None, description="What changed because of the reaction (free text).")
    disposition: Disposition | None = Field(default=None, description="The working group's answer to the reaction (adopted, partly adopted or not adopted: the enum's values).")
    motivation: Prose | None = Field(default=None, description="Why: the motivation of the disposition.")
    responded_by: ref("person") | None = Field(default=None, description="Who recorded the disposition (on the roster).")
    responded_at: dt.datetime | dt.date | None = Field(default=None, description=(
        "When the disposition was recorded: a date or, as the tool records it, a full timestamp with offset."))


class Consultation(StrictModel):
    start: dt.date
    end: dt.date
    reactions: list[Reaction] = Field(default_factory=list)


class Decision(DatedAct):
    body: ref("body")
    by: ref("person")
    outcome: str = Field(min_length=1)
    minutes: str | None = Field(default=None, description="Reference to the minutes.")
    conditions: list[str] = Field(default_factory=list)
    example: StrictBool = Field(default=False, description="True when the decision is an example for demonstration.")
    pinned: dict[str, str] = Field(
        default_factory=dict,
        description="The decided text: for every item the proposal lists, the SHA-256 digest of its content "
                    "when the decision was taken (written by 'stelsel decide'; 'absent' for an item that did "
                    "not exist). Afterwards the item must keep that content until a later proposal carries a "
                    "change. Without it, the content at the commit that recorded the decision counts.")


class DependentDisposition(str, enum.Enum):
    REVIEWED_UNCHANGED = "reviewed_unchanged"
    CHANGED = "changed"


class Dependent(StrictModel):
    item: ref("*")
    disposition: DependentDisposition
    note: str | None = None


class Proposal(StrictModel):
    kind: Literal["proposal"] = "proposal"
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    type: str = Field(min_length=1, description="One of the workflow's proposal types.")
    authors: list[ref("person")] = Field(min_length=1)
    working_group: ref("body")
    target_release: ref("release")
    status: str = Field(min_length=1, description="A state of the workflow.")
    changes: list[ItemChange] = Field(min_length=1)
    motivation: Prose = Field(min_length=1, description="Why, held against the framework's motto.")
    impact: list[RoleImpact] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    consultation: Consultation | None = None
    decision: Decision | None = None
    dependents: list[Dependent] = Field(default_factory=list)
    released_in: ref("release") | None = None
