"""``stelsel serve`` after an edit: only the pages whose output changed are written again.

A full build of the working version takes seconds (the generator, Python-Markdown and the
theme for every page, the search index). After an edit of an item's file most pages come out
the same, so the preview keeps its last full build in memory (:class:`Built`: mkdocs' config,
files, navigation and template environment, and the stelsel plugin with the generated site)
and, on a change, :meth:`Preview.update`:

1. falls back to the full build (:class:`Structural`) when the change is structural: a file
   added, removed or renamed, a file that is not an item's YAML or Markdown, the framework
   config or the governance file; or, once the pages are generated again, when the page set,
   the navigation, a title in it, the glossary's abbreviations, the downloads, the figures or
   the item pages' sections differ;
2. loads the working tree again and writes the edited items' own pages first
   (:func:`first_item_pages`: the generator's index and the change pages' diffs, without the
   other pages), and the browsers reload: this is what the author looks at, in well under a
   second;
3. generates every page (the generator is a pure function of the model: comparing its output
   with the last build's says which pages show the edit, for every page family, with no list
   of dependencies to keep in step with it), and writes again exactly the pages whose text
   changed: item pages from their shell (shell.py), the other pages through mkdocs' own
   per-page steps (``_populate_page``, ``_build_page``) with the last full build's navigation
   and files, their links checked; the files for machines and the downloads whose bytes
   changed; then the search index, with the rewritten pages' entries replaced;
4. runs the check afterwards (it takes longer than the update): the pages whose findings
   banner changed are written again, and the browsers reload once more.

A save that comes in meanwhile interrupts steps 3 and 4 (:class:`Interrupted`, or between two
pages); what is not written yet stays in :attr:`Preview.dirty` for the next update. The server
(preview.py) holds the request for any page that may still change until it is written, so a
page is never served stale.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.commands import build as mkbuild
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import write_file

log = logging.getLogger("mkdocs.plugins.stelsel")

ITEM_SUFFIXES = (".yaml", ".yml", ".md")
GOVERNANCE = "governance.yaml"


class Structural(Exception):
    """The change needs a full build; the message says why."""


class Interrupted(Exception):
    """A save came in while the pages were generated: the update starts again with it."""


# Authors' Markdown as HTML, kept from one update to the next (markup.Prose keeps it for one
# generation): most texts are the same after an edit, and their conversion is a third of the
# generator's time. Keyed by what else the HTML depends on: the glossary and the extensions.
_PROSE: dict[tuple, dict] = {}
PROSE_KEPT = 50_000  # texts at most; then the memory starts again


def generator(project, options, stop=None):
    """A pages._Generator whose prose renderings are kept across updates and, with ``stop``, that
    stops (:class:`Interrupted`) at its next page as soon as ``stop()`` holds."""
    from .pages import _Generator

    class Kept(_Generator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            md = self.md
            try:
                key = (tuple(sorted(md.abbr.glossary.items())), tuple(md.extensions), repr(sorted(md.configs.items())))
            except (AttributeError, TypeError):  # another Prose: it keeps its own renderings
                return
            kept = _PROSE.get(key)
            if kept is None or len(kept) > PROSE_KEPT:
                _PROSE.clear()
                kept = _PROSE[key] = {}
            md._rendered = kept

        def page(self, *args, **kwargs):
            if stop is not None and stop():
                raise Interrupted()
            return super().page(*args, **kwargs)

    return Kept(project, options)


def generate(project, options, stop):
    """pages.generate_site, stopped (:class:`Interrupted`) as soon as ``stop()`` holds."""
    return generator(project, options, stop).run()


@dataclass
class Built:
    """What the last full build left in memory (captured by :class:`Capture`)."""

    config: object = None
    files: object = None
    nav: object = None
    env: object = None
    plugin: object = None  # the StelselPlugin
    search: object = None  # material's search plugin, or None
    inventory: frozenset = frozenset()  # the watched files as they were: added or removed -> structural


@dataclass
class Outcome:
    """What one update did, for the terminal."""

    full: bool
    reason: str = ""
    written: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    total: int = 0  # the pages and files of the site
    searched: bool = False  # the search index written again
    left: list[str] = field(default_factory=list)  # pages left for the next update (a save came in between)
    first: list[str] = field(default_factory=list)  # the item pages written before the full generation
    corrected: list[str] = field(default_factory=list)  # ... that the full generation wrote otherwise


class Capture:
    """A mkdocs plugin (added by the preview, not configured) keeping the navigation and the environment."""

    def __init__(self, built: Built):
        self.built = built

    def on_nav(self, nav, *, config, files):
        self.built.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        self.built.env = env
        self.built.files = files
        return env


def inventory(root: Path, folders) -> frozenset:
    """Every file below the watched content folders that the loader reads (relative to ``root``;
    hidden files, such as an editor's swap file, are not)."""
    from ..load.tree import scan

    return frozenset(entry.path for entry in scan(root, tuple(folders)))


def structural_reason(root: Path, changed: set[Path], before: frozenset, now: frozenset, content: str) -> str | None:
    """Why the changed paths need a full build, or None: they are edits of existing item files."""
    if before != now:
        added, removed = sorted(now - before), sorted(before - now)
        return "; ".join(filter(None, [f"added: {', '.join(added[:3])}" if added else "",
                                       f"removed: {', '.join(removed[:3])}" if removed else ""]))
    for path in sorted(changed):
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            return f"{path} is outside the project"
        if rel not in now:
            hidden = any(part.startswith(".") for part in rel.split("/"))
            if path.is_file() and not hidden:  # mkdocs.yml, the theme's static files: not content
                return f"{rel} is not in the content folders"
            continue  # an editor's hidden or temporary file (the loader reads neither), or a folder
        if path.suffix not in ITEM_SUFFIXES:
            return f"{rel} is not an item file"
        if rel in (f"{content}/stelsel.yaml", f"{content}/{GOVERNANCE}"):
            return f"{rel} (framework config or governance)"
    return None


def _titles(site) -> dict[str, str]:
    """The titles of the pages in the navigation (the theme writes them on every page)."""
    out = {}
    for path, text in site.pages.items():
        if path in site.not_in_nav:
            continue
        head = text[: text.find("\n---", 3)] if text.startswith("---") else ""
        out[path] = next((line for line in head.splitlines() if line.startswith("title:")), "")
    return out


def compare_structure(old, new) -> str | None:
    """Why the newly generated site cannot replace pages of the old one in place, or None."""
    checks = [("the page set", set(old.pages), set(new.pages)), ("the navigation", old.nav, new.nav),
              ("the site title", (old.title, old.copyright), (new.title, new.copyright)),
              ("the glossary's abbreviations", old.abbreviations, new.abbreviations),
              ("the figures", old.assets, new.assets), ("the downloads", set(old.downloads), set(new.downloads)),
              ("the pages outside the navigation", old.not_in_nav, new.not_in_nav),
              ("the files for machines", set(old.files), set(new.files)),
              ("a title in the navigation", _titles(old), _titles(new))]
    for name, before, after in checks:
        if before != after:
            return f"{name} changed"
    return None


class _Titles:
    """Page titles read from the pages' front matter when asked (the generator's ``titles``)."""

    def __init__(self, pages: dict[str, str]):
        self.pages = pages
        self.set: dict[str, str] = {}

    def __setitem__(self, path: str, title: str) -> None:
        self.set[path] = title

    def get(self, path: str, default=None):
        if path in self.set:
            return self.set[path]
        text = self.pages.get(path, "")
        match = re.search(r"^title: (.+)$", text[: text.find("\n---", 3)], re.M) if text.startswith("---") else None
        if match is None:
            return default
        try:
            value = json.loads(match.group(1))
        except ValueError:
            return default
        return html.unescape(value) if isinstance(value, str) else default

    __getitem__ = get


def first_item_pages(project, options, pages: dict[str, str], files: set[str], memo: dict) -> dict:
    """The item pages of the items in ``files`` (content files, relative to the root), as the full
    generator makes them, without the other pages: the generator's index, the diffs of the change
    pages (those between frozen releases kept in ``memo``) and, from the last build, which pages
    exist and their titles. Site path -> items.ItemDoc."""
    from ..release.diff import diff_projects
    from . import links as L

    g = generator(project, options)
    g._build_index()
    g._declare_downloads()
    g.pages = dict(pages)
    g.titles = _Titles(pages)
    for old_label, new_label, old_project in g._change_labels():  # as HistoryPages._changes makes them
        old, new_project, label = g._transition(old_label, new_label, old_project)
        key = (old_label, new_label, id(old_project), id(new_project))
        diff = memo.get(key) if new_project is not project else None
        if diff is None:
            diff = diff_projects(old, new_project, label, new_label)
            if new_project is not project:
                memo[key] = diff
        g.diffs.append((old_label, new_label, diff, new_project))
    out = {}
    for item in project.items():
        path = L.item_page(item.kind, item.id) if item.file.path in files else None
        if path in pages and item.id in g.index.targets:
            g._item_page(path, item)
            out[path] = g.item_docs[path]
    return out


class Preview:
    """The preview's incremental path over the last full build."""

    def __init__(self, built: Built, root: Path):
        self.built = built
        self.root = root
        self.project = None  # the working tree the last update loaded
        self.memo: dict = {}  # the diffs between frozen releases (first_item_pages)
        # What on disk lags behind the generated site (plugin.site): an update interrupted by the
        # next save leaves its unwritten pages here, for the next update to write.
        self.dirty: set[str] = set()
        self.search_dirty = False

    def warm(self) -> None:
        """The diffs between frozen releases, once, so the first edit's item page comes as fast as the next."""
        from ..load.project import load_project

        plugin = self.built.plugin
        if getattr(plugin, "options", None) is None or not plugin.config.item_shell or not plugin.site.item_docs:
            return
        try:
            first_item_pages(load_project(self.root), plugin.options, plugin.site.pages, set(), self.memo)
        except Exception as exc:  # noqa: BLE001 - only a head start
            log.warning(f"stelsel: could not prepare the incremental updates ({type(exc).__name__}: {exc})")

    def update(self, changed: set[Path], *, gate) -> Outcome:
        """Write again the pages the change affects. ``gate`` (the server) holds the requests for
        pages not yet written (``hold``, ``release``) and reloads the browsers (``reload``).
        Raises :class:`Structural` when only a full build will do."""
        from ..load.project import load_project
        from ..load.tree import content_dir, scanned_dirs

        b = self.built
        plugin = b.plugin
        root = self.root
        times = {}
        start = time.perf_counter()
        now = inventory(root, scanned_dirs(root))
        reason = structural_reason(root, changed, b.inventory, now, content_dir(root))
        if reason:
            raise Structural(reason)
        if getattr(plugin, "options", None) is None:
            raise Structural("the last build kept no generator options")
        project = load_project(root)
        if project.config is None:
            raise Structural("no framework config")
        times["load"] = time.perf_counter() - start
        old = plugin.site
        options = replace(plugin.options, current_releases={r.id: r.model for r in project.items("release")},
                          validity=getattr(project.config, "validity", None))
        try:
            first = self._first(project, options, changed, gate, times["load"])
        except Exception as exc:  # noqa: BLE001 - only a head start: the full generation follows
            log.warning(f"stelsel: the item pages could not be written first ({type(exc).__name__}: {exc})")
            first = {}
        times["first"] = time.perf_counter() - start - times["load"]
        if first:
            gate.settle()  # the reloading browsers served before the generation takes the interpreter
        times["settle"] = time.perf_counter() - start - times["load"] - times["first"]
        site = generate(project, options, gate.pending)
        times["generate"] = time.perf_counter() - start - sum(times.values())
        reason = compare_structure(old, site)
        if reason:
            raise Structural(reason)
        shells = _shells_like(plugin, site.item_docs if plugin.config.item_shell else {})
        if shells is None:
            raise Structural("the item pages' sections changed")
        changed_pages = sorted(p for p in site.pages if site.pages[p] != old.pages[p] or p in self.dirty)
        self.project = project
        plugin.site, plugin.shells = site, shells
        self.dirty = set(changed_pages)
        written, searched = self._write(changed_pages, gate, machine=project)
        times["write"] = time.perf_counter() - start - sum(times.values())
        corrected = sorted(p for p, doc in first.items() if doc != site.item_docs.get(p))
        return Outcome(full=False, written=written, seconds=times, total=len(site.pages) + len(site.files)
                       + len(site.downloads), searched=searched, first=sorted(first), corrected=corrected,
                       left=sorted(self.dirty))

    def _first(self, project, options, changed: set[Path], gate, loaded: float) -> dict:
        """The edited items' own pages, written before the rest is generated; browsers reload.
        The full generation that follows writes them again if they differ (never: see the test)."""
        b = self.built
        plugin = b.plugin
        if not plugin.config.item_shell:
            return {}
        started = time.perf_counter()
        rel = {_relative(p, self.root) for p in changed}
        docs = first_item_pages(project, options, plugin.site.pages, rel, self.memo)
        docs = {p: d for p, d in docs.items() if plugin.shells.shell_of.get(p) and p in b.files.src_uris}
        if not docs:
            return {}
        old = plugin.shells
        shells = _shells_like(plugin, {**old.docs, **docs})
        if shells is None:
            return {}  # their sections changed: the full generation decides
        plugin.shells = shells
        plugin._fresh_tmp()
        try:
            plugin._abbreviations(b.config, plugin.site.abbreviations)
            for path in docs:
                html_text = shells._fill(path, plugin.finish(shells.content(path), path))
                write_file(html_text.encode("utf-8", errors="xmlcharrefreplace"), b.files.src_uris[path].abs_dest_path)
        finally:
            plugin._cleanup()
            plugin.shells = old
        self.dirty.update(docs)  # ahead of plugin.site until the full generation is written
        gate.hold("pages", fresh={b.files.src_uris[p].url for p in docs})
        gate.reload()
        log.info(f"stelsel: incremental update: {', '.join(sorted(docs))} written first, in "
                 f"{loaded + time.perf_counter() - started:.2f} s (load {loaded:.2f} s); the other pages follow")
        return docs

    def _write(self, changed_pages: list[str], gate, machine=None) -> tuple[list[str], bool]:
        """Write the pages (and with ``machine`` = the project the files for machines and downloads
        whose content changed); the item pages first, then the browsers reload. A save pending
        (``gate.pending()``) stops it between two pages: the rest stays in :attr:`dirty`."""
        b = self.built
        plugin, files = b.plugin, b.files
        site = plugin.site
        url = {p: files.get_file_from_path(p).url for p in changed_pages}
        viewed = gate.viewed()  # the pages open in a browser go first
        items = [p for p in changed_pages if p in plugin.shells.docs]
        pages = sorted((p for p in changed_pages if p not in plugin.shells.docs),
                       key=lambda p: (url[p].rstrip("/") not in viewed, p))
        held = set(url.values()) | (set(site.files) | set(site.downloads) if machine else set())
        gate.hold(None, held)
        plugin._fresh_tmp()  # the downloads
        try:
            plugin._abbreviations(b.config, site.abbreviations)
            written = self._write_items(items)
            gate.release(set(url[p] for p in items))
            if written or pages:
                gate.reload()  # a browser asking for a page not written yet waits for it
            written += self.render_pages(pages, gate)
            if machine and not gate.pending():
                machine_files = self._machine_files(site, machine)
                gate.release(held - {url[p] for p in changed_pages})
                written += machine_files
            self.search_dirty = self.search_dirty or bool(pages)
            if self.search_dirty and not self.dirty:
                self._search_index()
                self.search_dirty = False
                return written, True
        finally:
            plugin._cleanup()
        return written, False

    # -- writing -----------------------------------------------------------------------------

    def _write_items(self, paths: list[str]) -> list[str]:
        """Item pages from their shells (as Shells.write_all writes them), their links checked."""
        plugin, files = self.built.plugin, self.built.files
        links = {}
        for path in paths:
            file = files.get_file_from_path(path)
            html = plugin.shells._fill(path, plugin.finish(plugin.shells.content(path), path))
            write_file(html.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path)
            self.dirty.discard(path)
            links[file] = plugin.item_links(path, file, files)
        plugin.shells._check_anchors(links)
        return paths

    def render_pages(self, paths: list[str], gate) -> list[str]:
        """Pages mkdocs renders, through its own per-page steps with the last full build's
        navigation; each page's search entries replaced."""
        b = self.built
        config, files = b.config, b.files
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        level = config.validation.links.anchors
        done = []
        for path in paths:
            if gate.pending():
                break  # the next update writes the rest (they stay in self.dirty, their requests held)
            file = files.get_file_from_path(path)
            if file is None or file.page is None:
                raise Structural(f"{path} has no page in the last build")
            if path in b.plugin.site.pages and not b.plugin.shells.is_shell(path):
                file.content_string = b.plugin.site.pages[path]
            if b.search is not None:
                url = file.page.url
                b.search.search_index.entries = [e for e in b.search.search_index.entries
                                                 if e["location"].split("#", 1)[0] != url]
            mkbuild._populate_page(file.page, config, files)
            mkbuild._build_page(file.page, config, doc_files, b.nav, b.env)
            file.page.validate_anchor_links(files=files, log_level=level)
            done.append(path)
            self.dirty.discard(path)
            gate.release({file.url})
        return done

    def _search_index(self) -> None:
        search = self.built.search
        if search is None:
            return
        data = search.search_index.generate_search_index(None)
        write_file(data.encode("utf-8"), str(Path(self.built.config.site_dir, "search", "search_index.json")))

    def _machine_files(self, site, project) -> list[str]:
        """stelsel.json, the feed and the downloads whose content is not on disk yet."""
        from .checklists import declare_downloads

        plugin = self.built.plugin
        site_dir = Path(self.built.config.site_dir)
        out = []
        for path, text in site.files.items():
            data = text.encode("utf-8")
            target = site_dir / path
            if not target.is_file() or target.read_bytes() != data:
                write_file(data, str(target))
                out.append(path)
        _checklists, downloads = declare_downloads(project, plugin.config.version, False, False)
        if set(downloads) != set(plugin.downloads):
            raise Structural("the downloads changed")
        rendered = plugin._render_downloads(project, downloads, Path(plugin.config.repo_root or self.root))
        if rendered.failed:
            raise Structural(f"a download failed: {', '.join(sorted(rendered.failed))}")
        for path, source in plugin.downloads.items():
            target = site_dir / path
            data = Path(source).read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                write_file(data, str(target))
                out.append(path)
        return out

    # -- the check, afterwards -----------------------------------------------------------------

    def recheck(self, *, gate) -> list[str]:
        """Check the tree; write again the pages whose findings banner changed. Returns them."""
        plugin = self.built.plugin
        old = plugin._marks
        plugin._checked = None  # the plugin's own way: check the tree, print the findings, map them to pages
        new = plugin._findings(self.root, False, self.project)
        homes = {f.src_uri for f in self.built.files.documentation_pages() if f.page is not None and f.page.is_homepage}
        changed = sorted(p for p in plugin.site.pages if _banner(old, p, p in homes) != _banner(new, p, p in homes))
        plugin._marks = new
        if changed:
            self.dirty.update(changed)
            self._write(changed, gate)
        return changed


def _shells_like(plugin, docs: dict):
    """The item pages ``docs`` written with the shells of the last full build (shell.Shells), or None
    when they group otherwise (another folder or other sections: other shells)."""
    from .shell import Shells

    old = plugin.shells
    shells = Shells(docs, old.toc, edit_url=plugin.edit_url, site_url=old.site_url,
                    directory_urls=old.directory_urls, versions=old.versions)
    if shells.shell_of != old.shell_of:
        return None
    for name in ("templates", "edit", "canonical"):
        setattr(shells, name, getattr(old, name))
    return shells


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _banner(marks, page: str, home: bool) -> str:
    return marks.banner(page, home) if marks else ""
