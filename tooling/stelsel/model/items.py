"""The content kinds of a framework: one YAML file per item (pages are Markdown)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, StrictInt

from .. import i18n
from .base import Basis, ItemStatus, Prose, StrictModel, ref


class Item(StrictModel):
    """Fields every content item has."""

    id: str = Field(min_length=1, description="Unique across the whole framework; never reused.")
    title: str = Field(min_length=1)
    status: ItemStatus = Field(description=(
        "Where the item stands: the framework's word for draft, ready (for its release), adopted or withdrawn."))
    basis: Basis = Field(default=Basis.SOURCE.value, description="How firm the content is according to its sources.")
    basis_note: str | None = Field(default=None, description="What is proposed, intended or assumed, and by whom.")
    description: Prose | None = None
    since: ref("release", description="The release that introduced the item.") | None = None
    until: ref("release", description="The release that withdrew it.") | None = None
    sources: list[ref("source")] = Field(default_factory=list, description="Source documents the content comes from.")
    related: list[ref("*")] = Field(default_factory=list, description="Other items worth reading with this one.")
    tags: list[str] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict, description="Framework-specific fields, checked against the framework config's extra_fields.")


class Principle(Item):
    """A principle of the grondslag, with its number there."""

    kind: Literal["principle"]
    number: StrictInt | None = Field(default=None, ge=1, description="Its number in the source; null if unknown.")
    statement: Prose | None = Field(default=None, description="Required unless basis is not_described.")


class StartingPoint(Item):
    """A starting point (uitgangspunt)."""

    kind: Literal["starting_point"]
    number: StrictInt | None = Field(default=None, ge=1)
    statement: Prose = Field(min_length=1)
    applies_to: list[ref("*")] = Field(default_factory=list, description="What it steers.")


class Actor(StrictModel):
    """A party or product that performs a role or provides a facility, with how firm that is."""

    name: str = Field(min_length=1)
    basis: Basis = Basis.SOURCE.value
    note: str | None = None


class Role(Item):
    """A role or party in the framework and what it is responsible for."""

    kind: Literal["role"]
    responsibilities: list[Prose] = Field(default_factory=list)
    performed_by: list[Actor] = Field(default_factory=list, description="Who fills the role, if named.")
    part_of: ref("role") | None = None


class Service(Item):
    """A service of the framework's organisation; a form of management is a service without a parent."""

    kind: Literal["service"]
    part_of: ref("service") | None = None
    performed_by: list[Actor] = Field(default_factory=list)
    responsible: list[ref("role")] = Field(default_factory=list)


class ExternalDecision(StrictModel):
    """A decision taken outside the framework's own governance (e.g. a national body)."""

    body: str = Field(min_length=1)
    date: dt.date
    summary: str | None = None
    reference: str | None = None


class Facility(Item):
    """A common facility (gemeenschappelijke voorziening)."""

    kind: Literal["facility"]
    aliases: list[str] = Field(default_factory=list, description="Other names and abbreviations.")
    function: Prose = Field(min_length=1, description="The generic function it fulfils.")
    provided_by: list[Actor] = Field(default_factory=list)
    decision: ExternalDecision | None = None
    managed_by: list[ref("role")] = Field(default_factory=list)


class Increment(StrictModel):
    id: str = Field(min_length=1, description="Unique within its use case.")
    title: str = Field(min_length=1)
    order: StrictInt = Field(ge=1)
    description: Prose | None = None
    basis: Basis = Basis.SOURCE.value


class UseCase(Item):
    """A use case (zorgtoepassing) and the increments it grows in."""

    kind: Literal["use_case"]
    increments: list[Increment] = Field(default_factory=list)
    facilities: list[ref("facility")] = Field(default_factory=list)
    programmes: list[str] = Field(default_factory=list, description="National programmes that own its information standard.")


class Agreement(Item):
    """One normative statement of the framework."""

    kind: Literal["agreement"]
    statement: Prose = Field(min_length=1, description="The normative text itself.")
    level: ref("level", description="A level the framework config declares, e.g. MUST or SHOULD.")
    layers: list[ref("layer")] = Field(min_length=1)
    applies_to: list[ref("role")] = Field(min_length=1)
    use_cases: list[ref("use_case")] = Field(default_factory=list)
    derived_from: list[ref("principle", "starting_point", "agreement")] = Field(default_factory=list)
    norms: list[ref("norm")] = Field(default_factory=list)
    facilities: list[ref("facility")] = Field(default_factory=list)
    evidence: Prose | None = Field(default=None, description="What a party must show to prove compliance.")
    evidence_type: str | None = Field(default=None, min_length=1, description=(
        "The kind of proof: an ID from the framework config's evidence_types, e.g. self-declaration or audit."))
    evidence_norm: ref("norm", description=(
        "The standard the proof is given against (e.g. NEN-7510), for an evidence type that names one.")) | None = None
    evidence_basis: Basis | None = Field(default=None, description=(
        "How firm the evidence (type and text) is according to the sources: assumption when no source gives it. "
        "Without it, the agreement's basis."))
    replaces: list[ref("agreement")] = Field(default_factory=list)
    replaced_by: list[ref("agreement")] = Field(default_factory=list)
    rationale: Prose | None = None
    topic: str | None = Field(default=None, description="A heading to group agreements under on a page.")
    transition_months: StrictInt | None = Field(default=None, ge=1, description=(
        "A transition period: where a release adds or changes this agreement, it binds this many months after "
        "that release takes effect (until then the agreement as the release before had it, if any)."))

    def evidence_assumed(self) -> bool:
        """Whether its evidence is an assumption (see the module function)."""
        return evidence_assumed(self)

    def evidence_summary(self, config) -> str:
        """Its evidence type and basis in one phrase, e.g. 'Eigen verklaring (aanname)' (templates call this)."""
        return evidence_summary(self, config)


class Element(Item):
    """A structured item that is none of the above, in a category the config declares."""

    kind: Literal["element"]
    category: ref("category")
    order: StrictInt | None = None
    part_of: ref("*") | None = None


class Column(StrictModel):
    key: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    ref: list[str] | None = Field(default=None, description="If set, cells are IDs of items of these kinds.")


class DecisionTable(Item):
    """A table the site renders, with rows of cells; reference columns are checked."""

    kind: Literal["decision_table"]
    columns: list[Column] = Field(min_length=1)
    rows: list[dict[str, str | list[str] | None]] = Field(min_length=1)


class Term(Item):
    """A glossary term or abbreviation."""

    kind: Literal["term"]
    expansion: str | None = Field(default=None, description="The full form, when the title is an abbreviation.")
    definition: Prose = Field(min_length=1)
    see_also: list[ref("*")] = Field(default_factory=list)


class Page(Item):
    """A narrative page: Markdown with this front matter; ``kind`` may be left out."""

    kind: Literal["page"] = "page"
    release: ref("release") | None = Field(default=None, description="The release this text was written for.")
    order: StrictInt = 0


# --- evidence (bewijslast): type, standard and basis -------------------------------------


def evidence_assumed(model) -> bool:
    """Whether an agreement's evidence is an assumption: its evidence_basis says so, or, without one, its basis."""
    basis = getattr(model, "evidence_basis", None) or getattr(model, "basis", None)
    return getattr(basis, "value", basis) == Basis.ASSUMPTION.value


def evidence_label(model, config) -> str:
    """The evidence type of an agreement as a reader sees it: 'Audit verklaring, volgens NEN 7510'; '' without one.

    The type's and the norm's titles come from the framework config; an ID it does not declare is shown as is
    (C004 reports it).
    """
    ident = getattr(model, "evidence_type", None)
    if not ident:
        return ""
    types = {t.id: t for t in (getattr(config, "evidence_types", None) or [])}
    norms = {n.id: n for n in (getattr(config, "norms", None) or [])}
    label = types[ident].title if ident in types else ident
    norm = getattr(model, "evidence_norm", None)
    if norm:
        # the norm's short name: its title without the explanation in brackets ('NEN 7510 (informatie…)')
        short = norms[norm].title.split(' (')[0] if norm in norms else norm
        label += i18n.for_config(config)("evidence.by_norm", norm=short)
    return label


def evidence_summary(model, config) -> str:
    """The evidence type with its basis in one phrase: 'Eigen verklaring (aanname)'.

    Without a type it says so, rather than showing the basis where a type is expected.
    """
    label = evidence_label(model, config)
    if not evidence_assumed(model) or not (label or getattr(model, "evidence", None)):
        return label
    t = i18n.for_config(config)
    return t("evidence.assumed", label=label) if label else t("evidence.unrecorded")
