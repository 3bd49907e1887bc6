"""Generate the published JSON Schemas (``schemas/``) from the models: one source of truth."""

from __future__ import annotations

import json
from pathlib import Path

from .model import KINDS

SCHEMA_BASE = "https://stelsel.example/schemas/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def external_formats() -> dict:
    """File formats stelsel reads that are not framework content: name -> (model, Dutch label)."""
    from .qualify.model import SelfAssessment

    return {"self_assessment": (SelfAssessment, "zelfbeoordeling")}


def schema_for(kind: str) -> dict:
    if kind in KINDS:
        model, label = KINDS[kind].model, KINDS[kind].label
    else:
        model, label = external_formats()[kind]
    body = model.model_json_schema(by_alias=True, mode="validation")
    schema = {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        "title": f"stelsel {kind} ({label})",
    }
    body.pop("title", None)
    schema.update(body)
    return schema


def render_all() -> dict[str, str]:
    """File name -> exact file content for every schema."""
    out = {}
    for kind in [*KINDS, *external_formats()]:
        out[f"{kind}.schema.json"] = json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def write_all(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_all().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale(folder: Path) -> list[str]:
    """Schema files that differ from what the models generate (or are missing / extra)."""
    expected = render_all()
    problems = [name for name, text in expected.items()
                if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
    if folder.exists():
        problems += [p.name for p in folder.glob("*.schema.json") if p.name not in expected]
    return sorted(problems)
