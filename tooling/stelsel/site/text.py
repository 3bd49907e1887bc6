"""Small, pure helpers for writing Markdown: escaping, Dutch labels and dates, admonitions."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any, Iterable

import yaml

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")

STATUS_LABELS = {
    "concept": "concept",
    "gereed": "gereed",
    "vastgesteld": "vastgesteld",
    "vervallen": "vervallen",
}

BASIS_LABELS = {
    "source": "Volgens de bronnen",
    "proposal": "Voorstel",
    "intention": "Voornemen",
    "assumption": "Aanname",
    "not_described": "Nog niet beschreven",
}

BASIS_EXPLANATIONS = {
    "proposal": "De bronnen noemen dit een voorstel; er is nog geen besluit over genomen.",
    "intention": "De bronnen noemen dit beoogd: het is de bedoeling, maar nog niet besloten.",
    "assumption": "Dit staat niet in de bronnen: het is een aanname die nog bevestigd moet worden.",
    "not_described": "Dit onderdeel bestaat, maar de bronnen beschrijven het (nog) niet.",
}

BASIS_ADMONITIONS = {
    "proposal": "question",
    "intention": "info",
    "assumption": "warning",
    "not_described": "abstract",
}

RELEASE_STATUS_LABELS = {
    "gepland": "gepland",
    "in_voorbereiding": "in voorbereiding",
    "bevroren": "bevroren (releasekandidaat)",
    "vastgesteld": "vastgesteld",
    "gepubliceerd": "gepubliceerd",
}

ACTION_LABELS = {"add": "toevoegen", "change": "wijzigen", "withdraw": "laten vervallen"}

FIELD_LABELS = {
    "title": "Titel",
    "status": "Status",
    "basis": "Grondslag",
    "basis_note": "Toelichting grondslag",
    "description": "Omschrijving",
    "since": "Sinds",
    "until": "Tot",
    "sources": "Bronnen",
    "related": "Zie ook",
    "tags": "Labels",
    "extra": "Aanvullende velden",
    "statement": "Tekst",
    "level": "Niveau",
    "layers": "Lagen",
    "applies_to": "Geldt voor",
    "use_cases": "Zorgtoepassingen",
    "derived_from": "Afgeleid van",
    "norms": "Normen",
    "facilities": "Voorzieningen",
    "evidence": "Bewijslast",
    "replaces": "Vervangt",
    "replaced_by": "Vervangen door",
    "rationale": "Onderbouwing",
    "topic": "Onderwerp",
    "number": "Nummer",
    "responsibilities": "Verantwoordelijkheden",
    "performed_by": "Uitgevoerd door",
    "part_of": "Onderdeel van",
    "responsible": "Verantwoordelijk",
    "aliases": "Andere namen",
    "function": "Functie",
    "provided_by": "Geleverd door",
    "decision": "Besluit",
    "managed_by": "Beheerd door",
    "increments": "Incrementen",
    "programmes": "Programma's",
    "category": "Categorie",
    "order": "Volgorde",
    "columns": "Kolommen",
    "rows": "Rijen",
    "expansion": "Voluit",
    "definition": "Definitie",
    "see_also": "Zie ook",
    "release": "Release",
    "body": "Tekst",
    "kind": "Soort",
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]>#|{}])")


def esc(text: Any) -> str:
    """Escape text for use inline in Markdown (titles, names)."""
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())).replace("<", "&lt;")


def cell(text: str) -> str:
    """Make already-rendered inline Markdown safe for one table cell."""
    return " ".join(text.replace("|", "\\|").split()) if text else ""


def h(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def date_nl(value: Any) -> str:
    """'2027-01-15' -> '15 januari 2027' (text that is not a date passes through)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return "" if value is None else str(value)


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition block (the body may be multi-paragraph Markdown)."""
    title = title.replace('"', "'")
    return f'!!! {kind} "{title}"\n\n{indent(body.strip())}\n'


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def badge(status: str | None) -> str:
    if not status:
        return ""
    label = STATUS_LABELS.get(status, status)
    return f'<span class="stelsel-status stelsel-status--{h(status)}">{h(label)}</span>'


def chip(text: str, css: str = "") -> str:
    extra = f" stelsel-chip--{css}" if css else ""
    return f'<span class="stelsel-chip{extra}">{h(text)}</span>'


def join_nl(parts: Iterable[str]) -> str:
    parts = [p for p in parts if p]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def plain(text: str | None) -> str:
    """Markdown prose reduced to one line of plain text (for tooltips and titles)."""
    if not text:
        return ""
    text = re.sub(r"\[\[([^\]|]+)\|([^\]]+)\]\]", r"\2", text)
    text = re.sub(r"\[\[([^\]|#]+)(#[^\]]*)?\]\]", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def slug(ident: str) -> str:
    """A file-name-safe form of an ID (IDs are usually safe already)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ident).strip("-")
    return cleaned or "x"


def version_key(version: str) -> tuple:
    """Sort key for versions: numeric parts compare as numbers (0.95 < 1.0 < 1.10)."""
    out = []
    for part in re.split(r"[.]", str(version)):
        out.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(out)
