"""The HTML parts of a generated page, stored by Python-Markdown instead of parsed again.

The generator writes each HTML part (templates, autoescaped; see markup.py) on lines of its
own between two comment lines, :data:`OPEN` and :data:`CLOSE`. Without this extension
Python-Markdown still renders such a page right: its ``html_block`` preprocessor finds the
raw HTML with an ``HTMLParser`` and stores it, but that parse is slow on large trees. On the
N=5,000 bench tree, Python-Markdown took 15.1 s for the 138 pages, 4.2 s with the parts
stored as they are, and the HTML site build went from 47-53 s to 34-36 s (2 CPUs), with
every page byte for byte the same. :class:`StoredParts` stores each part just before
``html_block`` runs (after the whitespace normalisation, snippets and fences, as before), so
the parser only sees the Markdown between the parts. Like ``html_block``, it keeps a blank
line after a part that is followed by one.

A part is stored whole, as one raw block: it must start with a block-level tag (the
templates' parts do), or Python-Markdown keeps the ``<p>`` around it. It is stored as
:class:`~stelsel.safehtml.Trusted`: the sanitiser of authors' raw HTML leaves it alone.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from ..safehtml import Trusted

OPEN = "<!--stelsel:html-->"
CLOSE = "<!--/stelsel:html-->"
_OPEN_LINE = f"\n{OPEN}\n"
_CLOSE_LINE = f"\n{CLOSE}\n"
_BLANK_LINE = re.compile(r"[ ]*\n")


def html_part(html: str) -> str:
    """An HTML part of a page's Markdown: on lines of its own, between the markers."""
    return f"{_OPEN_LINE}{html}{_CLOSE_LINE}" if html else ""


def part_html(part: str) -> Markup:
    """The HTML of one part made by :func:`html_part` (what the page shows of it)."""
    text = part.strip("\n")
    if text.startswith(OPEN) and text.endswith(CLOSE):
        text = text[len(OPEN):-len(CLOSE)].strip("\n")
    return Markup(text)  # the templates wrote it (autoescape): it is HTML already


class _StorePartsPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n" + "\n".join(lines) + "\n"
        if _OPEN_LINE not in text:
            return lines
        chunks = text.split(_OPEN_LINE)
        out = [chunks[0]]
        for chunk in chunks[1:]:
            html, closed, rest = chunk.partition(_CLOSE_LINE)
            if not closed:  # an author's text quoting the marker: left to html_block, as without us
                out.append(_OPEN_LINE + chunk)
                continue
            if not rest or _BLANK_LINE.match(rest):  # a blank line follows (or the next part does):
                html += "\n"  # html_block keeps it at the end of the raw block
            out.append(f"\n\n{self.md.htmlStash.store(Trusted(html))}\n\n{rest}")
        return "".join(out)[1:-1].split("\n")


class StoredParts(Extension):
    """Stores the generated pages' HTML parts as raw HTML (priority 21: just before html_block)."""

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_StorePartsPreprocessor(md), "stelsel_html_parts", 21)
