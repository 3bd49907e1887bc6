"""The mkdocs configuration of a framework site.

A project root may carry its own ``mkdocs.yml`` (the Twiin repository does); any other tree
(a test fixture, a new framework) is built with the default below, which is the same file
with absolute paths into this package.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from .. import i18n
from ..atomic import atomic_write
from ..load import tree

PACKAGE = Path(__file__).resolve().parent
DOCS_DIR = PACKAGE / "docs"
OVERRIDES = PACKAGE / "overrides"
# Without a site_url (framework config, mkdocs.yml or --site-url) nobody knows the site's address:
# the pages then name no canonical URL (plugin.py) and the PDF no website. The sitemaps need
# absolute URLs; they get this placeholder, on a name reserved never to resolve (RFC 6761,
# '.invalid'), never localhost. A crawler ignores URLs on another host than the sitemap's, and the
# version selector, which reads a version's sitemap to open the same page there, uses only their
# paths: so switching versions keeps the page, with or without a site_url.
DEFAULT_SITE_URL = "https://site-url-missing.invalid/"
SITE_URL_MISSING = ("notice: site_url is missing (no site_url in the framework config, mkdocs.yml or --site-url): "
                    f"pages name no canonical URL and the sitemaps use the placeholder {DEFAULT_SITE_URL}")
# Versions material does not mark outdated: the newest published release, the working
# version and frozen releases newer than the newest published one (see build.py).
def not_outdated(language: str | None = None) -> list[str]:
    """Those versions' names and aliases: 'latest', the working version and the language's version_alias words."""
    aliases = i18n.messages(language).mapping("version_alias")
    return ["latest", "concept", aliases["candidate"], aliases["decided"]]


FEATURES = [
    "navigation.prune",
    "navigation.indexes",
    "navigation.top",
    "toc.follow",
    "search.highlight",
    "search.suggest",
    "content.tooltips",
    "content.action.edit",
]

MARKDOWN_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True, "permalink_title": i18n.messages(i18n.DEFAULT)("site.permalink_title")}},
    "pymdownx.details",
    "pymdownx.superfences",
]


def framework_language(root: Path | None) -> str:
    """The language the framework config of ``root`` picks (read cheaply; no config or a bad one: Dutch)."""
    if root is None:
        return i18n.DEFAULT
    try:
        data = yaml.safe_load((Path(root) / tree.config_file(root)).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return i18n.DEFAULT  # the check reports the config's problems
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in i18n.languages() else i18n.DEFAULT


def follow_language(config, language: str) -> str | None:
    """Make a loaded mkdocs config speak ``language`` (the framework config's): its ``theme.language`` and
    the search plugin's ``lang``. The framework config wins over a repository's own mkdocs.yml (one
    setting, not two that can disagree); returns the word the mkdocs.yml had when it said otherwise."""
    own = config.theme["language"] if "language" in config.theme else None
    config.theme["language"] = language
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and plugin.config.lang != [language]:
            plugin.config.lang = [language]
            index = getattr(plugin, "search_index", None)  # made from the plugin's config in its own on_config
            if isinstance(getattr(index, "config", None), dict):
                index.config["lang"] = [language]
    return own if own not in (None, language) else None


def default_config(root: Path | None = None) -> dict:
    """mkdocs.yml for a tree without one (paths are absolute, into this package), in the framework's language."""
    stelsel = {"stelsel": {"root": str(root)}} if root is not None else "stelsel"
    language = framework_language(root)
    extensions = [{"toc": {"permalink": True, "permalink_title": i18n.messages(language)("site.permalink_title")}}
                  if isinstance(ext, dict) and "toc" in ext else ext for ext in MARKDOWN_EXTENSIONS]
    return {
        "site_name": i18n.messages(language)("site.home.framework"),  # the plugin puts the framework's title
        "docs_dir": str(DOCS_DIR),
        "site_dir": "site/concept",
        "strict": True,
        "theme": {
            "name": "material",
            "custom_dir": str(OVERRIDES),
            "language": language,
            "font": False,
            "features": FEATURES,
        },
        "extra_css": ["stylesheets/stelsel.css"],
        "extra": {"generator": False, "version": {"provider": "mike", "default": not_outdated(language), "alias": True}},
        "plugins": [{"search": {"lang": language}}, stelsel],
        "markdown_extensions": extensions,
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    }


def config_file(root: Path, work_dir: Path) -> Path:
    """``root/mkdocs.yml`` if the project has one, else the default written into ``work_dir``."""
    own = root / "mkdocs.yml"
    if own.is_file():
        return own
    text = yaml.safe_dump(default_config(root.resolve()), allow_unicode=True, sort_keys=False)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    work_dir.mkdir(parents=True, exist_ok=True)
    path = work_dir / f"mkdocs-{digest}.yml"
    if not path.is_file():
        atomic_write(path, text)
    return path
