"""Rendering findings: text for people, JSON for tools, GitHub annotations for CI."""

from __future__ import annotations

import io
import json

from stelsel.diagnostics import Diagnostic, Severity
from stelsel.reporters import FORMATS, RENDERERS, render_github, render_json, render_text

ERROR = Diagnostic("afsprakenstelsel/a.yaml", 8, 14, "R001", "applies_to: unknown role 'x'", hint="did you mean 'y'?")
WARNING = Diagnostic("afsprakenstelsel/b.yaml", 2, 5, "I003", "file name 'b' does not match ID 'c'",
                     severity=Severity.WARNING, hint="rename the file to c.yaml")
WHOLE_FILE = Diagnostic("afsprakenstelsel/c.yaml", 0, 0, "F003", "empty file", hint=None)
SUMMARY = {"root": "/r", "files": 7, "errors": 2, "warnings": 1, "cached": False}


def _render(renderer, diags, summary=SUMMARY, **kw) -> str:
    out = io.StringIO()
    renderer(diags, summary, out, **kw)
    return out.getvalue()


def test_formats_registered():
    """Every advertised format has a renderer."""
    assert set(FORMATS) == set(RENDERERS) == {"text", "json", "github", "sarif", "gitlab"}


def test_text_lines():
    """Text is 'path:line:col: CODE message', a '    hint:' line, and a summary line."""
    text = _render(render_text, [ERROR, WARNING, WHOLE_FILE])
    assert text.splitlines() == [
        "afsprakenstelsel/a.yaml:8:14: R001 applies_to: unknown role 'x'",
        "    hint: did you mean 'y'?",
        "afsprakenstelsel/b.yaml:2:5: I003 file name 'b' does not match ID 'c' (warning)",
        "    hint: rename the file to c.yaml",
        "afsprakenstelsel/c.yaml: F003 empty file",
        "7 files checked: 2 error(s), 1 warning(s)",
    ]


def test_text_clean():
    """With no findings, text says so."""
    assert _render(render_text, [], {**SUMMARY, "errors": 0, "warnings": 0}) == "7 files checked: no findings\n"


def test_text_colour_only_when_asked():
    """Without color there are no escape codes; with color the code and place are styled."""
    assert "\x1b[" not in _render(render_text, [ERROR])
    coloured = _render(render_text, [ERROR], color=True)
    assert "\x1b[" in coloured and "R001" in coloured


def test_json_structure():
    """JSON holds the summary and one object per finding with code, severity, path, line, col, message, hint."""
    data = json.loads(_render(render_json, [ERROR, WARNING, WHOLE_FILE]))
    assert data["summary"] == SUMMARY
    assert data["diagnostics"][0] == {"code": "R001", "severity": "error", "path": "afsprakenstelsel/a.yaml", "line": 8,
                                      "col": 14, "message": "applies_to: unknown role 'x'", "hint": "did you mean 'y'?"}
    assert data["diagnostics"][1]["severity"] == "warning"
    assert data["diagnostics"][2]["hint"] is None


def test_json_keeps_non_ascii():
    """Non-ASCII text is written as is (UTF-8), not as escapes."""
    d = Diagnostic("afsprakenstelsel/é.yaml", 1, 1, "S001", "sleutel 'ë'", hint="…")
    out = _render(render_json, [d])
    assert "é.yaml" in out and "\\u" not in out


def test_github_annotations():
    """GitHub output is one workflow command per finding, with file, line, col and title, and the hint in the message."""
    lines = _render(render_github, [ERROR, WARNING, WHOLE_FILE]).splitlines()
    assert lines[0] == ("::error file=afsprakenstelsel/a.yaml,line=8,col=14,title=R001::"
                        "applies_to: unknown role 'x'%0A%0Ahint: did you mean 'y'?")
    assert lines[1].startswith("::warning file=afsprakenstelsel/b.yaml,line=2,col=5,title=I003::")
    assert lines[2] == "::error file=afsprakenstelsel/c.yaml,title=F003::empty file"
    assert lines[3] == "7 files checked: 2 error(s), 1 warning(s)"


def test_github_escaping():
    """Data escapes %, CR and LF; properties also escape ':' and ','."""
    d = Diagnostic("a,b:c%.yaml", 1, 2, "X001", "100% kapot\r\nnieuwe regel: a,b", hint=None)
    (line, _summary) = _render(render_github, [d]).splitlines()
    props, message = line[len("::error "):].split("::", 1)
    assert props == "file=a%2Cb%3Ac%25.yaml,line=1,col=2,title=X001"
    assert message == "100%25 kapot%0D%0Anieuwe regel: a,b"
