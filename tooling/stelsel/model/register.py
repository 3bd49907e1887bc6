"""The release register: one entry per planned or past release."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from .base import Basis, Prose, StrictModel, ref
from .status import ReleaseStatus
from ..versions import VERSION_PATTERN


class ReleaseDecision(StrictModel):
    body: ref("body")
    by: ref("person")
    date: dt.date
    reference: str | None = Field(default=None, description="Minutes or decision reference.")
    example: StrictBool = Field(default=False, description="True when the decision is an example for demonstration, not a real one.")


class Publication(StrictModel):
    """Who published a frozen release, and on which day (written by ``stelsel release publish``)."""

    by: ref("person")
    date: dt.date


class Release(StrictModel):
    """A release register entry, at ``afsprakenstelsel/releases/<version>.yaml``."""

    kind: Literal["release"]
    id: str = Field(min_length=1, max_length=64, pattern=VERSION_PATTERN,
                    description="The version, e.g. '0.8' (quote it in YAML): letters, digits, '.', '-', '_' and '+'.")
    title: str = Field(min_length=1)
    status: ReleaseStatus
    phase: str | None = Field(default=None, description="E.g. programmafase or beheerfase.")
    planned: str | None = Field(default=None, description="When it is planned: a date, month or period as text.")
    date: dt.date | None = Field(default=None, description="When it was published.")
    ingangsdatum: dt.date | None = Field(default=None, description=(
        "The effective date: from this day the release binds (no earlier than its decision). How long it stays "
        "valid follows from the framework's validity policy."))
    vervaldatum: dt.date | None = Field(default=None, description=(
        "The last day the release is valid, when it lapses earlier than the validity policy says (e.g. a "
        "withdrawn release); never later than the policy allows."))
    description: Prose | None = None
    deliverables: list[str] = Field(default_factory=list)
    connections_planned: StrictInt | None = Field(default=None, ge=0, description="Connections planned by the end of its year.")
    programme_year: StrictInt | None = Field(default=None, ge=1)
    previous: ref("release") | None = None
    decision: ReleaseDecision | None = None
    frozen: StrictBool = Field(default=True, description=(
        "false for a release decided before the framework was kept in stelsel: it has no frozen text"))
    published: Publication | None = Field(default=None, description=(
        "Who published it and when (stelsel release publish); that person's commit must record it."))
    basis: Basis = Basis.SOURCE.value
    basis_note: str | None = None
    sources: list[ref("source")] = Field(default_factory=list)
