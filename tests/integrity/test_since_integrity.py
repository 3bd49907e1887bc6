"""The pull-request check (``check --since main``) cannot be laundered, and releases/ changes only by a cut.

Each test branches off main in a real repository of the integrity fixture and commits as the
person who acts; ``check --since main`` then compares the branch (and the working tree) with
the merge base.
"""

from __future__ import annotations

from stelsel.workflow.since import since_findings

from .conftest import commit_all, findings, git, run
from .test_pinning import AGREEMENT, at, decide, edit, line_of, propose

PROPOSAL = "changes/CP-0001.md"
FROZEN = "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml"


def branch(repo, name: str, who: str) -> None:
    git(repo, "checkout", "-q", "-b", name, who=who)


def test_a_typo_fix_in_a_released_proposal_carries_nothing(released, runner):
    """dave edits MA-001 and fixes a typo in CP-0001 (released in 0.1, lists MA-001): MA-001 is still reported, W011 too.

    The edit differs from frozen 0.1, so the plain check reports it (L004) and --since does not say it again (W021).
    """
    branch(released, "dave/servicedesk", "dave")
    edit(released, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    edit(released, PROPOSAL, "Eerste inhoud.", "Eerste inhoud (tikfout hersteld).")
    commit_all(released, "MA-001 en een tikfout in CP-0001", who="dave")
    found = findings(runner, released, "--since", "main")
    assert at(found, "L004") == [(AGREEMENT, line_of(released, AGREEMENT, "id: MA-001"))]
    assert "no open or approved proposal lists it" in next(d["message"] for d in found if d["code"] == "L004")
    assert at(found, "W021") == []
    own = [d for d in since_findings(released, "main") if d.code == "W021"]  # --since alone still sees it
    assert [(d.path, d.line) for d in own] == [(AGREEMENT, line_of(released, AGREEMENT, "id: MA-001"))]
    assert "no live proposal" in own[0].message
    assert at(found, "W011") == [(PROPOSAL, line_of(released, PROPOSAL, "Eerste inhoud"))]


def test_a_live_proposal_carries_only_the_items_it_lists(released, runner):
    """An open proposal for MP-01 in the same branch does not carry an edit of MA-001."""
    branch(released, "alice/principe", "alice")
    edit(released, "afsprakenstelsel/principes/MP-01.yaml", "Het netwerk is vertrouwd.", "Het netwerk is beveiligd.")
    edit(released, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    propose(runner, released, "CP-0002", "change:MP-01")
    commit_all(released, "CP-0002", who="alice")
    found = findings(runner, released, "--since", "main")
    assert at(found, "L004") == [(AGREEMENT, 2)] and at(found, "W021") == []
    assert [(d.path, d.line) for d in since_findings(released, "main") if d.code == "W021"] == [(AGREEMENT, 2)]


def test_the_approved_unreleased_proposal_carries_its_items(repo, runner):
    """Approved and not yet released is live: the branch that carries CP-0002 (decided in it) passes W021."""
    branch(repo, "alice/dagen", "alice")
    edit(repo, AGREEMENT, "een servicedesk inrichten.", "een servicedesk inrichten die binnen 7 dagen antwoordt.")
    propose(runner, repo, "CP-0002", "change:MA-001")
    commit_all(repo, "CP-0002", who="alice")
    decide(runner, repo, "CP-0002", "2026-02-02")
    assert at(findings(runner, repo, "--since", "main"), "W021") == []
    edit(repo, AGREEMENT, "binnen 7 dagen", "binnen 5 dagen")  # and decided text is pinned: L004
    assert at(findings(runner, repo, "--since", "main"), "L004") == [(AGREEMENT, 2)]


def test_deleting_a_decided_proposal_is_w023_in_since(repo, runner):
    """A proposal that had a decision at the merge base and is gone is W023 from --since too, reported once."""
    branch(repo, "dave/opruimen", "dave")
    git(repo, "rm", "-q", PROPOSAL, who="dave")
    commit_all(repo, "CP-0001 weg", who="dave")
    base = git(repo, "merge-base", "main", "HEAD").strip()
    own = [d for d in since_findings(repo, "main") if d.code == "W023"]
    assert [(d.path, d.line) for d in own] == [(PROPOSAL, 0)]
    assert f"at {base[:10]} it had one" in own[0].message
    assert at(findings(runner, repo, "--since", "main"), "W023") == [(PROPOSAL, 0)]


def test_an_edit_under_releases_is_l009(released, runner):
    """Changing a frozen file and adding one in a branch: one L009 for release 0.1 from --since, said once.

    The plain check already reports both files (L001), so the merged --since result does not repeat them.
    """
    branch(released, "dave/release", "dave")
    edit(released, FROZEN, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    (released / "releases/0.1/extra.md").write_text("# Toegevoegd\n")
    commit_all(released, "release 0.1 bijgewerkt", who="dave")
    own = [d for d in since_findings(released, "main") if d.code == "L009"]
    assert [(d.path, d.line) for d in own] == [(FROZEN, 0)]
    assert "release 0.1 was frozen before main" in own[0].message and "and 1 more file(s)" in own[0].message
    found = findings(runner, released, "--since", "main")
    assert at(found, "L009") == []
    assert sorted(at(found, "L001")) == [(FROZEN, 0), ("releases/0.1/extra.md", 0)]


def test_the_cut_commit_in_the_range_is_not_l009_but_a_later_edit_is(repo, runner):
    """carol's cut of 0.1 on a branch adds releases/0.1 in its own commit: no L009; editing it afterwards is."""
    branch(repo, "carol/release-0.1", "carol")
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
    found = findings(runner, repo, "--since", "main")
    assert at(found, "L009") == [] and at(found, "W021") == []
    edit(repo, FROZEN, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    commit_all(repo, "0.1 bijgewerkt", who="dave")
    own = [d for d in since_findings(repo, "main") if d.code == "L009"]
    assert [(d.path, d.line) for d in own] == [(FROZEN, 0)]
    assert "differs from what the cut commit of release 0.1" in own[0].message
    assert at(findings(runner, repo, "--since", "main"), "L001") == [(FROZEN, 0)]  # said once, by the plain check


def test_a_release_added_by_hand_is_l009(repo, runner):
    """A release folder copied in by hand (a commit without the cut's trailers): one L009 for the release."""
    from stelsel.release.freeze import freeze

    branch(repo, "dave/eigen-release", "dave")
    freeze(repo, "0.1", [PROPOSAL], "2026-01-12")
    commit_all(repo, "release 0.1", who="dave")
    found = findings(runner, repo, "--since", "main")
    l009 = [d for d in found if d["code"] == "L009"]
    files = sorted(p.relative_to(repo).as_posix() for p in (repo / "releases/0.1").rglob("*") if p.is_file())
    assert [(d["path"], d["line"]) for d in l009] == [(files[0], 0)]
    assert "is not a release cut" in l009[0]["message"]
    assert f"and {len(files) - 1} more file(s) under releases/0.1/" in l009[0]["message"]


def test_moving_working_release_is_no_change(released, runner):
    """A stelsel.yaml change that only moves working_release (release open makes it) is not reported."""
    branch(released, "carol/open", "carol")
    config = "afsprakenstelsel/stelsel.yaml"
    text = (released / config).read_text()
    current = next(line for line in text.splitlines() if line.startswith("working_release:"))
    edit(released, config, current, 'working_release: "0.3"')
    commit_all(released, "working_release", who="carol")
    assert at(findings(runner, released, "--since", "main"), "W021") == []
    edit(released, config, "require_sources: true", "require_sources: false")
    found = findings(runner, released, "--since", "main")  # the framework config is governed: W027, not W021
    assert at(found, "W027") == [(config, line_of(released, config, "id: mini"))] and at(found, "W021") == []


def test_a_forged_cut_commit_is_l009(repo, runner):
    """A commit with the cut's trailers whose frozen copy is not the tree it commits is no cut: L009 at that file."""
    import json

    from stelsel.release.freeze import freeze

    branch(repo, "dave/vervalst", "dave")
    freeze(repo, "0.1", [PROPOSAL], "2026-01-12")
    edit(repo, FROZEN, "een servicedesk inrichten.", "een servicedesk inrichten, alleen op werkdagen.")
    from stelsel.release.store import content_hash, hash_tree, make_manifest, write_manifest

    manifest = make_manifest("0.1", hash_tree(repo / "releases/0.1"), "2026-01-12", "0")
    write_manifest(repo / "releases/0.1", manifest)
    git(repo, "add", "-A", who="dave")
    git(repo, "commit", "-q", "-m", f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {manifest['content_hash']}",
        who="dave")
    assert json.loads((repo / "releases/0.1/manifest.json").read_text())["content_hash"] == content_hash(manifest["files"])
    found = findings(runner, repo, "--since", "main")
    assert at(found, "L009") == [(FROZEN, 0)]
    assert "was not made by it" in next(d["message"] for d in found if d["code"] == "L009")
