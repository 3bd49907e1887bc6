"""C-codes: empty prose, missing provenance and raw HTML."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, Case, diagnostics, make_tree, replace, run_case, show

MA = CONTENT + "afspraken/MA-001.yaml"
MP = CONTENT + "principes/MP-01.yaml"
PAGE = CONTENT + "paginas/intro.md"

CASES = [
    Case("C001-white-space", "C001", {MA: replace("statement: De zorgaanbieder MOET een servicedesk inrichten.",
                                                  "statement: '   '")},
         MA, 5, col=12, message="statement is only white space", hint="write the text"),
    Case("C001-white-space-list-item", "C001",
         {CONTENT + "rollen/zorgaanbieder.yaml": replace("  - Richt een servicedesk in.", "  - \"\\t\"")},
         CONTENT + "rollen/zorgaanbieder.yaml", 7, col=5, message="responsibilities.0 is only white space"),
    Case("C001-principle-without-statement", "C001", {MP: replace("statement: Het netwerk is vertrouwd.\n", "")}, MP, 1,
         col=1, message="principle 'MP-01' has no statement", hint="basis: not_described"),
    Case("C001-page-without-body", "C001", {PAGE: lambda t: t.split("---\n# Inleiding")[0] + "---\n\n  \n"}, PAGE, 8,
         col=1, message="page 'intro' has no text below its front matter", hint="write the page"),
    Case("C002-no-source", "C002", {CONTENT + "rollen/zorgaanbieder.yaml": replace("sources: [S1]\n", "")},
         CONTENT + "rollen/zorgaanbieder.yaml", 2, col=5, message="role 'zorgaanbieder' names no source",
         hint="add 'sources: [<source id>]'"),
    Case("C002-empty-list", "C002", {CONTENT + "releases/0.1.yaml": replace("sources: [S1]", "sources: []")},
         CONTENT + "releases/0.1.yaml", 2, col=5, message="release '0.1' names no source"),
    Case("C003-script-in-statement", "C003",
         {MA: replace("statement: De zorgaanbieder MOET een servicedesk inrichten.",
                      "statement: 'De zorgaanbieder MOET <b>een</b> servicedesk inrichten.<script>alert(1)</script>'")},
         MA, 5, col=35, message="raw HTML in statement (<b>, <script>): the site removes script (element and its "
                                "content) and keeps <b>", hint="write Markdown instead of HTML"),
    Case("C003-javascript-link-in-page", "C003",
         {PAGE: replace("Zie afspraak [[MA-001]]", "Zie [hier](&#106;avascript:alert(1)) en afspraak [[MA-001]]")},
         PAGE, 10, col=1, message="an unsafe link in the text: the site removes a[href] (link target 'javascript:')"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_case(case, tmp_path):
    """Each bad tree yields its C-code at the exact place, with a hint, and exit code 1."""
    run_case(case, tmp_path)


GOOD = {
    "principle-not-described": {MP: replace("statement: Het netwerk is vertrouwd.\n", "basis: not_described\n")},
    "sources-not-required": {CONTENT + "stelsel.yaml": replace("require_sources: true", "require_sources: false"),
                             CONTENT + "rollen/zorgaanbieder.yaml": replace("sources: [S1]\n", "")},
    "optional-prose-left-out": {CONTENT + "rollen/zorgaanbieder.yaml": replace("description: Een organisatie die zorg verleent.\n", "")},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_case(name, tmp_path):
    """Near misses of the C-codes (not_described principles, sources not required) are clean."""
    root = make_tree(tmp_path / "tree", GOOD[name])
    found = diagnostics(root)
    assert found == [], show(found)
