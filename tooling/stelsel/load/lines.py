"""Lines as git, editors and the forges count them: only LF, CRLF and CR end a line.

PyYAML (and ``str.splitlines``) also break lines at U+0085, U+2028, U+2029, U+000B,
U+000C and more; a finding placed by those counts lands on the wrong line of a CI
annotation. Everything that turns an offset into a line number goes through here.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")
_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
# What PyYAML counts as a line break besides LF and CR: where it is absent, its lines are ours.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def line_starts(text: str) -> list[int]:
    """The offset at which each line starts (the first is 0)."""
    return [0] + [m.end() for m in _BREAK.finditer(text)]


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their line ends kept, split only at LF, CRLF and CR."""
    out: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        out.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        out.append(text[start:])
    return out


def count_lines(text: str) -> int:
    """How many lines an editor shows for ``text`` (an empty text has one)."""
    return len(_BREAK.findall(text)) + 1


def position_in_bytes(raw: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in bytes, as the line holds undecodable bytes) of byte ``index``."""
    before = raw[:index]
    breaks = list(_BREAK_BYTES.finditer(before))
    if breaks and breaks[-1].end() == len(before) and before.endswith(b"\r") and raw[index:index + 1] == b"\n":
        breaks.pop()  # the byte is the LF of a CRLF: it belongs to the line the CR ends
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


class LineIndex:
    """Maps a character offset (or a PyYAML mark) of one text to its 1-based line and column."""

    __slots__ = ("text", "offset", "starts", "last")

    def __init__(self, text: str, offset: int = 0):
        self.text = text
        self.offset = offset
        # Only when PyYAML counts lines differently are the starts needed (rare): else its lines are ours.
        self.starts = line_starts(text) if any(ch in text for ch in _YAML_ONLY_BREAKS) else None
        # The last line that holds anything: the end of the text after a final line break is not a line.
        breaks = text.count("\n") if "\r" not in text else len(_BREAK.findall(text))
        self.last = max(1, breaks + (0 if not text or text[-1] in "\r\n" else 1))

    def at(self, index: int) -> tuple[int, int]:
        starts = self.starts
        if starts is None:
            starts = self.starts = line_starts(self.text)
        index = max(0, min(index, len(self.text)))
        line = bisect.bisect_right(starts, index) - 1
        return self._clamp(line + 1, index - starts[line] + 1)

    def mark(self, mark) -> tuple[int, int]:
        if self.starts is None:
            return self._clamp(mark.line + 1, mark.column + 1)
        return self.at(mark.index)

    def _clamp(self, line: int, col: int) -> tuple[int, int]:
        if line > self.last:  # the end of the text: the end of its last line
            starts = self.starts if self.starts is not None else line_starts(self.text)
            text = self.text[starts[self.last - 1]:] if self.last - 1 < len(starts) else ""
            return self.last + self.offset, len(text.rstrip("\r\n")) + 1
        return line + self.offset, col
