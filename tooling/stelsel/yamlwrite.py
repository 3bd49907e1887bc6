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


# --- new files of plain data, fast --------------------------------------------------------

_PLAIN = re.compile(r"[^\W\d_][^:#\[\]{},&*!|>'\"%@`\n\r\t\\]*(?<! )", re.UNICODE)
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_NUMBERISH = re.compile(r"[-+.0-9_:eE]+")


def _scalar(value: Any) -> str | None:
    """One scalar as YAML text for a block mapping or sequence, or None when only :func:`render` may write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if type(value) is not str or not value or any(ch in value for ch in "\n\r\x85\u2028\u2029"):
        return None
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML11_WORDS and not _NUMBERISH.fullmatch(value):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


class _Unfit(Exception):
    """A value :func:`render_new` leaves to :func:`render`."""


def _key(key: Any) -> str:
    if not isinstance(key, str) or _scalar(key) != key:
        raise _Unfit
    return key


def _lines(value: Any, indent: str, out: list[str], depth: int = 0) -> None:
    """``value`` (a mapping) as block lines: scalars, mappings and lists of scalars or of flat mappings."""
    if depth > 2:
        raise _Unfit
    for key, item in value.items():
        key = _key(key)
        if isinstance(item, dict):
            if not item:
                out.append(f"{indent}{key}: {{}}")
                continue
            out.append(f"{indent}{key}:")
            _lines(item, indent + "  ", out, depth + 1)
        elif isinstance(item, list):
            if not item:
                out.append(f"{indent}{key}: []")
                continue
            out.append(f"{indent}{key}:")
            for entry in item:
                flow = _flow(entry) if isinstance(entry, dict) else None
                if flow is not None:
                    out.append(f"{indent}  - {flow}")
                    continue
                if isinstance(entry, dict) and entry:
                    inner: list[str] = []
                    _lines(entry, indent + "    ", inner, depth + 1)
                    out.append(f"{indent}  - {inner[0].lstrip()}")
                    out.extend(inner[1:])
                    continue
                text = _scalar(entry)
                if text is None:
                    raise _Unfit
                out.append(f"{indent}  - {text}")
        else:
            text = _scalar(item)
            if text is None:
                raise _Unfit
            out.append(f"{indent}{key}: {text}")


def _flow(entry: dict) -> str | None:
    """A small mapping of scalars on one line (``{item: R-1, action: add}``), or None."""
    parts = []
    for key, item in entry.items():
        text = _scalar(item) if not isinstance(item, (dict, list)) else None
        if text is None or not isinstance(key, str) or _scalar(key) != key:
            return None
        parts.append(f"{key}: {text}")
    line = "{" + ", ".join(parts) + "}"
    return line if parts and len(line) <= 100 else None


def render_new(value: dict) -> str:
    """The text of a new YAML file holding ``value``, fast; what :func:`render` would mean, in its layout.

    For files written by the hundred (an imported catalogue, its record): plain scalars where
    they read back as themselves, double quotes otherwise, lists as ``  - x`` like
    :func:`render`. The text is read back with the checker's reader; whenever it is not
    ``value`` (or the value holds what this does not write: multi-line text, deep nesting)
    :func:`render` writes it.
    """
    lines: list[str] = []
    try:
        _lines(value, "", lines)
    except _Unfit:
        return render(value)
    out = "\n".join(lines) + "\n"
    try:
        if same(plain(out), as_plain(value)):
            return out
    except YamlProblem:
        pass
    return render(value)


def new_markdown_fast(front: dict, body: str) -> str:
    """:func:`new_markdown` with :func:`render_new` for the front matter (verified the same way)."""
    text = "---\n" + render_new(front) + "---\n" + body
    matter, rest, _line = split_front_matter(text)
    try:
        if matter is not None and rest == body and same(plain(matter), as_plain(front)):
            return text
    except YamlProblem:
        pass
    return new_markdown(front, body)
