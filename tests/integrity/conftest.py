"""Shared pieces for the integrity tests: a real repository of a small framework, by four people.

The roster (``tests/fixtures/integrity``): alice (working group, author), bob (stuurgroep
voorzitter: decides proposals and releases), carol (afsprakenbeheer voorzitter: opens, cuts
and publishes releases), dave (a supplier in the sounding board: no authority at all).
Each person commits with their roster e-mail (``tests/release/gitrepo.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stelsel.cli.main import cli

from ..conftest import FIXTURES
from ..release.gitrepo import PEOPLE, commit_all, git, init_repo

INTEGRITY = FIXTURES / "integrity"


def run(runner, *args: str, code: int | None = 0):
    """Invoke the CLI; assert the exit code unless ``code`` is None.

    A command run ``--as PERSON`` is run by that person: git commits it makes have them as
    committer too (the act's author alone is no proof of who committed it, W024).
    """
    env = None
    if "--as" in args and args.index("--as") + 1 < len(args) and args[args.index("--as") + 1] in PEOPLE:
        name, email = PEOPLE[args[args.index("--as") + 1]]
        env = {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    result = runner.invoke(cli, list(args), catch_exceptions=False, env=env)
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def findings(runner, repo: Path, *extra: str) -> list[dict]:
    """The findings of ``stelsel check --no-cache --format json`` (plus ``extra`` options)."""
    result = runner.invoke(cli, ["check", "-C", str(repo), "--no-cache", "--format", "json", *extra],
                           catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return data["diagnostics"] if isinstance(data, dict) else data


def codes_of(found: list[dict]) -> set[str]:
    return {d["code"] for d in found}


def errors(found: list[dict]) -> list[dict]:
    return [d for d in found if d["severity"] == "error"]


def decide_release(repo: Path, version: str, day: str, who: str = "bob") -> None:
    """Record the stuurgroep's release decision in the register entry and commit it as ``who``."""
    path = repo / f"afsprakenstelsel/releases/{version}.yaml"
    path.write_text(path.read_text() + f"decision:\n  body: stuurgroep\n  by: bob\n  date: {day}\n"
                    f"  reference: besluitenlijst {day}\n")
    commit_all(repo, f"Release decision {version}", who=who)


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every file of the working tree (outside .git) with its bytes: to assert that nothing changed."""
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted(repo.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(repo).parts}


@pytest.fixture
def repo(tmp_path) -> Path:
    """The integrity framework in a fresh repository; bob commits it (he recorded CP-0001's decision)."""
    return init_repo(INTEGRITY, tmp_path / "repo", who="bob")


@pytest.fixture
def released(repo, runner) -> Path:
    """``repo`` with release 0.1 cut by carol through the CLI (the register's 0.1 decision is bob's)."""
    run(runner, "release", "cut", "0.1", "--as", "carol", "-C", str(repo), "--date", "2026-01-12")
    return repo


__all__ = ["run", "findings", "codes_of", "errors", "decide_release", "snapshot", "commit_all", "git"]
