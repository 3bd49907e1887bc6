"""The mkdocs plugin ``stelsel``: hands the generated pages to mkdocs.

All content comes from :func:`stelsel.site.pages.generate_site`; this module only loads the
project, renders the downloads the pages declare (role checklists, the release PDF: see
downloads.py) before it makes the pages, so a PDF that cannot be made is never linked, passes
pages, navigation, figures, downloads and the glossary's abbreviations to mkdocs, sets
per-page edit links, and makes ``mkdocs serve`` watch the content folders. Registered as the
entry point ``stelsel`` in ``mkdocs.plugins``.

The bulk of each page is HTML written by the templates (markup.py), which Python-Markdown
stores as it is (the extension in html_parts.py, registered here): mkdocs never sees the
links in it. :meth:`StelselPlugin.on_page_content` does for them what mkdocs does for its
own: an unknown target is a warning (an error in strict mode) naming the page and its content
file, and every link to an anchor is handed to mkdocs' anchor validation, which runs once all
pages are rendered and knows the ids in the HTML parts too.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from markupsafe import escape

from .. import heap
from ..forked import Forked
from ..i18n import for_config, language_of
from ..safehtml import SafeHtml, safe_url

from .checklists import declare_downloads
from .config import DEFAULT_SITE_URL, follow_language
from .downloads import render_downloads
from .convert_beside import ConvertedBeside
from .html_parts import StoredParts
from .markup import glossary
from .pages import WORKING_VERSION, SiteOptions, generate_site
from .search_beside import IndexBeside
from .shell import CONTENT_MARK, ItemFile, Shells
from .text import version_key

log = logging.getLogger("mkdocs.plugins.stelsel")
# Warnings about a page's links go where mkdocs' own go, so _SourceNamer names the content file.
page_log = logging.getLogger("mkdocs.structure.pages")
_IDS = re.compile(r'\sid="([^"]+)"')
_ABBR = re.compile(r"<abbr(?=[\s>])(?![^>]*\stabindex=)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Notices that must not fail a strict build (mkdocs counts the warnings of its own loggers only).
notices = logging.getLogger("stelsel.site")

PDF_CACHE = Path(".stelsel-cache") / "site" / "pdf"  # below the repository root, unless configured
# Why a version has no PDF (the pages say so instead of linking it): site.pdf_note.<failed|serve|off> in the catalogues.


class StelselConfig(Config):
    root = c.Type(str, default="")  # the project root; default: the folder of mkdocs.yml
    repo_root = c.Type(str, default="")  # the repository root (holds releases/); default: root
    version = c.Type(str, default=WORKING_VERSION)  # 'concept' or a frozen release
    frozen = c.Type(bool, default=False)
    edit_branch = c.Type(str, default="main")
    edit_path = c.Type(str, default="edit/{branch}/")  # appended to the framework's repository URL
    history = c.Type(bool, default=True)  # show 'wat is er gewijzigd' for frozen releases
    consultation_states = c.Type(list, default=["consultatie"])
    pdf = c.Type(bool, default=False)  # render the release PDF (stelsel build sets it: always for frozen releases)
    cache_dir = c.Type(str, default="")  # where release PDFs are cached; default: <repo_root>/.stelsel-cache/site/pdf
    item_shell = c.Type(bool, default=True)  # item pages from one shell per folder (shell.py); False: mkdocs renders each


class _SourceNamer(logging.Filter):
    """Adds the content file to mkdocs' own warnings about a generated page ('Doc file ...')."""

    def __init__(self):
        super().__init__("stelsel-sources")
        self.sources: dict[str, str] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and self.sources:
            message = record.getMessage()
            match = re.match(r"Doc file '([^']+)'", message)
            named = f" [source: {self.sources[match.group(1)]}]" if match and match.group(1) in self.sources else ""
            if named and not message.endswith(named):  # once: a record from a child is handled here again
                record.msg = message + named
                record.args = ()
        return True


_NAMER = _SourceNamer()


def frozen_releases(repo_root: Path) -> list[str]:
    """Versions frozen below ``releases/`` (a folder with a manifest.json), oldest first."""
    base = repo_root / "releases"
    if not base.is_dir():
        return []
    found = [p.name for p in base.iterdir() if p.is_dir() and (p / "manifest.json").is_file()]
    return sorted(found, key=version_key)


class _Download(File):
    """A rendered download: copied as is, never read as a page (even a checklist ending in .md)."""

    def is_documentation_page(self) -> bool:
        return False


class StelselPlugin(BasePlugin[StelselConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.site = None
        self.root: Path | None = None
        self._tmp: str | None = None
        self._edit_base: str | None = None
        self._command: str | None = None
        self.downloads: dict[str, str] = {}  # site path -> rendered file
        self._by_url = None
        self.projects: dict[Path, object] = {}  # loaded projects, shared by the versions of one build
        self.complete = True  # False: a download (the PDF) is missing from this build; do not cache it
        self._release_date: str | None = None  # a frozen version's release date (the sitemap's lastmod)
        self.findings: list | None = None  # check findings to mark pages with (build --force; serve checks itself)
        self._marks = None
        self.shells: Shells | None = None  # the item pages written from a shell (shell.py)
        self.files: Files | None = None
        self._checked = None  # serve: the check of this rebuild (its findings and the tree it loaded)
        self.versions = None
        self.versions_filled = False  # every item page named the other versions as it was written
        self._gate = None
        self._search = None  # material's search index made beside the pages (search_beside.py)
        self._converted = None  # the last pages' Markdown converted beside (convert_beside.py)

    # The build command sets these directly on a loaded config (see build.py).
    def configure(self, *, root: Path, repo_root: Path, version: str, frozen: bool, pdf: bool,
                  cache_dir: Path | None = None, projects: dict | None = None, versions: tuple | None = None,
                  gate=None) -> None:
        self.config.root = str(root)
        self.config.repo_root = str(repo_root)
        self.config.version = version
        self.config.frozen = frozen
        self.config.pdf = pdf
        if cache_dir is not None:
            self.config.cache_dir = str(cache_dir)
        if projects is not None:
            self.projects = projects
        self.versions = versions  # (site folder, every version (label, title)): item pages name the others as written
        self._gate = gate  # the check beside the build: waited for before mkdocs writes a file (build.py)
        # mkdocs keeps one instance of a plugin with on_startup per process (its plugin cache): what one build
        # found must not mark the pages of the next, which may be another project's and have no check beside it.
        self.findings = None

    def on_startup(self, *, command, dirty) -> None:
        self._command = command

    def _load(self, root: Path):
        """The project at ``root``, loaded once per build (serve loads it afresh every time)."""
        from ..load.project import load_project

        if self._command == "serve":
            return _frozen_once(root) or load_project(root)
        project = self.projects.get(root)
        if project is None:
            project = self.projects[root] = load_project(root)
        return project

    def on_config(self, config):
        base = Path(config.config_file_path or ".").resolve().parent
        root = Path(self.config.root) if self.config.root else base
        root = (base / root).resolve() if not root.is_absolute() else root
        repo_root = Path(self.config.repo_root) if self.config.repo_root else root
        repo_root = (base / repo_root).resolve() if not repo_root.is_absolute() else repo_root
        self.root = root
        self._checked = None
        if self._command == "serve" and not bool(self.config.frozen):  # serve checks on every rebuild
            from ..check import check_tree

            self._checked = check_tree(root)
        # the tree the check loaded (not loaded twice), else loaded here
        project = getattr(self._checked, "project", None) or self._load(root)
        if project.config is None:
            raise PluginError(f"stelsel: no framework config (stelsel.yaml in the content folder) below {root}")
        ui = for_config(project.config)
        config.extra["stelsel"] = ui.mapping("site.theme")  # the theme overrides' words (overrides/*.html)
        language = language_of(project.config)
        replaced = follow_language(config, language)  # theme.language follows the framework config
        if replaced:
            log.info("stelsel: theme.language '%s' of %s replaced by the framework's language '%s'", replaced,
                     config.config_file_path, language)
        version = self.config.version
        frozen = bool(self.config.frozen)
        edit_base = None
        if project.config.repository and not frozen:
            edit_base = project.config.repository.rstrip("/") + "/" + \
                self.config.edit_path.format(branch=self.config.edit_branch).strip("/") + "/"
        prefix = ""
        try:
            prefix = root.relative_to(repo_root).as_posix().strip(".") if root != repo_root else ""
        except ValueError:
            prefix = ""
        pdf_note = None
        if self._command == "serve":
            pdf_note = ui("site.pdf_note.serve")
        elif not self.config.pdf:
            pdf_note = ui("site.pdf_note.off")
        self.complete = not (frozen and pdf_note is not None)
        self._fresh_tmp()
        # A PDF that cannot be made is not linked from the pages (they are generated again without it, below).
        checklists, downloads = declare_downloads(project, version, frozen, pdf_note is None)
        current = self._load(repo_root) if frozen else project  # the working tree: the current word on releases
        # They are rendered beside the pages (forked.py; not in serve, whose server runs threads): the pages
        # are generated as if every declared download renders, and again in the rare case one did not.
        rows = {(spec.release, spec.role): checklists[spec.role].rows for spec in downloads.values()
                if spec.role in checklists}  # the downloads' rows are the pages' (not made twice)
        rendering = Forked(self._render_downloads, project, downloads, repo_root,
                           _window(current, repo_root, version, frozen), rows, beside=self._command == "build")
        history = []
        if self.config.history:
            for label in frozen_releases(repo_root):
                if frozen and version_key(label) >= version_key(version):
                    continue
                history.append((label, self._load(repo_root / "releases" / label)))
        heap.settle()  # the releases loaded: not walked again while the pages are generated
        current_releases = {r.id: r.model for r in current.items("release")}
        released = current_releases.get(version) or getattr(project.by_kind.get("release", {}).get(version), "model", None)
        day = getattr(released, "date", None) if frozen else None
        self._release_date = day.isoformat() if hasattr(day, "isoformat") else None
        if frozen and self._release_date is None:  # not in the register: the day it was frozen
            created = _manifest_created(root)
            self._release_date = created
        options = SiteOptions(version=version, frozen=frozen, history=history, edit_base=edit_base,
                              current_releases=current_releases,
                              validity=getattr(current.config, "validity", None) if current.config else None,
                              source_prefix=(prefix + "/") if prefix else "",
                              consultation_states=tuple(self.config.consultation_states), pdf_note=pdf_note,
                              directory_urls=bool(config.use_directory_urls),
                              markdown_extensions=[e for e in config.markdown_extensions if isinstance(e, str)],
                              markdown_configs=dict(config.mdx_configs or {}),
                              beside=self._command == "build",  # not serve: its server runs threads
                              declared=(project, checklists, dict(downloads)))
        self._edit_base = edit_base
        try:
            site = generate_site(project, options)
            rendered = rendering.result()
        finally:
            rendering.cancel()  # only if the pages failed first
        self._took(rendered)
        if rendered.failed:
            for path, reason in rendered.failed.items():
                notices.warning(f"stelsel: site version '{version}' has no PDF ({path}): {reason}. "
                                "The pages say it is not available; the build goes on.")
                del downloads[path]
            self.complete = False
            options = dataclasses.replace(options, pdf_note=ui("site.pdf_note.failed"), declared=None)
            site = generate_site(project, options)
        self.options = dataclasses.replace(options, declared=None)  # serve's incremental update generates with these again (incremental.py)
        if set(site.downloads) != set(downloads):
            raise PluginError(f"stelsel: the pages declare other downloads than were rendered: "
                              f"{sorted(set(site.downloads) ^ set(downloads))}")
        self.site = site
        self.shells = Shells(site.item_docs if self.config.item_shell else {},
                             dict((config.mdx_configs or {}).get("toc") or {}), edit_url=self.edit_url,
                             site_url=config.site_url, directory_urls=bool(config.use_directory_urls),
                             versions=(self.versions[0], version, self.versions[1], ui) if self.versions else None)
        self.versions_filled = bool(self.shells.docs) and self.versions is not None
        # The theme writes titles and the site name into its HTML unescaped: they are escaped here.
        config.site_name = str(escape(site.title))
        if not config.copyright:
            config.copyright = site.copyright
        config.nav = _escaped_nav(site.nav)
        if not frozen:
            from ..load.tree import scanned_dirs

            for folder in scanned_dirs(root):
                path = root / folder
                if path.is_dir() and str(path) not in config.watch:
                    config.watch.append(str(path))
        self._abbreviations(config, site.abbreviations)
        if not any(isinstance(e, StoredParts) for e in config.markdown_extensions):
            config.markdown_extensions.append(StoredParts())  # the HTML parts stored, not parsed again
        if not any(isinstance(e, SafeHtml) for e in config.markdown_extensions):
            config.markdown_extensions.append(SafeHtml())  # authors' raw HTML and links sanitised
        _NAMER.sources = {path: src for path, src in self._sources(site).items()}
        pages_logger = logging.getLogger("mkdocs.structure.pages")
        if _NAMER not in pages_logger.filters:
            pages_logger.addFilter(_NAMER)
        if self._gate is not None:  # mkdocs cleans the site folder next: the check must have passed
            found = self._gate()
            if not frozen:
                self.findings = found
        self._marks = self._findings(root, frozen, project)
        heap.settle()  # the loaded versions and the generated pages live to the end of the build
        return config

    def _findings(self, root: Path, frozen: bool, project):
        """The findings that mark this version's pages: serve checks the working tree on every rebuild."""
        from .findings import Findings, pages_of_files, terminal_lines

        diagnostics = self.findings
        if self._command == "serve" and not frozen:
            from ..check import check_tree

            diagnostics = self._checked.diagnostics if self._checked is not None else check_tree(root).diagnostics
            for line in terminal_lines(diagnostics):
                log.info(f"stelsel: {line}")
        if not diagnostics:
            return None
        return Findings(diagnostics, pages_of_files(self._sources(self.site), self.site.targets, project),
                        for_config(project.config))

    @staticmethod
    def _sources(site) -> dict[str, str]:
        out = {}
        for path, text in site.pages.items():
            match = re.search(r"^stelsel_source: (.+)$", text[: text.find("\n---", 3)], re.M)
            if match:
                out[path] = match.group(1).strip().strip("'\"")
        return out

    def _fresh_tmp(self) -> None:
        self._cleanup()
        self._tmp = tempfile.mkdtemp(prefix="stelsel-site-")

    def _render_downloads(self, project, downloads: dict, repo_root: Path, window=None, rows: dict | None = None):
        cache = Path(self.config.cache_dir) if self.config.cache_dir else repo_root / PDF_CACHE
        rendered = render_downloads(project, downloads, Path(self._tmp, "downloads"), pdf_cache=cache,
                                    window=window, rows=rows)
        self._took(rendered)
        return rendered

    def _took(self, rendered) -> None:
        """The rendered downloads are this version's (also when a child process rendered them)."""
        self.downloads = {path: str(file) for path, file in rendered.files.items()}

    def _abbreviations(self, config, text: str) -> None:
        """Glossary abbreviations on every page: the ``abbr`` extension gets them as its glossary.

        No file is included in a page: ``pymdownx.snippets`` (which once appended them) is taken out
        of the extensions, also when a repository's mkdocs.yml lists it, so an author's line such as
        ``--8<-- "file.md"`` in a page or proposal is text, never a file read into the site (nor a
        failed build on a file that is not there)."""
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        if "pymdownx.snippets" in config.markdown_extensions:
            config.markdown_extensions.remove("pymdownx.snippets")
        config.mdx_configs.pop("pymdownx.snippets", None)
        config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary(text)

    def _cleanup(self) -> None:
        if self._tmp and os.path.isdir(self._tmp):
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._tmp = None

    def on_files(self, files: Files, *, config) -> Files:
        site = self.site
        shells = self.shells
        self.files = files
        for path, text in site.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.NOT_IN_NAV if path in site.not_in_nav else InclusionLevel.UNDEFINED
            if shells.written(path):  # the plugin writes it from its folder's shell
                files.append(ItemFile(config, path))
                continue
            if shells.is_shell(path):
                text = shells.markdown(path)
            files.append(File.generated(config, path, content=text, inclusion=inclusion))
        for path, source in site.assets.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=source))
        for path, text in site.files.items():  # stelsel.json, feed.xml
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
        for path, source in self.downloads.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(_Download.generated(config, path, abs_src_path=source))
        for problem in site.problems:
            log.warning(str(problem))
        return files

    def on_page_content(self, html: str, *, page, config, files: Files) -> str:
        """The anchors and links of the page's HTML parts checked as mkdocs checks its own."""
        src = page.file.src_uri
        if self.shells.is_shell(src):  # its content is the item's, filled in with the others'
            html = self.shells.content(src)
            page.present_anchor_ids = set(_IDS.findall(html))
            page.links_to_anchors = {}  # mkdocs' were the shell's own (its markers)
        written = self.site.html_links.get(src) if self.site is not None else None
        if written:
            if page.present_anchor_ids is not None:  # mkdocs collects the ids of its own Markdown only
                page.present_anchor_ids.update(_IDS.findall(html))
            if page.links_to_anchors is None:
                page.links_to_anchors = {}
            self._check_html_links(page.file, sorted(written), files, page.links_to_anchors)
        if self.shells.is_shell(src):
            self.shells.finished[src] = self._finish(html, src, False)
            return CONTENT_MARK
        html = self._finish(html, src, page.is_homepage)
        if self._search is not None:  # indexed beside while the other pages are converted
            self._search.offer(page, html)
        return html

    def finish(self, html: str, src: str) -> str:
        """An item page's content as the page would have it after on_page_content."""
        return self._finish(html, src, False)

    def _finish(self, html: str, src: str, home: bool) -> str:
        html = str(html)  # an item page's content is Markup: the banner is HTML too, not text to escape
        if self._marks:  # invalid content is never shown without a word
            html = self._marks.banner(src, home) + html
        # An abbreviation takes keyboard focus: the theme shows its meaning on focus as on hover
        # (and a tap focuses it), not only to a mouse (WCAG 2.1.1, 1.4.13).
        return _ABBR.sub('<abbr tabindex="0"', html)

    def _check_html_links(self, file: File, urls: list[str], files: Files, anchors: dict | None, warn=None) -> None:
        """What mkdocs checks for a link in Markdown, for the links the generator wrote as HTML;
        links to anchors go into ``anchors`` (target file -> anchor -> link), for checking later."""
        warn = warn or page_log.warning
        if self._by_url is None or self._by_url[0] is not files:
            self._by_url = (files, {_norm_url(f.url): f for f in files})
        by_url = self._by_url[1]
        here = file.url
        base = here if here.endswith("/") else here.rpartition("/")[0] + "/"
        for url in urls:
            if not url or _SCHEME.match(url) or url.startswith(("/", "\\", "//")):
                continue
            path, _, anchor = url.partition("#")
            if not path:
                target = file
            else:
                target = by_url.get(_norm_url(posixpath.join(base, path)))
                if target is None:
                    warn(f"Doc file '{file.src_uri}' contains a link '{url}', "
                         "but the target is not found among documentation files.")
                    continue
            if anchor and anchors is not None:
                anchors.setdefault(target, {}).setdefault(anchor, url)

    def on_page_context(self, context, *, page, config, nav):
        source = page.meta.get("stelsel_source") if page.meta else None
        page.edit_url = self.edit_url(source)
        if (config.site_url or DEFAULT_SITE_URL).startswith(DEFAULT_SITE_URL):
            page.canonical_url = None  # no site_url configured: the placeholder is nobody's canonical URL
        if self.shells.is_shell(page.file.src_uri):
            self.shells.theme_context(page)
        return context

    def edit_url(self, source: str | None) -> str | None:
        """The edit link of a content file (the theme writes it as a link: never javascript:)."""
        edit = self._edit_base + source if (source and self._edit_base) else None
        return edit if safe_url(edit) else None

    def on_nav(self, nav, *, config, files):
        # Before mkdocs converts the pages: the last ones are converted beside (convert_beside.py; forked
        # first, before the search index starts its thread), and each is indexed beside as soon as it is
        # converted (search_beside.py).
        if self._command == "build":  # not serve: its server runs threads, and it updates the index itself
            heap.settle()  # the files and the navigation: not walked again, here nor in the children
            self._converted = ConvertedBeside.start(config, files)
            self._search = IndexBeside.install(config)
        return nav

    def on_post_page(self, output: str, *, page, config) -> str:
        if self.shells.is_shell(page.file.src_uri):
            return self.shells.shell_rendered(page.file.src_uri, output)
        return output

    def on_page_markdown(self, markdown, *, page, config, files):
        if self._converted is not None and self._converted.takes(page):  # its conversion was made beside
            page.render = _ConvertedRender(self._converted, page)
        if self._release_date:  # before the sitemap is written (mkdocs renders it before the pages)
            page.update_date = self._release_date  # the sitemap's lastmod of a frozen version
        return markdown

    @event_priority(50)  # before material's search plugin: its index may still be made beside (search_beside.py)
    def on_post_build(self, *, config) -> None:
        """The item pages from their shells, their links checked, and in the sitemap."""
        try:
            if self.shells.docs:
                beside = self._search is None or self._search.close()  # no thread left: a child may be forked
                self.shells.write_all(self, self.files, config.site_dir, self._release_date,
                                      beside=self._command == "build" and beside)
        finally:
            self._cleanup()

    def item_links(self, doc_path: str, file: File, files: Files, warn=None) -> dict:
        """The anchors an item page written from a shell links to (its links checked as a page's;
        ``warn``: where the warnings go, else to mkdocs' page log)."""
        anchors: dict = {}
        written = self.site.html_links.get(doc_path)
        if written:
            self._check_html_links(file, sorted(written), files, anchors, warn=warn)
        return anchors

    def on_build_error(self, *, error) -> None:
        self._end_search()
        self._cleanup()

    def on_shutdown(self) -> None:
        self._end_search()
        self._cleanup()

    def _end_search(self) -> None:
        if self._search is not None:
            self._search.cancel()
            self._search = None
        if self._converted is not None:
            self._converted.cancel()
            self._converted = None


class _ConvertedRender:
    """A page's ``render`` for one call: the conversion made beside (then the page renders as any other)."""

    def __init__(self, converted: ConvertedBeside, page):
        self.converted, self.page = converted, page

    def __call__(self, config, files) -> None:
        self.page.__dict__.pop("render", None)
        self.converted.render(self.page, config, files)


# serve rebuilds on every edit, loading each project again; a frozen release never changes (its
# manifest's hash covers its files), so it is loaded once per serve: folder -> (manifest hash, project).
_FROZEN: dict[Path, tuple[str, object]] = {}


def _frozen_once(folder: Path):
    """The frozen release at ``folder`` as loaded before by this process, or loaded now; None: not frozen."""
    import hashlib

    from ..load.project import load_project

    manifest = folder / "manifest.json"
    if not manifest.is_file():
        return None
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    known = _FROZEN.get(folder)
    if known is None or known[0] != digest:
        known = _FROZEN[folder] = (digest, load_project(folder))
    return known[1]


def _window(current, repo_root: Path, version: str, frozen: bool):
    """A frozen release's validity window on the working tree's timeline (None for the working version)."""
    if not frozen:
        return None
    from ..release.store import frozen_versions
    from ..release.validity import project_timeline

    return next((w for w in project_timeline(current, frozen_versions(repo_root)) if w.version == version), None)


def _manifest_created(folder: Path) -> str | None:
    """The date a frozen release was cut (its manifest's ``created``), as YYYY-MM-DD."""
    from ..release.store import read_manifest

    try:
        created = str(read_manifest(folder).get("created") or "")
    except (OSError, ValueError):
        return None
    return created[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", created) else None


def _escaped_nav(nav):
    """The navigation with its titles escaped as HTML (material writes them as they are)."""
    if isinstance(nav, list):
        return [_escaped_nav(entry) for entry in nav]
    if isinstance(nav, dict):
        return {str(escape(title)): _escaped_nav(value) for title, value in nav.items()}
    return nav


def _norm_url(url: str) -> str:
    """A site URL in one form for lookups: 'x/y/' and 'x/y' alike, the root as '.'."""
    url = posixpath.normpath(url.split("?", 1)[0]) if url else "."
    return "." if url in ("", "/") else url.lstrip("/") or "."
