"""The mkdocs plugin ``stelsel``: hands the generated pages to mkdocs. Kept deliberately thin.

All content comes from :func:`stelsel.site.pages.generate_site`; this module only loads the
project, passes pages, navigation, figures and the glossary's abbreviations to mkdocs, renders
the downloads the pages declare (role checklists, the release PDF: see downloads.py), sets
per-page edit links, and makes ``mkdocs serve`` watch the content folders. Registered as the
entry point ``stelsel`` in ``mkdocs.plugins``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .pages import WORKING_VERSION, SiteOptions, generate_site
from .text import version_key

log = logging.getLogger("mkdocs.plugins.stelsel")
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
        self.complete = True  # False: a download (the PDF) is missing from this build; do not cache it

    # The build command sets these directly on a loaded config (see build.py).
    def configure(self, *, root: Path, repo_root: Path, version: str, frozen: bool,
                  cache_dir: Path | None = None) -> None:
        self.config.root = str(root)
        self.config.repo_root = str(repo_root)
        self.config.version = version
        self.config.frozen = frozen
        if cache_dir is not None:
            self.config.cache_dir = str(cache_dir)

    def on_startup(self, *, command, dirty) -> None:
        self._command = command

    def on_config(self, config):
        from ..load.project import load_project

        base = Path(config.config_file_path or ".").resolve().parent
        root = Path(self.config.root) if self.config.root else base
        root = (base / root).resolve() if not root.is_absolute() else root
        repo_root = Path(self.config.repo_root) if self.config.repo_root else root
        repo_root = (base / repo_root).resolve() if not repo_root.is_absolute() else repo_root
        self.root = root
        project = load_project(root)
        if project.config is None:
            raise PluginError(f"stelsel: no framework config (afsprakenstelsel/stelsel.yaml) below {root}")
        version = self.config.version
        frozen = bool(self.config.frozen)
        history = []
        if self.config.history:
            for label in frozen_releases(repo_root):
                if frozen and version_key(label) >= version_key(version):
                    continue
                history.append((label, load_project(repo_root / "releases" / label)))
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
        options = SiteOptions(version=version, frozen=frozen, history=history, edit_base=edit_base,
                              source_prefix=(prefix + "/") if prefix else "",
                              consultation_states=tuple(self.config.consultation_states), pdf_note=pdf_note)
        self._edit_base = edit_base
        self._fresh_tmp()
        site = generate_site(project, options)
        site = self._render_downloads(project, site, options, repo_root)
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
        for path, text in site.pages.items():
            match = re.search(r"^stelsel_source: (.+)$", text[: text.find("\n---", 3)], re.M)
            if match:
                out[path] = match.group(1).strip().strip("'\"")
        return out

    def _fresh_tmp(self) -> None:
        self._cleanup()
        self._tmp = tempfile.mkdtemp(prefix="stelsel-site-")

    def _render_downloads(self, project, site, options: SiteOptions, repo_root: Path):
        """Render what the pages declare; without a PDF, generate again with a note instead of its link."""
        from .downloads import render_downloads

        self.downloads = {}
        self.complete = options.pdf_note is None or options.pdf_note == PDF_NOTES["off"]
        if not site.downloads:
            return site
        cache = Path(self.config.cache_dir) if self.config.cache_dir else repo_root / PDF_CACHE
        rendered = render_downloads(project, site.downloads, Path(self._tmp, "downloads"), pdf_cache=cache)
        if rendered.failed:
            for path, reason in rendered.failed.items():
                notices.warning(f"stelsel: site version '{options.version}' has no PDF ({path}): {reason}. "
                                "The pages say it is not available; the build goes on.")
            self.complete = False
            options.pdf_note = PDF_NOTES["failed"]
            site = generate_site(project, options)
            missing = set(site.downloads) - set(rendered.files)
            if missing:  # the pages declare the same downloads as before, less the PDF
                raise PluginError(f"stelsel: downloads declared but not rendered: {sorted(missing)}")
        self.downloads = {path: str(rendered.files[path]) for path in site.downloads}
        return site

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
        if self._tmp and os.path.isdir(self._tmp):
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._tmp = None

    def on_files(self, files: Files, *, config) -> Files:
        site = self.site
        for path, text in site.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=text))
        for path, source in site.assets.items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, abs_src_path=source))
        for path, source in self.downloads.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(_Download.generated(config, path, abs_src_path=source))
        for problem in site.problems:
            log.warning(str(problem))
        return files

    def on_page_context(self, context, *, page, config, nav):
        source = page.meta.get("stelsel_source") if page.meta else None
        page.edit_url = self._edit_base + source if (source and self._edit_base) else None
        return context

    def on_post_build(self, *, config) -> None:
        self._cleanup()

    def on_build_error(self, *, error) -> None:
        self._cleanup()

    def on_shutdown(self) -> None:
        self._cleanup()
