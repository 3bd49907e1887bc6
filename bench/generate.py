#!/usr/bin/env python3
"""Generate a synthetic agreement framework of realistic shape, at any size, in three formats.

    python bench/generate.py OUT --n 5000 [--releases 3] [--proposals M] [--seed 1]
                             [--formats stelsel,doorstop,strictdoc]

writes

- ``OUT/stelsel/``: a stelsel project root that checks clean: the framework config
  (10 layers, 4 levels, sources, ID patterns, an ``extra`` schema), governance (working
  groups, a steering group, 24 people, a five-state workflow with guards), ``N`` content
  items (agreements, principles, roles, glossary terms and one chapter page per layer),
  ``M`` proposals in ``changes/`` in every state of the workflow, ``R`` frozen releases in
  ``releases/<v>/`` (each a copy of the tree as it was, plus ``manifest.json`` made with
  ``stelsel.release.store``; later releases add, edit and withdraw items, each change
  carried by a proposal) and the computed ``CHANGELOG.md``; the tree is a git repository
  whose history has each proposal committed by its author, each review by its reviewer and
  each decision by the chair, so provenance checks clean (``--no-git`` to skip);
- ``OUT/doorstop/``: the same ``N`` items as a Doorstop tree (a git repository with one
  document per kind or layer, the same texts and links, review and link stamps set, so
  ``doorstop`` validates without warnings);
- ``OUT/strictdoc/``: the same ``N`` items as StrictDoc ``.sdoc`` documents (requirements
  with the same texts, ``Parent`` relations and ``[LINK: …]`` inline links);
- ``OUT/generated.json``: counts (items, links, files per format) and the parameters.

``N`` counts the content items: agreements (about 87 %, ~80 words each, with 2–3 links to
earlier items: ``derived_from``, ``related`` and ``[[ID]]`` in the text), principles
(2 %), roles (1 %), terms (8 %) and the 10 chapter pages. The output is a pure function
of the parameters. Only the standard library and stelsel itself are needed.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

# --- vocabulary ----------------------------------------------------------------------------

WORDS = """aanbieder aansluiting afspraak beheer bericht beschikbaarheid bewaartermijn
bronsysteem dienst document gegevens gebruiker informatie inzage knooppunt koppeling
logging melding netwerk ontvanger patient persoon protocol register regeling verzending
toestemming uitwisseling verwijzing voorziening zorgverlener zorginstelling incident
verantwoording wijziging storing toegang autorisatie authenticatie certificaat sleutel
versleuteling beveiliging continuiteit kwaliteit norm standaard controle audit rapportage
termijn tijdstip verzoek antwoord bevestiging foutmelding adres identificatie catalogus
adresboek berichtenverkeer verwerking bewaking monitoring capaciteit prestatie versie
migratie overdracht documentatie testomgeving productie acceptatie keten partij
deelnemer leverancier beheerder functionaris werkgroep overleg besluit procedure proces
afhandeling escalatie prioriteit classificatie herstel terugvaloptie verbinding kanaal
medicatie verslag beeld labuitslag huisarts apotheek ziekenhuis specialist verpleging
behandeling consult verwijsbrief ontslagbericht samenvatting dossier""".split()
LINKING = """de het een van voor met door bij naar over onder binnen tussen zonder volgens
tijdens na en of dat die deze elke iedere alle zijn haar hun waarbij waarna zodat""".split()
VERBS = """registreert controleert bewaart levert ontvangt verstuurt meldt borgt
documenteert beoordeelt archiveert herstelt bevestigt publiceert ondersteunt""".split()
TOPICS = ["Aansluiten", "Berichtenverkeer", "Beveiliging", "Logging", "Beschikbaarheid", "Incidenten",
          "Adressering", "Toestemming", "Kwaliteit", "Wijzigingsbeheer"]

LAYERS = [
    ("juridisch", "Juridisch", "interoperability"),
    ("organisatorisch", "Organisatorisch", "interoperability"),
    ("zorgproces", "Zorgproces", "interoperability"),
    ("informatie", "Informatie", "interoperability"),
    ("applicatie", "Applicatie", "interoperability"),
    ("infrastructuur", "Infrastructuur", "interoperability"),
    ("beveiliging", "Beveiliging", "condition"),
    ("privacy", "Privacy", "condition"),
    ("beheer", "Beheer", "condition"),
    ("financieel", "Financieel", "condition"),
]
LAYER_WEIGHTS = [14, 12, 12, 11, 10, 10, 9, 8, 8, 6]
LEVELS = [("MOET", True, 50), ("MOET-NIET", True, 15), ("ZOU-MOETEN", False, 20), ("MAG", False, 15)]
SOURCES = [f"S{i}" for i in range(1, 6)]
N_PEOPLE = 24
BASE_DATE = dt.date(2023, 1, 9)
# Doorstop prefixes: one document per kind, one per layer.
DOC_PRINCIPLES, DOC_ROLES, DOC_TERMS = "MP", "ROL", "BG"


def version_of(stage: int) -> str:
    return f"0.{stage}"


def release_date(stage: int) -> dt.date:
    return BASE_DATE + dt.timedelta(days=120 * stage)


# --- the abstract framework ------------------------------------------------------------------


@dataclass
class Node:
    """One content item, independent of the format it is written in."""

    id: str
    kind: str  # agreement | principle | role | term | page
    title: str
    sentences: list[str]  # prose; for agreements sentence 0 holds the [[link]]
    birth: int = 1
    layer: int = 0  # index into LAYERS (agreements, pages)
    number: int = 0
    derived: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    textlink: str | None = None  # the [[ID]] in the text
    page_links: list[str] = field(default_factory=list)
    applies_to: list[str] = field(default_factory=list)
    level: str = "MOET"
    topic: str = ""
    source: str = "S1"
    priority: int = 1
    edits: list[int] = field(default_factory=list)  # stages at which the text changes
    withdrawn_at: int | None = None
    replaced_by: str | None = None
    replaces: str | None = None
    responsibilities: list[str] = field(default_factory=list)

    def links(self) -> list[str]:
        """Every link to another item (what Doorstop and StrictDoc carry as links)."""
        out = list(self.derived) + list(self.related)
        if self.textlink:
            out.append(self.textlink)
        return out

    def alive(self, stage: int) -> bool:
        return self.birth <= stage

    def withdrawn(self, stage: int) -> bool:
        return self.withdrawn_at is not None and self.withdrawn_at <= stage

    def text(self, stage: int) -> str:
        sentences = list(self.sentences)
        for edit in self.edits:
            if edit <= stage and len(sentences) > 1:
                rng = random.Random(f"{self.id}/{edit}")
                index = 1 + rng.randrange(len(sentences) - 1)
                sentences[index] = _sentence(rng, 10, 15)
        return " ".join(sentences)


def _words(rng: random.Random, count: int) -> list[str]:
    out = []
    for i in range(count):
        out.append(rng.choice(LINKING) if i % 3 == 1 else rng.choice(WORDS))
    return out


def _sentence(rng: random.Random, low: int, high: int, subject: str | None = None, link: str | None = None) -> str:
    words = _words(rng, rng.randint(low, high))
    if subject:
        words = ["De", subject, rng.choice(("MOET", "ZOU MOETEN", "MAG"))] + words
    else:
        words[0] = words[0].capitalize()
        words.insert(2, rng.choice(VERBS))
    if link:
        words.insert(len(words) // 2, f"[[{link}]]")
    return " ".join(words) + "."


def _prose(rng: random.Random, target_words: int, subject: str | None = None, link: str | None = None) -> list[str]:
    sentences = [_sentence(rng, 9, 14, subject=subject, link=link)]
    count = len(sentences[0].split())
    while count < target_words - 6:
        sentence = _sentence(rng, 9, 15)
        sentences.append(sentence)
        count += len(sentence.split())
    return sentences


def _title(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


@dataclass
class Plan:
    n: int
    releases: int
    seed: int
    principles: list[Node]
    roles: list[Node]
    terms: list[Node]
    agreements: list[Node]
    pages: list[Node]
    proposals: list[dict]

    @property
    def working(self) -> int:
        return self.releases + 1

    def nodes(self) -> list[Node]:
        return self.principles + self.roles + self.terms + self.pages + self.agreements

    def by_id(self) -> dict[str, Node]:
        return {node.id: node for node in self.nodes()}

    def reverse(self) -> dict[str, set[str]]:
        """target ID -> IDs of the items that refer to it in the working tree."""
        if getattr(self, "_reverse", None) is None:
            index: dict[str, set[str]] = {}
            stage = self.working
            for node in self.nodes():
                if not node.alive(stage):
                    continue
                targets = node.links() + node.page_links + ([node.replaces] if node.replaces else [])
                if node.withdrawn(stage) and node.replaced_by:
                    targets.append(node.replaced_by)
                for target in targets:
                    index.setdefault(target, set()).add(node.id)
            self._reverse = index
        return self._reverse


def plan_framework(n: int, releases: int = 3, proposals: int | None = None, seed: int = 1) -> Plan:
    """Decide every item, link, edit and proposal; nothing is written yet."""
    if n < 40:
        raise ValueError("N must be at least 40")
    rng = random.Random(seed)
    n_pr = max(3, round(n * 0.02))
    n_ro = max(3, round(n * 0.01))
    n_te = max(3, round(n * 0.08))
    n_pa = len(LAYERS)
    n_ag = n - n_pr - n_ro - n_te - n_pa
    working = releases + 1

    principles = [Node(f"MP-{i + 1:04d}", "principle", _title(rng, 3), _prose(rng, 40), number=i + 1,
                       source=rng.choice(SOURCES)) for i in range(n_pr)]
    roles = []
    for i in range(n_ro):
        node = Node(f"rol-{i + 1:04d}", "role", _title(rng, 2), _prose(rng, 30), source=rng.choice(SOURCES))
        node.responsibilities = [_sentence(rng, 8, 12) for _ in range(2)]
        roles.append(node)
    terms = []
    for i in range(n_te):
        link = terms[rng.randrange(i)].id if i > 0 and rng.random() < 0.3 else None
        node = Node(f"BG-{i + 1:05d}", "term", _title(rng, 1), _prose(rng, 25, link=link), textlink=link,
                    source=rng.choice(SOURCES))
        terms.append(node)

    # Birth stages: most agreements exist from the first release, later ones add some each.
    later = 0.06 * max(0, releases - 1)
    shares = [0.0] * (working + 1)
    if releases == 0:
        shares[1] = 1.0
    else:
        shares[working] = 0.02
        for stage in range(2, releases + 1):
            shares[stage] = 0.06
        shares[1] = 1.0 - later - 0.02
    bounds, acc = [], 0.0
    for stage in range(1, working + 1):
        acc += shares[stage]
        bounds.append((round(acc * n_ag), stage))

    agreements: list[Node] = []
    by_layer: list[list[int]] = [[] for _ in LAYERS]
    stage_index = 0
    for i in range(n_ag):
        while i >= bounds[stage_index][0] and stage_index < len(bounds) - 1:
            stage_index += 1
        birth = bounds[stage_index][1]
        layer = rng.choices(range(len(LAYERS)), LAYER_WEIGHTS)[0]
        role_ids = [roles[rng.randrange(n_ro)].id]
        if rng.random() < 0.3:
            other = roles[rng.randrange(n_ro)].id
            if other not in role_ids:
                role_ids.append(other)
        used: set[str] = set()

        def earlier() -> str | None:
            # Locality: mostly recent agreements of the same layer, sometimes anything before.
            same = by_layer[layer]
            for _ in range(6):
                if same and rng.random() < 0.6:
                    pick = same[max(0, len(same) - 1 - int(rng.expovariate(1 / 20)))]
                elif i > 0:
                    pick = max(0, i - 1 - int(rng.expovariate(1 / 200)))
                else:
                    return None
                ident = agreements[pick].id
                if ident not in used:
                    return ident
            return None

        principle = principles[i % n_pr].id
        used.add(principle)
        textlink = None
        if i > 0 and rng.random() < 0.7:
            textlink = earlier()
        if textlink is None:
            textlink = terms[rng.randrange(n_te)].id
        used.add(textlink)
        derived, related = [principle], []
        if rng.random() < 0.5:
            extra = earlier()
            if extra:
                (derived if rng.random() < 0.6 else related).append(extra)
                used.add(extra)
        level = rng.choices([lv[0] for lv in LEVELS], [lv[2] for lv in LEVELS])[0]
        subject = roles[int(role_ids[0][4:]) - 1].title.lower()
        node = Node(f"MA-{i + 1:05d}", "agreement", _title(rng, rng.randint(3, 6)),
                    _prose(rng, 80, subject=subject, link=textlink), birth=birth, layer=layer, number=i + 1,
                    derived=derived, related=related, textlink=textlink, applies_to=role_ids, level=level,
                    topic=rng.choice(TOPICS), source=rng.choice(SOURCES), priority=rng.randint(1, 3))
        agreements.append(node)
        by_layer[layer].append(i)

    referenced: set[str] = set()
    for node in agreements:
        referenced.update(node.links())

    pages = []
    for index, (layer_id, title, _kind) in enumerate(LAYERS):
        first = [agreements[j].id for j in by_layer[index] if agreements[j].birth == 1][:5]
        referenced.update(first)
        node = Node(f"hoofdstuk-{layer_id}", "page", f"Hoofdstuk {title}", _prose(rng, 120), layer=index,
                    number=index + 1, page_links=first, source=SOURCES[0])
        pages.append(node)

    # Edits and withdrawals per later stage; every change is carried by a proposal.
    changes: dict[int, list[tuple[str, str]]] = {stage: [] for stage in range(1, working + 1)}
    for node in principles + roles + terms + pages:
        changes[1].append((node.id, "add"))
    for node in agreements:
        changes[node.birth].append((node.id, "add"))
    for stage in range(2, working + 1):
        existing = [a for a in agreements if a.birth < stage and not a.withdrawn(stage)]
        newborn = [a for a in agreements if a.birth == stage]
        edit_share = 0.01 if stage == working else 0.02
        edited = rng.sample(existing, max(1, round(len(existing) * edit_share)))
        edited_ids = {node.id for node in edited}
        for node in edited:
            node.edits.append(stage)
            changes[stage].append((node.id, "change"))
        candidates = [a for a in existing if a.id not in referenced and a.id not in edited_ids and a.withdrawn_at is None]
        count = min(len(newborn), len(candidates), max(1, round(len(existing) * 0.003)))
        for old, new in zip(rng.sample(candidates, count), newborn):
            old.withdrawn_at, old.replaced_by, new.replaces = stage, new.id, old.id
            referenced.add(old.id)
            changes[stage].append((old.id, "withdraw"))

    return Plan(n, releases, seed, principles, roles, terms, agreements, pages,
                _plan_proposals(rng, changes, agreements, roles, releases, proposals, n))


def _plan_proposals(rng, changes, agreements, roles, releases, wanted, n) -> list[dict]:
    """Proposals carrying every change, plus open, rejected and concept ones up to M."""
    working = releases + 1
    out: list[dict] = []

    def add(stage: int, items: list[tuple[str, str]], status: str, title: str, target: int) -> None:
        layer = rng.randrange(len(LAYERS))
        out.append({"id": f"WV-{len(out) + 1:04d}", "title": title, "stage": stage, "target": target,
                    "status": status, "changes": items, "layer": layer,
                    "type": "normatief" if rng.random() < 0.8 else "redactioneel",
                    "role": roles[rng.randrange(len(roles))].id, "seed": rng.random()})

    # Stage 1: the first adoption, one proposal per kind or layer of what it added.
    first = changes[1]
    groups: dict[str, list] = {}
    layer_of = {a.id: LAYERS[a.layer][1] for a in agreements}
    for ident, action in first:
        key = layer_of.get(ident) or {"MP": "principes", "ro": "rollen", "BG": "begrippen", "ho": "hoofdstukken"}[ident[:2]]
        groups.setdefault(key, []).append((ident, action))
    final = "opgenomen" if releases >= 1 else "aangenomen"
    for key, items in groups.items():
        add(1, items, final, f"Eerste vaststelling {key}", 1)
    for stage in range(2, working + 1):
        items = changes[stage]
        chunk: list = []
        for ident, action in items:
            chunk.append((ident, action))
            if action == "withdraw":
                continue  # keep a withdrawal with the agreement that replaces it
            if len(chunk) >= 5:
                add(stage, chunk, "opgenomen" if stage <= releases else "aangenomen",
                    f"Wijziging {_title(rng, 3).lower()}", stage)
                chunk = []
        if chunk:
            add(stage, chunk, "opgenomen" if stage <= releases else "aangenomen",
                f"Wijziging {_title(rng, 3).lower()}", stage)
    # pair each withdrawal with its replacement in the same proposal
    replacement = {a.id: a.replaces for a in agreements if a.replaces}
    owner = {}
    for proposal in out:
        for ident, _action in proposal["changes"]:
            owner[ident] = proposal
    for new, old in replacement.items():
        p_new, p_old = owner[new], owner[old]
        if p_new is not p_old:
            p_old["changes"] = [c for c in p_old["changes"] if c[0] != old]
            p_new["changes"].append((old, "withdraw"))
    out = [p for p in out if p["changes"]]
    total = wanted if wanted is not None else max(12, n // 25)
    states = ["concept", "review", "review", "afgewezen"]
    # Open proposals touch distinct items (two open proposals on one item is a warning).
    current = [a for a in agreements if a.withdrawn_at is None]
    rng.shuffle(current)
    index = 0
    while len(out) < total or index < 4:
        status = states[index % len(states)]
        take = rng.randint(1, 3)
        chosen, current = (current[:take], current[take:]) if len(current) > take else (current[:1], current)
        items = [(a.id, "change") for a in chosen]
        target = working if status != "afgewezen" else max(1, working - 1)
        add(working if status != "afgewezen" else target, items, status, f"Voorstel {_title(rng, 3).lower()}", target)
        index += 1
    for number, proposal in enumerate(out, 1):
        proposal["id"] = f"WV-{number:04d}"
    return out


# --- writing files -------------------------------------------------------------------------


class Writer:
    """Writes text files, creating folders once."""

    def __init__(self):
        self.made: set[str] = set()
        self.count = 0

    def write(self, path: Path, text: str) -> None:
        folder = str(path.parent)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        self.count += 1


def _block(text: str, indent: str = "  ", width: int = 90) -> str:
    return "\n".join(textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False))


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def framework_yaml(plan: Plan, stage: int) -> str:
    layers = "".join(f"  - id: {lid}\n    title: {title}\n    type: {kind}\n    order: {i + 1}\n"
                     f"    owner: wg-{lid}\n" for i, (lid, title, kind) in enumerate(LAYERS))
    levels = "".join(f"  - id: {lid}\n    title: {lid.replace('-', ' ').capitalize()}\n    mandatory: {str(m).lower()}\n"
                     + ("    allows_not_applicable: true\n" if not m else "") for lid, m, _w in LEVELS)
    sources = "".join(f"  - id: {s}\n    title: Brondocument {s[1:]}\n    file: bron-{s[1:]}.pdf\n" for s in SOURCES)
    working = f'working_release: "{version_of(stage)}"\n'
    return f"""# Synthetic framework generated by bench/generate.py (N={plan.n}, seed={plan.seed}).
kind: framework
id: bench
title: Benchmarkstelsel
purpose: Een synthetisch afsprakenstelsel om de prestaties van de tooling te meten.
motto: De juiste informatie op de juiste plek op het juiste moment.
licence:
  id: CC-BY-SA-4.0
  title: Creative Commons Naamsvermelding-GelijkDelen 4.0
  url: https://creativecommons.org/licenses/by-sa/4.0/
owner: Beheerorganisatie
{working}require_sources: true
layers:
{layers}levels:
{levels}sources:
{sources}functions:
  - id: voorzitter
    title: Voorzitter
  - id: secretaris
    title: Secretaris
id_patterns:
  agreement: '^MA-[0-9]{{5}}$'
  principle: '^MP-[0-9]{{4}}$'
  term: '^BG-[0-9]{{5}}$'
  role: '^rol-[0-9]{{4}}$'
  proposal: '^WV-[0-9]{{4}}$'
extra_fields:
  agreement:
    type: object
    properties:
      prioriteit:
        type: integer
        minimum: 1
        maximum: 3
    additionalProperties: false
"""


def person(i: int) -> str:
    return f"p{i:02d}"


def organisation(i: int) -> str:
    return f"Organisatie {(i - 1) // 2 + 1}"


CHAIR = person(1)
STEERING = [person(1), person(2), person(3)]


def wg_members(layer: int) -> list[str]:
    return [person(4 + (layer * 2 + k) % (N_PEOPLE - 3)) for k in range(3)]


def governance_yaml() -> str:
    bodies = ["  - id: stuurgroep\n    title: Stuurgroep\n    type: decision_body\n    members:\n"
              + "".join(f"      - person: {p}\n" + ("        function: voorzitter\n" if p == CHAIR else "")
                        for p in STEERING)]
    for index, (lid, title, _kind) in enumerate(LAYERS):
        members = "".join(f"      - person: {p}\n" for p in wg_members(index))
        bodies.append(f"  - id: wg-{lid}\n    title: Werkgroep {title}\n    type: working_group\n    members:\n{members}")
    people = "".join(f"  - id: {person(i)}\n    name: Persoon {i}\n    organisation: {organisation(i)}\n"
                     f"    email: {person(i)}@example.org\n    example: true\n" for i in range(1, N_PEOPLE + 1))
    return f"""kind: governance
id: governance
title: Governance van het benchmarkstelsel
bodies:
{''.join(bodies)}people:
{people}workflow:
  initial: concept
  states:
    - id: concept
      title: Concept
    - id: review
      title: In review
    - id: aangenomen
      title: Aangenomen
      open: false
      approved: true
    - id: afgewezen
      title: Afgewezen
      open: false
      final: true
    - id: opgenomen
      title: Opgenomen in release
      open: false
      final: true
      released: true
  transitions:
    - from: [concept]
      to: review
      by: [author]
    - from: [review]
      to: aangenomen
      by: [body:stuurgroep]
      guards:
        - type: min_reviews
          count: 2
          distinct_organisations: true
          verdicts: [akkoord]
        - type: decision_recorded
          outcome: aangenomen
    - from: [review]
      to: afgewezen
      by: [body:stuurgroep]
      guards:
        - type: decision_recorded
          outcome: afgewezen
    - from: [aangenomen]
      to: opgenomen
      by: [body:stuurgroep]
  proposal_types:
    - id: normatief
      title: Normatieve wijziging
    - id: redactioneel
      title: Redactionele wijziging
  verdicts:
    - id: akkoord
      title: Akkoord
      approves: true
    - id: niet-akkoord
      title: Niet akkoord
      approves: false
  decided_by: [stuurgroep]
  release_decided_by: [stuurgroep]
  release_authority:
    open:
      by: [body:stuurgroep]
    cut:
      by: [body:stuurgroep]
    publish:
      by: [body:stuurgroep]
"""


def register_yaml(stage: int, current: int, working: int) -> str:
    """The register entry of release ``stage`` as seen in the tree of stage ``current``."""
    version = version_of(stage)
    lines = ["kind: release", f'id: "{version}"', f"title: Release {version}"]
    if stage < current:
        lines.append("status: gepubliceerd")
    elif stage == current and current < working:
        lines.append("status: vastgesteld")
    else:
        lines.append("status: in_voorbereiding")
    lines.append(f"planned: Q{(stage % 4) + 1} {release_date(stage).year}")
    if stage < current or (stage == current and current < working):
        lines.append(f"date: {release_date(stage).isoformat()}")
    if stage > 1:
        lines.append(f'previous: "{version_of(stage - 1)}"')
    if stage < working:
        lines += ["decision:", "  body: stuurgroep", f"  by: {CHAIR}",
                  f"  date: {(release_date(stage) - dt.timedelta(days=3)).isoformat()}",
                  f"  reference: Besluitenlijst stuurgroep {stage}", "  example: true"]
    lines.append("sources: [S1]")
    return "\n".join(lines) + "\n"


def item_yaml(node: Node, stage: int, working: int) -> str:
    status = "vervallen" if node.withdrawn(stage) else ("gereed" if node.birth == working else "vastgesteld")
    since = f'since: "{version_of(node.birth)}"\n'
    if node.kind == "principle":
        return (f"kind: principle\nid: {node.id}\ntitle: {node.title}\nnumber: {node.number}\nstatus: {status}\n"
                f"statement: |\n{_block(node.text(stage))}\n{since}sources: [{node.source}]\n")
    if node.kind == "role":
        resp = "".join(f"  - {r}\n" for r in node.responsibilities)
        return (f"kind: role\nid: {node.id}\ntitle: {node.title}\nstatus: {status}\n"
                f"description: |\n{_block(node.text(stage))}\nresponsibilities:\n{resp}{since}sources: [{node.source}]\n")
    if node.kind == "term":
        return (f"kind: term\nid: {node.id}\ntitle: {node.title}\nstatus: {status}\n"
                f"definition: |\n{_block(node.text(stage))}\n{since}sources: [{node.source}]\n")
    # agreement
    out = [f"kind: agreement\nid: {node.id}\ntitle: {node.title}\nstatus: {status}\n",
           f"statement: |\n{_block(node.text(stage))}\n",
           f"level: {node.level}\nlayers: [{LAYERS[node.layer][0]}]\napplies_to: {_flow(node.applies_to)}\n",
           f"derived_from: {_flow(node.derived)}\n"]
    if node.related:
        out.append(f"related: {_flow(node.related)}\n")
    if node.replaces:
        out.append(f"replaces: [{node.replaces}]\n")
    if node.withdrawn(stage):
        out.append(f"replaced_by: [{node.replaced_by}]\n")
    out.append(since)
    if node.withdrawn(stage):
        out.append(f'until: "{version_of(node.withdrawn_at)}"\n')
    out.append(f"topic: {node.topic}\nsources: [{node.source}]\nextra:\n  prioriteit: {node.priority}\n")
    return "".join(out)


def page_md(node: Node) -> str:
    links = "\n".join(f"- [[{ident}]]" for ident in node.page_links)
    return (f"---\nid: {node.id}\ntitle: {node.title}\nstatus: vastgesteld\nsince: \"{version_of(1)}\"\n"
            f"order: {node.number}\nsources: [{node.source}]\n---\n# {node.title}\n\n"
            f"{textwrap.fill(node.text(1), 90)}\n\nDe eerste afspraken in dit hoofdstuk:\n\n{links}\n")


def proposal_md(p: dict, plan: Plan) -> str:
    """The proposal file as it stands in the working tree (its last committed version)."""
    return proposal_versions(p, plan)[-1][2]


def proposal_versions(p: dict, plan: Plan) -> list[tuple[dt.date, str, str]]:
    """Every committed version of a proposal: (date, person who committed it, text), oldest first.

    The author commits the proposal, each reviewer commits their own review, the chair of
    the steering group commits the decision and, at the release, the move to 'opgenomen':
    so provenance (who recorded what, read from git) checks clean.
    """
    rng = random.Random(p["seed"])
    layer_id = LAYERS[p["layer"]][0]
    author = wg_members(p["layer"])[0]
    target = version_of(p["target"])
    day = release_date(p["target"]) - dt.timedelta(days=60 + rng.randrange(30))
    status = p["status"]
    history, reviews, decision = [], [], None
    if status != "concept":
        history.append((day + dt.timedelta(days=1), author, "concept", "review", None))
    if status in ("aangenomen", "opgenomen"):
        reviewers = [person(i) for i in range(1, N_PEOPLE + 1)
                     if person(i) != author and organisation(i) != organisation(int(author[1:]))]
        picked = [reviewers[0]]
        for candidate in reviewers[1:]:
            if organisation(int(candidate[1:])) != organisation(int(picked[0][1:])):
                picked.append(candidate)
                break
        for k, who in enumerate(picked):
            reviews.append((who, organisation(int(who[1:])), "akkoord", day + dt.timedelta(days=5 + k)))
        decision = ("aangenomen", day + dt.timedelta(days=20))
        history.append((day + dt.timedelta(days=20), CHAIR, "review", "aangenomen", None))
    if status == "opgenomen":
        history.append((release_date(p["target"]), CHAIR, "aangenomen", "opgenomen", f"opgenomen in release {target}"))
    if status == "afgewezen":
        reviews.append((person(2), organisation(2), "niet-akkoord", day + dt.timedelta(days=6)))
        decision = ("afgewezen", day + dt.timedelta(days=20))
        history.append((day + dt.timedelta(days=20), CHAIR, "review", "afgewezen", None))
    motivation = " ".join(_words(rng, 20)).capitalize()
    impact = " ".join(_words(rng, 14)).capitalize()
    first = p["changes"][0][0]
    body = textwrap.fill(" ".join(_words(rng, 60)).capitalize() + f". Zie [[{first}]].", 90)
    dependents: list[str] = []
    if status in ("concept", "review"):
        touched = {ident for ident, action in p["changes"] if action != "add"}
        reverse = plan.reverse()
        dependents = sorted({d for t in touched for d in reverse.get(t, ())} - {i for i, _a in p["changes"]})

    def render(state: str, n_history: int, n_reviews: int, decided: bool) -> str:
        lines = ["---", f"id: {p['id']}", f"title: {p['title']}", f"type: {p['type']}", f"authors: [{author}]",
                 f"working_group: wg-{layer_id}", f'target_release: "{target}"', f"status: {state}"]
        if state == "opgenomen":
            lines.append(f'released_in: "{target}"')
        lines.append(f"motivation: {motivation}.")
        lines.append("changes:")
        for ident, action in p["changes"]:
            lines += [f"  - item: {ident}", f"    action: {action}"]
        lines += ["impact:", f"  - role: {p['role']}", f"    impact: {impact}."]
        if n_history:
            lines.append("history:")
            for at, by, source, to, reason in history[:n_history]:
                lines += [f"  - at: {at.isoformat()}", f"    by: {by}", f"    from: {source}", f"    to: {to}"]
                if reason:
                    lines.append(f"    reason: {reason}")
        if n_reviews:
            lines.append("reviews:")
            for by, org, verdict, date in reviews[:n_reviews]:
                lines += [f"  - by: {by}", f"    organisation: {org}", f"    verdict: {verdict}",
                          f"    date: {date.isoformat()}"]
        if decided and decision:
            outcome, date = decision
            lines += ["decision:", "  body: stuurgroep", f"  by: {CHAIR}", f"  date: {date.isoformat()}",
                      f"  outcome: {outcome}", f"  minutes: Besluitenlijst {date.isoformat()}", "  example: true"]
        if dependents:
            lines.append("dependents:")
            for dependent in dependents:
                lines += [f"  - item: {dependent}", "    disposition: reviewed_unchanged"]
        lines.append("---")
        return "\n".join(lines) + "\n" + body + "\n"

    if status in ("concept", "review"):
        return [(day + dt.timedelta(days=1), author, render(status, len(history), 0, False))]
    versions = [(day + dt.timedelta(days=1), author, render("review", 1, 0, False))]
    for k, (who, _org, _verdict, date) in enumerate(reviews, 1):
        versions.append((date, who, render("review", 1, k, False)))
    decided_state = decision[0]
    versions.append((decision[1], CHAIR, render(decided_state, 2, len(reviews), True)))
    if status == "opgenomen":
        versions.append((release_date(p["target"]), CHAIR, render("opgenomen", 3, len(reviews), True)))
    return versions


def write_stelsel_state(plan: Plan, root: Path, stage: int, writer: Writer, proposals: list[dict]) -> None:
    """The project root as it stood at ``stage`` (the working tree at stage R+1)."""
    content = root / "afsprakenstelsel"
    working = plan.working
    writer.write(content / "stelsel.yaml", framework_yaml(plan, stage if stage < working else working))
    writer.write(content / "governance.yaml", governance_yaml())
    for s in range(1, min(stage, working) + 1):
        writer.write(content / "releases" / f"{version_of(s)}.yaml", register_yaml(s, stage, working))
    folders = {"principle": "principes", "role": "rollen", "term": "begrippen"}
    for node in plan.principles + plan.roles + plan.terms:
        if node.alive(stage):
            writer.write(content / folders[node.kind] / f"{node.id}.yaml", item_yaml(node, stage, working))
    for node in plan.agreements:
        if node.alive(stage):
            writer.write(content / "afspraken" / LAYERS[node.layer][0] / f"{node.id}.yaml",
                         item_yaml(node, stage, working))
    for node in plan.pages:
        writer.write(content / "paginas" / f"{node.id}.md", page_md(node))
    for p in proposals:
        writer.write(root / "changes" / f"{p['id']}.md", proposal_md(p, plan))


def write_git_history(plan: Plan, root: Path) -> dict:
    """Make ``root`` a git repository whose history records who did what.

    One first commit holds everything but the proposals; then every version of every
    proposal is committed in date order by the person who made it (the author, each
    reviewer, the chair for decisions and releases), through ``git fast-import``. The last
    versions are the files on disk, so the work tree is clean and ``stelsel check`` can
    verify the provenance of every review and decision.
    """
    def ident(who: str, when: dt.date, seq: int) -> str:
        stamp = int(dt.datetime(when.year, when.month, when.day, 9, tzinfo=dt.timezone.utc).timestamp()) + seq
        if who == "bench":
            return f"Benchmark generator <bench@example.org> {stamp} +0000"
        return f"Persoon {int(who[1:])} <{who}@example.org> {stamp} +0000"

    def data(payload: bytes) -> bytes:
        return b"data %d\n" % len(payload) + payload + b"\n"

    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "config", "gc.auto", "0"], check=True)
    proc = subprocess.Popen(["git", "-C", str(root), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    out = proc.stdin
    start = BASE_DATE - dt.timedelta(days=30)
    out.write(b"commit refs/heads/main\n" + f"author {ident('bench', start, 0)}\ncommitter {ident('bench', start, 0)}\n".encode()
              + data(b"Benchmarkstelsel: inhoud"))
    def add_files_single(path: Path) -> int:
        out.write(f"M 100644 inline {path.relative_to(root).as_posix()}\n".encode() + data(path.read_bytes()))
        return 1

    def add_files(top: Path, skip: Path | None = None) -> int:
        count = 0
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != ".git" and Path(folder, d) != skip)
            for name in sorted(names):
                full = os.path.join(folder, name)
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                with open(full, "rb") as handle:
                    out.write(f"M 100644 inline {rel}\n".encode() + data(handle.read()))
                count += 1
        return count

    # The content first; each frozen release is committed when it was cut, after the
    # proposals it included (so no proposal's history runs into its frozen copy).
    files = add_files(root / "afsprakenstelsel", skip=root / "afsprakenstelsel" / "releases")
    events = []
    for index, p in enumerate(plan.proposals):
        for step, (when, who, text) in enumerate(proposal_versions(p, plan)):
            events.append((when, 0, index, step, who, p, text))
    for stage in range(1, plan.releases + 1):
        events.append((release_date(stage), 1, stage, 0, CHAIR, None, None))
    events.sort(key=lambda e: e[:4])
    for seq, (when, kind, _index, step, who, p, text) in enumerate(events, 1):
        head = f"author {ident(who, when, seq)}\ncommitter {ident(who, when, seq)}\n".encode()
        if kind == 1:  # a release cut
            version = version_of(_index)
            out.write(b"commit refs/heads/main\n" + head + data(f"Release {version} bevroren".encode()))
            files += add_files(root / "releases" / version)
            if _index == plan.releases and (root / "CHANGELOG.md").exists():
                files += add_files_single(root / "CHANGELOG.md")
            continue
        message = f"{p['id']}: " + ("voorstel ingediend" if step == 0 else "bijgewerkt")
        out.write(b"commit refs/heads/main\n" + head + data(message.encode())
                  + f"M 100644 inline changes/{p['id']}.md\n".encode() + data(text.encode()))
    # The release register last, by the chair: its release decisions and publications are the chair's acts.
    last = release_date(plan.releases) if plan.releases else start
    head = f"author {ident(CHAIR, last, len(events) + 1)}\ncommitter {ident(CHAIR, last, len(events) + 1)}\n"
    out.write(b"commit refs/heads/main\n" + head.encode() + data(b"Releaseregister bijgewerkt"))
    files += add_files(root / "afsprakenstelsel" / "releases")
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")
    subprocess.run(["git", "-C", str(root), "reset", "-q"], check=True)
    subprocess.run(["git", "-C", str(root), "update-index", "-q", "--refresh"], check=False)
    return {"commits": len(events) + 2, "files": files + len(plan.proposals)}


def write_stelsel(plan: Plan, root: Path, git: bool = True) -> dict:
    from stelsel import __version__
    from stelsel.release.store import hash_tree, make_manifest, write_manifest

    writer = Writer()
    (root / "changes").mkdir(parents=True, exist_ok=True)
    write_stelsel_state(plan, root, plan.working, writer, plan.proposals)
    for stage in range(1, plan.releases + 1):
        folder = root / "releases" / version_of(stage)
        included = [p for p in plan.proposals if p["stage"] == stage and p["status"] == "opgenomen"]
        write_stelsel_state(plan, folder, stage, writer, included)
        files = hash_tree(folder)
        write_manifest(folder, make_manifest(
            version_of(stage), files, f"{release_date(stage).isoformat()}T12:00:00+00:00", __version__,
            {"decision": {"body": "stuurgroep", "by": CHAIR, "date": (release_date(stage) - dt.timedelta(days=3)).isoformat(),
                          "reference": f"Besluitenlijst stuurgroep {stage}"}, "cut_by": CHAIR}))
        writer.count += 1
    changelog = None
    if plan.releases:
        try:
            from stelsel.release.changelog import write_changelog
        except ImportError:  # pragma: no cover - an older stelsel without changelogs
            write_changelog = None
        if write_changelog is not None:
            problems = write_changelog(root)
            changelog = {"problems": len(problems), "first": problems[:5]}
            writer.count += 1
    history = write_git_history(plan, root) if git else None
    return {"files": writer.count, "changelog": changelog, "git": history}


# --- Doorstop ------------------------------------------------------------------------------


def _doorstop_uid(node: Node) -> str:
    if node.kind == "agreement":
        return f"L{node.layer + 1:02d}-{node.number:05d}"
    if node.kind == "page":
        return f"L{node.layer + 1:02d}-{0:05d}"
    return node.id.replace("rol-", "ROL-")


def _doorstop_digest(*values: str) -> str:
    h = hashlib.sha256()
    for value in values:
        h.update(str(value).encode())
    return base64.urlsafe_b64encode(h.digest()).decode("utf-8")


def _doorstop_sort_key(uid: str) -> tuple:
    prefix, _, number = uid.rpartition("-")
    return (prefix.lower(), int(number))


def _doorstop_text(node: Node, stage: int, uids: dict[str, str]) -> str:
    text = node.text(stage)
    if node.textlink:
        text = text.replace(f"[[{node.textlink}]]", f"[[{uids[node.textlink]}]]")
    return "\n".join(textwrap.wrap(text, 90, break_long_words=False, break_on_hyphens=False))


def write_doorstop(plan: Plan, out: Path) -> dict:
    """One root document of principles, children for roles, terms and each layer."""
    stage = plan.working
    writer = Writer()
    nodes = [n for n in plan.nodes() if n.alive(stage)]
    uids = {n.id: _doorstop_uid(n) for n in nodes}
    texts = {n.id: _doorstop_text(n, stage, uids) if n.kind != "page" else _page_text(n, uids) for n in nodes}
    docs = {DOC_PRINCIPLES: ("principes", None, 4), DOC_ROLES: ("rollen", DOC_PRINCIPLES, 4),
            DOC_TERMS: ("begrippen", DOC_PRINCIPLES, 5)}
    for index, (lid, _title, _kind) in enumerate(LAYERS):
        docs[f"L{index + 1:02d}"] = (f"afspraken/{lid}", DOC_PRINCIPLES, 5)
    for prefix, (folder, parent, digits) in docs.items():
        settings = f"settings:\n  digits: {digits}\n  itemformat: yaml\n" + (f"  parent: {parent}\n" if parent else "") \
            + f"  prefix: {prefix}\n  sep: '-'\n"
        writer.write(out / "reqs" / folder / ".doorstop.yml", settings)
    levels: dict[str, int] = {}
    links = 0
    for node in nodes:
        uid = uids[node.id]
        prefix = uid.rpartition("-")[0]
        folder = docs[prefix][0]
        text = texts[node.id]
        if node.kind == "page":
            level, normative, derived = "1.0", "false", "false"
        else:
            levels[prefix] = levels.get(prefix, 0) + 1
            level = f"1.{levels[prefix]}"
            normative = "true"
            derived = "false" if node.kind == "agreement" else "true"
        targets = sorted({uids[t] for t in node.links()}, key=_doorstop_sort_key) if node.kind != "page" else []
        links += len(targets)
        link_lines = "".join(f"- {t}: {_doorstop_digest(t, texts[_by_uid(plan, t)], '')}\n" for t in targets)
        reviewed = _doorstop_digest(uid, text, "", *targets)
        body = "\n".join("  " + line for line in text.split("\n"))
        writer.write(out / "reqs" / folder / f"{uid}.yml",
                     f"active: true\nderived: {derived}\nheader: |\n  {node.title}\nlevel: '{level}'\n"
                     + (f"links:\n{link_lines}" if targets else "links: []\n")
                     + f"normative: {normative}\nref: ''\nreviewed: {reviewed}\ntext: |\n{body}\n")
    if not (out / ".git").exists():
        subprocess.run(["git", "init", "-q", str(out)], check=False)
    return {"items": len(nodes), "links": links, "files": writer.count, "documents": len(docs)}


_UID_INDEX: dict[int, dict[str, str]] = {}


def _by_uid(plan: Plan, uid: str) -> str:
    index = _UID_INDEX.get(id(plan))
    if index is None:
        index = _UID_INDEX[id(plan)] = {_doorstop_uid(n): n.id for n in plan.nodes()}
    return index[uid]


def _page_text(node: Node, uids: dict[str, str]) -> str:
    links = "\n".join(f"- [[{uids[i]}]]" for i in node.page_links)
    return textwrap.fill(node.text(1), 90) + "\n\nDe eerste afspraken in dit hoofdstuk:\n\n" + links


# --- StrictDoc -----------------------------------------------------------------------------


def _sdoc_text(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 90, break_long_words=False, break_on_hyphens=False))


def write_strictdoc(plan: Plan, out: Path) -> dict:
    stage = plan.working
    writer = Writer()
    docs: dict[str, list[str]] = {"principes": ["[DOCUMENT]\nTITLE: Principes\n"],
                                  "rollen": ["[DOCUMENT]\nTITLE: Rollen\n"],
                                  "begrippen": ["[DOCUMENT]\nTITLE: Begrippen\n"]}
    for lid, title, _kind in LAYERS:
        docs[lid] = [f"[DOCUMENT]\nTITLE: Afspraken {title}\n"]
    items = links = 0
    for page in plan.pages:
        links_md = "\n".join(f"- [LINK: {i}]" for i in page.page_links)
        text = textwrap.fill(page.text(1), 90) + "\n\nDe eerste afspraken in dit hoofdstuk:\n\n" + links_md
        docs[LAYERS[page.layer][0]].append(f"[TEXT]\nSTATEMENT: >>>\n{text}\n<<<\n")
        items += 1
    folder_of = {"principle": "principes", "role": "rollen", "term": "begrippen"}
    for node in plan.principles + plan.roles + plan.terms + plan.agreements:
        if not node.alive(stage):
            continue
        text = _sdoc_text(node.text(stage))  # wrapped first: a [LINK: …] must stay on one line
        if node.textlink:
            text = text.replace(f"[[{node.textlink}]]", f"[LINK: {node.textlink}]")
            links += 1
        status = "Obsolete" if node.withdrawn(stage) else ("Draft" if node.birth == plan.working else "Approved")
        parts = [f"[REQUIREMENT]\nUID: {node.id}\nSTATUS: {status}\nTITLE: {node.title}\n"
                 f"STATEMENT: >>>\n{text}\n<<<\n"]
        parents = node.derived + node.related
        if parents:
            parts.append("RELATIONS:\n" + "".join(f"- TYPE: Parent\n  VALUE: {t}\n" for t in parents))
            links += len(parents)
        docs[folder_of.get(node.kind) or LAYERS[node.layer][0]].append("".join(parts))
        items += 1
    for name, blocks in docs.items():
        writer.write(out / "docs" / f"{name}.sdoc", "\n".join(blocks))
    writer.write(out / "strictdoc.toml", '[project]\ntitle = "Benchmarkstelsel"\n')
    return {"items": items, "links": links, "files": writer.count, "documents": len(docs)}


# --- entry point ---------------------------------------------------------------------------

FORMATS = ("stelsel", "doorstop", "strictdoc")


def generate(out: Path, n: int, releases: int = 3, proposals: int | None = None, seed: int = 1,
             formats: tuple[str, ...] = FORMATS, git: bool = True) -> dict:
    """Write the requested formats below ``out`` (replacing what was there) and return the counts."""
    out = Path(out)
    plan = plan_framework(n, releases, proposals, seed)
    stats: dict = {"n": n, "releases": releases, "seed": seed, "proposals": len(plan.proposals),
                   "agreements": len(plan.agreements), "principles": len(plan.principles), "roles": len(plan.roles),
                   "terms": len(plan.terms), "pages": len(plan.pages)}
    working = plan.working
    alive = [node for node in plan.nodes() if node.alive(working)]
    stats["items"] = len(alive)
    stats["links"] = sum(len(node.links()) for node in alive if node.kind != "page")
    stats["words_per_agreement"] = round(sum(len(a.text(working).split()) for a in plan.agreements)
                                         / max(1, len(plan.agreements)), 1)
    for fmt in formats:
        target = out / fmt
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        if fmt == "stelsel":
            stats["stelsel"] = write_stelsel(plan, target, git=git)
        elif fmt == "doorstop":
            stats["doorstop"] = write_doorstop(plan, target)
        elif fmt == "strictdoc":
            stats["strictdoc"] = write_strictdoc(plan, target)
        else:
            raise ValueError(f"unknown format {fmt!r}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "generated.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="output folder (its stelsel/, doorstop/, strictdoc/ are replaced)")
    parser.add_argument("--n", type=int, default=1000, help="number of content items (default 1000)")
    parser.add_argument("--releases", type=int, default=3, help="frozen releases (default 3)")
    parser.add_argument("--proposals", type=int, default=None, help="proposals in changes/ (default N/25, at least "
                        "the ones that carry the releases' changes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
    parser.add_argument("--no-git", action="store_true", help="do not make the stelsel tree a git repository "
                        "(its reviews and decisions then cannot be verified: W020 warnings)")
    args = parser.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    stats = generate(args.out, args.n, args.releases, args.proposals, args.seed, formats, git=not args.no_git)
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
