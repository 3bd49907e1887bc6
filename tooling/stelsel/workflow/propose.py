"""The operation behind ``stelsel propose``: a new change proposal, checked, then written.

Proposal IDs are ``CP-<yyyymmdd>-<slug>``: the day the proposal was created and a slug of its
title. Two pull requests that create proposals at the same time get different IDs unless
they share both day and title; even then nothing passes silently: both add the same file
``changes/<ID>.md`` (a merge conflict), and a copy under another name is a duplicate ID
(I002). Locally an existing ID gets a suffix ``-2``, ``-3`` …; ``--id`` chooses one outright.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from ..diagnostics import ExitCode
from ..edit import EditError, atomic_write, new_markdown
from ..load.idpatterns import DEFAULT_ID_PATTERN, id_problem, matches
from .. import i18n
from ..load.tree import CHANGES_DIR
from ..model.status import ReleaseStatus
from ..paths import UnsafeName, check_name, inside
from .ops import Done, WorkflowError, _unknown, find_person, open_context, resolve_actor

ACTIONS = ("add", "change", "withdraw")
ID_PREFIX = "CP"


def _latest_release_ids(root: Path) -> dict[str, str]:
    """IDs in the newest frozen release, mapped to its version (empty before the first release)."""
    from ..load.project import load_project
    from ..release.store import frozen_versions, release_root

    versions = frozen_versions(root)
    if not versions:
        return {}
    frozen = load_project(release_root(root, versions[-1]))
    return {ident: versions[-1] for ident in frozen.definitions}


def slugify(text: str, max_words: int = 6, max_len: int = 40, fallback: str = "proposal") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words[:max_words])[:max_len].strip("-")
    return slug or fallback


def make_id(title: str, day: dt.date, taken: set[str], fallback: str = "proposal") -> str:
    base = f"{ID_PREFIX}-{day:%Y%m%d}-{slugify(title, fallback=fallback)}"
    ident, counter = base, 2
    while ident in taken:
        ident = f"{base}-{counter}"
        counter += 1
    return ident


def parse_item(text: str) -> tuple[str, str]:
    """``ACTION:ID`` or a bare ``ID`` (a change)."""
    action, sep, ident = text.partition(":")
    if not sep:
        return "change", text.strip()
    action = action.strip().lower()
    if action not in ACTIONS:
        raise WorkflowError(f"unknown action '{action}' in --item {text}", hints=[f"use one of: {', '.join(ACTIONS)}"],
                            exit_code=ExitCode.USAGE)
    return action, ident.strip()


def propose(root: Path, title: str, type_: str | None = None, working_group: str | None = None,
            release: str | None = None, items: Iterable[str] = (), authors: Iterable[str] = (),
            ident: str | None = None, motivation: str | None = None, day: dt.date | None = None) -> Done:
    ctx = open_context(root)
    flow, project = ctx.flow, ctx.project
    t = i18n.for_config(project.config)  # what the proposal file says, in the framework's language
    day = day or dt.date.today()
    if not title or not title.strip():
        raise WorkflowError("a proposal needs a title (--title)", exit_code=ExitCode.USAGE)
    people = [find_person(ctx, a) for a in authors] or [resolve_actor(ctx, None)]
    type_ = type_ or flow.workflow.proposal_types[0].id
    if type_ not in flow.types:
        raise _unknown("proposal type", type_, flow.types)
    if working_group is None:
        groups = [b.id for b in flow.bodies.values() if b.type == "working_group" and flow.is_member(b.id, people[0], day)]
        if len(groups) != 1:
            all_groups = [b.id for b in flow.bodies.values() if b.type == "working_group"]
            raise WorkflowError("which working group carries this proposal? give --working-group",
                                hints=[f"working groups: {', '.join(all_groups)}"], exit_code=ExitCode.USAGE)
        working_group = groups[0]
    elif working_group not in flow.bodies:
        raise _unknown("working group", working_group, [b.id for b in flow.bodies.values()])
    releases = project.by_kind.get("release", {})
    from ..release.store import frozen_versions

    frozen = set(frozen_versions(ctx.root))
    if release is None:
        # the open working release: working_release, unless it is frozen already (then the one
        # release in preparation, if there is exactly one)
        release = project.config.working_release if project.config is not None else None
        stale = release if release in frozen else None
        if release in frozen:
            release = None
        if release is None:
            open_releases = [r for r, it in releases.items() if it.model.status == ReleaseStatus.PREPARING and r not in frozen]
            release = open_releases[0] if len(open_releases) == 1 else None
        if release is None:
            hints = [f"releases: {', '.join(sorted(releases)) or '(none registered)'}"]
            if stale:
                hints.insert(0, f"the working release {stale} is frozen already: open the next one with "
                                "'stelsel release open VERSION --as PERSON'")
            raise WorkflowError("which release does it target? give --release", exit_code=ExitCode.USAGE, hints=hints)
    elif release in frozen:
        raise WorkflowError(f"release {release} is frozen already; target the working release", exit_code=ExitCode.USAGE)
    if release not in releases:
        raise _unknown("release", release, releases)
    changes = []
    released = _latest_release_ids(root)
    for text in items:
        action, item_id = parse_item(text)
        existing = project.get(item_id)
        # 'add' means new since the last frozen release: an item written before the first
        # release (or in this very change) may be added; one already released may not.
        if action == "add" and item_id in released:
            raise WorkflowError(f"{item_id} is already in release {released[item_id]}; use change:{item_id}",
                                exit_code=ExitCode.USAGE)
        governed = {m.id for m in (project.governance, project.config) if m is not None}
        if item_id in governed and action == "change":  # the governance or the framework config
            changes.append({"item": item_id, "action": action})
            continue
        if action != "add" and (existing is None or existing.kind == "proposal"):
            raise _unknown("item", item_id, [i for i, d in project.definitions.items() if d[0].kind != "proposal"])
        changes.append({"item": item_id, "action": action})
    if not changes:
        raise WorkflowError("a proposal changes at least one item: give --item ACTION:ID (add, change or withdraw)",
                            exit_code=ExitCode.USAGE)
    taken = set(project.definitions) | {p.stem for p in (ctx.root / CHANGES_DIR).glob("*.md")}
    if ident is None:
        ident = make_id(title, day, taken, fallback=t("propose.slug"))
    else:
        # a file system that ignores case would make cp-1.md and CP-1.md one file
        same = next((name for name in sorted(taken) if name.casefold() == ident.casefold()), None)
        if same is not None:
            raise WorkflowError(f"ID '{ident}' is taken" + (f" (as '{same}')" if same != ident else ""),
                                exit_code=ExitCode.USAGE)
    try:  # the ID is the file name changes/<ID>.md: it must stay in changes/
        check_name(ident, "proposal ID")
        if id_problem(ident) is not None:
            raise UnsafeName(f"the proposal ID {id_problem(ident)}")
    except UnsafeName as exc:
        raise WorkflowError(str(exc), hints=["choose a plain ID with --id, e.g. CP-20261201-mijn-voorstel"],
                            exit_code=ExitCode.USAGE) from None
    pattern = (project.config.id_patterns.get("proposal") if project.config is not None else None) \
        or DEFAULT_ID_PATTERN
    if not matches(pattern, ident):
        raise WorkflowError(f"ID '{ident}' does not match the proposal ID pattern {pattern}",
                            hints=["choose one with --id"], exit_code=ExitCode.USAGE)
    motto = project.config.motto if project.config is not None else t("propose.no_motto")
    front = {
        "id": ident,
        "title": title.strip(),
        "type": type_,
        "authors": people,
        "working_group": working_group,
        "target_release": release,
        "status": flow.workflow.initial,
        "changes": changes,
        "motivation": motivation or t("propose.motivation", motto=motto.strip()),
        "impact": [],
        "history": [],
        "reviews": [],
        "dependents": [],
    }
    heading = " ".join(title.split())  # the Markdown heading is one line, whatever the title holds
    try:
        text = new_markdown(front, f"# {heading}\n\n{t('propose.body')}\n")
    except EditError as exc:
        raise WorkflowError(f"cannot write the proposal: {exc}", exit_code=ExitCode.USAGE) from None
    (ctx.root / CHANGES_DIR).mkdir(parents=True, exist_ok=True)
    try:
        path = inside(ctx.root / CHANGES_DIR, f"{ident}.md", "proposal ID")
    except UnsafeName as exc:  # changes/ itself a link elsewhere, or a name that resolves outside it
        raise WorkflowError(str(exc), exit_code=ExitCode.USAGE) from None
    if path.exists():
        raise WorkflowError(f"{path} exists", exit_code=ExitCode.USAGE)
    atomic_write(path, text)
    notes = []
    from .impact import dependents_of

    touched = {c["item"] for c in changes if c["action"] != "add"}
    deps = dependents_of(project, touched)
    if deps:
        notes.append("account for each item that depends on what you change (dependents: reviewed_unchanged or changed):")
        notes += [f"  {dep} (via {', '.join(sorted(via))})" for dep, via in sorted(deps.items())]
    return Done(ident, f"{CHANGES_DIR}/{ident}.md", f"{ident}: new proposal '{title.strip()}' ({flow.workflow.initial})",
                notes, created=True)
