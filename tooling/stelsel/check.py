"""``stelsel check``: load a tree, run every rule, return sorted findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import inputs
from .diagnostics import Diagnostic, Severity, sort_key
from .release.store import read_frozen


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: int
    cached: bool = False
    crashed: list[str] = field(default_factory=list)
    project: object = field(default=None, repr=False, compare=False)  # the tree as loaded (None: from the cache)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)


def run_rules(project) -> tuple[list[Diagnostic], list[str]]:
    """Every project rule, after the loader's findings; a rule that crashes is named, not fatal."""
    from .rules import all_rules

    found: list[Diagnostic] = list(project.load_findings)
    crashed: list[str] = []
    for rule_cls in all_rules():
        if rule_cls.stage != "project":
            continue
        try:
            found.extend(rule_cls().check(project))
        except Exception as exc:  # a rule bug must not hide every other finding
            crashed.append(f"{rule_cls.code}: {type(exc).__name__}: {exc}")
    return found, crashed


def _git_state(root: Path) -> str:
    from .vcs import state_fingerprint

    return state_fingerprint(root, keyring=True)


def check_tree(root: Path, use_cache: bool = True) -> CheckResult:
    """Check a tree; the result comes from the cache when nothing the stored run read has changed."""
    root = Path(root)
    cache = git_before = None
    if use_cache:
        from .load.cache import Cache

        cache = Cache(root)
        # the repository as it is before the run: a commit made while it runs must not be
        # recorded as the state the result was computed from
        git_before = _git_state(root)
        stored = cache.lookup(git_before)
        if stored is not None:
            return CheckResult(stored[0], files=stored[1], cached=True)

    from .load.project import load_project

    reads = inputs.start(root, ignored=[cache.folder] if cache is not None else [])
    try:
        # The root's own entries decide what exists to be read (changes/, releases/, CHANGELOG.md):
        # a folder that appears later must make this result a miss.
        inputs.record_folder(root)
        project = load_project(root)
        project.frozen = read_frozen(root)
        found, crashed = run_rules(project)
    finally:
        inputs.stop()
    # set() compares place and code only; keep distinct messages at one place
    unique = sorted({(d.path, d.line, d.col, d.code, d.message): d for d in found}.values(), key=sort_key)
    if cache is not None and not crashed and not reads.unverifiable:
        git = None
        if reads.git:
            git = git_before if _git_state(root) == git_before else None
        if git is not None or not reads.git:
            cache.store(reads, git, [d.as_dict() for d in unique], project.file_count)
    return CheckResult(unique, files=project.file_count, crashed=crashed, project=project)
