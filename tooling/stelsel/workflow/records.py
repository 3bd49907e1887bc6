"""Records stelsel writes itself: the founding of a framework and the import of a catalogue version.

A release is carried by approved proposals; the changelog of a release is computed from
them and checked against its diff. A framework's first release (everything in it is new)
and an imported version of an existing catalogue (its rows as they were) were decided
outside stelsel, so stelsel writes the proposal that records them, marked as what it is by
its type (``founding`` or ``import``, types the workflow must declare), listing every item
the diff since the previous frozen release shows (added, changed, withdrawn), with the
decision of the person who records it and history from the workflow's initial state to its
approved state. In git the record is committed with the content it decides, so that commit
pins the decided text; without git the decision carries its pins. The release's own decision is recorded in the register when
it has none. Then the release is cut by the ordinary machinery
(:func:`stelsel.workflow.release_acts.cut`), so nothing here freezes anything itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import vcs
from ..atomic import atomic_write, sigterm_as_interrupt, sigterm_deferred
from ..model.status import ReleaseStatus
from ..release.states import ReleaseError

RECORD_TYPES = ("founding", "import")
ACTIONS = {"added": "add", "changed": "change", "renamed": "change", "moved": "change",
           "withdrawn": "withdraw", "removed": "withdraw"}


@dataclass
class Recorded:
    version: str
    proposal: str
    path: str
    changes: list[dict] = field(default_factory=list)
    commit: str | None = None
    previous_head: str | None = None
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _deciding_body(flow, person: str, on: dt.date, bodies: list[str]) -> str:
    mine = [b for b in bodies if flow.is_member(b, person, on)]
    if not mine:
        raise ReleaseError(f"refused: {person} is not a member of a body that decides ({', '.join(bodies) or 'none'}) "
                           f"on {on}")
    return mine[0]


def _register_entry(root: Path, project, version: str, person: str, body: str, on: dt.date,
                    reference: str) -> list[str]:
    """The register entry of ``version`` with a release decision (written when missing); the paths written."""
    from ..edit import Document
    from ..load.tree import content_dir
    from ..release.store import frozen_versions
    from ..yamlwrite import render

    written = []
    decision = {"body": body, "by": person, "date": on, "reference": reference}
    entry = project.by_kind.get("release", {}).get(version)
    if entry is None:
        others = list(project.by_kind.get("release", {}).values())
        folder = Path(others[0].file.path).parent.as_posix() if others else f"{content_dir(root)}/releases"
        frozen = frozen_versions(root)
        data = {"kind": "release", "id": version, "title": f"Release {version}",
                "status": project.statuses.release_word(ReleaseStatus.PREPARING)}
        if frozen:
            data["previous"] = frozen[-1]
        data["decision"] = decision
        rel = f"{folder}/{version}.yaml"
        atomic_write(root / rel, render(data))
        written.append(rel)
    elif entry.model.decision is None:
        doc = Document.open(root / entry.file.path)
        doc.set(("decision",), decision)
        doc.save()
        written.append(entry.file.path)
    config = project.config
    if config is not None and project.config_file is not None and config.working_release != version:
        doc = Document.open(root / project.config_file.path)
        doc.set(("working_release",), version)
        doc.save()
        written.append(project.config_file.path)
    return written


def record(root: Path, version: str, person: str, record_type: str, title: str, motivation: str,
           body_text: str = "", on: dt.date | None = None, use_git: bool = True,
           reference: str | None = None, paths: tuple[str, ...] = ()) -> Recorded:
    """Write (and, in git, commit as ``person``) the record proposal of ``version``; see the module."""
    from ..load.project import load_project
    from ..load.tree import CHANGES_DIR
    from ..release.pin import current_pins
    from ..release.plan import plan_release
    from ..yamlwrite import new_markdown_fast
    from .engine import Flow

    root = Path(root)
    on = on or dt.date.today()
    project = load_project(root)
    if project.governance is None:
        raise ReleaseError("the framework has no valid governance: nobody can record a release")
    flow = Flow(project.governance)
    if record_type not in flow.types:
        raise ReleaseError(f"the workflow declares no proposal type '{record_type}': add it to "
                           f"workflow.proposal_types (stelsel init's workflow has it) to record a {record_type}")
    if person not in flow.people:
        raise ReleaseError(f"unknown person '{person}': --as must name someone in the governance roster")
    from .release_acts import require_own_commit

    require_own_commit(root, project, person, f"the {record_type} of release {version} by {person}", use_git)
    approved = [s.id for s in project.governance.workflow.states if s.approved]
    if len(approved) != 1:
        raise ReleaseError("the workflow must mark exactly one state as 'approved: true' to record a release")
    releasing = list(flow.workflow.release_decided_by)
    deciding = list(flow.workflow.decided_by) or releasing
    body = _deciding_body(flow, person, on, deciding)
    release_body = _deciding_body(flow, person, on, releasing)
    reference = reference or f"{record_type} {version}, recorded by stelsel"
    written = _register_entry(root, project, version, person, release_body, on, reference)

    project = load_project(root)
    plan = plan_release(root, version, project)
    changes = [{"item": d.id, "action": ACTIONS[d.change]} for d in plan.diff.items]
    changes += [{"item": ident, "action": "change"} for ident in sorted(plan.diff.governed)]
    if not changes:
        raise ReleaseError(f"nothing changed since {plan.previous or 'the start'}: there is nothing to record for "
                           f"{version}")
    ident = f"{record_type.upper()}-{version}"
    rel = f"{CHANGES_DIR}/{ident}.md"
    if (root / rel).exists() or project.get(ident) is not None:
        raise ReleaseError(f"{rel} exists already: {version} has a {record_type} record")
    stamp = dt.datetime.combine(on, dt.time(12, 0), tzinfo=dt.timezone.utc) if on != dt.date.today() \
        else dt.datetime.now().astimezone().replace(microsecond=0)
    decided = stamp - dt.timedelta(seconds=1)  # the decision, then the move it allows
    front = {
        "id": ident, "title": title, "type": record_type, "authors": [person], "working_group": body,
        "target_release": version, "status": approved[0], "changes": changes, "motivation": motivation,
        "history": [{"at": stamp, "by": person, "from": flow.workflow.initial, "to": approved[0],
                     "reason": f"{record_type} recorded by stelsel"}],
    }
    from types import SimpleNamespace

    listed = SimpleNamespace(model=SimpleNamespace(changes=[SimpleNamespace(item=c["item"]) for c in changes]))
    outcome = approved[0] if approved[0] in flow.outcomes() or not flow.outcomes() else flow.outcomes()[0]
    front["decision"] = {"body": body, "by": person, "date": decided, "outcome": outcome, "minutes": reference}
    if not (use_git and _in_git(root)):  # committed with the content it decides, the commit pins it
        front["decision"]["pinned"] = current_pins(project, listed)
    atomic_write(root / rel, new_markdown_fast(front, body_text or f"{title}\n"))
    written.append(rel)
    result = Recorded(version, ident, rel, changes, written=list(paths) + written)
    if use_git:
        _commit(root, project, person, result, f"Record the {record_type} of release {version}")
    return result


def _in_git(root: Path) -> bool:
    try:
        vcs.close(vcs.open_repo(root, search_parents=False))
        return True
    except vcs.GitProblem:
        return False


def _commit(root: Path, project, person: str, result: Recorded, subject: str) -> None:
    try:
        repo = vcs.open_repo(root, search_parents=False)
    except vcs.GitProblem:
        return
    people = {p.id: p for p in project.governance.people}
    try:
        result.previous_head = vcs.head(repo)
        with sigterm_deferred():  # broken off, the commit could land while the files are restored
            result.commit = vcs.commit_paths(repo, result.written, subject,
                                             author=(people[person].name, people[person].email))
    except vcs.GitProblem as exc:
        raise ReleaseError(f"the record is written but could not be committed ({exc}); commit it as {person}") from None
    finally:
        vcs.close(repo)


def _take_back(root: Path, recorded: Recorded) -> None:
    """Undo the record's commit (HEAD and index as before it); the caller restores the files."""
    if recorded.commit is None or recorded.previous_head is None:
        return
    repo = vcs.open_repo(root, search_parents=False)
    try:
        vcs.undo_commit(repo, recorded.previous_head, recorded.commit, recorded.written)
    finally:
        vcs.close(repo)


def record_and_cut(root: Path, version: str, person: str, record_type: str, title: str, motivation: str, *,
                   run_rules: Callable, body_text: str = "", use_git: bool = True,
                   paths: tuple[str, ...] = (), before: dict[Path, bytes] | None = None,
                   on: dt.date | None = None):
    """Record ``version`` and cut it: (Recorded, CutResult).

    ``paths`` (files the caller wrote for this release, e.g. imported items) are committed
    with the record; ``before`` is the tree as it was before the caller wrote them
    (:func:`snapshot`). A refused cut takes the record (and its commit) back and restores
    the tree as ``before`` had it.
    """
    root = Path(root)
    before = before if before is not None else snapshot(root)
    with sigterm_as_interrupt():  # SIGTERM takes the record back like Ctrl-C
        return _record_and_cut(root, version, person, record_type, title, motivation, run_rules, body_text,
                               use_git, paths, before, on)


def _record_and_cut(root: Path, version: str, person: str, record_type: str, title: str, motivation: str,
                    run_rules: Callable, body_text: str, use_git: bool, paths: tuple[str, ...],
                    before: dict[Path, bytes], on: dt.date | None):
    from .release_acts import cut

    try:
        recorded = record(root, version, person, record_type, title, motivation, body_text, on=on,
                          use_git=use_git, paths=paths)
    except BaseException:  # refused or interrupted (Ctrl-C, SIGTERM): the tree as before
        _restore(root, before)
        raise
    try:
        return recorded, cut(root, version, person, run_rules=run_rules, today=on, use_git=use_git)
    except BaseException:
        try:
            _take_back(root, recorded)
        except vcs.GitProblem as exc:
            raise ReleaseError(f"the cut was refused and the record's commit {recorded.commit[:10]} could not be "
                               f"taken back ({exc})") from None
        _restore(root, before)
        raise


def found(root: Path, version: str, person: str, *, run_rules: Callable, use_git: bool = True,
          on: dt.date | None = None):
    """The first release of a framework, everything in it founded: record the founding and cut it."""
    from ..release.store import frozen_versions

    frozen = frozen_versions(Path(root))
    if frozen:
        raise ReleaseError(f"refused: --founding is for the first release, and {', '.join(frozen)} is frozen already; "
                           "carry changes in proposals")
    return record_and_cut(root, version, person, "founding", f"Founding of release {version}",
                          "The content the framework starts with, founded as its first release.",
                          body_text=f"The founding of the framework: every item of release {version} is founded as "
                                    "it stands, recorded by stelsel release cut --founding.\n",
                          run_rules=run_rules, use_git=use_git, on=on)


def snapshot(root: Path) -> dict[Path, bytes]:
    from ..load.tree import scan

    return {Path(e.abspath): Path(e.abspath).read_bytes() for e in scan(root) if e.issue is None and not e.is_link}


def _restore(root: Path, before: dict[Path, bytes]) -> None:
    """Files back as in ``before``: new ones removed, changed ones rewritten."""
    from ..load.tree import scan

    for entry in scan(root):
        path = Path(entry.abspath)
        if entry.issue is not None or entry.is_link:
            continue
        if path not in before:
            path.unlink(missing_ok=True)
        elif path.read_bytes() != before[path]:
            atomic_write(path, before[path])
