"""Render the files a site version offers for download: role checklists and the release PDF.

The page generator only declares them (``GeneratedSite.downloads``: site path -> DownloadSpec);
the plugin calls :func:`render_downloads` before it makes the pages, to write them with
:mod:`stelsel.qualify` into a temporary folder, and hands them to mkdocs, so strict mode sees
every file a page links to. A PDF that cannot be made is left out, and the pages say so
instead of linking it. The checklists are the files ``stelsel checklist --role ROLE --format
md|csv|xlsx`` writes for the same state of the framework; the PDF is ``stelsel pdf``'s. A
release PDF is cached by what shapes it (:func:`_pdf_key`), so a rebuild whose text did not
change copies it instead of rendering it again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import shutil
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..atomic import atomic_write
from .shared import RELEASE_PDF, DownloadSpec
from .text import slug

CHECKLIST_PREFIX = "checklist-"


@dataclass
class Rendered:
    files: dict[str, Path] = field(default_factory=dict)  # site path -> the file written
    failed: dict[str, str] = field(default_factory=dict)  # site path -> why it could not be made
    pdf_from_cache: bool = False
    seconds: float = 0.0


def _on_the_timeline(state, window):
    """A frozen release's state with its validity window (from the working register's dates and policy), so
    its downloadable checklists state from when until when it binds, as its checklist page does."""
    if state.frozen and window is not None:
        state.valid_from, state.valid_until = window.start, window.until
    return state


def render_downloads(project, downloads: dict[str, DownloadSpec], folder: Path, *,
                     pdf_cache: Path | None = None, window=None, rows: dict | None = None) -> Rendered:
    """Write every declared download below ``folder`` (at its site path). ``rows``: the checklist rows
    already made of ``project``, by (release, role), as the site's checklist pages made them.

    A checklist that cannot be written is a bug and raises; a PDF that cannot be made (no
    PDF engine on this machine) is reported in ``failed`` so the caller can leave its link out.
    """
    from ..qualify import build_checklist, describe, render_markdown, write_csv, write_xlsx

    started = time.perf_counter()
    result = Rendered()
    states: dict[str, object] = {}
    checklists: dict[tuple[str, str], object] = {}
    for path, spec in downloads.items():
        out = Path(folder) / path
        out.parent.mkdir(parents=True, exist_ok=True)
        if spec.kind.startswith(CHECKLIST_PREFIX):
            key = (spec.release, spec.role or "")
            if key not in checklists:
                if spec.release not in states:
                    states[spec.release] = _on_the_timeline(describe(project, spec.release), window)
                checklists[key] = build_checklist(states[spec.release], spec.role, (rows or {}).get(key))
            checklist = checklists[key]
            fmt = spec.kind[len(CHECKLIST_PREFIX):]
            cached = _checklist_cache(pdf_cache, checklist, fmt)
            if cached is not None and cached.is_file():
                shutil.copyfile(cached, out)
            elif fmt == "xlsx":
                write_xlsx(checklist, out)
            elif fmt == "csv":
                with out.open("w", encoding="utf-8", newline="") as handle:
                    write_csv(checklist, handle, excel=True)  # for Dutch Excel: ';' and a BOM
            elif fmt == "md":
                out.write_text(render_markdown(checklist), encoding="utf-8")
            else:
                raise ValueError(f"unknown checklist format in download kind '{spec.kind}'")
            if cached is not None and not cached.is_file():
                cached.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(cached, out.read_bytes())
        elif spec.kind == RELEASE_PDF:
            try:
                result.pdf_from_cache = _release_pdf(project, spec.release, out, pdf_cache)
            except Exception as exc:  # noqa: BLE001 - any engine failure: the site goes on without the PDF
                result.failed[path] = f"{type(exc).__name__}: {exc}" if not _is_pdf_error(exc) else str(exc)
                continue
        else:
            raise ValueError(f"unknown download kind '{spec.kind}' for {path}")
        result.files[path] = out
    result.seconds = time.perf_counter() - started
    return result


def _checklist_cache(pdf_cache: Path | None, checklist, fmt: str) -> Path | None:
    """Where a checklist file made from exactly this ``checklist`` is kept (next to the PDFs): the key
    holds every value it is made of, the day (the XLSX says when it was made), the code that writes
    it and XlsxWriter's version. ``stelsel serve`` rebuilds on every edit: most checklists stay the same."""
    if pdf_cache is None:
        return None
    h = hashlib.sha256(f"{fmt}\n{dt.date.today().isoformat()}\n{checklist!r}\n".encode())
    h.update(_checklist_writer())
    return Path(pdf_cache).parent / "checklists" / f"{h.hexdigest()[:24]}.{fmt}"


@functools.lru_cache(maxsize=1)
def _checklist_writer() -> bytes:
    """The code that writes a checklist file and XlsxWriter's version (read once a process)."""
    from ..qualify import checklist as module
    from ..qualify import xlsx

    data = b"".join(Path(source).read_bytes() for source in (module.__file__, xlsx.__file__))
    try:
        return data + metadata.version("XlsxWriter").encode()
    except metadata.PackageNotFoundError:
        return data


def _is_pdf_error(exc: Exception) -> bool:
    from ..qualify.pdf import PdfError

    return isinstance(exc, PdfError)


def _release_pdf(project, label: str, out: Path, cache: Path | None) -> bool:
    """The release PDF at ``out``; True when it came from the cache."""
    from ..qualify import pdf

    document = pdf.release_html(project, label)
    key = _pdf_key(document)
    name = slug(label)
    cached = cache / f"{name}-{key}.pdf" if cache is not None else None
    if cached is not None and cached.is_file():
        shutil.copyfile(cached, out)
        return True
    pdf.html_to_pdf(document, out, Path(project.root))
    with out.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise pdf.PdfError(f"the PDF engine wrote something that is not a PDF to {out}")
    if cached is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob(f"{name}-*.pdf"):  # one cached PDF per version is enough
            stale.unlink(missing_ok=True)
        atomic_write(cached, out.read_bytes())
    return False


_LOCAL = re.compile(r"""file://[^"')\s]+""")


def _pdf_key(document: str) -> str:
    """What shapes the PDF: the document (its text and stylesheet), the local files it embeds and
    the engine and its versions (the system's fonts are not covered)."""
    from ..qualify.pdf import engine_key

    h = hashlib.sha256(document.encode("utf-8"))
    h.update(f"\nengine={engine_key()}".encode())
    for dist in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools"):
        try:
            h.update(f"\n{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"\n{dist}=-".encode())
    for url in sorted(set(_LOCAL.findall(document))):
        path = Path(unquote(urlsplit(url).path))
        try:
            h.update(b"\n" + url.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            h.update(b"\n" + url.encode() + b"\0-")
    return h.hexdigest()[:24]
