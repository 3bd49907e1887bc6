"""What each file refers to: the reference fields of its kind and its ``[[ID]]`` links.

The index is read by the reference rules (is every target there, of the right kind?) and by
the workflow (what depends on an item a proposal changes?), so it sits here below both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..model import KINDS, reference_paths, values_at

# ``[[ID]]``, ``[[ID#anchor]]``, ``[[ID|text]]``: group 1 the ID, 2 the anchor (with '#'),
# 3 the link text. The one pattern for links in prose and Markdown bodies.
WIKILINK = re.compile(r"\[\[([^\[\]|#\s]+)(#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")


def iter_references(project) -> list[tuple]:
    """(file, loc, target id, allowed kinds, field name) for every reference in the tree."""
    return project.memoized("references", lambda: list(_references(project)))


def _references(project) -> Iterator[tuple]:
    for sf in project.files:
        # Files that failed validation are still searched: a typo elsewhere in the file
        # should not hide a dangling reference.
        if sf.kind is None or not isinstance(sf.data, dict):
            continue
        # What a file refers to depends on its content only: kept with its cached parse,
        # so a check after one edit does not walk every other file again.
        found = sf.derived.get("references")
        if found is None:
            found = sf.derived["references"] = list(_file_references(sf))
        for loc, value, kinds, field_name in found:
            yield sf, loc, value, kinds, field_name


def _file_references(sf) -> Iterator[tuple]:
    """(loc, target id, allowed kinds, field name) of every reference in one file."""
    model_cls = KINDS[sf.kind].model
    for ref_path in reference_paths(model_cls):
        for loc, value in values_at(sf.data, ref_path.path):
            if isinstance(value, str):
                yield loc, value, ref_path.kinds, ref_path.path[0]
    if sf.kind == "decision_table" and sf.model is not None:
        columns = {c.key: c.ref for c in sf.model.columns if c.ref}
        for index, row in enumerate(sf.data.get("rows", [])):
            if not isinstance(row, dict):
                continue
            for key, kinds in columns.items():
                cell = row.get(key)
                cells = cell if isinstance(cell, list) else [cell]
                for sub, value in enumerate(cells):
                    if isinstance(value, str):
                        loc = ("rows", index, key) + ((sub,) if isinstance(cell, list) else ())
                        yield loc, value, tuple(kinds), "rows"


def unchecked_source(project, target: str, kinds: tuple[str, ...]) -> str | None:
    """The file that could not be read and would define ``target``, or None.

    A reference to a name that file seems meant to define is not checked: the file's own
    finding is the one fault, and the rules report its dependents as one summary (F018).
    When the framework config is missing or unreadable, so is every layer, level, source …
    it declares; when the governance is, every person and body.
    """
    declared, ids = project.memoized("unread_sources", lambda: _unread_sources(project))
    if "*" in declared:  # no content folder at all: nothing it would define is known
        return declared["*"]
    for kind in kinds:
        path = declared.get(kind)
        if path is not None:
            return path
    return ids.get(target)


def _unread_sources(project) -> tuple[dict[str, str], dict[str, str]]:
    from .project import DECLARED_LISTS
    from .tree import config_file, content_dir

    declared: dict[str, str] = {}
    ids: dict[str, str] = {}
    unread = {u.kind: u.path for u in reversed(project.unread) if u.kind in DECLARED_LISTS}
    if project.config is None and project.raw_framework is None:
        path = unread.get("framework", config_file(project.root))  # missing (F013) or unreadable
        declared.update((name, path) for name, _ in DECLARED_LISTS["framework"])
        if not (Path(project.root) / content_dir(project.root)).is_dir():
            declared["*"] = path  # the content folder is not there (stelsel.toml names another): F013 says so
    if project.governance is None and project.raw_governance is None and "governance" in unread:
        declared.update((name, unread["governance"]) for name, _ in DECLARED_LISTS["governance"])
    for entry in project.unread:
        if entry.kind not in DECLARED_LISTS and entry.ident:
            ids.setdefault(entry.ident, entry.path)
    return declared, ids
