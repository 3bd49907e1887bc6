"""The semantic difference between two states of a framework (releases or the working tree).

Items are matched by ID, compared field by field on their validated models, with a
word-level diff for prose. An ID that disappears while another appears with the same
content is a rename; the same ID in another file is a move.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..model.status import ItemStatus

# Kinds whose changes are release content. The release register and governance change
# with every release and every new member; they are metadata, not agreements.
NOT_CONTENT = frozenset({"release", "governance", "proposal"})
WITHDRAWN = ItemStatus.WITHDRAWN.value
_TOKENS = re.compile(r"\s+|[\w\u00C0-\u024F'-]+|[^\w\s]", re.UNICODE)


@dataclass
class FieldDiff:
    name: str
    old: Any
    new: Any
    words: list[tuple[str, str]] | None = None  # ('equal'|'insert'|'delete', text) for prose


@dataclass
class ItemDiff:
    id: str
    kind: str
    title: str
    change: str  # added | removed | withdrawn | changed | renamed | moved
    old: Any = None  # LoadedItem
    new: Any = None  # LoadedItem
    fields: list[FieldDiff] = field(default_factory=list)
    old_id: str | None = None  # for renames
    old_path: str | None = None
    new_path: str | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "change": self.change,
            "old_id": self.old_id,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "fields": [
                {"name": f.name, "old": f.old, "new": f.new,
                 "words": [list(w) for w in f.words] if f.words is not None else None}
                for f in self.fields
            ],
        }


@dataclass
class ProjectDiff:
    old_label: str
    new_label: str
    items: list[ItemDiff] = field(default_factory=list)
    # IDs of the governance and the framework config when they changed (not release content,
    # but a proposal carries them; moving working_release is no change)
    governed: set[str] = field(default_factory=set)

    def of(self, change: str) -> list[ItemDiff]:
        return [d for d in self.items if d.change == change]

    @property
    def added(self) -> list[ItemDiff]:
        return self.of("added")

    @property
    def removed(self) -> list[ItemDiff]:
        return self.of("removed") + self.of("withdrawn")

    @property
    def changed(self) -> list[ItemDiff]:
        return self.of("changed")

    @property
    def renamed(self) -> list[ItemDiff]:
        return self.of("renamed")

    @property
    def moved(self) -> list[ItemDiff]:
        return self.of("moved")

    def ids(self) -> set[str]:
        """Every ID the diff touches (both sides of a rename)."""
        out = set()
        for d in self.items:
            out.add(d.id)
            if d.old_id:
                out.add(d.old_id)
        return out

    def as_dict(self) -> dict:
        counts = {}
        for d in self.items:
            counts[d.change] = counts.get(d.change, 0) + 1
        return {"old": self.old_label, "new": self.new_label, "counts": counts,
                "items": [d.as_dict() for d in self.items]}


def item_fields(item) -> dict[str, Any]:
    """The comparable content of an item: its model as JSON data, plus a page's body."""
    data = item.model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data.pop("id", None)
    raw = item.file.data
    if "status" in data and isinstance(raw, dict) and isinstance(raw.get("status"), str):
        data["status"] = raw["status"]  # as the file says it: the framework's word, shown as such
    if item.file.body is not None and item.kind in ("page", "proposal"):
        data["body"] = item.file.body.strip("\n")
    return data


# A sentence ends at . ! ? or ; followed by white space, or at a blank line (a paragraph, a list item).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
SIMILAR = 0.5  # sentences this alike (difflib ratio over words) are one changed sentence, not two


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence, keeping every character (the pieces join back to ``text``)."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        out.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A readable diff of prose: sentence by sentence, with word marks only inside a changed sentence.

    Equal sentences stay whole; a sentence that changed a little (at least SIMILAR alike) is
    compared word by word; one that was rewritten is shown deleted and then inserted whole,
    never interleaved word by word with its replacement.
    """
    a, b = sentences(old), sentences(new)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, [x.strip() for x in a], [y.strip() for y in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(b[j1:j2])))
            continue
        olds, news = a[i1:i2], b[j1:j2]
        while olds and news and _alike(olds[0], news[0]):
            out += _words(olds.pop(0), news.pop(0))
        if olds:
            out.append(("delete", "".join(olds)))
        if news:
            out.append(("insert", "".join(news)))
    return _merged(out)


def _alike(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(None, _TOKENS.findall(old), _TOKENS.findall(new), autojunk=False).ratio() >= SIMILAR


def _merged(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, text in parts:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(b[j1:j2])))
    return out


def _field_diffs(old: dict, new: dict) -> list[FieldDiff]:
    diffs = []
    for name in list(old) + [k for k in new if k not in old]:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        words = word_diff(a, b) if isinstance(a, str) and isinstance(b, str) else None
        diffs.append(FieldDiff(name, a, b, words))
    return diffs


def _content_items(project) -> dict[str, Any]:
    items = {}
    for kind, table in project.by_kind.items():
        if kind in NOT_CONTENT:
            continue
        items.update(table)
    return items


def _governed_changes(old, new) -> set[str]:
    """The IDs of the governance and the framework config of ``new`` whose model differs from ``old``'s."""
    changed = set()
    for attr, drop in (("governance", set()), ("config", {"working_release"})):
        now, before = getattr(new, attr, None), getattr(old, attr, None)
        if now is not None and (before is None or before.model_dump(exclude=drop) != now.model_dump(exclude=drop)):
            changed.add(now.id)
    return changed


def diff_projects(old, new, old_label: str = "old", new_label: str = "new") -> ProjectDiff:
    """Compare two loaded projects item by item."""
    result = ProjectDiff(old_label, new_label)
    result.governed = _governed_changes(old, new)
    before, after = _content_items(old), _content_items(new)
    # A model is made of its file's parsed data and the status words of its framework alone.
    words = getattr(old, "statuses", None)
    same_words = words is not None and words == getattr(new, "statuses", None)
    gone = {i: before[i] for i in before if i not in after}
    fresh = {i: after[i] for i in after if i not in before}

    # Renames: a vanished ID whose content reappears under a new ID (or that the new item replaces).
    fingerprints = {}
    for ident, item in gone.items():
        fingerprints.setdefault((item.kind, repr(sorted(item_fields(item).items()))), ident)
    renamed: dict[str, str] = {}
    for ident, item in fresh.items():
        key = (item.kind, repr(sorted(item_fields(item).items())))
        old_id = fingerprints.get(key)
        if old_id is None:
            for candidate in getattr(item.model, "replaces", None) or []:
                if candidate in gone and gone[candidate].kind == item.kind and candidate not in renamed.values():
                    old_id = candidate
                    break
        if old_id is not None and old_id not in renamed.values():
            renamed[ident] = old_id

    for ident in sorted(set(before) | set(after)):
        if ident in renamed.values():
            continue
        old_item, new_item = before.get(ident), after.get(ident)
        if old_item is None:
            if ident in renamed:
                source = gone[renamed[ident]]
                result.items.append(ItemDiff(ident, new_item.kind, new_item.model.title, "renamed", source, new_item,
                                             _field_diffs(item_fields(source), item_fields(new_item)),
                                             old_id=source.id, old_path=source.file.path, new_path=new_item.file.path))
            else:
                result.items.append(ItemDiff(ident, new_item.kind, new_item.model.title, "added", None, new_item,
                                             new_path=new_item.file.path))
            continue
        if new_item is None:
            result.items.append(ItemDiff(ident, old_item.kind, old_item.model.title, "removed", old_item, None,
                                         old_path=old_item.file.path))
            continue
        if same_words and old_item.file.data is new_item.file.data and old_item.file.body == new_item.file.body:
            fields = []  # one parse of the same bytes (load.project.shared_parses): the same model, no field differs
        else:
            fields = _field_diffs(item_fields(old_item), item_fields(new_item))
        old_status = getattr(old_item.model, "status", None)
        new_status = getattr(new_item.model, "status", None)
        if new_status == WITHDRAWN and old_status != WITHDRAWN:
            change = "withdrawn"
        elif fields:
            change = "changed"
        elif old_item.file.path != new_item.file.path:
            change = "moved"
        else:
            continue
        result.items.append(ItemDiff(ident, new_item.kind, new_item.model.title, change, old_item, new_item, fields,
                                     old_path=old_item.file.path, new_path=new_item.file.path))
    return result
