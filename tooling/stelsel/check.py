"""``stelsel check``: load a tree, run every rule, return sorted findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity, sort_key
from .load.raw import config_limit, read_tree
from .release.store import read_frozen


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


def run_rules(project) -> tuple[list[Diagnostic], list[str]]:
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


def _history_key(root: Path, raws) -> str:
    """Proposals are also checked against git history (provenance): key cached results by it."""
    if not any(r.entry.path.startswith("changes/") for r in raws):
        return ""
    from .workflow.provenance import state_key

    return ":git:" + state_key(root)


def check_tree(root: Path, use_cache: bool = True) -> CheckResult:
    raws = read_tree(root, config_limit(root))
    frozen = read_frozen(root)
    cache = None
    key = None
    if use_cache:
        from .load.cache import Cache

        cache = Cache(root)
        # a file that could not be read has no digest: its finding (size, link target) stands in
        fingerprint = [(r.entry.path, r.digest or (f"!{r.problem.code}:{r.problem.message}" if r.problem else ""))
                       for r in raws] + [(f.path, f.sha256) for f in frozen.values()]
        key = cache.result_key(fingerprint, "check" + _history_key(root, raws))
        stored = cache.load_result(key)
        if stored is not None:
            return CheckResult([Diagnostic.from_dict(d) for d in stored], files=len(raws), cached=True)

    from .load.project import load_project

    project = load_project(root, parse_cache=cache, raws=raws)
    project.frozen = frozen
    found, crashed = run_rules(project)
    # set() compares place and code only; keep distinct messages at one place
    unique = sorted({(d.path, d.line, d.col, d.code, d.message): d for d in found}.values(), key=sort_key)
    if cache is not None:
        cache.save({(r.entry.path, r.digest) for r in raws if r.digest})
        if not crashed:
            cache.store_result(key, [d.as_dict() for d in unique])
    return CheckResult(unique, files=len(raws), crashed=crashed)
