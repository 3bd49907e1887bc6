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

Parts with nothing but blank lines between them are stored as one (with the blank line
Python-Markdown writes between two raw blocks): each stored part is a block that every block
and inline processor looks at. And an item's heading can be in a part (the template
``part_heading``, which the generator writes where :func:`heading_permalink` says the
extensions make the same of the Markdown heading): the
table of contents still lists it, in its place, as the ``toc`` extension lists a Markdown
heading, and its ID is known to ``toc`` and to mkdocs' anchor check as a Markdown heading's
would be. A layer page of 340 agreements was 690 blocks of Python-Markdown, and 14 now: at
N = 5,000 the 60 layer and role pages took 1.7 s of Python-Markdown in the build's process, and 0.8 s.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.extensions.toc import nest_toc_tokens, strip_tags
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX
from markupsafe import Markup

from ..safehtml import Trusted
from .markup import NOT_FOR_FRAGMENTS, PLAIN_SAFE

OPEN = "<!--stelsel:html-->"
CLOSE = "<!--/stelsel:html-->"
_OPEN_LINE = f"\n{OPEN}\n"
_CLOSE_LINE = f"\n{CLOSE}\n"
_BLANK_LINE = re.compile(r"[ ]*\n")
_WHITESPACE_LINE = re.compile(r"(?<=\n) +\n")  # as normalize_whitespace empties them
_BLANK_LINES = re.compile(r"\n*")  # between two parts: they are stored as one

# An item's heading in a part: the mark (a comment: sanitised authors' HTML has none) right before it.
HEADING_MARK = "<!--stelsel:heading-->"
_PART_HEADING = re.compile(r'<!--stelsel:heading--><h([2-6]) [^>]*?id="([^"<>&]*)">(.*?)<a class="headerlink" ', re.S)
# The ``toc`` settings a heading in a part is written for (its permalink after the text); any other
# setting the extensions' table of contents may have changes what a Markdown heading becomes.
_TOC_PERMALINK_SETTINGS = {"permalink": True, "permalink_class": "headerlink", "permalink_leading": False,
                           "anchorlink": False, "baselevel": 1}
_TOC_HARMLESS = {"permalink_title", "title", "title_class", "toc_class", "toc_depth", "marker", "slugify", "separator"}
# Extensions that do nothing to a heading whose text plain_html renders: those that do nothing to such
# prose, and those of whole pages (the table of contents, the glossary's abbreviations; snippets, which the
# plugin takes out).
_HEADING_SAFE = PLAIN_SAFE | NOT_FOR_FRAGMENTS


def heading_permalink(extensions, configs: dict | None = None) -> str | None:
    """The permalink title a heading in a part is written with, when the site's Markdown extensions
    (names, or {name: settings}) and their ``configs`` make of an item's Markdown heading what the
    generator writes in a part (pages.part_heading, the template ``part_heading``); None: they may
    not (the generator writes Markdown headings)."""
    names, settings = [], dict(configs or {})
    for ext in extensions or ():
        name = ext if isinstance(ext, str) else next(iter(ext))
        names.append(name)
        if not isinstance(ext, str):
            settings.setdefault(name, dict(ext[name] or {}))
    if "toc" not in names or "attr_list" not in names or not set(names) <= _HEADING_SAFE:
        return None
    toc = dict(settings.get("toc") or {})
    for key, value in toc.items():
        if key not in _TOC_HARMLESS and _TOC_PERMALINK_SETTINGS.get(key, object()) != value:
            return None
    if "permalink" not in toc:
        return None
    title = toc.get("permalink_title", "Permanent link")
    return title if isinstance(title, str) and not re.search(r'[&<>"\'\n]', title) else None


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
        parts = self.parts
        parts.taken, parts.headings, parts.placed, parts.reserved = [], {}, {}, []
        text = "\n" + "\n".join(lines) + "\n"
        if _OPEN_LINE not in text:
            return lines
        parts.nonce = secrets.token_hex(8)  # an author's text cannot name a marker in advance
        chunks = text.split(_OPEN_LINE)
        out = [chunks[0]]
        joined = False  # the part before follows the one before it with only blank lines between
        for number, chunk in enumerate(chunks[1:], start=1):
            html, closed, rest = chunk.partition(_CLOSE_LINE)
            if not closed:  # an author's text quoting the marker: left to html_block, as without us
                out.append(_OPEN_LINE + chunk)
                joined = False
                continue
            html = _normalised(html, self.md.tab_length)
            if HEADING_MARK in html:
                html = parts.take_headings(html, len(parts.taken) - (1 if joined else 0))
            if not rest or _BLANK_LINE.match(rest):  # a blank line follows (or the next part does):
                html += "\n"  # html_block keeps it at the end of the raw block
            if joined:  # as html_block writes two raw blocks: the blank line kept, then a line end
                parts.taken[-1] += "\n" + html
            else:
                parts.taken.append(html)
            joined = number < len(chunks) - 1 and _BLANK_LINES.fullmatch(rest) is not None \
                and _CLOSE_LINE in chunks[number + 1]
            if not joined:
                out.append(f"\n\n{parts.marker(len(parts.taken) - 1)}\n\n{rest}")
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
                    placeholder = self.md.htmlStash.store(Trusted(taken[int(number)]))
                    if int(number) in self.parts.headings:
                        self.parts.placed[placeholder] = self.parts.headings[int(number)]
                    out.append(placeholder)
                    continue
            out.append(line)
        self.parts.taken = []
        return out


class _ReserveHeadingIds(Treeprocessor):
    """Before ``toc``: the IDs of the headings in parts, as elements (``toc`` keeps other headings'
    IDs apart from them, mkdocs' anchor check sees them) until :class:`_ListPartHeadings` runs."""

    def __init__(self, md, parts: "_Parts"):
        super().__init__(md)
        self.parts = parts

    def run(self, root: etree.Element) -> None:
        self.parts.reserved = [etree.SubElement(root, "span", {"id": token["id"]})
                               for tokens in self.parts.placed.values() for token in tokens]


class _ListPartHeadings(Treeprocessor):
    """After ``toc`` and mkdocs' anchor check: the reserved IDs out again, and the headings in parts
    in the table of contents where the parts stand, as ``toc`` lists Markdown headings."""

    def __init__(self, md, parts: "_Parts"):
        super().__init__(md)
        self.parts = parts

    def run(self, root: etree.Element) -> None:
        placed, self.parts.placed = self.parts.placed, {}
        for element in self.parts.reserved:
            root.remove(element)
        self.parts.reserved = []
        toc = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None
        if not placed or toc is None:
            return
        listed = _flat(getattr(self.md, "toc_tokens", []))
        tokens, taken = [], 0
        for element in root.iter():
            if taken < len(listed) and isinstance(element.tag, str) and toc.header_rgx.match(element.tag) \
                    and element.get("id") == listed[taken]["id"]:
                tokens.append(listed[taken])
                taken += 1
            elif element.tag == "p" and element.text in placed:
                tokens += [token for token in placed[element.text] if toc.toc_top <= token["level"] <= toc.toc_bottom]
        self.md.toc_tokens = nest_toc_tokens(tokens + listed[taken:])


def _flat(tokens: list) -> list:
    """Nested toc tokens in document order, without their children."""
    out = []
    for token in tokens:
        out.append({key: value for key, value in token.items() if key != "children"})
        out += _flat(token.get("children", []))
    return out


class _Parts:
    """The parts taken out of the text one Markdown instance is converting."""

    def __init__(self):
        self.taken: list[str] = []
        self.nonce = ""
        self.headings: dict[int, list[dict]] = {}  # part number -> the toc tokens of its headings
        self.placed: dict[str, list[dict]] = {}  # stash placeholder -> the same, once stored
        self.reserved: list = []

    def take_headings(self, html: str, number: int) -> str:
        """The part's headings noted as part ``number``'s (toc tokens, as ``toc`` makes them of a
        Markdown heading), their marks out of its HTML."""
        tokens = self.headings.setdefault(number, [])
        for level, ident, inner in _PART_HEADING.findall(html):
            name = strip_tags(inner) if "<" in inner else " ".join(inner.split())  # as strip_tags makes it
            tokens.append({"level": int(level), "id": ident, "name": name, "html": inner, "data-toc-label": ""})
        return html.replace(HEADING_MARK, "")

    def marker(self, number) -> str:
        return f"<!--stelsel:part:{self.nonce}:{number}" + ("-->" if number != "" else "")


class StoredParts(Extension):
    """Takes the generated pages' HTML parts out first (priority 40) and stores them as raw HTML
    just before html_block (priority 21)."""

    def extendMarkdown(self, md) -> None:
        parts = _Parts()
        md.preprocessors.register(_TakePartsPreprocessor(md, parts), "stelsel_take_html_parts", 40)
        md.preprocessors.register(_StorePartsPreprocessor(md, parts), "stelsel_html_parts", 21)
        # toc and mkdocs' anchor check run at 5
        md.treeprocessors.register(_ReserveHeadingIds(md, parts), "stelsel_reserve_heading_ids", 6)
        md.treeprocessors.register(_ListPartHeadings(md, parts), "stelsel_part_headings", 4)
