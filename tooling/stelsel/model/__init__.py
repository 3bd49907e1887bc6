"""The typed model of a framework tree: one pydantic model per kind of file."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .. import i18n

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
    singleton: bool = False  # one per tree, in the content folder itself (the config, the governance)
    content: bool = True  # part of the framework's released content

    @property
    def label(self) -> str:
        """The kind's name in the default language's catalogue (``kind.<name>``): schema titles, messages."""
        return i18n.messages()(f"kind.{self.name}")

    @property
    def folder(self) -> str:
        """Its conventional folder below the content folder in the default language (``kind_folder.<name>``);
        a singleton sits in the content folder itself and a proposal in changes/. The ``kind`` key, not the
        folder, decides what a file is; ``vocabulary.kind_folder`` gives the folder in a framework's language."""
        if self.singleton:
            return ""
        return PROPOSALS_DIR if not self.content else i18n.messages()(f"kind_folder.{self.name}")


PROPOSALS_DIR = "changes"  # every framework's proposals, whatever its language (load.tree.CHANGES_DIR)

KINDS: dict[str, KindInfo] = {
    info.name: info
    for info in (
        KindInfo("framework", Framework, singleton=True),
        KindInfo("governance", Governance, singleton=True),
        KindInfo("release", Release),
        KindInfo("principle", Principle),
        KindInfo("starting_point", StartingPoint),
        KindInfo("role", Role),
        KindInfo("service", Service),
        KindInfo("facility", Facility),
        KindInfo("use_case", UseCase),
        KindInfo("agreement", Agreement),
        KindInfo("element", Element),
        KindInfo("decision_table", DecisionTable),
        KindInfo("term", Term),
        KindInfo("page", Page),
        KindInfo("proposal", Proposal, content=False),
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
