"""``stelsel check``: load a tree, run every rule, return sorted findings."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity, sort_key
from .load.raw import config_limit, read_tree
from .release.store import read_frozen

MANIFEST_BYTES_PER_FILE = 100  # a manifest line: a path and a SHA-256


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: int
    cached: bool = False
    crashed: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == Severity.WARNING)


# Rules a large cold check runs in a forked child while this process runs the others: the
# reference rules and the impact rule share the reference index (about half of all rule
# time); the rest waits mostly on the provenance read from git.
CHILD_RULES = frozenset({"R001", "R002", "R003", "R004", "R005", "R006", "W017"})
# A child forked after loading walks every file, so copy-on-write gives it a private copy of
# most of the loaded tree: above this size that memory is not worth the second saved.
RULES_CHILD_MAX_FILES = 20_000


def _run(project, rule_classes) -> tuple[list[Diagnostic], list[str]]:
    found: list[Diagnostic] = []
    crashed: list[str] = []
    for rule_cls in rule_classes:
        try:
            found.extend(rule_cls().check(project))
        except Exception as exc:  # a rule bug must not hide every other finding
            crashed.append(f"{rule_cls.code}: {type(exc).__name__}: {exc}")
    return found, crashed


def run_rules(project, split: bool = False) -> tuple[list[Diagnostic], list[str]]:
    """Every project rule; with ``split``, the CHILD_RULES in a forked child meanwhile."""
    from .rules import all_rules

    rules = [r for r in all_rules() if r.stage == "project"]
    found: list[Diagnostic] = list(project.load_findings)
    crashed: list[str] = []
    child = None
    if split:
        from .load.parallel import Background

        in_child = [r for r in rules if r.code in CHILD_RULES]
        rules = [r for r in rules if r.code not in CHILD_RULES]
        child = Background(lambda: _run(project, in_child))
    for part in (_run(project, rules), child.result() if child is not None else None):
        if part is not None:
            found.extend(part[0])
            crashed.extend(part[1])
    return found, crashed


def _history_key(root: Path, raws) -> str:
    """Proposals are also checked against git history (provenance): key cached results by it."""
    if not any(r.entry.path.startswith("changes/") for r in raws):
        return ""
    from .workflow.provenance import state_key

    return ":git:" + state_key(root)


def _frozen_bytes(root: Path) -> int:
    """The size of the release manifests: a cheap measure of how many frozen files there are."""
    total = 0
    try:
        with os.scandir(root / "releases") as entries:
            for entry in entries:
                try:
                    total += os.stat(os.path.join(entry.path, "manifest.json")).st_size
                except OSError:
                    pass
    except OSError:
        pass
    return total


def _hash_frozen_meanwhile(root: Path, digests):
    """On a cold run of a large history, hash the frozen releases in a forked child.

    Without known stat signatures every frozen file must be read and hashed (a third of a
    cold check with a few releases); the child does it while this process reads the tree.
    Returns None when it is not worth it (a warm run, a small history, one core).
    """
    from .load.parallel import Background, worth_forking
    from .load.statcache import StatDigests

    if digests is None or digests.table or not worth_forking(_frozen_bytes(root) // MANIFEST_BYTES_PER_FILE):
        return None

    def work():
        mine = StatDigests(None)
        mine.limit_ns = digests.limit_ns
        return read_frozen(root, mine), mine.table, mine.seen

    return Background(work)


def _prefetch(root: Path, cache):
    from .workflow.provenance import prefetch_history

    return prefetch_history(root, cache.blob_table() if cache is not None else None)


def check_tree(root: Path, use_cache: bool = True) -> CheckResult:
    """Check a tree; the result comes from the cache when nothing it depends on changed."""
    # The cyclic garbage collector is off while the tree is loaded and checked: the loaded
    # data holds no cycles, but every full collection walks all of it, which makes a large
    # tree cost more than its size (N=50,000: 25 s with it, 18 s without). Whatever cycles
    # a run does make (exception tracebacks) are collected once it is back on.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_tree(root, use_cache)
    finally:
        if enabled:
            gc.enable()


def _check_tree(root: Path, use_cache: bool = True) -> CheckResult:
    cache = None
    key = None
    digests = None
    if use_cache:
        from .load.cache import Cache

        cache = Cache(root)
        digests = cache.stat_digests()
    frozen_job = _hash_frozen_meanwhile(root, digests)
    prefetch = None
    if frozen_job is not None and (root / "changes").is_dir():
        # a cold run of a large tree: read the proposal history on the second core from the start
        prefetch = _prefetch(root, cache)
    raws = read_tree(root, config_limit(root), digests)
    if frozen_job is not None:
        import stelsel.load.project  # noqa: F401 - a cold run needs it; import it while the child hashes

        frozen, table, seen = frozen_job.result()
        digests.merge(table, seen)
    else:
        frozen = read_frozen(root, digests)
    if digests is not None:
        digests.save()
    history = _history_key(root, raws)
    if use_cache:
        # a file that could not be read has no digest: its finding (size, link target) stands in
        fingerprint = [(r.entry.path, r.digest or (f"!{r.problem.code}:{r.problem.message}" if r.problem else ""))
                       for r in raws] + [(f.path, f.sha256) for f in frozen.values()]
        key = cache.result_key(fingerprint, "check" + history)
        stored = cache.load_result(key)
        if stored is not None:
            return CheckResult([Diagnostic.from_dict(d) for d in stored], files=len(raws), cached=True)

    from .load.parallel import worth_forking

    if prefetch is None and history and worth_forking(len(raws)):
        prefetch = _prefetch(root, cache)  # read proposal history from git on the second core meanwhile

    from .load.project import load_project

    project = load_project(root, parse_cache=cache, raws=raws)
    project.frozen = frozen
    if prefetch is not None:
        from .workflow.provenance import PREFETCH

        project.memo[PREFETCH] = prefetch
    found, crashed = run_rules(project, split=worth_forking(len(raws)) and len(raws) <= RULES_CHILD_MAX_FILES)
    # set() compares place and code only; keep distinct messages at one place
    unique = sorted({(d.path, d.line, d.col, d.code, d.message): d for d in found}.values(), key=sort_key)
    if cache is not None:
        cache.save({(r.entry.path, r.digest) for r in raws if r.digest})
        if not crashed and not any(r.changed for r in raws):
            cache.store_result(key, [d.as_dict() for d in unique])
    return CheckResult(unique, files=len(raws), crashed=crashed)
