"""The shipped release history 0.8 -> 0.9 -> 1.0: frozen, traced, and honest about its decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from stelsel.load.project import load_project
from stelsel.release.changelog import CHANGELOG, build_changelog
from stelsel.release.diff import diff_projects
from stelsel.release.store import frozen_versions

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def releases():
    return {v: load_project(REPO / "releases" / v) for v in frozen_versions(REPO)}


def carried(project) -> set[str]:
    return {change.item for proposal in project.items("proposal") for change in proposal.model.changes}


def test_three_releases_are_frozen(releases):
    """0.8, 0.9 and 1.0 are frozen in releases/, each with the proposals it included."""
    assert list(releases) == ["0.8", "0.9", "1.0"]
    for version, project in releases.items():
        proposals = list(project.items("proposal"))
        assert proposals, version
        assert all(p.model.status == "opgenomen" and p.model.released_in == version for p in proposals)


@pytest.mark.parametrize("old,new", [("0.8", "0.9"), ("0.9", "1.0")])
def test_diff_is_exactly_what_the_proposals_carry(releases, old, new):
    """stelsel diff OLD NEW lists exactly the items the NEW release's proposals carry, and nothing else."""
    diff = diff_projects(releases[old], releases[new], old, new)
    assert diff.ids() == carried(releases[new])


def test_changelog_is_current_and_links_every_proposal_and_decision(releases):
    """CHANGELOG.md equals what the engine computes, has a section per release, and links each proposal."""
    text, problems = build_changelog(REPO)
    assert problems == []
    assert (REPO / CHANGELOG).read_text(encoding="utf-8") == text
    for version, project in releases.items():
        assert f"\n## {version} " in text
        for proposal in project.items("proposal"):
            assert f"[{proposal.id}](releases/{version}/changes/{proposal.id}.md)" in text
    assert text.count("\n  Besluit: Twiin stuurgroep, ") == sum(len(list(p.items("proposal"))) for p in releases.values())


def test_every_decision_says_it_is_an_example(releases):
    """The sources contain no decisions: every recorded decision is marked as an example, and says so."""
    for version, project in releases.items():
        register = project.by_kind["release"][version].model
        assert register.decision.example, version
        for proposal in project.items("proposal"):
            assert proposal.model.decision.example, proposal.id
            assert "(voorbeeld)" in proposal.model.decision.minutes


def test_decided_intentions_point_at_their_decision():
    """In the working tree VZVZ and Supportal are no longer 'intended' but chosen, by an example decision."""
    project = load_project(REPO)
    role = project.by_kind["role"]["twiin-beheerorganisatie"].model
    portal = project.by_kind["facility"]["landelijk-portaal"].model
    for actor in (role.performed_by[0], portal.provided_by[0]):
        assert actor.basis == "assumption"
        assert "voorbeeldbesluit" in actor.note and "CP-20210614-inrichting-landelijke-ketenregie" in actor.note
    assert project.by_kind["agreement"]["TA-050"].model.status == "withdrawn"
    assert project.by_kind["agreement"]["TA-063"].model.replaces == ["TA-050"]
