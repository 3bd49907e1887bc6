"""``release plan``: what a release will contain, and what still blocks it.

The plan is computed, never declared: the approved proposals targeting the version, the
semantic diff between the previous frozen release and the working tree, and the match
between the two (a change no proposal carries, a proposal whose items did not change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diff import ProjectDiff, diff_projects
from .states import ReleaseError, empty_project, previous_frozen
from .store import WORKING, release_root


@dataclass
class Trace:
    """How a diff and a set of proposals match."""

    carried: dict[str, list[str]] = field(default_factory=dict)  # item -> proposal ids
    untraced: list = field(default_factory=list)  # ItemDiff with no proposal
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (proposal id, item id)


def trace(diff: ProjectDiff, proposals: list) -> Trace:
    result = Trace()
    for proposal in proposals:
        for change in proposal.model.changes:
            result.carried.setdefault(change.item, []).append(proposal.id)
    touched = diff.ids()
    for item in diff.items:
        if item.id not in result.carried and not (item.old_id and item.old_id in result.carried):
            result.untraced.append(item)
    for proposal in proposals:
        for change in proposal.model.changes:
            if change.item not in touched:
                result.unchanged.append((proposal.id, change.item))
    return result


def state_flags(project) -> tuple[set[str], set[str], set[str]]:
    """(approved states, released states, open states) from the governance workflow."""
    if project.governance is None:
        return set(), set(), set()
    states = project.governance.workflow.states
    approved = {s.id for s in states if s.approved}
    released = {s.id for s in states if s.released}
    open_ = {s.id for s in states if s.open and not s.final}
    return approved, released, open_


@dataclass
class ReleasePlan:
    version: str
    previous: str | None
    register_entry: object | None
    approved: list = field(default_factory=list)  # LoadedItem (proposal)
    pending: list = field(default_factory=list)  # proposals targeting it still under way
    conflicts: dict[str, list[str]] = field(default_factory=dict)
    diff: ProjectDiff | None = None
    trace: Trace | None = None
    blockers: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blockers


def plan_release(root: Path, version: str, project=None) -> ReleasePlan:
    from ..load.project import load_project

    if (release_root(root, version) / "manifest.json").exists():
        raise ReleaseError(f"release {version} is already frozen in releases/{version}")
    project = project or load_project(root)
    entry = project.by_kind.get("release", {}).get(version)
    previous = previous_frozen(root, version)
    plan = ReleasePlan(version, previous, entry.model if entry else None)
    if entry is None:
        known = ", ".join(sorted(project.by_kind.get("release", {}))) or "none"
        plan.blockers.append(f"release {version} is not in the release register (registered: {known})")
    approved_states, released_states, open_states = state_flags(project)
    if not approved_states:
        plan.blockers.append("the workflow marks no state as approved (governance.yaml: a state with 'approved: true')")
    for proposal in project.items("proposal"):
        model = proposal.model
        if model.target_release != version:
            continue
        if model.status in approved_states:
            plan.approved.append(proposal)
        elif model.status in open_states:
            plan.pending.append(proposal)
    per_item: dict[str, list[str]] = {}
    for proposal in plan.approved:
        for change in proposal.model.changes:
            per_item.setdefault(change.item, []).append(proposal.id)
    plan.conflicts = {item: ids for item, ids in per_item.items() if len(ids) > 1}
    old = empty_project(root) if previous is None else _open_frozen(root, previous)
    plan.diff = diff_projects(old, project, previous or "(leeg)", WORKING)
    plan.trace = trace(plan.diff, plan.approved)
    for proposal in plan.pending:
        plan.blockers.append(f"proposal {proposal.id} targets {version} but is still '{proposal.model.status}'")
    for item, ids in sorted(plan.conflicts.items()):
        plan.blockers.append(f"item {item} is changed by more than one proposal: {', '.join(ids)}")
    for item in plan.trace.untraced:
        plan.blockers.append(f"untraced change: {item.kind} {item.id} was {item.change} but no approved proposal for "
                             f"{version} lists it")
    for proposal_id, item in plan.trace.unchanged:
        plan.blockers.append(f"proposal {proposal_id} lists {item}, but {item} did not change since "
                             f"{previous or 'the start'}")
    return plan


def _open_frozen(root: Path, version: str):
    from ..load.project import load_project

    return load_project(release_root(root, version))
