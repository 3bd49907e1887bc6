"""``release cut`` and ``release publish``: the mechanics of taking a decided release into frozen text.

Who may cut or publish, and what must hold first, is judged above this layer
(:mod:`stelsel.workflow.release_acts`, from ``workflow.release_authority``); the CLI goes
through there. What happens here:

1. The tree must check clean, the plan must have no blockers (every change carried by an
   approved proposal, every approved proposal's items changed, nothing still under way) and
   the content must be committed.
2. The new release is built in a temporary copy of the project, outside the tree: the
   included proposals are marked released (a history step with a full timestamp, never
   before the proposal's last step), ready items become adopted, the register entry
   decided (each written in the framework's own word), ``releases/<version>/`` is frozen with its manifest, CHANGELOG.md is
   regenerated and ``working_release`` moves to the next planned release. The full check
   (``run_rules``, passed in: the rules sit above ``release``) runs on the result; any error
   refuses the cut and nothing in the tree has changed.
3. The result is moved into place (atomic writes; the frozen folder by ``os.replace`` from a
   staging folder inside ``releases/``) and checked again in place, with the git history
   visible; any error rolls every file back.
4. In a git repository the cut is committed with the cutter's roster identity as author and
   the trailers ``Stelsel-Release`` and ``Stelsel-Content-Hash`` as the last paragraph of the
   message, and tagged ``release-<version>`` (an annotated tag whose message ends with the
   same trailers; signed when the workflow requires signed decisions). If the commit or the
   tag fails, the commit is taken back and the tree restored.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import vcs
from ..atomic import sigterm_as_interrupt, sigterm_deferred
from ..model.status import ItemStatus, ReleaseStatus
from .states import ReleaseError

READY = ItemStatus.READY.value
ADOPTED = ItemStatus.ADOPTED.value
CUT_PATHS = ("changes", "releases", "CHANGELOG.md")  # besides the content folder (content_dir) and stelsel.toml
TRAILER_RELEASE = "Stelsel-Release"
TRAILER_HASH = "Stelsel-Content-Hash"


@dataclass
class CutResult:
    version: str
    folder: Path
    proposals: list[str] = field(default_factory=list)
    promoted: list[str] = field(default_factory=list)
    changelog_problems: list[str] = field(default_factory=list)
    content_hash: str | None = None
    commit: str | None = None
    tag: str | None = None
    working_release: str | None = None  # where working_release moved (None: it did not)
    notes: list[str] = field(default_factory=list)


def cut_paths(root: Path) -> list[str]:
    """What a cut writes and commits: the content folder (stelsel.toml's, if it names one), changes, releases."""
    from ..load.tree import PROJECT_FILE, content_dir

    return [content_dir(root), *CUT_PATHS, PROJECT_FILE]


def trailers(version: str, content_hash: str) -> str:
    """The last paragraph of a cut commit's message and of its tag's message."""
    return f"{TRAILER_RELEASE}: {version}\n{TRAILER_HASH}: {content_hash}"


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


def _errors(run_rules: Callable, root: Path, project=None) -> tuple[list, list[str]]:
    """The error findings of the full check of ``root`` (frozen releases included), and crashed rules."""
    from ..diagnostics import Severity
    from ..load.project import load_project
    from .store import read_frozen

    project = project or load_project(root)
    project.frozen = read_frozen(root)
    findings, crashed = run_rules(project)
    return [d for d in findings if d.severity == Severity.ERROR], crashed


def _listing(errors: list, crashed: list[str]) -> str:
    lines = [f"{d.path}:{d.line}: {d.code} {d.message}" for d in errors[:10]]
    if len(errors) > 10:
        lines.append(f"... and {len(errors) - 10} more ('stelsel check' shows them all)")
    lines += [f"rule crashed: {c}" for c in crashed]
    return "\n  ".join(lines)


def cut_stamp(today: dt.date, earlier, now: dt.datetime | None = None) -> dt.datetime:
    """The timestamp of the cut's history steps: a datetime with its UTC offset on ``today``.

    Now when the cut is dated today, else noon UTC of that day; never at or before the last
    step (``earlier``: the ``at`` of each included proposal's last history entry), so that
    a proposal accepted earlier the same day still replays in order. A last step after the
    cut's day is refused: a release cannot include what was accepted after it was cut.
    """
    now = now or dt.datetime.now().astimezone().replace(microsecond=0)
    stamp = now if today == now.date() else dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.timezone.utc)
    for value in earlier:
        if isinstance(value, dt.datetime):
            aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)
            if aware.date() > today:
                raise ReleaseError(f"refused: a proposal's last step is dated {value}, after the cut's date ({today})")
            if aware >= stamp:
                stamp = (aware + dt.timedelta(seconds=1)).astimezone(stamp.tzinfo)
        elif isinstance(value, dt.date) and value > today:
            raise ReleaseError(f"refused: a proposal's last step is dated {value}, after the cut's date ({today})")
    if stamp.date() != today:
        raise ReleaseError(f"refused: the last recorded step of an included proposal is at the very end of {today}; "
                           "cut on a later day")
    return stamp


def cut_release(root: Path, version: str, actor: str, *, run_rules: Callable, today: dt.date | None = None,
                use_git: bool = True, author: tuple[str, str] | None = None, sign: bool = False,
                project=None) -> CutResult:
    """Cut ``version``; ``run_rules(project) -> (findings, crashed)`` is the check it must pass.

    ``author`` is the cutter's (name, e-mail) from the roster, the author of the commit;
    ``sign`` makes the tag a signed one. Refuses with :class:`ReleaseError`, leaving the tree,
    the index, HEAD and the tags as they were.
    """
    from ..load.project import load_project
    from .plan import plan_release, state_flags
    from .store import frozen_versions

    root = Path(root)
    today = today or dt.date.today()
    project = project or load_project(root)
    governance = project.governance
    if governance is None:
        from ..load.tree import content_dir

        raise ReleaseError(f"the framework has no governance ({content_dir(root)}/governance.yaml): nobody may cut a release")
    if actor not in {p.id for p in governance.people}:
        raise ReleaseError(f"unknown person '{actor}': --as must name someone in the governance roster")

    errors, crashed = _errors(run_rules, root, project)
    if errors or crashed:
        raise ReleaseError(f"'stelsel check' reports {len(errors)} error(s); fix them before cutting:\n  "
                           + _listing(errors, crashed))

    plan = plan_release(root, version, project)
    if plan.blockers:
        raise ReleaseError(f"release {version} is blocked:\n  - " + "\n  - ".join(plan.blockers))
    entry = project.by_kind["release"][version]
    newest = frozen_versions(root)
    if newest and _vkey(version) <= _vkey(newest[-1]):
        raise ReleaseError(f"refused: release {version} is not newer than the newest frozen release ({newest[-1]})")

    _approved, released_states, _open = state_flags(project)
    if len(released_states) != 1:
        raise ReleaseError("the workflow must mark exactly one state as 'released: true' (where included proposals go)")
    released_state = next(iter(released_states))

    repo = _git_repo(root) if use_git else None
    try:
        with sigterm_as_interrupt():  # SIGTERM (timeout, a cancelled CI job) rolls back like Ctrl-C
            return _cut(root, repo, project, plan, entry, version, actor, today, released_state, run_rules,
                        author, sign)
    finally:
        if repo is not None:
            vcs.close(repo)


def _cut(root: Path, repo, project, plan, entry, version: str, actor: str, today: dt.date, released_state: str,
         run_rules: Callable, author, sign: bool) -> CutResult:
    """Steps 2 to 4 of the cut (see the module); any exception, SIGTERM included, leaves the tree as it was."""
    if repo is not None:
        _require_clean(repo, cut_paths(root))
    stamp = cut_stamp(today, [p.model.history[-1].at for p in plan.approved if p.model.history])
    result = CutResult(version=version, folder=root / "releases" / version)
    with tempfile.TemporaryDirectory(prefix="stelsel-cut-") as tmp:
        work = Path(tmp) / "project"
        _copy_project(root, work)
        manifest = _build(work, project, plan, entry, version, actor, today, stamp, released_state, result)
        result.content_hash = manifest["content_hash"]
        mine = [p for p in result.changelog_problems if p.startswith(f"{version}: ")]
        if mine:
            raise ReleaseError(f"refused: the changelog of {version} would not match its diff; nothing was "
                               "changed:\n  - " + "\n  - ".join(mine))
        errors, crashed = _errors(run_rules, work)
        if errors or crashed:
            raise ReleaseError(f"refused: the cut release would not check clean ('stelsel check' reports "
                               f"{len(errors)} error(s) on the result); nothing was changed:\n  "
                               + _listing(errors, crashed))
        originals: dict[Path, bytes | None] = {}
        try:
            _install(work, root, version, originals)
            errors, crashed = _errors(run_rules, root)
            if errors or crashed:
                raise ReleaseError(f"refused: in place, release {version} does not check clean ('stelsel check' "
                                   f"reports {len(errors)} error(s)); every change was rolled back:\n  "
                                   + _listing(errors, crashed))
            if repo is not None:
                with sigterm_deferred():  # broken off, the commit could land while the files roll back
                    _commit_and_tag(repo, result, entry.model.title, actor, plan, entry, author, sign)
        except BaseException as exc:
            if not isinstance(exc, _CommitKept):  # a commit that stays keeps the files it committed
                _roll_back(root, version, originals)
            raise
    return result


class _CommitKept(ReleaseError):
    """The cut is committed and the commit could not be taken back: the tree must stay as committed."""


def _vkey(version: str):
    from .store import version_key

    return version_key(version)


def _copy_project(root: Path, work: Path) -> None:
    """The parts of the project the cut writes and the check reads, copied to ``work``."""
    work.mkdir(parents=True)
    for name in cut_paths(root):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, work / name, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, work / name)


def _build(work: Path, project, plan, entry, version: str, actor: str, today: dt.date, stamp: dt.datetime,
           released_state: str, result: CutResult) -> dict:
    """Make every change of the cut in ``work``; the manifest of the frozen release."""
    from ..edit import Document
    from ..i18n import for_config
    from .changelog import write_changelog
    from .freeze import freeze
    from .store import read_manifest

    for proposal in plan.approved:
        doc = Document.open(work / proposal.file.path)
        doc.set(("status",), released_state)
        doc.set(("released_in",), version)
        doc.append(("history",), {"at": stamp, "by": actor, "from": proposal.model.status, "to": released_state,
                                  "reason": for_config(project.config)("release_cut.included", version=version)})
        doc.save()
        result.proposals.append(proposal.id)
    words = project.statuses
    for item in project.items():
        if item.kind in ("proposal", "release") or getattr(item.model, "status", None) != READY:
            continue
        doc = Document.open(work / item.file.path)
        doc.set(("status",), words.word(ADOPTED))
        doc.save()
        result.promoted.append(item.id)
    register = Document.open(work / entry.file.path)
    register.set(("status",), words.release_word(ReleaseStatus.DECIDED))
    register.set(("date",), today)
    register.save()
    _advance_working_release(work, project, version, result)
    extra: dict = {"cut_by": actor}
    decision = entry.model.decision
    if decision is not None:
        extra = {"decision": {"body": decision.body, "by": decision.by, "date": decision.date.isoformat(),
                              "reference": decision.reference}, **extra}
    folder = freeze(work, version, [p.file.path for p in plan.approved], today.isoformat(), extra=extra)
    result.changelog_problems = write_changelog(work)
    return read_manifest(folder)


def _advance_working_release(work: Path, project, version: str, result: CutResult) -> None:
    """After the cut, the working tree heads for the next planned release in the register."""
    from ..edit import Document

    config = project.config
    if config is None or project.config_file is None or config.working_release != version:
        return
    later = sorted((item for v, item in project.by_kind.get("release", {}).items()
                    if _vkey(v) > _vkey(version) and _status(item) in (ReleaseStatus.PLANNED, ReleaseStatus.PREPARING)),
                   key=lambda item: _vkey(item.id))
    if not later:
        result.notes.append(f"no planned release after {version} in the register: open the next one with "
                            f"'stelsel release open VERSION --as PERSON --title TITLE'")
        return
    nxt = later[0]
    doc = Document.open(work / nxt.file.path)
    doc.set(("status",), project.statuses.release_word(ReleaseStatus.PREPARING))
    doc.set(("previous",), version)
    doc.save()
    doc = Document.open(work / project.config_file.path)
    doc.set(("working_release",), nxt.id)
    doc.save()
    result.working_release = nxt.id


def _status(item) -> str:
    status = item.model.status
    return getattr(status, "value", status)


def _install(work: Path, root: Path, version: str, originals: dict[Path, bytes | None]) -> None:
    """Move the cut from ``work`` into ``root``: changed files atomically, the frozen folder by one rename."""
    from ..atomic import atomic_write
    from .store import RELEASES_DIR

    frozen = work / RELEASES_DIR / version
    for name in cut_paths(root):
        source = work / name
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file()) \
            if source.is_dir() else []
        for path in files:
            rel = path.relative_to(work)
            if frozen in path.parents:
                continue
            target = root / rel
            new = path.read_bytes()
            old = target.read_bytes() if target.is_file() else None
            if old == new:
                continue
            originals[target] = old
            atomic_write(target, new)
    target = root / RELEASES_DIR / version
    if target.exists():
        raise ReleaseError(f"releases/{version} already exists; a release is frozen once")
    staging = target.with_name(f".{version}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(frozen, staging, symlinks=True)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _roll_back(root: Path, version: str, originals: dict[Path, bytes | None]) -> None:
    """Undo a cut that failed half-way: every written file back, no release folder."""
    from ..atomic import atomic_write
    from .store import RELEASES_DIR

    for path, raw in originals.items():
        if raw is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, raw)
    shutil.rmtree(root / RELEASES_DIR / version, ignore_errors=True)
    shutil.rmtree(root / RELEASES_DIR / f".{version}.staging", ignore_errors=True)


def _commit_and_tag(repo, result: CutResult, title: str, actor: str, plan, entry, author, sign: bool) -> None:
    """Commit the cut as its cutter and tag it; on a git failure the commit is taken back (the caller restores files)."""
    version = result.version
    tag = f"release-{version}"
    decision = entry.model.decision
    said = (f"decision: {decision.body} {decision.date} ({decision.reference or 'no reference'})"
            if decision is not None else "no release decision recorded")
    subject = f"Release {version}: {title}"
    body = (f"Cut by {actor} with stelsel; {said}; {len(result.proposals)} proposal(s).\n\n"
            + trailers(version, result.content_hash))
    previous = vcs.head(repo)
    paths = cut_paths(result.folder.parent.parent)
    try:
        result.commit = vcs.commit_paths(repo, paths, subject, body, author=author)
    except vcs.GitProblem as exc:
        try:
            vcs.unstage(repo, paths)
        except vcs.GitProblem:
            pass
        raise ReleaseError(f"refused: release {version} could not be committed ({exc}); nothing was changed") from None
    try:
        vcs.annotated_tag(repo, tag, f"{subject}\n\n{trailers(version, result.content_hash)}", sign=sign)
    except vcs.GitProblem as exc:
        made, result.commit = result.commit, None
        if previous is None:
            raise _CommitKept(f"release {version} is committed ({made[:10]}), but not tagged: {exc}; tag it yourself "
                               f"(git tag {'-s' if sign else '-a'} {tag} {made[:10]})") from None
        try:
            vcs.undo_commit(repo, previous, made, paths)
        except vcs.GitProblem as undo:
            raise _CommitKept(f"release {version} is committed ({made[:10]}), but not tagged: {exc}; and the commit "
                               f"could not be taken back ({undo})") from None
        raise ReleaseError(f"refused: release {version} could not be tagged ({exc})"
                           + ("; a signed tag needs a signing key (git config user.signingkey)" if sign else "")
                           + "; nothing was changed") from None
    result.tag = tag


# --- publish ------------------------------------------------------------------------------


def publish_release(root: Path, version: str, actor: str, on: dt.date | None = None, *,
                    author: tuple[str, str] | None = None, use_git: bool = True, project=None) -> Path:
    """Mark a frozen release as published in the register, recording who and when; commit it as ``author``."""
    from ..atomic import atomic_write
    from ..edit import Document
    from ..load.project import load_project
    from .store import release_root

    root = Path(root)
    on = on or dt.date.today()
    if not (release_root(root, version) / "manifest.json").is_file():
        raise ReleaseError(f"release {version} is not frozen; cut it first ('stelsel release cut {version}')")
    project = project or load_project(root)
    governance = project.governance
    if governance is None or actor not in {p.id for p in governance.people}:
        raise ReleaseError(f"unknown person '{actor}': --as must name someone in the governance roster")
    entry = project.by_kind.get("release", {}).get(version)
    if entry is None:
        raise ReleaseError(f"release {version} is not in the release register")
    status, words = _status(entry), project.statuses
    if status == ReleaseStatus.PUBLISHED:
        raise ReleaseError(f"release {version} is already published")
    if status != ReleaseStatus.DECIDED:
        raise ReleaseError(f"release {version} is '{words.release_word(status)}'; only a decided release "
                           f"('{words.release_word(ReleaseStatus.DECIDED)}') can be published")
    path = root / entry.file.path
    repo = _git_repo(root) if use_git else None
    try:
        if repo is not None:
            dirty = vcs.status(repo, [entry.file.path])
            if dirty.strip():
                raise ReleaseError(f"uncommitted changes in {entry.file.path}; commit or undo them before publishing")
        original = path.read_bytes()
        try:
            with sigterm_as_interrupt():  # SIGTERM rolls back like Ctrl-C
                doc = Document.open(path)
                doc.set(("status",), words.release_word(ReleaseStatus.PUBLISHED))
                doc.set(("published",), {"by": actor, "date": on})
                doc.save()
                if repo is not None:
                    with sigterm_deferred():
                        vcs.commit_paths(repo, [entry.file.path], f"Publish release {version}",
                                         f"Published by {actor} on {on} with stelsel (stelsel release publish).",
                                         author=author)
        except BaseException as exc:
            atomic_write(path, original)
            if repo is not None:
                try:
                    vcs.unstage(repo, [entry.file.path])
                except vcs.GitProblem:
                    pass
            if isinstance(exc, vcs.GitProblem):
                raise ReleaseError(f"refused: the publication of {version} could not be committed ({exc}); "
                                   "nothing was changed") from None
            raise
    finally:
        if repo is not None:
            vcs.close(repo)
    return path
