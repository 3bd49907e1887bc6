"""Fixtures for a framework made from scratch: git that reads no user config, acting as its people."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

PEOPLE = {"ann": ("Ann Smith", "ann@example.org", "Org A"), "ben": ("Ben Jones", "ben@example.org", "Org B")}
PERSON_OPTIONS = [arg for ident, (name, email, org) in PEOPLE.items() for arg in ("--person", f"{name} <{email}> ({org})")]


@pytest.fixture(autouse=True)
def _quiet_git(monkeypatch, tmp_path_factory):
    """Git reads no user or system config; the committer is whoever acts (set with as_person)."""
    quiet_git(monkeypatch, tmp_path_factory.mktemp("home"))


def quiet_git(monkeypatch, home: Path) -> None:
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("HOME", str(home))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)
    as_person(monkeypatch, "ann")


def as_person(monkeypatch, ident: str) -> None:
    """Commits from now on are committed (and, by git, authored) by ``ident``."""
    name, email, _org = PEOPLE[ident]
    for prefix in ("GIT_COMMITTER", "GIT_AUTHOR"):
        monkeypatch.setenv(f"{prefix}_NAME", name)
        monkeypatch.setenv(f"{prefix}_EMAIL", email)


class Stelsel:
    """``stelsel`` run in-process on one project."""

    def __init__(self, root: Path):
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str, ok: bool = True):
        result = self.runner.invoke(cli, ["-C", str(self.root), *args])
        if ok:
            assert result.exit_code == 0, (args, result.output)
        return result

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True, text=True,
                              env=dict(os.environ)).stdout


def init_english(target: Path, title: str = "Example Trust Framework", *extra: str):
    return CliRunner().invoke(cli, ["init", str(target), "--language", "en", "--title", title, *PERSON_OPTIONS, *extra])


CATALOGUE = Path(__file__).resolve().parent.parent / "fixtures" / "catalogue"
VERSIONS = (("v1.csv", "1.0"), ("v2.csv", "1.1"), ("v3.csv", "1.2"))
MAP = "id=Ref,title=Name,statement=Requirement,applies_to=Roles,layers=Layer"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The English framework with its founding release 0.1 and the three catalogue versions as 1.0, 1.1, 1.2
    (made once; a test that changes it works on a copy)."""
    base = tmp_path_factory.mktemp("second")
    with pytest.MonkeyPatch.context() as monkeypatch:
        quiet_git(monkeypatch, base)
        monkeypatch.setenv("STELSEL_CACHE_DIR", str(base / "cache"))
        assert init_english(base / "etf").exit_code == 0
        stelsel = Stelsel(base / "etf")
        stelsel("release", "cut", "0.1", "--as", "ann", "--founding")
        for name, version in VERSIONS:
            result = stelsel("import", str(CATALOGUE / name), "--map", MAP, "--level-from-text",
                             "--as-release", version, "--as", "ann")
            assert f"release {version} frozen" in result.output
    return base / "etf"
