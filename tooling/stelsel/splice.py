"""Splicing an edit into the original text: find where a scalar or flow collection ends.

The helpers :class:`stelsel.edit.Document` uses to replace one token on its line and to put
back every untouched region of the original when it has to fall back to ruamel's dump.
"""

from __future__ import annotations

import difflib
from typing import Any

from .yamlwrite import as_plain


class NoSplice(Exception):
    """The layout is one the splicer does not handle; fall back to ruamel's dump."""


def apply_plain(data: Any, op: tuple) -> Any:
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


def scalar_end(text: str, col: int) -> int | None:
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
                return after_token(body, i + 1)
            i += 1
        return None
    if first == '"':
        i = col + 1
        while i < len(body):
            if body[i] == "\\":
                i += 2
                continue
            if body[i] == '"':
                return after_token(body, i + 1)
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


def flow_close(text: str, col: int) -> int | None:
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


def after_token(body: str, end: int) -> int | None:
    rest = body[end:]
    if rest.strip() and not rest.lstrip().startswith("#"):
        return None
    return end


def restore_untouched(original: str, edited: str, touched: tuple[int, int]) -> str:
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
