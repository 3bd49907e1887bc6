"""The result cache is never stale: after any kind of edit, a cached check equals a --no-cache check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.check import check_tree

from .conftest import FIXTURES
from .release.gitrepo import commit_all, git, init_repo
from .release.test_release_history import AGREEMENT_002, PROPOSAL_02, _decide_release, run

CONTENT = "afsprakenstelsel/"


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A real repository with releases 0.1 and 0.2 cut through the CLI (frozen folders, manifests, CHANGELOG)."""
    runner = CliRunner()
    base = tmp_path_factory.mktemp("released")
    os.environ.setdefault("STELSEL_CACHE_DIR", str(base / "cache"))
    repo = init_repo(FIXTURES / "release", base / "repo", who="bob")
    run(runner, "release", "cut", "0.1", "--as", "bob", "-C", str(repo), "--date", "2026-01-12")
    agreement = repo / CONTENT / "afspraken/MA-001.yaml"
    agreement.write_text(agreement.read_text().replace("een servicedesk inrichten", "een servicedesk en helpdesk inrichten"))
    (repo / CONTENT / "afspraken/MA-002.yaml").write_text(AGREEMENT_002)
    (repo / "changes/CP-0002.md").write_text(PROPOSAL_02)
    _decide_release(repo, "0.2", "2026-03-10")
    commit_all(repo, "CP-0002: helpdesk, decided by the stuurgroep", who="bob")
    run(runner, "release", "cut", "0.2", "--as", "bob", "-C", str(repo), "--date", "2026-03-12")
    run(runner, "release", "open", "0.3", "--as", "bob", "-C", str(repo), "--title", "Release 0.3")  # not L011
    return repo


@pytest.fixture
def repo(released, tmp_path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(released, target, symlinks=True)
    return target


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _manifest_hash(root: Path) -> None:
    path = root / "releases/0.1/manifest.json"
    manifest = json.loads(path.read_text())
    first = sorted(manifest["files"])[0]
    manifest["files"][first] = "0" * 64
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def _edit_decision_as_alice(root: Path) -> None:
    _sub(root / "changes/CP-0002.md", "minutes: besluitenlijst 2026-03", "minutes: besluitenlijst 2026-04")
    commit_all(root, "decision edited by someone else", who="alice")


def _squash_history(root: Path, who: str, *options: str) -> None:
    """History changes, the tree does not: every commit is redone as one commit by ``who``."""
    first = git(root, "rev-list", "--max-parents=0", "HEAD", who=who).strip()
    git(root, "reset", "-q", "--soft", first, who=who)
    git(root, "commit", "-q", "--amend", "--no-edit", "--reset-author", *options, who=who)


EDITS = {
    "item": lambda r: _sub(r / CONTENT / "afspraken/MA-002.yaml", "applies_to: [zorgaanbieder]", "applies_to: [tandarts]"),
    "new item file": lambda r: (r / CONTENT / "rollen/kapot.yaml").write_text("kind: role\nid: [open\n"),
    "deleted item file": lambda r: next((r / CONTENT / "rollen").glob("*.yaml")).unlink(),
    "proposal": lambda r: _sub(r / "changes/CP-0002.md", "status: opgenomen", "status: onbekend"),
    "config": lambda r: _sub(r / CONTENT / "stelsel.yaml", "id: organisatie", "id: organisatielaag"),
    "governance": lambda r: _sub(r / CONTENT / "governance.yaml", "id: bob", "id: robert"),
    "frozen file": lambda r: _sub(r / "releases/0.1/afsprakenstelsel/afspraken/MA-001.yaml", "servicedesk", "helpdesk"),
    "manifest": _manifest_hash,
    "deleted release": lambda r: shutil.rmtree(r / "releases/0.1"),
    "changelog": lambda r: (r / "CHANGELOG.md").write_text((r / "CHANGELOG.md").read_text() + "\n- met de hand erbij\n"),
    "git history (a commit)": _edit_decision_as_alice,
    "git history (same tree)": lambda r: _squash_history(r, "alice"),
}


def _findings(result) -> list[tuple]:
    return [(d.path, d.line, d.col, d.code, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("kind", list(EDITS))
def test_cached_equals_uncached_after_each_kind_of_edit(repo, kind):
    """Warm the cache, edit one kind of input: the next cached check reports exactly what --no-cache reports."""
    before = check_tree(repo)
    assert check_tree(repo).cached, "the cache must be warm before the edit (else this test proves nothing)"
    EDITS[kind](repo)
    cached = check_tree(repo)
    fresh = check_tree(repo, use_cache=False)
    assert _findings(cached) == _findings(fresh)
    assert _findings(fresh) != _findings(before), f"the {kind} edit must change the findings"
    again = check_tree(repo)
    assert again.cached and _findings(again) == _findings(fresh)


def test_a_folder_that_appears_at_the_top_is_seen(tmp_path):
    """A tree checked without changes/ and then given one (with a broken proposal) is not answered from the cache."""
    from .helpers import make_tree

    root = make_tree(tmp_path / "tree")
    (root / "changes").rmdir()
    before = check_tree(root)
    assert check_tree(root).cached
    (root / "changes").mkdir()
    (root / "changes/WV-001.md").write_text("---\nid: WV-001\n---\n")
    cached, fresh = check_tree(root), check_tree(root, use_cache=False)
    assert not cached.cached and _findings(cached) == _findings(fresh) != _findings(before)


def test_a_hand_edited_changelog_is_reported_on_the_cached_run_too(repo):
    """The reported bug: after a hand edit of CHANGELOG.md, the second (cached) run still gives L003."""
    assert check_tree(repo).diagnostics == [] and check_tree(repo).cached
    _sub(repo / "CHANGELOG.md", "# ", "# Met de hand: ")
    first, second = check_tree(repo), check_tree(repo)
    assert "L003" in [d.code for d in first.diagnostics]
    assert second.cached and [d.code for d in second.diagnostics] == [d.code for d in first.diagnostics]


@pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed: cannot make a real signing key")
def test_keyring_change_is_seen_by_the_cache(repo, monkeypatch):
    """With signed decisions required, a signing key removed from the keyring turns a cached result into one with W019."""
    _sub(repo / CONTENT / "governance.yaml", "workflow:\n", "workflow:\n  require_signed_decisions: true\n")
    home = tempfile.mkdtemp(prefix="stgpg")  # short: gpg-agent's socket path must fit
    os.chmod(home, 0o700)
    env = {**os.environ, "GNUPGHOME": home}
    try:
        subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "Bob <bob@example.org>",
                        "default", "default", "never"], env=env, check=True, capture_output=True)
        monkeypatch.setenv("GNUPGHOME", home)
        listing = subprocess.run(["gpg", "--list-keys", "--with-colons"], env=env, check=True,
                                 capture_output=True, text=True).stdout
        fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
        # a signature counts only with a key the roster lists for the decider
        _sub(repo / CONTENT / "governance.yaml", "    email: bob@example.org\n",
             f"    email: bob@example.org\n    signing_keys: ['{fingerprint}']\n")
        git(repo, "add", "-A", who="bob")
        _squash_history(repo, "bob", "-S")  # every decision now in one commit signed by bob
        git(repo, "tag", "-d", "release-0.1", "release-0.2", who="bob")  # they name the cut commits squashed away (L005)
        clean = check_tree(repo)
        check_tree(repo)  # gpg updates its trustdb at its first verification: a run during that is not stored
        # the governance edited above, after 0.2 was frozen, by no proposal: L004, and nothing about signatures
        assert [(d.code, d.path) for d in clean.diagnostics] == [("L004", CONTENT + "governance.yaml")]
        assert check_tree(repo).cached
        subprocess.run(["gpg", "--batch", "--yes", "--delete-secret-and-public-key", fingerprint], env=env,
                       check=True, capture_output=True)
        cached, fresh = check_tree(repo), check_tree(repo, use_cache=False)
        assert _findings(cached) == _findings(fresh)
        assert _findings(fresh) != _findings(clean)
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
