"""Material's search index, its pages parsed in a second process while the site builds.

The search plugin of mkdocs-material splits the HTML of every page into sections with a
Python HTML parser, page by page, as mkdocs writes the pages: for a large framework the
largest single cost of a build left once the pages are pre-rendered (markup.py). The parsing
needs nothing but the page's HTML, so :class:`SearchOffload` hands each page to a forked
worker as soon as its HTML is final (the plugin's ``on_page_content``, before mkdocs renders
the templates) and the worker parses while this process goes on with the next page.

The index itself is still material's: its ``add_entry_from_context`` and
``generate_search_index`` are wrapped on the plugin's own ``search_index``, the first to
note each page (with its HTML as it was then), the second to add every page's sections, in
page order, with material's ``create_entry_for_section``, before it writes the index. The
index comes out the same as without the worker. Any page the worker did not return (or
whose HTML changed after it was sent) is parsed here; without ``fork`` (or with
STELSEL_PARALLEL=0) nothing is offloaded at all.
"""

from __future__ import annotations

import logging
import os
import queue
import sys

log = logging.getLogger("stelsel.site")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _parse(html: str):
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


def _serve(requests, results) -> None:
    """The worker: parse each page it is sent, until told to stop (None)."""
    while True:
        job = requests.get()
        if job is None:
            break
        ticket, html = job
        try:
            results.put((ticket, _parse(html)))
        except Exception:  # noqa: BLE001 - the parent parses this page itself
            results.put((ticket, None))
    results.close()
    results.join_thread()


def _toc_by_id(toc) -> dict:
    """Each id of a table of contents -> its first entry, depth first (as material's lookup)."""
    out: dict = {}

    def walk(items) -> None:
        for item in items:
            out.setdefault(item.id, item)
            walk(item.children)

    walk(toc)
    return out


class SearchOffload:
    """Wraps one material search index for one build (see the module docstring)."""

    def __init__(self, index):
        self.index = index
        self._add = index.add_entry_from_context
        self._generate = index.generate_search_index
        self.pages: list[tuple[object, int | None, str]] = []  # (page, ticket or None, its HTML then)
        self.sent: dict[int, tuple[int, str]] = {}  # id(page) -> (ticket, HTML sent)
        self.results: dict[int, list] = {}
        self.process = None
        self.requests = None
        self.replies = None
        index.add_entry_from_context = self._note
        index.generate_search_index = self._generate_all

    @classmethod
    def attach(cls, config) -> "SearchOffload | None":
        """Offload the search plugin of this config, if there is one and this machine can."""
        from ..load.parallel import can_fork

        if not (can_fork() and sys.platform.startswith("linux") and _cores() > 1):
            return None
        try:
            from material.plugins.search.plugin import SearchIndex
        except ImportError:
            return None
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if isinstance(index, SearchIndex) and getattr(plugin.config, "enabled", True) \
                    and callable(getattr(index, "create_entry_for_section", None)):
                if getattr(index, "_stelsel_offload", None) is None:
                    index._stelsel_offload = cls(index)
                return index._stelsel_offload
        return None

    def send(self, page, html: str) -> None:
        """Have the worker parse ``html``, the final HTML of ``page`` (unless search skips it)."""
        search = (page.meta or {}).get("search") or {}
        if search.get("exclude"):
            return
        if self.process is None and not self._start():
            return
        ticket = len(self.sent)
        try:
            self.requests.put((ticket, html))
        except Exception:  # noqa: BLE001 - the page is parsed here instead
            return
        self.sent[id(page)] = (ticket, html)

    def _start(self) -> bool:
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
            self.requests = context.Queue()
            self.replies = context.Queue()
            self.process = context.Process(target=_serve, args=(self.requests, self.replies), daemon=True,
                                           name="stelsel-search")
            self.process.start()
        except (OSError, ValueError) as exc:
            log.debug("stelsel: no search worker (%s)", exc)
            self.process = False
            return False
        return True

    # -- the wrapped methods of material's SearchIndex -----------------------------------

    def _note(self, page) -> None:
        search = (page.meta or {}).get("search") or {}
        if search.get("exclude"):
            return
        sent = self.sent.get(id(page))
        ticket = sent[0] if sent is not None and sent[1] is page.content else None
        self.pages.append((page, ticket, page.content))

    def _generate_all(self, prev):
        self._collect()
        for page, ticket, html in self.pages:
            sections = self.results.get(ticket) if ticket is not None else None
            if sections is None:
                sections = _parse(html)
            anchors = _toc_by_id(page.toc)
            for section in sections:
                if not section.is_excluded():
                    # material looks the section's heading up in the page's table of contents, depth
                    # first, for every section; the same first match from a table here.
                    found = anchors.get(section.id)
                    self.index.create_entry_for_section(section, [found] if found is not None else [], page.url, page)
        self.pages = []
        self.index.add_entry_from_context = self._add
        self.index.generate_search_index = self._generate
        self.index._stelsel_offload = None
        return self._generate(prev)

    def _collect(self) -> None:
        if not self.process:
            return
        expected = len(self.sent)
        try:
            self.requests.put(None)
            while len(self.results) < expected:
                try:
                    ticket, sections = self.replies.get(timeout=1.0)
                except queue.Empty:
                    if not self.process.is_alive():
                        break
                    continue
                if sections is not None:
                    self.results[ticket] = sections
                else:
                    self.results[ticket] = None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker (at the end of a build, or when it fails). Pages it did not parse yet
        are parsed here when the index is written."""
        process, self.process = self.process, None
        if not process:
            return
        if process.is_alive():
            try:
                self.requests.put(None)
            except Exception:  # noqa: BLE001
                pass
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        for q in (self.requests, self.replies):
            q.close()
            q.cancel_join_thread()
