"""Pre-rendered HTML for the bulk of a page, and the authors' Markdown prose inside it.

A generated page is Markdown for its frame — the title, the status banner, section and item
headings (material builds the table of contents, permalinks and search sections from those)
and short introductions — and HTML for everything else: the text of each item, its facts and
links, tables and lists. Python-Markdown parsed all of that before, inline pattern by inline
pattern, which made it most of the build time of a large framework; HTML written directly
costs nothing to parse.

- :class:`Blocks` keeps the HTML of a site version's blocks. A page holds a one-line token for
  each (``<!--stelsel-block:N-->``, a raw HTML comment Markdown passes through untouched); the
  plugin swaps the tokens for the blocks in the rendered page (plugin.py), and
  :meth:`Blocks.expand` puts them back into the Markdown for any other reader of the pages.
- :class:`Prose` renders the authors' Markdown (an agreement's statement, a definition) with
  the site's own Markdown extensions, once per distinct text: the same statement shows on its
  layer, on role and use-case views and on change pages. ``[[ID]]`` links are tokens while it
  renders (so the rendering does not depend on the page) and become links per page after.
  Plain paragraphs — no Markdown syntax at all, which is most of a framework's text — skip
  Python-Markdown: their HTML is ``<p>text</p>``, exactly what Python-Markdown writes for them
  (tests/site/test_markup.py holds the fast path to that).
- :class:`Abbreviations` marks the glossary's abbreviations in text as Python-Markdown's
  ``abbr`` extension does in the Markdown part of a page, so tooltips work the same in both.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

BLOCK_TOKEN = "<!--stelsel-block:{}-->"
BLOCK_RE = re.compile(r"<!--stelsel-block:(\d+)-->")
BLOCK_LINE_RE = re.compile(r"^<!--stelsel-block:(\d+)-->$", re.M)

# Extensions whose effect on a text without any Markdown syntax character is nil: with only
# these enabled, a plain paragraph may skip Python-Markdown (see Prose._plain).
# (mkdocs itself adds toc, tables and fenced_code.) Anything else, and every text takes the full route.
PLAIN_SAFE = frozenset({"abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
                        "fenced_code", "codehilite", "meta", "sane_lists", "pymdownx.details", "pymdownx.superfences",
                        "pymdownx.snippets", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.tabbed",
                        "pymdownx.tasklist"})
# Extensions a fragment of prose does not get: the page's table of contents and the snippets
# that append the glossary (Prose marks abbreviations itself).
NOT_FOR_FRAGMENTS = frozenset({"toc", "pymdownx.snippets", "abbr"})

# A link placeholder while prose renders: a private-use character (its number) between two
# section signs. No Markdown meaning, no word characters (an abbreviation cannot match in it).
_TOKEN_BASE = 0xE000
_TOKEN_MAX = 0x1800
_TOKEN_RE = re.compile("\u00a7([\ue000-\uf7ff])\u00a7")
# Anything that could be Markdown syntax (or be changed by Python-Markdown's preprocessing):
# such a text takes the full route. Besides the characters, a line must not start like a block
# construct of Markdown or the site's extensions (list, heading, quote, table, definition,
# admonition, details, tabs, fence, rule, attribute list, indented code).
_NOT_PLAIN = re.compile(r"[\\`*_\[\]{}<>&|#~^\t\r\x00-\x08\x0b\x0c\x0e-\x1f]| $"
                        r"|^(?:[-+*#>|:=!?~`<\[{\\_ ]|\d+[.)](?: |$))", re.M)
_PARAGRAPHS = re.compile(r"\n{2,}")


_AMP = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def text(value: str) -> str:
    """Escape text for HTML as Python-Markdown's serializer does (&, <, >; an entity stays one)."""
    if "&" in value:
        value = _AMP.sub("&amp;", value)
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def attr(value: str) -> str:
    return text(value).replace('"', "&quot;")


class Abbreviations:
    """The glossary's abbreviations (word -> meaning), marked in text like Python-Markdown's abbr."""

    def __init__(self, glossary: dict[str, str] | None = None):
        self.glossary = {k: v for k, v in (glossary or {}).items() if v}
        words = sorted(self.glossary, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None

    def html(self, raw: str) -> str:
        """``raw`` text as HTML: escaped, each abbreviation in ``<abbr title="meaning">``."""
        if self.pattern is None:
            return text(raw)
        out = []
        last = 0
        for match in self.pattern.finditer(raw):
            word = match.group(0)
            out.append(text(raw[last:match.start()]))
            out.append(f'<abbr title="{attr(self.glossary[word])}">{text(word)}</abbr>')
            last = match.end()
        if not out:
            return text(raw)
        out.append(text(raw[last:]))
        return "".join(out)


class Prose:
    """Authors' Markdown as HTML, rendered once per distinct text (see the module docstring)."""

    def __init__(self, abbreviations: Abbreviations, extensions: Iterable | None = None,
                 configs: dict | None = None):
        self.abbr = abbreviations
        names = []
        for ext in extensions or ():
            name = ext if isinstance(ext, str) else next(iter(ext))
            names.append(name)
        self.extensions = [n for n in names if n not in NOT_FOR_FRAGMENTS]
        self.configs = {k: v for k, v in (configs or {}).items() if k in self.extensions}
        self.plain_ok = all(n in PLAIN_SAFE for n in names)
        self._md = None
        self.cache: dict[str, str] = {}
        self.plain = 0
        self.full = 0

    def tokens(self, source: str, link: Callable[[re.Match], str], pattern: re.Pattern) -> tuple[str, list]:
        """``source`` with each match of ``pattern`` (a wikilink) replaced by a token, and the matches."""
        found: list[re.Match] = []
        if _TOKEN_RE.search(source):  # the author wrote something like a token: links in place instead
            return pattern.sub(link, source), found

        def replace(match: re.Match) -> str:
            if len(found) >= _TOKEN_MAX:
                return link(match)
            found.append(match)
            return "\u00a7" + chr(_TOKEN_BASE + len(found) - 1) + "\u00a7"

        return pattern.sub(replace, source), found

    def render(self, source: str) -> str:
        """HTML of ``source`` (Markdown, links as tokens), cached by its text."""
        hit = self.cache.get(source)
        if hit is None:
            hit = self._plain(source) if self.plain_ok else None
            if hit is None:
                hit = self._full(source)
                self.full += 1
            else:
                self.plain += 1
            self.cache[source] = hit
        return hit

    @staticmethod
    def fill(html: str, links: list[str]) -> str:
        """Put the rendered links (one per token) into the HTML."""
        if not links:
            return html
        return _TOKEN_RE.sub(lambda m: links[ord(m.group(1)) - _TOKEN_BASE], html)

    def _plain(self, source: str) -> str | None:
        if _NOT_PLAIN.search(source):
            return None
        paragraphs = [p for p in _PARAGRAPHS.split(source.strip("\n")) if p]
        return "\n".join(f"<p>{self.abbr.html(p)}</p>" for p in paragraphs)

    def _full(self, source: str) -> str:
        if self._md is None:
            import markdown

            configs = dict(self.configs)
            self._glossary_text = ""
            if markdown.__version_info__ >= (3, 7):  # abbr takes a glossary
                configs["abbr"] = {"glossary": dict(self.abbr.glossary)}
            else:  # as the site does: the definitions appended to the text
                self._glossary_text = "".join(f"\n*[{w}]: {m}" for w, m in self.abbr.glossary.items())
            self._md = markdown.Markdown(extensions=[*self.extensions, "abbr"], extension_configs=configs)
        self._md.reset()
        return self._md.convert(source + ("\n" + self._glossary_text if self._glossary_text else ""))


def unwrap(html: str) -> str:
    """A single paragraph's content (for a table cell or a list item), else the HTML as is."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def ul(items: Iterable[str]) -> str:
    items = list(items)
    return "<ul>\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>" if items else ""


def admonition(kind: str, title: str, body_html: str, abbr: Abbreviations) -> str:
    """What ``!!! kind "title"`` renders to (text.admonition writes the title with ' for ")."""
    title = title.replace('"', "'")
    return (f'<div class="admonition {attr(kind)}">\n<p class="admonition-title">{abbr.html(title)}</p>\n'
            f"{body_html}\n</div>")


def details(kind: str, title: str, body_html: str, abbr: Abbreviations) -> str:
    """What ``??? kind "title"`` (pymdownx.details) renders to."""
    title = title.replace('"', "'")
    return f'<details class="{attr(kind)}">\n<summary>{abbr.html(title)}</summary>\n{body_html}\n</details>'


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table as the Markdown tables extension writes it (cells are HTML already)."""
    head = "".join(f"<th>{h}</th>\n" for h in header)
    body = "".join("<tr>\n" + "".join(f"<td>{c}</td>\n" for c in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


class Blocks:
    """The HTML blocks of one site version; a page refers to each by a token line."""

    def __init__(self):
        self.html: list[str] = []

    def add(self, html: str) -> str:
        """Keep ``html`` and return the Markdown that stands for it (a line of its own)."""
        self.html.append(html)
        return "\n" + BLOCK_TOKEN.format(len(self.html) - 1) + "\n"

    def expand(self, markdown: str) -> str:
        """The page's Markdown with its blocks in place (raw HTML, which any Markdown reader keeps)."""
        if "<!--stelsel-block:" not in markdown:
            return markdown
        return BLOCK_LINE_RE.sub(lambda m: self.html[int(m.group(1))], markdown)

    def fill(self, html: str) -> tuple[str, int]:
        """A rendered page with its tokens replaced by the blocks, and how many were replaced."""
        count = 0

        def replace(match: re.Match) -> str:
            nonlocal count
            count += 1
            return self.html[int(match.group(1))]

        return BLOCK_RE.sub(replace, html), count
