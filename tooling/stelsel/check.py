"""``stelsel check``: load a tree, run every rule, return sorted findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import inputs
from .diagnostics import Diagnostic, Severity, sort_key
from .forked import Forked
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
    return start_check(root, use_cache).result()


class PendingCheck:
    """A check whose tree is loaded (``project``; None when the result came from the cache) and whose
    rules may still be running beside the caller; ``result()`` waits for them."""

    def __init__(self, project=None, work: Forked | None = None, done: CheckResult | None = None):
        self.project = project
        self._work = work
        self._done = done
        if done is not None and project is not None:
            done.project = project

    def result(self) -> CheckResult:
        if self._done is None:
            self._done = self._work.result()
            self._done.project = self.project
        return self._done

    def cancel(self) -> None:
        """Stop rules whose result is no longer wanted (the caller failed)."""
        if self._work is not None and self._done is None:
            self._work.cancel()


def start_check(root: Path, use_cache: bool = True, beside: bool = False) -> PendingCheck:
    """Load the tree and run the rules; with ``beside``, the rules run in a forked child (forked.py)
    while the caller goes on with the loaded tree (``stelsel build`` builds the site meanwhile).
    The result is the same either way, the result cache included: the child records its reads
    and stores the result as the caller would have."""
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
            return PendingCheck(done=CheckResult(stored[0], files=stored[1], cached=True))

    from .load.project import load_project

    reads = inputs.start(root, ignored=[cache.folder] if cache is not None else [])
    try:
        # The root's own entries decide what exists to be read (changes/, releases/, CHANGELOG.md):
        # a folder that appears later must make this result a miss.
        inputs.record_folder(root)
        project = load_project(root)
    except BaseException:
        inputs.stop()
        raise
    if not beside:
        return PendingCheck(project, done=_rules_and_store(root, project, reads, cache, git_before))
    work = Forked(_rules_and_store, root, project, reads, cache, git_before)
    if work.in_child:
        inputs.stop()  # the child records the rules' reads; this process stops recording its own
    return PendingCheck(project, work=work)


def _rules_and_store(root: Path, project, reads, cache, git_before) -> CheckResult:
    """The rules over a loaded tree (its reads being recorded in ``reads``), the findings sorted, the
    result stored in the cache when every read could be recorded. The frozen releases' files are read
    here, for the rules only: beside the build, while the build goes on with the loaded tree."""
    try:
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
    return CheckResult(unique, files=project.file_count, crashed=crashed)
