"""Split a Markdown file into YAML front matter and body."""

from __future__ import annotations

from .lines import split_lines


def opens_front_matter(text: str) -> bool:
    """Whether the first line is ``---``: the file means to start with front matter."""
    return text.startswith(("---\n", "---\r\n", "---\r")) or text.rstrip(" \t") == "---"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, 1-based line where the body starts).

    Front matter is the block between a first line ``---`` and the next ``---`` or ``...``
    (lines end at LF, CRLF or CR only, as git counts them).
    """
    if not text.startswith(("---\n", "---\r\n", "---\r")):
        return None, text, 1
    lines = split_lines(text)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, body, index + 2
    return None, text, 1
