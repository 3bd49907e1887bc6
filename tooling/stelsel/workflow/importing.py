"""``stelsel import``: a catalogue (CSV or XLSX, one row per item) becomes one item file per row.

``--map field=COLUMN,…`` says which column gives which field of the kind (``id`` and
``title`` always; for agreements ``statement``, ``level`` (or ``--level-from-text``),
``layers`` and ``applies_to``). A cell of a list field holds its values separated by
``;``, ``,`` or line breaks. Levels are matched by ID, title or RFC 2119 keyword; roles and
layers by ID or title (unknown ones are findings, or created with ``create_missing``).
Every row is planned first; any finding (I004-I009, each with its row and column) and
nothing is written. A row whose ID names an existing item updates the fields mapped and
keeps the rest of its file.

Items are written ready (for a proposal to carry them), in the framework's own word. With
``as_release`` the import is one version of the catalogue, decided outside stelsel: items are
written adopted, a row that an earlier import brought in and that is missing now is withdrawn
(its ``status`` and ``until``), never deleted, and :mod:`.records` records the import (a proposal
of type ``import``, with the file's name, hash and counts) and cuts the release.
"""

from __future__ import annotations

import hashlib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

from .. import codes
from ..atomic import atomic_write
from ..diagnostics import Diagnostic
from ..load.table import Table, TableProblem, read_table
from ..model.base import WITHDRAWN_STATUSES, reference_paths
from ..model.status import ItemStatus
from ..paths import UnsafeName, check_name
from .propose import slugify

READY = ItemStatus.READY.value  # the status of an imported item: ready for a proposal to carry it into a release
DECIDED = ItemStatus.ADOPTED.value  # ... and of one imported as a release: that version was decided
WITHDRAWN = ItemStatus.WITHDRAWN.value
SPLIT = re.compile(r"\s*[;,\n]\s*")
# RFC 2119 / 8174 synonyms, by the keyword a level declares as its rfc2119
SYNONYMS = {"MUST": ("SHALL", "REQUIRED"), "MUST NOT": ("SHALL NOT",), "SHOULD": ("RECOMMENDED",),
            "SHOULD NOT": ("NOT RECOMMENDED",), "MAY": ("OPTIONAL",)}
CREATABLE = ("role", "layer")


class CatalogueError(Exception):
    """The import cannot start (a usage problem: an unknown kind or field); the message says why."""


@dataclass
class Planned:
    """What an import would do; nothing is written until :func:`apply`."""

    kind: str
    source: str
    table: Table | None = None
    findings: list[Diagnostic] = field(default_factory=list)
    writes: dict[str, str] = field(default_factory=dict)  # path relative to the root -> new text
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # "role X", "layer Y"
    digest: str | None = None


def parse_map(text: str, kind: str) -> dict[str, str]:
    """``id=ID,title=Name`` as {field: column}; CatalogueError for a field the kind does not have."""
    from ..model import KINDS

    if kind not in KINDS or KINDS[kind].singleton or not KINDS[kind].content or kind == "release":
        raise CatalogueError(f"unknown kind '{kind}' for import: use one of "
                           + ", ".join(k for k, i in KINDS.items() if i.content and not i.singleton and k != "release"))
    fields = KINDS[kind].model.model_fields
    mapping: dict[str, str] = {}
    for part in [p for p in text.split(",") if p.strip()]:
        name, sep, column = part.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not name or not column:
            raise CatalogueError(f"--map: '{part.strip()}' is not FIELD=COLUMN")
        if name not in fields or name == "kind":
            raise CatalogueError(f"--map: {kind} has no field '{name}' (fields: {', '.join(f for f in fields if f != 'kind')})")
        mapping[name] = column
    for required in ("id", "title"):
        if required not in mapping:
            raise CatalogueError(f"--map must name the column of '{required}' ({required}=COLUMN)")
    return mapping


def _leaves(annotation, in_list: bool = False):
    """(type, inside a list) for every plain type an annotation allows."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _leaves(typing.get_args(annotation)[0], in_list)
    elif origin is list:
        for arg in typing.get_args(annotation):
            yield from _leaves(arg, True)
    elif origin is not None:  # a union (X | None) or another generic
        for arg in typing.get_args(annotation):
            yield from _leaves(arg, in_list)
    else:
        yield annotation, in_list


def _is_list(annotation) -> bool:
    return any(in_list for _t, in_list in _leaves(annotation))


def _is_int(annotation) -> bool:
    return any(t is int for t, _l in _leaves(annotation))


class _Names:
    """Levels, layers and roles by every name a cell may use for them (case aside)."""

    def __init__(self, project):
        config = project.config
        self.levels: dict[str, str] = {}
        self.words: list[tuple[str, str]] = []  # (norm word, level id), longest first
        for level in config.levels if config else []:
            for name in (level.id, level.title, level.rfc2119, *SYNONYMS.get(level.rfc2119 or "", ())):
                if name:
                    self.levels.setdefault(name.casefold(), level.id)
            for word in (level.id, level.rfc2119, *SYNONYMS.get(level.rfc2119 or "", ())):
                if word:
                    self.words.append((word, level.id))
        self.words.sort(key=lambda w: -len(w[0]))
        self.pattern = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(w) for w, _ in self.words) + r")(?![A-Za-z])") \
            if self.words else None
        self.layers = {n.casefold(): layer.id for layer in (config.layers if config else [])
                       for n in (layer.id, layer.title)}
        self.roles = {n.casefold(): role.id for role in project.items("role") for n in (role.id, role.model.title)}

    def level_in(self, text: str) -> str | None:
        if self.pattern is None:
            return None
        match = self.pattern.search(text)
        return dict(self.words)[match.group(1)] if match else None


def _folder(project, kind: str, root: Path) -> str:
    """Where items of ``kind`` live: the folder most of them are in, else stelsel.toml's or the conventional one."""
    from collections import Counter

    from ..load.tree import content_dir, kind_folders
    from ..vocabulary import kind_folder

    folders = Counter(Path(item.file.path).parent.as_posix() for item in project.items(kind))
    if folders:
        return folders.most_common(1)[0][0]
    return f"{content_dir(root)}/{kind_folders(root).get(kind) or kind_folder(project.config, kind)}"


def _previously_imported(project, kind: str) -> set[str]:
    """IDs of ``kind`` that an earlier import record added or changed."""
    found: set[str] = set()
    for proposal in project.items("proposal"):
        if proposal.model.type == "import":
            found |= {c.item for c in proposal.model.changes if c.action in ("add", "change")}
    return {i for i in found if (item := project.get(i)) is not None and item.kind == kind}


def plan_import(root: Path, path: Path, kind: str, mapping: dict[str, str], *, level_from_text: bool = False,
                create_missing: bool = False, version: str | None = None, project=None) -> Planned:
    """Read the catalogue and plan every write; findings instead of writes when any row fails."""
    from ..edit import Document
    from ..load.project import load_project
    from ..model import KINDS
    from ..yamlwrite import render_new

    root = Path(root)
    project = project or load_project(root)
    source = str(path)
    plan = Planned(kind, source)
    try:
        table = plan.table = read_table(path)
        plan.digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (TableProblem, OSError) as exc:
        plan.findings.append(codes.IMPORT_UNREADABLE.at(source, 0, 0, f"cannot import: {exc}",
                                                        hint="export it as UTF-8 CSV or XLSX, column names in row 1"))
        return plan
    columns: dict[str, int] = {}
    for name, column in mapping.items():
        index = table.column(column)
        if index is None:
            plan.findings.append(codes.IMPORT_MISSING_COLUMN.at(
                source, 1, 0, f"--map {name}={column}: no column '{column}' in the header row",
                hint="the header has: " + ", ".join(h for h in table.header if h)))
        else:
            columns[name] = index
    if "level" not in columns and level_from_text and "statement" not in columns:
        plan.findings.append(codes.IMPORT_MISSING_COLUMN.at(source, 1, 0, "--level-from-text needs the statement "
                                                            "column (--map statement=COLUMN)"))
    if plan.findings:
        return plan
    for number, cells in table.too_long:
        plan.findings.append(codes.IMPORT_UNREADABLE.at(source, number, len(table.header) + 1,
                             f"row {number} has {cells} cells, more than the {len(table.header)} columns of the header"))
    model = KINDS[kind].model
    fields = model.model_fields
    ref_kinds = {p.path[0]: p.kinds for p in reference_paths(model)}
    names = _Names(project)
    folder = _folder(project, kind, root)
    seen: dict[str, int] = {}
    new_roles: dict[str, str] = {}  # role id -> title
    new_layers: dict[str, str] = {}
    rows: list[tuple[int, dict]] = []

    def at(number: int, name: str | None, code, message: str, hint: str | None = None) -> None:
        col = columns[name] + 1 if name in columns else 0
        shown = f" (column '{table.header[columns[name]]}')" if name in columns else ""
        plan.findings.append(code.at(source, number, col, f"row {number}{shown}: {message}", hint=hint))

    def resolve(number: int, name: str, value: str, what: str, known: dict[str, str], new: dict[str, str]) -> str | None:
        found = known.get(value.casefold())
        if found is not None:
            return found
        if create_missing and what in CREATABLE:
            ident = slugify(value, max_words=8, max_len=60)
            new.setdefault(ident, value)
            return ident
        at(number, name, codes.IMPORT_UNKNOWN_VALUE, f"unknown {what} '{value}'",
           hint=(f"known: {', '.join(sorted(set(known.values())))}"
                 + ("; --create-missing creates it" if what in CREATABLE else "")))
        return None

    for number, cells in table.rows:
        ident = cells[columns["id"]]
        if not ident:
            at(number, "id", codes.IMPORT_EMPTY_ID, "the ID is empty")
            continue
        try:
            check_name(f"{ident}.yaml", "ID")
        except UnsafeName as exc:
            at(number, "id", codes.IMPORT_DUPLICATE_ID, f"the ID '{ident}' cannot name a file: {exc}")
            continue
        if ident in seen:
            at(number, "id", codes.IMPORT_DUPLICATE_ID, f"the ID '{ident}' is also the ID of row {seen[ident]}")
            continue
        seen[ident] = number
        data: dict = {}
        failed = False
        for name, index in columns.items():
            text = cells[index]
            annotation = fields[name].annotation
            if name == "id":
                data[name] = ident
                continue
            if not text:
                continue
            values = [v for v in SPLIT.split(text) if v] if _is_list(annotation) else [text]
            kinds = ref_kinds.get(name, ())
            if "level" in kinds:
                values = [resolve(number, name, v, "level", names.levels, {}) for v in values]
            elif "layer" in kinds:
                values = [resolve(number, name, v, "layer", names.layers, new_layers) for v in values]
            elif kinds == ("role",):
                values = [resolve(number, name, v, "role", names.roles, new_roles) for v in values]
            elif _is_int(annotation) and all(v.lstrip("-").isdigit() for v in values):
                values = [int(v) for v in values]
            if None in values:
                failed = True
                continue
            data[name] = values if _is_list(annotation) else values[0]
        if "level" not in data and level_from_text and "level" in fields:
            level = names.level_in(data.get("statement", ""))
            if level is None:
                at(number, "statement", codes.IMPORT_UNKNOWN_VALUE, "the statement holds no norm word ("
                   + ", ".join(dict.fromkeys(w for w, _ in names.words)) + ")", hint="write the level in a column "
                   "and map it (level=COLUMN), or put the norm word in the text")
                continue
            data["level"] = level
        if not failed:  # a row with an unknown value is reported once, not again as invalid
            rows.append((number, data))
    existing_ids = {i.id: i for i in project.items(kind)}
    key = DECIDED if version is not None else READY
    status, words = project.statuses.word(key), project.statuses  # what the files say
    for number, data in rows:
        full = {"kind": kind, "id": data["id"], "title": data.get("title"), "status": status, **data}
        current = existing_ids.get(data["id"])
        if current is None and project.get(data["id"]) is not None:
            at(number, "id", codes.IMPORT_DUPLICATE_ID, f"the ID '{data['id']}' is already a "
               f"{project.get(data['id']).kind} ({project.get(data['id']).file.path})")
            continue
        if current is not None:
            full = {**current.file.data, **data}
            if current.model.status in WITHDRAWN_STATUSES:
                full["status"] = status
                full.pop("until", None)
        elif version is not None and "since" in fields:
            full.setdefault("since", version)
        try:
            model.model_validate({**full, "status": words.key(full.get("status")) or full.get("status")})
        except Exception as exc:  # pydantic's ValidationError: one finding per error
            for error in getattr(exc, "errors", lambda: [])() or [{"loc": (), "msg": str(exc)}]:
                name = str(error["loc"][0]) if error.get("loc") else None
                hint = None if name in columns else (f"map a column to it: --map {name}=COLUMN" if name else None)
                said = "the cell is empty, and it is required" if error.get("type") == "missing" and name in columns \
                    else error["msg"]
                at(number, name, codes.IMPORT_INVALID_ROW, f"{name or 'the item'}: {said}", hint=hint)
            continue
        if current is None:
            plan.writes[f"{folder}/{data['id']}.yaml"] = render_new(full)
            plan.added.append(data["id"])
            continue
        before = current.file.data
        if all(before.get(k) == v for k, v in data.items()) and current.model.status not in WITHDRAWN_STATUSES:
            plan.unchanged.append(data["id"])
            continue
        if current.model.status in WITHDRAWN_STATUSES:  # it comes back: written anew (without its until)
            plan.writes[current.file.path] = render_new(full)
        else:
            doc = Document.open(root / current.file.path)
            for key, value in data.items():
                if before.get(key) != value:
                    doc.set((key,), value)
            if before.get("status") != status:
                doc.set(("status",), status)
            plan.writes[current.file.path] = doc.text
        plan.changed.append(data["id"])
    if version is not None:
        for ident in sorted(_previously_imported(project, kind) - set(seen)):
            item = project.get(ident)
            if item.model.status in WITHDRAWN_STATUSES:
                continue
            doc = Document.open(root / item.file.path)
            doc.set(("status",), words.word(WITHDRAWN))
            if "until" in fields:
                doc.set(("until",), version)
            plan.writes[item.file.path] = doc.text
            plan.withdrawn.append(ident)
    _creations(root, project, plan, new_roles, new_layers, status)
    if plan.findings:
        plan.writes.clear()
        plan.findings.sort(key=lambda d: (d.line, d.col, d.code))
    return plan


def _creations(root: Path, project, plan: Planned, roles: dict[str, str], layers: dict[str, str],
               status: str) -> None:
    from ..edit import Document
    from ..yamlwrite import render_new

    folder = _folder(project, "role", root)
    for ident, title in sorted(roles.items()):
        if project.get(ident) is not None:
            plan.findings.append(codes.IMPORT_UNKNOWN_VALUE.at(plan.source, 0, 0, f"the role '{title}' would be "
                                                               f"created as '{ident}', which is already a "
                                                               f"{project.get(ident).kind}"))
            continue
        plan.writes[f"{folder}/{ident}.yaml"] = render_new({"kind": "role", "id": ident, "title": title, "status": status})
        plan.created.append(f"role {ident}")
    if layers and project.config_file is not None:
        doc = Document.open(root / project.config_file.path)
        order = max((layer.order for layer in project.config.layers), default=0)
        for ident, title in sorted(layers.items()):
            order += 1
            doc.append(("layers",), {"id": ident, "title": title, "order": order})
            plan.created.append(f"layer {ident}")
        plan.writes[project.config_file.path] = doc.text


def apply(root: Path, plan: Planned) -> list[str]:
    """Write every planned file (atomically each, flushed to disk together); on a failure the files written are put back."""
    from ..atomic import flush_all

    root = Path(root)
    done: list[tuple[Path, bytes | None]] = []
    try:
        for rel, text in plan.writes.items():
            target = root / rel
            done.append((target, target.read_bytes() if target.exists() else None))
            atomic_write(target, text, sync=False)
        flush_all()
    except BaseException:
        for target, old in reversed(done):
            if old is None:
                target.unlink(missing_ok=True)
            else:
                atomic_write(target, old)
        raise
    return list(plan.writes)


def record_text(plan: Planned, mapping: dict[str, str], version: str) -> tuple[str, str, str]:
    """(title, motivation, body) of the import record of ``version``."""
    name = Path(plan.source).name
    title = f"Import of {name} as release {version}"
    motivation = (f"Version {version} of the catalogue as it was decided outside stelsel, imported from {name} "
                  "so that the framework keeps its history.")
    table = plan.table
    body = "\n".join([
        f"Imported by stelsel import from `{name}` (SHA-256 `{plan.digest}`).", "",
        f"- rows: {len(table.rows) if table else 0}; kind: {plan.kind}",
        f"- columns: " + ", ".join(f"{k} = {v}" for k, v in mapping.items()),
        f"- encoding: {table.encoding}; delimiter: {table.delimiter!r}" if table and table.encoding else "- format: XLSX",
        f"- added: {len(plan.added)}, changed: {len(plan.changed)}, withdrawn: {len(plan.withdrawn)}, "
        f"unchanged: {len(plan.unchanged)}",
    ] + ([f"- created: {', '.join(plan.created)}"] if plan.created else [])) + "\n"
    return title, motivation, body


@dataclass
class Imported:
    plan: Planned
    written: list[str] = field(default_factory=list)
    recorded: object | None = None  # records.Recorded
    cut: object | None = None  # release.cut.CutResult


def import_catalogue(root: Path, path: Path, kind: str, mapping: dict[str, str], *, level_from_text: bool = False,
                     create_missing: bool = False, as_release: str | None = None, person: str | None = None,
                     run_rules=None, use_git: bool = True, dry_run: bool = False) -> Imported:
    """Plan the import, and unless a row fails (or ``dry_run``) write it; with ``as_release`` record and cut it.

    Raises :class:`~stelsel.release.states.ReleaseError` when the release cannot be recorded or
    cut; the tree is then as it was before the import.
    """
    from ..release.states import ReleaseError
    from ..release.store import frozen_versions
    from . import records

    root = Path(root)
    if as_release is not None:
        if person is None:
            raise CatalogueError("--as-release needs --as PERSON: who records the import and cuts the release")
        if as_release in frozen_versions(root):
            raise ReleaseError(f"release {as_release} is frozen already; import the next version as a newer release")
    before = records.snapshot(root) if as_release is not None and not dry_run else None
    plan = plan_import(root, path, kind, mapping, level_from_text=level_from_text, create_missing=create_missing,
                       version=as_release)
    result = Imported(plan)
    if plan.findings or dry_run:
        return result
    result.written = apply(root, plan)
    if as_release is not None:
        title, motivation, body = record_text(plan, mapping, as_release)
        result.recorded, result.cut = records.record_and_cut(
            root, as_release, person, "import", title, motivation, body_text=body, run_rules=run_rules,
            use_git=use_git, paths=tuple(result.written), before=before)
    return result
