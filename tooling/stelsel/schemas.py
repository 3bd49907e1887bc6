"""Generate the published JSON Schemas (``schemas/``) from the models: one source of truth."""

from __future__ import annotations

import json
from pathlib import Path

from .model import KINDS
from .model.status import DISPOSITION, ITEM, KEYS, RELEASE, StatusWords, default_words

SCHEMA_BASE = "https://stelsel.example/schemas/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def external_formats() -> dict:
    """File formats stelsel reads that are not framework content: name -> (model, Dutch label)."""
    from .qualify.model import SelfAssessment

    return {"self_assessment": (SelfAssessment, "zelfbeoordeling")}


# The model's enums of stored words: a file holds the framework's words for them, not the keys.
STATUS_ENUMS = {"ItemStatus": ITEM, "ReleaseStatus": RELEASE, "Disposition": DISPOSITION}


def _status_words(body: dict, words: StatusWords) -> None:
    """Put the framework's words where the generated schema has the status keys (enums and defaults)."""
    for name, scope in STATUS_ENUMS.items():
        definition = body.get("$defs", {}).get(name)
        if definition is None:
            continue
        definition["enum"] = [words.word(key, scope) for key in definition["enum"]]
        ref = f"#/$defs/{name}"
        for prop in body.get("properties", {}).values():
            if prop.get("$ref") == ref and prop.get("default") in KEYS[scope]:
                prop["default"] = words.word(prop["default"], scope)


def schema_for(kind: str, words: StatusWords | None = None) -> dict:
    """The JSON Schema of ``kind``; its statuses in ``words`` (default: the default language's, Twiin's)."""
    if kind in KINDS:
        model, label = KINDS[kind].model, KINDS[kind].label
    else:
        model, label = external_formats()[kind]
    body = model.model_json_schema(by_alias=True, mode="validation")
    _status_words(body, words or default_words())
    schema = {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        "title": f"stelsel {kind} ({label})",
    }
    body.pop("title", None)
    schema.update(body)
    return schema


def render_all(words: StatusWords | None = None) -> dict[str, str]:
    """File name -> exact file content for every schema (statuses in ``words``)."""
    out = {}
    for kind in [*KINDS, *external_formats()]:
        out[f"{kind}.schema.json"] = json.dumps(schema_for(kind, words), indent=2, ensure_ascii=False,
                                                sort_keys=False) + "\n"
    return out


def write_all(folder: Path, words: StatusWords | None = None) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_all(words).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale(folder: Path, words: StatusWords | None = None) -> list[str]:
    """Schema files that differ from what the models generate (or are missing / extra)."""
    expected = render_all(words)
    problems = [name for name, text in expected.items()
                if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
    if folder.exists():
        problems += [p.name for p in folder.glob("*.schema.json") if p.name not in expected]
    return sorted(problems)


# --- editors: which files each schema is for -------------------------------------------------

SCHEMAS_DIR = "schemas"
EDITORS = ("vscode",)
VSCODE_SETTINGS = ".vscode/settings.json"
# A self-assessment is kept by the party, outside the framework; by convention its name says so.
EXTERNAL_GLOBS = {"self_assessment": ["**/*zelfbeoordeling*.yaml", "**/*zelfbeoordeling*.yml"]}


def _folder_glob(folder: str, suffixes: set[str]) -> list[str]:
    return [f"{folder}/*{suffix}" if folder else f"*{suffix}" for suffix in sorted(suffixes)]


def editor_globs(root: Path) -> dict[str, list[str]]:
    """Kind -> the path globs of its files, derived from where the working tree keeps them.

    A folder whose files are all of one kind is one glob (``folder/*.yaml``); a file among files of
    other kinds is named itself; a kind without files yet gets its conventional folder. Frozen
    releases are left out: they follow the schemas of their day.
    """
    from collections import defaultdict

    from .load.project import load_project
    from .load.tree import content_dir
    from .vocabulary import kind_folder

    project = load_project(root)
    by_folder: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # folder -> kind -> files
    for sf in project.files:
        if sf.kind in KINDS:
            folder = sf.path.rpartition("/")[0]
            by_folder[folder][sf.kind].add(sf.path)
    globs: dict[str, list[str]] = {kind: [] for kind in [*KINDS, *external_formats()]}
    for folder, kinds in sorted(by_folder.items()):
        for kind, paths in sorted(kinds.items()):
            alone = len(kinds) == 1 and not KINDS[kind].singleton
            globs[kind] += _folder_glob(folder, {Path(p).suffix for p in paths}) if alone else sorted(paths)
    for kind in KINDS:
        if not globs[kind]:
            folder = "changes" if kind == "proposal" else "/".join(
                p for p in (content_dir(root), kind_folder(project.config, kind)) if p)
            globs[kind] = _folder_glob(folder, {".md"} if kind in ("proposal", "page") else {".yaml"})
    for kind, patterns in EXTERNAL_GLOBS.items():
        globs[kind] = list(patterns)
    return globs


def editor_settings(root: Path, schemas_dir: str = SCHEMAS_DIR) -> dict:
    """The ``yaml.schemas`` setting of VS Code's YAML extension (yaml-language-server): schema -> globs."""
    return {"yaml.schemas": {f"./{schemas_dir}/{kind}.schema.json": patterns[0] if len(patterns) == 1 else patterns
                             for kind, patterns in editor_globs(root).items()}}


def vscode_settings_text(root: Path, current: str | None, schemas_dir: str = SCHEMAS_DIR) -> str:
    """``.vscode/settings.json`` with ``yaml.schemas`` set, every other setting kept.

    Raises ValueError when the current file is not plain JSON (VS Code allows comments; those
    would be lost, so the file is left for the user to edit).
    """
    settings = {}
    if current is not None and current.strip():
        settings = json.loads(current)
        if not isinstance(settings, dict):
            raise ValueError("it is not a JSON object")
    settings.update(editor_settings(root, schemas_dir))
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
