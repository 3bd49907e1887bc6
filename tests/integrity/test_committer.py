"""Who really committed an act: a commit whose committer is not its author needs a signature or a trusted committer (W024)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stelsel.cli.main import cli

from ..release.gitrepo import PEOPLE, git, signing_key
from .conftest import INTEGRITY, findings, snapshot

CP = "changes/CP-0001.md"
REGISTER = "afsprakenstelsel/releases/0.1.yaml"
GOVERNANCE = "afsprakenstelsel/governance.yaml"
MANIFEST = "releases/0.1/manifest.json"
needs_gpg = pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed: cannot make a real signing key")


def committer(who: str) -> dict:
    name, email = PEOPLE[who]
    return {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def line_of(repo: Path, rel: str, text: str, after: int = 0) -> int:
    """The first line (after line ``after``) of a file that contains ``text``."""
    lines = (repo / rel).read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and text in line)


def at(found: list[dict], code: str) -> set[tuple[str, int]]:
    return {(d["path"], d["line"]) for d in found if d["code"] == code}


def framework(tmp_path: Path, edit=None, *extra: str, env: dict | None = None) -> Path:
    """The integrity framework committed once, authored by bob (``edit`` changes the governance text first)."""
    repo = tmp_path / "repo"
    shutil.copytree(INTEGRITY, repo)
    if edit is not None:
        path = repo / GOVERNANCE
        path.write_text(edit(path.read_text()))
    git(repo, "init", "-q", "-b", "main", who="bob")
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "Initial framework", *extra, who="bob", env=env)
    return repo


def spoofed_places(repo: Path) -> set[tuple[str, int]]:
    """The acts of the initial commit: CP-0001's decision (its first line) and move, the register's release decision."""
    return {(CP, line_of(repo, CP, "decision:") + 1), (CP, line_of(repo, CP, "by: bob", line_of(repo, CP, "history:"))),
            (REGISTER, line_of(repo, REGISTER, "decision:"))}


def test_acts_committed_by_someone_else_under_the_deciders_name_are_w024(tmp_path, runner):
    """dave commits bob's decision, move and release decision with --author bob: W024 at each, no W018."""
    repo = framework(tmp_path, None, env=committer("dave"))
    assert git(repo, "log", "-1", "--format=%ae %ce", who="bob").split() == ["bob@example.org", "dave@example.org"]
    found = findings(runner, repo)
    assert at(found, "W024") == spoofed_places(repo)
    assert at(found, "W018") == set()
    message = next(d["message"] for d in found if d["code"] == "W024" and d["path"] == REGISTER)
    assert "committed by Dave <dave@example.org>" in message and "whose author is Bob <bob@example.org>" in message


def test_the_same_acts_committed_by_their_author_are_clean(tmp_path, runner):
    """bob authors and commits his own acts: no W024 (the control for the test above)."""
    repo = framework(tmp_path)
    assert at(findings(runner, repo), "W024") == set()


def test_a_trusted_committer_may_commit_others_acts(tmp_path, runner):
    """dave's e-mail in workflow.trusted_committers (a forge's merge identity): his commits of bob's acts pass."""
    repo = framework(tmp_path, lambda text: text.replace("workflow:\n", "workflow:\n  trusted_committers: [Dave@Example.org]\n", 1),
                     env=committer("dave"))
    assert at(findings(runner, repo), "W024") == set()


@needs_gpg
def test_a_commit_signed_with_the_authors_listed_key_may_be_committed_by_another(tmp_path, runner, monkeypatch):
    """Committed by dave but signed with bob's key as the roster lists it: no W024; the same key unlisted: W024."""
    with signing_key("Bob <bob@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        listed = framework(tmp_path / "listed", lambda text: text.replace(
            "    email: bob@example.org\n", f"    email: bob@example.org\n    signing_keys: ['{fingerprint}']\n", 1),
            f"--gpg-sign={fingerprint}", env=committer("dave"))
        git(listed, "verify-commit", "HEAD", who="bob")
        assert at(findings(runner, listed), "W024") == set()

        unlisted = framework(tmp_path / "unlisted", None, f"--gpg-sign={fingerprint}", env=committer("dave"))
        found = findings(runner, unlisted)
        assert at(found, "W024") == spoofed_places(unlisted)
        assert "the roster lists no signing_keys for bob" in next(d["message"] for d in found if d["code"] == "W024")


@needs_gpg
def test_a_commit_signed_by_someone_elses_key_is_w024(tmp_path, runner, monkeypatch):
    """Committed by dave and signed with dave's own key while bob's listed key is another: W024 at each act."""
    with signing_key("Dave <dave@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        repo = framework(tmp_path, lambda text: text.replace(
            "    email: bob@example.org\n", "    email: bob@example.org\n    signing_keys: ['0000000000000000DEADBEEF']\n", 1),
            f"--gpg-sign={fingerprint}", env=committer("dave"))
        assert at(findings(runner, repo), "W024") == spoofed_places(repo)


@needs_gpg
def test_signed_decisions_with_another_key_than_the_listed_one_are_w019(tmp_path, runner, monkeypatch):
    """require_signed_decisions: bob's own commit signed with a key other than his listed one: W019 'not one of bob's signing keys'."""
    with signing_key("Bob <bob@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        repo = framework(tmp_path, lambda text: text.replace(
            "workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1).replace(
            "    email: bob@example.org\n", "    email: bob@example.org\n    signing_keys: ['0000000000000000DEADBEEF']\n", 1),
            f"--gpg-sign={fingerprint}")
        found = findings(runner, repo)
        assert at(found, "W019") == {(CP, line_of(repo, CP, "decision:") + 1), (REGISTER, line_of(repo, REGISTER, "decision:"))}
        assert all("not one of bob's signing keys" in d["message"] for d in found if d["code"] == "W019")


@needs_gpg
def test_signed_decisions_need_the_deciders_listed_key(tmp_path, runner, monkeypatch):
    """require_signed_decisions: bob's commit signed with a key his roster then did not list is W019 at both decisions, even once listed today."""
    with signing_key("Bob <bob@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        repo = framework(tmp_path, lambda text: text.replace("workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1),
                         f"--gpg-sign={fingerprint}")
        found = findings(runner, repo)
        assert at(found, "W019") == {(CP, line_of(repo, CP, "decision:") + 1), (REGISTER, line_of(repo, REGISTER, "decision:"))}
        assert all("lists no signing_keys for bob" in d["message"] for d in found if d["code"] == "W019")
        # listed in the roster the decisions were committed with: no W019 (listed only today would not do)
        listed = framework(tmp_path / "listed", lambda text: text.replace(
            "workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1).replace(
            "    email: bob@example.org\n", f"    email: bob@example.org\n    signing_keys: ['{fingerprint}']\n", 1),
            f"--gpg-sign={fingerprint}")
        assert at(findings(runner, listed), "W019") == set()
        path = repo / GOVERNANCE
        path.write_text(path.read_text().replace("    email: bob@example.org\n",
                                                 f"    email: bob@example.org\n    signing_keys: ['{fingerprint}']\n", 1))
        assert at(findings(runner, repo), "W019") == spoofed_places(repo) - {(CP, line_of(repo, CP, "by: bob", 22))}


def test_release_cut_as_someone_else_is_refused_before_anything_is_written(tmp_path, runner):
    """bob runs 'release cut --as carol' with his own git identity: refused with how to run it as carol; tree and HEAD unchanged."""
    repo = framework(tmp_path)
    before, head = snapshot(repo), git(repo, "rev-parse", "HEAD", who="bob")
    result = runner.invoke(cli, ["release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12"],
                           catch_exceptions=False, env=committer("bob"))
    assert result.exit_code == 2, result.output
    assert "would be committed by Bob <bob@example.org>" in result.output and "(W024)" in result.output
    assert "GIT_COMMITTER_EMAIL=carol@example.org" in result.output
    assert snapshot(repo) == before and git(repo, "rev-parse", "HEAD", who="bob") == head
    assert git(repo, "tag", who="bob").strip() == ""


def test_publish_and_open_as_someone_else_are_refused(tmp_path, runner):
    """bob publishes and opens as carol with his own git identity: both refused, nothing written; as carol they pass."""
    repo = framework(tmp_path)
    cut = ["release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12"]
    assert runner.invoke(cli, cut, catch_exceptions=False, env=committer("carol")).exit_code == 0
    before = snapshot(repo)
    for args in (["publish", "0.1"], ["open", "0.2", "--title", "Versie 0.2"]):
        result = runner.invoke(cli, ["release", *args, "--as", "carol", "-C", str(repo)], catch_exceptions=False,
                               env=committer("bob"))
        assert result.exit_code == 2 and "would be committed by Bob <bob@example.org>" in result.output, result.output
        assert snapshot(repo) == before
    result = runner.invoke(cli, ["release", "publish", "0.1", "--as", "carol", "-C", str(repo)],
                           catch_exceptions=False, env=committer("carol"))
    assert result.exit_code == 0, result.output


def test_a_trusted_committer_may_commit_a_cut_as_someone_else(tmp_path, runner):
    """dave, listed in workflow.trusted_committers, cuts as carol: allowed (W024 accepts him), and check finds no W024."""
    repo = framework(tmp_path, lambda text: text.replace(
        "workflow:\n", "workflow:\n  trusted_committers: [dave@example.org]\n", 1))
    result = runner.invoke(cli, ["release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12"],
                           catch_exceptions=False, env=committer("dave"))
    assert result.exit_code == 0, result.output
    assert git(repo, "log", "-1", "--format=%ae %ce", who="bob").split() == ["carol@example.org", "dave@example.org"]
    assert at(findings(runner, repo), "W024") == set()


def test_a_cut_committed_by_hand_as_someone_else_is_w024_at_the_cut_and_its_move(tmp_path, runner):
    """bob commits carol's cut (made with --no-git) with --author carol: W024 at the manifest's cut and its move."""
    repo = framework(tmp_path)
    result = runner.invoke(cli, ["release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12",
                                 "--no-git"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "Release 0.1", "--author", "Carol <carol@example.org>", who="bob")
    found = findings(runner, repo)
    assert at(found, "W024") == {(MANIFEST, line_of(repo, MANIFEST, '"cut_by"')),
                                 (CP, line_of(repo, CP, "by: carol", line_of(repo, CP, "history:")))}


def test_a_committer_who_trusts_himself_in_the_same_commit_is_w024(tmp_path, runner):
    """dave adds himself to trusted_committers in the very commit where he commits bob's withdrawal: W024 (the roster before it counts)."""
    repo = framework(tmp_path)
    gov = repo / GOVERNANCE
    gov.write_text(gov.read_text().replace("workflow:\n", "workflow:\n  trusted_committers: [dave@example.org]\n", 1))
    path = repo / CP
    path.write_text(path.read_text().replace("status: aangenomen", "status: ingetrokken").replace(
        "---\nEerste", "  - at: 2026-01-06\n    by: bob\n    from: aangenomen\n    to: ingetrokken\n---\nEerste"))
    git(repo, "add", "-A", who="bob")
    git(repo, "commit", "-q", "-m", "ingetrokken", who="bob", env=committer("dave"))
    found = findings(runner, repo)
    assert at(found, "W024") == {(CP, line_of(repo, CP, "by: bob", line_of(repo, CP, "at: 2026-01-06")))}


@needs_gpg
def test_a_key_listed_in_the_same_commit_does_not_vouch(tmp_path, runner, monkeypatch):
    """dave lists his own key as bob's in the commit he signs with it (author bob): W024 at the act; listed earlier by a decided roster it would pass."""
    with signing_key("Dave <dave@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        repo = framework(tmp_path)
        gov = repo / GOVERNANCE
        gov.write_text(gov.read_text().replace("    email: bob@example.org\n",
                                               f"    email: bob@example.org\n    signing_keys: ['{fingerprint}']\n", 1))
        path = repo / CP
        path.write_text(path.read_text().replace("status: aangenomen", "status: ingetrokken").replace(
            "---\nEerste", "  - at: 2026-01-06\n    by: bob\n    from: aangenomen\n    to: ingetrokken\n---\nEerste"))
        git(repo, "add", "-A", who="bob")
        git(repo, "commit", "-q", "-m", "ingetrokken", f"--gpg-sign={fingerprint}", who="bob", env=committer("dave"))
        git(repo, "verify-commit", "HEAD", who="bob")
        found = findings(runner, repo)
        assert at(found, "W024") == {(CP, line_of(repo, CP, "by: bob", line_of(repo, CP, "at: 2026-01-06")))}


def test_dropping_signed_decisions_afterwards_does_not_excuse_an_unsigned_decision(tmp_path, runner):
    """Decisions committed unsigned while require_signed_decisions held stay W019 after a later commit drops it."""
    repo = framework(tmp_path, lambda text: text.replace("workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1))
    decisions = {(CP, line_of(repo, CP, "decision:") + 1), (REGISTER, line_of(repo, REGISTER, "decision:"))}
    assert at(findings(runner, repo), "W019") == decisions
    path = repo / GOVERNANCE
    path.write_text(path.read_text().replace("  require_signed_decisions: true\n", "", 1))
    git(repo, "commit", "-q", "-am", "Signatures no longer required", who="bob")
    assert at(findings(runner, repo), "W019") == decisions
