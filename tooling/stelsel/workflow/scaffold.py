"""``stelsel init``: a new framework that checks clean and builds, in Dutch or English.

What the new framework says in its own words (titles, descriptions, the norm words of its
levels, the names of its workflow states) is data in :mod:`.starters`, one module per
language, so that a language is a module there and the words can move to a message
catalogue unchanged. The engine's own values (item and release statuses) are written as
the engine reads them.

The first release needs no hand-written founding proposal: ``stelsel release cut VERSION
--founding`` records the founding (:mod:`stelsel.workflow.records`) and cuts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n, vcs
from ..atomic import atomic_write
from ..load.tree import CHANGES_DIR, PROJECT_FILE, default_content_dir
from ..model.status import ItemStatus, ReleaseStatus, default_words
from ..yamlwrite import new_markdown, render
from .propose import slugify
from .starters import LANGUAGES, starter

FIRST_RELEASE = "0.1"

# The proposal types whose records stelsel writes itself (workflow.records); the default
# workflow lets the deciding body take them to the approved state directly.
RECORD_TYPES = ("founding", "import")


class InitError(Exception):
    """The framework cannot be written where asked; the message says why."""


@dataclass
class PersonSpec:
    name: str
    email: str
    organisation: str

    @property
    def ident(self) -> str:
        local = re.sub(r"[^a-z0-9._-]+", "-", self.email.split("@")[0].lower()).strip("-._")
        return local or "person"


@dataclass
class Initialised:
    root: Path
    content_dir: str
    files: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    commit: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_person(text: str) -> PersonSpec:
    """``Name <email>`` or ``Name <email> (Organisation)``."""
    match = re.fullmatch(r"\s*(?P<name>[^<>]+?)\s*<(?P<email>[^<>\s@]+@[^<>\s@]+)>\s*(?:\((?P<org>[^()]+)\))?\s*", text)
    if match is None:
        raise InitError(f"--person '{text}' is not 'Name <email>' or 'Name <email> (Organisation)'")
    return PersonSpec(match["name"], match["email"], (match["org"] or "").strip())


def _workflow(words: dict) -> dict:
    states = [s[0] for s in words["states"]]
    draft, submitted, review, accepted, rejected, withdrawn, released = states
    outcome_yes, outcome_no = accepted, rejected
    transitions = [
        {"from": [draft], "to": submitted, "by": ["author"]},
        {"from": [submitted], "to": review, "by": ["working_group", "body:board"]},
        {"from": [review], "to": accepted, "by": ["body:board"],
         "guards": [{"type": "min_reviews", "count": 1}, {"type": "decision_recorded", "outcome": outcome_yes}]},
        {"from": [review], "to": rejected, "by": ["body:board"],
         "guards": [{"type": "decision_recorded", "outcome": outcome_no}]},
        {"from": [draft], "to": accepted, "by": ["body:board"],
         "description": "Records stelsel writes itself (a founding, an import) are decided directly.",
         "guards": [{"type": "proposal_type", "types": list(RECORD_TYPES)},
                    {"type": "decision_recorded", "outcome": outcome_yes}]},
        {"from": ["*"], "to": withdrawn, "by": ["author"]},
        {"from": [accepted], "to": released, "by": ["body:board"]},
    ]
    acts = {"by": ["body:board"]}
    return {
        "initial": draft,
        "states": [{"id": i, "title": t, **flags} for i, t, flags in words["states"]],
        "transitions": transitions,
        "proposal_types": [{"id": i, "title": t} for i, t in words["types"]],
        "verdicts": [{"id": i, "title": t} for i, t in words["verdicts"]],
        "outcomes": [outcome_yes, outcome_no],
        "decided_by": ["board"],
        "release_decided_by": ["board"],
        "release_authority": {
            "open": dict(acts),
            "cut": {**acts, "guards": [{"type": "release_decision"}, {"type": "proposals_approved"},
                                       {"type": "items_releasable"}]},
            "publish": {**acts, "guards": [{"type": "release_decision"}]},
        },
    }


def files_for(language: str, title: str, people: list[PersonSpec], today: dt.date) -> tuple[str, dict[str, str]]:
    """(content folder, {relative path: text}) of a new framework."""
    if language not in LANGUAGES:
        raise InitError(f"unknown language '{language}': use one of {', '.join(LANGUAGES)}")
    words = starter(language)
    t = i18n.messages(language)  # the language's content folder and kind folders, as the loader expects them
    content, folders = t("content_folder"), dict(t.mapping("kind_folder"))
    ident = slugify(title, max_words=8, max_len=60)
    people = people or [PersonSpec(*words["person"])]
    seen: set[str] = set()
    for person in people:
        if person.ident in seen:
            raise InitError(f"two people would get the ID '{person.ident}': give them e-mail addresses that differ "
                            "before the '@'")
        seen.add(person.ident)
    org_default = words["person"][2]
    function = words["functions"][0][0]
    ready = default_words(language).word(ItemStatus.READY)  # the status words of the framework's language
    config = {
        "kind": "framework", "id": ident, "title": title, "status": ready,
        "purpose": words["purpose"].format(title=title), "motto": words["motto"],
        "licence": dict(words["licence"]), "working_release": FIRST_RELEASE,
        "layers": [{"id": i, "title": t, "order": n, "description": d}
                   for n, (i, t, d) in enumerate(words["layers"], start=1)],
        "levels": [{"id": i, "title": t, "description": d, "mandatory": m, "allows_not_applicable": not m,
                    "rfc2119": r} for i, t, m, r, d in words["levels"]],
        "functions": [{"id": i, "title": t} for i, t in words["functions"]],
        "terms": words["terms"], "language": language,
    }
    members = [{"person": p.ident} for p in people]
    governance = {
        "kind": "governance", "id": "governance", "title": words["governance_title"].format(title=title),
        "bodies": [
            {"id": "board", "title": words["bodies"]["board"], "type": "decision_body",
             "members": [{**members[0], "function": function}] + members[1:]},
            {"id": "editors", "title": words["bodies"]["editors"], "type": "working_group", "members": members},
        ],
        "people": [{"id": p.ident, "name": p.name, "organisation": p.organisation or org_default, "email": p.email}
                   for p in people],
        "workflow": _workflow(words),
    }
    register = {"kind": "release", "id": FIRST_RELEASE, "title": words["release_title"].format(version=FIRST_RELEASE),
                "status": default_words(language).release_word(ReleaseStatus.PREPARING)}
    role_id, role_title, role_text, duties = words["role"]
    role = {"kind": "role", "id": role_id, "title": role_title, "status": ready, "description": role_text,
            "responsibilities": duties}
    ag_id, ag_title, ag_text = words["agreement"]
    level = words["levels"][0][0]
    agreement = {"kind": "agreement", "id": ag_id, "title": ag_title, "status": ready, "statement": ag_text,
                 "level": level, "layers": [words["layers"][0][0]], "applies_to": [role_id], "since": FIRST_RELEASE}
    page_id, page_title, page_body = words["page"]
    page = new_markdown({"id": page_id, "title": page_title, "status": ready, "release": FIRST_RELEASE}, page_body)
    out = {
        f"{content}/stelsel.yaml": render(config),
        f"{content}/governance.yaml": render(governance),
        f"{content}/{folders['release']}/{FIRST_RELEASE}.yaml": render(register),
        f"{content}/{folders['role']}/{role_id}.yaml": render(role),
        f"{content}/{folders['agreement']}/{ag_id}.yaml": render(agreement),
        f"{content}/{folders['page']}/{page_id}.md": page,
        f"{CHANGES_DIR}/.gitkeep": "",
        ".gitignore": "/site/\n.stelsel-cache/\n",
    }
    if content != default_content_dir():  # where the content is, and where stelsel writes new items of each kind
        listed = "".join(f'{kind} = "{name}"\n' for kind, name in folders.items())
        out[PROJECT_FILE] = (f'# The folder that holds the framework\'s content.\ncontent = "{content}"\n\n'
                             f"# Where stelsel import writes items of a kind it has none of yet.\n[folders]\n{listed}")
    return content, out


def _empty_or_absent(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        listed = ", ".join(sorted(p.name for p in target.iterdir())[:5])
        raise InitError(f"{target} is not empty ({listed}); init writes a new framework into an empty or new "
                        "folder only, so nothing there is overwritten")


def init_framework(target: Path, language: str, title: str, people: list[PersonSpec] | None = None,
                   forges: tuple[str, ...] = ("github",), use_git: bool = True,
                   today: dt.date | None = None) -> Initialised:
    """Write a new framework into ``target`` (empty or absent): all files or none."""
    target = Path(target)
    if not title or not title.strip():
        raise InitError("the framework needs a title (--title)")
    _empty_or_absent(target)
    content, files = files_for(language, title.strip(), list(people or []), today or dt.date.today())
    created = not target.exists()
    staging = target.parent / f".{target.name}.init-partial"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for rel, text in files.items():
            atomic_write(staging / rel, text)
        if forges:
            from ..ci import CiError, write_ci

            for forge in forges:
                try:
                    path, _changed = write_ci(staging, forge)
                except CiError as exc:
                    raise InitError(f"the CI file for {forge} cannot be written: {exc}") from None
                files[path.relative_to(staging).as_posix()] = path.read_text(encoding="utf-8")
        if created:
            os.replace(staging, target)
        else:  # an existing empty folder (perhaps a mount point): move the files in
            for entry in staging.iterdir():
                os.replace(entry, target / entry.name)
            staging.rmdir()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = Initialised(target, content, sorted(files))
    from ..load.yamlread import parse_yaml

    governance = parse_yaml(files[f"{content}/governance.yaml"]).data
    result.people = [p["id"] for p in governance["people"]]
    if use_git:
        first = governance["people"][0]
        result.commit, note = _git(target, (first["name"], first["email"]))
        if note:
            result.notes.append(note)
    return result


def _git(target: Path, author: tuple[str, str]) -> tuple[str | None, str | None]:
    """``git init`` and a first commit authored by the first person; (commit, a note when it could not)."""
    try:
        repo = vcs.init_repo(target)
    except vcs.GitProblem as exc:
        return None, f"no git repository made: {exc}"
    try:
        return vcs.commit_paths(repo, ["."], "Start the framework (stelsel init)", author=author), None
    except vcs.GitProblem as exc:
        return None, f"git repository made, but not committed ({exc}); commit the files yourself"
    finally:
        vcs.close(repo)
