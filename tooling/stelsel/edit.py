"""Edit YAML files and the front matter of Markdown files without damaging what people wrote.

Every tool that changes a file (a status transition, a review, a decision, a release entry)
goes through :class:`Document`. An edit is planned with ruamel.yaml's round-trip loader and
applied as a *splice* of the original text:

- setting a scalar replaces just that value's token on its line (the quote style is kept);
- appending to a block sequence inserts new lines after its last item, indented like the
  items already there;
- adding a key inserts ``key: value`` lines after the last line of its mapping.

New fragments are rendered by ruamel.yaml (YAML 1.2), but ``stelsel check`` reads with PyYAML
(YAML 1.1), where ``No`` is false and ``1:30`` is 90. So every string is written in a style
that the checker's own reader (:func:`stelsel.load.yamlread.parse_yaml`) reads back as the
same string (:func:`to_yaml_value`, the one place that decides), and each edit is verified:
the edited text is parsed again, with that reader, and must hold exactly the intended data,
type for type. If a splice does not (an exotic layout), the edit falls back to ruamel's own
dump, with every unchanged region of the original restored line for line, and is verified
again. Characters a YAML file cannot hold as text (NUL, other control characters, lone
surrogates) are refused with an :class:`EditError`.

Comments, key order, quoting, line ends (also a mix of CRLF and LF) and every untouched line
stay byte-identical; only the changed or appended lines differ.

Why a splicer and not ruamel's round trip alone (measured on the shipped tree): a plain
load and dump reproduces 220 of the 221 working files byte for byte (863 of 867 with the
frozen copies in ``releases/``; the miss writes ``null`` as an empty value). On edits (status,
a history entry, a review and a decision on each proposal; status and date on each item and
release entry: 220 shipped files and the hand-formatted test fixture) ruamel's dump alone
rewrites lines the edit did not ask for in 2 of the 221 (that table; the fixture's spacing
and flow lists), and writes LF into CRLF files; its dump with the untouched hunks put back
refuses the fixture. The splicer edits all 221 with no collateral change and no fallback, so
it stays; ruamel renders the fragments and is the fallback.

Writes are atomic: a temporary file in the same folder, then ``os.replace``.

    doc = Document.open(path)            # .yaml/.yml, or .md with front matter
    doc.set(("status",), "ingediend")
    doc.append(("history",), {"at": ..., "by": "alice", "from": "concept", "to": "ingediend"})
    doc.save()
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from .atomic import atomic_write  # noqa: F401  (re-exported: tools that edit files use it)
from .load.frontmatter import split_front_matter
from .load.yamlread import YamlProblem, parse_yaml

Path_ = tuple  # a path into the data: ("reviews", 0, "verdict")


class EditError(Exception):
    """The file cannot be edited as asked (not YAML, no front matter, wrong shape, unwritable text)."""


# --- rendering ---------------------------------------------------------------------------


def _represent_datetime(representer, value: dt.datetime):
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _yaml(mapping_indent: int = 2, seq_indent: int = 4, seq_offset: int = 2) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000  # never fold long lines
    y.allow_unicode = True
    y.indent(mapping=mapping_indent, sequence=seq_indent, offset=seq_offset)
    y.representer.add_representer(dt.datetime, _represent_datetime)
    return y


# What the YAML spec allows in a file as text (PyYAML's reader refuses anything else).
# Outside it a character can only be an escape; in a title or a reason it is an accident
# (a pasted terminal colour, a NUL), and a lone surrogate cannot be stored as UTF-8 at all.
_UNWRITABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_STYLES = {"plain": str, "single": SingleQuotedScalarString, "double": DoubleQuotedScalarString,
           "literal": LiteralScalarString}


def _refuse_unwritable(text: str) -> None:
    bad = _UNWRITABLE.search(text)
    if bad:
        shown = repr(text if len(text) <= 60 else text[:57] + "...")
        raise EditError(f"the text {shown} holds U+{ord(bad.group()):04X} at position {bad.start() + 1}, "
                        "a character a YAML file cannot hold as text; remove it")


@functools.lru_cache(maxsize=4096)
def _safe_style(text: str, preferred: str | None) -> str:
    """The first style (the one asked for, then the natural one, then double quotes) that reads back as ``text``.

    Reading back is done by the checker's own reader, so a YAML 1.1 reading (``No``, ``on``,
    ``1:30``, ``0o17`` …) or a line separator folded away is caught here, whatever ruamel
    thinks of the string. Double quotes with escapes hold every writable string.
    """
    candidates = (preferred, _natural_style(text), "double")
    if any(ch in text for ch in "\r\x85\u2028\u2029"):
        # a line break other than LF, written raw, would split lines where the checker's
        # front matter splitter (and a later edit) does not expect it: escapes only
        candidates = ("double",)
    for style in dict.fromkeys(s for s in candidates if s):
        out = io.StringIO()
        _yaml().dump(CommentedMap(k=_STYLES[style](text)), out)
        try:
            back = parse_yaml(out.getvalue()).data
        except YamlProblem:
            continue
        if isinstance(back, dict) and type(back.get("k")) is str and back["k"] == text:
            return style
    raise EditError(f"cannot write the text {text!r} so that it reads back unchanged")  # pragma: no cover


def _natural_style(text: str) -> str:
    """Plain (quoted by ruamel where YAML 1.2 needs it), or a ``|`` block for multi-line text.

    A block only when its last line is text: trailing blank lines need ``|+`` and a last
    line of blanks or ``#...`` looks like what follows the entry, so a later edit would
    insert after it by mistake; such text gets double quotes.
    """
    if "\n" not in text:
        return "plain"
    last = text[:-1] if text.endswith("\n") else text
    last = last.rsplit("\n", 1)[-1].strip()
    return "literal" if last and not last.startswith("#") else "double"


def _quote_style(node: Any) -> str | None:
    if isinstance(node, SingleQuotedScalarString):
        return "single"
    if isinstance(node, DoubleQuotedScalarString):
        return "double"
    return None


def to_yaml_value(value: Any, like: Any = None) -> Any:
    """Plain Python data as ruamel round-trip nodes that read back, with ``stelsel check``'s reader, as ``value``.

    Collections become block collections; a string gets the first style that reads back as
    itself: the quote style of ``like`` (the value it replaces) when that is safe, else
    plain (ruamel quotes where YAML 1.2 needs it), a ``|`` block for multi-line text, and
    double quotes with escapes when YAML 1.1 would read it otherwise (``No``, ``1:30``, a
    line separator). Dates stay dates. The one place that decides how a value is written.
    """
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = to_yaml_value(item)
        return out
    if isinstance(value, (list, tuple)):
        return CommentedSeq(to_yaml_value(v) for v in value)
    if isinstance(value, str):
        _refuse_unwritable(value)
        if type(value) is not str:  # a style the caller chose (ruamel's scalar strings)
            return value
        preferred = _quote_style(like) if "\n" not in value else None
        return _STYLES[_safe_style(value, preferred)](value)
    return value


def render(value: Any, mapping_indent: int = 2, seq_indent: int = 4, seq_offset: int = 2) -> str:
    """The YAML text of one value (a document of its own), with stelsel's formatting."""
    out = io.StringIO()
    _yaml(mapping_indent, seq_indent, seq_offset).dump(to_yaml_value(value), out)
    return out.getvalue()


def plain(text: str) -> Any:
    """Plain data of a YAML text, read the way ``stelsel check`` reads it (its own reader)."""
    return parse_yaml(text).data


def as_plain(value: Any) -> Any:
    """``value`` as the plain data a reader gives back: lists for tuples, ``str`` for styled strings."""
    if isinstance(value, dict):
        return {as_plain(k): as_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def same(a: Any, b: Any) -> bool:
    """Equal in value and in type at every level: True is not 1, a date is neither a datetime nor text."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    if isinstance(a, float) and a != a:
        return b != b  # NaN
    return a == b


def new_markdown(front: dict, body: str) -> str:
    """The text of a new Markdown file: ``front`` as front matter, then ``body``; verified to read back as given."""
    text = "---\n" + render(front) + "---\n" + body
    matter, rest, _line = split_front_matter(text)
    try:
        holds = matter is not None and rest == body and same(plain(matter), as_plain(front))
    except YamlProblem:
        holds = False
    if not holds:
        raise EditError("the front matter would not read back as written")  # pragma: no cover
    return text


# --- the text of a file -------------------------------------------------------------------


def _split_markdown(text: str) -> tuple[str, str, str]:
    """(opening, front matter, rest) of a Markdown file; rest starts with the closing line."""
    if not text.startswith("---\n"):
        raise EditError("no front matter: the file must start with a '---' line")
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\n") in ("---", "..."):
            return lines[0], "".join(lines[1:index]), "".join(lines[index:])
    raise EditError("the front matter is not closed by a '---' line")


def _lf_lines(text: str) -> list[str]:
    """Lines split at LF only, each with its end (a CR before the LF stays with the line)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _keep_line_ends(original: str, edited: str) -> str:
    """``edited`` (LF line ends) with each line that is unchanged from ``original`` given back its own end.

    A changed line keeps the end of the line it replaces; a new line ends like the line it
    follows. So a file with CRLF lines, or a mix of CRLF and LF, differs only where edited,
    and a missing final newline stays missing.
    """
    raw = _lf_lines(original)
    open_end = bool(raw) and not raw[-1].endswith("\n")
    if not open_end and "\r\n" not in original:
        return edited
    ends = ["\r\n" if line.endswith("\r\n") else "\n" for line in raw]
    if open_end:
        ends[-1] = ends[-2] if len(ends) > 1 else "\n"
    old = [line[:-2] + "\n" if line.endswith("\r\n") else line for line in raw]
    if open_end:
        old[-1] += "\n"
    new = _lf_lines(edited)

    def ended(line: str, end: str) -> str:
        return line[:-1] + end if line.endswith("\n") else line

    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(ended(new[j], ends[i]) for i, j in zip(range(i1, i2), range(j1, j2)))
            continue
        for k, line in enumerate(new[j1:j2]):
            source = i1 + k if i1 + k < i2 else i1 - 1
            out.append(ended(line, ends[source] if 0 <= source < len(ends) else (ends[0] if ends else "\n")))
    text = "".join(out)
    if open_end and out and new and new[-1] == old[-1] and text.endswith(ends[-1]):
        text = text[: -len(ends[-1])]  # the last line is the original one: give back its missing end
    return text


class Document:
    """One YAML file, or the front matter of one Markdown file, open for round-trip edits."""

    def __init__(self, path: Path | None, text: str):
        self.path = Path(path) if path is not None else None
        self.original = text
        self.bom = text.startswith("\ufeff")
        if self.bom:
            text = text[1:]
        self._raw = text  # with its own line ends: given back to every line the edits leave alone
        text = text.replace("\r\n", "\n")
        self.markdown = self.path is not None and self.path.suffix.lower() == ".md"
        if self.markdown:
            self._head, self.yaml_text, self._tail = _split_markdown(text)
        else:
            self._head, self.yaml_text, self._tail = "", text, ""
        self._parse()
        self.fallbacks = 0  # how many edits needed ruamel's full dump (for tests and curiosity)

    # -- opening and saving

    @classmethod
    def open(cls, path: Path | str) -> "Document":
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EditError(f"cannot read {path}: {exc}") from None
        return cls(path, text)

    @property
    def text(self) -> str:
        """The whole file as it would be written now."""
        text = _keep_line_ends(self._raw, self._head + self.yaml_text + self._tail)
        return ("\ufeff" if self.bom else "") + text

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def save(self, path: Path | None = None) -> bool:
        """Write the file atomically if it changed; True when written."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise EditError("no path to save to")
        if path is None and not self.changed:
            return False
        text = self.text
        self._verify_readback(text)
        atomic_write(target, text)
        self.original = text
        return True

    def _verify_readback(self, text: str) -> None:
        """The whole file, read the way ``stelsel check`` reads it, holds the edited data."""
        body = text[1:] if text.startswith("\ufeff") else text
        if self.markdown:
            body = split_front_matter(body)[0]
        try:
            holds = body is not None and same(plain(body), plain(self.yaml_text))
        except YamlProblem:
            holds = False
        if not holds:
            where = f" {self.path}" if self.path else ""
            raise EditError(f"cannot save{where}: the edited file would not read back as edited; "
                            "edit it by hand")

    # -- reading

    def _parse(self) -> None:
        try:
            data = _yaml().load(self.yaml_text)
        except Exception as exc:
            raise EditError(f"not YAML stelsel can edit: {exc}") from None
        self._data = CommentedMap() if data is None else data
        if not isinstance(self._data, CommentedMap):
            raise EditError("the top level must be a mapping (key: value)")
        self.lines = self.yaml_text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
            self.yaml_text += "\n"
        self._indent = self._guess_indent()

    def _fresh(self) -> None:
        """Parse the text of the last edit, so data, lines and indents are current."""
        if self._data is None:
            self._parse()

    @property
    def data(self) -> CommentedMap:
        """The round-trip data of the text as it is now."""
        self._fresh()
        return self._data

    def get(self, path: Path_, default: Any = None) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def _guess_indent(self) -> tuple[int, int, int]:
        """(mapping indent, sequence indent, dash offset) as this file writes them."""
        mapping_indent, offset = None, None

        def walk(node, col):
            nonlocal mapping_indent, offset
            if isinstance(node, CommentedMap):
                for key in node:
                    value = node[key]
                    kline, kcol = node.lc.key(key)
                    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not self._is_flow(value):
                        if isinstance(value, CommentedMap):
                            child_col = value.lc.key(next(iter(value)))[1]
                            if mapping_indent is None and child_col > kcol:
                                mapping_indent = child_col - kcol
                        else:
                            if offset is None:
                                offset = max(0, value.lc.col - kcol)
                        walk(value, kcol)
            elif isinstance(node, CommentedSeq):
                for item in node:
                    if isinstance(item, (CommentedMap, CommentedSeq)) and len(item) and not self._is_flow(item):
                        walk(item, col)

        walk(self.data, 0)
        mapping_indent = mapping_indent or 2
        offset = 2 if offset is None else offset
        return mapping_indent, offset + 2, offset

    def _is_flow(self, node) -> bool:
        line, col = node.lc.line, node.lc.col
        if line >= len(self.lines):
            return False
        return self.lines[line][col:col + 1] in ("[", "{")

    # -- editing

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at ``path``; a missing last key is added at the end of its mapping."""
        if not path:
            raise EditError("cannot replace the whole document")
        self._edit(("set", tuple(path), value))

    def append(self, path: Path_, value: Any) -> None:
        """Append ``value`` to the sequence at ``path`` (created, in block style, if missing)."""
        self._edit(("append", tuple(path), value))

    def _edit(self, op: tuple) -> None:
        try:
            to_yaml_value(op[2])  # refuses text a YAML file cannot hold, before anything changes
        except EditError as exc:
            raise EditError(f"cannot write {'.'.join(map(str, op[1]))}: {exc}") from None
        self._fresh()
        try:
            before = plain(self.yaml_text)
        except YamlProblem as problem:
            raise EditError(f"stelsel check cannot read {self.path or 'the text'} (line {problem.line}: "
                            f"{problem.message}); fix that first") from None
        expected = _apply_plain(before or {}, op)
        try:
            spliced = self._splice(op)
        except (_NoSplice, KeyError, IndexError, TypeError, ValueError, AttributeError):
            spliced = None  # a layout the splicer does not know: ruamel's dump, restored, below
        if spliced is not None and self._holds(spliced, expected):
            self._replace_text(spliced)
            return
        self.fallbacks += 1
        dumped = self._ruamel_apply(op)
        for candidate in (_restore_untouched(self.yaml_text, dumped, self._touched_lines(op)), dumped):
            if self._holds(candidate, expected):
                self._replace_text(candidate)
                return
        where = f" {self.path}" if self.path else ""
        raise EditError(f"cannot edit{where} safely at {'.'.join(map(str, op[1]))}: "
                        "its layout defeats a byte-preserving edit; edit it by hand")

    @staticmethod
    def _holds(text: str, expected: Any) -> bool:
        """``text`` holds exactly ``expected`` (type for type) when read the way ``stelsel check`` reads it."""
        try:
            return same(plain(text), expected)
        except YamlProblem:
            return False

    def _replace_text(self, text: str) -> None:
        self.yaml_text = text
        self._data = None  # ruamel's parse is the slow part: only again when another edit follows

    def _ruamel_apply(self, op: tuple) -> str:
        """The text ruamel itself produces for the edit: the reference the splice must match."""
        data = copy.deepcopy(self.data)
        kind, path, value = op
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        if kind == "set":
            current = parent.get(last) if isinstance(parent, dict) else parent[last]
            parent[last] = to_yaml_value(value, like=current)
        else:
            seq = parent.get(last) if isinstance(parent, dict) else parent[last]
            if not isinstance(seq, list):
                parent[last] = to_yaml_value([value])
            else:
                seq.append(to_yaml_value(value))
        out = io.StringIO()
        _yaml(*self._indent).dump(data, out)
        return out.getvalue()

    def _touched_lines(self, op: tuple) -> tuple[int, int]:
        """Line range (0-based, end exclusive) of the original the edit may change."""
        _kind, path, _value = op
        try:
            start, end = self._span(path)
        except (KeyError, IndexError, TypeError, ValueError):
            try:
                start, end = self._span(path[:-1]) if path[:-1] else (0, len(self.lines))
            except (KeyError, IndexError, TypeError, ValueError):
                return (0, len(self.lines))
        return start, end

    # -- spans: where a node stands in the text

    def _container(self, path: Path_):
        node = self.data
        for part in path:
            node = node[part]
        return node

    def _span(self, path: Path_) -> tuple[int, int]:
        """Lines [start, end) of the entry at ``path`` (key line through its last value line)."""
        if not path:
            return 0, len(self.lines)
        parent = self._container(path[:-1])
        last = path[-1]
        if isinstance(parent, CommentedMap):
            keys = list(parent)
            index = keys.index(last)
            start = parent.lc.key(last)[0]
            if index + 1 < len(keys):
                end = parent.lc.key(keys[index + 1])[0]
            else:
                end = self._span(path[:-1])[1]
        else:
            start = parent.lc.item(last)[0]
            if last + 1 < len(parent):
                end = parent.lc.item(last + 1)[0]
            else:
                end = self._span(path[:-1])[1]
        return start, self._trim(start, end)

    def _trim(self, start: int, end: int) -> int:
        """Move ``end`` back over trailing blank and comment lines (they belong to what follows)."""
        while end > start + 1:
            line = self.lines[end - 1].strip()
            if line and not line.startswith("#"):
                break
            end -= 1
        return end

    # -- splices

    def _splice(self, op: tuple) -> str:
        kind, path, value = op
        parent = self._container(path[:-1])
        last = path[-1]
        exists = (last in parent) if isinstance(parent, CommentedMap) else (0 <= last < len(parent))
        if isinstance(parent, CommentedMap) and self._is_flow(parent) and len(parent):
            raise _NoSplice
        if kind == "set":
            if not exists:
                return self._add_key(path, value)
            return self._set_existing(path, value)
        if not exists:
            return self._add_key(path, [value])
        current = parent[last]
        if isinstance(current, CommentedSeq) and len(current) and not self._is_flow(current):
            return self._append_block(path, current, value)
        if isinstance(current, CommentedSeq) and self._is_flow(current) and not isinstance(value, (dict, list)):
            return self._append_flow(current, value)
        if current is None or (isinstance(current, CommentedSeq) and not len(current)):
            return self._replace_empty_with_block(path, [value])
        raise _NoSplice

    def _key_col(self, parent: CommentedMap, path: Path_) -> int:
        if len(parent):
            return parent.lc.key(next(iter(parent)))[1]
        if not path:
            return 0
        raise _NoSplice

    def _add_key(self, path: Path_, value: Any) -> str:
        parent = self._container(path[:-1])
        if not isinstance(parent, CommentedMap):
            raise _NoSplice
        col = self._key_col(parent, path[:-1])
        block = self._render_entry(path[-1], value, col)
        if len(parent) == 0 and not path[:-1]:
            at = len(self.lines)
            while at > 0 and (not self.lines[at - 1].strip() or self.lines[at - 1].lstrip().startswith("#")):
                at -= 1
        else:
            last_key = list(parent)[-1]
            at = self._span(path[:-1] + (last_key,))[1]
        return "".join(self.lines[:at]) + block + "".join(self.lines[at:])

    def _render_entry(self, key: Any, value: Any, col: int) -> str:
        text = render({key: value}, *self._indent)
        pad = " " * col
        return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))

    def _set_existing(self, path: Path_, value: Any) -> str:
        parent = self._container(path[:-1])
        last = path[-1]
        current = parent[last]
        if isinstance(value, (dict, list)) or isinstance(current, (CommentedMap, CommentedSeq)):
            return self._replace_entry(path, value)
        if isinstance(parent, CommentedMap):
            line, col = parent.lc.value(last)
        else:
            line, col = parent.lc.item(last)
        text = self.lines[line]
        end = _scalar_end(text, col)
        if end is None:
            return self._replace_entry(path, value)
        start_span, end_span = self._span(path)
        if end_span - start_span > 1 and line == start_span:
            # a multi-line plain or quoted scalar: rewrite the whole entry
            return self._replace_entry(path, value)
        rendered = render({"k": to_yaml_value(value, like=current)}, *self._indent)
        if rendered.count("\n") != 1 or not rendered.startswith("k: "):
            return self._replace_entry(path, value)
        token = rendered[3:].rstrip("\n")
        new_line = text[:col] + token + text[end:]
        if token and end < len(text.rstrip("\n")) and text[end] == "#":
            new_line = text[:col] + token + " " + text[end:]
        lines = list(self.lines)
        lines[line] = new_line
        return "".join(lines)

    def _replace_entry(self, path: Path_, value: Any) -> str:
        parent = self._container(path[:-1])
        if not isinstance(parent, CommentedMap):
            raise _NoSplice
        start, end = self._span(path)
        col = parent.lc.key(path[-1])[1]
        current = parent[path[-1]]
        block = self._render_entry(path[-1], to_yaml_value(value, like=current), col)
        return "".join(self.lines[:start]) + block + "".join(self.lines[end:])

    def _replace_empty_with_block(self, path: Path_, value: list) -> str:
        """``key: []`` or ``key:`` becomes ``key:`` followed by block items; a comment stays."""
        parent = self._container(path[:-1])
        if not isinstance(parent, CommentedMap):
            raise _NoSplice
        last = path[-1]
        kline, kcol = parent.lc.key(last)
        start, end = self._span(path)
        if end - start != 1:
            raise _NoSplice
        text = self.lines[kline]
        current = parent[last]
        if current is not None:
            vline, vcol = parent.lc.value(last)
            if vline != kline or text[vcol:vcol + 2] != "[]":
                raise _NoSplice
            rest = text[vcol + 2:]
            head = text[:vcol].rstrip(" ")
            new_key_line = head + (rest if rest.strip() else "\n")
        else:
            new_key_line = text
        rendered = render({last: value}, *self._indent).splitlines(keepends=True)[1:]
        pad = " " * kcol
        items = "".join(pad + line if line.strip() else line for line in rendered)
        lines = list(self.lines)
        lines[kline:kline + 1] = [new_key_line, items]
        return "".join(lines)

    def _append_flow(self, seq: CommentedSeq, value: Any) -> str:
        """``[a, b]`` becomes ``[a, b, c]`` on the same line."""
        line, col = seq.lc.line, seq.lc.col
        text = self.lines[line]
        close = _flow_close(text, col)
        if close is None:
            raise _NoSplice
        rendered = render({"k": value}, *self._indent)
        if rendered.count("\n") != 1 or not rendered.startswith("k: "):
            raise _NoSplice
        token = rendered[3:].rstrip("\n")
        if isinstance(value, str) and token[:1] not in ("'", '"') and any(ch in token for ch in ",[]{}#"):
            # a flow indicator in a plain scalar would end it inside [...]: quote it
            token = render({"k": to_yaml_value(value, like=DoubleQuotedScalarString(""))})[3:].rstrip("\n")
        inner = text[col + 1:close]
        if inner.strip():
            stop = col + 1 + len(inner.rstrip())
            new_line = text[:stop] + ", " + token + text[stop:]
        else:
            new_line = text[:col + 1] + token + text[close:]
        lines = list(self.lines)
        lines[line] = new_line
        return "".join(lines)

    def _append_block(self, path: Path_, seq: CommentedSeq, value: Any) -> str:
        first_line, first_col = seq.lc.item(0)
        dash_col = seq.lc.col
        if self.lines[seq.lc.line][dash_col:dash_col + 1] != "-":
            raise _NoSplice
        content_col = first_col if first_line == seq.lc.line else dash_col + 2
        rendered = render([value], 2, 2, 0).splitlines(keepends=True)
        if not rendered or not rendered[0].startswith("- "):
            raise _NoSplice
        out = [" " * dash_col + "-" + " " * max(1, content_col - dash_col - 1) + rendered[0][2:]]
        shift = content_col - 2
        for line in rendered[1:]:
            if not line.strip():
                out.append(line)
            elif shift >= 0:
                out.append(" " * shift + line)
            else:
                if line[: -shift].strip():
                    raise _NoSplice
                out.append(line[-shift:])
        at = self._span(path + (len(seq) - 1,))[1]
        return "".join(self.lines[:at]) + "".join(out) + "".join(self.lines[at:])


class _NoSplice(Exception):
    """The layout is one the splicer does not handle; fall back to ruamel's dump."""


def _apply_plain(data: Any, op: tuple) -> Any:
    """The plain data the file must hold after ``op``: what every splice is verified against."""
    kind, path, value = op
    value = as_plain(value)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "set":
        parent[last] = value
    else:
        current = parent.get(last) if isinstance(parent, dict) else parent[last]
        if isinstance(current, list):
            current.append(value)
        else:
            parent[last] = [value]
    return data


def _scalar_end(text: str, col: int) -> int | None:
    """End column of a one-line scalar token starting at ``col``, or None if it is not one."""
    if col >= len(text):
        return None
    first = text[col]
    body = text.rstrip("\n")
    if first in "|>[{&*!%@`":
        return None
    if first == "'":
        i = col + 1
        while i < len(body):
            if body[i] == "'":
                if i + 1 < len(body) and body[i + 1] == "'":
                    i += 2
                    continue
                return _after_token(body, i + 1)
            i += 1
        return None
    if first == '"':
        i = col + 1
        while i < len(body):
            if body[i] == "\\":
                i += 2
                continue
            if body[i] == '"':
                return _after_token(body, i + 1)
            i += 1
        return None
    # plain scalar: up to ' #' or the end of the line, trailing blanks excluded
    i = col
    while i < len(body):
        if body[i] == "#" and i > col and body[i - 1] in " \t":
            break
        i += 1
    while i > col and body[i - 1] in " \t":
        i -= 1
    return i


def _flow_close(text: str, col: int) -> int | None:
    """Column of the ``]`` that closes the flow sequence opened at ``col`` on this line."""
    depth, quote, i = 0, None, col
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                if quote == "'" and text[i + 1:i + 2] == "'":
                    i += 2
                    continue
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i if ch == "]" else None
        elif ch == "#" and text[i - 1:i] in (" ", "\t"):
            return None
        i += 1
    return None


def _after_token(body: str, end: int) -> int | None:
    rest = body[end:]
    if rest.strip() and not rest.lstrip().startswith("#"):
        return None
    return end


def _restore_untouched(original: str, edited: str, touched: tuple[int, int]) -> str:
    """ruamel's dump with every hunk outside the ``touched`` lines put back as it was."""
    old = original.splitlines(keepends=True)
    new = edited.splitlines(keepends=True)
    lo, hi = touched
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(old[i1:i2])
        elif i1 < hi and i2 > lo or (i1 == i2 and lo <= i1 <= hi):
            out.extend(new[j1:j2])
        else:
            out.extend(old[i1:i2])
    return "".join(out)

