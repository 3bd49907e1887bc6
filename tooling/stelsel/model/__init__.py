"""The typed model of a framework tree: one pydantic model per kind of file."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .base import WITHDRAWN_STATUSES, Basis, ItemStatus, Ref, RefPath, reference_paths, values_at
from .framework import Framework
from .governance import Governance
from .items import (
    Agreement,
    DecisionTable,
    Element,
    Facility,
    Item,
    Page,
    Principle,
    Role,
    Service,
    StartingPoint,
    Term,
    UseCase,
)
from .proposal import Proposal
from .register import Release


@dataclass(frozen=True)
class KindInfo:
    name: str
    model: type[BaseModel]
    label: str  # Dutch, for messages and the site
    folder: str  # conventional folder; the ``kind`` key, not the folder, decides
    singleton: bool = False
    content: bool = True  # part of the framework's released content


KINDS: dict[str, KindInfo] = {
    info.name: info
    for info in (
        KindInfo("framework", Framework, "stelselconfiguratie", "", singleton=True),
        KindInfo("governance", Governance, "governance", "", singleton=True),
        KindInfo("release", Release, "release", "releases"),
        KindInfo("principle", Principle, "principe", "principes"),
        KindInfo("starting_point", StartingPoint, "uitgangspunt", "uitgangspunten"),
        KindInfo("role", Role, "rol", "rollen"),
        KindInfo("service", Service, "dienst", "diensten"),
        KindInfo("facility", Facility, "gemeenschappelijke voorziening", "voorzieningen"),
        KindInfo("use_case", UseCase, "zorgtoepassing", "zorgtoepassingen"),
        KindInfo("agreement", Agreement, "afspraak", "afspraken"),
        KindInfo("element", Element, "onderdeel", "onderdelen"),
        KindInfo("decision_table", DecisionTable, "beslistabel", "tabellen"),
        KindInfo("term", Term, "begrip", "begrippen"),
        KindInfo("page", Page, "pagina", "paginas"),
        KindInfo("proposal", Proposal, "wijzigingsvoorstel", "changes", content=False),
    )
}

# Names that references may point at besides items: declared in config or governance.
DECLARED_KINDS = ("layer", "level", "source", "norm", "category", "function", "person", "body")

__all__ = [
    "KINDS",
    "DECLARED_KINDS",
    "KindInfo",
    "Agreement",
    "Basis",
    "DecisionTable",
    "Element",
    "Facility",
    "Framework",
    "Governance",
    "Item",
    "ItemStatus",
    "Page",
    "Principle",
    "Proposal",
    "Ref",
    "RefPath",
    "Release",
    "Role",
    "Service",
    "StartingPoint",
    "Term",
    "UseCase",
    "WITHDRAWN_STATUSES",
    "reference_paths",
    "values_at",
]
