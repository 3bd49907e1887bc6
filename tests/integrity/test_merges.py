"""Acts and merge commits: an act in a merge result but in neither parent is the merge's own act."""

from __future__ import annotations

from pathlib import Path

from ..release.gitrepo import git
from .conftest import commit_all, findings

REGISTER = "afsprakenstelsel/releases/0.2.yaml"
DECISION = "decision:\n  body: stuurgroep\n  by: bob\n  date: 2026-02-01\n  reference: besluitenlijst 2026-02\n"
AGREEMENT = "afsprakenstelsel/afspraken/MA-001.yaml"


def line_of(repo: Path, rel: str, text: str) -> int:
    return next(n for n, line in enumerate((repo / rel).read_text().splitlines(), 1) if text in line)


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def side_branch(repo: Path, who: str, edit) -> None:
    """A branch 'side' with one commit by ``who`` (``edit`` changes the tree); back on main afterwards."""
    git(repo, "checkout", "-q", "-b", "side", who=who)
    edit(repo)
    commit_all(repo, "side work", who=who)
    git(repo, "checkout", "-q", "main", who=who)


def retitle_agreement(repo: Path) -> None:
    path = repo / AGREEMENT
    path.write_text(path.read_text() + "# side note\n")


def add_decision(repo: Path) -> None:
    path = repo / REGISTER
    path.write_text(path.read_text() + DECISION)


def test_a_decision_added_in_a_merge_commit_is_the_merges_act(repo, runner):
    """dave merges a side branch (--no-ff) and adds bob's release decision in the merge itself: W018 naming the merge, not W020."""
    side_branch(repo, "alice", retitle_agreement)
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "side", who="dave")
    add_decision(repo)
    git(repo, "add", "-A", who="dave")
    git(repo, "commit", "-q", "-m", "Merge side", who="dave")
    merge = git(repo, "rev-parse", "HEAD", who="dave").strip()
    assert len(git(repo, "log", "-1", "--format=%P", who="dave").split()) == 2
    found = findings(runner, repo)
    assert at(found, "W018") == {(REGISTER, line_of(repo, REGISTER, "decision:"))}
    message = next(d["message"] for d in found if d["code"] == "W018")
    assert f"commit {merge[:10]}" in message and "dave@example.org" in message
    assert at(found, "W020") == set()


def test_a_decision_added_in_a_proposal_by_a_merge_is_the_merges_act(repo, runner):
    """A merge by dave that writes bob's move into CP-0001's history (in neither parent): W018 at that entry."""
    side_branch(repo, "alice", retitle_agreement)
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "side", who="dave")
    path = repo / "changes/CP-0001.md"
    path.write_text(path.read_text().replace("    reason: besloten in de stuurgroep\n---",
                                             "    reason: besloten in de stuurgroep\n  - at: 2026-01-06\n    by: bob\n"
                                             "    from: aangenomen\n    to: ingetrokken\n---"))
    git(repo, "add", "-A", who="dave")
    git(repo, "commit", "-q", "-m", "Merge side", who="dave")
    found = findings(runner, repo)
    lines = (repo / "changes/CP-0001.md").read_text().splitlines()
    entry_by = next(n for n, line in enumerate(lines, 1) if n > lines.index("  - at: 2026-01-06") and "by: bob" in line)
    assert at(found, "W018") == {("changes/CP-0001.md", entry_by)}
    assert at(found, "W020") == set()


def test_an_act_merged_from_a_side_branch_is_its_own_commits_act(repo, runner):
    """bob decides on a side branch, alice edits the same register file on main, dave merges: the decision stays bob's."""
    side_branch(repo, "bob", add_decision)
    path = repo / REGISTER
    path.write_text(path.read_text().replace("title: Release 0.2", "title: Release 0.2 (tweede)"))
    commit_all(repo, "title", who="alice")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge side", "side", who="dave")
    # the merge result differs from both parents: it is a version of the file, yet not the decision's commit
    assert git(repo, "diff", "HEAD^1", "HEAD", "--", REGISTER, who="dave") and git(repo, "diff", "HEAD^2", "HEAD", "--", REGISTER, who="dave")
    assert "title: Release 0.2 (tweede)" in path.read_text() and "by: bob" in path.read_text()
    found = findings(runner, repo)
    assert {c for c in ("W018", "W020", "W024") if at(found, c)} == set(), [d for d in found if d["code"].startswith("W02")]


def test_the_same_merge_without_bobs_side_commit_is_w018(repo, runner):
    """The control: dave's side branch holds bob's decision, merged with --no-ff: attributed to dave's side commit (W018)."""
    side_branch(repo, "dave", add_decision)
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge side", "side", who="bob")
    found = findings(runner, repo)
    assert at(found, "W018") == {(REGISTER, line_of(repo, REGISTER, "decision:"))}
    assert "Dave <dave@example.org>" in next(d["message"] for d in found if d["code"] == "W018")
