"""Material's search index, fed by a faster reader of the same HTML.

Material's search plugin splits every page into sections with a parser built on
``html.parser.HTMLParser``; on the large generated pages (a layer with a thousand agreements,
the change pages) that parse is most of its time: about 40 % of it goes to the standard
library's tokenizer. :class:`FastParser` is material's own parser (every decision about
sections, titles, kept tags and excluded blocks is its code) with :meth:`FastParser.feed`
tokenizing with one regular expression instead: the pages it reads are the theme's and the
generator's HTML (templates, Python-Markdown, sanitised author HTML), well-formed, with quoted
attributes. A test compares the sections both parsers make of every page of a built site.
:func:`use_fast_parser` puts it into the search plugin of one build.
"""

from __future__ import annotations

import re
from html import unescape

from material.plugins.search.plugin import Parser, SearchIndex

_TOKEN = re.compile(
    r"<!--(?P<comment>.*?)-->"
    r"|<(?P<end>/)?(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:\s+[^\s/>=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)"
    r"\s*(?P<close>/)?>"
    r"|<![^>]*>|<\?[^>]*>", re.S)
_ATTR = re.compile(r"([^\s/>=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_RAW_TEXT = ("script", "style")  # their content is text up to their end tag, as HTMLParser reads it
_RAW_END = {tag: re.compile(f"</{tag}", re.I) for tag in _RAW_TEXT}


class FastParser(Parser):
    """Material's search parser with a regular-expression tokenizer (same events, same order)."""

    def feed(self, data: str) -> None:
        pos = 0
        size = len(data)
        while pos < size:
            match = _TOKEN.search(data, pos)
            if match is None:
                self.handle_data(unescape(data[pos:]))
                return
            if match.start() > pos:
                self.handle_data(unescape(data[pos:match.start()]))
            pos = match.end()
            tag = match.group("tag")
            if tag is None:
                if match.group("comment") is not None:
                    self.handle_comment(match.group("comment"))
                continue
            tag = tag.lower()
            if match.group("end"):
                self.handle_endtag(tag)
                continue
            attrs = [(name.lower(), unescape(value) if value is not None else None)
                     for name, value in _attrs(match.group("attrs"))]
            if match.group("close"):
                self.handle_startendtag(tag, attrs)
                continue
            self.handle_starttag(tag, attrs)
            if tag in _RAW_TEXT:
                found = _RAW_END[tag].search(data, pos)
                end = found.start() if found else size
                if end > pos:
                    self.handle_data(data[pos:end])
                pos = end

    def close(self) -> None:
        """Everything was handled in :meth:`feed`."""


def _attrs(text: str):
    for match in _ATTR.finditer(text):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        yield name, value


class FastSearchIndex(SearchIndex):
    """Material's search index, its pages read by :class:`FastParser`."""

    def add_entry_from_context(self, page):
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        parser = FastParser()
        parser.feed(page.content)
        parser.close()
        for section in parser.data:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def use_fast_parser(config) -> bool:
    """Make the search plugin of this build (if it is material's) read pages with :class:`FastParser`."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if type(index) is SearchIndex:
            index.__class__ = FastSearchIndex
            return True
    return False
