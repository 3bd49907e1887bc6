"""Fast YAML reading that keeps the position of every value.

PyYAML's C parser composes the node tree (with line/column marks) in C; one Python walk
then builds plain data and a position map. This is the hot path of ``check``: ruamel's
round-trip loader is an order of magnitude slower and is kept for edits only.

Anchors and aliases are refused: stelsel files never need them, and refusing them is
what makes an alias bomb ("billion laughs") a finding instead of a hang.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..codes import YAML_ALIAS, YAML_SYNTAX

try:  # the C parser is what makes reading fast; fall back so nothing breaks without it
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Loc = tuple  # a path into the data: ("applies_to", 1)

_STR_TAG = "tag:yaml.org,2002:str"


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


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; raise YamlProblem with a position on any error."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = (mark.line + 1 if mark else 1) + line_offset
            col = mark.column + 1 if mark else 1
            problem = exc.problem or exc.context or "invalid YAML"
            context = exc.context_mark
            if exc.context and context is not None and mark is not None and context.line != mark.line:
                problem += f" ({exc.context} that starts at line {context.line + 1 + line_offset})"
            raise YamlProblem(
                f"YAML syntax error: {problem}",
                line,
                col,
                hint="fix the YAML syntax at this position (indentation, a missing colon, an unclosed quote)",
            ) from None
        except yaml.YAMLError as exc:
            raise YamlProblem(f"YAML error: {exc}", 1 + line_offset, 1) from None
        parsed = Parsed(data=None)
        if node is not None:
            builder = _Builder(loader, parsed, line_offset)
            parsed.data = builder.build(node, ())
        return parsed
    finally:
        loader.dispose()


class _Builder:
    __slots__ = ("loader", "parsed", "offset", "seen", "positions", "key_positions")

    def __init__(self, loader: _Loader, parsed: Parsed, offset: int):
        self.loader = loader
        self.parsed = parsed
        self.offset = offset
        self.seen: set[int] = set()
        self.positions = parsed.positions
        self.key_positions = parsed.key_positions

    def _alias(self, node) -> YamlProblem:
        mark = node.start_mark
        return YamlProblem(
            "YAML anchors and aliases are not allowed in stelsel files",
            mark.line + 1 + self.offset,
            mark.column + 1,
            hint="write the value out in full instead of using '&anchor' and '*alias'",
            code=YAML_ALIAS.code,
        )

    def _construct(self, node) -> Any:
        """The value of a non-text scalar (number, date, true/false); a bad one is a YamlProblem."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a date 2024-13-45
            mark = node.start_mark
            reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else exc
            raise YamlProblem(f"cannot read value: {reason}", mark.line + 1 + self.offset, mark.column + 1,
                              hint="correct the value, or quote it to keep it as text") from None

    def build(self, node, loc: Loc) -> Any:
        mark = node.start_mark
        self.positions[loc] = (mark.line + 1 + self.offset, mark.column + 1)
        # A node met twice means an alias (shared or recursive): refuse it.
        ident = id(node)
        if ident in self.seen:
            raise self._alias(node)
        self.seen.add(ident)
        if isinstance(node, ScalarNode):
            if node.tag == _STR_TAG:
                value = node.value
                if "[[" in value:
                    self.parsed.link_texts.append((loc, value))
                elif value and value.isspace():
                    self.parsed.blank_texts.append(loc)
                return value
            return self._construct(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, loc + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    kmark = key_node.start_mark
                    raise YamlProblem(
                        "a mapping key must be a plain value, not a list or mapping",
                        kmark.line + 1 + self.offset,
                        kmark.column + 1,
                        hint="write the key as plain text",
                    )
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._alias(key_node)
                key = key_node.value if key_node.tag == _STR_TAG else self._construct(key_node)
                kmark = key_node.start_mark
                key_loc = loc + (key,)
                if key in result:
                    self.parsed.duplicate_keys.append((key_loc, kmark.line + 1 + self.offset, kmark.column + 1))
                self.key_positions[key_loc] = (kmark.line + 1 + self.offset, kmark.column + 1)
                result[key] = self.build(value_node, key_loc)
            return result
        raise YamlProblem("unsupported YAML node", mark.line + 1 + self.offset, mark.column + 1)  # pragma: no cover
