"""The page families of a site version made one after another, or some beside the others in forked
children (a mixin of pages._Generator).

The families are the generator's methods that make pages (home, agreements, item pages, ...).
With a second core (``stelsel build``: SiteOptions.beside), the agreements' pages are made in one
child while this process makes the other families, and the item pages by this process and a
second child, half each (forked.py: a child sees the generator as it was and sends its work back
pickled). What each family made (its pages, their titles, the problems and raw links it found,
the links its pages record) is put back in the order of :data:`FAMILIES`, so the site is the
same file for file either way (tests/site/test_beside.py). At N = 5,000 on two cores the
build's own process spends about a third less time generating (bench/results-site.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..forked import Forked

# The page families (methods of _Generator, from its mixins) in the order they are made: the order of
# the site's pages (its files, and so the search index and the sitemap) and of the problems found.
FAMILIES = ("_home", "_narratives", "_agreements", "_checklist_pages", "_grondslag", "_roles", "_services",
            "_decision_tables", "_facilities", "_use_cases", "_elements", "_glossary", "_sources", "_governance",
            "_proposals", "_releases", "_reports", "_release_calendar", "_changes", "_role_change_pages",
            "_item_pages")
# Made in a child beside the others when SiteOptions.beside: the largest family that no other reads
# (its page titles excepted: AgreementPages.agreement_titles), about a third of the generation at N = 5,000.
BESIDE = ("_agreements",)
# The first family that waits for them: it shows their prose again, rendered by then (markup.Prose);
# made by this process and a child at once, half of its pages each.
HALVED = "_item_pages"


@dataclass
class _Made:
    """What one page family made: its pages (path -> Markdown) and their titles, the problems and
    raw links it found, the item pages known then, the item pages' parts it made."""

    pages: dict
    titles: dict
    problems: list
    raw_links: list
    item_pages: set
    item_docs: dict


class Families:
    def _make_families(self) -> None:
        """Every family's pages, some made beside the others (see the module's docstring)."""
        beside = [name for name in BESIDE if self.o.beside]
        if beside:
            self.titles.update(self.agreement_titles())  # the item pages name those pages (items.py)
        work = Forked(self._families, beside, True) if beside else None
        made: dict[str, _Made] = {}
        try:
            for name in FAMILIES:
                if name in beside:
                    continue
                if name == HALVED and beside:
                    self._take(work.result(), made)
                    work = None
                    made[name] = self._item_pages_halved()
                    continue
                made.update(self._families([name])[0])
            if work is not None:
                self._take(work.result(), made)
        finally:
            if work is not None:
                work.cancel()  # only if this process failed first
        self._merge(made[name] for name in FAMILIES)

    def _families(self, names: Sequence, apart: bool = False) -> tuple[dict[str, "_Made"], dict, dict]:
        """The page families ``names`` (a name, or a name and the part to make) made in turn: what each
        made; ``apart`` (in a child, whose work goes back pickled): also the links their pages record
        and the prose they rendered."""
        links = {page: set(urls) for page, urls in self.index.written.items()} if apart else {}
        prose = self.md.renderings() if apart else {}
        out = {}
        for name in names:
            name, args = name if isinstance(name, tuple) else (name, None)
            pages, problems, raw_links = dict(self.pages), len(self.problems), len(self.raw_links)
            getattr(self, name)(*([args] if args is not None else []))
            changed = [p for p, text in self.pages.items() if pages.get(p) is not text]
            out[name] = _Made(pages={p: self.pages[p] for p in changed}, titles={p: self.titles[p] for p in changed},
                              problems=self.problems[problems:], raw_links=self.raw_links[raw_links:],
                              item_pages=set(self.item_pages), item_docs={p: self.item_docs[p] for p in changed
                                                                          if p in self.item_docs})
        written, rendered = {}, {}
        if apart:
            for page, urls in self.index.written.items():
                new = urls - links.get(page, set())
                if new:
                    written[page] = new
            rendered = {text: html for text, html in self.md.renderings().items() if text not in prose}
        return out, written, rendered

    def _item_pages_halved(self) -> "_Made":
        """The item pages made by two processes: the second half in a forked child."""
        name = HALVED
        half = len(self.item_page_list()) // 2
        work = Forked(self._families, [(name, (half, None))], True)
        try:
            first = self._families([(name, (0, half))])[0][name]
            second: dict = {}
            self._take(work.result(), second)
        finally:
            work.cancel()  # only if this process failed first
        rest = second[name]
        return _Made(pages={**first.pages, **rest.pages}, titles={**first.titles, **rest.titles},
                     problems=first.problems + rest.problems, raw_links=first.raw_links + rest.raw_links,
                     item_pages=first.item_pages | rest.item_pages, item_docs={**first.item_docs, **rest.item_docs})

    def _take(self, work: tuple, made: dict) -> None:
        """What the families made in a child did: their pages, links and prose are this process's too."""
        theirs, written, rendered = work
        made.update(theirs)
        for path, urls in written.items():
            self.index.written.setdefault(path, set()).update(urls)
        self.md.keep(rendered)  # the item pages show the agreements' texts again (HALVED)

    def _merge(self, made: Iterable["_Made"]) -> None:
        """The families' pages, problems and links in the order one run after another makes them
        (a page made again keeps its place, as in a dict)."""
        pages: dict[str, str] = {}
        problems: list = []
        raw_links: list = []
        for part in made:
            pages.update(part.pages)
            self.titles.update(part.titles)
            problems.extend(part.problems)
            raw_links.extend(part.raw_links)
            self.item_pages |= part.item_pages
            self.item_docs.update(part.item_docs)
        self.pages, self.problems, self.raw_links = pages, problems, raw_links
