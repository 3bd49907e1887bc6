"""The governance and the framework config are decided text too: pinned by their content, L004 when changed.

A decision that lists ``governance`` or the framework config (``mini`` in the integrity
fixture) pins their content like any item's. Before, their pin was always "absent" (the pin
index did not cover them), so a member added to the stuurgroep or ``require_sources``
dropped after the decision passed check and plan, and release cut froze it. Each test works
in a real repository of the integrity fixture, every person committing as themselves.
"""

from __future__ import annotations

from types import SimpleNamespace

from stelsel.load.project import load_project
from stelsel.release.pin import ABSENT, item_digest

from ..release.gitrepo import unpacked_archive
from ._roster_helpers import CONFIG, GOVERNANCE, add_to_stuurgroep
from .conftest import commit_all, findings, git, run
from .test_pinning import assert_cut_refused, at, decide, edit, line_of, plan, propose

PROPOSAL = "changes/CP-0002.md"


def governance_decided(runner, repo, *items: str, release: str = "0.2", day: str = "2026-02-02") -> str:
    """alice proposes CP-0002 listing ``items``; bob decides it with this stelsel. The decision's commit."""
    propose(runner, repo, "CP-0002", *items, release=release)
    commit_all(repo, "CP-0002", who="alice")
    decide(runner, repo, "CP-0002", day)
    return git(repo, "rev-parse", "HEAD").strip()


def legacy_decided(runner, repo) -> str:
    """CP-0002 lists the governance, decided by bob; its pin says 'absent', as an older stelsel recorded it."""
    propose(runner, repo, "CP-0002", "change:governance")
    commit_all(repo, "CP-0002", who="alice")
    run(runner, "decide", "CP-0002", "-C", str(repo), "--as", "bob", "--outcome", "aangenomen", "--date", "2026-02-02")
    run(runner, "move", "CP-0002", "aangenomen", "-C", str(repo), "--as", "bob", "--at", "2026-02-02")
    pinned = load_project(repo).get("CP-0002").model.decision.pinned["governance"]
    edit(repo, PROPOSAL, f"governance: {pinned}", f"governance: {ABSENT}")
    commit_all(repo, "CP-0002: aangenomen", who="bob")
    return git(repo, "rev-parse", "HEAD").strip()


def test_decide_pins_the_content_of_governance_and_config(repo, runner):
    """stelsel decide records the digest of governance.yaml and stelsel.yaml, not 'absent'."""
    governance_decided(runner, repo, "change:governance", "change:mini")
    project = load_project(repo)
    pinned = project.get("CP-0002").model.decision.pinned
    files = {"governance": project.governance_file, "mini": project.config_file}
    assert pinned == {ident: item_digest(SimpleNamespace(file=sf), project.statuses.same_status)
                      for ident, sf in files.items()}
    assert ABSENT not in pinned.values()


def test_member_added_to_the_stuurgroep_after_the_decision_is_l004(repo, runner):
    """dave adds himself to the stuurgroep after CP-0002's decision: L004 at governance.yaml's id line."""
    governance_decided(runner, repo, "change:governance")
    assert at(findings(runner, repo), "L004") == []
    add_to_stuurgroep(repo)
    commit_all(repo, "dave in de stuurgroep", who="dave")
    found = findings(runner, repo)
    assert at(found, "L004") == [(GOVERNANCE, line_of(repo, GOVERNANCE, "id: governance"))]
    message = next(d["message"] for d in found if d["code"] == "L004")
    assert message.startswith("governance changed after proposal CP-0002 was decided on 2026-02-02")
    assert "recorded in its decision" in message


def test_require_sources_dropped_after_the_decision_is_l004(repo, runner):
    """The framework config listed by CP-0002 loses require_sources afterwards: L004 at stelsel.yaml's id line."""
    governance_decided(runner, repo, "change:mini")
    edit(repo, CONFIG, "require_sources: true", "require_sources: false")
    commit_all(repo, "bronnen niet meer verplicht", who="dave")
    assert at(findings(runner, repo), "L004") == [(CONFIG, line_of(repo, CONFIG, "id: mini"))]


def test_working_release_moved_by_the_release_process_is_not_a_change(repo, runner):
    """working_release is the tool's to move (release open, cut): the pinned config still holds its decided text."""
    governance_decided(runner, repo, "change:mini")
    edit(repo, CONFIG, 'working_release: "0.1"', 'working_release: "0.2"')
    commit_all(repo, "werkversie 0.2", who="carol")
    assert at(findings(runner, repo), "L004") == []


def test_plan_blocks_and_cut_refuses_a_governance_change_after_the_decision(repo, runner):
    """With governance changed after CP-0002 (for 0.1) was decided, plan 0.1 blocks on it and cut changes nothing."""
    governance_decided(runner, repo, "change:governance", release="0.1", day="2026-01-06")
    code, clean = plan(runner, repo, "0.1")
    assert code == 0 and clean["blockers"] == []
    add_to_stuurgroep(repo)
    commit_all(repo, "dave in de stuurgroep", who="dave")
    code, blocked = plan(runner, repo, "0.1")
    assert code == 1
    assert [b for b in blocked["blockers"] if b.startswith("decided text changed: governance changed after "
                                                          "proposal CP-0002 was decided on 2026-01-06")] != []
    assert_cut_refused(runner, repo)


def test_an_older_absent_pin_is_not_a_finding_while_the_text_is_as_decided(repo, runner):
    """A decision an older stelsel pinned as 'governance: absent' is no L004 or W020 while governance is unchanged."""
    legacy_decided(runner, repo)
    found = findings(runner, repo)
    assert at(found, "L004") == [] and at(found, "W020") == []


def test_an_older_absent_pin_is_read_from_history(repo, runner):
    """Governance changed after a decision pinned as 'absent' is L004 against the content at the decision's commit."""
    decided = legacy_decided(runner, repo)
    add_to_stuurgroep(repo)
    commit_all(repo, "dave in de stuurgroep", who="dave")
    found = findings(runner, repo)
    assert at(found, "L004") == [(GOVERNANCE, line_of(repo, GOVERNANCE, "id: governance"))]
    assert f"as committed in {decided[:10]}" in next(d["message"] for d in found if d["code"] == "L004")


def test_an_older_absent_pin_without_history_is_one_warning(repo, runner, tmp_path):
    """In a tarball an older 'absent' pin cannot be verified: one W020 naming governance at the decision, no L004."""
    legacy_decided(runner, repo)
    add_to_stuurgroep(repo)
    commit_all(repo, "dave in de stuurgroep", who="dave")
    tarball = unpacked_archive(repo, tmp_path / "tarball")
    found = findings(runner, tarball)
    unverified = [d for d in found if d["code"] == "W020" and "decided text of governance cannot be verified"
                  in d["message"]]
    assert [(d["path"], d["line"]) for d in unverified] == [(PROPOSAL, line_of(tarball, PROPOSAL, "decision:"))]
    assert at(found, "L004") == []
