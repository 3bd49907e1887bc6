"""Render the files a site version offers for download: role checklists and the release PDF.

The page generator only declares them (``GeneratedSite.downloads``: site path -> DownloadSpec);
the plugin calls :func:`render_downloads` to write them with :mod:`stelsel.qualify` into a
temporary folder and hands them to mkdocs, so strict mode sees every file a page links to.
The checklists are the files ``stelsel checklist --role ROLE --format md|csv|xlsx`` writes for
the same state of the framework; the PDF is ``stelsel pdf``'s. A release PDF is cached by
the content of its HTML (plus the engine's version and the local images it embeds), so a
rebuild whose text did not change copies it instead of rendering it again.

:func:`start_downloads` renders them in a worker process (forked, on Linux) while the site
builds in the parent: the checklists of a large framework and above all the release PDF take
long, and mkdocs needs the files only when the build is done (plugin.py copies them then).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .shared import RELEASE_PDF, DownloadSpec
from .text import slug

log = logging.getLogger("stelsel.site")

CHECKLIST_PREFIX = "checklist-"


@dataclass
class Rendered:
    files: dict[str, Path] = field(default_factory=dict)  # site path -> the file written
    failed: dict[str, str] = field(default_factory=dict)  # site path -> why it could not be made
    pdf_from_cache: bool = False
    seconds: float = 0.0


def render_downloads(project, downloads: dict[str, DownloadSpec], folder: Path, *,
                     pdf_cache: Path | None = None) -> Rendered:
    """Write every declared download below ``folder`` (at its site path).

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
                    states[spec.release] = describe(project, spec.release)
                checklists[key] = build_checklist(states[spec.release], spec.role)
            checklist = checklists[key]
            fmt = spec.kind[len(CHECKLIST_PREFIX):]
            if fmt == "xlsx":
                write_xlsx(checklist, out)
            elif fmt == "csv":
                with out.open("w", encoding="utf-8", newline="") as handle:
                    write_csv(checklist, handle)
            elif fmt == "md":
                out.write_text(render_markdown(checklist), encoding="utf-8")
            else:
                raise ValueError(f"unknown checklist format in download kind '{spec.kind}'")
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


def pdf_engine_problem() -> str | None:
    """Why no PDF can be made on this machine (no weasyprint, no Chromium), or None.

    Cheap: weasyprint is looked up, not imported. A weasyprint that is installed but cannot
    start (no Pango) is found out when rendering, and falls back to Chromium there."""
    import importlib.util

    from ..qualify import pdf

    try:
        weasyprint = sys.modules.get("weasyprint", False) is not None and \
            importlib.util.find_spec("weasyprint") is not None
    except (ImportError, ValueError):
        weasyprint = False
    if weasyprint or pdf._chromium() is not None:
        return None
    return ("weasyprint cannot run here (it is not installed); and no Chromium found either (apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0, or chromium)")


class Pending:
    """Downloads being rendered; :meth:`wait` gives the result and logs what the worker logged."""

    def __init__(self, job):
        self._job = job
        self._result: Rendered | None = None

    def wait(self) -> Rendered:
        if self._result is None:
            self._result, records = self._job.result()
            for level, message in records:
                log.log(level, message)
        return self._result

    def cancel(self) -> None:
        """Stop the worker (a build that failed does not need its result)."""
        finalizer = getattr(self._job, "_finalizer", None)
        if finalizer is not None:
            finalizer()  # stelsel.load.parallel._reap: kill and wait for the child


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def _render_logged(project, downloads, folder, pdf_cache) -> tuple[Rendered, list]:
    """render_downloads, with its warnings kept to be logged by the caller (in the parent)."""
    records = _Records()
    saved = log.handlers, log.propagate
    log.handlers, log.propagate = [records], False
    try:
        return render_downloads(project, downloads, folder, pdf_cache=pdf_cache), records.records
    finally:
        log.handlers, log.propagate = saved


def start_downloads(project, downloads: dict[str, DownloadSpec], folder: Path, *,
                    pdf_cache: Path | None = None, background: bool = True) -> Pending:
    """Begin rendering the downloads in a forked child (stelsel.load.parallel.Background: where
    forking is not possible, or the child fails, :meth:`Pending.wait` renders them here).
    ``background=False``: :meth:`Pending.wait` renders them, here."""
    from ..load.parallel import Background, can_fork

    fork = background and bool(downloads) and can_fork() and sys.platform.startswith("linux")
    return Pending(Background(lambda: _render_logged(project, downloads, folder, pdf_cache), fork=fork))


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
    try:
        pdf.html_to_pdf(document, out, Path(project.root))
    except pdf.PdfError:
        raise
    except Exception as exc:  # noqa: BLE001 - weasyprint failed on this document: try Chromium once
        if pdf._chromium() is None:
            raise
        log.warning("stelsel: weasyprint could not render the PDF of %s (%s); printing it with Chromium", label, exc)
        pdf.html_to_pdf(document, out, Path(project.root), engine="chromium")
    with out.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            raise pdf.PdfError(f"the PDF engine wrote something that is not a PDF to {out}")
    if cached is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob(f"{name}-*.pdf"):  # one cached PDF per version is enough
            stale.unlink(missing_ok=True)
        tmp = cache / f".tmp-{name}-{os.getpid()}.pdf"
        shutil.copyfile(out, tmp)
        os.replace(tmp, cached)
    return False


_LOCAL = re.compile(r"""file://[^"')\s]+""")


def _pdf_key(document: str) -> str:
    """The document, the local files it embeds and the engines' versions: what shapes the PDF."""
    h = hashlib.sha256(document.encode("utf-8"))
    for dist in ("weasyprint", "pydyf"):
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
