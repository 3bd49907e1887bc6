"""Findings about references between items: dangling, wrong kind, cyclic, stale."""

from __future__ import annotations

import bisect
import difflib
from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..load.lines import line_starts
from ..load.references import WIKILINK, iter_references, unchecked_source
from ..model import DECLARED_KINDS, KINDS, WITHDRAWN_STATUSES
from .base import Rule

RELEASE_ONLY = ("release",)


def resolve(project, target: str, kinds: tuple[str, ...]) -> tuple[bool, str | None]:
    """(found as an allowed kind, the kind it actually has if found as another)."""
    for kind in kinds:
        if kind == "*":
            if target in project.definitions:
                return True, None
        elif kind in DECLARED_KINDS:
            if target in project.declared.get(kind, {}):
                return True, None
        elif target in project.by_kind.get(kind, {}):
            return True, None
    item = project.get(target)
    if item is not None:
        return False, item.kind
    broken_kind = project.unvalidated.get(target)
    if broken_kind is not None:
        # Defined by a file that failed validation: that file's findings say enough.
        return ("*" in kinds or broken_kind in kinds), (None if "*" in kinds or broken_kind in kinds else broken_kind)
    for kind in DECLARED_KINDS:
        if target in project.declared.get(kind, {}):
            return False, kind
    return False, None


def candidates(project, kinds: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for kind in kinds:
        if kind == "*":
            names.extend(project.definitions)
        elif kind in DECLARED_KINDS:
            names.extend(project.declared.get(kind, {}))
        else:
            names.extend(project.by_kind.get(kind, {}))
    return names


def _suggest(project, target: str, kinds: tuple[str, ...]) -> str:
    known = candidates(project, kinds)
    near = difflib.get_close_matches(target, known, n=1, cutoff=0.6)
    if near:
        return f"did you mean '{near[0]}'?"
    if 0 < len(known) <= 12:
        return f"known: {', '.join(sorted(known))}"
    return f"define it, or refer to an existing {_kinds_label(kinds)}"


def _kinds_label(kinds: tuple[str, ...]) -> str:
    return "item" if kinds == ("*",) else " or ".join(kinds)


class UnknownReference(Rule):
    """A reference names something that does not exist.

    Covers every kind of reference: roles, principles, use cases, layers, levels, norms,
    sources, terms, pages, people, bodies and items in decision tables. A dangling reference
    is usually a typo or an item that was renamed or removed; the hint suggests the nearest
    existing ID. Fix: correct the ID, or add the item it should point at.
    """

    finding = codes.UNKNOWN_REFERENCE

    def check(self, project) -> Iterable[Diagnostic]:
        for sf, loc, target, kinds, field_name, source in _dangling(project):
            if source is not None or kinds == RELEASE_ONLY:
                continue  # the file that would define it could not be read; UnknownRelease reports releases
            line, col = sf.position(loc)
            yield self.at(sf.path, line, col, f"{field_name}: unknown {_kinds_label(kinds)} '{target}'",
                          hint=_suggest(project, target, kinds))


def _plural(label: str) -> str:
    return {"category": "categories", "body": "bodies", "person": "people"}.get(label, label + "s")


def _dangling(project) -> list[tuple]:
    """(file, loc, target, kinds, field, unread source) of every reference that resolves to nothing."""
    def compute():
        out = []
        known_releases = project.by_kind.get("release", {})
        for sf, loc, target, kinds, field_name in iter_references(project):
            if kinds == RELEASE_ONLY:
                if target in known_releases or project.unvalidated.get(target) == "release":
                    continue
            else:
                found, actual = resolve(project, target, kinds)
                if found or actual is not None:
                    continue
            out.append((sf, loc, target, kinds, field_name, unchecked_source(project, target, kinds)))
        return out
    return project.memoized("dangling_references", compute)


class ReferencesNotChecked(Rule):
    """References to what an unreadable file would define were not checked (a summary).

    When the framework config, the governance or a file that defines an item cannot be read
    at all (a YAML syntax error, a bad encoding, a missing ``stelsel.yaml``), every reference
    to what it defines would be a finding of its own: hundreds of follow-ups burying the one
    fault. They are counted instead, in one line per unreadable file, next to that file's
    own finding. Fix: fix the file's own finding; the references are checked again then.
    """

    finding = codes.REFERENCES_NOT_CHECKED

    def check(self, project) -> Iterable[Diagnostic]:
        counts: dict[str, dict[str, int]] = {}
        kind_of = {u.path: u.kind for u in project.unread if u.kind in KINDS}
        for _sf, _loc, _target, kinds, _field, source in _dangling(project):
            if source is not None:
                label = (kind_of.get(source) or "item") if kinds == ("*",) else _kinds_label(kinds)
                counts.setdefault(source, {})[label] = counts.setdefault(source, {}).get(label, 0) + 1
        for _path, _line, _col, _target, source in _dangling_links(project):
            if source is not None:
                label = kind_of.get(source) or "item"  # a link to the role that file defines is a reference to a role
                counts.setdefault(source, {})[label] = counts.setdefault(source, {}).get(label, 0) + 1
        for source, labels in sorted(counts.items()):
            total = sum(labels.values())
            names = [_plural(label) if total > 1 else label for label in sorted(labels)]
            what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            own = next((d for d in project.load_findings if d.path == source), None)
            line, col = (own.line, own.col) if own is not None else (0, 0)
            yield self.at(source, line, col,
                          f"{total} reference{'s' if total != 1 else ''} to {what} defined in {source} not checked",
                          hint="fix this file's own finding first; its references are checked then")


class WrongKindReference(Rule):
    """A reference points at an existing item of the wrong kind.

    For example an agreement whose ``applies_to`` names a use case instead of a role.
    Fix: point the field at an item of the kind it expects (the message names both).
    """

    finding = codes.WRONG_KIND_REFERENCE

    def check(self, project) -> Iterable[Diagnostic]:
        for sf, loc, target, kinds, field_name in iter_references(project):
            found, actual = resolve(project, target, kinds)
            if found or actual is None:
                continue
            line, col = sf.position(loc)
            yield self.at(sf.path, line, col,
                          f"{field_name}: '{target}' is a {actual}, but a {_kinds_label(kinds)} is expected here",
                          hint=_suggest(project, target, kinds))


CYCLE_FIELDS = (("replaces", ("agreement",)), ("derived_from", ("agreement",)), ("part_of", ("role", "service", "element")))


class ReferenceCycle(Rule):
    """Items refer to each other in a circle (``replaces``, ``derived_from`` or ``part_of``).

    An agreement cannot (indirectly) replace itself or be derived from itself, and nothing
    can be part of itself: the history and the hierarchy would have no start. Fix: remove
    the reference that closes the circle.
    """

    finding = codes.REFERENCE_CYCLE

    def check(self, project) -> Iterable[Diagnostic]:
        for field_name, kinds in CYCLE_FIELDS:
            graph: dict[str, list[str]] = {}
            for kind in kinds:
                for item in project.items(kind):
                    value = getattr(item.model, field_name, None)
                    targets = value if isinstance(value, list) else ([value] if value else [])
                    graph[item.id] = [t for t in targets if isinstance(t, str)]
            for cycle in _cycles(graph):
                first = min(cycle)
                item = project.get(first)
                start = cycle.index(first)
                ordered = cycle[start:] + cycle[:start] + [first]
                line, col = item.file.position((field_name,))
                yield self.at(item.file.path, line, col, f"{field_name} forms a cycle: {' -> '.join(ordered)}",
                              hint="remove the reference that closes the cycle")


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Elementary cycles found by an iterative DFS (one per strongly connected loop)."""
    colour: dict[str, int] = {}
    found: list[list[str]] = []
    seen_sets: set[frozenset] = set()
    for start in sorted(graph):
        if colour.get(start):
            continue
        stack = [(start, iter(graph.get(start, ())))]
        path = [start]
        colour[start] = 1
        while stack:
            node, children = stack[-1]
            advanced = False
            for child in children:
                state = colour.get(child, 0)
                if state == 1:
                    cycle = path[path.index(child):]
                    key = frozenset(cycle)
                    if key not in seen_sets:
                        seen_sets.add(key)
                        found.append(list(cycle))
                elif state == 0 and child in graph:
                    colour[child] = 1
                    path.append(child)
                    stack.append((child, iter(graph.get(child, ()))))
                    advanced = True
                    break
            if not advanced:
                colour[node] = 2
                path.pop()
                stack.pop()
    return found


class ReferenceToWithdrawn(Rule):
    """A current item refers to a withdrawn (``vervallen``) one.

    When an item is withdrawn, everything that still depends on it must be updated, or
    readers follow a link to a rule that no longer holds. ``replaces`` may (and should)
    name withdrawn items, and withdrawn items may refer to each other. Fix: point the
    reference at the successor (see the withdrawn item's ``replaced_by``) or remove it.
    """

    finding = codes.REFERENCE_TO_WITHDRAWN

    def check(self, project) -> Iterable[Diagnostic]:
        for sf, loc, target, kinds, field_name in iter_references(project):
            if field_name in ("replaces", "history") or sf.kind == "proposal":
                continue
            if sf.model is not None and getattr(sf.model, "status", None) in WITHDRAWN_STATUSES:
                continue
            item = project.get(target)
            if item is None or getattr(item.model, "status", None) not in WITHDRAWN_STATUSES:
                continue
            successors = getattr(item.model, "replaced_by", None) or []
            hint = f"refer to its successor: {', '.join(successors)}" if successors else "remove or update the reference"
            line, col = sf.position(loc)
            yield self.at(sf.path, line, col,
                          f"{field_name}: '{target}' is withdrawn ({project.statuses.word(item.model.status)})",
                          hint=hint)


class UnknownRelease(Rule):
    """An item names a release (``since``, ``until``, ``target_release`` …) that is not in the register.

    Every release an item mentions must have an entry in the release register
    (``afsprakenstelsel/releases/<version>.yaml``), so that "since 0.9" means something a
    reader can look up. Fix: correct the version (quote it: ``"0.9"``) or add the release
    to the register.
    """

    finding = codes.UNKNOWN_RELEASE

    def check(self, project) -> Iterable[Diagnostic]:
        known = project.by_kind.get("release", {})
        for sf, loc, target, kinds, field_name, source in _dangling(project):
            if kinds != RELEASE_ONLY or source is not None:
                continue
            line, col = sf.position(loc)
            near = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else (
                f"registered releases: {', '.join(sorted(known))}" if known else "add the release to the register")
            yield self.at(sf.path, line, col, f"{field_name}: release '{target}' is not in the release register", hint=hint)


class UnknownLink(Rule):
    """A ``[[ID]]`` link in Markdown or prose names no known item.

    Pages and prose fields refer to items by ID (``[[TA-017]]`` or ``[[TA-017|tekst]]``);
    the site turns them into links. A link to an ID that does not exist would be a dead
    link on the site. Fix: correct the ID or remove the link.
    """

    finding = codes.UNKNOWN_LINK

    def check(self, project) -> Iterable[Diagnostic]:
        for path, line, col, target, source in _dangling_links(project):
            if source is None:
                yield self._finding(project, path, line, col, target)

    def _finding(self, project, path, line, col, target) -> Diagnostic:
        return self.at(path, line, col, f"link to unknown item '[[{target}]]'", hint=_suggest(project, target, ("*",)))




def _dangling_links(project) -> list[tuple]:
    """(path, line, col, target, unread source) of every [[ID]] link to no known item."""
    def compute():
        known = project.definitions
        broken = project.unvalidated
        out = []
        for sf in project.files:
            for loc, text in sf.link_texts:
                for match in WIKILINK.finditer(text):
                    target = match.group(1)
                    if target not in known and target not in broken:
                        line, col = sf.position_in_value(project.root, loc, match.group(0))
                        out.append((sf.path, line, col, target, unchecked_source(project, target, ("*",))))
            if sf.body and "[[" in sf.body:
                starts = None
                for match in WIKILINK.finditer(sf.body):
                    target = match.group(1)
                    if target in known or target in broken:
                        continue
                    if starts is None:
                        starts = line_starts(sf.body)
                    index = bisect.bisect_right(starts, match.start()) - 1
                    out.append((sf.path, sf.body_line + index, match.start() - starts[index] + 1, target,
                                unchecked_source(project, target, ("*",))))
        return out
    return project.memoized("dangling_links", compute)
