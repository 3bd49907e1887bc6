"""Finding the files of a project: which folders, which files, what each file is."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import inputs
from ..paths import UnsafeName, check_name, name_problem, printable

CHANGES_DIR = "changes"
CONFIG_NAME = "stelsel.yaml"  # the framework config, in the content folder
# A project may name its content folder at its root (content = "framework"); without it the
# content folder is the one top-level folder that holds stelsel.yaml (see content_dir).
PROJECT_FILE = "stelsel.toml"

YAML_SUFFIXES = (".yaml", ".yml")
MARKDOWN_SUFFIXES = (".md",)
# Files that may sit among the content without being content (figures, attachments).
ASSET_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".drawio"})
IGNORED_NAMES = frozenset({"README.md", ".gitkeep", ".DS_Store", ".meta.yml"})


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the root, POSIX separators
    abspath: str
    is_link: bool
    # Why it was not read, for what scan(problems=True) lists but nobody may open: a name
    # that is not UTF-8 or holds a control character, a named pipe, a socket, a device.
    issue: str | None = None


def special_kind(mode: int) -> str | None:
    """What a file that is neither a regular file, a folder nor a link is, from its mode."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode) and not stat.S_ISLNK(mode):
        return "a file of an unknown type"
    return None


# A problem of stelsel.toml: (line, column, message, hint); line 0: the file as a whole.
Problem = tuple[int, int, str, str]
_Settings = tuple[str | None, dict[str, str], str, tuple[Problem, ...]]
_SETTINGS: dict[tuple[str, int, int], _Settings] = {}
_DEFAULT: _Settings = (None, {}, inputs.ABSENT, ())
PROJECT_KEYS = ("content", "folders")  # what stelsel.toml may hold


def _settings(root: Path | str) -> _Settings:
    """(content folder or None, folder per kind, digest, problems) from the project's stelsel.toml, read once
    per version."""
    path = os.path.join(str(root), PROJECT_FILE)
    try:
        stat_result = os.stat(path)
    except OSError:
        inputs.record(path, inputs.ABSENT)  # a cached check must see the file appear
        return _DEFAULT
    key = (path, stat_result.st_mtime_ns, stat_result.st_size)
    found = _SETTINGS.get(key)
    if found is None:
        found = _SETTINGS[key] = _read_settings(path)
    else:
        inputs.record(path, found[2])
    return found


def project_file_problems(root: Path | str) -> tuple[Problem, ...]:
    """What is wrong in the project's stelsel.toml (not TOML, an unknown key, a value that is no plain
    folder name): each such setting counts as absent, and check reports it (C011)."""
    return _settings(root)[3]


def content_dir(root: Path | str) -> str:
    """The content folder of the project at ``root``.

    ``content`` in its stelsel.toml when that names a plain folder name; else the one top-level
    folder that holds stelsel.yaml (a frozen release, ``releases/<v>/``, is found so too). With
    none, a folder named as a catalogue names a content folder (the Dutch ``afsprakenstelsel``,
    the English ``framework``) when there is one, else the default language's name: check then
    reports the missing config there (F013). With several, the first by name (check reports
    them all, C010). A stelsel.toml that cannot be read, or that names no plain folder name,
    counts as absent (check reports it, C011).
    """
    named = _settings(root)[0]
    if named is not None:
        return named
    found = content_candidates(root)
    if found:
        return found[0]
    names = _catalogue_folders()
    return next((name for name in names if os.path.isdir(os.path.join(str(root), name))), names[0])


def content_candidates(root: Path | str) -> list[str]:
    """The top-level folders of ``root`` (not hidden, not changes/) that hold stelsel.yaml, sorted."""
    root = str(root)
    try:
        with os.scandir(root) as it:
            names = [e.name for e in it if not e.name.startswith(".") and e.name != CHANGES_DIR
                     and name_problem(e.name) is None and e.is_dir()]
    except OSError:
        return []
    return sorted(name for name in names if os.path.isfile(os.path.join(root, name, CONFIG_NAME)))


def content_named(root: Path | str) -> bool:
    """Whether the project's stelsel.toml names its content folder."""
    return _settings(root)[0] is not None


def default_content_dir() -> str:
    """The content folder the default language's catalogue names (where a project without one looks)."""
    return _catalogue_folders()[0]


def _catalogue_folders() -> tuple[str, ...]:
    """The content folder each message catalogue names (``content_folder``), the default language's first."""
    from .. import i18n

    names = [i18n.messages()("content_folder")]
    names += [i18n.messages(lang)("content_folder") for lang in i18n.languages()]
    return tuple(dict.fromkeys(names))


def kind_folders(root: Path | str) -> dict[str, str]:
    """Where new items of a kind go (``[folders]`` in stelsel.toml: ``agreement = "agreements"``); may be empty.

    Only a convention for what stelsel writes (import, init): the ``kind`` key, not the
    folder, says what a file is.
    """
    return dict(_settings(root)[1])


def _read_settings(path: str) -> _Settings:
    import difflib
    import re
    import tomllib

    try:
        raw, value = inputs.read_with_digest(path)
    except (OSError, inputs.TooLarge):
        return _DEFAULT
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return (None, {}, value, ((line, 0, "not UTF-8", "save the file as UTF-8"),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (1, 0)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        return (None, {}, value, ((line, col, f"not valid TOML: {message}",
                                   f'write it as TOML, e.g. content = "{default_content_dir()}"'),))
    problems: list[Problem] = []

    def problem(key: str, table: str | None, message: str, hint: str) -> None:
        problems.append((*_key_line(text, key, table), message, hint))

    for key in data:
        if key not in PROJECT_KEYS:
            near = difflib.get_close_matches(key, PROJECT_KEYS, n=1, cutoff=0.6)
            problem(key, None, f"unknown key '{printable(key)}'",
                    f"did you mean '{near[0]}'?" if near else f"use {' or '.join(PROJECT_KEYS)}")
    folder = data.get("content")
    if folder is not None:
        try:
            folder = check_name(folder, "content folder") if isinstance(folder, str) else None
            if folder is None:
                problem("content", None, f"content: a folder name is text, not {type(data['content']).__name__}",
                        f'quote it: content = "{default_content_dir()}"')
        except UnsafeName as exc:
            folder = None
            problem("content", None, f"content: {exc}", "name one folder at the project root, e.g. "
                    f'content = "{default_content_dir()}"')
    folders: dict[str, str] = {}
    table = data.get("folders")
    if table is not None and not isinstance(table, dict):
        problem("folders", None, "folders: must be a table ([folders]) of kind = \"folder\"",
                'write [folders] and below it lines such as agreement = "agreements"')
    if isinstance(table, dict) and table:
        from ..model import KINDS  # here only: most runs read no [folders]

        placeable = sorted(KINDS)
    for kind, name in table.items() if isinstance(table, dict) else ():
        if kind not in placeable:  # a typo ('agrement') would quietly put nothing anywhere
            near = difflib.get_close_matches(str(kind), placeable, n=1)
            problem(kind, "folders", f"folders.{printable(str(kind))}: no kind of item is called that",
                    f"did you mean {near[0]}?" if near else f"kinds: {', '.join(placeable)}")
            continue
        try:
            folders[kind] = check_name(name, "folder") if isinstance(name, str) else None
            if folders[kind] is None:
                problem(kind, "folders", f"folders.{printable(kind)}: a folder name is text, not "
                        f"{type(name).__name__}", f'quote it: {printable(kind)} = "..."')
        except UnsafeName as exc:
            problem(kind, "folders", f"folders.{printable(kind)}: {exc}",
                    "name one folder inside the content folder")
    return (folder, {k: v for k, v in folders.items() if v}, value, tuple(problems))


def _key_line(text: str, key: str, table: str | None) -> tuple[int, int]:
    """(line, column) of ``key =`` in ``text`` (at the top, or in ``[table]``; a dotted ``table.key =`` too);
    (1, 1) if not found."""
    import re

    current = None
    names = (key,) if table is None else (key, f"{table}.{key}")
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([^\[\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip().strip("\"'")
            if table is None and current == key:
                return number, len(line) - len(line.lstrip()) + 1
            continue
        name = re.match(r"^([^=]+?)\s*=", stripped)
        if name and name.group(1).strip().strip("\"'") in names and \
                (current == table or (table is not None and current is None)):
            return number, len(line) - len(line.lstrip()) + 1
    return 1, 1


def config_file(root: Path | str) -> str:
    """The framework config of the project at ``root``, relative to it."""
    return f"{content_dir(root)}/{CONFIG_NAME}"


def scanned_dirs(root: Path | str) -> tuple[str, str]:
    return (content_dir(root), CHANGES_DIR)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that is a project: it has a stelsel.toml, a top-level
    folder with stelsel.yaml, or a folder named as the default language's catalogue names a content
    folder (one whose config is missing: check then says so, F013)."""
    start = start.resolve()
    default = default_content_dir()
    for candidate in (start, *start.parents):
        if (candidate / PROJECT_FILE).is_file() or (candidate / default).is_dir() or content_candidates(candidate):
            return candidate
    return None


def scan(root: Path, tops: tuple[str, ...] | None = None, problems: bool = False) -> list[Entry]:
    """Every file below the scanned folders, sorted; hidden files and folders are skipped.

    A name that is not UTF-8 or holds a control character (a folder's: with all below it),
    and a named pipe, socket or device, is never opened; with ``problems`` it is listed with
    its ``issue``, else left out.
    """
    if tops is None:
        tops = scanned_dirs(root)
    entries: list[Entry] = []
    root_str = str(root)
    cut = len(root_str) + 1
    posix = os.sep == "/"
    for top in tops:
        base = os.path.join(root_str, top)
        if not os.path.isdir(base):
            continue
        if os.path.islink(base) and not is_inside(root, base):
            # a content or changes folder that is a link out of the project: reported (read_tree), never read
            entries.append(Entry(top, base, True, None))
            continue
        stack = [base]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    for entry in it:
                        name = entry.name
                        if name.startswith("."):
                            continue
                        is_link = entry.is_symlink()
                        is_dir = entry.is_dir(follow_symlinks=False)
                        bad_name = name_problem(name)
                        if bad_name is not None:
                            if problems:
                                rel = entry.path[cut:] if posix else entry.path[cut:].replace(os.sep, "/")
                                what = "the folder name" if is_dir else "the file name"
                                entries.append(Entry(rel, entry.path, is_link, f"{what} {bad_name}"))
                            continue
                        if is_dir:
                            stack.append(entry.path)
                            continue
                        if name in IGNORED_NAMES:
                            continue
                        rel = entry.path[cut:] if posix else entry.path[cut:].replace(os.sep, "/")
                        issue = None
                        if not is_link and not entry.is_file(follow_symlinks=False):
                            try:
                                issue = special_kind(entry.stat(follow_symlinks=False).st_mode)
                            except OSError:
                                issue = "a file of an unknown type"
                        if issue is not None and not problems:
                            continue
                        entries.append(Entry(rel, entry.path, is_link, issue))
            except OSError as exc:
                if problems and folder != base:  # a folder it cannot list: said, not silently left out
                    rel = folder[cut:] if posix else folder[cut:].replace(os.sep, "/")
                    entries.append(Entry(rel, folder, False, f"a folder that cannot be read ({exc.strerror or exc})"))
                continue
    entries.sort(key=lambda e: e.path)
    return entries


def is_inside(root: Path, target: str) -> bool:
    try:
        real = os.path.realpath(target)
    except OSError:
        return False
    root_real = os.path.realpath(root)
    return real == root_real or real.startswith(root_real + os.sep)
