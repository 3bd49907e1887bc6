"""``release cut``: take a decided release from the working tree into frozen text.

The cut refuses unless the tree checks clean, the plan has no blockers (every change is
carried by an approved proposal, every approved proposal's items changed, no proposal for
the version still under way) and the release register entry records the decision of a
body that may decide releases, taken by one of its members. Then it marks the included
proposals as released, promotes ready items to vastgesteld, updates the register, freezes
``releases/<version>/`` with its manifest, regenerates CHANGELOG.md and, in a git
repository, commits and creates an annotated tag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import vcs
from .states import ReleaseError

READY = "gereed"
DECIDED = "vastgesteld"


@dataclass
class CutResult:
    version: str
    folder: Path
    proposals: list[str] = field(default_factory=list)
    promoted: list[str] = field(default_factory=list)
    changelog_problems: list[str] = field(default_factory=list)
    commit: str | None = None
    tag: str | None = None


def is_member(governance, person: str, body_id: str, on: dt.date) -> bool:
    for body in governance.bodies:
        if body.id != body_id:
            continue
        for member in body.members:
            if member.person == person and (member.start is None or member.start <= on) \
                    and (member.end is None or on <= member.end):
                return True
    return False


def _git_repo(root: Path):
    """The repository whose top folder ``root`` is; None outside one (the cut is then not committed)."""
    try:
        return vcs.open_repo(root, search_parents=False)
    except vcs.GitProblem:
        return None


def _require_clean(repo, paths: list[str]) -> None:
    try:
        dirty = vcs.status(repo, paths)
    except vcs.GitProblem as exc:
        raise ReleaseError(f"cannot tell whether the content is committed: {exc}") from None
    if dirty.strip():
        shown = "\n  ".join(dirty.splitlines()[:10])
        raise ReleaseError("uncommitted changes in the content; commit them (through a proposal) before cutting:\n  "
                           + shown)


def cut_release(root: Path, version: str, actor: str, *, run_rules: Callable, today: dt.date | None = None,
                use_git: bool = True) -> CutResult:
    """Cut ``version``; ``run_rules(project) -> (findings, crashed)`` is the check it must pass.

    The check is passed in (the CLI passes ``stelsel.check.run_rules``) because it runs the
    rules, which sit above ``release`` in the layers.
    """
    from ..diagnostics import Severity
    from ..edit import Document
    from ..load.project import load_project
    from .changelog import write_changelog
    from .freeze import freeze
    from .plan import plan_release, state_flags

    today = today or dt.date.today()
    project = load_project(root)
    governance = project.governance
    if governance is None:
        raise ReleaseError("the framework has no governance (afsprakenstelsel/governance.yaml): nobody may cut a release")
    people = {p.id for p in governance.people}
    if actor not in people:
        raise ReleaseError(f"unknown person '{actor}': --as must name someone in the governance roster")

    findings, crashed = run_rules(project)
    errors = [d for d in findings if d.severity == Severity.ERROR]
    if errors or crashed:
        shown = "\n  ".join(f"{d.path}:{d.line}: {d.code} {d.message}" for d in errors[:10])
        raise ReleaseError(f"'stelsel check' reports {len(errors)} error(s); fix them before cutting:\n  {shown}")

    plan = plan_release(root, version, project)
    if plan.blockers:
        raise ReleaseError(f"release {version} is blocked:\n  - " + "\n  - ".join(plan.blockers))

    entry = project.by_kind["release"][version]
    decision = entry.model.decision
    allowed = list(governance.workflow.release_decided_by)
    if decision is None:
        raise ReleaseError(f"no release decision recorded in {entry.file.path}: add 'decision:' with body "
                           f"({', '.join(allowed) or 'a body in workflow.release_decided_by'}), by, date and reference")
    if decision.body not in allowed:
        raise ReleaseError(f"release {version} was decided by '{decision.body}', which may not decide releases "
                           f"(workflow.release_decided_by: {', '.join(allowed) or 'none'})")
    if not is_member(governance, decision.by, decision.body, decision.date):
        raise ReleaseError(f"'{decision.by}' was not a member of '{decision.body}' on {decision.date}: "
                           "the release decision is not valid")

    _approved, released_states, _open = state_flags(project)
    if len(released_states) != 1:
        raise ReleaseError("the workflow must mark exactly one state as 'released: true' (where included proposals go)")
    released_state = next(iter(released_states))

    repo = _git_repo(root) if use_git else None
    if repo is not None:
        _require_clean(repo, ["afsprakenstelsel", "changes", "releases", "CHANGELOG.md"])

    result = CutResult(version=version, folder=root / "releases" / version)
    originals: dict[Path, bytes] = {}

    def edit(rel: str):
        path = root / rel
        originals.setdefault(path, path.read_bytes())
        return Document.open(path)

    try:
        for proposal in plan.approved:
            doc = edit(proposal.file.path)
            previous = proposal.model.status
            doc.set(("status",), released_state)
            doc.set(("released_in",), version)
            doc.append(("history",), {"at": today, "by": actor, "from": previous, "to": released_state,
                                      "reason": f"opgenomen in release {version}"})
            doc.save()
            result.proposals.append(proposal.id)
        for item in project.items():
            if item.kind in ("proposal", "release") or getattr(item.model, "status", None) != READY:
                continue
            doc = edit(item.file.path)
            doc.set(("status",), DECIDED)
            doc.save()
            result.promoted.append(item.id)
        register = edit(entry.file.path)
        register.set(("status",), "vastgesteld")
        register.set(("date",), today)
        register.save()
        changelog = root / "CHANGELOG.md"
        originals.setdefault(changelog, changelog.read_bytes() if changelog.exists() else b"")
        freeze(root, version, [p.file.path for p in plan.approved], today.isoformat(),
               extra={"decision": {"body": decision.body, "by": decision.by, "date": decision.date.isoformat(),
                                   "reference": decision.reference}, "cut_by": actor})
        _advance_working_release(project, version, edit)
        result.changelog_problems = write_changelog(root)
    except BaseException:
        _roll_back(root, version, originals)
        raise

    if repo is not None:
        _commit_and_tag(repo, result, f"Release {version}: {entry.model.title}",
                        f"Cut by {actor} with stelsel; decision: {decision.body} {decision.date} "
                        f"({decision.reference or 'no reference'}).")
    return result


def _commit_and_tag(repo, result: CutResult, subject: str, body: str) -> None:
    """Commit the cut and tag it ``release-<version>``; a git failure says what is left to do."""
    tag = f"release-{result.version}"
    try:
        result.commit = vcs.commit_paths(repo, ["afsprakenstelsel", "changes", "releases", "CHANGELOG.md"],
                                         subject, body)
    except vcs.GitProblem as exc:
        raise ReleaseError(f"release {result.version} is cut in the working tree, but not committed: {exc}; "
                           f"commit it and tag it yourself (git commit; git tag -a {tag})") from None
    try:
        vcs.annotated_tag(repo, tag, subject)
    except vcs.GitProblem as exc:
        raise ReleaseError(f"release {result.version} is committed ({result.commit[:10]}), but not tagged: {exc}; "
                           f"tag it yourself (git tag -a {tag} {result.commit[:10]})") from None
    result.tag = tag


def _advance_working_release(project, version: str, edit) -> None:
    """After the cut, the working tree heads for the next release in the register."""
    from .store import version_key

    config = project.config
    if config is None or config.working_release != version:
        return
    later = sorted((v for v in project.by_kind.get("release", {}) if version_key(v) > version_key(version)),
                   key=version_key)
    if later:
        doc = edit(project.config_file.path)
        doc.set(("working_release",), later[0])
        doc.save()


def _roll_back(root: Path, version: str, originals: dict[Path, bytes]) -> None:
    """Undo a cut that failed half-way: every edited file back, no partial release."""
    import shutil

    from ..atomic import atomic_write

    for path, raw in originals.items():
        if raw == b"" and path.name == "CHANGELOG.md":
            path.unlink(missing_ok=True)
            continue
        atomic_write(path, raw.decode("utf-8"))
    shutil.rmtree(root / "releases" / version, ignore_errors=True)


def publish_release(root: Path, version: str, actor: str, on: dt.date | None = None) -> Path:
    """Mark a frozen release as published in the working tree's register (the site's 'latest')."""
    from ..edit import Document
    from ..load.project import load_project
    from .store import release_root

    if not (release_root(root, version) / "manifest.json").is_file():
        raise ReleaseError(f"release {version} is not frozen; cut it first ('stelsel release cut {version}')")
    project = load_project(root)
    governance = project.governance
    if governance is None or actor not in {p.id for p in governance.people}:
        raise ReleaseError(f"unknown person '{actor}': --as must name someone in the governance roster")
    entry = project.by_kind.get("release", {}).get(version)
    if entry is None:
        raise ReleaseError(f"release {version} is not in the release register")
    if entry.model.status == "gepubliceerd":
        raise ReleaseError(f"release {version} is already published")
    if entry.model.status != "vastgesteld":
        raise ReleaseError(f"release {version} is '{entry.model.status}'; only a vastgesteld release can be published")
    doc = Document.open(root / entry.file.path)
    doc.set(("status",), "gepubliceerd")
    doc.save()
    return root / entry.file.path
