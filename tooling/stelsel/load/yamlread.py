"""Fast YAML reading that keeps the position of every value.

PyYAML's C parser composes the node tree (with line/column marks) in C; one Python walk
then builds plain data and a position map. This is the hot path of ``check``: ruamel's
round-trip loader is an order of magnitude slower and is kept for edits only.

Anchors and aliases are refused: stelsel files never need them, and refusing them is
what makes an alias bomb ("billion laughs") a finding instead of a hang. So are explicit
tags other than the core scalar ones (``!!binary``, ``!!python/object``, a local ``!thing``
on a value, a list, a mapping or the whole document): a file is data, nothing else. Nesting
deeper than :data:`MAX_DEPTH` is refused too, so no reader above this one can recurse
without bound.

Lines are counted as git and the forges count them: only LF, CRLF and CR end a line
(PyYAML also breaks lines at U+0085, U+2028 and U+2029; positions are mapped back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..codes import NESTING_TOO_DEEP, YAML_ALIAS, YAML_SYNTAX, YAML_TAG
from .depth import markdown_depth_problem
from .lines import LineIndex

try:  # the C parser is what makes reading fast; fall back so nothing breaks without it
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Loc = tuple  # a path into the data: ("applies_to", 1)

_STR_TAG = "tag:yaml.org,2002:str"
# The core schema's scalar tags: an explicit '!!str' or '!!int' says nothing a value cannot.
CORE_SCALAR_TAGS = frozenset("tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null"))
# Every tag a node can have without one written in the file: any other was written (a backstop
# for a tag the text check below cannot see, e.g. one on the line after an anchor).
IMPLICIT_TAGS = CORE_SCALAR_TAGS | frozenset("tag:yaml.org,2002:" + name for name in ("timestamp", "seq", "map", "merge"))
MAX_DEPTH = 64  # nested lists and mappings; a stelsel file needs fewer than ten


class _Loader(_BaseLoader):  # a subclass, so PyYAML's global loader is never changed
    pass


class YamlProblem(Exception):
    """The text is not YAML stelsel can read; carries a 1-based position."""

    def __init__(self, message: str, line: int, col: int, hint: str | None = None, code: str = YAML_SYNTAX.code):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint
        self.code = code


@dataclass
class Parsed:
    """Plain data plus where each value (and each mapping key) stands in the file."""

    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[Loc, int, int]] = field(default_factory=list)
    # Noted while walking, so rules need not walk every value again: strings holding
    # [[ID]] links, and strings that are only white space.
    link_texts: list[tuple[Loc, str]] = field(default_factory=list)
    blank_texts: list[Loc] = field(default_factory=list)
    # Keys that are not text (``~:``, ``yes:``, ``1:``): (location, line, column), for the loader to report.
    odd_keys: list[tuple[Loc, int, int]] = field(default_factory=list)


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; raise YamlProblem with a position on any error."""
    lines = LineIndex(text, line_offset)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_problem(exc, lines) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, a control character)
            line, col = lines.at(exc.position)
            raise YamlProblem(f"character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X} "
                              "is not allowed in YAML", line, col,
                              hint="remove the character (a control character pasted from another program?)") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(f"YAML error: {' '.join(str(exc).split())}", 1 + line_offset, 1) from None
        except RecursionError:  # pragma: no cover - libyaml limits nesting before Python's stack does
            raise YamlProblem("the YAML is nested too deeply to read", 1 + line_offset, 1,
                              code=NESTING_TOO_DEEP.code, hint="flatten the structure") from None
        parsed = Parsed(data=None)
        if node is not None:
            builder = _Builder(loader, parsed, lines, text)
            parsed.data = builder.build(node, (), 0)
        return parsed
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, lines: LineIndex) -> YamlProblem:
    """The finding for a syntax error, placed where a person would look.

    An unclosed quote is only noticed where the scanner runs out of text, often many lines
    on: it is reported where the quote opens, with the scanner's place in the message.
    """
    mark = exc.problem_mark or exc.context_mark
    context = exc.context_mark
    line, col = lines.mark(mark) if mark is not None else (1 + lines.offset, 1)
    problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
    if not (exc.context and "quoted scalar" in exc.context) and mark is not None:
        # A quote closed only by an apostrophe many lines on swallows the YAML between them;
        # the error comes later still. Where that quoted text opens is where to look.
        swallowed = _swallowing_quote(lines.text, mark.index)
        if swallowed is not None:
            opened = lines.mark(swallowed)
            return YamlProblem(f"YAML syntax error: the quoted text opened here runs on over the lines below it "
                               f"({problem} at line {line}, column {col})", opened[0], opened[1],
                               hint="close the quote on this line (inside '...' write an apostrophe as '')")
    unclosed = exc.problem is not None and ("end of stream" in exc.problem or "document" in exc.problem)
    if exc.context and "quoted scalar" in exc.context and context is not None and unclosed:
        opened = lines.mark(context)
        if mark is not None and opened != (line, col):
            problem = f"a quoted text opened here is never closed ({problem} at line {line}, column {col})"
        line, col = opened
        return YamlProblem(f"YAML syntax error: {problem}", line, col,
                           hint="close the quote (a ' or \" opened on this line has no partner)")
    if mark is not None and lines.text[mark.index:mark.index + 1] == "\t":
        problem += " (a tab: YAML indents with spaces only)"
    if mark is not None:
        shown = lines.text[max(0, mark.index - 200):mark.index + 1]
        odd = next((ch for ch in ("\x85", "\u2028", "\u2029") if ch in shown), None)
        if odd is not None:
            problem += f" (U+{ord(odd):04X} near here is a line break for YAML, though not for an editor)"
    if exc.context and context is not None and mark is not None:
        start, start_col = lines.mark(context)
        if (start, start_col) != (line, col) and "flow" in exc.context:  # an unclosed '[' or '{': where it opens
            return YamlProblem(f"YAML syntax error: a {'list' if 'sequence' in exc.context else 'mapping'} opened "
                               f"here is never closed ({problem} at line {line}, column {col})", start, start_col,
                               hint="close the bracket on this line (']' or '}'), or put each item on a '- ' line")
        if start != line:
            problem += f" ({' '.join(exc.context.split())} that starts at line {start})"
    return YamlProblem(
        f"YAML syntax error: {problem}",
        line,
        col,
        hint="fix the YAML syntax at this position (indentation, a missing colon, an unclosed quote)",
    )


_STRUCTURE_LINE = re.compile(r"\n[ \t]*(?:- |[\w.-]+:(?:[ \t]|\r?$))", re.M)


def _swallowing_quote(text: str, before: int):
    """The start mark of a quoted text, before offset ``before``, that spans lines which look like YAML keys."""
    loader = _Loader(text)
    try:
        while True:
            try:
                token = loader.get_token()
            except yaml.YAMLError:
                return None
            if token is None or token.start_mark.index >= before:
                return None
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.end_mark.line > token.start_mark.line
                    and _STRUCTURE_LINE.search(text, token.start_mark.index, token.end_mark.index)):
                return token.start_mark
    finally:
        loader.dispose()


class _Builder:
    __slots__ = ("loader", "parsed", "lines", "text", "seen", "positions", "key_positions")

    def __init__(self, loader: _Loader, parsed: Parsed, lines: LineIndex, text: str):
        self.loader = loader
        self.parsed = parsed
        self.lines = lines
        self.text = text
        self.seen: set[int] = set()
        self.positions = parsed.positions
        self.key_positions = parsed.key_positions

    def _alias(self, node) -> YamlProblem:
        line, col = self.lines.mark(node.start_mark)
        return YamlProblem(
            "YAML anchors and aliases are not allowed in stelsel files",
            line,
            col,
            hint="write the value out in full instead of using '&anchor' and '*alias'",
            code=YAML_ALIAS.code,
        )

    def _properties(self, node) -> None:
        """Refuse an explicit tag on ``node``, other than a core scalar tag.

        A node's start is its first property: the text there shows what the file wrote,
        which the node alone cannot tell (an implicit date and '!!timestamp' look alike).
        An anchor is skipped: it is harmless until an alias uses it, and that is refused.
        """
        index = node.start_mark.index
        text = self.text
        for _ in range(2):  # a tag and an anchor, in either order
            char = text[index:index + 1]
            if char not in ("!", "&"):
                return
            end = index
            while end < len(text) and text[end] not in " \t\r\n,[]{}":
                end += 1
            written = text[index:end]
            if char == "!" and not (isinstance(node, ScalarNode) and node.tag in CORE_SCALAR_TAGS):
                line, col = self.lines.at(index)
                what = "value" if isinstance(node, ScalarNode) else ("list" if isinstance(node, SequenceNode) else "mapping")
                raise YamlProblem(f"YAML tag '{written}' on a {what}: stelsel files hold plain data, not tagged objects",
                                  line, col, code=YAML_TAG.code,
                                  hint="remove the tag; write binary content as a separate file, not '!!binary'")
            while end < len(text) and text[end] in " \t":
                end += 1
            index = end

    def _prose_depth(self, node, value: str) -> None:
        """Refuse prose that nests deeper than a Markdown renderer can take (see :mod:`.depth`)."""
        problem = markdown_depth_problem(value)
        if problem is not None:
            line, col = self.lines.mark(node.start_mark)
            raise YamlProblem(f"this text is nested too deeply to render: {problem[1]}", line, col,
                              code=NESTING_TOO_DEEP.code, hint="flatten the text: fewer nested lists, quotes or brackets")

    def _construct(self, node) -> Any:
        """The value of a non-text scalar (number, date, true/false); a bad one is a YamlProblem."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a date 2024-13-45
            line, col = self.lines.mark(node.start_mark)
            reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else exc
            raise YamlProblem(f"cannot read value: {' '.join(str(reason).split())}", line, col,
                              hint="correct the value, or quote it to keep it as text") from None

    def build(self, node, loc: Loc, depth: int) -> Any:
        line, col = self.lines.mark(node.start_mark)
        self.positions[loc] = (line, col)
        # A node met twice means an alias (shared or recursive): refuse it.
        ident = id(node)
        if ident in self.seen:
            raise self._alias(node)
        self.seen.add(ident)
        if self.text[node.start_mark.index:node.start_mark.index + 1] in ("!", "&"):
            self._properties(node)
        if node.tag not in IMPLICIT_TAGS:
            raise YamlProblem(f"YAML tag '{node.tag}': stelsel files hold plain data, not tagged objects", line, col,
                              code=YAML_TAG.code, hint="remove the tag; write binary content as a separate file")
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG:
                value = node.value
                if len(value) > 256:
                    self._prose_depth(node, value)
                if "[[" in value:
                    self.parsed.link_texts.append((loc, value))
                elif value and value.isspace():
                    self.parsed.blank_texts.append(loc)
                return value
            return self._construct(node)
        if depth >= MAX_DEPTH:
            raise YamlProblem(f"lists and mappings are nested more than {MAX_DEPTH} levels deep here", line, col,
                              code=NESTING_TOO_DEEP.code,
                              hint="flatten the structure: stelsel files need only a few levels")
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (index,), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    kline, kcol = self.lines.mark(key_node.start_mark)
                    raise YamlProblem("a mapping key must be a plain value, not a list or mapping", kline, kcol,
                                      hint="write the key as plain text")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._alias(key_node)
                if self.text[key_node.start_mark.index:key_node.start_mark.index + 1] in ("!", "&"):
                    self._properties(key_node)
                if key_node.tag not in IMPLICIT_TAGS:
                    kline, kcol = self.lines.mark(key_node.start_mark)
                    raise YamlProblem(f"YAML tag '{key_node.tag}' on a key: stelsel files hold plain data", kline, kcol,
                                      code=YAML_TAG.code, hint="remove the tag")
                key = key_node.value if key_node.tag == _STR_TAG else self._construct(key_node)
                kline, kcol = self.lines.mark(key_node.start_mark)
                key_loc = loc + (key,)
                if not isinstance(key, str):
                    self.parsed.odd_keys.append((key_loc, kline, kcol))
                if key in result:
                    self.parsed.duplicate_keys.append((key_loc, kline, kcol))
                self.key_positions[key_loc] = (kline, kcol)
                result[key] = self.build(value_node, key_loc, depth + 1)
            return result
        raise YamlProblem("unsupported YAML node", line, col)  # pragma: no cover
