"""One permanent page per item per version (a mixin of pages._Generator): ``<kind folder>/<ID>/``.

``/1.0/afspraken/TA-061/`` shows the agreement as release 1.0 has it, its history across the
releases this version knows ("sinds 0.8, gewijzigd in 0.9 via CP-…", from the same diffs as
the change pages) and a place for links to the same item in the other versions. Those links
need every version built, so the page holds a marker (:data:`VERSIONS_MARK`) that
``build.py`` fills in once all versions are there; a single version (``stelsel serve``) says
where the other versions are instead. The pages stay out of the navigation (its size would
grow with the square of the page count, see plugin.py) and out of search (each item is found
once, on the page that lists it); the layer, role, kind and use-case pages link to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..vocabulary import WITHDRAWN, kind_name
from . import links as L
from .html_parts import html_part, part_html
from .markup import H, join, ul
from .shared import WORKING_VERSION, natural
from .shared import status as _status
from .text import esc

# build.py replaces this element (and what it holds) with the links to the other versions.
VERSIONS_MARK = '<div class="stelsel-versions" data-stelsel-item="{}">'
MAIN_TEXTS = ("statement", "definition", "function", "description")
# The changes an item's history tells of (release/diff.py's change kinds; their words: the catalogue's 'change').
VERBS = ("added", "changed", "withdrawn", "removed", "renamed")


@dataclass
class ItemDoc:
    """An item's page in parts: its title and HTML sections. The builder writes most such pages
    from a shell that mkdocs renders once (shell.py); :meth:`markdown` is the same page as
    Markdown, for mkdocs to render itself."""

    path: str  # site path: afspraken/TA-061.md
    title: str  # plain text: 'TA-061 · Beveiligingsnormen'
    heading: Markup  # the title as HTML (glossary abbreviations marked)
    anchor: str  # the id of the page's heading: the item's ID
    classes: tuple[str, ...]
    description: str
    source: str  # the content file (the edit link, the findings banner)
    sections: list[tuple[str | None, Markup]] = field(default_factory=list)  # (heading, HTML); first: none

    def markdown(self) -> str:
        """The page's body as Markdown: its headings, each section's HTML as one part."""
        attrs = " ".join([f"#{self.anchor}", *(f".{c}" for c in self.classes)])
        out = [f"# {esc(self.title)} {{{attrs}}}\n"]
        for title, html in self.sections:
            if title:
                out.append(f"## {esc(title)}\n")
            out.append(html_part(str(html)))
        return "\n".join(out)


class ItemPages:
    def _item_pages(self, part: tuple[int, int] | None = None) -> None:
        """Every item's page; ``part``: only the pages from the first to before the last of that list
        (pages.py makes the second half in a forked child)."""
        todo = self.item_page_list()
        for path, item in todo if part is None else todo[part[0]:part[1]]:
            self._item_page(path, item)

    def item_page_list(self) -> list[tuple[str, object]]:
        """(path, item) of every item page, in the order they are made."""
        todo = []
        for kind in L.KIND_FOLDERS:
            for item in sorted(self.p.items(kind), key=lambda i: natural(i.id)):
                path = L.item_page(kind, item.id)
                if path is None or path in self.pages or item.id not in self.index.targets:
                    continue
                todo.append((path, item))
        return todo

    def _item_page(self, path: str, item) -> None:
        kind = kind_name(self.cfg, item.kind)  # the framework's own name for it
        label = f"{item.id} · {item.model.title}" if item.kind in L.CODE_KINDS else item.model.title
        # The banner is Markdown (an admonition): rendered here, so the page is HTML below its title.
        top = [self.md.render(self.banner([_status(item)], single=True))]
        notice = self.consultation_notice(path, item)  # open consultations of it: 'Reageer' (consultation.py)
        if notice:
            top.append(part_html(notice))
        target = self.index.targets[item.id]
        where = self.titles.get(target.page, target.page)
        ui = self.ui
        intro = ui.html("site.item.intro", kind=self.t(kind[:1].upper() + kind[1:]), id=self.t(item.id),
                        page=self.index.a(path, item.id, where))
        top.append(H.p(intro))
        if item.kind == "agreement":
            top.append(self.agreement_body(path, item))
        else:
            texts = [self.prose(getattr(item.model, name), path, item, (name,))
                     for name in MAIN_TEXTS if isinstance(getattr(item.model, name, None), str)]
            top.extend((self.status_line(item), *texts, self.basis_block(item, path),
                        self.meta(self.common_rows(item, path))))
        fallback = H.p(ui("site.item.other_versions_hint"))
        versions = Markup(VERSIONS_MARK.format(L.item_page(item.kind, item.id)[:-3])) + fallback + Markup("</div>")
        classes = ("stelsel-item", "stelsel-withdrawn") if _status(item) == WITHDRAWN else ("stelsel-item",)
        doc = ItemDoc(path=path, title=label, heading=self.t(label), anchor=item.id, classes=classes,
                      description=f"{kind} {item.id}: {item.model.title}", source=self._source(item),
                      sections=[(None, join("\n", (p for p in top if p))),
                                (ui("site.item.history"), self._item_history(path, item)),
                                (ui("site.item.other_versions"), versions)])
        self.page(path, label, doc.markdown(), source=doc.source, search=False, description=doc.description)
        self.item_pages.add(path)
        self.item_docs[path] = doc

    def _item_history(self, path: str, item) -> Markup:
        """What happened to the item in each release this version knows, with the proposals."""
        events = []
        ui = self.ui
        for n, d in self._changes_of(item.id):
            old_label, new_label, diff, project = self.diffs[n]
            where = ui("site.item.working") if new_label == WORKING_VERSION else ui("site.facts.release", version=new_label)
            if d.change == "added" and old_label is None:
                verb = ui("site.item.included")
            else:
                verb = ui.mapping("change")[d.change]
            proposals = self._proposals_for(diff, d, new_label, project)
            links = join(", ", (self.index.a_with_id(path, p.id) for p in proposals))
            change_page = L.changes_page(new_label)
            anchor = None if old_label is None else d.id
            place = self.index.page_a(path, change_page, where, anchor=anchor) if change_page in self.pages \
                else self.t(where)
            text = ui.html("site.item.event", verb=self.t(verb), place=place)
            if d.change == "renamed" and d.old_id:
                text += Markup(" ") + ui.html("site.item.was", id=self.t(d.old_id))
            if proposals:
                text += Markup(" ") + ui.html("site.item.via", links=links)
            events.append((new_label, d.change, text, links if proposals else None, old_label is None))
        if not events:
            return H.p(ui("site.item.no_history"))
        label, change, _text, links, first_release = events[0]
        summary = []
        if change == "added":
            since = ui.html("site.item.since", version=self._label(label))
            if links is not None and not first_release:
                since += ui.html("site.item.added_via", links=links)  # links: 'Titel (CP-…)' (links.a_with_id)
            summary.append(since)
            rest = events[1:]
        else:
            rest = events
        summary.extend(event[2] for event in rest)
        sentence = str(join(", ", summary) + ".")
        sentence = Markup(sentence[:1].upper() + sentence[1:])  # starts with a word of ours, never a tag
        return join("\n", [H.p(sentence), ul(event[2] for event in events)])

    def _changes_of(self, ident: str) -> list[tuple[int, object]]:
        """(number of the diff, the first change in it of the item ``ident`` or of what it was renamed
        from), in the order of ``self.diffs``; indexed once for all items."""
        index = getattr(self, "_item_changes", None)
        if index is None:
            index = self._item_changes = {}
            for n, (_old, _new, diff, _project) in enumerate(self.diffs):
                for d in [*diff.added, *diff.changed, *getattr(diff, "renamed", []), *diff.removed]:
                    if d.change in VERBS:
                        for key in {d.id, getattr(d, "old_id", None)} - {None}:
                            index.setdefault(key, {}).setdefault(n, d)
        return sorted(index.get(ident, {}).items(), key=lambda pair: pair[0])

    def _label(self, label: str) -> Markup:
        return self.t(self.ui("site.item.working") if label == WORKING_VERSION else label)
