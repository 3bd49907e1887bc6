"""Who recorded an act on a proposal, according to git: authority is checked, not trusted.

For every proposal with reviews, a decision or history moves, the file's history is walked
(following renames; all git access is in :mod:`stelsel.vcs`); each committed version's front
matter is read whole, once per blob, and for each review, the decision and each history
entry the commit that *introduced* it is found: the newest version holding it in its
current form whose commit's parents all lack it (so an act that first appears in a merge
commit, in neither parent, is the merge's; one merged in from a branch is that branch's
commit). That commit must be authored by the person the act names (their e-mail in the
roster, W018) and committed by them too, unless the commit carries a valid signature by a
key the roster lists for its author or its committer is in ``workflow.trusted_committers``
(W024; e-mails, keys and trusted committers as the governance committed before that commit
has them, :func:`roster_then`); the act may not be dated after the commit (W025: its committer date; without
history, or not committed yet, after today). When the workflow sets
``require_signed_decisions``, the decision's commit must carry a valid signature (``git
verify-commit``) made with one of the person's ``signing_keys`` (W019). An act that someone
else later edits is thereby attributed to that someone, and reported.

After a decision is recorded, the proposal is frozen but for the tool's own release markers
(``status``, ``released_in``, and history entries appended after the decision): a later
commit (or an uncommitted edit) that leaves any other key of the front matter, or the
body, other than the decision's commit had it is reported at that key (W011), naming the
commit that made the edit. A proposal file that recorded a decision in history and is
gone from the tree (renames are followed) is reported too (W023).

Where this cannot be verified (no git, git missing, the file or entry not committed yet, a
shallow clone whose history starts after the entry was added) a warning says so: provenance
never passes silently. Decisions marked ``example: true`` and example people are attributed
too: the flag says the authority is a demonstration, not that anyone may record it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import vcs
from ..diagnostics import Diagnostic
from ..load.frontmatter import split_front_matter
from ..load.yamlread import YamlProblem, parse_yaml
from .act_time import after_commit, in_future
from .vouch import (committer_problem, roster_then, signature_problem, signing_required_then,  # noqa: F401
                    trusted_committers)


@dataclass
class Version:
    sha: str
    author_name: str
    author_email: str
    date: str
    path: str  # repository-relative path at that commit
    summary: "Summary | None"  # what provenance compares of that version (None: unreadable)
    committer_name: str = ""
    committer_email: str = ""
    committed: str = ""  # ISO 8601, the committer date: when the commit was made
    merge: bool = False
    parents: tuple = ()  # the Summary of the file in each parent of the commit (None: absent, unreadable)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


# What provenance reads of a committed version.
PROVENANCE_KEYS = ("reviews", "decision", "changes")
# What the tool itself changes on a decided proposal (release cut, a move): all else is frozen.
RELEASE_MARKERS = ("status", "released_in", "history")
BODY = "\0body"  # the key under which a version's Markdown body is compared


def front_matter(text: str) -> tuple[dict | None, str]:
    """A committed version's whole front matter (None when unreadable) and its body."""
    front, body, _line = split_front_matter(text)
    if front is None:
        return None, body
    try:
        data = parse_yaml(front, line_offset=1).data
    except YamlProblem:
        return None, body
    return (data if isinstance(data, dict) else None), body


def provenance_data(text: str) -> dict | None:
    """The ``reviews``, ``decision`` and ``changes`` of a committed version (None when unreadable)."""
    data, _body = front_matter(text)
    return {k: data[k] for k in PROVENANCE_KEYS if k in data} if isinstance(data, dict) else None


@dataclass(frozen=True)
class Summary:
    """What provenance compares between versions, as canonical JSON: small, and cheap to compare."""

    reviews: tuple[str, ...]  # each review
    decision: tuple[str, ...]  # the decision, if any
    frozen: str  # the decision and the changes together (frozen once decided)
    keys: tuple[tuple[str, str], ...] = ()  # every other key but the release markers, and the body
    history: tuple[str, ...] = ()  # each history entry


def _canonical_block(key: str, value: Any):
    return tuple(canonical(r) for r in value) if key == "reviews" and isinstance(value, list) else \
        () if key == "reviews" else canonical(value)


def _summary_of(pieces: dict, keys: tuple = (), history: tuple = ()) -> Summary:
    """A Summary from the canonical pieces of the blocks present (see _canonical_block)."""
    decision = pieces.get("decision")
    null = canonical(None)
    return Summary(reviews=pieces.get("reviews", ()),
                   decision=(decision,) if decision is not None and decision != null else (),
                   frozen=f"{decision or null}\0{pieces.get('changes') or null}", keys=keys, history=history)


def summarize(data: dict | None, body: str | None = None) -> Summary | None:
    """The Summary of front-matter data (a committed version's or the working tree's) and its body."""
    if not isinstance(data, dict):
        return None
    keys = tuple(sorted((k, canonical(v)) for k, v in data.items() if k not in RELEASE_MARKERS))
    if body is not None:
        keys += ((BODY, canonical(body.strip("\n"))),)
    history = data.get("history")
    return _summary_of({k: _canonical_block(k, data[k]) for k in PROVENANCE_KEYS if k in data}, keys,
                       tuple(canonical(h) for h in history) if isinstance(history, list) else ())


class GitView:
    """Read-only access to the history of the repository that holds a project (if any).

    ``problem`` says why there is none; ``signatures_checked`` that signature() was asked,
    so a cached result depends on the keyring too (see vcs.state_fingerprint).
    """

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.toplevel: Path | None = None
        self.problem: str | None = None
        self.shallow: frozenset[str] = frozenset()
        self.signatures_checked = False
        self._repo = None
        self._versions: dict[str, list[Version]] = {}
        self._history: dict[str, list[vcs.FileVersion]] = {}  # repository path -> its versions, newest first
        self._indexed: set[str] = set()
        self._summaries: dict[str, Summary | None] = {}  # by blob id: a blob is parsed once per run
        self._signatures: dict[str, vcs.Signature] = {}
        repo, self.problem = vcs.open_history(self.root)
        if repo is not None:
            self._repo, self.toplevel, self.shallow = repo, vcs.toplevel(repo), vcs.shallow_commits(repo)

    @property
    def available(self) -> bool:
        return self.toplevel is not None

    @property
    def repo(self):
        """The repository handle, for the other history readers of the same run (None without one)."""
        return self._repo

    def repo_path(self, project_path: str) -> str:
        full = (self.root / project_path).resolve()
        return full.relative_to(self.toplevel).as_posix()

    def versions(self, project_path: str) -> list[Version]:
        """Committed versions of a file, oldest first, following renames within its top folder."""
        if project_path in self._versions:
            return self._versions[project_path]
        result: list[Version] = []
        if self.available:
            rel = self.repo_path(project_path)
            # The project's top folder (changes/), so moves between its subfolders are followed.
            top = project_path.split("/", 1)[0]
            folder = self.repo_path(top) if "/" in project_path else "."
            if folder not in self._indexed:
                self._indexed.add(folder)
                try:
                    self._history.update(vcs.folder_history(self._repo, folder))
                except vcs.GitProblem as exc:  # no history at all rather than a partial one
                    self.problem, self.toplevel = str(exc), None
                    self.close()
                    return result
            for v in reversed(self._history.get(rel, [])):
                result.append(Version(v.commit, v.author_name, v.author_email, v.date, v.path, self._summary(v.blob),
                                      v.committer_name, v.committer_email, v.committed, v.merge,
                                      tuple(self._summary(b) if b != vcs.NO_BLOB else None for b in v.parent_blobs)))
        self._versions[project_path] = result
        return result

    def _summary(self, blob: str) -> Summary | None:
        if blob not in self._summaries:
            try:
                text = vcs.read_blob(self._repo, blob)
            except vcs.GitProblem:
                text = None
            self._summaries[blob] = summarize(*front_matter(text)) if text is not None else None
        return self._summaries[blob]

    def paths_in(self, top: str) -> list[str]:
        """The project path of every file with committed versions under a top folder (``changes``).

        A file deleted since is named by the path it had last (renames are followed).
        """
        result: list[str] = []
        if not self.available:
            return result
        folder = self.repo_path(top)
        if folder not in self._indexed:
            self._indexed.add(folder)
            try:
                self._history.update(vcs.folder_history(self._repo, folder))
            except vcs.GitProblem as exc:
                self.problem, self.toplevel = str(exc), None
                self.close()
                return result
        prefix = "" if folder == "." else folder.rstrip("/") + "/"
        for rel in list(self._history):
            if not rel.startswith(prefix):
                continue
            try:
                result.append((self.toplevel / rel).relative_to(self.root).as_posix())
            except ValueError:
                continue
        return sorted(result)

    def close(self) -> None:
        """End the git processes this view keeps running."""
        if self._repo is not None:
            vcs.close(self._repo)

    def signature(self, sha: str) -> tuple[bool, str, str]:
        """(valid, signing key fingerprint, what git said) for one commit."""
        self.signatures_checked = True
        if sha not in self._signatures:
            self._signatures[sha] = vcs.verify_commit(self._repo, sha)
        found = self._signatures[sha]
        return found.valid, found.fingerprint, found.said


def git_view(project) -> GitView:
    return project.memoized("workflow.git", lambda: GitView(project.root))


# --- attribution ----------------------------------------------------------------------------


def _reviews(summary: Summary | None) -> tuple[str, ...]:
    return summary.reviews if summary is not None else ()


def _decision(summary: Summary | None) -> tuple[str, ...]:
    return summary.decision if summary is not None else ()


def adding_version(versions: list[Version], extract, entry: str) -> Version | None:
    """The commit that introduced ``entry`` in its current form (None if the newest version lacks it).

    That is the newest version holding it whose commit's parents all lack it: a merge commit
    that puts an entry there which neither parent has is the entry's commit; an entry that
    reached the merge from one parent is that line's commit.
    """
    if not versions or entry not in extract(versions[-1].summary):
        return None
    for version in reversed(versions):
        if entry in extract(version.summary) and not any(entry in extract(p) for p in version.parents):
            return version
    return None


@dataclass
class Finding:
    code: str
    path: str
    loc: tuple
    message: str
    hint: str | None = None


def provenance_findings(project) -> list[Finding]:
    """Every git-derived finding on proposals (codes W011, W018, W019, W020, W023, W024, W025)."""
    return project.memoized("workflow.provenance", lambda: _compute(project))


def _history(summary: Summary | None) -> tuple[str, ...]:
    return summary.history if summary is not None else ()


def _compute(project) -> list[Finding]:
    governance = project.governance
    if governance is None:
        return []
    people = {p.id: p for p in governance.people}
    require_signed = governance.workflow.require_signed_decisions
    trusted = trusted_committers(governance)
    findings: list[Finding] = []
    view: GitView | None = None
    unverified: list[tuple[str, str, tuple]] = []  # without git: (id, path, loc) of each proposal
    for item in project.items("proposal"):
        model, sf = item.model, item.file
        data = sf.data if isinstance(sf.data, dict) else {}
        # Example people and example decisions are attributed like any other: 'example'
        # says the authority is a demonstration, not that anyone may record it.
        reviews = list(enumerate(model.reviews))
        moves = list(enumerate(model.history))
        decision = model.decision
        if not reviews and decision is None and not moves:
            continue
        if view is None:
            view = git_view(project)
        versions = view.versions(sf.path) if view.available else []
        acts = []  # (extract, entry, loc, what, person, signed, the act's date)
        raw_history = data.get("history") if isinstance(data.get("history"), list) else []
        for index, move in moves:
            if index < len(raw_history):
                acts.append((_history, canonical(raw_history[index]), ("history", index, "by"),
                             f"the move {move.source} -> {move.to} by {move.by}", people.get(move.by), False,
                             move.at, ("history", index, "at")))
        raw_reviews = data.get("reviews") if isinstance(data.get("reviews"), list) else []
        for index, review in reviews:
            if index < len(raw_reviews):
                acts.append((_reviews, canonical(raw_reviews[index]), ("reviews", index),
                             f"the review by {review.by}", people.get(review.by), False,
                             review.at, ("reviews", index, "date")))
        if decision is not None:
            acts.append((_decision, canonical(data.get("decision")), ("decision",),
                         f"the decision ({decision.outcome}) by {decision.by}", people.get(decision.by),
                         require_signed, decision.at, ("decision", "date")))
        if not view.available:  # no repository, or its history could not be read
            if acts:
                unverified.append((model.id, sf.path, ("decision",) if decision is not None else
                                   ("reviews", reviews[0][0]) if reviews else acts[0][2]))
            for _extract, _entry, _loc, what, _person, _signed, day, day_loc in acts:
                findings += _dated_after(None, day, what, sf.path, day_loc)
            continue
        for extract, entry, loc, what, person, signed, day, day_loc in acts:
            added = adding_version(versions, extract, entry)
            then_person, then_people, then_trusted = roster_then(project, added, person, people, trusted)
            if extract is _decision:
                signed = signed or signing_required_then(project, added)
            findings += _attribute(view, added, sf.path, loc, what, then_person, then_people, then_trusted, signed)
            findings += _dated_after(added if added is None or added.sha not in view.shallow else None,
                                     day, what, sf.path, day_loc)
        if model.decision is not None:
            findings += _edited_after_decision(versions, data, sf.body, sf.path, model.id)
    findings += _deleted_decided(project, view)
    if unverified:
        # One finding for the project, not one per proposal: the cause is the same for all.
        ident, path, loc = unverified[0]
        others = len(unverified) - 1
        who = f"{ident} and {others} other proposal{'s' if others != 1 else ''}" if others else ident
        findings.append(Finding("W020", path, loc,
                                f"{who}: who recorded the reviews, decisions and moves cannot be verified: {view.problem}",
                                "check a clone with its git history (provenance is read from the commits)"))
    return findings


def _short(version: Version) -> str:
    return f"commit {version.sha[:10]} by {version.author_name} <{version.author_email}>"


def _dated_after(added: Version | None, day, what: str, path: str, loc: tuple) -> list[Finding]:
    """W025 when an act is dated after the commit that recorded it (uncommitted, or without history: after today)."""
    problem = after_commit(day, added.committed or added.date) if added is not None else in_future(day)
    if problem is None:
        return []
    message, hint = problem
    if added is not None:
        message = message.replace("the commit that recorded it", f"commit {added.sha[:10]} that recorded it")
    return [Finding("W025", path, loc, f"{what} {message}", hint)]


def _attribute(view: GitView, added: Version | None, path, loc, what, person, people, trusted,
               signed: bool) -> list[Finding]:
    if added is None:
        return [Finding("W020", path, loc, f"{what} is not committed yet: who recorded it cannot be verified",
                        "commit it as that person (their own git identity)")]
    if added.sha in view.shallow:
        return [Finding("W020", path, loc, f"{what} predates the start of this shallow clone's history "
                                           f"({added.sha[:10]}): who recorded it cannot be verified",
                        "fetch the full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)")]
    found: list[Finding] = []
    merge = " (a merge commit)" if added.merge else ""
    if person is not None and added.author_email.strip().lower() != person.email.strip().lower():
        found.append(Finding("W018", path, loc,
                             f"{what} was recorded in {_short(added)}{merge}, not by {person.id} <{person.email}>",
                             f"{person.id} records it in a commit of their own (author e-mail {person.email})"))
    elif person is not None:
        problem = committer_problem(view, added.sha, added.author_name, added.author_email, added.committer_name,
                                    added.committer_email, people, trusted, what)
        if problem:
            found.append(Finding("W024", path, loc, *problem))
    if signed:
        problem = signature_problem(view, added.sha, person, what)
        if problem:
            found.append(Finding("W019", path, loc, *problem))
    return found


def _edited_after_decision(versions: list[Version], data: dict, body: str | None, path: str,
                           ident: str) -> list[Finding]:
    """W011: what differs from the decision's commit, but for the release markers, at the key that differs.

    The commit named is the one that made the key what it is now (an uncommitted edit says
    so); a key edited and reverted since is not reported.
    """
    first = next((i for i, v in enumerate(versions) if _decision(v.summary)), None)
    if first is None:
        return []
    decided, later = versions[first], versions[first + 1:]
    now = summarize(data, body)
    if decided.summary is None or now is None:
        return []
    base_keys, base_history = dict(decided.summary.keys), decided.summary.history

    def value(summary: Summary | None, key: str):
        if summary is None:
            return None
        if key == "history":
            return summary.history[:len(base_history)]
        return dict(summary.keys).get(key)

    found: list[Finding] = []
    current_keys = dict(now.keys)
    edited = [k for k in sorted(set(base_keys) | set(current_keys)) if base_keys.get(k) != current_keys.get(k)]
    if now.history[:len(base_history)] != base_history:
        edited.append("history")
    for key in edited:
        current = value(now, key)
        made = None  # the newest committed version that made the key what it is now
        for index in range(len(later) - 1, -1, -1):
            before = later[index - 1].summary if index > 0 else decided.summary
            if value(later[index].summary, key) == current and value(before, key) != current:
                made = later[index]
                break
        if key == "history":
            what = "its history before the decision"
            loc = ("history", next((i for i, (a, b) in enumerate(zip(base_history, now.history)) if a != b),
                                   min(len(base_history), len(now.history))))
        elif key == BODY:
            what, loc = "its text (the body)", (BODY,)
        else:
            what, loc = f"its {key}", (key,)
        when = f"in {_short(made)}" if made is not None else "(uncommitted edit)"
        found.append(Finding("W011", path, loc,
                             f"{ident}: {what} was edited {when}, after the decision was recorded in commit "
                             f"{decided.sha[:10]}",
                             "a decided proposal is frozen but for the tool's release markers (status, released_in, "
                             "history appended): revert the edit, and carry new changes in a new proposal"))
    return found


def _deleted_decided(project, view: GitView | None) -> list[Finding]:
    """W023: proposal files that recorded a decision in history and are gone from the tree."""
    from ..load.tree import CHANGES_DIR

    view = view or git_view(project)
    if not view.available:
        return []
    present = {sf.path for sf in project.files}
    # the text (all but the release markers) of each proposal in the tree, by ID: a file moved
    # without git seeing a rename (not committed yet) still holds the same text
    texts: dict[str, set] = {}
    for sf in project.files:
        if sf.kind == "proposal" and isinstance(sf.data, dict):
            summary = summarize(sf.data, sf.body)
            texts.setdefault(sf.data.get("id"), set()).add(summary.keys if summary is not None else ())
    found = []
    for local in view.paths_in(CHANGES_DIR):
        if local in present or (view.root / local).exists():
            continue
        versions = view.versions(local)
        if not versions or not any(_decision(v.summary) for v in versions):
            continue
        last = versions[-1]
        ident = dict(last.summary.keys).get("id") if last.summary is not None else None
        ident = json.loads(ident) if ident else None
        if last.summary is not None and last.summary.keys in texts.get(ident, set()):
            continue  # moved (not committed yet): the same proposal is still there
        repo_path = last.path
        found.append(Finding("W023", local, (),
                             f"{ident or local}: a proposal that recorded a decision was deleted; it was last "
                             f"committed in {_short(last)}",
                             f"restore it: git checkout {last.sha[:10]} -- {repo_path} (a decided proposal is part "
                             f"of the record; it is never deleted)"))
    return found


def to_diagnostics(project, rule, code: str) -> list[Diagnostic]:
    out = []
    by_path = None
    for finding in provenance_findings(project):
        if finding.code != code:
            continue
        if by_path is None:  # one lookup table, not a scan of every file per finding
            by_path = {f.path: f for f in project.files}
        sf = by_path.get(finding.path)
        if sf is None:
            line, col = 0, 0
        elif finding.loc == (BODY,):
            line, col = sf.body_line, 1
        else:
            line, col = sf.position(finding.loc)
        out.append(rule.at(finding.path, line, col, finding.message, hint=finding.hint))
    return out
