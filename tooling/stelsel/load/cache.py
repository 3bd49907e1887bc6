"""The result cache of ``check``: a whole result, stored as JSON, keyed on everything it read.

One cache, like ruff's: a check's findings are stored with the read-set of that run
(``stelsel.inputs``: the digest of every file it read, every folder it listed, and the git
state if git was asked), under a key of what is not in the tree: the exact stelsel code (a
digest of its files' contents), the versions of the libraries that shape a finding, the
Python version, the project root, the options and today's date (rules compare dates with
today). A stored result is returned only after every recorded input has been read again and
found unchanged, so a rule that reads a new file cannot make it stale: its read is in the
read-set. Nothing here is executable (JSON only), every entry carries an HMAC made with a
secret kept outside the cache folder (so a planted or restored cache file cannot pass for a
result of this machine: it is a miss), and every failure to read, parse or write a cache
file is a miss. The cache lives outside the project (``$STELSEL_CACHE_DIR`` or the
user cache folder), because ``check`` never writes to the tree.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import sys
from importlib import metadata
from pathlib import Path

import stelsel

from ..atomic import atomic_write
from ..diagnostics import Diagnostic
from ..inputs import ReadSet

MAX_ENTRIES = 4  # results kept per key (switching between a few branches stays warm)
FORMAT = 1
# The libraries whose behaviour a finding depends on (parsing, validation, git history).
LIBRARIES = ("pydantic", "pydantic-core", "jsonschema", "PyYAML", "ruamel.yaml", "GitPython", "packaging")


@functools.cache
def code_fingerprint() -> str:
    """A digest of the contents of every file of the stelsel package, its version and its libraries."""
    package = Path(stelsel.__file__).parent
    h = hashlib.blake2b(f"{stelsel.__version__}\n{sys.version}\n".encode(), digest_size=16)
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        h.update(f"{name}={version}\n".encode())
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        h.update(f"{path.relative_to(package).as_posix()}\0".encode())
        h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.hexdigest()


def secret_path() -> Path:
    """Where the cache's signing secret lives: the user's config folder, not the cache folder."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "stelsel" / "cache-secret"


def _secret() -> bytes | None:
    """This user's secret (made on first use), or None when it cannot be had: then nothing is cached."""
    path = secret_path()
    try:
        value = path.read_bytes()
        if len(value) >= 32:
            return value
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, os.urandom(32).hex().encode())
        os.chmod(path, 0o600)
        return path.read_bytes()
    except OSError:
        return None


def cache_home() -> Path:
    explicit = os.environ.get("STELSEL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stelsel"


class Cache:
    """The stored results of one project root for one set of options."""

    def __init__(self, root: Path, options: str = "check"):
        self.root = str(Path(root).resolve())
        self.folder = cache_home() / hashlib.blake2b(self.root.encode(), digest_size=12).hexdigest()
        key = hashlib.blake2b(digest_size=16)
        for part in (code_fingerprint(), options, dt.date.today().isoformat()):
            key.update(part.encode() + b"\n")
        self.path = self.folder / f"results-{key.hexdigest()}.json"

        self.secret = _secret()

    def _mac(self, entry: dict) -> str:
        body = json.dumps([entry.get(k) for k in ("inputs", "git", "diagnostics", "files")], sort_keys=True)
        return hmac.new(self.secret or b"", body.encode("utf-8"), hashlib.sha256).hexdigest()

    def _entries(self) -> list[dict]:
        if self.secret is None:
            return []
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), list):
            return []
        return [e for e in data["entries"] if isinstance(e, dict) and isinstance(e.get("mac"), str)
                and hmac.compare_digest(e["mac"], self._mac(e))]

    def lookup(self, git_state: str) -> tuple[list[Diagnostic], int] | None:
        """The stored findings (and file count) of a run whose every input is unchanged, or None."""
        for entry in self._entries():
            try:
                reads = ReadSet.from_dict(self.root, entry.get("inputs") or {})
                if reads.git and entry.get("git") != git_state:
                    continue
                if not reads.still_true():
                    continue
                return [Diagnostic.from_dict(d) for d in entry["diagnostics"]], int(entry["files"])
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return None

    def store(self, reads: ReadSet, git: str | None, diagnostics: list[dict], files: int) -> None:
        if self.secret is None:
            return
        entry = {"inputs": reads.as_dict(), "git": git, "diagnostics": diagnostics, "files": files}
        entry["mac"] = self._mac(entry)
        entries = [entry] + [e for e in self._entries() if e.get("inputs") != entry["inputs"]]
        try:
            atomic_write(self.path, json.dumps({"format": FORMAT, "entries": entries[:MAX_ENTRIES]},
                                               ensure_ascii=False).encode("utf-8"))
        except (OSError, ValueError):
            pass
        self._prune()

    def _prune(self) -> None:
        """Drop result files of other code versions or days: only the newest few are kept."""
        try:
            files = sorted(self.folder.glob("results-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in files[MAX_ENTRIES * 2:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
