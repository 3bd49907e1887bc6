"""The framework config (``afsprakenstelsel/stelsel.yaml``): what makes one framework itself.

Layers, normative levels, ID patterns, sources, norms and extra fields are data here, so
another framework (MedMij, iSHARE) needs a different config, not different code.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt, field_validator

from .. import i18n
from .base import ItemStatus, Prose, StrictModel, ref
from .status import DeclaredStatuses


class Named(StrictModel):
    id: str = Field(min_length=1, description="Stable identifier, used in references.")
    title: str = Field(min_length=1)
    description: Prose | None = None


class LayerKind(str, enum.Enum):
    INTEROPERABILITY = "interoperability"  # a layer of the interoperability model
    CONDITION = "condition"  # an extra domain of the connection conditions (security, law)


class Layer(Named):
    type: LayerKind = Field(default=LayerKind.INTEROPERABILITY.value, description="A layer of the interoperability model, or an extra domain of the connection conditions.")
    order: StrictInt = Field(default=0, description="Sort order on the site and in checklists.")
    owner: str | None = Field(default=None, description="Who makes agreements on this layer.")


class Level(Named):
    mandatory: StrictBool = Field(description="True for levels a party must comply with (e.g. MUST, MUST NOT).")
    allows_not_applicable: StrictBool = Field(default=False, description="Whether a self-assessment may answer 'not applicable'.")
    rfc2119: str | None = Field(default=None, description="The RFC 2119 keyword it corresponds to.")


# A web address the site links to: http(s) only (a 'javascript:' address would be dropped from the site, unsaid).
WEB_URL = r"^https?://\S+$"


class Source(Named):
    file: str | None = Field(default=None, description="File name of the source document.")
    url: str | None = Field(default=None, pattern=WEB_URL, description="Where it can be read (http or https).")
    licence: str | None = None


class NormKind(str, enum.Enum):
    NORM = "norm"
    REFERENCE_ARCHITECTURE = "reference_architecture"
    FRAMEWORK = "framework"
    STANDARD = "standard"


class Norm(Named):
    type: NormKind = NormKind.NORM.value
    url: str | None = Field(default=None, pattern=WEB_URL, description="Where it can be read (http or https).")
    relation: Prose | None = Field(default=None, description="How this framework relates to it.")


class EvidenceType(Named):
    """A kind of proof (bewijslast) an agreement can ask for, e.g. an eigen verklaring or an audit verklaring."""

    norm_required: StrictBool = Field(default=False, description=(
        "True when proof of this type is given against a standard: an agreement with it names evidence_norm."))


class Licence(StrictModel):
    id: str = Field(min_length=1, description="SPDX identifier, e.g. CC-BY-SA-4.0.")
    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=WEB_URL, description="The licence's text (http or https).")


class Limits(StrictModel):
    max_file_bytes: StrictInt = Field(default=1_048_576, ge=1024, description="Files larger than this are a finding and are not parsed.")


class ValidityPolicy(str, enum.Enum):
    CURRENT = "n"  # a release is valid until its successor takes effect
    PREVIOUS = "n-1"  # ... until its successor's successor takes effect
    TWO_PREVIOUS = "n-2"  # ... until the third release after it takes effect
    PERIOD = "period"  # for a set number of months from its effective date


class Validity(StrictModel):
    """How long a release binds: from its ``ingangsdatum`` until the policy lets it lapse."""

    policy: ValidityPolicy = Field(description=(
        "n: a release is valid until its successor takes effect; n-1: until its successor's successor takes "
        "effect (the current and the previous release are valid); n-2: until the third release after it takes "
        "effect; period: for 'months' from its own effective date."))
    months: StrictInt | None = Field(default=None, ge=1, description=(
        "period: how many months a release is valid from its effective date (required). With n-1 or n-2: at "
        "most this many months after its successor takes effect (the time parties have to implement it)."))


class ReactionChannel(StrictModel):
    """How stakeholders react to a consultation: an e-mail address and/or a forge's "new issue" URL."""

    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$", description=(
        "Where reactions are sent: the site's reaction action opens an e-mail to it with the proposal, item "
        "and title filled in."))
    issue_url: str | None = Field(default=None, pattern=r"^https://\S+$", description=(
        "A forge's 'new issue' URL with placeholders {proposal}, {item} and {title} (filled in URL-encoded), "
        "e.g. https://github.com/org/repo/issues/new?title={proposal}%3A%20{title}."))


# The kinds a framework may give its own name (Terms.kinds).
NAMED_KINDS = ("principle", "starting_point", "role", "service", "facility", "use_case", "agreement", "element",
               "decision_table", "term", "page")


class KindName(StrictModel):
    singular: str = Field(min_length=1, description="E.g. 'use case', 'domain'.")
    plural: str = Field(min_length=1, description="E.g. 'use cases', 'domains'.")
    folder: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$", description=(
        "The folder below the content folder where stelsel writes this kind's new files (import); absent: the "
        "folder the message catalogue of the framework's language gives, e.g. use_cases."))


class Terms(StrictModel):
    """The framework's own names for what the engine knows by a generic one (absent: the engine's Dutch words)."""

    kinds: dict[str, KindName] = Field(default_factory=dict, description=(
        "Per kind (" + ", ".join(NAMED_KINDS) + "), what this framework calls it; e.g. use_case: {singular: "
        "domain, plural: domains}; absent: the words of the framework's language."))
    layer_model: str | None = Field(default=None, min_length=1, description=(
        "What a layer of type interoperability is, e.g. 'layer of the interoperability model'."))
    condition: str | None = Field(default=None, min_length=1, description=(
        "What a layer of type condition is, e.g. 'connection condition'."))

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, value: dict) -> dict:
        unknown = sorted(set(value) - set(NAMED_KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {', '.join(unknown)}: use {', '.join(NAMED_KINDS)}")
        return value


class Framework(StrictModel):
    """Framework config: exactly one per tree, at ``afsprakenstelsel/stelsel.yaml``."""

    kind: Literal["framework"]
    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    purpose: Prose = Field(min_length=1)
    motto: str = Field(min_length=1, description="The test every agreement is held against.")
    licence: Licence
    financing: str | None = None
    owner: str | None = Field(default=None, description="The organisation that manages the framework.")
    repository: str | None = Field(default=None, description="URL of the repository, for edit links.")
    site_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/\S*)?$",
                                 description="Where the published site lives (each version below it): its canonical "
                                             "and sitemap URLs. Without it the pages have no canonical URL.")
    working_release: ref("release", description="The release the working tree is heading for.") | None = None
    layers: list[Layer] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    require_sources: StrictBool = Field(default=False, description="When true, every item must name at least one source.")
    norms: list[Norm] = Field(default_factory=list, description="Norms, standards and frameworks items may refer to.")
    evidence_types: list[EvidenceType] = Field(default_factory=list, description=(
        "The vocabulary of evidence types an agreement's evidence_type names."))
    categories: list[Named] = Field(default_factory=list, description="Categories of generic 'element' items.")
    functions: list[Named] = Field(default_factory=list, description="Functions a person can hold in a governance body (roles of the workflow).")
    id_patterns: dict[str, str] = Field(default_factory=dict, description="Regular expression per kind that IDs must match.")
    extra_fields: dict[str, dict[str, Any]] = Field(default_factory=dict, description="Per kind, a JSON Schema (2020-12) for that kind's 'extra' mapping.")
    limits: Limits = Field(default_factory=Limits)
    status: ItemStatus = ItemStatus.DRAFT.value
    reaction_channel: ReactionChannel | None = Field(default=None, description=(
        "How stakeholders react to an open consultation (the site's reaction action)."))
    validity: Validity | None = Field(default=None, description=(
        "The release validity policy: which releases bind on a day (stelsel applies). Without it a release is "
        "valid from its ingangsdatum until its successor takes effect."))
    terms: Terms | None = Field(default=None, description=(
        "The framework's own names for kinds and for the layer model (the site and the messages use them)."))
    language: str = Field(default=i18n.DEFAULT, description=(
        "The language of what stakeholders read (site, release PDF, checklists, self-assessment reports, feeds): "
        "a message catalogue of stelsel (nl, en). Default nl."), json_schema_extra={"enum": list(i18n.languages())})
    statuses: DeclaredStatuses | None = Field(default=None, description=(
        "The words this framework stores for item and release statuses (status: in its files), per key; "
        "without it, or for a scope it leaves out, the words of its language."))

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in i18n.languages():
            raise ValueError(f"no message catalogue for language '{value}': use {', '.join(i18n.languages())}")
        return value
