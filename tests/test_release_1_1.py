"""Release 1.1: what changed since 1.0 is exactly what the proposals for 1.1 carry.

Until 1.1 is cut the comparison is 1.0 against the working tree (``stelsel diff 1.0``); once
``releases/1.1`` exists it is ``stelsel diff 1.0 1.1`` as well. Either way each changed item is
listed by exactly one proposal for 1.1, every listed item changed, and the governance and the
framework config (which no content diff lists) changed where a proposal says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli
from stelsel.load.project import load_project
from stelsel.release.diff import diff_projects

REPO = Path(__file__).resolve().parent.parent
FROZEN_11 = REPO / "releases" / "1.1" / "manifest.json"
SIDES = ["working"] + (["1.1"] if FROZEN_11.is_file() else [])


def _carried(project) -> dict[str, list[str]]:
    """Item ID -> the 1.1 proposals that list it."""
    listed: dict[str, list[str]] = {}
    for proposal in project.items("proposal"):
        if proposal.model.target_release == "1.1":
            for change in proposal.model.changes:
                listed.setdefault(change.item, []).append(proposal.id)
    return listed


def _diff(new: str) -> dict:
    result = CliRunner().invoke(cli, ["diff", "1.0", new, "--format", "json", "-C", str(REPO)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("new", SIDES)
def test_diff_since_1_0_is_what_the_1_1_proposals_carry(new):
    """`stelsel diff 1.0 NEW` lists exactly the content items the 1.1 proposals list, each by one proposal."""
    project = load_project(REPO if new == "working" else REPO / "releases" / "1.1")
    listed = _carried(project)
    assert {ident: ids for ident, ids in listed.items() if len(ids) > 1} == {}
    diffed = {item["id"] for item in _diff(new)["items"]}
    governed = diff_projects(load_project(REPO / "releases" / "1.0"), project).governed
    assert governed == {"governance", "twiin"}
    assert diffed == set(listed) - governed
    assert governed <= set(listed)


@pytest.mark.parametrize("new", SIDES)
def test_typed_evidence_is_in_the_diff(new):
    """Every agreement the evidence proposal lists differs from 1.0 in its evidence type or basis."""
    project = load_project(REPO if new == "working" else REPO / "releases" / "1.1")
    proposal = project.by_kind["proposal"]["CP-20261201-ontbrekende-roadmapfeiten"].model
    agreements = {c.item for c in proposal.changes if c.item.startswith("TA-")}
    assert len(agreements) == 43
    fields = {item["id"]: {f["name"] for f in item["fields"]} for item in _diff(new)["items"]}
    for ident in sorted(agreements):
        assert fields[ident] & {"evidence_type", "evidence_basis"}, ident


def test_the_proposals_for_1_1_are_split_by_nature():
    """Four proposals target 1.1: editorial, normative, new (roadmap facts and typed evidence) and governance."""
    project = load_project(REPO)
    kinds = {p.id: p.model.type for p in project.items("proposal") if p.model.target_release == "1.1"}
    assert kinds == {"CP-20261201-redactie-eigen-woorden-en-termen": "redactioneel",
                     "CP-20261201-normniveaus-volgens-de-bronnen": "normatief",
                     "CP-20261201-ontbrekende-roadmapfeiten": "nieuw",
                     "CP-20261201-releasebevoegdheid-governance": "normatief"}
    governance = project.by_kind["proposal"]["CP-20261201-releasebevoegdheid-governance"].model
    assert [c.item for c in governance.changes] == ["governance"]


def test_consulted_proposals_have_answered_example_reactions():
    """Each 1.1 proposal that is consulted has reactions, all answered, from organisations marked as examples."""
    project = load_project(REPO)
    for proposal in project.items("proposal"):
        model = proposal.model
        if model.target_release != "1.1" or model.type == "redactioneel":
            continue
        reactions = model.consultation.reactions
        assert reactions, model.id
        for reaction in reactions:
            assert reaction.organisation.endswith("(voorbeeld)") and reaction.disposition, (model.id, reaction.id)
