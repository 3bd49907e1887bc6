"""Release authority as data: who may open, cut and publish a release, and what must hold first.

``workflow.release_authority`` in ``governance.yaml`` declares, per act (``open``, ``cut``,
``publish``), who may do it (``by``: ``body:ID``, ``body:ID/FUNCTION`` or ``anyone``, as in a
transition; membership counts on the day of the act) and which guards must hold
(``release_decision``, ``proposals_approved``, ``items_releasable``). An act the config does
not declare may be done by nobody.

This module judges an act (:func:`act_problems`) and carries the acts out: it checks the
authority and then calls the release mechanics below it (:mod:`stelsel.release.cut`), which
write, check and commit. ``release`` sits below ``workflow`` in the layers, so the authority
lives here and the CLI calls these functions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from .. import vcs
from ..atomic import sigterm_as_interrupt, sigterm_deferred
from ..load.tree import config_file, content_dir
from ..model.governance import ReleaseGuardType
from ..model.status import ReleaseStatus
from ..release.plan import not_releasable
from ..release.states import ReleaseError
from .engine import Flow, parse_spec

ACTS = ("open", "cut", "publish")
NOT_RELEASE_ACTORS = ("author", "working_group")  # forms of 'by' that mean nothing for a release


def act_config(governance, act: str):
    """The ``ReleaseAct`` for ``act`` (None when governance.yaml declares none)."""
    authority = governance.workflow.release_authority if governance is not None else None
    return getattr(authority, act, None) if authority is not None else None


def missing_authority(act: str) -> str:
    return (f"governance.yaml declares nobody who may {act} a release: add workflow.release_authority.{act} "
            f"with 'by' (e.g. by: [body:ID] or [body:ID/FUNCTION]) and its guards (release_decision, "
            f"proposals_approved, items_releasable)")


def entitlement_problem(flow: Flow, act: str, person: str, on: dt.date) -> str | None:
    """None when ``person`` may do ``act`` on ``on`` per release_authority; otherwise why not (a sentence)."""
    config = act_config(flow.governance, act)
    if config is None:
        return missing_authority(act)
    if person not in flow.people:
        return f"'{person}' is not on the governance roster"
    specs = [s for s in config.by if parse_spec(s).kind not in NOT_RELEASE_ACTORS]
    if any(flow.entitled(spec, person, None, on) for spec in specs):
        return None
    labels = " or ".join(flow.spec_label(spec) for spec in config.by)
    return f"{person} may not {act} a release on {on}: it takes {labels} (workflow.release_authority.{act})"


def decision_problem(flow: Flow, entry, version: str, on: dt.date) -> str | None:
    """None when the register entry records a valid release decision taken by ``on``."""
    allowed = list(flow.workflow.release_decided_by)
    if entry is None:
        return (f"release {version} is not in the release register: open it first "
                f"(stelsel release open {version} --as PERSON)")
    decision = entry.model.decision
    if decision is None:
        return (f"no release decision recorded in {entry.file.path}: add 'decision:' with body "
                f"({', '.join(allowed) or 'a body in workflow.release_decided_by'}), by, date and reference")
    if decision.body not in allowed:
        return (f"release {version} was decided by '{decision.body}', which may not decide releases "
                f"(workflow.release_decided_by: {', '.join(allowed) or 'none'})")
    if not flow.is_member(decision.body, decision.by, decision.date):
        return f"'{decision.by}' was not a member of '{decision.body}' on {decision.date}: the release decision is not valid"
    if decision.date > on:
        return f"the release decision is dated {decision.date}, after the act ({on})"
    return None


def plan(root: Path, version: str):
    """``release plan``: what VERSION will hold and what blocks it, the cut's release decision included.

    The plan (:mod:`stelsel.release.plan`) sees proposals, items and the register; whether the
    decision is valid (taken by a member of a body that may decide releases) is a question of
    authority, answered here, so that the plan never says 'nothing blocks' to a cut that refuses.
    """
    from ..load.project import load_project
    from ..release.plan import plan_release
    from .roster import roster

    project = load_project(root)
    result = plan_release(root, version, project=project)
    config = act_config(project.governance, "cut")
    guards = {guard.type.value if hasattr(guard.type, "value") else guard.type for guard in config.guards} \
        if config is not None else set()
    entry = project.by_kind.get("release", {}).get(version)
    if ReleaseGuardType.RELEASE_DECISION.value in guards and entry is not None:  # no entry: the plan says so
        flow = roster(project).for_next_commit() or Flow(project.governance)
        problem = decision_problem(flow, entry, version, dt.date.today())
        if problem:
            result.blockers.append(problem)
    return result


def guard_problems(project, flow: Flow, act: str, version: str, on: dt.date, content=None) -> list[str]:
    """What the guards of ``act`` miss for ``version`` (empty: they hold).

    ``content`` is the project whose items ``items_releasable`` looks at (the working tree
    for open and cut, the frozen release for publish); it defaults to ``project``.
    """
    config = act_config(flow.governance, act)
    if config is None:
        return []
    entry = project.by_kind.get("release", {}).get(version)
    problems: list[str] = []
    for guard in config.guards:
        kind = guard.type.value if hasattr(guard.type, "value") else guard.type
        if kind == ReleaseGuardType.RELEASE_DECISION.value:
            problem = decision_problem(flow, entry, version, on)
            if problem:
                problems.append(problem)
        elif kind == ReleaseGuardType.PROPOSALS_APPROVED.value:
            for proposal in sorted(project.items("proposal"), key=lambda p: p.id):
                if proposal.model.target_release == version and flow.is_open(proposal.model.status):
                    problems.append(f"proposal {proposal.id} targets {version} but is still '{proposal.model.status}' "
                                    "(guard proposals_approved)")
        elif kind == ReleaseGuardType.ITEMS_RELEASABLE.value:
            for item in sorted((content or project).items(), key=lambda i: i.file.path):
                problem = not_releasable(item, (content or project).statuses)
                if problem:
                    problems.append(f"{problem} (guard items_releasable)")
    return problems


def act_problems(project, act: str, person: str, version: str, on: dt.date, content=None) -> list[str]:
    """Why ``person`` may not do ``act`` for ``version`` on ``on`` (empty: they may)."""
    if project.governance is None:
        return [f"the framework has no valid governance ({content_dir(project.root)}/governance.yaml): nobody may "
                f"{act} a release"]
    from .roster import roster

    # judged as check will judge the act once committed: by the roster in force at HEAD
    flow = roster(project).for_next_commit() or Flow(project.governance)
    today = dt.date.today()
    if on > today:
        return [f"the {act} would be dated {on}, in the future (today is {today})"]
    # entitled on the day the act is dated and on the day it is done (a backdated act needs both)
    for day in dict.fromkeys((on, today)):
        problem = entitlement_problem(flow, act, person, day)
        if problem:
            return [problem] + ([flow.in_force_note] if flow.in_force_note else [])
    return guard_problems(project, flow, act, version, on, content)


def _refuse(act: str, version: str, problems: list[str]) -> ReleaseError:
    if len(problems) == 1:
        return ReleaseError(f"refused: {problems[0]}")
    return ReleaseError(f"refused: release {version} cannot be {'cut' if act == 'cut' else act + 'ed'} yet:\n  - "
                        + "\n  - ".join(problems))


def _load(root: Path):
    from ..load.project import load_project

    project = load_project(Path(root))
    if project.governance is None:
        raise ReleaseError(f"the framework has no valid governance ({content_dir(root)}/governance.yaml): nobody "
                           "may open, cut or publish a release; run 'stelsel check' to see what is wrong with it")
    return project


def _identity(project, person: str) -> tuple[str, str]:
    people = {p.id: p for p in project.governance.people}
    if person not in people:
        raise ReleaseError(f"unknown person '{person}': --as must name someone in the governance roster")
    return people[person].name, people[person].email


def require_own_commit(root: Path, project, person: str, what: str, use_git: bool = True) -> None:
    """Refuse, before anything is written, an act whose commit git would make as someone else than ``person``.

    The commit of an act is authored by the person's roster e-mail; its committer is git's
    own identity. Whatever W024 would reject once committed (another committer, not
    trusted, the commit not signed with one of the person's keys) is refused here, with
    how to run it as them. Outside a git repository (or with ``use_git`` off) nothing is
    committed and nothing is asked.
    """
    from .roster import roster
    from .vouch import future_committer_problem, trusted_committers

    if not use_git:
        return
    try:
        repo = vcs.open_repo(Path(root), search_parents=False)
    except vcs.GitProblem:
        return
    try:
        name, email = vcs.committer(repo)
        signing_key = vcs.commit_signed_by(repo)
    except vcs.GitProblem as exc:
        people = {p.id: p for p in project.governance.people}
        listed = people[person].email if person in people else "their e-mail in the roster"
        raise ReleaseError(f"refused: git has no identity to commit {what} with ({exc}); set it to {person}'s: "
                           f"git config user.email {listed} (and user.name), or GIT_COMMITTER_NAME and "
                           f"GIT_COMMITTER_EMAIL") from None
    finally:
        vcs.close(repo)
    flow = roster(project).for_next_commit() or Flow(project.governance)
    them = flow.people.get(person) or next(p for p in project.governance.people if p.id == person)
    problem = future_committer_problem(them, name, email, trusted_committers(flow.governance), signing_key, what)
    if problem:
        raise ReleaseError(f"refused: {problem[0]}\n  hint: {problem[1]}")


# --- the acts -----------------------------------------------------------------------------


def cut(root: Path, version: str, actor: str, *, run_rules: Callable, today: dt.date | None = None,
        use_git: bool = True):
    """``release cut``: refuse unless ``actor`` may cut ``version`` today and the guards hold, then cut."""
    from ..release.cut import cut_release

    today = today or dt.date.today()
    project = _load(root)
    author = _identity(project, actor)
    problems = act_problems(project, "cut", actor, version, today)
    if problems:
        raise _refuse("cut", version, problems)
    require_own_commit(root, project, actor, f"the cut of release {version} by {actor}", use_git)
    return cut_release(Path(root), version, actor, run_rules=run_rules, today=today, use_git=use_git,
                       author=author, sign=project.governance.workflow.require_signed_decisions, project=project)


def publish(root: Path, version: str, actor: str, on: dt.date | None = None, use_git: bool = True) -> Path:
    """``release publish``: refuse unless ``actor`` may publish ``version`` on ``on``, then record and commit it."""
    from ..load.project import load_project
    from ..release.cut import publish_release
    from ..release.store import MANIFEST, release_root

    on = on or dt.date.today()
    project = _load(root)
    author = _identity(project, actor)
    folder = release_root(Path(root), version)
    content = load_project(folder) if (folder / MANIFEST).is_file() else None
    problems = act_problems(project, "publish", actor, version, on, content=content)
    if content is not None:
        problems += _not_intact(Path(root), version)
    if problems:
        raise _refuse("publish", version, problems)
    require_own_commit(root, project, actor, f"the publication of release {version} by {actor}", use_git)
    return publish_release(Path(root), version, actor, on, author=author, use_git=use_git, project=project)


def _not_intact(root: Path, version: str) -> list[str]:
    """Why the frozen release is not what was cut (its manifest, its cut commit, its tag); empty when it is."""
    from ..release.anchor import UnknownRelease, verify_release

    try:
        report = verify_release(root, version)
    except UnknownRelease as exc:
        return [str(exc)]
    if not report.mismatched:
        return []  # verified, or (without history) its manifest intact: what can be known here
    failed = [f"{check.name}: {check.detail}" for check in report.checks if check.failed]
    failed += [problem.message for problem in report.problems if problem.code in ("L005", "L006")]
    return [f"releases/{version} is not the release that was cut ({'; '.join(failed) or 'see stelsel release verify'}); "
            f"restore it from its cut commit (stelsel release verify {version} says how)"]


def open_release(root: Path, version: str, actor: str, title: str | None = None, on: dt.date | None = None,
                 use_git: bool = True) -> "Opened":
    """``release open``: the next working release, in the register and in stelsel.yaml, committed as ``actor``."""
    on = on or dt.date.today()
    root = Path(root)
    project = _load(root)
    author = _identity(project, actor)
    problems = act_problems(project, "open", actor, version, on)
    if problems:
        raise _refuse("open", version, problems)
    require_own_commit(root, project, actor, f"the opening of release {version} by {actor}", use_git)
    return _open(root, project, version, actor, author, title, use_git)


class Opened:
    def __init__(self, version: str, register: str, previous: str | None, created: bool, commit: str | None):
        self.version, self.register, self.previous, self.created, self.commit = \
            version, register, previous, created, commit


OPENABLE = (ReleaseStatus.PLANNED.value, ReleaseStatus.PREPARING.value)


def _open(root: Path, project, version: str, actor: str, author: tuple[str, str], title: str | None,
          use_git: bool) -> Opened:
    from ..edit import EditError
    from ..release.store import frozen_versions, version_key

    frozen = frozen_versions(root)
    newest = frozen[-1] if frozen else None
    if version in frozen:
        raise ReleaseError(f"refused: release {version} is already frozen in releases/{version}; open a later version")
    try:
        version_key(version)
    except Exception:  # noqa: BLE001 - any version the order cannot place
        raise ReleaseError(f"refused: '{version}' is not a version (e.g. 1.1 or 2.0)") from None
    same = next((other for other in (*frozen, *project.by_kind.get("release", {}))
                 if other != version and version_key(other)[:2] == version_key(version)[:2]), None)
    if same is not None:  # '1.1.0' or '01.1' next to '1.1': one version under two names, two folders, two tags
        raise ReleaseError(f"refused: {version} is the same version as {same}, which the project has already; "
                           f"use '{same}'")
    if newest is not None and version_key(version) <= version_key(newest):
        raise ReleaseError(f"refused: release {version} is not newer than the newest frozen release ({newest})")
    config = project.config
    if config is None or project.config_file is None:
        raise ReleaseError(f"the framework config ({config_file(root)}) is missing or invalid; "
                           "run 'stelsel check'")
    current = config.working_release
    registered = project.by_kind.get("release", {})
    word = project.statuses.release_word
    preparing = word(ReleaseStatus.PREPARING)
    if current and current != version and current not in frozen and current in registered \
            and _status(registered[current]) == ReleaseStatus.PREPARING:
        raise ReleaseError(f"refused: the working release {current} is still open ({preparing}) and not cut; "
                           f"cut it first (stelsel release cut {current}), then open {version}")
    entry = registered.get(version)
    if entry is not None and _status(entry) not in OPENABLE:
        raise ReleaseError(f"refused: release {version} is '{word(_status(entry))}' in the register "
                           f"({entry.file.path}); only a planned release ({word(ReleaseStatus.PLANNED)}) can be opened")
    if entry is None and not title:
        known = ", ".join(sorted(registered, key=version_key)) or "none"
        raise ReleaseError(f"release {version} is not in the register (registered: {known}); give --title to add it")
    if entry is not None and _status(entry) == ReleaseStatus.PREPARING and current == version \
            and entry.model.previous == newest:
        raise ReleaseError(f"release {version} is already the open working release")

    register_rel = entry.file.path if entry is not None else f"{content_dir(root)}/releases/{version}.yaml"
    config_rel = project.config_file.path
    repo = None
    if use_git:
        try:
            repo = vcs.open_repo(root, search_parents=False)
        except vcs.GitProblem:
            repo = None
    if repo is not None:
        dirty = vcs.status(repo, [register_rel, config_rel])
        if dirty.strip():
            raise ReleaseError(f"uncommitted changes in {register_rel} or {config_rel}; commit or undo them first")
    originals: dict[Path, bytes | None] = {}
    for rel in (register_rel, config_rel):
        path = root / rel
        originals[path] = path.read_bytes() if path.exists() else None
    try:
        with sigterm_as_interrupt():  # SIGTERM rolls back like Ctrl-C
            commit = _write_open(root, repo, project, entry, version, actor, author, title, newest, preparing,
                                 current, registered, register_rel, config_rel)
    except (EditError, vcs.GitProblem, OSError) as exc:
        _restore(originals)
        if repo is not None:
            try:
                vcs.unstage(repo, [register_rel, config_rel])
            except vcs.GitProblem:
                pass
        raise ReleaseError(f"release {version} was not opened: {exc}") from None
    except BaseException:
        _restore(originals)
        raise
    finally:
        if repo is not None:
            vcs.close(repo)
    return Opened(version, register_rel, newest, entry is None, commit)


def _write_open(root: Path, repo, project, entry, version: str, actor: str, author: tuple[str, str], title,
                newest, preparing: str, current, registered: dict, register_rel: str, config_rel: str) -> str | None:
    """The writes of ``release open`` and its commit (None without git); the caller restores on any exception."""
    from ..atomic import atomic_write
    from ..edit import Document, EditError
    from ..yamlwrite import as_plain, plain, render, same

    if entry is None:
        data = {"kind": "release", "id": version, "title": title.strip(), "status": preparing}
        if newest:
            data["previous"] = newest
        sources = _sources_to_copy(registered, newest)
        if sources:  # the sources of the release it follows (require_sources wants some)
            data["sources"] = sources
        text = render(data)
        if not same(plain(text), as_plain(data)):  # pragma: no cover - render writes what reads back
            raise EditError(f"the register entry of {version} would not read back as written")
        atomic_write(root / register_rel, text)
    else:
        doc = Document.open(root / register_rel)
        doc.set(("status",), preparing)
        if newest:
            doc.set(("previous",), newest)
        if title:
            doc.set(("title",), title.strip())
        doc.save()
    if current != version:
        doc = Document.open(root / config_rel)
        doc.set(("working_release",), version)
        doc.save()
    if repo is None:
        return None
    with sigterm_deferred():  # broken off, the commit could land while the files roll back
        return vcs.commit_paths(repo, [register_rel, config_rel], f"Open release {version} as the working release",
                                f"Opened by {actor} with stelsel (stelsel release open); previous frozen release: "
                                f"{newest or 'none'}.", author=author)


def _sources_to_copy(registered: dict, newest: str | None) -> list[str]:
    """The sources of the register entry a new one follows: the newest frozen release's, else the latest entry's."""
    from ..release.store import version_key

    base = registered.get(newest) if newest else None
    if base is None and registered:
        base = registered[max(registered, key=version_key)]
    return list(base.model.sources) if base is not None else []


def _status(entry) -> str:
    status = entry.model.status
    return getattr(status, "value", status)


def _restore(originals: dict[Path, bytes | None]) -> None:
    from ..atomic import atomic_write

    for path, raw in originals.items():
        if raw is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, raw)
