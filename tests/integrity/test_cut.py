"""The cut is transactional and checks itself: a cut either checks clean afterwards or changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from stelsel import vcs
from stelsel.check import run_rules
from stelsel.codes import RELEASED_TEXT_MODIFIED
from stelsel.release.states import ReleaseError
from stelsel.workflow.release_acts import cut

from ..release.gitrepo import signing_key
from .conftest import commit_all, decide_release, errors, findings, git, run, snapshot
from .test_authority import state

MA = "afsprakenstelsel/afspraken/MA-001.yaml"


@pytest.fixture(autouse=True)
def _carol_commits(monkeypatch):
    """The cuts these tests make in Python are carol's: git commits them with her as committer (W024)."""
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Carol")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "carol@example.org")


def test_same_day_propose_decide_accept_and_cut_checks_clean(released, runner):
    """Propose, decide, accept and cut 0.2 on one day through the CLI: the result checks clean, no W007."""
    today = dt.date.today().isoformat()
    root = str(released)
    agreement = released / MA
    agreement.write_text(agreement.read_text().replace("MOET", "MOET altijd", 1))
    run(runner, "propose", "--id", "CP-0002", "--title", "Altijd", "--item", "change:MA-001", "--author", "alice",
        "--working-group", "wg-test", "--motivation", "Zodat de juiste informatie op de juiste plek komt.", "-C", root)
    assert 'target_release: "0.2"' in (released / "changes/CP-0002.md").read_text() or \
        "target_release: '0.2'" in (released / "changes/CP-0002.md").read_text()
    commit_all(released, "CP-0002: altijd", who="alice")
    run(runner, "decide", "CP-0002", "--as", "bob", "--outcome", "aangenomen", "--date", today, "-C", root)
    commit_all(released, "CP-0002: besluit van de stuurgroep", who="bob")
    run(runner, "move", "CP-0002", "aangenomen", "--as", "bob", "-C", root)
    commit_all(released, "CP-0002 aangenomen", who="bob")
    decide_release(released, "0.2", today)
    run(runner, "release", "cut", "0.2", "--as", "carol", "-C", root, "--date", today)
    history = (released / "changes/CP-0002.md").read_text()
    assert "to: opgenomen" in history
    found = findings(runner, released)
    assert "W007" not in {d["code"] for d in found}
    assert errors(found) == []


def test_cut_refuses_an_item_in_concept_and_changes_nothing(repo, runner):
    """An agreement in concept: the cut is refused naming it (exit 2), and nothing changes."""
    path = repo / MA
    path.write_text(path.read_text().replace("status: gereed", "status: concept"))
    commit_all(repo, "MA-001 back to concept", who="alice")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), code=2)
    assert f"agreement MA-001 ({MA}) is 'concept'" in result.output
    assert state(repo) == before


def test_cut_refuses_a_broken_reference_and_changes_nothing(repo, runner):
    """A dangling [[link]] in a page: the check refuses the cut (R006), and nothing changes."""
    page = repo / "afsprakenstelsel/paginas/intro.md"
    page.write_text(page.read_text() + "\nZie [[MA-404]].\n")
    commit_all(repo, "a link to nothing", who="alice")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), code=2)
    assert "R006" in result.output and "MA-404" in result.output
    assert state(repo) == before


def _failing_where(predicate):
    """A run_rules that adds one error finding when ``predicate(project)`` holds."""
    def rules(project):
        found, crashed = run_rules(project)
        if predicate(project):
            found = [*found, RELEASED_TEXT_MODIFIED.at("releases/0.1/manifest.json", 1, 1, "planted finding")]
        return found, crashed
    return rules


def test_an_error_in_the_built_copy_refuses_and_changes_nothing(repo):
    """The check of the release built in the temporary copy finds an error: refused, the tree untouched."""
    before = state(repo)
    rules = _failing_where(lambda project: Path(project.root).resolve() != repo.resolve())
    with pytest.raises(ReleaseError, match="(?s)the cut release would not check clean.*planted finding"):
        cut(repo, "0.1", "carol", run_rules=rules, today=dt.date(2026, 1, 12))
    assert state(repo) == before


def test_an_error_in_place_rolls_back(repo):
    """The check in place (history visible) finds an error: every file is rolled back, no folder, no commit."""
    before = state(repo)
    rules = _failing_where(lambda project: Path(project.root).resolve() == repo.resolve()
                           and (repo / "releases/0.1").exists())
    with pytest.raises(ReleaseError, match="every change was rolled back"):
        cut(repo, "0.1", "carol", run_rules=rules, today=dt.date(2026, 1, 12))
    assert state(repo) == before


def test_a_failing_commit_changes_nothing(repo, runner):
    """A pre-commit hook refuses the cut's commit: refused (exit 2), files, index, HEAD and tags as before."""
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), code=2)
    assert "could not be committed" in result.output and "nothing was changed" in result.output
    assert state(repo) == before


def test_a_failing_tag_takes_the_commit_back(repo, monkeypatch):
    """git refuses the tag: the cut's commit is taken back, and files, index, HEAD and tags are as before."""
    def no_tag(*args, **kwargs):
        raise vcs.GitProblem("git tag failed: planted")

    monkeypatch.setattr(vcs, "annotated_tag", no_tag)
    before = state(repo)
    with pytest.raises(ReleaseError, match="(?s)could not be tagged.*nothing was changed"):
        cut(repo, "0.1", "carol", run_rules=run_rules, today=dt.date(2026, 1, 12))
    assert state(repo) == before


def test_cut_then_check_is_clean(released, runner):
    """Right after carol's cut, check has no findings at all (warnings included)."""
    assert findings(runner, released) == []


def test_a_step_after_the_cut_date_is_refused(tmp_path, runner):
    """A proposal accepted after the cut's date cannot be in it: refused, nothing changes."""
    from ..release.gitrepo import init_repo
    from .conftest import INTEGRITY

    source = tmp_path / "source"
    shutil.copytree(INTEGRITY, source)
    proposal = source / "changes/CP-0001.md"
    proposal.write_text(proposal.read_text().replace("  - at: 2026-01-05\n", "  - at: 2026-01-11T09:00:00+01:00\n"))
    repo = init_repo(source, tmp_path / "repo", who="bob")
    before = state(repo)
    result = run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-10", code=2)
    assert "a proposal's last step is dated 2026-01-11 09:00:00+01:00, after the cut's date (2026-01-10)" in result.output
    assert state(repo) == before


def test_changelog_with_a_problem_writes_nothing(released, runner):
    """A frozen release whose included proposal is gone: 'release changelog' exits 1 and leaves CHANGELOG.md as it was."""
    shutil.rmtree(released / "releases/0.1/changes")
    before = snapshot(released)
    result = run(runner, "release", "changelog", "-C", str(released), code=1)
    assert "no included proposal carries it" in result.output and "not written" in result.output
    assert snapshot(released) == before


@pytest.mark.skipif(shutil.which("gpg") is None, reason="gpg is not installed: cannot make a real signing key")
def test_signed_decisions_make_a_signed_tag(tmp_path, runner, monkeypatch):
    """With require_signed_decisions, the cut's tag release-0.1 is signed (git tag -v passes) and check is clean."""
    from .conftest import INTEGRITY

    with signing_key("Bob <bob@example.org>") as (home, fingerprint):
        monkeypatch.setenv("GNUPGHOME", home)
        repo = tmp_path / "repo"
        shutil.copytree(INTEGRITY, repo)
        governance = repo / "afsprakenstelsel/governance.yaml"
        governance.write_text(governance.read_text().replace("workflow:\n", "workflow:\n  require_signed_decisions: true\n", 1)
                              .replace("    email: bob@example.org\n",
                                       f"    email: bob@example.org\n    signing_keys: ['{fingerprint}']\n", 1))
        git(repo, "init", "-q", "-b", "main", who="bob")
        for key, value in (("user.name", "Bob"), ("user.email", "bob@example.org"), ("user.signingkey", fingerprint),
                           ("commit.gpgsign", "true")):
            git(repo, "config", key, value, who="bob")
        commit_all(repo, "Initial framework, signed", who="bob")
        run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
        content_hash = json.loads((repo / "releases/0.1/manifest.json").read_text())["content_hash"]
        raw = git(repo, "cat-file", "tag", "release-0.1")
        assert "-----BEGIN PGP SIGNATURE-----" in raw and f"Stelsel-Content-Hash: {content_hash}" in raw
        git(repo, "tag", "-v", "release-0.1")
        assert errors(findings(runner, repo)) == []


def test_the_cut_commits_only_its_own_paths_and_leaves_staged_files_staged(repo, runner):
    """A README and a new file the user had staged stay staged and out of the cut commit."""
    (repo / "README.md").write_text("# mijn notitie\n")
    (repo / "notes.txt").write_text("geheim\n")
    git(repo, "add", "README.md", "notes.txt", who="carol")
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
    committed = git(repo, "show", "--name-only", "--format=", "HEAD", who="carol").split()
    assert "README.md" not in committed and "notes.txt" not in committed and "releases/0.1/manifest.json" in committed
    assert sorted(git(repo, "diff", "--cached", "--name-only", who="carol").split()) == ["README.md", "notes.txt"]


def test_sigterm_during_the_cut_rolls_everything_back(repo, monkeypatch, tmp_path):
    """SIGTERM while the cut is being put in place rolls back like Ctrl-C: tree, HEAD and tags as before, no temporary folder."""
    import os
    import signal
    import tempfile

    from stelsel.atomic import Terminated
    from stelsel.release import cut as cut_module

    before, head = state(repo), git(repo, "rev-parse", "HEAD", who="carol")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    install = cut_module._install

    def install_then_terminated(work, root, version, originals):
        install(work, root, version, originals)
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(10**6):  # the handler runs between bytecodes
            pass

    monkeypatch.setattr(cut_module, "_install", install_then_terminated)
    with pytest.raises(Terminated):
        cut(repo, "0.1", "carol", run_rules=run_rules, today=dt.date(2026, 1, 12))
    assert state(repo) == before and git(repo, "rev-parse", "HEAD", who="carol") == head
    assert not (repo / "releases/.0.1.staging").exists() and list((tmp_path / "tmp").iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
