"""Governance is governed: a change to governance.yaml or stelsel.yaml is carried by a decided
proposal (W027), and acts in the same change are judged against the roster at the merge base (W026)."""

from __future__ import annotations

from .conftest import commit_all, findings, git, run, snapshot
from ._roster_helpers import CONFIG, GOVERNANCE, add_to_stuurgroep, at, line_of, write_decided


def base_of(repo) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def test_self_appointed_decider_is_w015_and_w027(repo, runner):
    """dave adds himself to the stuurgroep (backdated start), commits, then decides: W015 (plain), W027 and W026 (--since)."""
    base = base_of(repo)
    add_to_stuurgroep(repo)
    commit_all(repo, "Roster", who="dave")
    rel = write_decided(repo, "CP-0002", "dave", ["MA-001"])
    commit_all(repo, "CP-0002 decided", who="dave")
    plain = findings(runner, repo)  # the roster change was decided by nobody: the roster before it is in force
    assert at(plain, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
    found = findings(runner, repo, "--since", base)
    assert at(found, "W027") == {(GOVERNANCE, line_of(repo, GOVERNANCE, "id: governance"))}
    # one finding per fault: the acts are W015 and W008 already (not W026 too); the change is W027, not W021
    assert at(found, "W015") == {(rel, line_of(repo, rel, "by: dave", after="decision:"))}
    assert at(found, "W008") == {(rel, line_of(repo, rel, "by: dave", after="history:"))}
    assert at(found, "W026") == set() and at(found, "W021") == set()


def test_legitimate_roster_change_passes_then_the_member_may_act(repo, runner):
    """Adding dave through a proposal decided by bob passes check --since; dave's decision in a later change passes too."""
    base = base_of(repo)
    add_to_stuurgroep(repo, start="2026-02-03")
    write_decided(repo, "CP-0002", "bob", ["governance"])
    commit_all(repo, "Governance: dave joins the stuurgroep (CP-0002)", who="bob")
    found = findings(runner, repo, "--since", base)
    assert not {"W026", "W027", "W010", "W021"} & {d["code"] for d in found}, found
    merged = base_of(repo)
    rel = write_decided(repo, "CP-0003", "dave", ["MA-001"], day="2026-02-04")
    commit_all(repo, "CP-0003 decided", who="dave")
    found = findings(runner, repo, "--since", merged)
    assert not {"W008", "W015", "W026", "W027"} & {d["code"] for d in found}, found
    assert not {"W008", "W015"} & {d["code"] for d in findings(runner, repo)}


def test_new_member_acting_before_the_decision_lands_is_w026(repo, runner):
    """The roster change is decided, but dave decides in the same change range: W026 at his decision and move."""
    base = base_of(repo)
    add_to_stuurgroep(repo, start="2026-02-03")
    write_decided(repo, "CP-0002", "bob", ["governance"])
    commit_all(repo, "Governance: dave joins the stuurgroep (CP-0002)", who="bob")
    rel = write_decided(repo, "CP-0003", "dave", ["MA-001"], day="2026-02-04")
    commit_all(repo, "CP-0003 decided", who="dave")
    found = findings(runner, repo, "--since", base)
    assert at(found, "W026") == {(rel, line_of(repo, rel, "by: dave", after="decision:")),
                                 (rel, line_of(repo, rel, "by: dave", after="history:"))}
    assert at(found, "W027") == set()


def test_an_open_proposal_does_not_carry_a_governance_change(repo, runner):
    """A proposal listing governance that is still open carries nothing: W027 at the governance id."""
    base = base_of(repo)
    add_to_stuurgroep(repo)
    write_decided(repo, "CP-0002", "bob", ["governance"], status="concept")
    commit_all(repo, "Governance proposal, not decided", who="alice")
    found = findings(runner, repo, "--since", base)
    assert at(found, "W027") == {(GOVERNANCE, line_of(repo, GOVERNANCE, "id: governance"))}
    assert at(found, "W010") == set()


def test_framework_config_change_needs_a_decided_proposal(repo, runner):
    """A change to stelsel.yaml (its title) without a decided proposal is W027 at its id line; listing 'mini' carries it."""
    base = base_of(repo)
    path = repo / CONFIG
    path.write_text(path.read_text().replace("title: Mini-afsprakenstelsel", "title: Het mini-afsprakenstelsel"))
    commit_all(repo, "Config title", who="carol")
    found = findings(runner, repo, "--since", base)
    assert at(found, "W027") == {(CONFIG, line_of(repo, CONFIG, "id: mini"))}
    write_decided(repo, "CP-0002", "bob", ["mini"])
    commit_all(repo, "CP-0002 carries the config change", who="bob")
    assert at(findings(runner, repo, "--since", base), "W027") == set()


def test_working_release_only_is_no_governance_change(repo, runner):
    """Moving working_release alone (what release open does) is no W027."""
    base = base_of(repo)
    path = repo / CONFIG
    path.write_text(path.read_text().replace('working_release: "0.1"', 'working_release: "0.2"'))
    commit_all(repo, "Working release 0.2", who="carol")
    assert at(findings(runner, repo, "--since", base), "W027") == set()


def test_propose_accepts_the_governance_as_an_item(repo, runner):
    """stelsel propose --item change:governance writes a proposal listing it, and W010 does not report it."""
    result = run(runner, "propose", "-C", str(repo), "--title", "Dave in de stuurgroep", "--item", "change:governance",
                 "--item", "change:mini", "--author", "alice", "--release", "0.1")
    rel = next(p for p in (repo / "changes").glob("*.md") if p.name != "CP-0001.md")
    text = rel.read_text()
    assert "item: governance" in text and "item: mini" in text, result.output
    assert at(findings(runner, repo), "W010") == set()


def test_propose_still_refuses_an_unknown_item(repo, runner):
    """propose --item change:nothing is refused (exit 2) and nothing changes."""
    before = snapshot(repo)
    run(runner, "propose", "-C", str(repo), "--title", "Niets", "--item", "change:nothing", "--author", "alice",
        "--release", "0.1", code=2)
    assert snapshot(repo) == before


def test_release_plan_takes_a_proposal_that_changed_the_governance(repo, runner):
    """An approved proposal listing governance, with governance.yaml changed, blocks nothing; cut freezes it."""
    add_to_stuurgroep(repo, start="2026-02-03")
    write_decided(repo, "CP-0002", "bob", ["governance"])
    commit_all(repo, "Governance: dave joins the stuurgroep (CP-0002)", who="bob")
    result = run(runner, "release", "plan", "0.1", "-C", str(repo))
    assert "Nothing blocks this release" in result.output, result.output
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-02-05")
    assert "person: dave" in (repo / "releases/0.1" / GOVERNANCE).read_text()


def test_a_publication_in_the_range_of_the_roster_change_that_entitles_it_is_w026(released, runner):
    """CP-0002 (decided by bob) makes dave beheer's voorzitter; dave publishes 0.1 in the same range: W026 at published.by."""
    base = base_of(released)
    path = released / GOVERNANCE
    old = "      - person: carol\n        function: voorzitter\n"
    path.write_text(path.read_text().replace(old, old + "      - person: dave\n        function: voorzitter\n"
                                                          "        start: 2026-01-01\n"))
    write_decided(released, "CP-0002", "bob", ["governance"])
    commit_all(released, "Governance: dave joins beheer as voorzitter (CP-0002)", who="bob")
    run(runner, "release", "publish", "0.1", "--as", "dave", "-C", str(released))
    register = "afsprakenstelsel/releases/0.1.yaml"
    assert at(findings(runner, released), "L010") == set()  # the roster in force at his commit lists him
    found = findings(runner, released, "--since", base)
    assert at(found, "W026") == {(register, line_of(released, register, "by: dave", after="published:"))}, found
    assert "the publication of 0.1 by dave" in next(d["message"] for d in found if d["code"] == "W026")
