"""What one site version says about the others, written once every version is built (build.py).

A version is built (and cached) on its own, so it cannot know which pages the other versions
have. After the build, three things are filled in across the versions, each from a template:

- an item's page lists the same item in every other version (:func:`link_item_versions`),
  at the element the generator left for it (items.VERSIONS_MARK);
- every page of a release replaced by a newer published one says so in the HTML itself,
  with a link to the same page in the newest release when it has it (:func:`mark_successors`);
- the newest release's downloads are copied below ``latest/downloads/`` (the redirect pages
  there cannot stand in for a PDF or a spreadsheet): ``/latest/downloads/twiin-1.0.pdf``, and
  under a name without the version, which always gives the newest (``twiin.pdf``);
- the site root gets the 404 page of the newest release (:func:`root_404`).

The words come from the catalogue of the framework's language (``ui``, stelsel.i18n).

The cached builds keep the markers, so a new release or a newer publication needs no rebuild
of the older versions.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .links import all_kind_folders
from .markup import render

SUCCESSOR_MARK = "<!--stelsel:successor-->"
_VERSIONS = re.compile(r'<div class="stelsel-versions" data-stelsel-item="([^"]+)">.*?</div>', re.S)


def _page_file(version_dir: Path, page: str) -> Path | None:
    for candidate in (version_dir / page / "index.html", version_dir / f"{page}.html"):
        if candidate.is_file():
            return candidate
    return None


def fill_versions(text: str, site_dir: Path, label: str, depth: int, versions: list[tuple[str, str]], ui) -> str:
    """``text`` (an item page of version ``label``, ``depth`` folders below ``site_dir``) with its
    'In andere versies' list filled in; an item counts as in a version when its page is built there
    (this version's own row needs no page: it is the page)."""
    def fill(match: re.Match) -> str:
        item = match.group(1)
        up = "../" * depth
        rows = []
        for other, title in versions:
            found = other == label or _page_file(site_dir / other, item) is not None
            rows.append((title, up + f"{other}/{item}/" if found else "", other == label))
        return render("item_versions.html", item=item, versions=rows, ui=ui).strip()

    return _VERSIONS.sub(fill, text)


def link_item_versions(site_dir: Path, versions: list[tuple[str, str]], ui, skip: frozenset = frozenset()) -> int:
    """Fill in the 'In andere versies' list of every item page; ``versions``: (label, title), newest
    first; ``skip``: versions whose pages were filled as they were written. Returns the number of
    pages written."""
    written = 0
    for label, _title in versions:
        if label in skip:
            continue
        version_dir = site_dir / label
        for folder in sorted(all_kind_folders()):
            base = version_dir / folder
            if not base.is_dir():
                continue
            for path in sorted(base.glob("*/index.html")):
                text = path.read_text(encoding="utf-8")
                if 'class="stelsel-versions"' not in text:
                    continue
                new = fill_versions(text, site_dir, label, len(path.relative_to(site_dir).parts) - 1, versions, ui)
                if new != text:
                    path.write_text(new, encoding="utf-8")
                    written += 1
    return written


def mark_successors(site_dir: Path, replaced: list[str], newest: str, date: str, ui) -> int:
    """Write 'Release X is vervangen door <newest> op <date>' into every page of each ``replaced``
    version, linking the same page in ``newest`` (or its home page when the page is gone)."""
    written = 0
    newest_dir = site_dir / newest
    for version in replaced:
        version_dir = site_dir / version
        for path in sorted(version_dir.rglob("*.html")):
            rel = path.relative_to(version_dir)
            text = path.read_text(encoding="utf-8")
            if SUCCESSOR_MARK not in text or rel.as_posix() == "404.html":
                continue
            up = "../" * len(rel.parts)
            same = (newest_dir / rel).is_file()
            if same:
                target = rel.parent.as_posix() + "/" if rel.name == "index.html" else rel.as_posix()
                href = up + f"{newest}/" + ("" if target == "./" else target)
            else:
                href = up + f"{newest}/"
            notice = render("successor.html", version=version, newest=newest, date=date, href=href,
                            same_page=same, ui=ui).strip()
            path.write_text(text.replace(SUCCESSOR_MARK, notice, 1), encoding="utf-8")
            written += 1
    return written


def root_404(site_dir: Path, home: str) -> None:
    """The 404 page of ``home`` (the newest release, else the working version) at the site root
    too: its links are absolute paths (mkdocs writes a 404 page so), so they hold there as well."""
    source = site_dir / home / "404.html"
    if source.is_file():
        shutil.copyfile(source, site_dir / "404.html")


def copy_latest_downloads(site_dir: Path, latest_dir: Path, newest: str) -> None:
    """The newest release's downloads, as files, below ``latest/downloads/``."""
    source = site_dir / newest / "downloads"
    if source.is_dir():
        target = latest_dir / "downloads"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
        suffix = f"-{newest}"
        for path in sorted(source.iterdir()):  # and without the version: always the newest (twiin.pdf)
            stem, dot, ext = path.name.rpartition(".")
            if path.is_file() and dot and stem.endswith(suffix) and len(stem) > len(suffix):
                shutil.copyfile(path, target / f"{stem[:-len(suffix)]}.{ext}")
