"""Small framework trees for tests: copy a fixture tree, apply a few edits, check it.

The house style for rule tests: each case is a fixture tree (usually ``minimal``) plus a
small edit, and names the exact code, path and line of the finding it must produce.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Union

from click.testing import CliRunner

from stelsel.check import check_tree
from stelsel.cli.main import cli
from stelsel.diagnostics import Diagnostic

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
CONTENT = "afsprakenstelsel/"


@dataclass(frozen=True)
class Symlink:
    """An edit that makes the path a symbolic link to ``target`` (relative to the link's folder)."""

    target: str


Edit = Union[str, bytes, None, Symlink, Callable[[str], str]]


def replace(old: str, new: str) -> Callable[[str], str]:
    """An edit that replaces ``old`` (which must occur exactly once) by ``new``."""

    def apply(text: str) -> str:
        assert text.count(old) == 1, f"fixture drift: {old!r} occurs {text.count(old)} times"
        return text.replace(old, new)

    return apply


def append(extra: str) -> Callable[[str], str]:
    """An edit that appends ``extra`` to the file."""
    return lambda text: text + extra


def fixture_text(rel: str, base: str = "minimal") -> str:
    return (FIXTURES / base / rel).read_text(encoding="utf-8")


def make_tree(dest: Path, edits: Mapping[str, Edit] | None = None, base: str = "minimal") -> Path:
    """Copy fixture tree ``base`` to ``dest`` and apply ``edits`` (path -> new content).

    An edit is the new text or bytes, ``None`` to delete the file, a ``Symlink``, or a
    function from the old text to the new one.
    """
    shutil.copytree(FIXTURES / base, dest, symlinks=True)
    (dest / "changes").mkdir(exist_ok=True)  # git keeps no empty folders
    for rel, edit in (edits or {}).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if edit is None:
            path.unlink()
        elif isinstance(edit, Symlink):
            os.symlink(edit.target, path)
        elif isinstance(edit, bytes):
            path.write_bytes(edit)
        elif isinstance(edit, str):
            path.write_text(edit, encoding="utf-8")
        else:
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


def diagnostics(root: Path) -> list[Diagnostic]:
    """The findings of a check without the cache."""
    result = check_tree(root, use_cache=False)
    assert not result.crashed, result.crashed
    return result.diagnostics


def show(diags) -> str:
    return "\n".join(f"  {d.path}:{d.line}:{d.col}: {d.code} {d.message} | {d.hint}" for d in diags) or "  (none)"


@dataclass
class Case:
    """A tree that must produce finding ``code`` at ``path``:``line`` (and ``col`` if given)."""

    id: str
    code: str
    edits: dict
    path: str
    line: int
    col: int | None = None
    message: str | None = None  # a part of the message
    hint: str | None = None  # a part of the hint (every finding must have one)
    base: str = "minimal"
    setup: Callable[[Path], None] | None = None  # what edits cannot express
    extra_args: list = field(default_factory=list)


def run_case(case: Case, tmp_path: Path) -> dict:
    """Check the case's tree through the CLI; assert the finding, its hint, text form and exit code."""
    root = make_tree(tmp_path / "tree", case.edits, case.base)
    if case.setup is not None:
        case.setup(root)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", str(root), "--format", "json", "--no-cache", *case.extra_args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data = json.loads(result.output)
    found = data["diagnostics"]
    listing = show(Diagnostic.from_dict(d) for d in found)
    hits = [d for d in found if d["code"] == case.code and d["path"] == case.path and d["line"] == case.line]
    assert hits, f"expected {case.code} at {case.path}:{case.line}; found:\n{listing}"
    hit = hits[0]
    if case.col is not None:
        assert hit["col"] == case.col, listing
    if case.message is not None:
        assert case.message in hit["message"], listing
    assert hit["hint"], f"{case.code} has no hint"
    if case.hint is not None:
        assert case.hint in hit["hint"], listing
    errors = [d for d in found if d["severity"] == "error"]
    assert result.exit_code == (1 if errors else 0), result.output
    if hit["severity"] == "error":
        assert result.exit_code == 1
    text = runner.invoke(cli, ["check", str(root), "--no-cache"]).output
    place = f"{case.path}:{hit['line']}:{hit['col']}" if hit["line"] else case.path
    assert f"{place}: {case.code} {hit['message']}" in text, text
    assert f"    hint: {hit['hint']}" in text, text
    return hit


def snapshot(root: Path) -> dict:
    """Every path below ``root`` with its bytes (or link target) and modification time."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if os.path.islink(path):
                content = ("link", os.readlink(path))
            elif os.path.isdir(path):
                content = ("dir",)
            else:
                with open(path, "rb") as handle:
                    content = ("file", handle.read())
            state[os.path.relpath(path, root)] = (content, st.st_mtime_ns, st.st_mode)
    return state


@contextlib.contextmanager
def deadline(seconds: float):
    """Fail with TimeoutError instead of hanging when the block runs longer than ``seconds`` (POSIX)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
