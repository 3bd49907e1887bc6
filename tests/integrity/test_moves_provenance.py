"""History moves are acts too: each history entry is attributed to the commit that added it (W018, W020, W024)."""

from __future__ import annotations

from pathlib import Path

from ..release.gitrepo import PEOPLE
from .conftest import commit_all, findings, git

CP = "changes/CP-0001.md"
WITHDRAWAL = "  - at: 2026-01-06\n    by: {who}\n    from: aangenomen\n    to: ingetrokken\n    reason: {reason}\n"


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def withdraw(repo: Path, who: str, reason: str = "ingetrokken") -> int:
    """Append a withdrawal by ``who`` to CP-0001's history; the line of its ``by``."""
    path = repo / CP
    text = path.read_text().replace("status: aangenomen", "status: ingetrokken")
    path.write_text(text.replace("---\nEerste", WITHDRAWAL.format(who=who, reason=reason) + "---\nEerste"))
    lines = path.read_text().splitlines()
    return lines.index("  - at: 2026-01-06") + 2


def test_a_move_committed_by_someone_else_in_the_movers_name_is_w018(repo, runner):
    """dave withdraws CP-0001 in bob's name in a commit of his own: W018 at that history entry."""
    line = withdraw(repo, "bob")
    commit_all(repo, "CP-0001 ingetrokken", who="dave")
    found = findings(runner, repo)
    assert at(found, "W018") == {(CP, line)}
    message = next(d["message"] for d in found if d["code"] == "W018")
    assert "the move aangenomen -> ingetrokken by bob" in message and "dave@example.org" in message


def test_a_move_committed_by_its_mover_is_not_reported(repo, runner):
    """bob withdraws in his own commit: no provenance finding on the history."""
    withdraw(repo, "bob")
    commit_all(repo, "CP-0001 ingetrokken", who="bob")
    found = findings(runner, repo)
    assert {(d["code"], d["path"]) for d in found if d["code"] in ("W018", "W020", "W024")} == set()


def test_a_move_with_author_set_but_another_committer_is_w024(repo, runner):
    """dave commits bob's withdrawal with bob as author (git commit --author): W024 at the entry, not W018."""
    line = withdraw(repo, "bob")
    name, email = PEOPLE["dave"]
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "CP-0001 ingetrokken", who="bob",
        env={"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email})
    found = findings(runner, repo)
    assert at(found, "W024") == {(CP, line)}
    assert at(found, "W018") == set()


def test_a_move_edited_by_someone_else_is_theirs(repo, runner):
    """bob's withdrawal, its reason later rewritten by dave: the entry is now dave's (W018 at it)."""
    line = withdraw(repo, "bob")
    commit_all(repo, "CP-0001 ingetrokken", who="bob")
    path = repo / CP
    path.write_text(path.read_text().replace("    reason: ingetrokken\n", "    reason: op verzoek van de stuurgroep\n"))
    commit_all(repo, "reden", who="dave")
    assert at(findings(runner, repo), "W018") == {(CP, line)}


def test_an_uncommitted_move_is_unverified(repo, runner):
    """A withdrawal not yet committed cannot be attributed: W020 at the entry."""
    line = withdraw(repo, "bob")
    found = findings(runner, repo)
    assert at(found, "W020") == {(CP, line)}
    assert "not committed yet" in next(d["message"] for d in found if d["code"] == "W020")
