"""The HTML parts of a generated page, stored by Python-Markdown instead of parsed again.

The generator writes each HTML part (templates, autoescaped; see markup.py) on lines of its
own between two comment lines, :data:`OPEN` and :data:`CLOSE`. Without this extension
Python-Markdown still renders such a page right: its ``html_block`` preprocessor finds the
raw HTML with an ``HTMLParser`` and stores it, but that parse is slow on large trees. On the
N=5,000 bench tree, Python-Markdown took 15.1 s for the 138 pages, 4.2 s with the parts
stored as they are, and the HTML site build went from 47-53 s to 34-36 s (2 CPUs), with
every page byte for byte the same. :class:`StoredParts` takes each part out of the text before
any other preprocessor runs (snippets, fences and the whitespace normalisation then scan only
the Markdown between the parts: a sixth of mkdocs' Markdown time on those pages, and a fence or
snippet line inside a part is no longer read as one), normalises its whitespace as
``normalize_whitespace`` would have, and stores it just before ``html_block`` runs, so the
parser only sees the Markdown between the parts. Like ``html_block``, it keeps a blank line
after a part that is followed by one.

A part is stored whole, as one raw block: it must start with a block-level tag (the
templates' parts do), or Python-Markdown keeps the ``<p>`` around it. It is stored as
:class:`~stelsel.safehtml.Trusted`: the sanitiser of authors' raw HTML leaves it alone.
"""

from __future__ import annotations

import re
import secrets

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.util import ETX, STX
from markupsafe import Markup

from ..safehtml import Trusted

OPEN = "<!--stelsel:html-->"
CLOSE = "<!--/stelsel:html-->"
_OPEN_LINE = f"\n{OPEN}\n"
_CLOSE_LINE = f"\n{CLOSE}\n"
_BLANK_LINE = re.compile(r"[ ]*\n")
_WHITESPACE_LINE = re.compile(r"(?<=\n) +\n")  # as normalize_whitespace empties them


def html_part(html: str) -> str:
    """An HTML part of a page's Markdown: on lines of its own, between the markers."""
    return f"{_OPEN_LINE}{html}{_CLOSE_LINE}" if html else ""


def part_html(part: str) -> Markup:
    """The HTML of one part made by :func:`html_part` (what the page shows of it)."""
    text = part.strip("\n")
    if text.startswith(OPEN) and text.endswith(CLOSE):
        text = text[len(OPEN):-len(CLOSE)].strip("\n")
    return Markup(text)  # the templates wrote it (autoescape): it is HTML already


def _normalised(html: str, tab_length: int) -> str:
    """A part's whitespace as Python-Markdown's ``normalize_whitespace`` leaves it in the page.

    Each step runs only when the part holds what it changes: the templates' parts hold no tab, no
    carriage return and no line of spaces, and at N = 5,000 (41 MB of parts) the unconditional
    steps took 0.35 s, the checks 0.04 s."""
    if STX in html or ETX in html:
        html = html.replace(STX, "").replace(ETX, "")
    if "\r" in html:  # with the line end after the part: a last "\r" and it are one line end
        html = f"{html}\n".replace("\r\n", "\n").replace("\r", "\n")[:-1]
    if "\t" in html:
        html = html.expandtabs(tab_length)
    if " \n" in html or html.endswith(" "):  # a line of spaces (the part's last line is followed by one)
        html = _WHITESPACE_LINE.sub("\n", f"\n{html}\n")[1:-1]
    return html


class _TakePartsPreprocessor(Preprocessor):
    """First of all: each part out of the text, a marker line in its place (the markers survive the
    other preprocessors: no tab, no control character, no fence, no snippet)."""

    def __init__(self, md, parts: "_Parts"):
        super().__init__(md)
        self.parts = parts

    def run(self, lines: list[str]) -> list[str]:
        self.parts.taken = []
        text = "\n" + "\n".join(lines) + "\n"
        if _OPEN_LINE not in text:
            return lines
        self.parts.nonce = secrets.token_hex(8)  # an author's text cannot name a marker in advance
        chunks = text.split(_OPEN_LINE)
        out = [chunks[0]]
        for chunk in chunks[1:]:
            html, closed, rest = chunk.partition(_CLOSE_LINE)
            if not closed:  # an author's text quoting the marker: left to html_block, as without us
                out.append(_OPEN_LINE + chunk)
                continue
            html = _normalised(html, self.md.tab_length)
            if not rest or _BLANK_LINE.match(rest):  # a blank line follows (or the next part does):
                html += "\n"  # html_block keeps it at the end of the raw block
            out.append(f"\n\n{self.parts.marker(len(self.parts.taken))}\n\n{rest}")
            self.parts.taken.append(html)
        return "".join(out)[1:-1].split("\n")


class _StorePartsPreprocessor(Preprocessor):
    """Just before ``html_block``: each marker line becomes the part, stored as raw HTML."""

    def __init__(self, md, parts: "_Parts"):
        super().__init__(md)
        self.parts = parts

    def run(self, lines: list[str]) -> list[str]:
        taken = self.parts.taken
        if not taken:
            return lines
        prefix = self.parts.marker("")
        out = []
        for line in lines:
            if line.startswith(prefix) and line.endswith("-->"):
                number = line[len(prefix):-3]
                if number.isdigit() and int(number) < len(taken):
                    out.append(self.md.htmlStash.store(Trusted(taken[int(number)])))
                    continue
            out.append(line)
        self.parts.taken = []
        return out


class _Parts:
    """The parts taken out of the text one Markdown instance is converting."""

    def __init__(self):
        self.taken: list[str] = []
        self.nonce = ""

    def marker(self, number) -> str:
        return f"<!--stelsel:part:{self.nonce}:{number}" + ("-->" if number != "" else "")


class StoredParts(Extension):
    """Takes the generated pages' HTML parts out first (priority 40) and stores them as raw HTML
    just before html_block (priority 21)."""

    def extendMarkdown(self, md) -> None:
        parts = _Parts()
        md.preprocessors.register(_TakePartsPreprocessor(md, parts), "stelsel_take_html_parts", 40)
        md.preprocessors.register(_StorePartsPreprocessor(md, parts), "stelsel_html_parts", 21)
