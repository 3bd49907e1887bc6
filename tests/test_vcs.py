"""stelsel.vcs on a real git repository: two authors, a rename, one signed commit."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from stelsel import vcs

from .release.gitrepo import git, signing_key

@pytest.fixture(autouse=True)
def _no_user_git_config(monkeypatch, tmp_path_factory):
    """GitPython's calls read no user or system git config, so a developer's settings cannot interfere."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GNUPGHOME", str(home / "gnupg"))


@pytest.fixture
def repo_root(tmp_path) -> Path:
    """changes/CP-1.md by alice, reviewed by bob in a second commit, then renamed by alice."""
    root = tmp_path / "repo"
    (root / "changes").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "changes/CP-1.md").write_text("---\nid: CP-1\nreviews: []\n---\nTekst\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Voorstel", who="alice")
    (root / "changes/CP-1.md").write_text("---\nid: CP-1\nreviews:\n- by: bob\n---\nTekst\n")
    git(root, "commit", "-q", "-am", "Review", who="bob")
    git(root, "mv", "changes/CP-1.md", "changes/CP-1-nieuw.md")
    git(root, "commit", "-q", "-m", "Hernoemd", who="alice")
    return root


def test_open_repo_outside_a_repository_is_a_problem(tmp_path):
    """A folder outside any repository gives the message provenance and --since show, not a traceback."""
    with pytest.raises(vcs.GitProblem, match="the project is not in a git repository"):
        vcs.open_repo(tmp_path)


def test_open_repo_without_git_installed_is_a_problem(repo_root, monkeypatch, tmp_path):
    """With no git executable on PATH, every call says git is not installed."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(vcs.GitProblem, match="git is not installed"):
        vcs.open_repo(repo_root)


def test_git_dir_in_the_environment_names_the_repository(repo_root, monkeypatch, tmp_path):
    """As for git itself, GIT_DIR decides: pointing nowhere, the project is in no repository."""
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(vcs.GitProblem, match="the project is not in a git repository"):
        vcs.open_repo(repo_root)
    assert vcs.state_fingerprint(repo_root, keyring=False).startswith("no repository")
    monkeypatch.setenv("GIT_DIR", str(repo_root / ".git"))
    assert vcs.head(vcs.open_repo(tmp_path)) == git(repo_root, "rev-parse", "HEAD").strip()


def test_head_and_toplevel_from_a_subfolder(repo_root):
    """From a subfolder the repository's top folder and HEAD commit are found."""
    repo = vcs.open_repo(repo_root / "changes")
    assert vcs.toplevel(repo) == repo_root.resolve()
    assert vcs.head(repo) == git(repo_root, "rev-parse", "HEAD").strip()
    git(repo_root, "pack-refs", "--all")  # refs in packed-refs only
    assert vcs.head(repo) == git(repo_root, "rev-parse", "HEAD").strip()


def test_head_of_a_repository_without_commits_is_none(tmp_path):
    """A freshly initialised repository has no HEAD commit."""
    git(tmp_path, "init", "-q", "-b", "main")
    assert vcs.head(vcs.open_repo(tmp_path)) is None


def test_folder_history_follows_renames_and_names_authors(repo_root):
    """The log of a folder lists every version of a file under its current path, newest first, with its author."""
    repo = vcs.open_repo(repo_root)
    history = vcs.folder_history(repo, "changes")
    assert list(history) == ["changes/CP-1-nieuw.md"]
    versions = history["changes/CP-1-nieuw.md"]
    assert [v.author_email for v in versions] == ["alice@example.org", "bob@example.org", "alice@example.org"]
    assert [v.path for v in versions] == ["changes/CP-1-nieuw.md", "changes/CP-1.md", "changes/CP-1.md"]
    assert versions[0].blob == versions[1].blob  # a pure rename keeps the blob
    assert "- by: bob" in vcs.read_blob(repo, versions[1].blob)
    assert "reviews: []" in vcs.read_blob(repo, versions[2].blob)


def test_read_blob_by_revision_and_path_and_missing(repo_root):
    """A blob is read by ``<rev>:<path>``; a missing one is None, a tree is not a blob."""
    repo = vcs.open_repo(repo_root)
    assert vcs.read_blob(repo, "HEAD~1:changes/CP-1.md").startswith("---\nid: CP-1\n")
    assert vcs.read_blob(repo, "HEAD:changes/no-such-file.md") is None
    assert vcs.read_blob(repo, "0" * 40) is None
    assert vcs.read_blob(repo, "HEAD:changes") is None


def test_refs_merge_base_and_changed_files(repo_root):
    """An unknown ref resolves to None; the changed files since a merge base include uncommitted and new files."""
    repo = vcs.open_repo(repo_root)
    assert vcs.resolve_commit(repo, "no-such-branch") is None
    assert vcs.resolve_commit(repo, "--help") is None
    first = vcs.resolve_commit(repo, "HEAD~2")
    assert first == git(repo_root, "rev-list", "--max-parents=0", "HEAD").strip()
    assert vcs.merge_base(repo, first, "HEAD") == first
    (repo_root / "changes/CP-2.md").write_text("---\nid: CP-2\n---\n")
    changed = vcs.changed_files(repo, first, ["changes"])
    assert changed == [("R", "changes/CP-1-nieuw.md", "changes/CP-1.md"), ("A", "changes/CP-2.md", None)]


def test_merge_base_of_unrelated_histories_is_none(repo_root):
    """Two commits without common history have no merge base."""
    git(repo_root, "checkout", "-q", "--orphan", "other")
    git(repo_root, "commit", "-q", "-m", "Los", who="bob")
    repo = vcs.open_repo(repo_root)
    assert vcs.merge_base(repo, "main", "other") is None


def test_config_value_inside_and_outside_a_repository(repo_root, tmp_path):
    """user.email is read from the repository's config; outside one, unset is None."""
    git(repo_root, "config", "user.email", "carol@example.org")
    assert vcs.config_value(repo_root, "user.email") == "carol@example.org"
    assert vcs.config_value(tmp_path, "user.email") is None


def test_status_commit_and_annotated_tag(repo_root):
    """A dirty path shows in status; commit_paths commits it, and the tag is annotated."""
    git(repo_root, "config", "user.name", "Alice")
    git(repo_root, "config", "user.email", "alice@example.org")
    repo = vcs.open_repo(repo_root, search_parents=False)
    (repo_root / "changes/CP-3.md").write_text("---\nid: CP-3\n---\n")
    assert "CP-3.md" in vcs.status(repo, ["changes"])
    sha = vcs.commit_paths(repo, ["changes"], "Release 1.0", "Cut by alice.")
    assert sha == git(repo_root, "rev-parse", "HEAD").strip()
    assert vcs.status(repo, ["changes"]) == ""
    vcs.annotated_tag(repo, "release-1.0", "Release 1.0")
    assert git(repo_root, "cat-file", "-t", "release-1.0").strip() == "tag"
    with pytest.raises(vcs.GitProblem, match="git tag failed: .*already exists"):
        vcs.annotated_tag(repo, "release-1.0", "Release 1.0")


def test_commit_paths_leaves_out_paths_that_name_nothing(repo_root):
    """A path absent on disk and in git is left out; with nothing to commit, git's reason is the problem."""
    git(repo_root, "config", "user.name", "Alice")
    git(repo_root, "config", "user.email", "alice@example.org")
    repo = vcs.open_repo(repo_root)
    (repo_root / "changes/CP-5.md").write_text("---\nid: CP-5\n---\n")
    sha = vcs.commit_paths(repo, ["changes", "releases", "CHANGELOG.md"], "Release 2.0")
    assert git(repo_root, "show", "--name-only", "--format=", sha).split() == ["changes/CP-5.md"]
    with pytest.raises(vcs.GitProblem, match="git commit failed: nothing to commit"):
        vcs.commit_paths(repo, ["changes"], "Release 2.1")


def test_open_repo_requires_the_top_folder_without_search(repo_root):
    """Without searching parents, a subfolder of a repository is not a repository."""
    with pytest.raises(vcs.GitProblem, match="not in a git repository"):
        vcs.open_repo(repo_root / "changes", search_parents=False)


def test_unsigned_commit_is_not_valid(repo_root):
    """An unsigned commit verifies as not signed."""
    found = vcs.verify_commit(vcs.open_repo(repo_root), "HEAD")
    assert found == vcs.Signature(False, "", "the commit is not signed")


@pytest.fixture(scope="module")
def gpg_key():
    """(GNUPGHOME, fingerprint) of one signing key, made once for this module (key generation is slow)."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg is not installed: cannot make a signing key")
    with signing_key() as made:
        yield made


def test_signed_commit_verifies_with_its_key(repo_root, monkeypatch, gpg_key):
    """A commit signed with a key in the keyring is valid and names the key's fingerprint."""
    home, fingerprint = gpg_key
    monkeypatch.setenv("GNUPGHOME", home)
    (repo_root / "changes/CP-1-nieuw.md").write_text("---\nid: CP-1\ndecision: {by: bob}\n---\n")
    git(repo_root, "commit", "-q", "-am", "Besluit", f"--gpg-sign={fingerprint}", who="bob")
    found = vcs.verify_commit(vcs.open_repo(repo_root), "HEAD")
    assert found.valid and fingerprint in found.fingerprint.split(), found


def test_signature_check_that_hangs_times_out(repo_root, monkeypatch, tmp_path, gpg_key):
    """A gpg that does not answer is stopped after the timeout: not valid, and it says so."""
    home, fingerprint = gpg_key
    monkeypatch.setenv("GNUPGHOME", home)
    git(repo_root, "commit", "-q", "--allow-empty", "-m", "Ondertekend", f"--gpg-sign={fingerprint}")
    hang = tmp_path / "hang"
    hang.write_text("#!/bin/sh\nexec sleep 30\n")
    hang.chmod(hang.stat().st_mode | stat.S_IEXEC)
    git(repo_root, "config", "gpg.program", str(hang))
    monkeypatch.setattr(vcs, "TIMEOUT", 1)
    found = vcs.verify_commit(vcs.open_repo(repo_root), "HEAD")
    assert not found.valid and "Timeout" in found.said, found


def test_git_failure_is_a_problem_not_a_traceback(repo_root):
    """A history git cannot read (a missing commit object) gives a GitProblem naming git's complaint."""
    head = git(repo_root, "rev-parse", "HEAD").strip()
    (repo_root / ".git/objects" / head[:2] / head[2:]).unlink()
    with pytest.raises(vcs.GitProblem, match="git log failed: "):
        vcs.folder_history(vcs.open_repo(repo_root), "changes")


def test_state_fingerprint_without_a_repository_is_stable(tmp_path):
    """Outside a repository the fingerprint is the same string every time, and says why."""
    assert vcs.state_fingerprint(tmp_path, keyring=True) == vcs.state_fingerprint(tmp_path, keyring=True)
    assert "no repository" in vcs.state_fingerprint(tmp_path, keyring=False)


def test_state_fingerprint_changes_with_a_commit_and_signature_settings(repo_root, tmp_path):
    """A new commit, gpg.format and the allowed signers file's contents each change the fingerprint."""
    before = vcs.state_fingerprint(repo_root, keyring=False)
    assert vcs.state_fingerprint(repo_root, keyring=False) == before
    (repo_root / "changes/CP-4.md").write_text("---\nid: CP-4\n---\n")
    assert vcs.state_fingerprint(repo_root, keyring=False) == before  # the working tree is not part of it
    git(repo_root, "add", "-A")
    git(repo_root, "commit", "-q", "-m", "Nog een", who="bob")
    after_commit = vcs.state_fingerprint(repo_root, keyring=False)
    assert after_commit != before
    git(repo_root, "config", "gpg.format", "ssh")
    with_format = vcs.state_fingerprint(repo_root, keyring=False)
    assert with_format != after_commit
    signers = tmp_path / "allowed_signers"
    signers.write_text("bob@example.org ssh-ed25519 AAAA1\n")
    git(repo_root, "config", "gpg.ssh.allowedSignersFile", str(signers))
    with_signers = vcs.state_fingerprint(repo_root, keyring=False)
    signers.write_text("bob@example.org ssh-ed25519 AAAA2\n")
    assert vcs.state_fingerprint(repo_root, keyring=False) != with_signers


def test_state_fingerprint_changes_with_the_keyring(repo_root, monkeypatch, tmp_path):
    """With keyring, a new or changed pubring changes the fingerprint; without keyring it does not."""
    home = tmp_path / "gnupg"
    home.mkdir()
    monkeypatch.setenv("GNUPGHOME", str(home))
    empty = vcs.state_fingerprint(repo_root, keyring=True)
    plain = vcs.state_fingerprint(repo_root, keyring=False)
    (home / "pubring.kbx").write_bytes(b"key one")
    one = vcs.state_fingerprint(repo_root, keyring=True)
    assert one != empty
    (home / "pubring.kbx").write_bytes(b"key two")
    assert vcs.state_fingerprint(repo_root, keyring=True) not in (empty, one)
    assert vcs.state_fingerprint(repo_root, keyring=False) == plain


def test_keyring_defaults_to_the_home_gnupg_folder(monkeypatch, tmp_path):
    """Without GNUPGHOME the keyring is ~/.gnupg."""
    monkeypatch.delenv("GNUPGHOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    before = vcs.keyring_digest()
    (tmp_path / ".gnupg").mkdir()
    (tmp_path / ".gnupg/trustdb.gpg").write_bytes(b"trust")
    assert vcs.keyring_digest() != before


def test_commit_paths_leaves_what_else_was_staged_staged_and_out_of_the_commit(repo_root):
    """Changes the user staged outside the paths stay staged and are not committed with them."""
    git(repo_root, "config", "user.name", "Alice")
    git(repo_root, "config", "user.email", "alice@example.org")
    (repo_root / "notes.txt").write_text("mine\n")
    git(repo_root, "add", "notes.txt")
    (repo_root / "changes/CP-5.md").write_text("---\nid: CP-5\n---\n")
    sha = vcs.commit_paths(vcs.open_repo(repo_root), ["changes"], "Release 2.0")
    assert git(repo_root, "show", "--name-only", "--format=", sha).split() == ["changes/CP-5.md"]
    assert git(repo_root, "diff", "--cached", "--name-only").split() == ["notes.txt"]


def test_committer_is_the_identity_git_would_commit_with(repo_root, monkeypatch):
    """user.email, overridden by GIT_COMMITTER_EMAIL: what git itself records as committer."""
    git(repo_root, "config", "user.name", "Alice")
    git(repo_root, "config", "user.email", "alice@example.org")
    repo = vcs.open_repo(repo_root)
    assert vcs.committer(repo) == ("Alice", "alice@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Bob")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "bob@example.org")
    assert vcs.committer(repo) == ("Bob", "bob@example.org")
