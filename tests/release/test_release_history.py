"""Releases end to end: cut, diff, plan and changelog in a real git repo, a shallow clone and a tarball."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stelsel.cli.main import cli

from ..conftest import FIXTURES
from .gitrepo import commit_all, git, init_repo, shallow_clone, unpacked_archive

PROPOSAL_02 = """---
id: CP-0002
title: Helpdesk naast servicedesk
type: normatief
authors: [alice]
working_group: wg-test
target_release: "0.2"
status: aangenomen
changes:
  - {item: MA-001, action: change}
  - {item: MA-002, action: add}
motivation: Een helpdesk helpt de juiste informatie op de juiste plek te krijgen.
decision:
  body: stuurgroep
  by: bob
  date: 2026-03-01
  outcome: aangenomen
  minutes: besluitenlijst 2026-03
history:
  - at: 2026-03-01
    by: bob
    from: concept
    to: aangenomen
    reason: besloten in de stuurgroep
---
Voegt een helpdesk toe.
"""

AGREEMENT_002 = """kind: agreement
id: MA-002
title: Helpdesk
status: gereed
statement: De zorgaanbieder MOET een helpdesk bereikbaar houden.
level: MOET
layers: [organisatie]
applies_to: [zorgaanbieder]
since: "0.2"
sources: [S1]
"""


def run(runner, *args: str, code: int | None = 0):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def _decide_release(root: Path, version: str, day: str) -> None:
    path = root / f"afsprakenstelsel/releases/{version}.yaml"
    path.write_text(path.read_text() + f"decision:\n  body: stuurgroep\n  by: bob\n  date: {day}\n"
                    f"  reference: besluitenlijst {day}\n")


@pytest.fixture
def history(tmp_path, runner) -> Path:
    """A repository with releases 0.1 and 0.2 cut through the CLI, by two people."""
    repo = init_repo(FIXTURES / "release", tmp_path / "repo", who="bob")  # bob records the decisions
    run(runner, "release", "cut", "0.1", "--as", "bob", "-C", str(repo), "--date", "2026-01-12")
    agreement = repo / "afsprakenstelsel/afspraken/MA-001.yaml"
    agreement.write_text(agreement.read_text().replace("een servicedesk inrichten", "een servicedesk en helpdesk inrichten"))
    (repo / "afsprakenstelsel/afspraken/MA-002.yaml").write_text(AGREEMENT_002)
    (repo / "changes/CP-0002.md").write_text(PROPOSAL_02)
    _decide_release(repo, "0.2", "2026-03-10")
    commit_all(repo, "CP-0002: helpdesk, decided by the stuurgroep", who="bob")
    run(runner, "release", "cut", "0.2", "--as", "bob", "-C", str(repo), "--date", "2026-03-12")
    return repo


def answers(runner, root: Path) -> dict:
    """What plan, diff and the changelog say about a tree, as data."""
    diff = json.loads(run(runner, "diff", "0.1", "0.2", "-C", str(root), "--format", "json").output)
    plan = run(runner, "release", "plan", "0.3", "-C", str(root), "--format", "json", code=None)
    changelog = run(runner, "release", "changelog", "--check", "-C", str(root))
    return {"diff": diff, "plan": json.loads(plan.output), "plan_exit": plan.exit_code,
            "changelog_ok": changelog.exit_code}


def test_cut_creates_frozen_releases_tags_and_changelog(history, runner):
    """Cutting writes releases/<v> with a manifest, a commit and an annotated tag per release."""
    assert (history / "releases/0.1/manifest.json").is_file()
    assert (history / "releases/0.2/afsprakenstelsel/afspraken/MA-002.yaml").is_file()
    tags = git(history, "tag", "-n")
    assert "release-0.1" in tags and "release-0.2" in tags
    assert git(history, "cat-file", "-t", "release-0.2").strip() == "tag"  # annotated, not lightweight
    run(runner, "check", str(history))
    changelog = (history / "CHANGELOG.md").read_text()
    assert changelog.index("## 0.2") < changelog.index("## 0.1")
    assert "[CP-0002](releases/0.2/changes/CP-0002.md)" in changelog
    assert "Besluit: Stuurgroep, 2026-03-01, besluitenlijst 2026-03" in changelog


def test_diff_lists_exactly_the_items_the_proposal_carries(history, runner):
    """diff 0.1 0.2 shows MA-001 changed (word-level) and MA-002 added, nothing else."""
    data = json.loads(run(runner, "diff", "0.1", "0.2", "-C", str(history), "--format", "json").output)
    assert {(i["id"], i["change"]) for i in data["items"]} == {("MA-001", "changed"), ("MA-002", "added")}
    statement = next(f for i in data["items"] if i["id"] == "MA-001" for f in i["fields"] if f["name"] == "statement")
    assert ["insert", "en helpdesk "] in statement["words"]


def test_same_answers_in_shallow_clone_and_tarball(history, runner, tmp_path):
    """plan, diff and the changelog agree in the repo, a --depth 1 clone and an unpacked git archive."""
    original = answers(runner, history)
    assert original["changelog_ok"] == 0
    clone = shallow_clone(history, tmp_path / "clone")
    assert git(clone, "rev-list", "--count", "HEAD").strip() == "1"
    tarball = unpacked_archive(history, tmp_path / "tarball")
    assert not (tarball / ".git").exists()
    assert answers(runner, clone) == original
    assert answers(runner, tarball) == original


def test_editing_released_text_fails_check_naming_the_file(history, runner):
    """A change to a frozen file is an L001 error that names exactly that file."""
    frozen = history / "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml"
    frozen.write_text(frozen.read_text().replace("MOET", "MAG", 1))
    result = run(runner, "check", str(history), code=1)
    assert "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml: L001" in result.output


def test_untraced_change_blocks_the_cut(history, runner):
    """An item edited without a proposal is reported by plan and refused by cut; nothing is written."""
    (history / "afsprakenstelsel/releases/0.3.yaml").write_text(
        'kind: release\nid: "0.3"\ntitle: Release 0.3\nstatus: gepland\nsources: [S1]\n')
    _decide_release(history, "0.3", "2026-06-01")
    commit_all(history, "Release decision 0.3", who="bob")  # bob records his own decision
    role = history / "afsprakenstelsel/rollen/zorgaanbieder.yaml"
    role.write_text(role.read_text().replace("Een organisatie die zorg verleent.", "Een zorginstelling."))
    commit_all(history, "Edit without a proposal", who="alice")
    plan = run(runner, "release", "plan", "0.3", "-C", str(history), code=1)
    assert "untraced change: role zorgaanbieder was changed" in plan.output
    before = git(history, "status", "--porcelain")
    cut = run(runner, "release", "cut", "0.3", "--as", "bob", "-C", str(history), code=2)
    assert "L004 zorgaanbieder was changed after release 0.2 was frozen" in cut.output
    assert not (history / "releases/0.3").exists()
    assert git(history, "status", "--porcelain") == before


def test_cut_refuses_a_decision_by_a_non_member(tmp_path, runner):
    """A release decided by someone outside the deciding body is refused, and nothing changes."""
    repo = init_repo(FIXTURES / "release", tmp_path / "repo", who="bob")
    register = repo / "afsprakenstelsel/releases/0.1.yaml"
    register.write_text(register.read_text().replace("by: bob", "by: alice"))
    commit_all(repo, "release decision recorded as alice's", who="alice")
    result = run(runner, "release", "cut", "0.1", "--as", "bob", "-C", str(repo), code=2)
    assert "'alice' was not a member of 'stuurgroep'" in result.output
    assert not (repo / "releases").exists()


def test_cut_refuses_a_tree_the_check_rejects(tmp_path, runner):
    """'release cut' runs the check first: an error (here a dangling [[link]]) refuses the cut."""
    repo = init_repo(FIXTURES / "release", tmp_path / "repo", who="bob")
    page = repo / "afsprakenstelsel/paginas/intro.md"
    page.write_text(page.read_text().replace("[[MA-001]]", "[[MA-404]]"))
    commit_all(repo, "a link to an item that does not exist", who="bob")
    result = run(runner, "release", "cut", "0.1", "--as", "bob", "-C", str(repo), code=2)
    # the edited page was pinned by the approved proposal's decision: L004 as well
    assert "'stelsel check' reports 2 error(s)" in result.output and "R006" in result.output and "L004" in result.output
    assert not (repo / "releases").exists()


def test_failed_cut_leaves_the_tree_untouched(tmp_path, runner, monkeypatch):
    """If the cut fails after editing files, every edit is rolled back and no release folder remains."""
    repo = init_repo(FIXTURES / "release", tmp_path / "repo", who="bob")
    from stelsel.release import changelog

    def boom(root):
        raise OSError("disk full")

    monkeypatch.setattr(changelog, "write_changelog", boom)
    with pytest.raises(OSError):
        from stelsel.check import run_rules
        from stelsel.release.cut import cut_release

        cut_release(repo, "0.1", "bob", run_rules=run_rules, use_git=True)
    assert git(repo, "status", "--porcelain") == ""
    assert not (repo / "releases/0.1").exists()
