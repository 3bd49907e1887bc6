"""Qualification: role checklists, self-assessments and the release PDF.

For the site and other callers:

- ``checklist_rows(project, role_id)`` -> the rows of a role's checklist (UnknownRole if undefined);
  ``build_checklist(describe(project), role_id)`` -> a Checklist to render with
  ``render_markdown(checklist)``, ``write_csv(checklist, out)`` / ``csv_text(checklist)`` and
  ``write_xlsx(checklist, path)``;
- ``assess(root, path, release)`` -> findings and a summary for a self-assessment file;
- ``render_release_pdf(project, output_path)`` -> the release document as PDF
  (``release_html(project)`` for its HTML).
"""

from __future__ import annotations

import importlib

# Imported when first asked for (PEP 562), so that importing a light submodule (qualify.pdf_engine,
# which starts Chromium for `stelsel pdf`) does not import the model and the catalogues first.
_LAZY = {name: "checklist" for name in (
    "ANSWERS", "Checklist", "ChecklistRow", "UnknownRole", "applicable_agreements", "build_checklist",
    "checklist_rows", "csv_text", "render_markdown", "roles", "write_csv", "write_xlsx")}
_LAZY.update({name: "state" for name in ("ReleaseState", "describe", "open_release")})


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def render_release_pdf(project, output_path, label: str | None = None):
    """Write the release document of a loaded project as PDF (see qualify.pdf)."""
    from .pdf import render_release_pdf as render

    return render(project, output_path, label=label)


def release_html(project, label: str | None = None) -> str:
    from .pdf import release_html as build

    return build(project, label)


def assess(root, path, release: str | None = None, display: str | None = None):
    from .assess import assess as run

    return run(root, path, release, display)


__all__ = [
    "ANSWERS",
    "Checklist",
    "ChecklistRow",
    "ReleaseState",
    "UnknownRole",
    "applicable_agreements",
    "assess",
    "build_checklist",
    "checklist_rows",
    "csv_text",
    "describe",
    "open_release",
    "release_html",
    "render_markdown",
    "render_release_pdf",
    "roles",
    "write_csv",
    "write_xlsx",
]
