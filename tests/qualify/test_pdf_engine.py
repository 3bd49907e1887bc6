"""How `stelsel pdf` gets going: qualify/pdf_engine.py light to import, the headless shell first, shared parses."""

from __future__ import annotations

import subprocess
import sys

import pytest

from stelsel.qualify import pdf_chromium

from .conftest import run


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


@pytest.mark.slow
def test_pdf_command_parses_a_file_the_previous_release_shares_once(releases, runner, tmp_path, monkeypatch):
    """stelsel pdf --release 0.2 loads 0.2 and, for its changes chapter, 0.1: a file both hold with the same
    bytes is parsed once; the files that differ are parsed for each."""
    from stelsel.load import project as loading

    parsed = []
    real = loading.read_source

    def counting(rel, raw, digest):
        parsed.append((rel, raw))
        return real(rel, raw, digest)

    monkeypatch.setattr(loading, "read_source", counting)
    run(runner, "pdf", "--release", "0.2", "--root", str(releases), "--output", str(tmp_path / "r.pdf"))
    assert parsed and len(parsed) == len(set(parsed))  # nothing parsed twice
    paths = [rel for rel, _raw in parsed]
    assert any(paths.count(rel) == 2 for rel in paths)  # a changed file (MA-001) is parsed in both releases


def test_a_spare_browser_is_taken_only_by_the_process_that_started_it(monkeypatch):
    """A browser prestart() left in a process is not taken by a child forked from it (the build renders its
    downloads in one per version): the first child to close the shared pipe would end it for the next."""
    from stelsel import forked

    class FakeBrowser:
        def __init__(self, chromium):
            self.chromium = chromium

        def close(self):
            pass

    monkeypatch.setattr("stelsel.qualify.cdp.Browser", FakeBrowser)
    monkeypatch.setattr(pdf_chromium, "_spare", {})
    pdf_chromium.prestart("/usr/bin/chromium-fake")
    if forked.available():
        in_child = forked.Forked(pdf_chromium._spare_browser, "/usr/bin/chromium-fake")
        assert in_child.in_child and in_child.result() is None
    taken = pdf_chromium._spare_browser("/usr/bin/chromium-fake")
    assert isinstance(taken, FakeBrowser) and pdf_chromium._spare_browser("/usr/bin/chromium-fake") is None
