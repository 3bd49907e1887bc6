"""The HTML of the site: Jinja2 templates, and the authors' Markdown through Python-Markdown.

A generated page is Markdown for its frame — the title, the status banner, section and item
headings (material builds the table of contents, permalinks and search sections from those)
and short introductions — with HTML parts written in place: the body of each item, its facts
and links, tables and lists. Python-Markdown passes a block of raw HTML through untouched.

- :data:`H` holds the macros of ``templates/parts.html`` (autoescape, StrictUndefined). A
  macro returns :class:`~markupsafe.Markup`; any other value it is given is escaped.
- :class:`Prose` renders an author's Markdown (an agreement's statement, a definition) with
  Python-Markdown and the site's own extensions, its raw HTML and links sanitised
  (:mod:`stelsel.safehtml`); only that output becomes Markup without a template. Plain prose
  (words, paragraphs, the generator's links) skips Python-Markdown: :func:`plain_html` writes
  the same bytes.
- :class:`Abbreviations` marks the glossary's abbreviations in plain text, as the ``abbr``
  extension does in the Markdown parts of a page, so tooltips work the same in both.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Iterable

import jinja2
from markupsafe import Markup, escape

from ..safehtml import SafeHtml, safe_url

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Extensions a fragment of prose does not get: the page's table of contents and snippets (no page
# gets those: the plugin takes them out), and abbr (a fragment gets the glossary as its configuration).
NOT_FOR_FRAGMENTS = frozenset({"toc", "pymdownx.snippets", "abbr"})
# The extensions whose effect on plain prose is known (none but abbr's): with any other (a project's
# mkdocs.yml may add smarty, magiclink, emoji, ...) every text goes to Python-Markdown.
# mkdocs adds tables and fenced_code to a site's own list.
PLAIN_SAFE = frozenset({"admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables",
                        "pymdownx.details", "pymdownx.superfences"})

ENVIRONMENT = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                 undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
ENVIRONMENT.tests["safe_url"] = safe_url  # a link from the config (a source's URL) is never javascript:


class _Macros:
    """The macros of templates/parts.html, loaded on first use."""

    @cached_property
    def _module(self):
        return ENVIRONMENT.get_template("parts.html").module

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        macro = getattr(self._module, name)
        setattr(self, name, macro)
        return macro


H = _Macros()


def render(template: str, **values) -> str:
    """A whole template (e.g. ``redirect.html``) rendered with ``values``."""
    return ENVIRONMENT.get_template(template).render(**values)


def join(separator: str, parts: Iterable) -> Markup:
    """``parts`` joined by ``separator`` (plain text); parts that are not Markup are escaped."""
    return Markup(escape(separator)).join(parts)


# What Python-Markdown's serializer escapes in an attribute (markdown.serializers).
_ATTRIBUTE_UNSAFE = re.compile(r'[&<>"\n]')


_DEFINITION = re.compile(r"^\*\[([^\]]+)\]: (.*)$", re.M)


def glossary(definitions: str) -> dict[str, str]:
    """Word -> meaning of abbreviation lines ``*[word]: meaning`` (the site's ``abbreviations``), as
    the ``abbr`` extension's ``glossary`` setting takes them."""
    return {match.group(1): match.group(2) for match in _DEFINITION.finditer(definitions or "")}


class Abbreviations:
    """The glossary's abbreviations (word -> meaning), marked in text like Python-Markdown's abbr."""

    def __init__(self, glossary: dict[str, str] | None = None):
        self.glossary = {k: v for k, v in (glossary or {}).items() if v}
        words = sorted(self.glossary, key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b") if words else None
        # Meanings Python-Markdown's serializer writes as they are in a title="" (plain_html may mark them).
        self.plain_titles = not any(_ATTRIBUTE_UNSAFE.search(meaning) for meaning in self.glossary.values())

    def html(self, raw: str) -> Markup:
        """``raw`` text as HTML: escaped, each abbreviation in ``<abbr title="meaning">``."""
        if self.pattern is None or self.pattern.search(raw) is None:
            return escape(raw)
        parts: list[tuple[str, str | None]] = []
        last = 0
        for match in self.pattern.finditer(raw):
            parts.append((raw[last:match.start()], None))
            parts.append((match.group(0), self.glossary[match.group(0)]))
            last = match.end()
        parts.append((raw[last:], None))
        return H.abbr(parts)


class Prose:
    """Authors' Markdown as HTML, with the site's Markdown extensions and the glossary."""

    def __init__(self, abbreviations: Abbreviations, extensions: Iterable | None = None,
                 configs: dict | None = None):
        self.abbr = abbreviations
        names = [ext if isinstance(ext, str) else next(iter(ext)) for ext in extensions or ()]
        self.extensions = [n for n in names if n not in NOT_FOR_FRAGMENTS]
        self.configs = {k: v for k, v in (configs or {}).items() if k in self.extensions}
        self.plain = set(self.extensions) <= PLAIN_SAFE  # plain prose may skip Python-Markdown (plain_html)
        self._md = None
        self._glossary_text = ""
        self._rendered: dict[str, Markup] = {}  # Python-Markdown is deterministic: one rendering per text

    def render(self, source: str) -> Markup:
        """HTML of ``source`` (Markdown whose links point at built URLs already)."""
        done = self._rendered.get(source)
        if done is None:
            done = self._rendered[source] = Markup(self._convert(source))
        return done

    def renderings(self) -> dict[str, Markup]:
        """The texts rendered so far (text -> HTML); a copy."""
        return dict(self._rendered)

    def keep(self, renderings: dict[str, Markup]) -> None:
        """Renderings made elsewhere of the same texts with the same settings (a forked child's)."""
        self._rendered.update(renderings)

    def _convert(self, source: str) -> str:
        fast = plain_html(source, self.abbr) if self.plain else None
        if fast is not None:
            return fast
        if self._md is None:
            import markdown

            configs = dict(self.configs)
            if markdown.__version_info__ >= (3, 7):  # abbr takes a glossary
                configs["abbr"] = {"glossary": dict(self.abbr.glossary)}
            else:  # as the site does: the definitions appended to the text
                self._glossary_text = "".join(f"\n*[{w}]: {m}" for w, m in self.abbr.glossary.items())
            self._md = markdown.Markdown(extensions=[*self.extensions, "abbr", SafeHtml()], extension_configs=configs)
        self._md.reset()
        return self._md.convert(source + ("\n" + self._glossary_text if self._glossary_text else ""))


# Plain prose: paragraphs of words, spaces and harmless punctuation, and links as the generator
# writes them ([label](relative-url "title"), links.md_title). Nothing in it means anything to
# Python-Markdown or its extensions but the paragraphs, the links and the glossary's words, so
# plain_html writes what Python-Markdown would, at a hundredth of its cost: at N = 5,000 the
# agreements' texts took a second of the build's CPU (bench/results-site.md). Anything else
# (emphasis, lists, raw HTML, entities, escapes, two spaces, a line not starting with a
# letter) goes to Python-Markdown; tests/site/test_markup.py renders texts both ways.
_PUNCTUATION = "- .,;:?/%+=@$€–—’‘“”·"  # spaces and punctuation no extension reads (- first: a class)
# Runs of letters and digits, or of those marks: possessive, as the alternatives start apart (no backtracking).
_PLAIN = r"[^\W_]++|[%s'\"()]++" % _PUNCTUATION  # letters, digits, those, quotes, parentheses
_TITLE = r"[^\W_]++|[%s]++|&(?:amp|quot|#39|#40|#41);" % _PUNCTUATION  # links.md_title: quotes, () as entities
_LINK = re.compile(r"\[((?:%s)++)\]\(([A-Za-z0-9._~/#%%-]++)(?: \"((?:%s)++)\")?\)" % (_PLAIN, _TITLE))
_PLAIN_LINE = re.compile(r"(?:[^\W\d_]|(?=\[))(?:%s|%s)*+" % (_PLAIN, _LINK.pattern))


def plain_html(source: str, abbr: "Abbreviations") -> str | None:
    """The HTML Python-Markdown (with the site's extensions) makes of ``source`` when it is plain
    prose (see above), else None."""
    paragraphs = []
    for block in source.strip("\n").split("\n\n"):
        lines = block.split("\n")
        if not block or not all(_PLAIN_LINE.fullmatch(line) and "  " not in line and line[-1] != " "
                                for line in lines):
            return None
        paragraphs.append(block)
    if abbr.pattern is not None and not abbr.plain_titles:
        return None  # Python-Markdown's serializer escapes such a meaning its own way

    def text(part: str) -> str:
        if abbr.pattern is None:
            return part
        return abbr.pattern.sub(lambda m: f'<abbr title="{abbr.glossary[m.group(0)]}">{m.group(0)}</abbr>', part)

    out = []
    for block in paragraphs:
        html, last = [], 0
        for link in _LINK.finditer(block):
            html.append(text(block[last:link.start()]))
            title = f' title="{link.group(3)}"' if link.group(3) else ""
            html.append(f'<a href="{link.group(2)}"{title}>{text(link.group(1))}</a>')
            last = link.end()
        html.append(text(block[last:]))
        out.append("<p>" + "".join(html) + "</p>")
    return "\n".join(out)


def unwrap(html: Markup) -> Markup:
    """A single paragraph's content (for a table cell or a list item), else the HTML as is."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return Markup(html[3:-4])
    return html


def ul(items: Iterable) -> Markup:
    """A list (empty: nothing); items that are not Markup are escaped."""
    return H.ul(list(items))


def table(header: Iterable, rows: Iterable[Iterable], *, indexed: bool = True) -> Markup:
    """A table with a header row; cells that are not Markup are escaped. Not ``indexed``: left out of
    the search index (material's ``data-search-exclude``; search_beside.py sends it empty)."""
    return H.table(list(header), [list(row) for row in rows], indexed)
