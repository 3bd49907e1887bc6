"""Load a framework tree into a typed, positioned model: the input of every rule.

Each file is read once, parsed with PyYAML's C parser (keeping the position of every value),
and validated once with pydantic.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from .. import i18n
from ..codes import (
    BINARY_FILE,
    DUPLICATE_KEY,
    EMPTY_FILE,
    ID_PATTERN_INVALID,
    INVALID_VALUE,
    MISSING_FRONT_MATTER,
    NESTING_TOO_DEEP,
    NO_FRAMEWORK,
    NOT_A_MAPPING,
    NOT_UTF8,
    SINGLETON_TWICE,
    UNCLOSED_FRONT_MATTER,
    UNKNOWN_KIND,
    YAML_ALIAS,
    YAML_SYNTAX,
    YAML_TAG,
)
from ..diagnostics import Diagnostic
from ..model import KINDS, Framework, Governance
from ..model.status import StatusWords, default_words, words_from_data
from . import tree
from .frontmatter import opens_front_matter, split_front_matter
from .depth import markdown_depth_problem
from .idpatterns import PatternError, compile_pattern
from .lines import count_lines, position_in_bytes
from .raw import RawFile, config_limit, read_tree
from .statuses import validate
from .yamlread import YamlProblem, parse_yaml


@dataclass(eq=False)
class SourceFile:
    """One file as read: its data, where each value stands, and its Markdown body."""

    path: str
    suffix: str
    digest: str
    data: Any = None
    positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)
    body: str | None = None
    body_line: int = 1
    kind: str | None = None
    model: BaseModel | None = None
    link_texts: list = field(default_factory=list)  # (loc, text) of values holding [[ID]] links
    blank_texts: list = field(default_factory=list)  # locs of values that are only white space
    derived: dict = field(default_factory=dict)  # what rules derive from this file alone (its references …)

    def position(self, loc: tuple) -> tuple[int, int]:
        """Line and column of the value at ``loc``, or of its nearest enclosing value."""
        while True:
            hit = self.positions.get(loc)
            if hit is not None:
                return hit
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def position_in_value(self, root: Path | str, loc: tuple, needle: str) -> tuple[int, int]:
        """Line and column of ``needle`` inside the text value at ``loc``: a block scalar (``>-``, ``|``) spans
        lines, and a finding in it belongs on the line that holds what it is about. Falls back to
        :meth:`position` when the file no longer reads or the text is written otherwise there (escapes)."""
        line, col = self.position(loc)
        if not needle or self.suffix not in tree.YAML_SUFFIXES:
            return line, col
        from .. import inputs

        try:
            lines = inputs.read_bytes(Path(root) / self.path).decode("utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return line, col
        for index in range(line - 1, min(len(lines), line + 5000)):
            at = lines[index].find(needle, col - 1 if index == line - 1 else 0)
            if at >= 0:
                return index + 1, at + 1
        return line, col

    def key_position(self, loc: tuple) -> tuple[int, int]:
        """Line and column of the key at ``loc`` (falls back to the value's position)."""
        hit = self.key_positions.get(loc)
        return hit if hit is not None else self.position(loc)


@dataclass(eq=False)
class LoadedItem:
    id: str
    kind: str
    model: BaseModel
    file: SourceFile


@dataclass(frozen=True)
class Declared:
    """A name declared inside a config file (a layer, a person …) and where."""

    id: str
    file: SourceFile
    loc: tuple


@dataclass(frozen=True)
class Unread:
    """A file that could not be read at all, and what it seems meant to define.

    The references that depend on it are not checked (one summary, F018, instead of a
    finding per reference): its own finding says what to fix.
    """

    path: str
    kind: str | None  # "framework", "governance", or the kind of item it seems to hold
    ident: str | None  # the ID it seems to define (its 'id:' line, else its file name)


@dataclass
class Project:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    load_findings: list[Diagnostic] = field(default_factory=list)
    config: Framework | None = None
    config_file: SourceFile | None = None
    governance: Governance | None = None
    governance_file: SourceFile | None = None
    definitions: dict[str, list[LoadedItem]] = field(default_factory=dict)
    by_kind: dict[str, dict[str, LoadedItem]] = field(default_factory=dict)
    declared: dict[str, dict[str, Declared]] = field(default_factory=dict)
    frozen: dict = field(default_factory=dict)  # path -> release.store.FrozenFile, for immutability
    memo: dict = field(default_factory=dict)  # derived indexes computed once and shared by rules
    unvalidated: dict[str, str] = field(default_factory=dict)  # id -> kind of items that failed validation
    raw_framework: SourceFile | None = None  # a framework config that failed validation
    raw_governance: SourceFile | None = None
    unread: list[Unread] = field(default_factory=list)  # files that could not be read at all
    file_count: int = 0  # files read, including those that could not be (too large, unreadable …)
    statuses: StatusWords = field(default_factory=default_words)  # the words its files store per status

    def memoized(self, key: str, compute):
        """Compute a derived index once per project (several rules walk the same data)."""
        value = self.memo.get(key)
        if value is None:
            value = self.memo[key] = compute()
        return value

    def items(self, kind: str | None = None) -> Iterator[LoadedItem]:
        if kind is not None:
            yield from self.by_kind.get(kind, {}).values()
            return
        for defs in self.definitions.values():
            yield from defs

    def get(self, ident: str) -> LoadedItem | None:
        defs = self.definitions.get(ident)
        return defs[0] if defs else None


# --- reading one file ------------------------------------------------------------------


# What stands in for a body nested too deeply to render (F016), should a site be built anyway: in the
# default language when read, in the framework's once its config is known (_too_deep_in_language).
TOO_DEEP_BODY = i18n.messages()("load.too_deep_body") + "\n"

PROBLEM_CODES = {code.code: code for code in (YAML_SYNTAX, YAML_ALIAS, YAML_TAG, NESTING_TOO_DEEP)}


def _key_text(key) -> str:
    if key is None:
        return "~ (nothing, null)"
    if isinstance(key, bool):
        return f"{str(key).lower()} (true/false: YAML reads yes, no, on and off so)"
    return f"{key} ({type(key).__name__})"


def _drop_odd_keys(sf: SourceFile, odd_keys: list, findings: list[Diagnostic]) -> None:
    """Report each key that is not text where it stands, and leave it out of the data.

    Every stelsel key is text; without this a ``~:`` key would be reported by validation
    at the top of the file, and rules that sort keys would meet a number among the words.
    """
    for loc, line, col in odd_keys:
        findings.append(INVALID_VALUE.at(sf.path, line, col, f"key '{_key_text(loc[-1])}' is not text",
                                         hint=f"quote the key if it is meant: \"{loc[-1]}\":, or remove it"))
        parent = sf.data
        for step in loc[:-1]:
            if isinstance(parent, dict):
                parent = parent.get(step)
            else:
                parent = parent[step] if isinstance(parent, list) and isinstance(step, int) else None
        if isinstance(parent, dict):
            parent.pop(loc[-1], None)


def read_source(rel: str, raw: bytes, digest: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Parse the bytes of one content file. Pure: the result depends only on its arguments."""
    suffix = os.path.splitext(rel)[1].lower()
    sf = SourceFile(path=rel, suffix=suffix, digest=digest)
    findings: list[Diagnostic] = []
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = position_in_bytes(raw, nul)
        findings.append(BINARY_FILE.at(rel, line, col, "binary content (NUL bytes) in a text file",
                                      hint="replace it with UTF-8 text, or give a binary asset its real extension"))
        return sf, findings
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = position_in_bytes(raw, exc.start)
        findings.append(NOT_UTF8.at(rel, line, col, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                   hint="re-save the file as UTF-8"))
        return sf, findings
    if text.startswith("\ufeff"):
        text = text[1:]
    if suffix in tree.MARKDOWN_SUFFIXES:
        front, body, body_line = split_front_matter(text)
        sf.body, sf.body_line = body, body_line
        deep = markdown_depth_problem(body) if front is not None else None
        if deep is not None:  # never rendered: the site and the PDF would recurse or crawl
            sf.body = TOO_DEEP_BODY
            line = body_line + count_lines(body[:deep[0]]) - 1
            findings.append(NESTING_TOO_DEEP.at(rel, line, 1, f"the text is nested too deeply to render: {deep[1]}",
                                                hint="flatten the text: fewer nested lists, quotes or brackets"))
        if front is None:
            if opens_front_matter(text):
                findings.append(UNCLOSED_FRONT_MATTER.at(
                    rel, 1, 1, "the front matter opened by '---' on line 1 is never closed",
                    hint="end the front matter with a line '---' before the text of the page"))
            elif not text.strip():
                findings.append(EMPTY_FILE.at(rel, 0, 0, "empty file", hint="give it content or delete it"))
            else:
                findings.append(MISSING_FRONT_MATTER.at(rel, 1, 1, "no front matter ('---' block with id and title) at the top",
                                                      hint="start the file with '---', then 'id: …' and 'title: …', then '---'"))
            return sf, findings
        source, offset = front, 1
    else:
        source, offset = text, 0
    if not source.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in source.splitlines()):
        findings.append(EMPTY_FILE.at(rel, 0, 0, "empty file" if offset == 0 else "empty front matter",
                                     hint="give it content or delete it"))
        return sf, findings
    try:
        parsed = parse_yaml(source, line_offset=offset)
    except YamlProblem as problem:
        code = PROBLEM_CODES.get(problem.code, YAML_SYNTAX)
        findings.append(code.at(rel, problem.line, problem.col, problem.message, hint=problem.hint))
        return sf, findings
    sf.data, sf.positions, sf.key_positions = parsed.data, parsed.positions, parsed.key_positions
    sf.link_texts, sf.blank_texts = parsed.link_texts, parsed.blank_texts
    if parsed.odd_keys:
        _drop_odd_keys(sf, parsed.odd_keys, findings)
    for loc, line, col in parsed.duplicate_keys:
        findings.append(DUPLICATE_KEY.at(rel, line, col, f"key '{loc[-1]}' appears twice; the first value would be lost",
                                        hint="remove or merge the duplicate key"))
    if not isinstance(sf.data, dict):
        findings.append(NOT_A_MAPPING.at(rel, 1, 1, "the top level must be a mapping (key: value), not "
                                       + ("a list" if isinstance(sf.data, list) else "a single value"),
                                       hint="start with 'kind: …' and 'id: …'"))
        sf.data = None
        return sf, findings
    sf.kind = _kind_of(sf, findings)
    return sf, findings


def _kind_of(sf: SourceFile, findings: list[Diagnostic]) -> str | None:
    data = sf.data
    in_changes = sf.path.startswith(tree.CHANGES_DIR + "/")
    default = None
    if sf.suffix in tree.MARKDOWN_SUFFIXES:
        default = "proposal" if in_changes else "page"
    kind = data.get("kind", default)
    if kind is None:
        line, col = sf.position(())
        findings.append(UNKNOWN_KIND.at(sf.path, line, col, "no 'kind' key: stelsel cannot tell what this file is",
                                       hint=f"add 'kind: …' (one of: {', '.join(sorted(KINDS))})"))
        return None
    if not isinstance(kind, str) or kind not in KINDS:
        line, col = sf.position(("kind",))
        near = difflib.get_close_matches(str(kind), list(KINDS), n=1, cutoff=0.5)
        hint = f"did you mean '{near[0]}'?" if near else f"use one of: {', '.join(sorted(KINDS))}"
        findings.append(UNKNOWN_KIND.at(sf.path, line, col, f"unknown kind '{kind}'", hint=hint))
        return None
    if sf.suffix in tree.MARKDOWN_SUFFIXES and kind not in ("page", "proposal"):
        line, col = sf.position(("kind",))
        findings.append(UNKNOWN_KIND.at(sf.path, line, col, f"a Markdown file cannot be a '{kind}'",
                                       hint="Markdown files are pages or proposals; put other kinds in .yaml files"))
        return None
    return kind


# --- loading a tree --------------------------------------------------------------------


_shared: dict | None = None  # (path, bytes, digest) -> read_source's result, while shared_parses() is on


@contextlib.contextmanager
def shared_parses():
    """Within it, a file whose path and bytes a load has parsed before is not parsed again.

    ``build`` loads the working tree and every frozen release it shows the history of, and
    those share nearly all their files (on the N=5,000 bench tree, 242 of 14,100 frozen files
    differ from one read before). :func:`read_source` is pure, so its result is kept per
    path, bytes and digest (every input) for the loads inside this block; each load gets its
    own copy of the file (its model and what rules derive are its own), sharing the parsed data.
    """
    global _shared
    outer = _shared
    _shared = {} if outer is None else outer
    try:
        yield
    finally:
        _shared = outer


def _read_source_shared(rel: str, raw: bytes, digest: str) -> tuple[SourceFile, list[Diagnostic]]:
    if _shared is None:
        return read_source(rel, raw, digest)
    key = (rel, raw, digest)
    known = _shared.get(key)
    if known is None:
        known = _shared[key] = read_source(rel, raw, digest)
    sf, findings = known  # kept as parsed: only copies leave
    return dataclasses.replace(sf, derived={}), list(findings)


def load_project(root: Path, raws: list[RawFile] | None = None) -> Project:
    """Read, parse and validate a whole tree. Never raises on bad content."""
    project = Project(root=root)
    if raws is None:
        raws = read_tree(root, config_limit(root))
    project.file_count = len(raws)
    for raw in raws:
        if raw.problem is not None:
            project.load_findings.append(raw.problem)
            project.unread.append(_unread(raw.problem.path, b"", root))
            continue
        sf, findings = _read_source_shared(raw.entry.path, raw.raw, raw.digest)
        project.files.append(sf)
        project.load_findings.extend(findings)
        if sf.data is None and findings:
            project.unread.append(_unread(sf.path, raw.raw, root))
    _validate(project)
    return project


_KIND_LINE = re.compile(rb"^[ \t]*kind[ \t]*:[ \t]*[\"']?([A-Za-z_]+)", re.M)
_ID_LINE = re.compile(rb"^[ \t]*id[ \t]*:[ \t]*[\"']?([^\"'\s#,\[\]{}]+)", re.M)


def _unread(rel: str, raw: bytes, root: Path) -> Unread:
    """What a file that could not be read seems meant to define, from its first 'kind:' and 'id:' lines."""
    head = raw[:65536]
    kind = _KIND_LINE.search(head)
    ident = _ID_LINE.search(head)
    kind_text = kind.group(1).decode("ascii") if kind else None
    if rel == tree.config_file(root):
        kind_text = "framework"
    elif kind_text is None and rel == f"{tree.content_dir(root)}/governance.yaml":
        kind_text = "governance"
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Unread(rel, kind_text, ident.group(1).decode("utf-8", "replace") if ident else stem)


def _too_deep_in_language(project: Project) -> None:
    """A page body nested too deeply says so in the language its framework config picks."""
    config = next((sf.data for sf in project.files if sf.kind == "framework" and isinstance(sf.data, dict)), None)
    language = config.get("language") if config is not None else None
    if language in i18n.languages() and language != i18n.DEFAULT:
        body = i18n.messages(language)("load.too_deep_body") + "\n"
        for sf in project.files:
            if sf.body == TOO_DEEP_BODY:
                sf.body = body


def _validate(project: Project) -> None:
    _too_deep_in_language(project)
    config = next((sf for sf in project.files if sf.kind == "framework" and isinstance(sf.data, dict)), None)
    project.statuses = words_from_data(config.data if config is not None else None)
    for sf in project.files:
        if sf.kind is None or sf.data is None:
            continue
        info = KINDS[sf.kind]
        model, problems = validate(sf, info.model, project.statuses)
        if model is None:
            project.load_findings.extend(problems)
            # Remember what the broken file would define, so references to it do not add a
            # second wave of findings on top of the file's own.
            ident = sf.data.get("id")
            if isinstance(ident, str) and not info.singleton:
                project.unvalidated.setdefault(ident, sf.kind)
            elif info.singleton:
                setattr(project, "raw_" + sf.kind, sf)
            continue
        sf.model = model
        if info.singleton:
            current = getattr(project, "config" if sf.kind == "framework" else "governance")
            if current is not None:
                first = project.config_file if sf.kind == "framework" else project.governance_file
                project.load_findings.append(SINGLETON_TWICE.at(
                    sf.path, 1, 1, f"a second {sf.kind} file (the first is {first.path})",
                    hint="keep one; merge the two files"))
                continue
            if sf.kind == "framework":
                project.config, project.config_file = model, sf
            else:
                project.governance, project.governance_file = model, sf
            continue
        item = LoadedItem(id=model.id, kind=sf.kind, model=model, file=sf)
        project.definitions.setdefault(model.id, []).append(item)
        project.by_kind.setdefault(sf.kind, {}).setdefault(model.id, item)
    if project.config is not None:
        _check_patterns(project)
    config_unread = any(u.kind == "framework" for u in project.unread)
    content = os.path.join(str(project.root), tree.content_dir(project.root))
    linked_out = os.path.islink(content) and not tree.is_inside(project.root, content)  # F006 says so: no cascade
    if project.config is None and not config_unread and not linked_out and not any(
            f.kind == "framework" for f in project.files):
        project.load_findings.append(NO_FRAMEWORK.at(
            tree.config_file(project.root), 0, 0, "no framework config (kind: framework) in this tree",
            hint=f"correct content = \"{tree.content_dir(project.root)}\" in {tree.PROJECT_FILE}: there is no such "
                 f"folder, or create {tree.config_file(project.root)}" if tree.content_named(project.root)
            and not os.path.isdir(content) else
            f"create {tree.config_file(project.root)}, or run stelsel on the project root"))
    _declare(project)


def _check_patterns(project: Project) -> None:
    """Every ID pattern compiles on the safe engine: one that cannot is a finding at its line."""
    for kind, pattern in project.config.id_patterns.items():
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            line, col = project.config_file.position(("id_patterns", kind))
            project.load_findings.append(ID_PATTERN_INVALID.at(
                project.config_file.path, line, col, f"id_patterns.{kind}: the pattern cannot be used: {exc}",
                hint="write it without back-references (\\1) and look-around ((?=, (?!, (?<=); "
                     "see https://github.com/google/re2/wiki/Syntax"))


DECLARED_LISTS = {
    "framework": (("layer", "layers"), ("level", "levels"), ("source", "sources"), ("norm", "norms"),
                  ("category", "categories"), ("function", "functions")),
    "governance": (("person", "people"), ("body", "bodies")),
}


def _declare(project: Project) -> None:
    """Index the names the config and governance declare (layers, people …).

    When one of those files failed validation, its names are read from the raw data, so a
    single bad key in the config does not turn every layer reference into a finding.
    """
    declared = project.declared
    for kind, lists in DECLARED_LISTS.items():
        sf = project.config_file if kind == "framework" else project.governance_file
        if sf is None:
            sf = getattr(project, "raw_" + kind)
        if sf is None or not isinstance(sf.data, dict):
            continue
        for name, attr in lists:
            table = declared.setdefault(name, {})
            entries = sf.data.get(attr)
            if not isinstance(entries, list):
                continue
            for index, entry in enumerate(entries):
                ident = entry.get("id") if isinstance(entry, dict) else None
                if isinstance(ident, str):
                    table.setdefault(ident, Declared(ident, sf, (attr, index, "id")))
