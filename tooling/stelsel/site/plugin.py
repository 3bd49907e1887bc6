"""The mkdocs plugin ``stelsel``: hands the generated pages to mkdocs.

All content comes from :func:`stelsel.site.pages.generate_site`; this module only loads the
project, passes pages, navigation, figures and the glossary's abbreviations to mkdocs, renders
the downloads the pages declare (role checklists, the release PDF: see downloads.py), sets
per-page edit links, and makes ``mkdocs serve`` watch the content folders. Registered as the
entry point ``stelsel`` in ``mkdocs.plugins``.

Two kinds of work run beside the build on a second core (Linux, forked): the downloads
(downloads.start_downloads, copied into the site when the build is done) and the parsing of
the pages for the search index (search.py). A PDF that fails in the worker, after the pages
linked it, makes ``stelsel build`` build that version again with a note instead of the link
(:class:`PdfFailed`); under plain ``mkdocs build``, which cannot, the downloads render first.

The bulk of each page is pre-rendered HTML (markup.py): mkdocs gets the Markdown with a token
line per block, and :meth:`StelselPlugin.on_page_content` puts the blocks in. Since mkdocs
never sees those links, that method also does for them what mkdocs does for its own: an
unknown target is a warning (an error in strict mode) naming the page and its content file,
and every link to an anchor is handed to mkdocs' anchor validation, which runs once all pages
are rendered and knows the ids in the blocks too.
"""

from __future__ import annotations

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
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .checklists import declare_downloads
from .downloads import pdf_engine_problem
from .markup import BLOCK_LINE_RE, BLOCK_RE
from .pages import RELEASE_PDF, WORKING_VERSION, SiteOptions, generate_site
from .text import version_key

log = logging.getLogger("mkdocs.plugins.stelsel")
# Warnings about a page's links go where mkdocs' own go, so _SourceNamer names the content file.
page_log = logging.getLogger("mkdocs.structure.pages")
_IDS = re.compile(r'\sid="([^"]+)"')
_URLS = re.compile(r'<(?:a|img)\s[^>]*?(?:href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Notices that must not fail a strict build (mkdocs counts the warnings of its own loggers only).
notices = logging.getLogger("stelsel.site")

ABBREVIATIONS = "stelsel-begrippen.md"
PDF_CACHE = Path(".stelsel-cache") / "site" / "pdf"  # below the repository root, unless configured
PDF_NOTES = {
    "failed": "De PDF kon bij het bouwen van deze versie van de site niet worden gemaakt.",
    "serve": "In de voorvertoning (stelsel serve) wordt geen PDF gemaakt; stelsel build maakt hem wel.",
    "off": "Deze site is gebouwd zonder PDF.",
}


class StelselConfig(Config):
    root = c.Type(str, default="")  # the project root; default: the folder of mkdocs.yml
    repo_root = c.Type(str, default="")  # the repository root (holds releases/); default: root
    version = c.Type(str, default=WORKING_VERSION)  # 'concept' or a frozen release
    frozen = c.Type(bool, default=False)
    edit_branch = c.Type(str, default="main")
    edit_path = c.Type(str, default="edit/{branch}/")  # appended to the framework's repository URL
    history = c.Type(bool, default=True)  # show 'wat is er gewijzigd' for frozen releases
    consultation_states = c.Type(list, default=["consultatie"])
    pdf = c.Type(bool, default=True)  # render the release PDF (not in 'serve': too slow for a preview)
    cache_dir = c.Type(str, default="")  # where release PDFs are cached; default: <repo_root>/.stelsel-cache/site/pdf


class _SourceNamer(logging.Filter):
    """Adds the content file to mkdocs' own warnings about a generated page ('Doc file ...')."""

    def __init__(self):
        super().__init__("stelsel-sources")
        self.sources: dict[str, str] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING and self.sources:
            message = record.getMessage()
            match = re.match(r"Doc file '([^']+)'", message)
            if match and match.group(1) in self.sources:
                record.msg = f"{message} [bron: {self.sources[match.group(1)]}]"
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
    """A rendered download: copied as is, never read as a page (even a checklist ending in .md).

    It is rendered while the site builds (downloads.start_downloads); the plugin copies it
    into the site when the build is done (on_post_build), not when mkdocs copies static files."""

    plugin: "StelselPlugin | None" = None

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        if self.plugin is not None and self.plugin.pending is not None:
            return  # StelselPlugin._finish_downloads copies it
        super().copy_file(dirty)


class PdfFailed(Exception):
    """The release PDF could not be made after the pages said it would be there.

    Raised at the end of a build; site/build.py then builds the version again with a note in
    place of the link (as it does when no PDF engine is found before the build)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StelselPlugin(BasePlugin[StelselConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.site = None
        self.root: Path | None = None
        self._tmp: str | None = None
        self._edit_base: str | None = None
        self._command: str | None = None
        self.downloads: dict[str, str] = {}  # site path -> rendered file
        self._download_files: list[_Download] = []
        self._blocks_per_page: dict[str, int] = {}
        self._by_url = None
        self.pending = None  # downloads.Pending while the downloads render
        self._search = None  # search.SearchOffload for this build (False: none)
        self.projects: dict[Path, object] = {}  # loaded projects, shared by the versions of one build
        self.pdf_failure: tuple[str, str] | None = None  # (path, reason): build with a note instead
        self._configured = False  # set up by stelsel build (site/build.py), which can build again
        self.complete = True  # False: a download (the PDF) is missing from this build; do not cache it

    # The build command sets these directly on a loaded config (see build.py).
    def configure(self, *, root: Path, repo_root: Path, version: str, frozen: bool,
                  cache_dir: Path | None = None, projects: dict | None = None,
                  pdf_failure: tuple[str, str] | None = None) -> None:
        self.config.root = str(root)
        self.config.repo_root = str(repo_root)
        self.config.version = version
        self.config.frozen = frozen
        if cache_dir is not None:
            self.config.cache_dir = str(cache_dir)
        if projects is not None:
            self.projects = projects
        self.pdf_failure = pdf_failure
        self._configured = True

    def on_startup(self, *, command, dirty) -> None:
        self._command = command

    def _load(self, root: Path):
        """The project at ``root``, loaded once per build (serve loads it afresh every time)."""
        from ..load.project import load_project

        if self._command == "serve":
            return load_project(root)
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
        project = self._load(root)
        if project.config is None:
            raise PluginError(f"stelsel: no framework config (afsprakenstelsel/stelsel.yaml) below {root}")
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
        if not self.config.pdf:
            pdf_note = PDF_NOTES["off"]
        elif self._command == "serve":
            pdf_note = PDF_NOTES["serve"]
        self.complete = pdf_note is None or pdf_note == PDF_NOTES["off"]
        self._search = None
        self._fresh_tmp()
        # The downloads first: they render in a worker while the pages are made and built.
        _checklists, downloads = declare_downloads(project, version, frozen, pdf_note is None)
        pdf = [path for path, spec in downloads.items() if spec.kind == RELEASE_PDF]
        failure = self.pdf_failure
        if pdf and failure is None:
            problem = pdf_engine_problem()
            failure = (pdf[0], problem) if problem else None
        if pdf and failure is not None:
            notices.warning(f"stelsel: site version '{version}' has no PDF ({failure[0]}): {failure[1]}. "
                            "The pages say it is not available; the build goes on.")
            pdf_note = PDF_NOTES["failed"]
            self.complete = False
            for path in pdf:
                del downloads[path]
        # In the background only where a late PDF failure can be recovered from (see PdfFailed).
        retry = self._configured or not any(spec.kind == RELEASE_PDF for spec in downloads.values())
        self._start_downloads(project, downloads, repo_root, background=retry)
        if not retry:
            rendered = self.pending.wait()
            for path, reason in rendered.failed.items():
                notices.warning(f"stelsel: site version '{version}' has no PDF ({path}): {reason}. "
                                "The pages say it is not available; the build goes on.")
                pdf_note = PDF_NOTES["failed"]
                self.complete = False
                del downloads[path]
                del self.downloads[path]
        history = []
        if self.config.history:
            for label in frozen_releases(repo_root):
                if frozen and version_key(label) >= version_key(version):
                    continue
                history.append((label, self._load(repo_root / "releases" / label)))
        options = SiteOptions(version=version, frozen=frozen, history=history, edit_base=edit_base,
                              source_prefix=(prefix + "/") if prefix else "",
                              consultation_states=tuple(self.config.consultation_states), pdf_note=pdf_note,
                              directory_urls=bool(config.use_directory_urls),
                              markdown_extensions=list(config.markdown_extensions),
                              markdown_configs=dict(config.mdx_configs or {}))
        self._edit_base = edit_base
        site = generate_site(project, options)
        if set(site.downloads) != set(downloads):
            raise PluginError(f"stelsel: the pages declare other downloads than were rendered: "
                              f"{sorted(set(site.downloads) ^ set(downloads))}")
        self.site = site
        config.site_name = site.title
        if not config.copyright:
            config.copyright = site.copyright
        config.nav = site.nav
        if not frozen:
            for folder in ("afsprakenstelsel", "changes"):
                path = root / folder
                if path.is_dir() and str(path) not in config.watch:
                    config.watch.append(str(path))
        self._abbreviations(config, site.abbreviations)
        _NAMER.sources = {path: src for path, src in self._sources(site).items()}
        pages_logger = logging.getLogger("mkdocs.structure.pages")
        if _NAMER not in pages_logger.filters:
            pages_logger.addFilter(_NAMER)
        return config

    @staticmethod
    def _sources(site) -> dict[str, str]:
        out = {}
        for path, text in site.sources.items():
            match = re.search(r"^stelsel_source: (.+)$", text[: text.find("\n---", 3)], re.M)
            if match:
                out[path] = match.group(1).strip().strip("'\"")
        return out

    def _fresh_tmp(self) -> None:
        self._cleanup()
        self._tmp = tempfile.mkdtemp(prefix="stelsel-site-")

    def _start_downloads(self, project, downloads: dict, repo_root: Path, background: bool) -> None:
        from .downloads import start_downloads

        folder = Path(self._tmp, "downloads")
        self.downloads = {path: str(folder / path) for path in downloads}
        cache = Path(self.config.cache_dir) if self.config.cache_dir else repo_root / PDF_CACHE
        self.pending = start_downloads(project, downloads, folder, pdf_cache=cache, background=background) \
            if downloads else None

    def _finish_downloads(self) -> None:
        """Wait for the downloads and copy them into the site; a PDF that failed after all: PdfFailed."""
        if self.pending is None:
            return
        pending, self.pending = self.pending, None
        rendered = pending.wait()
        for path, reason in rendered.failed.items():
            if path in self.downloads:  # (a failure found before the pages were made is handled)
                raise PdfFailed(path, reason)
        missing = set(self.downloads) - set(rendered.files)
        if missing:
            raise PluginError(f"stelsel: downloads declared but not rendered: {sorted(missing)}")
        for file in self._download_files:
            File.copy_file(file)

    def _abbreviations(self, config, text: str) -> None:
        """Glossary abbreviations on every page: pymdownx.snippets appends this file to each."""
        Path(self._tmp, ABBREVIATIONS).write_text(text or "\n", encoding="utf-8")
        if "abbr" not in config.markdown_extensions:
            config.markdown_extensions.append("abbr")
        if "pymdownx.snippets" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.snippets")
        settings = config.mdx_configs.setdefault("pymdownx.snippets", {})
        settings["base_path"] = [self._tmp]
        settings["auto_append"] = [ABBREVIATIONS]
        settings.setdefault("check_paths", True)

    def _cleanup(self) -> None:
        if self.pending is not None:  # a build that stopped early: the worker's result is not needed
            self.pending.cancel()
            self.pending = None
        if self._search:
            self._search.close()
        self._search = None
        if self._tmp and os.path.isdir(self._tmp):
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._tmp = None

    def on_files(self, files: Files, *, config) -> Files:
        site = self.site
        self._blocks_per_page = {}
        for path, text in site.sources.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
            self._blocks_per_page[path] = len(BLOCK_LINE_RE.findall(text))
        for path, source in site.assets.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=source))
        self._download_files = []
        for path, source in self.downloads.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            download = _Download.generated(config, path, abs_src_path=source)
            download.plugin = self
            self._download_files.append(download)
            files.append(download)
        for problem in site.problems:
            log.warning(str(problem))
        return files

    def on_page_content(self, html: str, *, page, config, files: Files) -> str:
        """The page's HTML blocks in place of their tokens; their anchors and links checked.
        The final HTML goes to the search worker (search.py) to be parsed meanwhile."""
        expected = self._blocks_per_page.get(page.file.src_uri, 0) if self.site is not None else 0
        if expected:
            blocks = self.site.blocks.html
            numbers = [int(n) for n in BLOCK_RE.findall(html)]
            if len(numbers) != expected:
                log.warning(f"stelsel: {expected - len(numbers)} of the {expected} HTML blocks of "
                            f"'{page.file.src_uri}' did not come through Markdown (a bug in the page generator)")
            mine = [blocks[n] for n in numbers]
            if page.present_anchor_ids is not None:
                for block in mine:
                    page.present_anchor_ids.update(_IDS.findall(block))
            self._check_block_links(page, mine, files)
            html = BLOCK_RE.sub(lambda m: blocks[int(m.group(1))], html)
        if self._search is None:
            from .search import SearchOffload

            self._search = SearchOffload.attach(config) or False
        if self._search:
            self._search.send(page, html)
        return html

    def _check_block_links(self, page, blocks: list[str], files: Files) -> None:
        """What mkdocs checks for a link in Markdown, for the links in the HTML blocks."""
        if self._by_url is None or self._by_url[0] is not files:
            self._by_url = (files, {_norm_url(f.url): f for f in files})
        by_url = self._by_url[1]
        here = page.file.url
        base = here if here.endswith("/") else here.rpartition("/")[0] + "/"
        anchors = page.links_to_anchors
        seen: set[str] = set()
        for block in blocks:
            for url in _URLS.findall(block):
                if url in seen:
                    continue
                seen.add(url)
                if not url or _SCHEME.match(url) or url.startswith(("/", "\\", "//")):
                    continue
                path, _, anchor = url.partition("#")
                if not path:
                    target = page.file
                else:
                    target = by_url.get(_norm_url(posixpath.join(base, path)))
                    if target is None:
                        page_log.warning(f"Doc file '{page.file.src_uri}' contains a link '{url}', "
                                         "but the target is not found among documentation files.")
                        continue
                if anchor and anchors is not None:
                    anchors.setdefault(target, {}).setdefault(anchor, url)

    def on_page_context(self, context, *, page, config, nav):
        source = page.meta.get("stelsel_source") if page.meta else None
        page.edit_url = self._edit_base + source if (source and self._edit_base) else None
        return context

    def on_post_build(self, *, config) -> None:
        try:
            self._finish_downloads()
        finally:
            self._cleanup()

    def on_build_error(self, *, error) -> None:
        self._cleanup()

    def on_shutdown(self) -> None:
        self._cleanup()


def _norm_url(url: str) -> str:
    """A site URL in one form for lookups: 'x/y/' and 'x/y' alike, the root as '.'."""
    url = posixpath.normpath(url.split("?", 1)[0]) if url else "."
    return "." if url in ("", "/") else url.lstrip("/") or "."
