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
import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .atomic import atomic_write  # noqa: F401  (re-exported: tools that edit files use it)
from .load.frontmatter import split_front_matter
from .load.yamlread import YamlProblem
from .splice import NoSplice, apply_plain, flow_close, restore_untouched, scalar_end
from .yamlwrite import new_markdown  # noqa: F401  (part of the edit API: workflow.ops creates files with it)
from .yamlwrite import (EditError, Path_, keep_line_ends, plain, render, round_trip_yaml, same, split_markdown,
                        to_yaml_value)


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
            self._head, self.yaml_text, self._tail = split_markdown(text)
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
        text = keep_line_ends(self._raw, self._head + self.yaml_text + self._tail)
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
            data = round_trip_yaml().load(self.yaml_text)
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
        expected = apply_plain(before or {}, op)
        try:
            spliced = self._splice(op)
        except (NoSplice, KeyError, IndexError, TypeError, ValueError, AttributeError):
            spliced = None  # a layout the splicer does not know: ruamel's dump, restored, below
        if spliced is not None and self._holds(spliced, expected):
            self._replace_text(spliced)
            return
        self.fallbacks += 1
        dumped = self._ruamel_apply(op)
        for candidate in (restore_untouched(self.yaml_text, dumped, self._touched_lines(op)), dumped):
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
        round_trip_yaml(*self._indent).dump(data, out)
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
            raise NoSplice
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
        raise NoSplice

    def _key_col(self, parent: CommentedMap, path: Path_) -> int:
        if len(parent):
            return parent.lc.key(next(iter(parent)))[1]
        if not path:
            return 0
        raise NoSplice

    def _add_key(self, path: Path_, value: Any) -> str:
        parent = self._container(path[:-1])
        if not isinstance(parent, CommentedMap):
            raise NoSplice
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
        end = scalar_end(text, col)
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
            raise NoSplice
        start, end = self._span(path)
        col = parent.lc.key(path[-1])[1]
        current = parent[path[-1]]
        block = self._render_entry(path[-1], to_yaml_value(value, like=current), col)
        return "".join(self.lines[:start]) + block + "".join(self.lines[end:])

    def _replace_empty_with_block(self, path: Path_, value: list) -> str:
        """``key: []`` or ``key:`` becomes ``key:`` followed by block items; a comment stays."""
        parent = self._container(path[:-1])
        if not isinstance(parent, CommentedMap):
            raise NoSplice
        last = path[-1]
        kline, kcol = parent.lc.key(last)
        start, end = self._span(path)
        if end - start != 1:
            raise NoSplice
        text = self.lines[kline]
        current = parent[last]
        if current is not None:
            vline, vcol = parent.lc.value(last)
            if vline != kline or text[vcol:vcol + 2] != "[]":
                raise NoSplice
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
        close = flow_close(text, col)
        if close is None:
            raise NoSplice
        rendered = render({"k": value}, *self._indent)
        if rendered.count("\n") != 1 or not rendered.startswith("k: "):
            raise NoSplice
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
            raise NoSplice
        content_col = first_col if first_line == seq.lc.line else dash_col + 2
        rendered = render([value], 2, 2, 0).splitlines(keepends=True)
        if not rendered or not rendered[0].startswith("- "):
            raise NoSplice
        out = [" " * dash_col + "-" + " " * max(1, content_col - dash_col - 1) + rendered[0][2:]]
        shift = content_col - 2
        for line in rendered[1:]:
            if not line.strip():
                out.append(line)
            elif shift >= 0:
                out.append(" " * shift + line)
            else:
                if line[: -shift].strip():
                    raise NoSplice
                out.append(line[-shift:])
        at = self._span(path + (len(seq) - 1,))[1]
        return "".join(self.lines[:at]) + "".join(out) + "".join(self.lines[at:])
