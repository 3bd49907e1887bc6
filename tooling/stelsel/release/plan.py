"""``release plan``: what a release will contain, and what still blocks it.

The plan is computed, never declared: the approved proposals targeting the version, the
semantic diff between the previous frozen release and the working tree, and the match
between the two (a change no proposal carries, a proposal whose items did not change or
changed otherwise than it says: an ``add`` of an item the previous release has, a
``withdraw`` of one still in force).

It also blocks on what would make the release say something nobody decided: an item
whose content differs from what its proposal's decision pinned (:mod:`.pin`), a change
left behind by a withdrawn or rejected proposal that no approved proposal decided after
the withdrawal carries, and an item in a status that may not be released (a draft;
releasable are :data:`RELEASABLE`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import vcs
from ..i18n import for_config
from ..model.status import ITEM, KEYS, ItemStatus, StatusWords, default_words
from .diff import ProjectDiff, diff_projects
from .pin import pin_problems
from .states import ReleaseError, empty_project, previous_frozen
from .store import WORKING, release_root


# item statuses a release may freeze
RELEASABLE = frozenset({ItemStatus.READY.value, ItemStatus.ADOPTED.value, ItemStatus.WITHDRAWN.value})
PLACEHOLDER = ItemStatus.DRAFT.value  # ... and this one, for a declared placeholder (see not_releasable)


def not_releasable(item, words: StatusWords | None = None) -> str | None:
    """Why a release may not freeze ``item`` in its status (None: it may); the message in ``words``.

    An item still being written (a draft) is never frozen: a new agreement must not
    reach a release, its site, checklists and PDF unfinished without a word. The one
    exception is a declared placeholder: a draft item with ``basis: not_described``
    (the sources name it but do not describe it) is released as "nog niet beschreven", and
    the site says so. An agreement binds parties, so it is never released as a placeholder.
    """
    if item.kind in ("proposal", "release"):
        return None
    status = getattr(item.model, "status", None)
    status = getattr(status, "value", status)
    if not isinstance(status, str) or status in RELEASABLE:
        return None
    basis = getattr(getattr(item.model, "basis", None), "value", getattr(item.model, "basis", None))
    if status == PLACEHOLDER and basis == "not_described" and item.kind != "agreement":
        return None
    words = words or default_words()
    releasable = [words.word(key) for key in KEYS[ITEM] if key in RELEASABLE]
    return (f"{item.kind} {item.id} ({item.file.path}) is '{words.word(status)}', which may not be released "
            f"(releasable: {', '.join(releasable)}, or {words.word(PLACEHOLDER)} with basis: not_described for a "
            f"placeholder that is not an agreement)")


@dataclass
class Trace:
    """How a diff and a set of proposals match."""

    carried: dict[str, list[str]] = field(default_factory=dict)  # item -> proposal ids
    untraced: list = field(default_factory=list)  # ItemDiff with no proposal
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (proposal id, item id)
    # (proposal id, item id, action, what the diff says): the item changed, but not as listed
    mismatched: list[tuple[str, str, str, str]] = field(default_factory=list)


def trace(diff: ProjectDiff, proposals: list) -> Trace:
    result = Trace()
    for proposal in proposals:
        for change in proposal.model.changes:
            result.carried.setdefault(change.item, []).append(proposal.id)
    touched = diff.ids()
    for item in diff.items:
        if item.id not in result.carried and not (item.old_id and item.old_id in result.carried):
            result.untraced.append(item)
    by_id: dict[str, object] = {}
    for item in diff.items:
        by_id.setdefault(item.id, item)
        if item.old_id:
            by_id.setdefault(item.old_id, item)
    for proposal in proposals:
        for change in proposal.model.changes:
            if change.item in diff.governed:  # the governance or the framework config changed: carried
                continue
            if change.item not in touched:
                result.unchanged.append((proposal.id, change.item))
                continue
            found = by_id[change.item]
            action = getattr(change.action, "value", change.action)
            if action == "add" and not (found.change == "added" or (found.change == "renamed" and found.id == change.item)):
                result.mismatched.append((proposal.id, change.item, action, found.change))
            elif action == "withdraw" and not (found.change in ("withdrawn", "removed")
                                               or (found.change == "renamed" and found.old_id == change.item)):
                result.mismatched.append((proposal.id, change.item, action, found.change))
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
    plan.diff = diff_projects(old, project, previous or for_config(project.config)("changelog.empty_label"), WORKING)
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
    since = previous or "the start"
    for proposal_id, item, action, change in plan.trace.mismatched:
        if action == "add":
            plan.blockers.append(f"proposal {proposal_id} adds {item}, but {item} already exists in {since} "
                                 f"(it was {change}): list it as change:{item}")
        else:
            plan.blockers.append(f"proposal {proposal_id} withdraws {item}, but {item} was {change}, not withdrawn, "
                                 f"since {since}: set 'status: {project.statuses.word(ItemStatus.WITHDRAWN)}' or list it as change:{item}")
    for problem in pin_problems(project, release=version):
        plan.blockers.append(f"decided text changed: {problem.describe()}: revert it, or carry the change in a "
                             f"new proposal decided for {version}")
    plan.blockers += _leftovers(root, project, plan)
    plan.blockers += _not_releasable(project)
    return plan


def _day(value):
    import datetime as dt

    return value.date() if isinstance(value, dt.datetime) else value


def _leftovers(root: Path, project, plan: ReleasePlan) -> list[str]:
    """Changes a withdrawn or rejected proposal left behind, that no later decision carries.

    The items it lists, and (where history is available) every item any committed version
    of it listed: an ended proposal is not decided, so its list could be edited afterwards.
    """
    from .pin import History
    from .store import frozen_versions

    if project.governance is None or plan.diff is None:
        return []
    states = project.governance.workflow.states
    ended = {s.id: s.title for s in states if s.final and not s.approved and not s.released}
    frozen = set(frozen_versions(root))
    touched = plan.diff.ids()
    found = []
    history = None
    for proposal in sorted(project.items("proposal"), key=lambda p: p.id):
        model = proposal.model
        if model.status not in ended or model.target_release in frozen:
            continue
        when = _day(model.history[-1].at) if model.history else (model.decision.date if model.decision else None)
        listed = list(dict.fromkeys(c.item for c in model.changes))
        if history is None:
            history = History(root)
        if history.repo is not None:
            try:
                listed += sorted(history.listed_ever(proposal.file.path) - set(listed))
            except vcs.GitProblem:
                pass
        for ident in listed:
            if ident not in touched:
                continue
            carriers = [p.id for p in plan.approved if ident in {c.item for c in p.model.changes}
                        and p.model.decision is not None and when is not None and p.model.decision.date > when]
            if carriers:
                continue
            found.append(f"{ident} differs from {plan.previous or 'the start'} and was listed by {proposal.id}, which is "
                         f"'{model.status}'{f' since {when}' if when else ''}; no approved proposal for {plan.version} "
                         f"decided after that carries it: revert the change, or carry it in a new proposal")
    if history is not None:
        history.close()
    return found


def _not_releasable(project) -> list[str]:
    """Items in a status a release may not freeze (a draft)."""
    found = []
    for item in sorted(project.items(), key=lambda i: i.file.path):
        problem = not_releasable(item, project.statuses)
        if problem:
            found.append(f"{problem}: finish it (status: {project.statuses.word(ItemStatus.READY)}) or take it out")
    return found


def _open_frozen(root: Path, version: str):
    from ..load.project import load_project

    return load_project(release_root(root, version))
