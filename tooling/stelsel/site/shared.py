"""Names and small helpers every page family of the generator uses (see pages.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

WORKING_VERSION = "concept"
APPROVED_FALLBACK = frozenset({"aangenomen", "opgenomen"})

# Download kinds: the builder renders them with stelsel.qualify (see plugin.py / downloads.py).
CHECKLIST_FORMATS = (("xlsx", "Excel (XLSX)"), ("csv", "CSV"), ("md", "Markdown"))
RELEASE_PDF = "release-pdf"


@dataclass(frozen=True)
class DownloadSpec:
    """A file the pages link to that the builder renders: a role's checklist or the release PDF."""

    kind: str  # 'checklist-xlsx' | 'checklist-csv' | 'checklist-md' | 'release-pdf'
    release: str  # the state it is made from, as stelsel.qualify names it: '0.8', or 'working'
    role: str | None = None  # for checklists


_NUM = re.compile(r"(\d+)")


def natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p.lower() for p in _NUM.split(str(text)))


def front_matter(meta: dict) -> str:
    """A page's YAML front matter, each value written as JSON (YAML reads JSON as it is): the
    same data as yaml.safe_dump gives, in a tenth of its time (it is written for every page)."""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return "---\n" + lines + "---\n\n"


def status(item) -> str | None:
    value = getattr(item.model, "status", None)
    return getattr(value, "value", value)


def basis(model) -> str:
    value = getattr(model, "basis", "source")
    return getattr(value, "value", value) or "source"


def line(item, loc: tuple = ()) -> int:
    try:
        return item.file.position(loc)[0]
    except Exception:  # noqa: BLE001 - positions are a courtesy
        return 1
