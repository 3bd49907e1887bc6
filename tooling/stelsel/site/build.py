"""Build every site version side by side: ``site/<version>/``, ``versions.json`` and redirects.

One version per frozen release (``releases/<version>/``, itself a project root) plus the
working tree as ``concept``. Material's version selector reads ``site/versions.json`` (the
mike layout, without a gh-pages branch); ``latest`` points at the newest published release.
A frozen release never changes, so its built site is cached under a key made of its
manifest's content hash (and those of the releases before it, which its change pages show),
the site code and the configuration: an edit in the working tree rebuilds only ``concept``.
That cached build includes its downloads (checklists, release PDF); a build that could not make
its PDF is not cached. Release PDFs are also cached on their own (``<cache>/pdf``, keyed by
their content), so a change to the site code does not render them again. The working version
gets its PDF only when asked (``stelsel build --pdf``); its pages then say it has none.
The cache lives in ``$STELSEL_CACHE_DIR/site`` when that is set, else in the project's
``.stelsel-cache/site``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from ..i18n import for_config
from .config import DEFAULT_SITE_URL, PACKAGE, SITE_URL_MISSING, config_file
from .crossversion import copy_latest_downloads, link_item_versions, mark_successors, root_404
from ..model.status import ReleaseStatus
from .markup import render
from .pages import WORKING_VERSION
from .plugin import StelselPlugin, frozen_releases
from .text import date_words, version_key

LATEST = "latest"
# Aliases of frozen releases newer than 'latest' (the catalogue's version_alias: a decided one, else a
# candidate); mkdocs.yml's extra.version.default lists them with 'latest' and the working version, so
# material does not mark those versions outdated.
AHEAD = {ReleaseStatus.DECIDED.value: "decided"}
CACHE_DIR = ".stelsel-cache/site"
PUBLISHED = (ReleaseStatus.PUBLISHED.value,)


class SiteBuildError(Exception):
    """A version did not build; ``warnings`` holds what mkdocs reported."""

    def __init__(self, version: str, message: str, warnings: list[str]):
        super().__init__(f"{version}: {message}")
        self.version = version
        self.warnings = warnings


@dataclass
class VersionBuild:
    version: str
    title: str
    seconds: float
    cached: bool
    frozen: bool
    status: str | None = None  # in the working tree's release register


@dataclass
class SiteBuild:
    site_dir: Path
    versions: list[VersionBuild] = field(default_factory=list)
    latest: str | None = None
    seconds: float = 0.0


class _Collect(logging.Handler):
    def __init__(self, echo: Callable[[str], None] | None):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.messages.append(message)
        if self.echo is not None:
            self.echo(f"{record.levelname}: {message}")


def _fingerprint() -> str:
    """Everything besides content that shapes a built page or its downloads (the checklists, the
    release PDF): the code that loads the model and writes them, with the templates and the
    stylesheets (not the rules, the workflow or the CLI), and the toolchain's versions."""
    h = hashlib.sha256()
    package = PACKAGE.parent
    paths = [p for folder in ("site", "load", "model", "qualify", "release") for p in (package / folder).rglob("*")]
    paths += list(package.glob("*.py"))  # the leaf modules: vocabulary, codes, atomic, ...
    for path in sorted(paths):
        if path.is_file() and path.suffix in (".py", ".html", ".css", ".js") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for dist in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "Jinja2", "MarkupSafe", "XlsxWriter",
                 "weasyprint", "pydyf"):
        try:
            h.update(f"{dist}={metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            pass
    return h.hexdigest()


def _manifest_hash(folder: Path) -> str:
    """The release's manifest: its content hash covers every file of the release, and the rest
    of it (the freeze date, which the PDF's title page may show) is hashed with it."""
    return hashlib.sha256((folder / "manifest.json").read_bytes()).hexdigest()


def _register_statuses(root: Path, projects: dict) -> dict[str, str]:
    """Release statuses from the working tree's register (it is the current word on them)."""
    from ..load.project import load_project

    project = projects.get(root)
    if project is None:
        project = projects[root] = load_project(root)
    out = {}
    for item in project.items("release"):
        status = getattr(item.model, "status", None)
        out[item.id] = getattr(status, "value", status)
    return out


def _register_word(root: Path, projects: dict) -> str:
    """The working tree's release register as the frozen versions' pages show it."""
    project = projects[root]
    policy = getattr(project.config, "validity", None) if project.config is not None else None
    return json.dumps(sorted((r.id, str(getattr(r.model, "status", "")), str(getattr(r.model, "date", "")),
                              str(getattr(r.model, "ingangsdatum", "")), str(getattr(r.model, "vervaldatum", "")))
                             for r in project.items("release")) + [str(policy)])  # validity: consultation.py


def build_site(root: Path, site_dir: Path | None = None, *, site_url: str | None = None, use_cache: bool = True,
               cache_dir: Path | None = None, echo: Callable[[str], None] | None = None,
               only_working: bool = False, working_pdf: bool = False,
               progress: Callable[[str], None] | None = None, projects: dict | None = None,
               gate: Callable[[], list | None] | None = None) -> SiteBuild:
    """Build all versions of the site of the project at ``root`` into ``site_dir`` (default ``root/site``).

    Frozen releases always get their PDF; the working version only with ``working_pdf``.
    ``progress`` hears of each version as it starts; ``projects``: trees loaded already (root -> Project,
    e.g. by the check that ran first), not loaded again; ``gate``: called before anything is written
    into ``site_dir`` (the check running beside the build: it returns the findings that put a banner on
    the working version's pages, or raises to stop the build)."""
    from mkdocs.config import load_config

    started = time.perf_counter()
    root = root.resolve()
    site_dir = (site_dir or root / "site").resolve()
    cache_root = (cache_dir or default_cache_dir(root)).resolve()
    cfg_path = config_file(root, cache_root / "config")
    frozen = [] if only_working else frozen_releases(root)
    projects = dict(projects or {})  # every project is loaded once per build, whichever versions need it
    statuses = _register_statuses(root, projects)
    # Where the site is published: --site-url, else the framework config's site_url, else mkdocs.yml's.
    # Without any, a placeholder the pages never show as their canonical URL (plugin.py).
    framework = projects[root].config
    ui = for_config(framework)  # the words of the framework's language (stelsel.i18n)
    base_url = site_url or getattr(framework, "site_url", None) or _configured_site_url(cfg_path) or DEFAULT_SITE_URL
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    if base_url == DEFAULT_SITE_URL and echo is not None:
        echo(SITE_URL_MISSING)
    # A frozen version shows the current word on every release (status, date, its successor):
    # its cached build is good only while the working tree's register says the same.
    register = _register_word(root, projects)
    result = SiteBuild(site_dir=site_dir)

    fingerprint = None
    hashes: list[str] = []
    for version in frozen:
        folder = root / "releases" / version
        hashes.append(_manifest_hash(folder))
        fingerprint = fingerprint or _fingerprint()
        settings = cfg_path.read_text(encoding="utf-8").replace(str(root), "<root>")  # a moved checkout still hits
        key = hashlib.sha256("\n".join([*hashes, fingerprint, settings, base_url, version, register]).encode()).hexdigest()[:24]
        cached = cache_root / f"{version}-{key}"
        target = site_dir / version
        t0 = time.perf_counter()
        if progress is not None:
            progress(f"  {version}: {'from cache' if use_cache and (cached / 'index.html').is_file() else 'building'} …")
        if use_cache and (cached / "index.html").is_file():
            if gate is not None:
                gate()
            _replace_tree(cached, target)
            hit = True
        else:
            complete = _mkdocs_build(load_config, cfg_path, target, base_url + version + "/", folder, root, version,
                                     True, echo, cache_root, pdf=True, projects=projects, gate=gate).complete
            if use_cache and complete:
                _store_cache(target, cached, cache_root, version)
            hit = False
        result.versions.append(VersionBuild(version, version, time.perf_counter() - t0, hit, True, statuses.get(version)))

    t0 = time.perf_counter()
    if progress is not None:
        progress(f"  {WORKING_VERSION}: building …")
    # Frozen versions always get their PDF (they are built once and cached); the working
    # version only when asked: it changes with every edit, and the PDF is the slow part.
    # Built last: its item pages name the versions built before as they are written (crossversion.py).
    plugin = _mkdocs_build(load_config, cfg_path, site_dir / WORKING_VERSION, base_url + WORKING_VERSION + "/", root,
                           root, WORKING_VERSION, False, echo, cache_root, pdf=working_pdf, projects=projects,
                           versions=(site_dir, _version_titles(result.versions, ui)), gate=gate)
    result.versions.append(VersionBuild(WORKING_VERSION, ui("site.versions.working"), time.perf_counter() - t0, False, False))

    site_dir.mkdir(parents=True, exist_ok=True)
    published = [v for v in frozen if statuses.get(v) in PUBLISHED]
    result.latest = published[-1] if published else None
    _write_versions(site_dir, result, ui)
    _across_versions(site_dir, result, projects[root], ui, filled={WORKING_VERSION} if plugin.versions_filled else set())
    result.seconds = time.perf_counter() - started
    return result


def _version_titles(versions: list[VersionBuild], ui) -> list[tuple[str, str]]:
    """(label, title) of the working version and every frozen one, newest first, as item pages name them."""
    newest_first = sorted((v for v in versions if v.frozen), key=lambda v: version_key(v.version), reverse=True)
    return [(WORKING_VERSION, ui("site.versions.working_item"))] + [
        (v.version, ui("site.facts.release", version=v.version)) for v in newest_first]


def _across_versions(site_dir: Path, result: SiteBuild, project, ui, filled: set[str] = frozenset()) -> None:
    """What each version says about the others (crossversion.py), once all are built; ``filled``:
    versions whose item pages named the others as they were written."""
    newest_first = sorted((v for v in result.versions if v.frozen), key=lambda v: version_key(v.version), reverse=True)
    titles = _version_titles(result.versions, ui)
    link_item_versions(site_dir, titles, ui, skip=frozenset(filled))
    if result.latest:
        entry = project.by_kind.get("release", {}).get(result.latest)
        day = getattr(entry.model, "date", None) if entry is not None else None
        replaced = [v.version for v in newest_first if version_key(v.version) < version_key(result.latest)]
        mark_successors(site_dir, replaced, result.latest, date_words(day, ui) if day else "", ui)
        copy_latest_downloads(site_dir, site_dir / LATEST, result.latest)
    root_404(site_dir, result.latest or WORKING_VERSION)


def _configured_site_url(cfg_path: Path) -> str | None:
    import yaml

    try:
        data = yaml.load(cfg_path.read_text(encoding="utf-8"), Loader=_Lenient)
    except Exception:  # noqa: BLE001 - mkdocs reports a broken config itself
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value or None


class _Lenient(__import__("yaml").SafeLoader):
    """Reads mkdocs.yml while ignoring the python tags some configs carry."""


_Lenient.add_multi_constructor("!", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def default_cache_dir(root: Path) -> Path:
    """Where built frozen versions and release PDFs are kept: ``$STELSEL_CACHE_DIR/site``, else
    the project's ``.stelsel-cache/site`` (the keys hold the content, so projects can share one)."""
    explicit = os.environ.get("STELSEL_CACHE_DIR")
    return Path(explicit) / "site" if explicit else root / CACHE_DIR


def _mkdocs_build(load_config, cfg_path: Path, target: Path, url: str, project_root: Path, repo_root: Path,
                  version: str, frozen: bool, echo, cache_root: Path, pdf: bool, projects: dict | None = None,
                  versions: tuple | None = None, gate=None) -> StelselPlugin:
    """Build one version; its plugin says (``complete``) whether it has every download it should have
    (its PDF; else it is not worth caching) and whether its item pages named the other versions."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    collect = _Collect(echo)
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("stelsel.site")]
    for logger in loggers:
        logger.addHandler(collect)
    try:
        cfg = load_config(config_file=str(cfg_path), site_dir=str(target), site_url=url, strict=True)
        plugin = next((p for p in cfg.plugins.values() if isinstance(p, StelselPlugin)), None)
        if plugin is None:
            raise SiteBuildError(version, f"{cfg_path} does not enable the 'stelsel' plugin", [])
        plugin.configure(root=project_root, repo_root=repo_root, version=version, frozen=frozen, pdf=pdf,
                         cache_dir=cache_root / "pdf", projects=projects, versions=versions,
                         gate=gate)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
        return plugin
    except (Abort, MkDocsException) as exc:
        raise SiteBuildError(version, str(exc), collect.messages) from None
    finally:
        for logger in loggers:
            logger.removeHandler(collect)


def _replace_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def _store_cache(built: Path, cached: Path, cache_root: Path, version: str) -> None:
    cache_root.mkdir(parents=True, exist_ok=True)
    for stale in cache_root.glob(f"{version}-*"):  # one cached build per version is enough
        shutil.rmtree(stale, ignore_errors=True)
    tmp = cache_root / f".tmp-{version}-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(built, tmp)
    os.replace(tmp, cached)


def _redirect(target: str, ui) -> str:
    return render("redirect.html", target=target, ui=ui)


def _write_versions(site_dir: Path, result: SiteBuild, ui) -> None:
    built = {v.version for v in result.versions}
    previous = site_dir / "versions.json"
    if previous.is_file():  # drop versions that are no longer built (never anything else)
        try:
            for entry in json.loads(previous.read_text(encoding="utf-8")):
                name = entry.get("version")
                if name and name not in built and "/" not in name and (site_dir / name).is_dir():
                    shutil.rmtree(site_dir / name)
        except (ValueError, AttributeError, TypeError):
            pass
    entries = [{"version": WORKING_VERSION, "title": ui("site.versions.working"), "aliases": []}]
    for v in sorted((v for v in result.versions if v.frozen), key=lambda v: version_key(v.version), reverse=True):
        ahead = result.latest is None or version_key(v.version) > version_key(result.latest)
        if v.version == result.latest:
            aliases = [LATEST]
        elif ahead:  # newer than the newest published release: not outdated (see extra.version.default)
            aliases = [ui(f"version_alias.{AHEAD.get(v.status or '', 'candidate')}")]
        else:
            aliases = []
        entries.append({"version": v.version, "title": v.title, "aliases": aliases})
    (site_dir / "versions.json").write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    latest_dir = site_dir / LATEST
    if latest_dir.exists():
        shutil.rmtree(latest_dir)
    home = result.latest or WORKING_VERSION
    (site_dir / "index.html").write_text(_redirect(f"{result.latest and LATEST or WORKING_VERSION}/", ui), encoding="utf-8")
    if result.latest:
        source = site_dir / result.latest
        for page in source.rglob("index.html"):
            rel = page.parent.relative_to(source)
            depth = len(rel.parts) + 1
            target = "../" * depth + f"{home}/" + (rel.as_posix() + "/" if rel.parts else "")
            out = latest_dir / rel / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_redirect(target, ui), encoding="utf-8")
