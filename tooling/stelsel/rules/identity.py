"""Findings about IDs: their shape and their uniqueness."""

from __future__ import annotations

from typing import Iterable

from .. import codes
from ..diagnostics import Diagnostic
from ..load.idpatterns import DEFAULT_ID_PATTERN, PatternError, compile_pattern, id_problem
from ..paths import printable
from .base import Rule


class IdPattern(Rule):
    """An ID does not match the pattern the framework config sets for its kind.

    IDs are how everything refers to everything (agreements, proposals, the site's anchors,
    checklists), so they follow one shape per kind (``id_patterns`` in the framework
    config); without a pattern, an ID is letters, digits, '.', '_' and '-'. Whatever the
    pattern, an ID holds no control character or line break and no white space at its ends
    (``id: "TA-061\\n"``). Patterns run on RE2: ``\\d`` is an ASCII digit, so a look-alike
    ('٠٦١', '０６１') does not pass. Fix: rename the ID to match; if the item is already
    released, add a new one that ``replaces`` it.
    """

    finding = codes.ID_PATTERN

    def check(self, project) -> Iterable[Diagnostic]:
        patterns = dict(project.config.id_patterns) if project.config else {}
        for item in project.items():
            pattern = patterns.get(item.kind, DEFAULT_ID_PATTERN)
            line, col = item.file.position(("id",))
            problem = id_problem(item.id)
            if problem is not None:
                yield self.at(item.file.path, line, col, f"{item.kind} ID '{printable(item.id)}' {problem}",
                              hint="write the ID as plain text on one line, e.g. id: TA-061")
                continue
            try:
                regex = compile_pattern(pattern)
            except PatternError:
                continue  # reported on the config when it is read (S006)
            if regex.search(item.id) is None:
                yield self.at(item.file.path, line, col,
                              f"{item.kind} ID '{printable(item.id)}' does not match the pattern {pattern}",
                              hint=f"rename it to match {pattern} (id_patterns.{item.kind} in the framework config)")


class DuplicateId(Rule):
    """Two files define the same ID.

    IDs must be unique across the whole framework, whatever their kind, because links,
    anchors and proposals name items by ID alone. Each copy is reported with the other's
    place. Fix: give one of them a new ID (and update references to it).
    """

    finding = codes.DUPLICATE_ID

    def check(self, project) -> Iterable[Diagnostic]:
        yield from self._declared(project)
        for ident, defs in project.definitions.items():
            if len(defs) < 2:
                continue
            for index, item in enumerate(defs):
                others = ", ".join(f"{o.file.path}:{o.file.position(('id',))[0]}" for j, o in enumerate(defs) if j != index)
                line, col = item.file.position(("id",))
                yield self.at(item.file.path, line, col, f"ID '{ident}' is defined more than once (also in {others})",
                              hint="give one of them a new, unique ID")


    def _declared(self, project) -> Iterable[Diagnostic]:
        lists = []
        if project.config is not None:
            lists += [(project.config_file, name) for name in ("layers", "levels", "sources", "norms", "categories", "functions")]
        if project.governance is not None:
            lists += [(project.governance_file, name) for name in ("people", "bodies")]
        for sf, name in lists:
            seen: dict[str, int] = {}
            for index, entry in enumerate(sf.data.get(name) or []):
                ident = entry.get("id") if isinstance(entry, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    line, col = sf.position((name, index, "id"))
                    yield self.at(sf.path, line, col, f"{name}: '{ident}' is declared twice (first at entry {seen[ident] + 1})",
                                  hint="remove or rename the second declaration")
                else:
                    seen[ident] = index


class FileNameMismatch(Rule):
    """A file's name does not match the ID it defines.

    With one item per file named after its ID, anyone can find ``TA-017`` by its name and
    a rename shows up plainly in review. Fix: rename the file to ``<ID>.yaml`` (or
    ``<ID>.md``).
    """

    finding = codes.FILE_NAME_MISMATCH

    def check(self, project) -> Iterable[Diagnostic]:
        for item in project.items():
            if item.kind in ("framework", "governance"):
                continue
            stem = item.file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if stem != item.id:
                line, col = item.file.position(("id",))
                yield self.at(item.file.path, line, col, f"file name '{stem}' does not match ID '{item.id}'",
                              hint=f"rename the file to {item.id}{item.file.suffix}")
