"""The Markdown of the last pages converted in a forked child while mkdocs converts the others.

mkdocs converts every page's Markdown in the build's own process, one page after the other
(``_populate_page``: about 6 s at N = 5,000, bench/results-site.md), while the second core only
indexes the converted pages for search (search_beside.py). Here, for one ``build``, a child
forked from the build (forked.py) converts the last pages of mkdocs' order before mkdocs gets
to them: each one read and rendered exactly as mkdocs does (``Page.read_source``, then
``Page.render`` with the build's Markdown extensions and files). When mkdocs renders such a
page, the child's result takes the place of the conversion: its HTML, table of contents, title,
anchors and links to anchors, and what the conversion logged, handled at that point in the
build's log. Everything around the conversion (the plugins' events, the search index, the
theme) still happens in the build, in mkdocs' order.

A page whose Markdown in the build differs from the text the child converted (a plugin changed
it in ``on_page_markdown``), or that the child could not convert, is converted by the build as
always: the site is the one mkdocs makes alone (a test builds a site both ways and compares
every file). Not used by ``stelsel serve`` (its server runs threads) or where work cannot go to
a second core.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..forked import Forked, available, handle_again, records_taken

# The child's share of the conversion work (by the pages' Markdown length). The second core
# also makes the search index of every converted page meanwhile (about 0.7 s per second of
# conversion), and the build renders the theme of every page after the conversion: a third to
# the child ends both cores' work at about the same time. Alternating builds with and without
# the child: 6.14 -> 5.65 s median at N = 1,000, 23.6 -> 22.1 s at N = 5,000
# (bench/results-site.md, session 10). Since the agreements' headings are in their HTML parts
# (html_parts.py) the long pages convert at a fraction of their length's cost: with a third the
# build waited 0.1-0.4 s for the child at N = 5,000; alternating builds with a quarter: 11.86 ->
# 11.70 s median (session 12).
CHILD_SHARE = 1 / 4
MIN_PAGES = 8  # below this a child costs more than it saves


@dataclass
class Converted:
    """What ``Page.render`` set on one page in the child, and what it logged meanwhile."""

    digest: bytes  # of the Markdown converted
    content: str
    toc: object
    title: str | None
    anchors: set
    links: dict | None  # target file's src_uri -> {anchor: link}; None: mkdocs did not collect them
    records: list


def _digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _convert(config, files, uris: list[str]) -> dict[str, Converted | None]:
    """In the child: each page read and rendered as mkdocs' ``_populate_page`` does (without the
    plugins' events, which the build runs); None for a page that failed (the build converts it)."""
    from mkdocs.structure.pages import Page

    out: dict[str, Converted | None] = {}
    for uri in uris:
        file = files.get_file_from_path(uri)
        try:
            page = file.page if file.page is not None else Page(None, file, config)
            config._current_page = page
            with records_taken() as records:
                page.read_source(config)
                markdown = page.markdown
                page.render(config, files)
            links = None if page.links_to_anchors is None else \
                {target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
            out[uri] = Converted(_digest(markdown), page.content, page.toc, page._title_from_render,
                                 set(page.present_anchor_ids or ()), links, records)
        except Exception:  # noqa: BLE001 - the build converts it itself, and reports what fails there
            out[uri] = None
    config._current_page = None
    return out


def _split(pages: list) -> int:
    """Where the child's pages start: the last pages holding about CHILD_SHARE of the Markdown."""
    sizes = []
    for file in pages:
        try:
            sizes.append(len(file.content_string))
        except (OSError, ValueError):  # read again, and reported, when mkdocs gets to it
            sizes.append(1)
    total = sum(sizes)
    running = 0
    for index in range(len(pages) - 1, -1, -1):
        running += sizes[index]
        if running >= total * CHILD_SHARE:
            return index
    return 0


class ConvertedBeside:
    """The last pages' Markdown converted in a child (see the module's docstring)."""

    def __init__(self, config, files, uris: list[str]):
        self._wanted = set(uris)
        self._work = Forked(_convert, config, files, uris)
        self._done: dict[str, Converted | None] | None = None

    @classmethod
    def start(cls, config, files) -> "ConvertedBeside | None":
        """Fork the child for the last pages of mkdocs' order (None: too few pages, or no second core).
        Call it before any thread of the build starts (a forked child gets no threads)."""
        from mkdocs.structure.files import InclusionLevel

        if not available():
            return None
        pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
        if len(pages) < MIN_PAGES:
            return None
        first = _split(pages)
        return cls(config, files, [file.src_uri for file in pages[first:]])

    def takes(self, page) -> bool:
        return page.file.src_uri in self._wanted

    def render(self, page, config, files) -> None:
        """``page.render(config, files)``: the child's conversion when it converted this Markdown, else mkdocs'."""
        self._wanted.discard(page.file.src_uri)
        done = self._result().pop(page.file.src_uri, None)
        links = None
        if done is not None and done.links is not None:
            links = {}
            for uri, anchors in done.links.items():
                target = files.get_file_from_path(uri)
                if target is None:
                    done = None
                    break
                links[target] = anchors
        if done is None or done.digest != _digest(page.markdown or ""):
            type(page).render(page, config, files)
            return
        handle_again(done.records)
        page.content = done.content
        page.toc = done.toc
        page._title_from_render = done.title
        page.present_anchor_ids = done.anchors
        if done.links is not None:
            page.links_to_anchors = links

    def _result(self) -> dict:
        if self._done is None:
            try:
                self._done = self._work.result()
            except Exception:  # noqa: BLE001 - the child failed as a whole: the build converts every page itself
                self._done = {}
        return self._done

    def cancel(self) -> None:
        """The build failed: end the child."""
        self._work.cancel()
