"""The pre-commit hook: a content repository that uses it cannot commit a finding.

pre-commit installs the hook the way a content repository gets it: it clones the hook
repository at a rev and pip-installs it into an environment of its own (language: python).
The hook repository here is this working tree's package (pyproject, README, tooling/ and
.pre-commit-hooks.yaml) committed with fixed dates, so the same code gives the same rev and a
later run reuses the environment pre-commit built (kept in $STELSEL_CACHE_DIR/pre-commit when
that is set); the first run installs stelsel's dependencies from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..helpers import REPO, make_tree
from .conftest import BIN, git, tool_env

FIXED = {"GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}


def _hook_repo(dest: Path, env: dict) -> str:
    """This working tree's package as a git repository; returns its commit."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "tooling", dest / "tooling",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".*"))
    git(dest, env, "init", "-q", "-b", "main")
    git(dest, env, "add", "-A")
    git(dest, {**env, **FIXED}, "commit", "-q", "-m", "stelsel")
    return git(dest, env, "rev-parse", "HEAD").strip()


@pytest.mark.slow
def test_the_hook_passes_a_clean_commit_and_refuses_a_finding(tmp_path):
    """With the stelsel-check hook installed, a clean commit goes through; one with an unknown level is refused, naming R001."""
    cache = Path(os.environ["STELSEL_CACHE_DIR"]) if os.environ.get("STELSEL_CACHE_DIR") else tmp_path / "cache"
    (tmp_path / "home").mkdir()
    env = tool_env(tmp_path / "home", PRE_COMMIT_HOME=str(cache / "pre-commit"),
                   STELSEL_CACHE_DIR=str(tmp_path / "stelsel-cache"))
    rev = _hook_repo(tmp_path / "hooks", env)
    content = make_tree(tmp_path / "content")
    (content / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'hooks'}\n    rev: {rev}\n    hooks:\n      - id: stelsel-check\n",
        encoding="utf-8")
    git(content, env, "init", "-q", "-b", "main")
    installed = subprocess.run([str(BIN / "pre-commit"), "install"], cwd=content, env=env, capture_output=True,
                               text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    git(content, env, "add", "-A")
    clean = subprocess.run(["git", "commit", "-q", "-m", "beginstand"], cwd=content, env=env, capture_output=True,
                           text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "stelsel check" in clean.stdout + clean.stderr and "Passed" in clean.stdout + clean.stderr

    agreement = content / "afsprakenstelsel" / "afspraken" / "MA-001.yaml"
    agreement.write_text(agreement.read_text(encoding="utf-8").replace("level: MOET", "level: MOETX"),
                         encoding="utf-8")
    git(content, env, "add", "-A")
    head = git(content, env, "rev-parse", "HEAD")
    refused = subprocess.run(["git", "commit", "-q", "-m", "niveau"], cwd=content, env=env, capture_output=True,
                             text=True)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "Failed" in output and "afsprakenstelsel/afspraken/MA-001.yaml:6:8: R001" in output
    assert git(content, env, "rev-parse", "HEAD") == head

    readme = content / "README.md"  # not content: the hook does not run, the commit goes through
    readme.write_text("# Afsprakenstelsel\n", encoding="utf-8")
    git(content, env, "reset", "-q")
    git(content, env, "add", "README.md")
    other = subprocess.run(["git", "commit", "-q", "-m", "leesmij"], cwd=content, env=env, capture_output=True,
                           text=True)
    assert other.returncode == 0, other.stdout + other.stderr
