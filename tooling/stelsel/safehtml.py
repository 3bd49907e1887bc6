"""Authors' HTML made safe: what of the raw HTML in content Markdown reaches a page, and what not.

Content Markdown may hold raw HTML. Python-Markdown passes it through untouched, so without
this module a ``<script>``, an ``<iframe>``, an ``onerror=`` or a ``javascript:`` link in an
agreement's statement would run in every reader's browser. :class:`SafeHtml` is a
Python-Markdown extension that every renderer of content Markdown registers (the site's pages,
the prose the site renders itself, the release PDF):

- raw HTML (Python-Markdown keeps it in its ``htmlStash``) is sanitised by nh3 with a small
  allow-list (:data:`RAW_TAGS`, :data:`RAW_ATTRIBUTES`): everything else is dropped, scripts,
  styles and frames with their content;
- the elements Markdown itself makes (links, images, ``{: attr}`` lists, ``markdown="1"``
  blocks) lose event handlers (``on…``), ``style`` (but a table's ``text-align``) and every
  URL whose scheme is not :data:`URL_SCHEMES`, also when written with entities
  (``&#106;avascript:``) or white space inside;
- HTML the generator wrote itself (its templates, autoescaped) is stored as :class:`Trusted`
  and left alone.

:func:`raw_html_report` says, for one text, what the site will do with its raw HTML: the
``check`` rule C003 (rules/content.py) tells authors the same before a page is built.

A leaf module: it imports nothing of stelsel, so the rules, qualify and the site use one policy.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# Raw HTML authors may write (everything else is removed, the text of unknown tags kept).
RAW_TAGS = frozenset({
    "a", "abbr", "b", "br", "code", "del", "div", "em", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
})
RAW_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Removed together with what they contain.
CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
                          "textarea", "select", "frameset", "frame"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "background", "data", "srcset",
                            "xlink:href", "longdesc", "usemap", "ping", "manifest", "codebase", "dynsrc", "lowsrc"})
VOID_TAGS = frozenset({"br", "img", "hr", "wbr", "col", "input", "source", "track", "area", "base", "link", "meta",
                       "param", "embed"})
# Elements that Markdown (with the site's extensions) makes; others are dropped from the tree.
TREE_TAGS = RAW_TAGS | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "dl", "dt", "dd", "details",
                        "summary", "figure", "figcaption", "caption", "col", "colgroup", "tfoot", "section",
                        "article", "aside", "q", "cite", "dfn", "var", "samp", "time", "wbr"}
_TEXT_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center);?\s*$")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
_OPENING = re.compile(r"^<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])[^<>]*>$", re.S)
_CLOSING = re.compile(r"^</\s*([a-zA-Z][a-zA-Z0-9-]*)\s*>$")


class Trusted(str):
    """HTML the generator wrote itself (templates, autoescaped): :class:`SafeHtml` leaves it as it is."""

    __slots__ = ()


def safe_url(url: str | None) -> bool:
    """Whether a link target is harmless: relative, or one of :data:`URL_SCHEMES` (entities decoded,
    and the characters browsers skip inside a scheme removed, as a browser reads it)."""
    if url is None:
        return True
    value = _INVISIBLE.sub("", html.unescape(html.unescape(str(url)))).lower()
    match = _SCHEME.match(value)
    return match is None or match.group(1) in URL_SCHEMES


def clean_html(fragment: str) -> str:
    """Raw HTML as nh3 leaves it with the allow-list (a whole fragment: tags and their content)."""
    return nh3.clean(fragment, tags=set(RAW_TAGS), clean_content_tags=set(CONTENT_TAGS),
                     attributes={k: set(v) for k, v in RAW_ATTRIBUTES.items()}, url_schemes=set(URL_SCHEMES),
                     link_rel=None, strip_comments=True)


def balanced_html(fragment: str) -> str:
    """HTML the generator put together from rendered pieces, re-serialised so every element is
    closed where it nests (an element closed out of order is split, as a browser does); only what
    Markdown makes is kept, as in :data:`TREE_TAGS`."""
    return nh3.clean(fragment, tags=set(TREE_TAGS), clean_content_tags=set(CONTENT_TAGS),
                     attributes={k: set(v) for k, v in RAW_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


def clean_fragment(fragment: str) -> str:
    """One piece of raw HTML as Python-Markdown keeps it: a block, or a single inline tag (an
    opening tag and its closing tag come separately), cleaned by :func:`clean_html`."""
    stripped = fragment.strip()
    closing = _CLOSING.match(stripped)
    if closing:
        name = closing.group(1).lower()
        return f"</{name}>" if name in RAW_TAGS and name not in VOID_TAGS else ""
    opening = _OPENING.match(stripped)
    if opening and not stripped.endswith("/>"):
        name = opening.group(1).lower()
        if name in VOID_TAGS:
            return clean_html(stripped)
        if name not in RAW_TAGS:
            return ""
        cleaned = clean_html(stripped + f"</{name}>")
        return cleaned[: -len(f"</{name}>")] if cleaned.endswith(f"</{name}>") else cleaned
    return clean_html(fragment)


def _clean_element(el: Element, found: list | None) -> None:
    for name in list(el.attrib):
        value = el.attrib[name]
        lower = name.lower()
        bad = (lower.startswith("on") or lower in ("srcdoc", "formaction")
               or (lower == "style" and not _TEXT_ALIGN.match(value))
               or (lower in URL_ATTRIBUTES and not safe_url(value)))
        if bad:
            del el.attrib[name]
            if found is not None:
                found.append(Removal(f"{el.tag}[{lower}]", _what_attribute(lower, value)))
    if el.tag == "a" and "href" not in el.attrib or el.tag == "img" and "src" not in el.attrib:
        # No link without a target (mkdocs requires one): its text stays, as plain text.
        alt = el.attrib.get("alt", "") if el.tag == "img" else None
        el.tag = "span"
        el.attrib.clear()
        if alt is not None:
            el.text = alt


def _what_attribute(name: str, value: str) -> str:
    if name in URL_ATTRIBUTES:
        scheme = _SCHEME.match(_INVISIBLE.sub("", html.unescape(html.unescape(value))).lower())
        return f"link target '{scheme.group(1) if scheme else value}:'"
    if name.startswith("on"):
        return f"event handler '{name}'"
    return f"attribute '{name}'"


@dataclass(frozen=True)
class Removal:
    """Something of an author's HTML that the site leaves out: ``where`` (a tag or tag[attribute]), ``what``."""

    where: str
    what: str


class _CleanTree(Treeprocessor):
    """Elements from Markdown syntax: unknown elements out, handlers and unsafe URLs removed."""

    def __init__(self, md, found: list | None):
        super().__init__(md)
        self.found = found

    def run(self, root: Element) -> None:
        for parent in list(root.iter()):
            for index, child in reversed(list(enumerate(parent))):
                if not isinstance(child.tag, str):  # comments and processing instructions
                    continue
                if child.tag.lower() not in TREE_TAGS:
                    tail = child.tail or ""
                    parent.remove(child)
                    if tail:
                        if index > 0:
                            parent[index - 1].tail = (parent[index - 1].tail or "") + tail
                        else:
                            parent.text = (parent.text or "") + tail
                    if self.found is not None:
                        self.found.append(Removal(child.tag, "element"))
                    continue
            _clean_element(parent, self.found)


class _CleanStash(Postprocessor):
    """The raw HTML Python-Markdown stashed, cleaned before it is put back (its priority: 35,
    before raw_html at 30); :class:`Trusted` parts stay as they are."""

    def __init__(self, md, found: list | None, raw: list | None):
        super().__init__(md)
        self.found = found
        self.raw = raw

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        originals: dict[int, str] = {}
        for index, block in enumerate(blocks):
            if isinstance(block, Trusted):
                continue
            if isinstance(block, Element):  # md_in_html keeps parsed blocks as elements
                holder = Element("div")
                holder.append(block)
                _CleanTree(self.md, self.found).run(holder)
                blocks[index] = block if len(holder) and holder[0] is block else ""
                continue
            source = str(block)
            if self.raw is not None and source.strip().startswith("<"):
                self.raw.append(source)
            originals[index] = source
            blocks[index] = clean_fragment(source)
        return _drop_inline_content(text, self.md.htmlStash, originals)


def _drop_inline_content(text: str, stash, originals: dict[int, str]) -> str:
    """An inline ``<script>…</script>`` comes as two stashed tags with text between them: that
    text goes too (a block of raw HTML was removed whole by :func:`clean_html`)."""
    if not originals or "\x02" not in text:
        return text
    for index, source in originals.items():
        opening = _OPENING.match(source.strip())
        if not opening or opening.group(1).lower() not in CONTENT_TAGS:
            continue
        name = opening.group(1).lower()
        start = stash.get_placeholder(index)
        for later in sorted(i for i in originals if i > index):
            closing = _CLOSING.match(originals[later].strip())
            if closing and closing.group(1).lower() == name:
                end = stash.get_placeholder(later)
                a, b = text.find(start), text.find(end)
                if 0 <= a < b:
                    text = text[:a] + text[b:]
                break
    return text


class _TrustFences(Preprocessor):
    """What the fence preprocessors (priority 25) stashed is highlighted code, not raw HTML: it
    is marked :class:`Trusted` before the raw HTML is stashed (html_block, priority 20)."""

    def run(self, lines: list[str]) -> list[str]:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str) and not isinstance(block, Trusted):
                blocks[index] = Trusted(block)
        return lines


class SafeHtml(Extension):
    """Registers the cleaning of raw HTML and of Markdown's own elements (see the module's doc).
    ``found`` and ``raw``, when given, collect what was removed and the raw HTML seen (for C003)."""

    def __init__(self, found: list | None = None, raw: list | None = None, **kwargs):
        self.found = found
        self.raw = raw
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_TrustFences(md), "stelsel_trust_fences", 22)
        # After inline (20), attr_list (8) and toc (5); before mkdocs' relpath (0), which would
        # otherwise report an unsafe target as a broken link.
        md.treeprocessors.register(_CleanTree(md, self.found), "stelsel_safe_tree", 1)
        md.postprocessors.register(_CleanStash(md, self.found, self.raw), "stelsel_safe_stash", 35)


# --- what check says about a text ---------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _raw_removals(fragment: str) -> tuple[list[str], list[Removal]]:
    """The tags of a raw fragment, and what :func:`clean_html` removes of it (the same allow-list)."""
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    tags, removed = [], []
    for tag, attrs in parser.tags:
        tags.append(tag)
        if tag not in RAW_TAGS:
            removed.append(Removal(tag, "element and its content" if tag in CONTENT_TAGS else "element"))
            continue
        allowed = RAW_ATTRIBUTES["*"] | RAW_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                removed.append(Removal(f"{tag}[{name}]", _what_attribute(name, value or "")))
            elif name in URL_ATTRIBUTES and not safe_url(value):
                removed.append(Removal(f"{tag}[{name}]", _what_attribute(name, value or "")))
    return tags, removed


@dataclass
class RawHtmlReport:
    """The raw HTML of one text (tag names, in order) and what the site removes of it."""

    tags: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.tags or self.removed)


_CHECKER = None
_MAYBE = re.compile(r"<|&#|&[a-z]+;|\{|\]\(|\]:", re.I)


def raw_html_report(text: str | None) -> RawHtmlReport:
    """What the site does with the raw HTML and the unsafe links of ``text`` (Markdown)."""
    global _CHECKER
    report = RawHtmlReport()
    if not text or not _MAYBE.search(text):
        return report
    import markdown

    found: list[Removal] = []
    raw: list[str] = []
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "fenced_code", "def_list",
                                       SafeHtml(found=found, raw=raw)])
    md.convert(text)
    for fragment in raw:
        tags, removed = _raw_removals(fragment)
        report.tags.extend(tags)
        report.removed.extend(removed)
    report.removed.extend(r for r in found if r not in report.removed)
    return report
