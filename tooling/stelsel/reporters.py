"""Render findings: text for people, JSON for tools, GitHub annotations, SARIF and GitLab Code Quality for CI."""

from __future__ import annotations

import json
from typing import Callable, TextIO

from .diagnostics import Diagnostic, Severity
from .paths import no_controls

FORMATS = ("text", "json", "github", "sarif", "gitlab")


def _place(d: Diagnostic) -> str:
    if d.line:
        return f"{d.path}:{d.line}:{d.col}"
    return d.path


def render_text(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    import click

    for d in diagnostics:
        sev = "" if d.severity == Severity.ERROR else " (warning)"
        code = click.style(d.code, fg="red" if d.severity == Severity.ERROR else "yellow", bold=True) if color else d.code
        place = click.style(_place(d), bold=True) if color else _place(d)
        out.write(f"{place}: {code} {no_controls(d.message)}{sev}\n")  # text from a file never drives the terminal
        if d.hint:
            out.write(f"    hint: {no_controls(d.hint)}\n")
    errors, warnings = summary["errors"], summary["warnings"]
    files = summary["files"]
    if not diagnostics:
        line = f"{files} files checked: no findings"
        out.write((click.style(line, fg="green") if color else line) + "\n")
    else:
        line = f"{files} files checked: {errors} error(s), {warnings} warning(s)"
        out.write((click.style(line, fg="red" if errors else "yellow") if color else line) + "\n")


def render_json(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    json.dump({"summary": summary, "diagnostics": [d.as_dict() for d in diagnostics]}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    """GitHub Actions workflow commands: one annotation per finding."""
    for d in diagnostics:
        level = "error" if d.severity == Severity.ERROR else "warning"
        props = [f"file={_escape_property(d.path)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.col}"]
        props.append(f"title={_escape_property(d.code)}")
        message = d.message + (f"\n\nhint: {d.hint}" if d.hint else "")
        out.write(f"::{level} {','.join(props)}::{_escape_data(message)}\n")
    out.write(f"{summary['files']} files checked: {summary['errors']} error(s), {summary['warnings']} warning(s)\n")


def render_sarif(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    from .ci.reports import render_sarif as render

    render(diagnostics, summary, out)


def render_gitlab(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    from .ci.reports import render_gitlab as render

    render(diagnostics, summary, out)


RENDERERS: dict[str, Callable] = {"text": render_text, "json": render_json, "github": render_github,
                                  "sarif": render_sarif, "gitlab": render_gitlab}
