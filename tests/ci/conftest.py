"""A content repository as a forge sees it: an origin with main and a change branch, and a fresh clone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..helpers import make_tree

BIN = Path(sys.executable).parent  # the virtualenv's console scripts: stelsel, actionlint, check-jsonschema


def tool_env(home: Path, **extra: str) -> dict:
    """The environment CI commands run in here: the virtualenv first on PATH, no user or system git config."""
    env = dict(os.environ)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                 "GIT_COMMITTER_EMAIL"):
        env.pop(name, None)
    env.update(PATH=os.pathsep.join([str(BIN), env.get("PATH", "")]), HOME=str(home), GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_AUTHOR_NAME="Beheer",
               GIT_AUTHOR_EMAIL="beheer@stelsel.example", GIT_COMMITTER_NAME="Beheer",
               GIT_COMMITTER_EMAIL="beheer@stelsel.example", **extra)
    return env


def git(cwd: Path, env: dict, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


class ContentRepo:
    """``origin`` holds main and the branch ``change``; ``clone()`` is a fresh full clone on ``change``."""

    def __init__(self, base: Path):
        self.base = base
        (base / "home").mkdir()
        self.env = tool_env(base / "home", STELSEL_CACHE_DIR=str(base / "cache"))
        self.origin = make_tree(base / "origin")
        git(self.origin, self.env, "init", "-q", "-b", "main")
        git(self.origin, self.env, "add", "-A")
        git(self.origin, self.env, "commit", "-q", "-m", "Afsprakenstelsel: beginstand")
        git(self.origin, self.env, "checkout", "-q", "-b", "change")

    def change(self, rel: str, old: str, new: str) -> None:
        """Commit an edit on the change branch of origin."""
        path = self.origin / rel
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old in text, f"{old!r} not in {rel}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")
        git(self.origin, self.env, "add", "-A")
        git(self.origin, self.env, "commit", "-q", "-m", f"edit {rel}")

    def clone(self, name: str = "clone", branch: str = "change") -> Path:
        target = self.base / name
        if target.exists():
            shutil.rmtree(target)
        git(self.base, self.env, "clone", "-q", "--branch", branch, str(self.origin), str(target))
        return target


@pytest.fixture
def content_repo(tmp_path) -> ContentRepo:
    return ContentRepo(tmp_path)
