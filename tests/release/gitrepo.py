"""Real git repositories for tests: commits by named people, clones and archives."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

PEOPLE = {
    "alice": ("Alice", "alice@example.org"),
    "bob": ("Bob", "bob@example.org"),
    "carol": ("Carol", "carol@example.org"),
    "dave": ("Dave", "dave@example.org"),
}


def git(repo: Path, *args: str, who: str = "alice", check: bool = True, env: dict | None = None) -> str:
    name, email = PEOPLE[who]
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
           "GIT_COMMITTER_EMAIL": email, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def init_repo(source: Path, target: Path, who: str = "alice") -> Path:
    shutil.copytree(source, target)
    git(target, "init", "-q", "-b", "main", who=who)
    git(target, "config", "user.name", PEOPLE[who][0], who=who)
    git(target, "config", "user.email", PEOPLE[who][1], who=who)
    git(target, "add", "-A", who=who)
    git(target, "commit", "-q", "-m", "Initial framework", who=who)
    return target


def commit_all(repo: Path, message: str, who: str) -> None:
    git(repo, "add", "-A", who=who)
    git(repo, "commit", "-q", "-m", message, who=who)


def shallow_clone(repo: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(target)], check=True,
                   capture_output=True)
    return target


def unpacked_archive(repo: Path, target: Path) -> Path:
    """``git archive HEAD`` unpacked: the source tarball, with no .git at all."""
    tar_path = target.with_suffix(".tar")
    subprocess.run(["git", "archive", "--format=tar", "-o", str(tar_path), "HEAD"], cwd=repo, check=True)
    target.mkdir()
    with tarfile.open(tar_path) as tar:
        tar.extractall(target, filter="data")
    return target


@contextlib.contextmanager
def signing_key(uid: str = "Bob <bob@example.org>"):
    """A throwaway gpg home with one signing key: yields (GNUPGHOME, fingerprint)."""
    # a short path: gpg-agent's socket path must fit in a Unix socket name
    home = tempfile.mkdtemp(prefix="stgpg")
    os.chmod(home, 0o700)
    env = dict(os.environ, GNUPGHOME=home)
    try:
        subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", uid, "default", "default", "never"],
                       env=env, check=True, capture_output=True)
        listing = subprocess.run(["gpg", "--list-secret-keys", "--with-colons"], env=env, check=True,
                                 capture_output=True, text=True).stdout
        yield home, next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=env, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
