"""W026 for answers: an answer to a reaction added in a change range that also changes the roster
is judged against the roster at the merge base."""

from __future__ import annotations

from .conftest import commit_all, findings, git
from ._roster_helpers import GOVERNANCE, at, line_of, write_decided
from .test_consult import act, consulting, ident, open_consultation


def _dave_joins_the_working_group(repo) -> None:
    """dave becomes a member of wg-test from 2026-02-01, carried by CP-0002 (decided by bob), committed by bob."""
    path = repo / GOVERNANCE
    old = "      - person: alice\n        function: voorzitter\n"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, old + "      - person: dave\n        start: 2026-02-01\n", 1))
    write_decided(repo, "CP-0002", "bob", ["governance"])
    commit_all(repo, "Governance: dave joins wg-test (CP-0002)", who="bob")


def test_an_answer_in_the_same_range_as_the_roster_change_is_w026(tmp_path, runner):
    """dave answers a reaction in the range that makes him a working-group member: W026 at responded_by, not W029."""
    repo = consulting(tmp_path)
    rel = open_consultation(runner, repo, "Reageren mag")
    act(runner, repo, None, "consult", "react", ident(rel), "--by", "Petra Smit", "--organisation", "Ziekenhuis P",
        "--item", "MA-001", "--date", "2026-02-15", "--text", "Graag een termijn.")
    base = git(repo, "rev-parse", "HEAD").strip()
    _dave_joins_the_working_group(repo)
    act(runner, repo, "dave", "consult", "respond", ident(rel), "R1", "--disposition", "overgenomen",
        "--motivation", "Besproken in de werkgroep.", "--date", "2026-02-20")
    found = findings(runner, repo, "--since", base)
    assert at(found, "W026") == {(rel, line_of(repo, rel, "responded_by: dave"))}
    assert at(found, "W029") == set()
    merged = git(repo, "rev-parse", "HEAD~1").strip()  # once the roster change has landed on its own
    assert at(findings(runner, repo, "--since", merged), "W026") == set()
