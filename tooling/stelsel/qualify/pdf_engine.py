"""Which engine prints the release PDF, and starting it early: light to import (no model, no templates),
so that ``stelsel pdf`` can start Chromium before it imports and reads anything else."""

from __future__ import annotations

import os


class PdfError(RuntimeError):
    """The PDF cannot be made here; the message says what is missing."""


def engine() -> tuple[str, str | None]:
    """The PDF engine to use: ("chromium", its executable) when there is one, else
    ("weasyprint", None); $STELSEL_PDF_ENGINE (chromium or weasyprint) chooses."""
    from . import pdf_chromium

    wanted = os.environ.get("STELSEL_PDF_ENGINE", "").strip().lower()
    if wanted not in ("", "chromium", "weasyprint"):
        raise PdfError(f"STELSEL_PDF_ENGINE={wanted!r}: use chromium or weasyprint")
    if wanted == "weasyprint":
        return "weasyprint", None
    chromium = pdf_chromium.executable()
    if chromium is not None:
        return "chromium", chromium
    if wanted == "chromium":
        raise PdfError("STELSEL_PDF_ENGINE=chromium but there is no Chromium (set STELSEL_CHROMIUM or install "
                       "chromium-headless-shell or chromium)")
    return "weasyprint", None


def engine_key() -> str:
    """What identifies the engine's output for a cache key (its name and build)."""
    from . import pdf_chromium

    name, chromium = engine()
    return pdf_chromium.version_key(chromium) if chromium else name


def prepare() -> None:
    """Start the engine early where that saves time (Chromium starts while the document is composed)."""
    try:
        _name, chromium = engine()
    except PdfError:
        return  # html_to_pdf says so
    if chromium is not None:
        from . import pdf_chromium

        pdf_chromium.prestart(chromium)
