"""What depends on an item: the reverse of every reference and every ``[[ID]]`` link.

When a proposal changes or withdraws an item, whatever refers to it (an agreement
``derived_from`` a changed principle, a page that links to a changed agreement, a role's
``related`` …) is *suspect*: it may have to change too. The proposal accounts for each one
in ``dependents:`` (``reviewed_unchanged`` or ``changed``); ``check`` reports the rest.
"""

from __future__ import annotations

from ..load.references import WIKILINK, iter_references

# Files whose references are not content: proposals refer to items they change, the
# register and the governance config refer to releases, people and bodies.
NOT_DEPENDENTS = frozenset({"proposal", "release", "framework", "governance"})


def _item_id(sf) -> str | None:
    if sf.model is not None and getattr(sf.model, "id", None):
        return sf.model.id
    if isinstance(sf.data, dict) and isinstance(sf.data.get("id"), str):
        return sf.data["id"]
    return None


def reverse_index(project, targets: frozenset[str] | None = None) -> dict[str, dict[str, set[str]]]:
    """target ID -> {dependent item ID -> the fields (or 'link') it refers through}.

    Only for ``targets`` (default: every item some proposal changes or withdraws, which is
    what the impact rules ask about); a large tree has far more references than that.
    """
    if targets is None:
        targets = project.memoized("workflow.touched", lambda: frozenset(
            ident for item in project.items("proposal") for ident in touched_items(item.model)))
        return project.memoized("workflow.reverse_index", lambda: _compute_index(project, targets))
    return _compute_index(project, targets)


def _compute_index(project, targets: frozenset[str]) -> dict[str, dict[str, set[str]]]:
    index: dict[str, dict[str, set[str]]] = {}
    known = project.definitions
    wanted = {t for t in targets if t in known}
    if not wanted:
        return index
    sources: dict[int, str | None] = {}  # file -> its item ID, looked up once per file

    def add(target: str, source: str | None, via: str) -> None:
        if source is None or target == source:
            return
        index.setdefault(target, {}).setdefault(source, set()).add(via)

    for sf, _loc, target, _kinds, field_name in iter_references(project):
        if target not in wanted or sf.kind in NOT_DEPENDENTS:
            continue
        key = id(sf)
        if key not in sources:
            sources[key] = _item_id(sf)
        add(target, sources[key], field_name)
    for sf in project.files:
        if sf.kind in NOT_DEPENDENTS or sf.kind is None:
            continue
        link_texts = getattr(sf, "link_texts", ())
        has_body_links = bool(sf.body and "[[" in sf.body)
        if not link_texts and not has_body_links:
            continue
        source = _item_id(sf)
        for loc, text in link_texts:
            for match in WIKILINK.finditer(text):
                if match.group(1) in wanted:
                    add(match.group(1), source, f"[[link]] in {loc[0]}" if loc else "[[link]]")
        if has_body_links:
            for match in WIKILINK.finditer(sf.body):
                if match.group(1) in wanted:
                    add(match.group(1), source, "[[link]] in the text")
    return index


def dependents_of(project, items) -> dict[str, set[str]]:
    """Items that refer to any of ``items`` (excluding those items themselves).

    Returns dependent ID -> {"ITEM via FIELD", …}.
    """
    items = set(items)
    index = reverse_index(project)
    touched = project.memo.get("workflow.touched", frozenset())
    if not items <= touched:  # not an item a proposal in the tree touches (a proposal being written)
        index = reverse_index(project, frozenset(items))
    found: dict[str, set[str]] = {}
    for target in sorted(items):
        for source, fields in index.get(target, {}).items():
            if source in items:
                continue
            found.setdefault(source, set()).update(f"{target} via {f}" for f in sorted(fields))
    return found


def touched_items(proposal) -> set[str]:
    """The items a proposal changes or withdraws (an added item has no dependents yet)."""
    return {c.item for c in proposal.changes if c.action != "add"}


def unaccounted(project, proposal) -> dict[str, set[str]]:
    """Dependents of the proposal's changes that its ``dependents:`` and ``changes`` leave out."""
    accounted = {d.item for d in proposal.dependents} | {c.item for c in proposal.changes}
    return {k: v for k, v in dependents_of(project, touched_items(proposal)).items() if k not in accounted}
