"""The roster as it was: moves, reviews, decisions and release acts are judged against the
governance as committed in the parent of the commit that recorded them, not today's file."""

from __future__ import annotations

import pytest

from .conftest import commit_all, findings, git, run
from ._roster_helpers import GOVERNANCE, add_to_stuurgroep, at, end_membership_before_cut, line_of, write_decided

MANIFEST = "releases/0.1/manifest.json"


def test_roster_change_and_decision_in_one_commit_is_w015_and_w008(repo, runner):
    """dave adds himself to the stuurgroep and decides in the same commit: W015 at decision.by, W008 at the move's by."""
    add_to_stuurgroep(repo)
    rel = write_decided(repo, "CP-0002", "dave", ["MA-001"])
    commit_all(repo, "Roster and decision", who="dave")
    found = findings(runner, repo)
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
    assert at(found, "W008") == {(rel, line_of(repo, rel, "by: dave", after="history:"))}
    assert "dave was not a member of stuurgroep" in next(d["message"] for d in found if d["code"] == "W015")


def test_uncommitted_acts_are_judged_against_the_working_tree(repo, runner):
    """Not committed yet, dave's roster entry and decision are judged against the working tree: no W015."""
    add_to_stuurgroep(repo)
    write_decided(repo, "CP-0002", "dave", ["MA-001"])
    assert at(findings(runner, repo), "W015") == set()


def test_a_later_roster_edit_does_not_undo_a_past_decision(repo, runner):
    """bob decided CP-0001 while a member; removing him from the stuurgroep later leaves that decision valid."""
    path = repo / GOVERNANCE
    path.write_text(path.read_text().replace("      - person: bob\n        function: voorzitter\n",
                                             "      - person: bob\n        function: voorzitter\n"
                                             "        end: 2025-12-31\n"))
    commit_all(repo, "bob's membership ended (recorded late)", who="carol")
    found = findings(runner, repo)
    assert at(found, "W015") == set() and at(found, "W008") == set()


def test_a_later_roster_edit_does_not_launder_a_past_decision(repo, runner):
    """dave's decision committed before he was on the roster stays W015 after he is added with a backdated start."""
    rel = write_decided(repo, "CP-0002", "dave", ["MA-001"])
    commit_all(repo, "CP-0002 decided", who="dave")
    add_to_stuurgroep(repo, start="2020-01-01")
    commit_all(repo, "Roster", who="dave")
    found = findings(runner, repo)
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
    assert at(found, "W008") == {(rel, line_of(repo, rel, "by: dave", after="history:"))}


def test_the_adopted_roster_with_historical_starts_stays_valid(repo, runner):
    """The first commit holds the roster and CP-0001 (decided by bob) together: its acts are judged by that roster."""
    found = findings(runner, repo)
    assert not {"W008", "W014", "W015", "L010"} & {d["code"] for d in found}, found


def test_cut_committed_after_the_committed_roster_ended_the_cutter_is_l010(repo, runner):
    """carol's membership end (2026-06-01) committed before her cut commit, dropped since: L010 at the cut_by line."""
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
    cut = git(repo, "rev-parse", "HEAD").strip()
    end_membership_before_cut(repo, cut, git, commit_all)
    path = repo / GOVERNANCE
    # today's roster no longer ends her membership: only the roster as it was finds the fault
    path.write_text(path.read_text().replace("        end: 2026-06-01\n", ""))
    commit_all(repo, "carol's membership restored", who="carol")
    found = findings(runner, repo)
    assert at(found, "L010") == {(MANIFEST, line_of(repo, MANIFEST, '"cut_by"'))}
    assert "not entitled" in next(d["message"] for d in found if d["code"] == "L010")


def test_an_undecided_roster_change_authorises_nobody(repo, runner):
    """dave adds himself in one commit (no proposal) and decides in the next: W015 and W008 from the plain check."""
    add_to_stuurgroep(repo)
    commit_all(repo, "Roster", who="dave")
    rel = write_decided(repo, "CP-0002", "dave", ["MA-001"])
    commit_all(repo, "CP-0002 decided", who="dave")
    found = findings(runner, repo)
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
    assert at(found, "W008") == {(rel, line_of(repo, rel, "by: dave", after="history:"))}


def test_a_decided_roster_change_is_in_force_for_later_commits(repo, runner):
    """The roster change and the decided proposal listing governance in one commit: dave's later decision is valid."""
    add_to_stuurgroep(repo, start="2026-02-03")
    write_decided(repo, "CP-0002", "bob", ["governance"])
    commit_all(repo, "Governance: dave joins the stuurgroep (CP-0002)", who="bob")
    write_decided(repo, "CP-0003", "dave", ["MA-001"], day="2026-02-04")
    commit_all(repo, "CP-0003 decided", who="dave")
    found = findings(runner, repo)
    assert at(found, "W015") == set() and at(found, "W008") == set()


def test_an_unreadable_committed_roster_falls_back_to_the_one_in_force_before(repo, runner):
    """dave adds himself in a governance.yaml that cannot be parsed, decides next, then repairs it: W015, not today's file."""
    add_to_stuurgroep(repo)
    path = repo / GOVERNANCE
    path.write_text(path.read_text() + "bodies: [\n")  # a broken YAML file: no roster at all
    commit_all(repo, "Roster (broken)", who="dave")
    rel = write_decided(repo, "CP-0002", "dave", ["MA-001"])
    commit_all(repo, "CP-0002 decided", who="dave")
    path.write_text(path.read_text().replace("bodies: [\n", ""))
    commit_all(repo, "Roster repaired", who="dave")
    found = findings(runner, repo)
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}


def test_an_act_in_a_merge_cannot_rely_on_a_roster_change_of_one_side(repo, runner):
    """A branch adds dave to the stuurgroep (decided by bob); his decision made in the merge joining it with a line without him is W015."""
    base = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "roster", who="bob")
    add_to_stuurgroep(repo)
    write_decided(repo, "CP-0002", "bob", ["governance"])
    commit_all(repo, "CP-0002: dave joins the stuurgroep", who="bob")
    git(repo, "checkout", "-q", "-b", "work", base, who="dave")
    (repo / "notes.txt").write_text("werk\n")
    commit_all(repo, "other work", who="dave")
    git(repo, "checkout", "-q", "roster", who="dave")  # the first parent carries the roster change
    git(repo, "merge", "-q", "--no-commit", "--no-ff", "work", who="dave")
    rel = write_decided(repo, "CP-0003", "dave", ["MA-001"])
    git(repo, "add", "-A", who="dave")
    git(repo, "commit", "-q", "-m", "Merge roster; CP-0003 decided", who="dave")
    found = findings(runner, repo)
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
    # the same decision in a commit after the merge is judged by the merged roster: valid
    git(repo, "rm", "-q", rel, who="dave")
    commit_all(repo, "CP-0003 withdrawn from the merge", who="dave")
    write_decided(repo, "CP-0004", "dave", ["MA-001"])
    commit_all(repo, "CP-0004 decided", who="dave")
    assert at(findings(runner, repo), "W015") == set()


def test_the_commands_judge_by_the_roster_in_force(repo, runner):
    """dave adds himself to the stuurgroep without committing: 'stelsel decide --as dave' is refused, saying why."""
    from .conftest import snapshot

    write_decided(repo, "CP-0002", "bob", ["MA-001"], status="concept")
    commit_all(repo, "CP-0002", who="alice")
    add_to_stuurgroep(repo)
    before = snapshot(repo)
    result = run(runner, "decide", "CP-0002", "--outcome", "aangenomen", "--as", "dave", "-C", str(repo), code=1)
    assert "dave is not a member of a deciding body" in result.output
    assert "judged by the roster in force" in result.output
    assert snapshot(repo) == before


@pytest.mark.parametrize("decider, own_code", [("dave", "W015"), ("bob", "W018")], ids=["self-decided", "forged"])
def test_a_roster_change_decided_without_authority_authorises_nobody(repo, runner, decider, own_code):
    """dave adds himself with a roster decision by himself (W015 there) or in bob's name (W018 there); his next decision is W015."""
    add_to_stuurgroep(repo)
    own = write_decided(repo, "CP-0002", decider, ["governance"])
    commit_all(repo, "Roster (CP-0002)", who="dave")
    rel = write_decided(repo, "CP-0003", "dave", ["MA-001"])
    commit_all(repo, "CP-0003 decided", who="dave")
    found = findings(runner, repo)
    place = line_of(repo, own, f"by: {decider}", after="decision:") if own_code == "W015" else \
        line_of(repo, own, "body: stuurgroep", after="decision:")
    assert (own, place) in at(found, own_code)
    assert (rel, line_of(repo, rel, "by: dave", after="decision:")) in at(found, "W015")
    assert not {p for p in at(found, "W015") if p[0] == rel} - {(rel, line_of(repo, rel, "by: dave", after="decision:"))}


def test_a_roster_change_committed_by_someone_else_in_the_deciders_name_authorises_nobody(repo, runner):
    """dave commits a roster change with bob's decision and --author bob (W024 there): dave's next decision is W015."""
    add_to_stuurgroep(repo)
    forged = write_decided(repo, "CP-0002", "bob", ["governance"])
    git(repo, "add", "-A", who="dave")
    git(repo, "commit", "-q", "-m", "Roster (CP-0002)", "--author", "Bob <bob@example.org>", who="dave")
    rel = write_decided(repo, "CP-0003", "dave", ["MA-001"])
    commit_all(repo, "CP-0003 decided", who="dave")
    found = findings(runner, repo)
    assert (forged, line_of(repo, forged, "body: stuurgroep", after="decision:")) in at(found, "W024")
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
