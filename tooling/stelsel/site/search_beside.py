"""Material's search index made beside the pages: its entries computed in a forked child.

Material's search plugin parses the HTML of every rendered page into its index entries in the
build's own process, a sixth of ``stelsel build`` at N = 5,000 (bench/results-site.md). Here the
plugin's index is replaced, for one ``build``, by a stand-in that sends what material reads of
each page (its address, title, front matter, content and table of contents) down a pipe to a
child forked from the build (forked.py), which feeds material's own ``SearchIndex`` with it in
the same order; material asks for the index after the last page, and the child's entries come
back. The index file is the one material writes itself (a test builds a site both ways and
compares every file). Not used by ``stelsel serve`` (its server runs threads, and it updates the
index page by page) or where work cannot go to a second core.

Material indexes a page when the theme renders it, after every page's Markdown is converted; the
stand-in is installed before that conversion, and the plugin offers it each page as soon as its
content is final (:meth:`IndexBeside.offer`, from ``on_page_content``), so the child indexes
while the other pages are converted. When material then asks for the page, the stand-in only
notes its place in the index; a page that changed since it was offered is sent again, and one
never asked for is left out: the entries, in material's order, are those of the pages as
material saw them. Material's page_context event then only indexes a page with no
``data-search-*`` attribute, instead of also running a regular expression over its HTML that
finds nothing to take out (:func:`_no_needless_attribute_removal`, for the material code it knows).
"""

from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import queue
import textwrap
import threading
from types import SimpleNamespace

from ..forked import Forked, available


def material_search(config):
    """Material's search plugin of this build, if it is enabled."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and getattr(plugin, "search_index", None) \
                is not None and plugin.config.enabled:
            return plugin
    return None


def _feed(index, read_fd: int, write_fd: int) -> list:
    """In the child: each page sent, into material's index on its own; once the pipe is closed, the
    entries of the pages material asked for, in the order it asked."""
    os.close(write_fd)
    entries: dict[int, list] = {}
    order: list[int] = []
    with os.fdopen(read_fd, "rb") as pipe:
        while True:
            try:
                message = pickle.load(pipe)
            except EOFError:
                break
            if message[0] == ORDER:
                order = message[1]
                continue
            _, key, (url, title, meta, content, toc) = message
            index.entries = []
            index.add_entry_from_context(SimpleNamespace(url=url, title=title, meta=meta, content=content, toc=toc))
            entries[key] = index.entries
    index.entries = [entry for key in order for entry in entries.get(key, ())]
    return index.entries


PAGE, ORDER = "page", "order"

# A table the generator leaves out of the index (markup.table, indexed=False): material's parser skips
# all in it. The overview of all agreements at N = 5,000: 2 MB, a sixth of the index's time.
UNINDEXED, UNINDEXED_END = "<table data-search-exclude>", "</table>"
_CHANGES_SECTIONS = ("<table", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<script", "<style", "<object")


def unindexed_emptied(content: str) -> str:
    """``content`` with each table material leaves out of the index emptied: material makes the same
    entries of it. A table holding what could change material's sections or what it skips (a table in
    it, a heading, a script) stays as it is."""
    if UNINDEXED not in content:
        return content
    out = []
    kept = 0  # content[kept:] is still to be copied
    start = content.find(UNINDEXED)
    while start != -1:
        inner = start + len(UNINDEXED)
        end = content.find(UNINDEXED_END, inner)
        if end == -1:
            break
        if not any(content.find(tag, inner, end) != -1 for tag in _CHANGES_SECTIONS):
            out.append(content[kept:inner])
            kept = end
        start = content.find(UNINDEXED, end)
    out.append(content[kept:])
    return "".join(out)


class IndexBeside:
    """Stands in for material's ``SearchIndex`` during one build (see the module's docstring). A
    thread of the build writes the pages down the pipe, so the build never waits for the child
    while it renders; the child is forked before the thread starts."""

    def __init__(self, index):
        self.index = index
        self.plugin = None
        read, write = os.pipe()
        self._work = Forked(_feed, index, read, write)
        os.close(read)
        self._pipe = os.fdopen(write, "wb", buffering=1 << 20)
        self._pages: queue.SimpleQueue = queue.SimpleQueue()
        self._offered: dict[int, tuple] = {}  # id(page) -> (its key, the page, what was sent of it)
        self._order: list[int] = []  # the keys of the pages material asked for, in its order
        self._keys = 0
        self._writer = threading.Thread(target=self._send, name="stelsel-search-index", daemon=True)
        self._writer.start()
        self._open = True

    @classmethod
    def install(cls, config) -> "IndexBeside | None":
        """Put the stand-in in place of the enabled search plugin's index (None: none, or no second core)."""
        plugin = material_search(config)
        if plugin is None or not available() or isinstance(plugin.search_index, IndexBeside):
            return None
        beside = cls(plugin.search_index)
        plugin.search_index = beside
        beside.plugin = plugin
        _no_needless_attribute_removal(config, plugin)
        return beside

    @property
    def config(self):
        return self.index.config

    @staticmethod
    def _seen(page, content) -> tuple:
        """What material reads of a page (of a table it leaves out, only the table's tags)."""
        meta = {key: page.meta[key] for key in ("search", "title", "tags") if key in (page.meta or {})}
        return page.url, page.title, meta, unindexed_emptied(content), page.toc

    def _put(self, seen: tuple) -> int:
        key = self._keys
        self._keys += 1
        self._pages.put((PAGE, key, seen))
        return key

    @staticmethod
    def _excluded(page) -> bool:
        """Material adds nothing of a page whose front matter says ``search: exclude`` (its
        ``add_entry_from_context``): such a page (at N = 5,000: 404 pages, 25 MB) is not sent."""
        return bool(((page.meta or {}).get("search") or {}).get("exclude"))

    def offer(self, page, content: str) -> None:
        """``page`` with its final ``content``, before material asks for it: indexed meanwhile."""
        if self._open and not self._excluded(page):
            seen = self._seen(page, content)
            self._offered[id(page)] = (self._put(seen), page, seen)

    def add_entry_from_context(self, page) -> None:
        if self._excluded(page):
            return
        seen = self._seen(page, page.content)
        offered = self._offered.pop(id(page), None)
        if offered is not None and offered[1] is page and _same(offered[2], seen):
            self._order.append(offered[0])
        else:  # not offered, or changed since (another plugin's on_page_content): as it is now
            self._order.append(self._put(seen))

    def _send(self) -> None:
        try:
            while (page := self._pages.get()) is not None:
                pickle.dump(page, self._pipe, protocol=pickle.HIGHEST_PROTOCOL)
            self._pipe.close()
        except OSError:  # the child has gone (cancelled, or failed: its result says why)
            pass

    def close(self) -> bool:
        """Every page is in: the pipe is closed and the writer ends (the child finishes the index).
        True: no thread of the stand-in is left."""
        if self._writer.is_alive() and self._open:
            self._pages.put((ORDER, self._order))
            self._pages.put(None)
            self._writer.join()
        return not self._writer.is_alive()

    @property
    def entries(self) -> list:
        self._collect()
        return self.index.entries

    def generate_search_index(self, prev):
        self._collect()
        return self.index.generate_search_index(prev)

    def _collect(self) -> None:
        if self._open:
            self.close()
            self._open = False
            try:
                self.index.entries = self._work.result()
            finally:
                self.plugin.search_index = self.index  # the next build (serve keeps the plugin) uses material's own

    def cancel(self) -> None:
        """The build failed: end the child and the writer, give the plugin its index back."""
        if self._open:
            self._open = False
            self._work.cancel()
            self._pages.put(None)
            self._writer.join()
            try:
                self._pipe.close()
            except OSError:
                pass
            self.plugin.search_index = self.index


# Material's on_page_context, known by the digest of its source: it indexes the page, then takes its
# data-search-* attributes out of the page's HTML with a regular expression, which at N = 5,000 read
# the build's 44 MB of pages in 0.47 s. Where the HTML holds no "data-search-" that changes nothing.
_MATERIAL_PAGE_CONTEXT = "2ebaa3873b3e092dd5710da32df19082fb09ae781c71c19a2fe9b82671559b83"


def _no_needless_attribute_removal(config, plugin) -> None:
    """For this build, material's page_context event on a page without a data-search-* attribute only
    indexes it, which is all that event then does (only for the material code known above)."""
    try:
        source = textwrap.dedent(inspect.getsource(type(plugin).on_page_context))
    except (OSError, TypeError):
        return
    if hashlib.sha256(source.encode()).hexdigest() != _MATERIAL_PAGE_CONTEXT:
        return
    original = plugin.on_page_context
    events = config.plugins.events["page_context"]

    def on_page_context(context, *, page, config, nav):
        if "data-search-" in (page.content or "") or not plugin.config.enabled:
            return original(context, page=page, config=config, nav=nav)
        plugin.search_index.add_entry_from_context(page)
        return None

    for index, method in enumerate(events):
        if method == original:
            events[index] = on_page_context
            origins = config.plugins._event_origins
            origins[on_page_context] = origins.get(original, "material/search")


def _same(sent: tuple, now: tuple) -> bool:
    """The page as material sees it now is the page as it was offered (its table of contents the same object)."""
    return sent[:3] == now[:3] and sent[3] == now[3] and sent[4] is now[4]
