"""Who recorded the release records, according to git: a release decision, a cut, a publication.

Like the reviews and decisions of proposals (:mod:`stelsel.workflow.provenance`), the
records of a release name a person, and the commit that made the record must be authored by
that person (their e-mail in the roster):

- the ``decision`` block of a register entry (``afsprakenstelsel/releases/<v>.yaml``): the
  commit that added it in its current form, authored by ``decision.by``;
- the ``published`` block of a register entry (``stelsel release publish``): authored by
  ``published.by``;
- the cut of a frozen release: the commit that first added ``releases/<v>/manifest.json``
  (the release's anchor), authored by the manifest's ``cut_by``.

Where no record names the person (a manifest without ``cut_by``, a register entry marked
published without a ``published`` block: acts done by hand), the committer of the act
(the cut commit; the commit that set the status) is the one who did it, and must have been
entitled to it on that commit's day (L010), found by their e-mail in the roster.

A mismatch is W018 at the record; a commit committed by someone other than its author is
W024 unless signed by a key the roster lists for the author or committed by one of
``workflow.trusted_committers`` (for every record, named or not); a release decision or
publication dated after its commit (not committed: after now) is W025 at its date; a release
decision whose commit is not validly signed with one of the decider's listed
``signing_keys`` is W019 when the workflow requires signed decisions. The commit of a
register block is the newest version holding it whose parents all lack it (a merge that
adds it is its commit). Where it cannot be verified (no repository, the record
not committed yet, a shallow clone that starts after it) W020 says so, once for the whole
project when there is no history at all. Whether the named person was *entitled* to the act
is judged by :mod:`stelsel.workflow.release_acts` (finding L010).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePosixPath

from .. import vcs
from ..load.yamlread import YamlProblem, parse_yaml
from ..model.status import ReleaseStatus
from .act_time import after_commit, in_future
from .provenance import GitView, canonical, git_view
from .vouch import committer_problem, roster_then, signature_problem, signing_required_then, trusted_committers

MANIFEST_NAME = "manifest.json"
ACT_OF = {"cut": "cut", "status": "publish"}  # the act whose authority an unnamed record's committer needs


@dataclass
class Record:
    """One release record that names a person."""

    what: str  # for messages: "the release decision of 0.8 by ingrid.vandam"
    path: str  # the project file that holds it
    line: int
    col: int
    person: str | None
    kind: str  # "register" (a block in a register entry) or "cut" (a manifest)
    key: str | None = None  # the register block: decision | published
    value: str | None = None  # the block as canonical JSON
    version: str | None = None
    day: object = None  # the day the record gives for the act (a cut's created, a publication's date)
    dated: object = None  # the act's own date (a release decision's or publication's date), for W025
    dated_at: tuple[int, int] | None = None  # its line and column


@dataclass
class ReleaseFinding:
    code: str
    path: str
    line: int
    col: int
    message: str
    hint: str | None = None


def manifest_line(raw: bytes | None, key: str) -> tuple[int, int]:
    """The line and column of ``"key":`` in a manifest's text (1, 1 when absent)."""
    if not raw:
        return 1, 1
    needle = f'"{key}"'
    for number, text in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        col = text.find(needle)
        if col >= 0:
            return number, col + 1
    return 1, 1


def frozen_manifests(project) -> dict[str, tuple[dict, bytes]]:
    """{version: (manifest data, raw bytes)} of the working tree's frozen releases (readable ones only)."""
    return project.memoized("release.parsed_manifests", lambda: _parse_manifests(project))


def _parse_manifests(project) -> dict[str, tuple[dict, bytes]]:
    found: dict[str, tuple[dict, bytes]] = {}
    for path, entry in sorted(project.frozen.items()):
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != "releases" or parts[2] != MANIFEST_NAME or entry.raw is None:
            continue
        try:
            data = json.loads(entry.raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            found[parts[1]] = (data, entry.raw)
    return found


def records(project) -> list[Record]:
    """Every release record that names a person, in file order."""
    found: list[Record] = []
    published = project.statuses.release_word(ReleaseStatus.PUBLISHED)  # as the file says it (history compares text)
    for entry in sorted(project.items("release"), key=lambda item: item.file.path):
        data = entry.file.data if isinstance(entry.file.data, dict) else {}
        for key, label in (("decision", "the release decision"), ("published", "the publication")):
            block = data.get(key)
            if not isinstance(block, dict):
                continue
            person = block.get("by") if isinstance(block.get("by"), str) else None
            line, col = entry.file.key_position((key,))
            model_block = getattr(entry.model, key, None)
            dated = getattr(model_block, "date", None)
            found.append(Record(f"{label} of {entry.id} by {person}", entry.file.path, line, col, person, "register",
                                key, canonical(block), entry.id,
                                entry.model.published.date if key == "published" and entry.model.published else None,
                                dated, entry.file.position((key, "date")) if dated is not None else None))
        if entry.model.status == ReleaseStatus.PUBLISHED and not isinstance(data.get("published"), dict):
            # published by hand (or before 'published:' existed): whoever committed the status is the publisher
            line, col = entry.file.position(("status",))
            found.append(Record(f"the publication of {entry.id} (status {published}, no 'published' record)",
                                entry.file.path, line, col, None, "status", "status", canonical(published), entry.id))
    for version, (data, raw) in frozen_manifests(project).items():
        person = data.get("cut_by")
        if isinstance(person, str):
            line, col = manifest_line(raw, "cut_by")
            what = f"the cut of release {version} by {person}"
        else:  # a release frozen by hand: whoever committed its manifest is the cutter
            person, (line, col) = None, manifest_line(raw, "version")
            what = f"the cut of release {version} (its manifest names no cut_by)"
        found.append(Record(what, f"releases/{version}/{MANIFEST_NAME}", line, col, person, "cut", version=version,
                            day=_iso_day(data.get("created"))))
    return found


def release_provenance_findings(project) -> list[ReleaseFinding]:
    """W018, W020 and (for acts no record names a person for) L010 findings on release records (memoized)."""
    return project.memoized("workflow.release_provenance", lambda: _compute(project))


def recorded_in(project, path: str, key: str) -> str | None:
    """The commit that recorded a register entry's block ``key`` (``decision``, ``published``); None if unknown.

    Read from the same walk as the provenance findings: None when the block is not committed,
    the clone is shallow there, or there is no history.
    """
    release_provenance_findings(project)
    return _commits(project).get((path, key))


def _commits(project) -> dict[tuple[str, str], str]:
    return project.memoized("workflow.release_record_commits", dict)


def _compute(project) -> list[ReleaseFinding]:
    governance = project.governance
    if governance is None:
        return []
    people = {p.id: p for p in governance.people}
    todo = records(project)
    if not todo:
        return []
    view = git_view(project)
    if not view.available:
        first = todo[0]
        others = len(todo) - 1
        more = f" and {others} other release record{'s' if others != 1 else ''}" if others else ""
        return [ReleaseFinding("W020", first.path, first.line, first.col,
                               f"{first.what}{more}: who recorded it cannot be verified: {view.problem}",
                               "check a clone with its git history (provenance is read from the commits)")] + \
            [f for record in todo for f in _dated_after(record, None)]
    trusted = trusted_committers(governance)
    found: list[ReleaseFinding] = []
    histories: dict[str, dict[str, list[vcs.FileVersion]]] = {}
    for record in todo:
        try:
            if record.kind in ("register", "status"):
                added = _register_adding(view, histories, record)
            else:
                added = _cut_commit(view, record)
        except vcs.GitProblem as exc:
            found.append(ReleaseFinding("W020", record.path, record.line, record.col,
                                        f"{record.what}: who recorded it cannot be verified: {exc}",
                                        "check a clone with its git history"))
            continue
        found += _dated_after(record, added if added is None or added.commit not in view.shallow else None)
        if added is not None and added.commit not in view.shallow and record.key is not None:
            _commits(project)[(record.path, record.key)] = added.commit
        if added is None:
            what = "is not committed yet" if record.kind != "cut" else "is not committed yet (no commit adds its manifest)"
            found.append(ReleaseFinding("W020", record.path, record.line, record.col,
                                        f"{record.what} {what}: who recorded it cannot be verified",
                                        "commit it as that person (git commit --author, or their own git identity)"))
            continue
        if added.commit in view.shallow:
            found.append(ReleaseFinding("W020", record.path, record.line, record.col,
                                        f"{record.what} predates the start of this shallow clone's history "
                                        f"({added.commit[:10]}): who recorded it cannot be verified",
                                        "fetch the full history (git fetch --unshallow, or actions/checkout with "
                                        "fetch-depth: 0)"))
            continue
        then_person, then_people, then_trusted = roster_then(project, added, people.get(record.person or ""),
                                                             people, trusted)
        committer = committer_problem(view, added.commit, added.author_name, added.author_email,
                                      added.committer_name, added.committer_email, then_people, then_trusted,
                                      record.what)
        if record.person is None:  # nobody named: the committer did the act, and must have been entitled
            found += _committer_entitled(project, people, record, added)
            if committer:
                found.append(ReleaseFinding("W024", record.path, record.line, record.col, *committer))
            continue
        person = then_person
        if person is None:
            continue  # not on the roster: a reference finding (and L010 for acts), not one of provenance
        if record.kind == "cut" or record.key == "published":
            found += _entitled_when_committed(project, record, added)
        if record.key == "decision" and (governance.workflow.require_signed_decisions
                                         or signing_required_then(project, added)):
            problem = signature_problem(view, added.commit, person, record.what)
            if problem:
                found.append(ReleaseFinding("W019", record.path, record.line, record.col, *problem))
        if added.author_email.strip().lower() == person.email.strip().lower() and committer:
            found.append(ReleaseFinding("W024", record.path, record.line, record.col, *committer))
        if added.author_email.strip().lower() != person.email.strip().lower():
            found.append(ReleaseFinding(
                "W018", record.path, record.line, record.col,
                f"{record.what} was recorded in commit {added.commit[:10]} by {added.author_name} "
                f"<{added.author_email}>, not by {person.id} <{person.email}>",
                f"{person.id} records it in a commit of their own (author e-mail {person.email})"
                + ("; stelsel release cut commits as the cutter" if record.kind == "cut" else "")))
    return found


def _dated_after(record: Record, added: vcs.FileVersion | None) -> list[ReleaseFinding]:
    """W025 when a release decision or publication is dated after its commit (not committed: after today)."""
    if record.dated is None or record.dated_at is None:
        return []
    problem = after_commit(record.dated, added.committed or added.date) if added is not None else in_future(record.dated)
    if problem is None:
        return []
    message, hint = problem
    if added is not None:
        message = message.replace("the commit that recorded it", f"commit {added.commit[:10]} that recorded it")
    line, col = record.dated_at
    return [ReleaseFinding("W025", record.path, line, col, f"{record.what} {message}", hint)]


def _iso_day(value):
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _commit_day(added: vcs.FileVersion):
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(added.date).date()
    except ValueError:
        return None


def _entitled_when_committed(project, record: Record, added: vcs.FileVersion) -> list[ReleaseFinding]:
    """L010 when the person a record names was not entitled on the day its commit was made (a backdated act)."""
    from .engine import project_flow
    from .release_acts import entitlement_problem

    act = "cut" if record.kind == "cut" else "publish"
    day = _commit_day(added)
    if day is None or record.person is None or day == record.day:
        return []
    from .roster import roster

    flow = roster(project).at_commit(added.commit) or project_flow(project)  # the roster before that commit
    if record.day is not None and entitlement_problem(flow, act, record.person, record.day):
        return []  # not entitled on the record's own day: the rule reports that, once
    problem = entitlement_problem(flow, act, record.person, day)
    if not problem:
        return []
    return [ReleaseFinding("L010", record.path, record.line, record.col,
                           f"{record.what} was committed on {day} (commit {added.commit[:10]}), when {record.person} was "
                           f"not entitled: {problem}",
                           f"the {act} is made on a day its person is entitled (workflow.release_authority.{act})")]


def _committer_entitled(project, people: dict, record: Record, added: vcs.FileVersion) -> list[ReleaseFinding]:
    """L010 when the committer of an act no record names was not entitled to it on the commit's day."""
    from .engine import project_flow
    from .release_acts import entitlement_problem

    act = ACT_OF[record.kind]
    email = added.author_email.strip().lower()
    person = next((p for p in people.values() if p.email.strip().lower() == email), None)
    day = _commit_day(added)
    where = f"commit {added.commit[:10]} by {added.author_name} <{added.author_email}>"
    if person is None:
        problem = f"{added.author_email} is not on the governance roster"
    elif day is None:
        return []
    else:
        from .roster import roster

        # judged against the roster as committed before that commit
        problem = entitlement_problem(roster(project).at_commit(added.commit) or project_flow(project), act,
                                      person.id, day)
    if not problem:
        return []
    return [ReleaseFinding("L010", record.path, record.line, record.col,
                           f"{record.what} was made in {where}, who was not entitled: {problem}",
                           f"a release is {'cut' if act == 'cut' else 'published'} with 'stelsel release {act} --as "
                           f"PERSON' by someone workflow.release_authority.{act} names")]


def _register_adding(view: GitView, histories: dict, record: Record) -> vcs.FileVersion | None:
    """The commit where the register block last appeared in its current form (None: not committed)."""
    rel = view.repo_path(record.path)
    folder = str(PurePosixPath(rel).parent)
    if folder not in histories:
        histories[folder] = vcs.folder_history(view.repo, folder)
    versions = histories[folder].get(rel, [])  # newest first
    if not versions or _block(view, versions[0].blob, record.key) != record.value:
        return None
    # the newest version holding the block whose parents all lack it (a merge that added it is its commit)
    for version in versions:
        if _block(view, version.blob, record.key) == record.value and not any(
                _block(view, blob, record.key) == record.value for blob in version.parent_blobs if blob != vcs.NO_BLOB):
            return version
    return None


def _block(view: GitView, blob: str, key: str) -> str | None:
    """The block ``key`` of a committed register entry as canonical JSON (each blob parsed once per run)."""
    parsed = view.__dict__.setdefault("_register_entries", {})
    if blob not in parsed:
        text = vcs.read_blob(view.repo, blob)
        try:
            parsed[blob] = parse_yaml(text).data if text is not None else None
        except YamlProblem:
            parsed[blob] = None
    data = parsed[blob]
    if not isinstance(data, dict) or data.get(key) is None:
        return None
    return canonical(data[key])


def _cut_commit(view: GitView, record: Record) -> vcs.FileVersion | None:
    """The release's anchor: the oldest commit that added its manifest (None: not committed)."""
    rel = view.repo_path(record.path)
    versions = vcs.folder_history(view.repo, rel).get(rel, [])
    return versions[-1] if versions else None


def to_diagnostics(project, rule, code: str) -> list:
    return [rule.at(f.path, f.line, f.col, f.message, hint=f.hint)
            for f in release_provenance_findings(project) if f.code == code]
