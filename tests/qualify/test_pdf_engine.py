"""qualify/pdf_engine.py and the choice of Chromium build: light to import, the headless shell first."""

from __future__ import annotations

import subprocess
import sys

from stelsel.qualify import pdf_chromium


def test_engine_module_imports_without_the_model_or_the_catalogues():
    """Importing qualify.pdf_engine (which `stelsel pdf` does first, to start Chromium) imports neither the
    model, nor the message catalogues, nor the templates."""
    code = ("import sys, stelsel.qualify.pdf_engine; "
            "print(sorted(m for m in ('stelsel.model', 'stelsel.i18n', 'jinja2', 'pydantic', 'stelsel.qualify.checklist')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_qualify_names_still_import_from_the_package():
    """The package's names (checklists, release states) are there when asked for, loaded on first use."""
    from stelsel.qualify import ANSWERS, build_checklist, describe

    assert ANSWERS[0] == "voldoet" and callable(build_checklist) and callable(describe)


def _program(folder, name):
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def test_headless_shell_is_preferred_over_the_full_browser(tmp_path, monkeypatch):
    """With both on PATH the PDF is printed by chromium-headless-shell; with only chromium, by chromium;
    $STELSEL_CHROMIUM overrides both."""
    monkeypatch.delenv("STELSEL_CHROMIUM", raising=False)
    full = _program(tmp_path, "chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf_chromium.executable() == str(full)
    shell = _program(tmp_path, "chromium-headless-shell")
    assert pdf_chromium.executable() == str(shell)
    monkeypatch.setenv("STELSEL_CHROMIUM", str(full))
    assert pdf_chromium.executable() == str(full)
