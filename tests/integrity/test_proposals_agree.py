"""Proposals and changes agree both ways: what the plan blocks, and what history says of decided proposals.

The plan (``stelsel release plan``, exit 1 when blocked; ``release cut`` refuses what it
blocks) blocks on changes left behind by withdrawn or rejected proposals, on proposals
listing items they do not change as they say, and on items in a status that may not be
released. From history: a decided proposal may change only by the tool's release markers
(W011), and may not be deleted (W023).
"""

from __future__ import annotations

import pytest

from .conftest import commit_all, decide_release, findings, git, run, snapshot
from .test_pinning import AGREEMENT, PRINCIPLE, at, decide, edit, line_of, plan, propose

PROPOSAL = "changes/CP-0001.md"


# --- the plan ---------------------------------------------------------------------------------


def _weekend_under_cover(runner, repo, end: str) -> None:
    """CP-0002 edits MA-001 (the weekend); CP-0003 lists MA-001 too and is accepted; then CP-0002 ends."""
    edit(repo, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, ook in het weekend.")
    propose(runner, repo, "CP-0002", "change:MA-001")
    commit_all(repo, "CP-0002: servicedesk in het weekend", who="alice")
    propose(runner, repo, "CP-0003", "change:MA-001")
    commit_all(repo, "CP-0003: servicedesk", who="alice")
    decide(runner, repo, "CP-0003", "2026-02-02")
    if end == "ingetrokken":
        run(runner, "move", "CP-0002", "ingetrokken", "-C", str(repo), "--as", "alice", "--at", "2026-02-03")
        commit_all(repo, "CP-0002 ingetrokken", who="alice")
    else:
        decide(runner, repo, "CP-0002", "2026-02-03", outcome="afgewezen")


@pytest.mark.parametrize("end", ["ingetrokken", "afgewezen"])
def test_an_ended_proposals_edit_under_anothers_cover_blocks_the_plan(released, runner, end):
    """A withdrawn or rejected proposal's edit left in the tree, listed by a proposal decided before, blocks 0.2."""
    _weekend_under_cover(runner, released, end)
    decide_release(released, "0.2", "2026-02-10")  # so that only what the test is about blocks
    code, found = plan(runner, released, "0.2")
    assert code == 1
    assert found["blockers"] == [
        f"MA-001 differs from 0.1 and was listed by CP-0002, which is '{end}' since 2026-02-03; no approved "
        f"proposal for 0.2 decided after that carries it: revert the change, or carry it in a new proposal"]


def test_a_decision_after_the_withdrawal_carries_the_change(released, runner):
    """The same edit, accepted by the stuurgroep after the withdrawal, is the accepted proposal's: nothing blocks."""
    edit(released, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, ook in het weekend.")
    propose(runner, released, "CP-0002", "change:MA-001")
    propose(runner, released, "CP-0003", "change:MA-001")
    commit_all(released, "CP-0002 en CP-0003", who="alice")
    run(runner, "move", "CP-0002", "ingetrokken", "-C", str(released), "--as", "alice", "--at", "2026-02-01")
    commit_all(released, "CP-0002 ingetrokken", who="alice")
    decide(runner, released, "CP-0003", "2026-02-02")
    decide_release(released, "0.2", "2026-02-10")  # so that only what the test is about blocks
    code, found = plan(runner, released, "0.2")
    assert (code, found["blockers"]) == (0, [])


def _hand_written(repo, ident: str, action: str) -> None:
    path = repo / f"changes/{ident}.md"
    path.write_text(path.read_text().replace("action: change", f"action: {action}"))


@pytest.mark.parametrize("action, item, edited, blocker", [
    ("change", "MP-01", False, "proposal CP-0002 lists MP-01, but MP-01 did not change since 0.1"),
    ("add", "MP-01", False, "proposal CP-0002 lists MP-01, but MP-01 did not change since 0.1"),
    ("add", "MP-01", True, "proposal CP-0002 adds MP-01, but MP-01 already exists in 0.1 (it was changed): "
                           "list it as change:MP-01"),
    ("withdraw", "MP-01", True, "proposal CP-0002 withdraws MP-01, but MP-01 was changed, not withdrawn, since 0.1: "
                                "set 'status: vervallen' or list it as change:MP-01"),
])
def test_a_proposal_claiming_a_change_that_did_not_happen_blocks_the_plan(released, runner, action, item, edited,
                                                                           blocker):
    """A decided proposal listing an item it does not change (as it says) against 0.1 blocks the plan."""
    if edited:
        edit(released, PRINCIPLE, "Het netwerk is vertrouwd.", "Het netwerk is goed beveiligd.")
    propose(runner, released, "CP-0002", f"change:{item}")
    _hand_written(released, "CP-0002", action)  # propose refuses add: of a released item; by hand it is written
    commit_all(released, "CP-0002", who="alice")
    decide(runner, released, "CP-0002", "2026-02-02")
    decide_release(released, "0.2", "2026-02-10")  # so that only what the test is about blocks
    code, found = plan(runner, released, "0.2")
    assert code == 1 and found["blockers"] == [blocker]


NEW_AGREEMENT = """kind: agreement
id: MA-002
title: Bereikbaarheid
status: concept
statement: De zorgaanbieder MOET buiten kantoortijden bereikbaar zijn.
level: MOET
layers: [organisatie]
applies_to: [zorgaanbieder]
derived_from: [MP-01]
since: "0.1"
sources: [S1]
"""


def test_a_concept_agreement_blocks_the_plan_and_the_cut(repo, runner):
    """A new MOET agreement still 'concept' blocks plan 0.1, and cut refuses it and changes nothing."""
    (repo / "afsprakenstelsel/afspraken/MA-002.yaml").write_text(NEW_AGREEMENT)
    propose(runner, repo, "CP-0002", "add:MA-002", release="0.1")
    commit_all(repo, "CP-0002: MA-002", who="alice")
    decide(runner, repo, "CP-0002", "2026-01-06")
    code, found = plan(runner, repo, "0.1")
    assert code == 1 and found["blockers"] == [
        "agreement MA-002 (afsprakenstelsel/afspraken/MA-002.yaml) is 'concept', which may not be released "
        "(releasable: gereed, vastgesteld, vervallen, or concept with basis: not_described for a placeholder that "
        "is not an agreement): finish it (status: gereed) or take it out"]
    before, head = snapshot(repo), git(repo, "rev-parse", "HEAD")
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12", code=None)
    assert result.exit_code != 0 and "MA-002" in result.output and "concept" in result.output
    assert snapshot(repo) == before and git(repo, "rev-parse", "HEAD") == head
    edit(repo, "afsprakenstelsel/afspraken/MA-002.yaml", "status: concept", "status: gereed")
    commit_all(repo, "MA-002 gereed", who="alice")
    assert plan(runner, repo, "0.1")[1]["blockers"][0].startswith("decided text changed: MA-002 changed after")


PLACEHOLDER = """kind: principle
id: MP-02
title: Tweede principe (nog niet beschreven)
number: 2
status: concept
basis: not_described
basis_note: De bronnen noemen dit principe, maar geven de tekst niet.
since: "0.1"
sources: [S1]
"""


def test_a_declared_placeholder_may_be_released_but_not_as_an_agreement(repo, runner):
    """A concept principle with basis not_described does not block plan 0.1; the same placeholder as an agreement does."""
    (repo / "afsprakenstelsel/principes/MP-02.yaml").write_text(PLACEHOLDER)
    propose(runner, repo, "CP-0002", "add:MP-02", release="0.1")
    commit_all(repo, "CP-0002: MP-02", who="alice")
    decide(runner, repo, "CP-0002", "2026-01-06")
    code, found = plan(runner, repo, "0.1")
    assert code == 0 and found["blockers"] == []
    agreement = NEW_AGREEMENT.replace("status: concept", "status: concept\nbasis: not_described")
    (repo / "afsprakenstelsel/afspraken/MA-002.yaml").write_text(agreement)
    code, found = plan(runner, repo, "0.1")
    assert code == 1 and any(b.startswith("agreement MA-002 (afsprakenstelsel/afspraken/MA-002.yaml) is 'concept'")
                             for b in found["blockers"])


# --- decided proposals from history ---------------------------------------------------------------


def test_editing_a_decided_proposals_motivation_or_text_is_w011(repo, runner):
    """dave rewords CP-0001's motivation and its text: W011 at each, naming his commit; reverting clears it."""
    original = (repo / PROPOSAL).read_text()
    edit(repo, PROPOSAL, "motivation: Zodat de juiste", "motivation: Omdat de juiste")
    edit(repo, PROPOSAL, "Eerste inhoud.", "Eerste inhoud, herschreven.")
    commit_all(repo, "CP-0001 verduidelijkt", who="dave")
    found = findings(runner, repo)
    assert sorted(at(found, "W011")) == [(PROPOSAL, line_of(repo, PROPOSAL, "motivation:")),
                                         (PROPOSAL, line_of(repo, PROPOSAL, "Eerste inhoud"))]
    messages = [d["message"] for d in found if d["code"] == "W011"]
    assert all("by Dave <dave@example.org>" in m for m in messages)
    assert any("its motivation was edited" in m for m in messages) and any("its text (the body)" in m for m in messages)
    (repo / PROPOSAL).write_text(original)
    commit_all(repo, "CP-0001 hersteld", who="carol")
    assert at(findings(runner, repo), "W011") == []


def test_the_release_markers_may_change_but_not_the_history_before_the_decision(released, runner):
    """The cut's status, released_in and appended history are no edit; rewriting the decision-time history is W011."""
    assert at(findings(runner, released), "W011") == []
    edit(released, PROPOSAL, "reason: besloten in de stuurgroep", "reason: besloten door bob alleen")
    commit_all(released, "geschiedenis herschreven", who="dave")
    assert at(findings(runner, released), "W011") == [(PROPOSAL, line_of(released, PROPOSAL, "- at: 2026-01-05"))]


def test_deleting_a_decided_proposal_is_w023(repo, runner):
    """dave deletes CP-0001 (it recorded a decision): W023 at changes/CP-0001.md naming the last commit that had it."""
    first = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "rm", "-q", PROPOSAL, who="dave")
    commit_all(repo, "CP-0001 opgeruimd", who="dave")
    found = findings(runner, repo)
    assert at(found, "W023") == [(PROPOSAL, 0)]
    message = next(d for d in found if d["code"] == "W023")
    assert f"commit {first[:10]}" in message["message"] and f"git checkout {first[:10]} -- {PROPOSAL}" in message["hint"]


def test_a_moved_decided_proposal_is_not_deleted(repo, runner):
    """A rename (committed, or only in the working tree) keeps the proposal: no W023."""
    (repo / "changes/archief").mkdir()
    (repo / PROPOSAL).rename(repo / "changes/archief/CP-0001.md")
    assert at(findings(runner, repo), "W023") == []
    commit_all(repo, "CP-0001 gearchiveerd", who="carol")
    assert at(findings(runner, repo), "W023") == []


def test_a_decided_proposal_replaced_by_another_text_under_its_id_is_w023(repo, runner):
    """Deleting CP-0001 and writing a new file with its ID and another text is no move: W023 in check and --since."""
    git(repo, "checkout", "-q", "-b", "dave/vervanging", who="dave")
    (repo / PROPOSAL).unlink()
    propose(runner, repo, "CP-0001-tijdelijk", "change:MP-01")
    stub = (repo / "changes/CP-0001-tijdelijk.md").read_text().replace("CP-0001-tijdelijk", "CP-0001")
    (repo / "changes/CP-0001-tijdelijk.md").unlink()
    (repo / "changes/CP-0001-nieuw.md").write_text(stub)  # another text (not a rename for git), the same ID
    commit_all(repo, "CP-0001 vervangen", who="dave")
    assert at(findings(runner, repo), "W023") == [(PROPOSAL, 0)]
    from stelsel.workflow.since import since_findings

    assert [(d.path, d.line) for d in since_findings(repo, "main") if d.code == "W023"] == [(PROPOSAL, 0)]


def test_an_ended_proposals_list_edited_afterwards_still_counts(released, runner):
    """Removing MA-001 from the withdrawn CP-0002's changes afterwards hides nothing: history shows it listed it."""
    _weekend_under_cover(runner, released, "ingetrokken")
    path = released / "changes/CP-0002.md"
    path.write_text(path.read_text().replace("item: MA-001", "item: MP-01"))
    commit_all(released, "CP-0002 opgeschoond", who="dave")
    decide_release(released, "0.2", "2026-02-10")  # so that only what the test is about blocks
    code, found = plan(runner, released, "0.2")
    assert code == 1 and any(b.startswith("MA-001 differs from 0.1 and was listed by CP-0002") for b in found["blockers"])
