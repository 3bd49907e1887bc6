"""The release PDF's chapter "Wat is er gewijzigd": this release against the previous released one.

The previous release is the newest frozen release before this one (``releases/<v>/``): a
release in the register that was never released (0.95, skipped on the way to 1.0) is never
the previous one; the chapter names it as skipped. What changed is
:func:`stelsel.release.diff.diff_projects` between the two (what ``stelsel diff`` shows), each
change traced by :func:`stelsel.release.plan.trace` to the proposals that carry it: those a
frozen release included (``releases/<v>/changes/``), or for the working tree those aimed at
the release it is heading for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import Messages, for_config
from ..release.diff import ProjectDiff, diff_projects
from ..release.plan import trace
from ..model.status import RELEASED_STATUSES
from ..release.states import previous_frozen
from ..release.store import MANIFEST, RELEASES_DIR, frozen_versions, release_root, version_key
from .text import CODE_KINDS, natural_key

# The groups of the chapter, in order: the diff's change kinds (their headings: pdf.changes.group.*).
GROUPS = ("added", "changed", "renamed", "withdrawn", "removed", "moved")
# Fields shown as old → new (in words where the value is a code: the catalogue's section); the others by name only.
SHORT_FIELDS = {"level": None, "status": "status", "basis": "basis", "number": None, "since": None, "until": None,
                "topic": None}
RELEASED = RELEASED_STATUSES  # register statuses of a release that was released (frozen or not)
# Agreements first, then what the document's chapters show, then the rest.
KIND_ORDER = ("agreement", "principle", "starting_point", "role", "page", "term")


@dataclass
class Entry:
    """One changed item: what it is, what changed and which proposals carry it."""

    ident: str
    name: str  # "TA-063 Kennisdatabank …" for an item with a coded ID, else its name
    kind: str  # in the framework's language: "afspraak", "begrip" …
    change: str  # the diff's change kind
    what: list[str] = field(default_factory=list)  # "Onderbouwing", "Niveau: MOET → MAG" …
    proposals: list[tuple[str, str]] = field(default_factory=list)  # (ID, title)
    was: str | None = None  # a renamed item's old ID


@dataclass
class Changes:
    """The chapter's content. ``previous`` None: there is no earlier release to compare with."""

    version: str | None  # what this document is: "1.0", or None for a working tree heading nowhere
    frozen: bool
    previous: str | None = None
    previous_date: object = None
    skipped: list[str] = field(default_factory=list)
    counts: list[tuple[int, str]] = field(default_factory=list)  # (number, "gewijzigd") in GROUPS order
    groups: list[tuple[str, str, list[Entry]]] = field(default_factory=list)  # (change kind, heading, entries)
    proposals: list[dict] = field(default_factory=list)  # id, title, decided (text in the framework's language)
    t: Messages | None = None

    @property
    def summary(self) -> str:
        """'1 toegevoegd, 12 gewijzigd en 1 vervallen'."""
        parts = [f"{number} {label}" for number, label in self.counts]
        if not parts:
            return self.t("pdf.changes.none")
        return self.t.join(parts)


def repository_root(project) -> Path:
    """The repository a project belongs to: its own root, or for a frozen release the one above releases/."""
    root = Path(project.root)
    if root.parent.name == RELEASES_DIR and (root / MANIFEST).is_file():
        return root.parent.parent
    return root


def previous_release(repo: Path, version: str | None, frozen: bool) -> str | None:
    """The release to compare with: the newest frozen one before ``version`` (for the working tree:
    before the release it heads for, else the newest)."""
    if frozen or (version and version not in frozen_versions(repo)):
        return previous_frozen(repo, version) if version else None
    released = frozen_versions(repo)
    return released[-1] if released else None


def release_changes(project, state) -> Changes:
    """What changed in the document's state (a :class:`~stelsel.qualify.state.ReleaseState` of ``project``)."""
    from ..load.project import load_project

    repo = repository_root(project)
    result = Changes(state.version, state.frozen, t=for_config(project.config))
    previous = previous_release(repo, state.version, state.frozen)
    if previous is None:
        return result
    old = load_project(release_root(repo, previous))
    result.previous = previous
    entry = old.by_kind.get("release", {}).get(previous)
    result.previous_date = entry.model.date if entry is not None else None
    if state.frozen and state.version:
        released = set(frozen_versions(repo))
        result.skipped = sorted((r.id for r in project.items("release")  # in between, never released
                                 if version_key(previous) < version_key(r.id) < version_key(state.version)
                                 and r.id not in released and r.model.status not in RELEASED), key=version_key)
    diff = diff_projects(old, project, previous, state.label)
    proposals = _proposals(project, state)
    _fill(result, diff, proposals, project)
    return result


def _proposals(project, state) -> list:
    """The proposals that make up this state: a frozen release's own, else those aimed at its release."""
    items = sorted(project.items("proposal"), key=lambda p: natural_key(p.id))
    if state.frozen:
        return items
    return [p for p in items if state.version and p.model.target_release == state.version]


def _decided(model, project, t: Messages) -> str:
    decision = getattr(model, "decision", None)
    if decision is None:
        states = {s.id: s.title for s in project.governance.workflow.states} if project.governance else {}
        status = states.get(model.status, model.status)
        return t("pdf.changes.undecided", status=status[:1].lower() + status[1:])
    bodies = {b.id: b.title for b in project.governance.bodies} if project.governance else {}
    text = f"{bodies.get(decision.body, decision.body)}, {t.date(decision.date)}"
    return text + (t("pdf.changes.example_decision") if getattr(decision, "example", False) else "")


def _name(ident: str, kind: str, title: str) -> str:
    return f"{ident} {title}" if kind in CODE_KINDS and title != ident else title or ident


def _what(item, t: Messages) -> list[str]:
    """What changed in an item: the names of its changed fields, a short value as old → new."""
    out = []
    labels = t.mapping("field")
    for f in item.fields:
        label = labels.get(f.name, f.name)
        if f.name in SHORT_FIELDS and all(isinstance(v, (str, int, type(None))) for v in (f.old, f.new)):
            words = t.mapping(SHORT_FIELDS[f.name]) if SHORT_FIELDS[f.name] else {}
            old, new = ("—" if v is None else words[v].lower() if v in words else v for v in (f.old, f.new))
            label += f": {old} → {new}"
        out.append(label)
    return out


def _fill(result: Changes, diff: ProjectDiff, proposals: list, project) -> None:
    t = result.t
    kinds, changes = t.mapping("kind"), t.mapping("change")

    def order(item) -> tuple:
        kind = KIND_ORDER.index(item.kind) if item.kind in KIND_ORDER else len(KIND_ORDER)
        return kind, kinds.get(item.kind, item.kind), natural_key(item.id)

    carried = trace(diff, proposals).carried
    titles = {p.id: p.model.title for p in proposals}
    for change in GROUPS:
        entries = []
        for item in sorted(diff.of(change), key=order):
            ids = list(dict.fromkeys(carried.get(item.id, []) + (carried.get(item.old_id, []) if item.old_id else [])))
            entries.append(Entry(item.id, _name(item.id, item.kind, item.title), kinds.get(item.kind, item.kind),
                                 item.change, _what(item, t) if item.change in ("changed", "renamed") else [],
                                 [(i, titles[i]) for i in ids], item.old_id))
        if entries:
            result.counts.append((len(entries), changes.get(change, change)))
            result.groups.append((change, t(f"pdf.changes.group.{change}"), entries))
    result.proposals = [{"id": p.id, "title": p.model.title, "decided": _decided(p.model, project, t)}
                        for p in proposals]
