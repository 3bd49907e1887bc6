"""The self-assessment file (zelfbeoordeling): a party's answers to a role's checklist.

A self-assessment is not part of the framework: a GtK-dienstverlener, zorgaanbieder or
leverancier keeps it, answers agreement by agreement whether it complies and with what
evidence, and records the release it answered. ``stelsel assess`` checks it against a
release; the JSON Schema is ``schemas/self_assessment.schema.json`` (generated from this model
by ``stelsel schemas``). Example::

    kind: self_assessment
    framework: twiin
    party:
      name: Zorgnet Noord B.V.
      identifier: "KvK 12345678"
    role: gtk-dienstverlener
    release: "0.8"
    date: 2026-11-20
    answers:
      - agreement: TA-028
        answer: voldoet
        explanation: Servicedesk bereikbaar op werkdagen 8-18 uur.
        evidence: [SLA-2026.pdf, "https://intranet.example/servicedesk"]
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from ..model.base import StrictModel
from .checklist import ANSWERS

Answer = Literal[ANSWERS]  # type: ignore[valid-type]


class Party(StrictModel):
    """The party that assesses itself."""

    name: str = Field(min_length=1, description="The party's name.")
    identifier: str | None = Field(default=None, description="An identifier such as a KvK or URA number.")
    contact: str | None = Field(default=None, description="Who to ask about this self-assessment.")


class AssessmentAnswer(StrictModel):
    """The answer to one agreement."""

    agreement: str = Field(min_length=1, description="The agreement's ID, e.g. TA-028.")
    answer: Answer = Field(description=(f"{', '.join(ANSWERS[:-1])} or {ANSWERS[-1]} (the last only where the "
                                        "agreement's level allows it)."))
    explanation: str | None = Field(default=None, description="Why: how the party complies, or what is missing and when it will be.")
    evidence: list[str] = Field(default_factory=list, description="References to the evidence (documents, URLs, certificates). Required when the agreement names evidence and the answer is " + f"{ANSWERS[0]} or {ANSWERS[1]}.")


class SelfAssessment(StrictModel):
    """A self-assessment (zelfbeoordeling) of one party in one role against one release."""

    kind: Literal["self_assessment"]
    framework: str | None = Field(default=None, description="The ID of the framework (its config's id).")
    party: Party
    role: str = Field(min_length=1, description="The ID of the role the party qualifies for.")
    release: str = Field(min_length=1, description="The release the answers were given against, e.g. '0.8' (quote it), or 'working'.")
    date: dt.date = Field(description="When the self-assessment was made or last revised.")
    answers: list[AssessmentAnswer] = Field(default_factory=list)
