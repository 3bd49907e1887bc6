"""Fixtures for the workflow tests: a writable framework tree and real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DATA = Path(__file__).resolve().parent / "data"

PEOPLE = {
    "alice": ("Alice Aalders", "alice@a.example"),
    "bob": ("Bob Bakker", "bob@b.example"),
    "carol": ("Carol Claes", "carol@c.example"),
    "dave": ("Dave Dekker", "dave@d.example"),
    "erin": ("Erin Evers", "erin@e.example"),
    "mallory": ("Mallory Mol", "mallory@m.example"),
    "beheer": ("Beheer", "beheer@stelsel.example"),
}


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch, tmp_path_factory):
    """Git in the tests reads no user or system config, so a developer's settings cannot interfere."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("HOME", str(home))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR",
                 "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def tree(tmp_path) -> Path:
    """A writable copy of the workflow fixture (no git)."""
    target = tmp_path / "stelsel"
    shutil.copytree(FIXTURES / "workflow", target)
    return target


class Repo:
    """A real git repository in a temporary folder, committing as people of the roster."""

    def __init__(self, root: Path):
        self.root = root

    def git(self, *args: str, person: str | None = None, env: dict | None = None, check: bool = True) -> str:
        full_env = dict(os.environ)
        if person is not None:
            name, email = PEOPLE[person]
            full_env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name,
                            GIT_COMMITTER_EMAIL=email)
        full_env.update(env or {})
        done = subprocess.run(["git", *args], cwd=self.root, env=full_env, capture_output=True, text=True)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def commit(self, person: str, message: str, *extra: str, env: dict | None = None) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, *extra, person=person, env=env)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tree) -> Repo:
    """The workflow fixture as a git repository on branch main, first committed by the secretariat."""
    r = Repo(tree)
    r.git("init", "-q", "-b", "main")
    r.commit("beheer", "Afsprakenstelsel: beginstand")
    return r


class Stelsel:
    """Runs stelsel commands in-process against one project root."""

    def __init__(self, root: Path):
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str):
        return self.runner.invoke(cli, list(args), catch_exceptions=False)

    def at(self, *args: str):
        """A command that takes -C ROOT."""
        return self(*args, "-C", str(self.root))

    def check(self, *extra: str):
        return self("check", str(self.root), "--no-cache", *extra)


@pytest.fixture
def stelsel(tree) -> Stelsel:
    return Stelsel(tree)


def proposal_path(root: Path, ident: str) -> Path:
    return root / "changes" / f"{ident}.md"
