"""Findings for a forge's CI: SARIF 2.1.0 (GitHub code scanning and others) and GitLab Code Quality JSON.

Paths stay relative to the project root, which in CI is the repository root, so the forge
places each finding on the file and line it concerns.
"""

from __future__ import annotations

import hashlib
import json
from typing import TextIO

from ..diagnostics import Diagnostic, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def _message(d: Diagnostic) -> str:
    return d.message + (f"\n\nhint: {d.hint}" if d.hint else "")


def _fingerprint(d: Diagnostic) -> str:
    """Stable across runs and line shifts elsewhere in the file: code, file, message."""
    return hashlib.sha256(f"{d.code}\0{d.path}\0{d.message}".encode("utf-8")).hexdigest()


def sarif_log(diagnostics: list[Diagnostic], version: str) -> dict:
    """A SARIF 2.1.0 log with one run: a rule per code reported, a result per finding."""
    from ..codes import ALL

    names = {c.code: c.name for c in ALL}
    codes = sorted({d.code for d in diagnostics})
    index = {code: i for i, code in enumerate(codes)}
    rules = [{"id": code, "name": names.get(code, code),
              "shortDescription": {"text": names.get(code, code).replace("-", " ")},
              "help": {"text": f"What {code} means and how to fix it: stelsel rules {code}"}} for code in codes]
    results = []
    for d in diagnostics:
        location: dict = {"artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"}}
        if d.line:
            location["region"] = {"startLine": d.line, "startColumn": max(d.col, 1)}
        results.append({
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "error" if d.severity == Severity.ERROR else "warning",
            "message": {"text": _message(d)},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"stelselFinding/v1": _fingerprint(d)},
        })
    driver = {"name": "stelsel", "version": version, "rules": rules}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}


def render_sarif(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    """SARIF 2.1.0, for GitHub code scanning (``github/codeql-action/upload-sarif``) and other viewers."""
    from .. import __version__

    json.dump(sarif_log(diagnostics, __version__), out, indent=2, ensure_ascii=False)
    out.write("\n")


def code_quality(diagnostics: list[Diagnostic]) -> list[dict]:
    """GitLab Code Quality issues: errors are major, warnings minor; unique fingerprints."""
    issues, seen = [], set()
    for d in diagnostics:
        fingerprint = _fingerprint(d)
        while fingerprint in seen:  # the same finding twice in one file: keep both, distinctly
            fingerprint = hashlib.sha256(f"{fingerprint}\0{d.line}\0{d.col}".encode()).hexdigest()
        seen.add(fingerprint)
        issues.append({
            "description": f"{d.code} {_message(d)}",
            "check_name": d.code,
            "fingerprint": fingerprint,
            "severity": "major" if d.severity == Severity.ERROR else "minor",
            "location": {"path": d.path, "lines": {"begin": max(d.line, 1)}},
        })
    return issues


def render_gitlab(diagnostics: list[Diagnostic], summary: dict, out: TextIO, color: bool = False) -> None:
    """GitLab Code Quality JSON (``artifacts: reports: codequality``)."""
    json.dump(code_quality(diagnostics), out, indent=2, ensure_ascii=False)
    out.write("\n")
