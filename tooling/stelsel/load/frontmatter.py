"""Split a Markdown file into YAML front matter and body."""

from __future__ import annotations


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter or None, body, 1-based line where the body starts).

    Front matter is the block between a first line ``---`` and the next ``---`` or ``...``.
    """
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, body, index + 2
    return None, text, 1
