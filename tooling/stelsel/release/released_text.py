"""Released text changed without a proposal: the working tree against the newest frozen release.

A release freezes what was decided. Afterwards, every item of the working tree that differs
from the newest frozen release must be carried by a live proposal (an open one, or one
approved and not yet released); otherwise ``check`` itself says so, not only ``check
--since`` in a pull request or ``release plan`` at the end. Approved proposals' items are
held to their decided text by :mod:`stelsel.release.pin`.

Cheap at any size: a file whose bytes still have the SHA-256 the manifest recorded for it is
unchanged; only the others are parsed (the frozen copy too) and compared by item ID with the
canonical digest of :func:`stelsel.release.pin.digest_of`, so moving a file, comments,
formatting and the ready -> adopted promotion of a cut do not count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .. import inputs
from ..load.tree import content_dir
from ..versions import version_key
from .pin import approved_unreleased, digest_of, pinned_digest, states_of
from .store import MANIFEST, RELEASES_DIR

# The register and the proposals are not release text. The governance and the framework config
# are: who may decide, and the rules the framework holds itself to, were released as they stand in
# the frozen copy, so they are held to it like any item (the keys the tool moves left out).
SKIPPED = frozenset({"release", "proposal"})


@dataclass
class ReleasedChange:
    item: str
    version: str  # the frozen release whose text it no longer holds
    what: str  # changed | added | deleted | renamed from <id>
    path: str  # the item's file now, or (deleted) its path in the release
    file: object | None  # SourceFile now (None: deleted)
    released_path: str | None = None  # its file in the release (None: added)


def _newest_manifest(project) -> tuple[str, dict] | None:
    """(version, manifest) of the newest frozen release whose manifest is readable."""
    frozen = getattr(project, "frozen", None) or {}
    found: dict[str, dict] = {}
    for path, entry in frozen.items():
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == RELEASES_DIR and parts[2] == MANIFEST and entry.raw is not None:
            try:
                data = json.loads(entry.raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                continue  # L002 reports it
            if isinstance(data, dict) and isinstance(data.get("files"), dict):
                found[parts[1]] = data
    if not found:
        return None
    newest = max(found, key=version_key)
    return newest, found[newest]


def _rename_key(data: dict, body: str | None, same: dict[str, str]) -> str:
    """The digest of an item's content without its id: equal for an item renamed and nothing else."""
    return digest_of({k: v for k, v in data.items() if k != "id"}, body, same=same)


def _frozen_item(project, version: str, rel: str) -> tuple[str, str, str, str] | None:
    """(id, digest, rename key, path) of the item a frozen file defines; None if it defines none or cannot be read."""
    from ..load.project import read_source

    path = project.root / RELEASES_DIR / version / rel
    try:
        raw = inputs.read_bytes(path)
    except OSError:
        return None  # L001 reports a frozen file that is gone
    sf, _findings = read_source(rel, raw, "")
    if not isinstance(sf.data, dict) or not isinstance(sf.data.get("id"), str) or sf.data.get("kind") in SKIPPED:
        return None
    same = project.statuses.same_status
    return sf.data["id"], pinned_digest(sf.data, sf.body, same), _rename_key(sf.data, sf.body, same), rel


def newest_frozen(project) -> str | None:
    """The version released_changes compares with (None: no readable frozen release)."""
    newest = _newest_manifest(project)
    return newest[0] if newest else None


def released_changes(project) -> list[ReleasedChange]:
    """Items that differ from the newest frozen release and that no live proposal lists.

    Empty when that release's own files no longer match its manifest: L001 says so.
    """
    newest = _newest_manifest(project)
    if newest is None or project.governance is None:
        return []
    version, manifest = newest
    content = content_dir(project.root) + "/"
    if not _intact(project, version, manifest):
        return []  # L001 reports the frozen copy itself; comparing with it would repeat that fault
    recorded: dict[str, str] = {path: sha for path, sha in manifest["files"].items()
                                if isinstance(path, str) and path.startswith(content)}
    unchanged: set[str] = set()  # paths whose bytes are the released file's
    now: dict[str, tuple[str, str, object]] = {}  # id -> (digest, rename key, SourceFile) of the other content files
    unknown_kind: set[str] = set()  # ids in files of no known kind: F009 is their one finding
    for sf in project.files:
        if not sf.path.startswith(content):
            continue
        if recorded.get(sf.path) == sf.digest:
            unchanged.add(sf.path)
        elif sf.kind is None and isinstance(sf.data, dict) and isinstance(sf.data.get("id"), str):
            unknown_kind.add(sf.data["id"])
        elif sf.kind not in SKIPPED and isinstance(sf.data, dict) and isinstance(sf.data.get("id"), str):
            same = project.statuses.same_status
            now[sf.data["id"]] = (pinned_digest(sf.data, sf.body, same), _rename_key(sf.data, sf.body, same), sf)
    # An item's released file is changed or gone now unless the item is unchanged: parsing
    # only those finds every item that was changed, moved or deleted.
    before: dict[str, tuple[str, str, str]] = {}  # id -> (digest, rename key, path in the release)
    for path in sorted(set(recorded) - unchanged):
        found_item = _frozen_item(project, version, path)
        if found_item is not None:
            before[found_item[0]] = found_item[1:]
    live = _live_items(project)
    renamed = _renames(before, now)  # new id -> old id, as release diffs see renames
    found: list[ReleasedChange] = []
    for ident, (value, _key, sf) in sorted(now.items()):
        old = before.get(ident)
        if ident in live or renamed.get(ident) in live or (old is not None and old[0] == value):
            continue
        if old is None and ident in renamed:
            source = before[renamed[ident]]
            found.append(ReleasedChange(ident, version, f"renamed from {renamed[ident]}", sf.path, sf, source[2]))
            continue
        found.append(ReleasedChange(ident, version, "added" if old is None else "changed", sf.path, sf,
                                    None if old is None else old[2]))
    successors = {old: new for new, old in renamed.items()}
    for ident, (_value, _key, path) in sorted(before.items()):
        if ident in now or ident in live or project.get(ident) is not None or ident in unknown_kind:
            continue
        if ident in successors:
            continue  # reported (or carried) under its new id
        found.append(ReleasedChange(ident, version, "deleted", path, None, path))
    return found


def _renames(before: dict, now: dict) -> dict[str, str]:
    """New id -> released id for items that reappear under another id (same content, or ``replaces``)."""
    gone = {ident: entry for ident, entry in before.items() if ident not in now}
    by_key = {}
    for ident, entry in sorted(gone.items()):
        by_key.setdefault(entry[1], ident)
    renamed: dict[str, str] = {}
    for ident, (_value, key, sf) in sorted(now.items()):
        if ident in before:
            continue
        old = by_key.get(key)
        if old is None:
            replaces = sf.data.get("replaces") if isinstance(sf.data, dict) else None
            old = next((r for r in replaces or [] if isinstance(r, str) and r in gone), None)
        if old is not None and old not in renamed.values():
            renamed[ident] = old
    return renamed


def _intact(project, version: str, manifest: dict) -> bool:
    """Whether every file of the frozen release still has the hash its manifest records."""
    prefix = f"{RELEASES_DIR}/{version}/"
    held = {path[len(prefix):]: entry.sha256 for path, entry in project.frozen.items()
            if path.startswith(prefix) and path[len(prefix):] != MANIFEST}
    return held == manifest["files"]


def _live_items(project) -> set[str]:
    """Every item an open proposal, or an approved and unreleased one, lists."""
    states = states_of(project)
    live = [p for p in project.items("proposal") if p.model.status in states.open] + approved_unreleased(project)
    return {change.item for proposal in live for change in proposal.model.changes}
