"""The item pages written from a shell: mkdocs renders one item page per folder, the plugin the rest.

A version has a page per item (``afspraken/TA-061/``, items.py): at N = 5,000 that is 5,000
pages, and mkdocs spends about 25 ms on each (Python-Markdown set up afresh, the theme's
templates with the navigation, the search plugin), more than all the other pages together.
Every item page of one folder sits at the same depth and outside the navigation, so the theme
writes the same HTML around each: the same navigation with the same relative links, the same
assets. Only the title, the description, the first heading's id (the skip link), the content,
the edit link and the canonical URL differ, and the table of contents, which is the same list
of section headings for every item (items.ItemDoc).

So mkdocs renders one item page of each folder from :func:`shell_markdown`, a page with
markers (:data:`MARKS`) where those values go; :func:`compile_shell` turns its HTML into a
Jinja2 template (autoescape; everything but the markers kept verbatim) and :func:`fill` writes
every item page of the folder with it, the content as the generator made it (sanitised HTML
from the templates, with the headings Python-Markdown would have made: :func:`content_html`).
The plugin checks their links as it checks every page (plugin.py), and adds them to the
sitemap (:func:`sitemap_entries`). A test builds a site both ways and compares every item page.
"""

from __future__ import annotations

import gzip
import logging
import os
import posixpath
import re
from urllib.parse import urljoin

import jinja2
from markupsafe import Markup, escape
from mkdocs.structure.files import File, InclusionLevel

from ..forked import Forked
from .links import page_url
from .markup import ENVIRONMENT
from .text import front_matter

page_log = logging.getLogger("mkdocs.structure.pages")  # where mkdocs warns about a page's links

MARK = "stelselshellmark"
MARKS = ("title", "description", "anchor", "content", "edit", "canonical")
# A marker, and the URLs that stand for the edit link and the canonical URL (the theme writes
# those as they are; safe_url must let them pass).
_MARK = re.compile(r"(?:https://)?" + MARK + "(" + "|".join(MARKS) + r")x(?:\.invalid/|<!--<h1>-->)?")
# The shell's content (the theme adds a heading to a page whose content holds no '<h1'):
CONTENT_MARK = f"{MARK}contentx<!--<h1>-->"
EDIT_MARK = f"https://{MARK}editx.invalid/"
CANONICAL_MARK = f"https://{MARK}canonicalx.invalid/"
_SEARCH_ATTRS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what material's search takes out of every page

# The theme writes its own HTML unescaped, around values we give it: the shell's HTML is kept
# verbatim inside raw blocks, and only the marked values are filled in (autoescaped).
_SHELLS = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def mark(name: str) -> str:
    return f"{MARK}{name}x"


def shell_key(doc) -> tuple:
    """Item pages that can share a shell: the same folder (the same relative links) and the same
    section headings (the same table of contents)."""
    return (posixpath.dirname(doc.path), tuple(title for title, _html in doc.sections if title))


def shell_markdown(doc) -> str:
    """The page mkdocs renders for the shell: the item page's front matter and headings, marked."""
    meta = {"title": mark("title"), "description": mark("description"), "search": {"exclude": True},
            "stelsel_source": doc.source}
    headings = "".join(f"## {title}\n\n" for title, _html in doc.sections if title)
    return front_matter(meta) + f"# {mark('title')} {{#{mark('anchor')}}}\n\n{mark('content')}\n\n" + headings


def compile_shell(html: str) -> jinja2.Template:
    """The theme's HTML of the shell page as a template: the markers become the values of one item."""
    out = []
    pos = 0
    for match in _MARK.finditer(html):
        literal = html[pos:match.start()]
        name = match.group(1)
        if name == "title" and literal.endswith("<title>"):
            name = "title_tag"  # material writes it through striptags there
        out.append(_raw(literal))
        out.append("{{ %s }}" % name)
        pos = match.end()
    out.append(_raw(html[pos:]))
    return _SHELLS.from_string("".join(out))


def _raw(text: str) -> str:
    if "{% endraw" in text or "{%endraw" in text:
        raise ValueError("the theme's HTML holds a Jinja2 raw-block end: it cannot serve as a shell")
    return "{% raw %}" + text + "{% endraw %}" if text else ""


def fill(shell: jinja2.Template, doc, content: str, *, edit_url: str | None, canonical_url: str | None) -> str:
    """The HTML of the item page ``doc`` (its ``content`` finished: banners, abbreviations)."""
    return shell.render(title=doc.title, title_tag=Markup(escape(doc.title)).striptags(),
                        description=doc.description, anchor=doc.anchor, content=Markup(content),
                        edit=edit_url or "", canonical=canonical_url or "")


def content_html(doc, toc_config: dict) -> Markup:
    """The item page's content as Python-Markdown renders :meth:`items.ItemDoc.markdown` with the
    site's ``toc`` settings: each heading with its id and permalink, each section's HTML as is."""
    from markdown.extensions.toc import slugify, unique

    permalink = toc_config.get("permalink", False)
    symbol = Markup("&para;") if permalink is True else escape(permalink) if permalink else None
    slug = toc_config.get("slugify", slugify)
    separator = toc_config.get("separator", "-")
    used = {doc.anchor}
    sections = []
    for title, html in doc.sections:
        ident = unique(slug(title, separator), used) if title else None
        sections.append((title, ident, html))
    return Markup(ENVIRONMENT.get_template("item_page.html").render(
        doc=doc, sections=sections, permalink=symbol, permalink_title=toc_config.get("permalink_title", "")))


class ItemFile(File):
    """An item page the plugin writes from its folder's shell: mkdocs knows it (links to it resolve,
    the plugin checks its links) but neither renders nor copies it."""

    def __init__(self, config, src_uri: str):
        page = File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        super().__init__(src_uri, src_dir=None, dest_dir=config.site_dir,
                         use_directory_urls=config.use_directory_urls, dest_uri=page.dest_uri,
                         inclusion=InclusionLevel.NOT_IN_NAV)
        self.generated_by = "stelsel"

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: the plugin writes the page once the shell is rendered."""


def canonical(site_url: str | None, url: str) -> str | None:
    """The page's canonical URL as mkdocs makes it (``Page._set_canonical_url``)."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, url)


def sitemap_entries(urls: list[str], lastmod: str | None) -> str:
    """``<url>`` entries as mkdocs' sitemap.xml writes them."""
    return ENVIRONMENT.get_template("sitemap_entries.xml").render(urls=urls, lastmod=lastmod)


class Shells:
    """The item pages of one build: which one of each folder mkdocs renders as the shell, and
    the rest, written by :meth:`write_all` once the shells are rendered."""

    def __init__(self, docs: dict, toc_config: dict, *, edit_url, site_url: str | None, directory_urls: bool,
                 versions: tuple | None = None):
        self.docs = docs  # site path -> items.ItemDoc (empty: mkdocs renders every item page)
        self.toc = toc_config
        self.edit_url = edit_url  # content file -> its edit link, or None
        self.site_url = site_url
        self.directory_urls = directory_urls
        # (site folder, this version's label, every version (label, title) newest first, the messages of the
        # framework's language): the pages' 'In andere versies' filled in as they are written
        # (crossversion.fill_versions); None: afterwards
        self.versions = versions
        self.shell_of: dict[str, str] = {}  # item page -> the shell page of its group
        groups: dict[tuple, list[str]] = {}
        for path in sorted(docs):
            groups.setdefault(shell_key(docs[path]), []).append(path)
        for paths in groups.values():
            for path in paths:
                self.shell_of[path] = paths[0]
        self.templates: dict[str, jinja2.Template] = {}  # shell page -> its compiled HTML
        self.finished: dict[str, str] = {}  # shell page -> its own finished content
        self.edit = False  # the theme shows an edit link (the shell's page had one)
        self.canonical = False  # ... and a canonical URL
        self._content: dict[str, Markup] = {}
        self._ids: dict[str, set] = {}  # item page -> the ids on it (written by write_all)

    mark = staticmethod(mark)

    def is_shell(self, path: str) -> bool:
        return self.shell_of.get(path) == path

    def written(self, path: str) -> bool:
        """Written by :meth:`write_all`, not rendered by mkdocs."""
        return path in self.shell_of and self.shell_of[path] != path

    def markdown(self, path: str) -> str:
        return shell_markdown(self.docs[path])

    def content(self, path: str) -> Markup:
        done = self._content.get(path)
        if done is None:
            done = self._content[path] = content_html(self.docs[path], self.toc)
        return done

    def theme_context(self, page) -> None:
        """The shell's edit link and canonical URL become markers (each item has its own)."""
        self.edit = bool(page.edit_url)
        self.canonical = bool(page.canonical_url)
        page.edit_url = EDIT_MARK if page.edit_url else None
        page.canonical_url = CANONICAL_MARK if page.canonical_url else None

    def shell_rendered(self, path: str, output: str) -> str:
        """The theme's HTML of the shell page: kept as the template of its group, and filled in
        with its own item like every other."""
        self.templates[path] = compile_shell(output)
        return self._fill(path, self.finished.pop(path))

    def _fill(self, path: str, content: str) -> str:
        doc = self.docs[path]
        if self.versions is not None:
            from .crossversion import fill_versions

            site_dir, label, versions, ui = self.versions
            depth = page_url(path, self.directory_urls).count("/") + 1
            content = fill_versions(content, site_dir, label, depth, versions, ui)
        return fill(self.templates[self.shell_of[path]], doc, _SEARCH_ATTRS.sub("", content),
                    edit_url=self.edit_url(doc.source) if self.edit else None,
                    canonical_url=self._canonical(path) if self.canonical else None)

    def _canonical(self, path: str) -> str | None:
        return canonical(self.site_url, page_url(path, self.directory_urls))

    def write_all(self, plugin, files, site_dir: str, lastmod: str | None, *, beside: bool = False) -> int:
        """Write every item page that is not a shell; check its links; add it to the sitemap. With
        ``beside``, a forked child writes every other page (forked.py: only a process without threads)."""
        from mkdocs.utils import get_build_date, get_build_timestamp

        paths = [path for path in sorted(self.docs) if self.written(path)]
        half = Forked(self._write, plugin, files, paths[1::2]) if beside and len(paths) > 1 else None
        try:
            done = self._write(plugin, files, paths if half is None else paths[::2])
            if half is not None:
                done.update(half.result())
        finally:
            if half is not None:
                half.cancel()  # only if this process failed first
        links: dict = {}
        urls = []
        for path in paths:  # in the order one process writes them
            ids, targets, warnings, loc = done[path]
            self._ids[path] = ids
            for message in warnings:
                page_log.warning(message)
            links[files.get_file_from_path(path)] = {files.get_file_from_path(target): anchors
                                                     for target, anchors in targets.items()}
            if loc:
                urls.append(loc)
        self._check_anchors(links)
        if urls:
            _add_to_sitemap(site_dir, sitemap_entries(urls, lastmod or get_build_date()),
                            get_build_timestamp())
        return len(paths)

    def _write(self, plugin, files, paths: list[str]) -> dict:
        """The item pages ``paths`` written: for each, the ids on it, the anchors it links to (target
        page -> anchor -> link), the warnings about its links and its canonical URL."""
        from mkdocs.utils import write_file

        out = {}
        for path in paths:
            file = files.get_file_from_path(path)
            html = self._fill(path, plugin.finish(self.content(path), path))
            write_file(html.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path)
            warnings: list[str] = []
            targets = plugin.item_links(path, file, files, warn=warnings.append)
            out[path] = (set(_IDS.findall(self.content(path))), {target.src_uri: anchors for target, anchors in targets.items()},
                         warnings, self._canonical(path))
        return out

    def _check_anchors(self, links: dict) -> None:
        """What mkdocs' ``validate_anchor_links`` does for a page, for the pages written here."""
        for file, targets in links.items():
            for target, anchors in targets.items():
                if isinstance(target, ItemFile):
                    present = self._ids.get(target.src_uri)
                    if present is None:
                        present = self._ids[target.src_uri] = set(_IDS.findall(self.content(target.src_uri)))
                elif target.page is not None and target.page.present_anchor_ids is not None:
                    present = target.page.present_anchor_ids
                else:
                    continue
                for anchor, link in anchors.items():
                    if anchor in present:
                        continue
                    problem = "there is no such anchor on this page" if target is file else \
                        f"the doc '{target.src_uri}' does not contain an anchor '#{anchor}'"
                    page_log.warning(f"Doc file '{file.src_uri}' contains a link '{link}', but {problem}.")


_IDS = re.compile(r'\sid="([^"]+)"')


def _add_to_sitemap(site_dir: str, entries: str, timestamp: int) -> None:
    """The entries added to sitemap.xml before its end, and sitemap.xml.gz made again as mkdocs makes it."""
    path = os.path.join(site_dir, "sitemap.xml")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    end = text.rfind("</urlset>")
    if end < 0:
        return
    text = text[:end].rstrip("\n") + entries + "\n" + text[end:]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    with open(path + ".gz", "wb") as raw, gzip.GzipFile(fileobj=raw, filename=path, mode="wb", mtime=timestamp) as gz:
        gz.write(text.encode("utf-8"))
