"""How stelsel writes a value into YAML so that ``stelsel check`` reads it back as meant.

ruamel.yaml (YAML 1.2) renders new fragments, but the checker reads with PyYAML (YAML 1.1),
where ``No`` is false and ``1:30`` is 90: :func:`to_yaml_value` is the one place that picks a
style (the old one, plain, a literal block, double quotes) that the checker's own reader
(:func:`stelsel.load.yamlread.parse_yaml`) reads back as the same string. Characters a YAML
file cannot hold as text are refused with an :class:`EditError`. Also here: rendering, the
comparison of written and intended data, and keeping each line's own line end. Used by
:mod:`stelsel.edit`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from .load.frontmatter import split_front_matter
from .load.yamlread import YamlProblem, parse_yaml

Path_ = tuple  # a path into the data: ("reviews", 0, "verdict")


class EditError(Exception):
    """The file cannot be edited as asked (not YAML, no front matter, wrong shape, unwritable text)."""


# --- rendering ---------------------------------------------------------------------------


def _represent_datetime(representer, value: dt.datetime):
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def round_trip_yaml(mapping_indent: int = 2, seq_indent: int = 4, seq_offset: int = 2) -> YAML:
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
        round_trip_yaml().dump(CommentedMap(k=_STYLES[style](text)), out)
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
    round_trip_yaml(mapping_indent, seq_indent, seq_offset).dump(to_yaml_value(value), out)
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


def split_markdown(text: str) -> tuple[str, str, str]:
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


def keep_line_ends(original: str, edited: str) -> str:
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
