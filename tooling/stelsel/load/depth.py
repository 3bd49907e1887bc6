"""How deeply Markdown text nests, bounded before any renderer sees it.

The site and the PDF render prose and pages with Python-Markdown, which recurses once per
level of nested lists (a RecursionError at a few hundred) and takes time far worse than
linear in nested brackets ('[' * 4000: seconds; * 20000: minutes). No real text nests that
deeply: past :data:`MAX_MARKDOWN_DEPTH` it is a finding (F016) where it happens, and the
text is never rendered.
"""

from __future__ import annotations

MAX_MARKDOWN_DEPTH = 64
MAX_INDENT = 4 * MAX_MARKDOWN_DEPTH  # columns of leading white space (a list level is 2 to 4)


def markdown_depth_problem(text: str) -> tuple[int, str] | None:
    """(offset, what) of the first place ``text`` nests too deeply for a renderer, or None."""
    if text.count("[") > MAX_MARKDOWN_DEPTH:
        depth = 0
        for index, ch in enumerate(text):
            if ch == "[":
                depth += 1
                if depth > MAX_MARKDOWN_DEPTH:
                    return index, f"'[' brackets nest (or stay open) more than {MAX_MARKDOWN_DEPTH} deep"
            elif ch == "]" and depth:
                depth -= 1
    if "\n" in text or text.startswith((" ", "\t", ">")):
        offset = 0
        for line in text.splitlines(keepends=True):
            stripped = line.lstrip(" \t>")
            lead = line[: len(line) - len(stripped)]
            if lead.count(">") > MAX_MARKDOWN_DEPTH:
                return offset, f"block quotes ('>') nest more than {MAX_MARKDOWN_DEPTH} deep"
            if len(lead.expandtabs(4)) > MAX_INDENT and stripped.strip():
                return offset, f"the text is indented more than {MAX_INDENT} columns (lists nest too deeply)"
            offset += len(line)
    return None
