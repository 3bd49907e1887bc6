"""Frozen releases anchored outside themselves: the cut commit, its trailers, the tag and the register.

Every attack starts from ``released`` (release 0.1 cut by carol, checking clean) and is
caught by the code, file and line named in the test; each test first asserts the clean
state, so that it cannot pass without the attack being caught.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from stelsel.check import check_tree
from stelsel.cli.main import cli

from ..release.gitrepo import shallow_clone, signing_key, unpacked_archive
from .conftest import commit_all, errors, findings, git, run

MANIFEST = "releases/0.1/manifest.json"
FROZEN_MA = "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml"
REGISTER_02 = "afsprakenstelsel/releases/0.2.yaml"


def line_of(path: Path, text: str) -> int:
    """The first line of a file that contains ``text``."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def cut_commit(repo: Path) -> str:
    return git(repo, "log", "--diff-filter=A", "--format=%H", "--", MANIFEST).split()[-1]


def rewrite_release(repo: Path) -> None:
    """The attack of the issue: change a frozen sentence, recompute its hash and the content hash."""
    frozen = repo / FROZEN_MA
    frozen.write_text(frozen.read_text().replace("een servicedesk inrichten", "een helpdesk inrichten"))
    path = repo / MANIFEST
    manifest = json.loads(path.read_text())
    manifest["files"]["afsprakenstelsel/afspraken/MA-001.yaml"] = hashlib.sha256(frozen.read_bytes()).hexdigest()
    h = hashlib.sha256()
    for name in sorted(manifest["files"]):
        h.update(f"{manifest['files'][name]}  {name}\n".encode())
    manifest["content_hash"] = h.hexdigest()
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def hash_of(repo: Path) -> str:
    return json.loads((repo / MANIFEST).read_text())["content_hash"]


def retag(repo: Path, target: str, message: str) -> None:
    git(repo, "tag", "-f", "-a", "release-0.1", target, "-m", message, who="carol")


@pytest.fixture
def clean(released, runner) -> Path:
    """``released``, asserted to check without errors and without L005-L008."""
    found = findings(runner, released)
    assert errors(found) == [], found
    assert not {"L005", "L006", "L007", "L008"} & {d["code"] for d in found}
    return released


def test_rewritten_release_with_recomputed_hashes_is_l005(clean, runner):
    """A frozen sentence changed, its hash and the content hash recomputed, the changelog regenerated: L005."""
    rewrite_release(clean)
    run(runner, "release", "changelog", "-C", str(clean), code=None)
    for committed in (False, True):
        if committed:
            commit_all(clean, "Typo in 0.1", who="dave")  # committing it launders nothing
        found = findings(runner, clean)
        assert not {"L001", "L002"} & {d["code"] for d in found}, "the manifest itself is consistent"
        assert at(found, "L005") == {(MANIFEST, line_of(clean / MANIFEST, '"content_hash"')), (FROZEN_MA, 0)}
        # one fault, reported as such: the working tree is not held to the rewritten text (L004), and
        # the changelog computed from it is not a second finding (L003)
        assert {d["code"] for d in errors(found)} == {"L005"}


@pytest.mark.parametrize("hide", ["replace", "graft"])
def test_a_cut_commit_swapped_by_git_replace_or_a_graft_is_still_l005(clean, runner, hide):
    """The rewrite hidden by a copy of the cut commit (by carol, its tree holding the forged text) put in the cut's
    place with 'git replace', or made HEAD's parent by a grafts file: stelsel reads the history as committed, so
    check, uncached and cached, and 'release verify' still find L005."""
    cut = cut_commit(clean)
    rewrite_release(clean)
    run(runner, "release", "changelog", "-C", str(clean), code=None)
    forged = {name: git(clean, "hash-object", "-w", name).strip() for name in (MANIFEST, FROZEN_MA, "CHANGELOG.md")}
    env = {"GIT_INDEX_FILE": str(clean / ".git" / "forged-index")}
    git(clean, "read-tree", cut, env=env)
    for name, blob in forged.items():
        git(clean, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}", env=env)
    tree = git(clean, "write-tree", env=env).strip()
    parents = [arg for parent in git(clean, "log", "-1", "--format=%P", cut).split() for arg in ("-p", parent)]
    copy = git(clean, "commit-tree", tree, *parents, "-m", "Release 0.1", who="carol").strip()
    if hide == "replace":
        git(clean, "replace", cut, copy)
    else:
        commit_all(clean, "Typo in 0.1", who="dave")
        head = git(clean, "rev-parse", "HEAD").strip()
        (clean / ".git" / "info").mkdir(exist_ok=True)
        (clean / ".git" / "info" / "grafts").write_text(f"{head} {copy}\n")
    shown = git(clean, "log", "--diff-filter=A", "--format=%H", "--", MANIFEST).split()[-1]
    assert git(clean, "show", f"{shown}:{MANIFEST}") == (clean / MANIFEST).read_text()  # git itself is fooled
    expected = {(MANIFEST, line_of(clean / MANIFEST, '"content_hash"')), (FROZEN_MA, 0)}
    assert at(findings(runner, clean), "L005") == expected
    for _ in range(2):  # the cache's first run stores, the second replays
        result = runner.invoke(cli, ["check", "-C", str(clean), "--format", "json"], catch_exceptions=False)
        assert at(json.loads(result.stdout)["diagnostics"], "L005") == expected
    verify = run(runner, "release", "verify", "0.1", "-C", str(clean), code=1)
    assert "does NOT match its anchors" in verify.output


@pytest.mark.parametrize("link", ["folder", "file"])
def test_a_symbolic_link_in_a_frozen_release_is_l001_and_fails_verify(clean, runner, link):
    """A link added below releases/0.1 to a folder of forged items outside the content (whose files os.walk never
    reads), or a frozen file swapped for a link to the live file with the same text: one L001 at the link, and
    'release verify' finds the folder no longer matches its manifest."""
    if link == "folder":
        (clean / "buiten").mkdir()
        (clean / "buiten" / "MA-099.yaml").write_text((clean / FROZEN_MA).read_text().replace("MA-001", "MA-099"))
        path = "releases/0.1/afsprakenstelsel/afspraken/extra"
        (clean / path).symlink_to("../../../../buiten", target_is_directory=True)
    else:
        path = FROZEN_MA
        (clean / path).unlink()
        (clean / path).symlink_to("../../../../afsprakenstelsel/afspraken/MA-001.yaml")
        assert (clean / path).read_text() == (clean / "afsprakenstelsel/afspraken/MA-001.yaml").read_text()
    found = findings(runner, clean)
    assert [(d["code"], d["path"], d["line"]) for d in errors(found)] == [("L001", path, 0)], found
    assert "symbolic link" in errors(found)[0]["message"]
    verify = run(runner, "release", "verify", "0.1", "-C", str(clean), code=1)
    assert "does NOT match its anchors" in verify.output


def test_deleted_release_is_l006(clean, runner):
    """releases/0.1 deleted and the changelog regenerated: L006 on its manifest, and nothing else (one fault)."""
    cut = cut_commit(clean)
    shutil.rmtree(clean / "releases/0.1")
    run(runner, "release", "changelog", "-C", str(clean), code=None)
    commit_all(clean, "Drop 0.1", who="dave")
    found = findings(runner, clean)
    assert at(found, "L006") == {(MANIFEST, 0)}
    hint = next(d["hint"] for d in found if d["code"] == "L006")
    assert f"git checkout {cut[:10]} -- releases/0.1" in hint
    # the register still claiming 0.1 (L008), the changelog (L003) and the proposals released in it (W022)
    # follow from the deletion: they are not reported again
    assert {d["code"] for d in errors(found)} == {"L006"}


def test_moved_tag_is_l005(clean, runner):
    """The tag release-0.1 moved to another commit (with the right hash): L005 on the manifest's content_hash line."""
    git(clean, "commit", "-q", "--allow-empty", "-m", "Later work", who="dave")
    retag(clean, "HEAD", f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {hash_of(clean)}")
    found = findings(runner, clean)
    assert at(found, "L005") == {(MANIFEST, line_of(clean / MANIFEST, '"content_hash"'))}
    assert "not at the cut commit" in next(d["message"] for d in found if d["code"] == "L005")


def test_tag_with_wrong_hash_is_l005(clean, runner):
    """The tag on the cut commit records another content hash: L005."""
    retag(clean, cut_commit(clean), f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {'0' * 64}")
    found = findings(runner, clean)
    assert at(found, "L005") == {(MANIFEST, line_of(clean / MANIFEST, '"content_hash"'))}


def test_tag_with_the_right_hash_on_the_cut_commit_is_clean(clean, runner):
    """A tag on the cut commit with the manifest's hash in its trailer: no finding."""
    retag(clean, cut_commit(clean), f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {hash_of(clean)}")
    found = findings(runner, clean)
    assert errors(found) == [] and "L007" not in {d["code"] for d in found}


def test_missing_tag_is_no_finding(clean, runner):
    """Tags do not always travel with a clone: without release-0.1, no finding at all about the anchor."""
    git(clean, "tag", "-d", "release-0.1")
    found = findings(runner, clean)
    assert errors(found) == [] and not {"L005", "L007"} & {d["code"] for d in found}


def test_cut_commit_trailer_with_another_hash_is_l005(repo, runner):
    """A cut committed by hand whose Stelsel-Content-Hash trailer is not the manifest's: L005; the right one is clean."""
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12", "--no-git")
    found = findings(runner, repo)
    assert errors(found) == [] and at(found, "L007") == {(MANIFEST, 0)}  # not committed yet: a warning
    git(repo, "add", "-A", who="carol")
    git(repo, "commit", "-q", "-m", f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {'1' * 64}",
        who="carol")
    found = findings(runner, repo)
    assert at(found, "L005") == {(MANIFEST, line_of(repo / MANIFEST, '"content_hash"'))}
    git(repo, "commit", "-q", "--amend", "-m",
        f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {hash_of(repo)}", who="carol")
    found = findings(runner, repo)
    assert errors(found) == [] and not {"L005", "L007"} & {d["code"] for d in found}


def test_release_re_added_on_a_side_branch_is_l005(clean, runner):
    """A rewritten release committed on a branch from before the cut, merged so its side wins: L005."""
    cut = cut_commit(clean)
    git(clean, "checkout", "-q", "-b", "side", f"{cut}^", who="dave")
    git(clean, "checkout", "-q", cut, "--", "releases/0.1", who="dave")
    rewrite_release(clean)
    commit_all(clean, "0.1 as it should have been", who="dave")
    git(clean, "merge", "-q", "-s", "ours", "main", "-m", "Merge main", who="dave")
    git(clean, "branch", "-f", "main", "side", who="dave")
    git(clean, "checkout", "-q", "main", who="dave")
    git(clean, "tag", "-d", "release-0.1")  # only history is left to tell
    found = findings(runner, clean)
    assert (MANIFEST, 1) in at(found, "L005")  # the manifest was added twice, with different content
    assert not {"L001", "L002"} & {d["code"] for d in found}, "the manifest itself is consistent"


def test_tarball_has_one_l007_warning_and_no_errors(clean, runner, tmp_path):
    """A source tarball of the released repository: exactly one L007 warning, no errors."""
    tarball = unpacked_archive(clean, tmp_path / "tarball")
    found = findings(runner, tarball)
    assert errors(found) == []
    assert at(found, "L007") == {(MANIFEST, 0)}
    assert [d["severity"] for d in found if d["code"] == "L007"] == ["warning"]


def test_shallow_clone_has_one_l007_warning_and_no_errors(clean, runner, tmp_path):
    """A --depth 1 clone, whose history starts at the cut commit: one L007 warning, no errors."""
    clone = shallow_clone(clean, tmp_path / "clone")
    found = findings(runner, clone)
    assert errors(found) == []
    assert at(found, "L007") == {(MANIFEST, 0)}


def test_register_marks_release_published_without_frozen_folder_is_l008(clean, runner):
    """The register marks 0.2 gepubliceerd while releases/0.2 does not exist: L008 at its status line."""
    path = clean / REGISTER_02
    path.write_text(re.sub(r"(?m)^status: .*$", "status: gepubliceerd", path.read_text()))
    found = findings(runner, clean)
    assert at(found, "L008") == {(REGISTER_02, line_of(path, "status:"))}


def test_frozen_false_only_before_the_oldest_frozen_release(clean, runner):
    """'frozen: false' on 0.2 (newer than frozen 0.1) is L008 at that line; on an older 0.0 it is accepted."""
    path = clean / REGISTER_02
    path.write_text(re.sub(r"(?m)^status: .*$", "status: vastgesteld\nfrozen: false", path.read_text()))
    older = clean / "afsprakenstelsel/releases/0.0.yaml"
    older.write_text('kind: release\nid: "0.0"\ntitle: Release 0.0\nstatus: vastgesteld\nfrozen: false\nsources: [S1]\n')
    found = findings(runner, clean)
    assert at(found, "L008") == {(REGISTER_02, line_of(path, "frozen:"))}


def test_release_verify_passes_and_fails_with_its_exit_codes(clean, runner, tmp_path):
    """release verify: 0 and every check on the released repo, 1 after the tag moved, 2 for an unknown release."""
    ok = run(runner, "release", "verify", "0.1", "-C", str(clean))
    assert "manifest intact" in ok.output and "folder = cut commit" in ok.output and "tag release-0.1" in ok.output
    assert "Release 0.1 is verified." in ok.output
    data = json.loads(run(runner, "release", "verify", "0.1", "-C", str(clean), "--format", "json").output)
    assert data["verified"] is True and data["cut_commit"] == cut_commit(clean)
    assert {c["check"]: c["result"] for c in data["checks"]}["folder = cut commit"] == "ok"
    assert run(runner, "release", "verify", "9.9", "-C", str(clean), code=2).exit_code == 2
    tarball = unpacked_archive(clean, tmp_path / "tarball")
    no_history = run(runner, "release", "verify", "0.1", "-C", str(tarball), code=1)
    assert "not verifiable" in no_history.output
    run(runner, "release", "verify", "0.1", "-C", str(tarball), "--allow-no-history", code=0)
    git(clean, "commit", "-q", "--allow-empty", "-m", "Later work", who="dave")
    retag(clean, "HEAD", "Release 0.1")
    moved = run(runner, "release", "verify", "0.1", "-C", str(clean), code=1)
    assert "mismatch" in moved.output and "not at the cut commit" in moved.output


def test_release_verify_reports_a_rewritten_release(clean, runner):
    """release verify after the issue's attack: exit 1, the folder check fails, naming the file."""
    rewrite_release(clean)
    result = run(runner, "release", "verify", "0.1", "-C", str(clean), code=1)
    assert f"{FROZEN_MA}:0: L005" in result.output
    assert "does NOT match" in result.output


def test_moved_tag_turns_a_cached_clean_into_l005(clean):
    """The result cache keys on refs/tags: a tag moved after a cached clean run (HEAD unchanged) is a miss: L005."""
    git(clean, "commit", "-q", "--allow-empty", "-m", "Later work", who="dave")
    assert check_tree(clean).errors == 0
    assert check_tree(clean).cached, "the cache must be warm before the tag moves"
    retag(clean, "HEAD", "Release 0.1")
    after = check_tree(clean)
    assert not after.cached
    assert {(d.code, d.path) for d in after.diagnostics if d.severity.value == "error"} == {("L005", MANIFEST)}
    assert [d.as_dict() for d in check_tree(clean).diagnostics] == [d.as_dict() for d in after.diagnostics]


@pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed: cannot make a real signing key")
def test_signed_decisions_require_a_signed_tag(clean, runner, monkeypatch):
    """With require_signed_decisions, an unsigned tag release-0.1 is L005; a validly signed one is not."""
    governance = clean / "afsprakenstelsel/governance.yaml"
    governance.write_text(governance.read_text().replace("workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1))
    line = line_of(clean / MANIFEST, '"content_hash"')
    unsigned = [d for d in findings(runner, clean) if d["code"] == "L005"]
    assert [(d["path"], d["line"]) for d in unsigned] == [(MANIFEST, line)]
    assert "no valid signature" in unsigned[0]["message"]
    with signing_key("Carol <carol@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        git(clean, "tag", "-f", "-s", "-u", fingerprint, "release-0.1", cut_commit(clean), "-m",
            f"Release 0.1\n\nStelsel-Release: 0.1\nStelsel-Content-Hash: {hash_of(clean)}", who="carol")
        signed = [d for d in findings(runner, clean) if d["code"] == "L005"]
    assert signed == []


def test_the_cut_writes_anchors_that_verify(clean, runner):
    """release cut records the manifest's hash in its commit's trailer and in tag release-0.1; both verify."""
    content_hash = hash_of(clean)
    assert f"Stelsel-Content-Hash: {content_hash}" in git(clean, "log", "-1", "--format=%B", cut_commit(clean))
    assert f"Stelsel-Content-Hash: {content_hash}" in git(clean, "cat-file", "-p", "release-0.1")
    assert git(clean, "rev-parse", "release-0.1^{commit}").strip() == cut_commit(clean)
    data = json.loads(run(runner, "release", "verify", "0.1", "-C", str(clean), "--format", "json").output)
    results = {c["check"]: c["result"] for c in data["checks"]}
    assert results == {"manifest intact": "ok", "folder = cut commit": "ok", "cut commit trailer": "ok",
                       "tag release-0.1": "ok"}


def test_edited_manifest_metadata_is_l005_at_that_line(clean, runner):
    """The manifest's record of who cut it changed (no hash covers it, so L002 cannot see it): L005 at that line."""
    path = clean / MANIFEST
    path.write_text(path.read_text().replace('"cut_by": "carol"', '"cut_by": "bob"'))
    found = findings(runner, clean)
    assert "L002" not in {d["code"] for d in found}
    assert (MANIFEST, line_of(path, '"cut_by"')) in at(found, "L005")


def test_tag_without_hash_on_a_cut_that_records_one_is_l005(clean, runner):
    """The cut's tag replaced by one on the same commit that records no content hash: L005 (the cut's commit has one)."""
    retag(clean, cut_commit(clean), "Release 0.1")
    found = findings(runner, clean)
    assert at(found, "L005") == {(MANIFEST, line_of(clean / MANIFEST, '"content_hash"'))}
    assert "records no Stelsel-Content-Hash" in next(d["message"] for d in found if d["code"] == "L005")


@pytest.mark.parametrize("name", [".0.2.staging", ".0.2.partial"])
def test_what_an_interrupted_cut_leaves_is_one_l002_not_a_release(clean, runner, name):
    """A staging folder a killed cut left (a full copy with its manifest): one L002 naming it, with the command that
    removes it; not a release '.0.2.staging' with a dozen findings of its own. Removed, the check is clean again."""
    shutil.copytree(clean / "releases" / "0.1", clean / "releases" / name)
    found = findings(runner, clean)
    assert [(d["code"], d["path"]) for d in found if d["severity"] == "error" or name in d["path"]] == \
        [("L002", f"releases/{name}")], found
    assert f"rm -rf releases/{name}" in next(d["hint"] for d in found if d["code"] == "L002")
    assert "0.2.staging" not in run(runner, "release", "verify", "0.1", "-C", str(clean), code=None).output
    shutil.rmtree(clean / "releases" / name)
    assert errors(findings(runner, clean)) == []
