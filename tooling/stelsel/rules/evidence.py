"""Findings about an agreement's typed evidence (bewijslast): its type and the standard it names."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from .base import Rule


def _types(project) -> dict:
    config = project.config
    return {t.id: t for t in (config.evidence_types if config is not None else [])}


class UnknownEvidenceType(Rule):
    """An agreement's ``evidence_type`` is not in the framework's vocabulary of evidence types.

    The kinds of proof a party can be asked for (an eigen verklaring, an audit verklaring …)
    are data: ``evidence_types`` in the framework config (``stelsel.yaml``) declares them, so
    the site, the checklists and the PDF name every type the same way. A type the config does
    not declare (a typo, or a type never agreed) cannot be shown or assessed. Fix: use one of
    the declared IDs, or add the type to ``evidence_types`` through a proposal.
    """

    finding = codes.UNKNOWN_EVIDENCE_TYPE

    def check(self, project) -> Iterable[Diagnostic]:
        if project.config is None:
            return  # without a readable config every declared name is unknown: its own finding
        types = _types(project)
        for item in project.items("agreement"):
            ident = item.model.evidence_type
            if ident is None or ident in types:
                continue
            line, col = item.file.position(("evidence_type",))
            known = ", ".join(sorted(types)) or "none declared"
            yield self.at(item.file.path, line, col,
                          f"agreement '{item.id}' has evidence_type '{ident}', which the framework config does not "
                          f"declare (evidence_types: {known})",
                          hint="use a declared evidence type, or add it to evidence_types in stelsel.yaml")


class EvidenceNormMissing(Rule):
    """An agreement's evidence type is given against a standard, but the agreement names none.

    An evidence type with ``norm_required: true`` (an audit verklaring, a certificaat) only
    means something together with the standard it is given against: an audit verklaring
    for NEN 7510 is not one for NEN 7513. Fix: name the standard in ``evidence_norm`` (a
    norm ID from the framework config's ``norms``), or choose a type that needs none.
    """

    finding = codes.EVIDENCE_NORM_MISSING

    def check(self, project) -> Iterable[Diagnostic]:
        types = _types(project)
        for item in project.items("agreement"):
            model = item.model
            kind = types.get(model.evidence_type) if model.evidence_type else None
            if kind is None or not kind.norm_required or model.evidence_norm:
                continue
            line, col = item.file.position(("evidence_type",))
            yield self.at(item.file.path, line, col,
                          f"agreement '{item.id}' asks for {kind.title.lower()}, which is given against a standard, "
                          "but names no evidence_norm",
                          hint="add 'evidence_norm: <norm id>' (see norms in stelsel.yaml), or choose another type")
