"""``stelsel init``: a new framework that checks clean and builds, in Dutch or English.

What the new framework says in its own words (titles, descriptions, the norm words of its
levels, the names of its workflow states) is data in :data:`STARTER`, one entry per
language, so that a language is an entry there and the words can move to a message
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

from .. import vcs
from ..atomic import atomic_write
from ..load.tree import CHANGES_DIR, CONTENT_DIR, PROJECT_FILE
from ..yamlwrite import new_markdown, render
from .propose import slugify

LANGUAGES = ("nl", "en")
FIRST_RELEASE = "0.1"

# Per language: the folder names, the example content and the workflow's words.
STARTER: dict[str, dict] = {
    "en": {
        "content_dir": "framework",
        "folders": {"agreement": "agreements", "role": "roles", "page": "pages", "release": "releases"},
        "purpose": "{title} sets out the agreements its participants keep, so that they can trust each other.",
        "motto": "Every agreement must help participants trust each other; it is held against that question.",
        "licence": {"id": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                    "url": "https://creativecommons.org/licenses/by/4.0/"},
        "layers": [("organisational", "Organisational", "Who does what: roles, responsibilities, processes."),
                   ("technical", "Technical", "Interfaces, messages, security and infrastructure.")],
        # RFC 2119: (id, title, mandatory, rfc2119, description)
        "levels": [("MUST", "Must", True, "MUST", "An absolute requirement."),
                   ("MUST NOT", "Must not", True, "MUST NOT", "An absolute prohibition."),
                   ("SHOULD", "Should", False, "SHOULD",
                    "Recommended; there may be valid reasons to deviate, understood and recorded."),
                   ("MAY", "May", False, "MAY", "Truly optional.")],
        "functions": [("chair", "Chair")],
        "role": ("participant", "Participant", "An organisation that takes part in the framework.",
                 ["Keeps the agreements that apply to it."]),
        "agreement": ("EX-001", "Point of contact",
                      "A participant MUST name a point of contact for questions about the framework."),
        "page": ("introduction", "Introduction",
                 "# Introduction\n\nThis framework holds agreements such as [[EX-001]] for every [[participant]].\n"),
        "bodies": {"board": "Board", "editors": "Editors"},
        "governance_title": "Governance of {title}",
        "states": [("draft", "Draft", {}), ("submitted", "Submitted", {}), ("in_review", "In review", {}),
                   ("accepted", "Accepted", {"open": False, "approved": True}),
                   ("rejected", "Rejected", {"open": False, "final": True}),
                   ("withdrawn", "Withdrawn", {"open": False, "final": True}),
                   ("released", "Released", {"open": False, "final": True, "released": True})],
        "types": [("normative", "Normative change"), ("editorial", "Editorial change"),
                  ("founding", "Founding of the framework"), ("import", "Import of a catalogue")],
        "verdicts": [("approve", "Approve"), ("approve_with_comments", "Approve with comments"),
                     ("reject", "Reject")],
        "release_title": "Release {version}",
        "person": ("Framework Owner", "owner@example.org", "Example organisation"),
    },
    "nl": {
        "content_dir": CONTENT_DIR,
        "folders": {"agreement": "afspraken", "role": "rollen", "page": "paginas", "release": "releases"},
        "purpose": "{title} legt de afspraken vast die de deelnemers met elkaar maken, zodat zij elkaar kunnen "
                   "vertrouwen.",
        "motto": "Elke afspraak moet bijdragen aan het vertrouwen tussen de deelnemers; zij wordt aan die vraag "
                 "getoetst.",
        "licence": {"id": "CC-BY-4.0", "title": "Creative Commons Naamsvermelding 4.0 Internationaal",
                    "url": "https://creativecommons.org/licenses/by/4.0/deed.nl"},
        "layers": [("organisatie", "Organisatie", "Wie doet wat: rollen, verantwoordelijkheden en processen."),
                   ("techniek", "Techniek", "Koppelvlakken, berichten, beveiliging en infrastructuur.")],
        "levels": [("MOET", "Moet", True, "MUST", "Een verplichting."),
                   ("MOET NIET", "Moet niet", True, "MUST NOT", "Een verbod."),
                   ("ZOU MOETEN", "Zou moeten", False, "SHOULD",
                    "Sterk aanbevolen; afwijken kan alleen met een goede, vastgelegde reden."),
                   ("MAG", "Mag", False, "MAY", "Toegestaan, niet verplicht.")],
        "functions": [("voorzitter", "Voorzitter")],
        "role": ("deelnemer", "Deelnemer", "Een organisatie die aan het stelsel deelneemt.",
                 ["Houdt zich aan de afspraken die voor haar gelden."]),
        "agreement": ("EX-001", "Aanspreekpunt",
                      "Een deelnemer MOET een aanspreekpunt aanwijzen voor vragen over het stelsel."),
        "page": ("inleiding", "Inleiding",
                 "# Inleiding\n\nDit stelsel bevat afspraken zoals [[EX-001]] voor elke [[deelnemer]].\n"),
        "bodies": {"board": "Stuurgroep", "editors": "Redactie"},
        "governance_title": "Governance van {title}",
        "states": [("concept", "Concept", {}), ("ingediend", "Ingediend", {}),
                   ("in_behandeling", "In behandeling", {}),
                   ("aangenomen", "Aangenomen", {"open": False, "approved": True}),
                   ("afgewezen", "Afgewezen", {"open": False, "final": True}),
                   ("ingetrokken", "Ingetrokken", {"open": False, "final": True}),
                   ("opgenomen", "Opgenomen in release", {"open": False, "final": True, "released": True})],
        "types": [("normatief", "Normatieve wijziging"), ("redactioneel", "Redactionele wijziging"),
                  ("founding", "Oprichting van het stelsel"), ("import", "Import van een catalogus")],
        "verdicts": [("akkoord", "Akkoord"), ("akkoord_met_opmerkingen", "Akkoord met opmerkingen"),
                     ("niet_akkoord", "Niet akkoord")],
        "release_title": "Release {version}",
        "person": ("Eigenaar van het stelsel", "eigenaar@example.org", "Voorbeeldorganisatie"),
    },
}

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
    if language not in STARTER:
        raise InitError(f"unknown language '{language}': use one of {', '.join(LANGUAGES)}")
    words = STARTER[language]
    content, folders = words["content_dir"], words["folders"]
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
    config = {
        "kind": "framework", "id": ident, "title": title, "status": "gereed",
        "purpose": words["purpose"].format(title=title), "motto": words["motto"],
        "licence": dict(words["licence"]), "working_release": FIRST_RELEASE,
        "layers": [{"id": i, "title": t, "order": n, "description": d}
                   for n, (i, t, d) in enumerate(words["layers"], start=1)],
        "levels": [{"id": i, "title": t, "description": d, "mandatory": m, "allows_not_applicable": not m,
                    "rfc2119": r} for i, t, m, r, d in words["levels"]],
        "functions": [{"id": i, "title": t} for i, t in words["functions"]],
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
                "status": "in_voorbereiding"}
    role_id, role_title, role_text, duties = words["role"]
    role = {"kind": "role", "id": role_id, "title": role_title, "status": "gereed", "description": role_text,
            "responsibilities": duties}
    ag_id, ag_title, ag_text = words["agreement"]
    level = words["levels"][0][0]
    agreement = {"kind": "agreement", "id": ag_id, "title": ag_title, "status": "gereed", "statement": ag_text,
                 "level": level, "layers": [words["layers"][0][0]], "applies_to": [role_id], "since": FIRST_RELEASE}
    page_id, page_title, page_body = words["page"]
    page = new_markdown({"id": page_id, "title": page_title, "status": "gereed", "release": FIRST_RELEASE}, page_body)
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
    if content != CONTENT_DIR:
        out[PROJECT_FILE] = f'# The folder that holds the framework\'s content.\ncontent = "{content}"\n'
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
