"""Decided text is pinned: what a decision fixed, and where the tree no longer holds it.

Recording a decision pins the content of every item the proposal lists: a canonical
digest per item (:func:`item_digest`). ``stelsel decide`` writes the pins into the
decision (``decision.pinned: {item: digest}``); a decision without them (the shipped
proposals, one recorded by hand) is pinned by history: the items' content at the commit
that recorded the decision (the first commit whose version of the proposal has it,
following renames). Without history (a tarball, no git, a shallow clone that starts
after the decision, a decision not committed yet) the decided text cannot be verified;
:func:`unverified` says so, and the check reports one warning for the run.

:func:`pin_problems` lists every item of an approved, unreleased proposal whose content
now differs from what was decided, unless a later live proposal (an open one, or an
approved and unreleased one decided after it) lists the item: the change is then that
proposal's to carry. ``release plan`` blocks on the problems of the proposals it would
include, counting only later decisions included in the same release.

The governance and the framework config are pinned like any item, by their ID (``governance``,
the framework's own ID): who may decide what, and which rules the framework holds, are decided
text as much as an agreement is. The keys the release process moves itself
(:data:`MOVED_BY_TOOL`: the framework's ``working_release``) do not count. Decisions recorded
before stelsel pinned these two hold ``"absent"`` for them (the pin index did not cover them):
that pin says nothing, so their decided text comes from history, as for a decision without
pins (:func:`unverified` when there is none).

The digest is SHA-256 over canonical JSON of the file's parsed data (and, for Markdown,
its body): comments, key order and quoting do not count. The framework's words for a ready
and an adopted item digest alike (``same``: its ``StatusWords.same_status``), because
``release cut`` promotes one to the other.
An absent item digests to ``"absent"``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import vcs

ABSENT = "absent"
NOT_PINNED = frozenset({"proposal", "release"})  # kinds whose content a decision does not pin
MOVED_BY_TOOL = {"framework": ("working_release",)}  # keys the release process moves in the content
SINGLETONS = ("governance", "framework")  # the config files a decision pins by their ID


def digest_of(data: Any, body: str | None = None, *, same: dict[str, str]) -> str:
    """The canonical digest of parsed data (a mapping, as the file says it) and a Markdown body.

    ``same`` maps the framework's adopted word to its ready word (a cut's promotion is no change
    of the decided text): ``project.statuses.same_status``.
    """
    if isinstance(data, dict) and isinstance(data.get("status"), str):
        data = {**data, "status": same.get(data["status"], data["status"])}
    payload = {"data": data}
    if body is not None:
        payload["body"] = body.strip("\n")
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pinned_digest(data: Any, body: str | None, same: dict[str, str]) -> str:
    """The digest a decision pins for a file's data: :func:`digest_of` without the keys the tool moves."""
    drop = MOVED_BY_TOOL.get(data.get("kind"), ()) if isinstance(data, dict) else ()
    if drop:
        data = {k: v for k, v in data.items() if k not in drop}
    return digest_of(data, body, same=same)


def item_digest(item, same: dict[str, str]) -> str:
    """The digest of a loaded item's content (``"absent"`` for None)."""
    if item is None:
        return ABSENT
    sf = item.file
    return pinned_digest(sf.data, sf.body if sf.body is not None else None, same=same)


def text_digest(path: str, text: str, same: dict[str, str]) -> tuple[str | None, str | None]:
    """(id, digest) of a file's text as some commit held it; (None, None) when it defines no item."""
    from ..load.project import read_source

    sf, _findings = read_source(path, text.encode("utf-8"), "")
    if not isinstance(sf.data, dict) or not isinstance(sf.data.get("id"), str):
        return None, None
    return sf.data["id"], pinned_digest(sf.data, sf.body, same=same)


def singletons(project) -> dict:
    """The governance and the framework config by their ID: {id: an item-like (id, kind, file)}.

    A file that failed validation counts too (it still holds text), as for any item.
    """
    from types import SimpleNamespace

    found = {}
    for kind in SINGLETONS:
        attr = "config_file" if kind == "framework" else "governance_file"
        sf = getattr(project, attr, None) or getattr(project, "raw_" + kind, None)
        if sf is not None and isinstance(sf.data, dict) and isinstance(sf.data.get("id"), str):
            found.setdefault(sf.data["id"], SimpleNamespace(id=sf.data["id"], kind=kind, file=sf))
    return found


def _pinnable(project, ident: str):
    """The loaded item, governance or framework config a decision pins as ``ident`` (None: none)."""
    item = project.get(ident)
    if item is not None:
        return item if item.kind not in NOT_PINNED else None
    return singletons(project).get(ident)


# --- which proposals are live -----------------------------------------------------------------


@dataclass(frozen=True)
class States:
    approved: frozenset[str]  # approved and not (yet) released
    released: frozenset[str]
    open: frozenset[str]


def states_of(project) -> States:
    if project.governance is None:
        return States(frozenset(), frozenset(), frozenset())
    states = project.governance.workflow.states
    return States(frozenset(s.id for s in states if s.approved and not s.released),
                  frozenset(s.id for s in states if s.released),
                  frozenset(s.id for s in states if s.open and not s.final))


def approved_unreleased(project) -> list:
    """Decided proposals whose text no frozen release holds yet: approved ones, and ones marked
    released (a move by hand) in a release that is not frozen."""
    from .store import frozen_versions

    states = states_of(project)
    frozen: set[str] | None = None
    found = []
    for proposal in project.items("proposal"):
        model = proposal.model
        if model.decision is None:
            continue
        if model.status in states.released:
            if frozen is None:
                frozen = set(frozen_versions(project.root))
            if (model.released_in or model.target_release) in frozen:
                continue
        elif model.status not in states.approved:
            continue
        found.append(proposal)
    return sorted(found, key=lambda p: p.file.path)


# --- the pins of each decision ----------------------------------------------------------------


@dataclass
class Pins:
    """What one decision pinned: ``pins`` (None when it cannot be known) and where they come from."""

    proposal: Any  # LoadedItem
    pins: dict[str, str] | None
    source: str  # "recorded" | "history" | "uncommitted" | "unverified"
    commit: str | None = None
    problem: str | None = None
    # recorded pins that said nothing (an older stelsel's "absent" for the governance or the
    # framework config): the IDs whose pin comes from history instead, and those it cannot supply
    from_history: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()


class History:
    """The git history a project's decisions are pinned by (opened on first use)."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.problem: str | None = None
        self.repo = None
        self.top: Path | None = None
        self.shallow: frozenset[str] = frozenset()
        self._proposals: dict[str, list[vcs.FileVersion]] | None = None
        self._at: dict[str, dict[str, str]] = {}  # commit -> {item id: digest at that commit}
        repo, self.problem = vcs.open_history(self.root)
        if repo is not None:
            self.repo, self.top, self.shallow = repo, vcs.toplevel(repo), vcs.shallow_commits(repo)

    def rel(self, project_path: str) -> str:
        return (self.root / project_path).resolve().relative_to(self.top).as_posix()

    def local(self, repo_path: str | None) -> str | None:
        if repo_path is None:
            return None
        full = (self.top / repo_path)
        try:
            return full.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def proposal_versions(self, project_path: str) -> list[dict | None]:
        """The front matter of each committed version of a proposal, oldest first (None: unreadable)."""
        from ..load.frontmatter import split_front_matter
        from ..load.yamlread import YamlProblem, parse_yaml

        if self._proposals is None:
            folder = self.rel(project_path.split("/", 1)[0]) if "/" in project_path else "."
            self._proposals = vcs.folder_history(self.repo, folder)
        found = []
        for version in reversed(self._proposals.get(self.rel(project_path), [])):
            text = vcs.read_blob(self.repo, version.blob)
            front = split_front_matter(text)[0] if text is not None else None
            try:
                data = parse_yaml(front, line_offset=1).data if front is not None else None
            except YamlProblem:
                data = None
            found.append((version, data if isinstance(data, dict) else None))
        return found

    def listed_ever(self, project_path: str) -> set[str]:
        """Every item any committed version of a proposal listed in its changes."""
        listed: set[str] = set()
        for _version, data in self.proposal_versions(project_path):
            changes = data.get("changes") if data is not None else None
            for change in changes if isinstance(changes, list) else []:
                if isinstance(change, dict) and isinstance(change.get("item"), str):
                    listed.add(change["item"])
        return listed

    def decision_commit(self, project_path: str) -> tuple[str | None, str | None]:
        """(the commit that recorded the proposal's decision, why there is none)."""
        added, present = None, False
        for version, data in self.proposal_versions(project_path):
            now = isinstance(data, dict) and isinstance(data.get("decision"), dict)
            if now and not present:
                added = version
            present = now
        if not present or added is None:
            return None, "the decision is not committed yet"
        if added.commit in self.shallow:
            return None, (f"the decision predates the start of this shallow clone's history ({added.commit[:10]})")
        return added.commit, None

    def digests_at(self, commit: str, project, ids: list[str]) -> dict[str, str]:
        """The digest each item had at ``commit`` (``"absent"`` where no file defined it)."""
        from ..load.tree import content_dir

        known = self._at.setdefault(commit, {})
        same = project.statuses.same_status
        # Most items still live where the commit had them: read that one blob. Only an item
        # moved, renamed or deleted since needs the diff of the whole content folder.
        for ident in [i for i in ids if i not in known]:
            item = _pinnable(project, ident)
            if item is None:
                continue
            text = vcs.read_blob(self.repo, f"{commit}:{self.rel(item.file.path)}")
            found, value = text_digest(item.file.path, text, same) if text is not None else (None, None)
            if found == ident:
                known[ident] = value
        wanted = [i for i in ids if i not in known]
        if not wanted:
            return {i: known[i] for i in ids}
        changed: dict[str, tuple[str, str | None]] = {}
        for status, path, old in vcs.changed_files(self.repo, commit, [self.rel(content_dir(self.root))]):
            changed[self.local(path) or path] = (status, self.local(old))
        parsed: dict[str, tuple[str | None, str | None]] = {}

        def at_commit(path: str) -> tuple[str | None, str | None]:
            if path not in parsed:
                text = vcs.read_blob(self.repo, f"{commit}:{self.rel(path)}")
                parsed[path] = text_digest(path, text, same) if text is not None else (None, None)
            return parsed[path]

        # files that held something at the commit and may hold it elsewhere (or nowhere) now
        elsewhere = sorted({old or path for path, (status, old) in changed.items() if status in ("D", "R", "M")})
        for ident in wanted:
            item = _pinnable(project, ident)
            if item is not None:
                entry = changed.get(item.file.path)
                if entry is None:  # the file is as the commit had it
                    known[ident] = item_digest(item, same)
                    continue
                status, old = entry
                if status in ("M", "T", "R"):
                    found, value = at_commit(old or item.file.path)
                    if found == ident:
                        known[ident] = value
                        continue
            known[ident] = next((value for path in elsewhere for found, value in [at_commit(path)]
                                 if found == ident), ABSENT)
        return {i: known[i] for i in ids}

    def close(self) -> None:
        if self.repo is not None:
            vcs.close(self.repo)


def _listed(proposal) -> list[str]:
    seen: list[str] = []
    for change in proposal.model.changes:
        if change.item not in seen:
            seen.append(change.item)
    return seen


def current_pins(project, proposal) -> dict[str, str]:
    """The pins ``stelsel decide`` records: every listed item as the tree holds it now."""
    return {ident: item_digest(_content(project, ident), project.statuses.same_status) for ident in _listed(proposal)}


def _content(project, ident: str):
    """The item ``ident`` of the tree (one that fails validation too: its file still holds text)."""
    item = _pinnable(project, ident)
    if item is not None or project.get(ident) is not None:
        return item
    if ident in project.unvalidated and project.unvalidated[ident] not in NOT_PINNED:
        from types import SimpleNamespace

        for sf in project.files:
            if isinstance(sf.data, dict) and sf.data.get("id") == ident:
                return SimpleNamespace(id=ident, kind=sf.kind, file=sf)
    return None


def decision_pins(project) -> dict[str, Pins]:
    """The pins of every approved, unreleased proposal, by proposal ID."""
    return project.memoized("release.pins", lambda: _compute_pins(project))


def _compute_pins(project) -> dict[str, Pins]:
    result: dict[str, Pins] = {}
    history: History | None = None
    try:
        present = singletons(project)
        for proposal in approved_unreleased(project):
            recorded = proposal.model.decision.pinned
            if recorded:
                pins = dict(recorded)
                legacy = [i for i in _listed(proposal) if pins.get(i) == ABSENT and i in present]
                if legacy:
                    if history is None:
                        history = History(project.root)
                    result[proposal.id] = _from_history(history, project, proposal, pins, legacy)
                else:
                    result[proposal.id] = Pins(proposal, pins, "recorded")
                continue
            if history is None:
                history = History(project.root)
            if history.repo is None:
                result[proposal.id] = Pins(proposal, None, "unverified", problem=history.problem)
                continue
            try:
                commit, why = history.decision_commit(proposal.file.path)
                if commit is None:
                    source = "uncommitted" if why and "not committed" in why else "unverified"
                    result[proposal.id] = Pins(proposal, None, source, problem=why)
                    continue
                result[proposal.id] = Pins(proposal, history.digests_at(commit, project, _listed(proposal)),
                                           "history", commit=commit)
            except vcs.GitProblem as exc:
                result[proposal.id] = Pins(proposal, None, "unverified", problem=str(exc))
    finally:
        if history is not None:
            history.close()
    return result


def _from_history(history: History, project, proposal, pins: dict[str, str], legacy: list[str]) -> Pins:
    """Recorded pins whose "absent" for the governance or framework config ``legacy`` says nothing.

    An older stelsel recorded "absent" for them whatever they held (its pin index did not
    cover them): the decision pinned nothing there. Their decided text is their content at the
    commit that recorded the decision; without that commit they are left unpinned (``unknown``,
    said once as unverified when history is missing, not held against the tree).
    """
    for ident in legacy:
        del pins[ident]
    why = history.problem
    if history.repo is not None:
        try:
            commit, why = history.decision_commit(proposal.file.path)
            if commit is not None:
                pins.update(history.digests_at(commit, project, legacy))
                return Pins(proposal, pins, "recorded", commit=commit, from_history=frozenset(legacy))
        except vcs.GitProblem as exc:
            why = str(exc)
    uncommitted = why is not None and "not committed" in why
    return Pins(proposal, pins, "recorded", problem=why, unknown=() if uncommitted else tuple(legacy))


def unverified(project) -> list[Pins]:
    """Decisions whose pinned text cannot be known (no history to derive it from), wholly or in part."""
    return [p for p in decision_pins(project).values() if p.source == "unverified" or p.unknown]


# --- where the tree no longer holds what was decided -------------------------------------------


@dataclass
class PinProblem:
    proposal: Any  # LoadedItem of the decided proposal
    item: str
    index: int  # the proposal's changes entry that lists the item
    pinned: str
    current: str
    item_file: Any = None  # SourceFile of the item now (None: it is gone)
    source: str = "recorded"
    commit: str | None = None
    carried_by: list[str] = field(default_factory=list)

    @property
    def decided(self) -> dt.date:
        return self.proposal.model.decision.date

    def describe(self) -> str:
        decision = self.proposal.model.decision
        what = "is gone" if self.current == ABSENT else ("exists" if self.pinned == ABSENT else "changed")
        how = "as recorded in its decision" if self.source == "recorded" else \
            f"as committed in {self.commit[:10]}" if self.commit else "as decided"
        return (f"{self.item} {what} after proposal {self.proposal.id} was decided on {decision.date} "
                f"({decision.body}); it no longer holds the decided text ({how})")


def pin_problems(project, release: str | None = None) -> list[PinProblem]:
    """Items whose content differs from what an approved, unreleased proposal decided.

    Without ``release``: unless a later live proposal lists the item (an open one, or an
    approved one decided after it). With ``release`` (``release plan``): only proposals
    targeting it, and only a later approved proposal targeting it carries the change.
    """
    pins = decision_pins(project)
    states = states_of(project)
    live = [p for p in project.items("proposal") if p.model.status in states.open] + approved_unreleased(project)
    problems: list[PinProblem] = []
    for pinned in sorted(pins.values(), key=lambda p: p.proposal.file.path):
        proposal = pinned.proposal
        if pinned.pins is None or (release is not None and proposal.model.target_release != release):
            continue
        decided = proposal.model.decision.date
        for index, change in enumerate(proposal.model.changes):
            ident = change.item
            if ident not in pinned.pins:
                continue
            item = _content(project, ident)
            current = item_digest(item, project.statuses.same_status)
            if current == pinned.pins[ident]:
                continue
            later = [q.id for q in live if q.id != proposal.id and ident in _listed(q)
                     and _later(q, decided, ident, current, pins, states, release)]
            if later:
                continue
            source = "history" if ident in pinned.from_history else pinned.source
            problems.append(PinProblem(proposal, ident, index, pinned.pins[ident], current,
                                       item.file if item is not None else None, source, pinned.commit))
    return problems


def _later(other, decided: dt.date, ident: str, current: str, pins: dict[str, Pins], states: States,
           release: str | None) -> bool:
    """Whether ``other`` carries a change made after a decision of ``decided``."""
    model = other.model
    if release is not None and model.target_release != release:
        return False
    if model.status in states.open:
        return release is None  # for a release, an open proposal blocks on its own
    if model.decision is None:
        return False
    if model.decision.date > decided:
        return True
    # decided the same day: it carries the change if its own pin is what the tree holds
    own = pins.get(other.id)
    return model.decision.date == decided and own is not None and own.pins is not None \
        and own.pins.get(ident) == current
