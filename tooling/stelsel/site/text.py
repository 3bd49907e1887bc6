"""Small, pure helpers for writing Markdown: escaping, dates and lists in words, admonitions (the
words are in the message catalogues, stelsel.i18n; HTML comes from the templates, see markup.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

import yaml

from ..load.references import WIKILINK
from ..versions import version_key  # noqa: F401  (the one version order; site modules import it from here)

BASIS_ADMONITIONS = {
    "proposal": "question",
    "intention": "info",
    "assumption": "warning",
    "not_described": "abstract",
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


def date_words(value: Any, ui) -> str:
    """'2027-01-15' -> '15 januari 2027' / '15 January 2027', as the catalogue ``ui`` writes a date
    (text that is not a date passes through)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return ui.date(value)
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






def join_words(parts: Iterable[str], ui) -> str:
    """'a, b en c' / 'a, b and c' (empty parts left out)."""
    parts = [p for p in parts if p]
    return ui.join(parts) if parts else ""


def plain(text: str | None) -> str:
    """Markdown prose reduced to one line of plain text (for tooltips and titles)."""
    if not text:
        return ""
    text = WIKILINK.sub(lambda m: m.group(3) or m.group(1), text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def slug(ident: str) -> str:
    """A file-name-safe form of an ID (IDs are usually safe already)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ident).strip("-")
    return cleaned or "x"


_CODE = re.compile(r"\b([A-Z][A-Z0-9]{1,})[ \u00a0-](\d[\d.]*\d|\d)\b")


def search_variants(*texts) -> list[str]:
    """Codes written with a space or hyphen, also written together: 'TA-026' -> 'TA026',
    'NEN 7510' -> 'NEN7510' (search splits at spaces and hyphens, so only these find 'NEN7510')."""
    found: dict[str, None] = {}
    for text in texts:
        if isinstance(text, str):
            for match in _CODE.finditer(text):
                found[match.group(1) + match.group(2)] = None
    return list(found)
