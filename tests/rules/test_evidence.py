"""C004 and C005: an agreement's typed evidence (bewijslast) against the framework's vocabulary."""

from __future__ import annotations

import pytest

from stelsel.load.project import load_project
from stelsel.model.items import evidence_assumed, evidence_label, evidence_summary
from stelsel.qualify.checklist import checklist_rows

from ..helpers import CONTENT, Case, diagnostics, make_tree, replace, run_case, show

MA = CONTENT + "afspraken/MA-001.yaml"
CONFIG = CONTENT + "stelsel.yaml"

VOCABULARY = """evidence_types:
  - id: eigen-verklaring
    title: Eigen verklaring
  - id: audit-verklaring
    title: Audit verklaring
    norm_required: true
norms:
  - id: NEN-7510
    title: NEN 7510
sources:
"""


def _vocabulary(text: str) -> str:
    return text.replace("sources:\n", VOCABULARY, 1)


def _evidence(*lines: str):
    return replace("since: \"0.1\"\n", "evidence: Een beschreven beheerproces.\n" + "".join(l + "\n" for l in lines)
                   + "since: \"0.1\"\n")


CASES = [
    Case("C004-undeclared-type", "C004", {CONFIG: _vocabulary, MA: _evidence("evidence_type: zelfverklaring")},
         MA, 11, col=16, message="evidence_type 'zelfverklaring', which the framework config does not declare "
                                 "(evidence_types: audit-verklaring, eigen-verklaring)",
         hint="use a declared evidence type"),
    Case("C004-no-vocabulary", "C004", {MA: _evidence("evidence_type: eigen-verklaring")},
         MA, 11, col=16, message="(evidence_types: none declared)"),
    Case("C005-audit-without-norm", "C005", {CONFIG: _vocabulary, MA: _evidence("evidence_type: audit-verklaring")},
         MA, 11, col=16, message="asks for audit verklaring, which is given against a standard, but names no "
                                 "evidence_norm", hint="evidence_norm: <norm id>"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_case(case, tmp_path):
    """Each bad tree yields its C-code on the agreement's evidence_type line, with a hint, and exit code 1."""
    run_case(case, tmp_path)


GOOD = {
    "declared-type": {CONFIG: _vocabulary, MA: _evidence("evidence_type: eigen-verklaring", "evidence_basis: assumption")},
    "audit-with-norm": {CONFIG: _vocabulary, MA: _evidence("evidence_type: audit-verklaring", "evidence_norm: NEN-7510")},
    "no-type": {CONFIG: _vocabulary, MA: _evidence()},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_case(name, tmp_path):
    """A declared type, an audit verklaring naming its norm, and evidence without a type are clean."""
    root = make_tree(tmp_path / "tree", GOOD[name])
    found = diagnostics(root)
    assert found == [], show(found)


def test_unknown_norm_is_an_unresolved_reference(tmp_path):
    """evidence_norm is a reference: a norm the config does not declare is reported as such (not C004/C005)."""
    root = make_tree(tmp_path / "tree", {CONFIG: _vocabulary,
                                         MA: _evidence("evidence_type: audit-verklaring", "evidence_norm: NEN-9999")})
    found = diagnostics(root)
    assert [d.code for d in found if "NEN-9999" in d.message] and not [d for d in found if d.code in ("C004", "C005")]


def test_labels_and_basis(tmp_path):
    """The type and norm are named by their titles; the basis marks assumed evidence, in the checklist too."""
    root = make_tree(tmp_path / "tree", {CONFIG: _vocabulary,
                                         MA: _evidence("evidence_type: audit-verklaring", "evidence_norm: NEN-7510",
                                                       "evidence_basis: assumption")})
    project = load_project(root)
    model = project.by_kind["agreement"]["MA-001"].model
    assert evidence_label(model, project.config) == "Audit verklaring, volgens NEN 7510"
    assert evidence_assumed(model) and evidence_summary(model, project.config) == "Audit verklaring, volgens NEN 7510 (aanname)"
    row = checklist_rows(project, "zorgaanbieder")[0]
    assert row.cells()["evidence_type"] == "Audit verklaring, volgens NEN 7510 (aanname)"


def test_basis_defaults_to_the_agreements_basis(tmp_path):
    """Without evidence_basis, evidence is assumed exactly when the agreement itself is an assumption."""
    root = make_tree(tmp_path / "tree", {CONFIG: _vocabulary, MA: _evidence("evidence_type: eigen-verklaring")})
    model = load_project(root).by_kind["agreement"]["MA-001"].model
    assert not evidence_assumed(model)
    assumed = model.model_copy(update={"basis": "assumption"})
    assert evidence_assumed(assumed)


def test_untyped_assumed_evidence_says_no_type_is_recorded(tmp_path):
    """Assumed evidence without a type reads 'niet vastgelegd (…aanname)', never the bare basis as if it were a type."""
    root = make_tree(tmp_path / "tree", {CONFIG: _vocabulary, MA: _evidence("evidence_basis: assumption")})
    project = load_project(root)
    model = project.by_kind["agreement"]["MA-001"].model
    assert evidence_label(model, project.config) == ""
    assert evidence_summary(model, project.config) == "niet vastgelegd (de bewijslast is een aanname)"
