"""Small pure helpers shared by checklists, self-assessments and the release PDF."""

from __future__ import annotations

import datetime as dt
import re

from ..load.references import WIKILINK

# One Dutch vocabulary for the site, checklists and the PDF (RELEASE_STATUS_LABELS is used via this module).
from ..vocabulary import MONTHS, RELEASE_STATUS_LABELS  # noqa: F401


# Kinds whose IDs read as codes (TA-001): a link to one shows the ID, to others the title.
CODE_KINDS = frozenset({"agreement", "principle", "starting_point", "proposal"})


def natural_key(text: str) -> tuple:
    """Sort key that orders TA-2 before TA-10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", text) if part)


def link_text(project, ident: str, label: str | None) -> str:
    if label:
        return label
    item = project.get(ident) if project is not None else None
    if item is None or item.kind in CODE_KINDS:
        return ident
    return item.model.title


def plain(text: str | None, project=None) -> str:
    """Prose as plain text for a spreadsheet cell: links become their text, lines are joined."""
    if not text:
        return ""
    text = WIKILINK.sub(lambda m: link_text(project, m.group(1), m.group(3)), text)
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "\n".join(re.sub(r"\s*\n\s*", " ", p.strip()) for p in paragraphs if p.strip())


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# A spreadsheet reads a cell starting with one of these as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula, not as text."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value) -> str:
    """A CSV cell that Excel and LibreOffice show as the text it is: one starting like a formula
    gets a leading apostrophe (the spreadsheets' own mark for 'text')."""
    text = "" if value is None else str(value)
    return "'" + text if formula_like(text) else text
