"""S-codes: a file's keys, types and values against the published schemas."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, Case, append, diagnostics, fixture_text, make_tree, replace, run_case, show

MA = CONTENT + "afspraken/MA-001.yaml"
CONFIG = CONTENT + "stelsel.yaml"

CASES = [
    Case("S001-did-you-mean", "S001", {MA: replace("applies_to:", "aplies_to:")}, MA, 8, col=1,
         message="unknown key 'aplies_to' of agreement", hint="did you mean 'applies_to'?"),
    Case("S001-known-keys", "S001", {MA: append("foo: bar\n")}, MA, 14, col=1, message="unknown key 'foo'",
         hint="framework-specific fields go under 'extra:'"),
    Case("S001-nested", "S001", {CONFIG: replace("    title: Security\n", "    title: Security\n    titel: x\n")},
         CONFIG, 18, col=5, message="unknown key 'titel' in layers[1] of framework", hint="did you mean 'title'?"),
    Case("S001-page-front-matter", "S001", {CONTENT + "paginas/intro.md": replace("release:", "relase:")},
         CONTENT + "paginas/intro.md", 5, col=1, message="of page", hint="did you mean 'release'?"),
    Case("S002-missing", "S002", {MA: replace("statement: De zorgaanbieder MOET een servicedesk inrichten.\n", "")},
         MA, 1, col=1, message="missing required field 'statement' of agreement",
         hint="schemas/agreement.schema.json"),
    Case("S002-nested", "S002", {CONFIG: replace("    mandatory: true\n", "")}, CONFIG, 20, col=5,
         message="missing required field 'mandatory' in levels[0]"),
    Case("S002-proposal", "S002",
         {"changes/WV-001.md": "---\nid: WV-001\ntitle: Voorstel\n---\nWaarom.\n"}, "changes/WV-001.md", 2,
         message="of proposal", hint="schemas/proposal.schema.json"),
    Case("S003-unquoted-version", "S003",
         {CONTENT + "releases/0.8.yaml": "kind: release\nid: 0.8\ntitle: R\nstatus: gepland\nsources: [S1]\n"},
         CONTENT + "releases/0.8.yaml", 2, col=5, message="(got a number)", hint="quote it: \"0.8\""),
    Case("S003-unquoted-since", "S003", {MA: replace('since: "0.1"', "since: 0.1")}, MA, 10, col=8,
         hint="YAML reads 0.1 as a number; quote it"),
    Case("S003-enum", "S003", {MA: replace("status: gereed", "status: klaar")}, MA, 4, col=9,
         message="status: 'klaar' is not an item status of this framework",
         hint="use one of: concept, gereed, vastgesteld, vervallen"),
    Case("S003-not-a-list", "S003", {MA: replace("applies_to: [zorgaanbieder]", "applies_to: zorgaanbieder")}, MA, 8,
         col=13, message="valid list (got text)", hint="write a list"),
    Case("S003-empty-string", "S003", {MA: replace("title: Servicedesk", "title: ''")}, MA, 3, col=8,
         hint="give it content"),
    Case("S003-pattern", "S003", {CONTENT + "governance.yaml": replace("email: bob@example.org", "email: bob")},
         CONTENT + "governance.yaml", 24, col=12, message="people[1].email", hint="it must match"),
    Case("S004-minimum", "S004", {MA: replace("prioriteit: 1", "prioriteit: 0")}, MA, 13, col=15,
         message="extra.prioriteit: 0 is less than the minimum of 1", hint="extra_fields.agreement"),
    Case("S004-type", "S004", {MA: replace("prioriteit: 1", "prioriteit: hoog")}, MA, 13, col=15,
         message="is not of type 'integer'"),
    Case("S004-additional", "S004", {MA: append("  onbekend: x\n")}, MA, 13, col=3, message="'onbekend' was unexpected"),
    Case("S004-invalid-schema", "S004", {CONFIG: replace("type: integer", "type: geheel")}, CONFIG, 38, col=5,
         message="extra_fields.agreement is not a valid JSON Schema", hint="JSON Schema 2020-12"),
    Case("S005-two-framework-configs", "S005", {CONTENT + "stelsel2.yaml": fixture_text(CONFIG)},
         CONTENT + "stelsel2.yaml", 1, col=1, message="a second framework file (the first is afsprakenstelsel/stelsel.yaml)",
         hint="merge"),
    Case("S005-two-governance-files", "S005", {CONTENT + "bestuur/governance.yaml": fixture_text(CONTENT + "governance.yaml")},
         CONTENT + "governance.yaml", 1, message="a second governance file"),
    Case("S006-backreference", "S006", {CONFIG: replace("  principle: '^MP-[0-9]{2}$'\n", "  principle: '^(MP)-\\1$'\n")},
         CONFIG, 35, col=14, message="id_patterns.principle: the pattern cannot be used", hint="back-references"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_case(case, tmp_path):
    """Each bad tree yields its S-code at the exact place, with a hint, and exit code 1."""
    run_case(case, tmp_path)


GOOD = {
    "quoted-version": {CONTENT + "releases/0.8.yaml": "kind: release\nid: \"0.8\"\ntitle: R\nstatus: gepland\nsources: [S1]\n"},
    "extra-within-schema": {MA: replace("prioriteit: 1", "prioriteit: 7")},
    "no-extra-at-all": {MA: replace("extra:\n  prioriteit: 1\n", "")},
    "optional-fields-null": {MA: append("evidence: null\ntopic: ~\n")},
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_case(name, tmp_path):
    """Near misses of the S-codes (quoted versions, valid extra fields, explicit nulls) are clean."""
    root = make_tree(tmp_path / "tree", GOOD[name])
    found = diagnostics(root)
    assert found == [], show(found)


def test_union_error_reported_once(tmp_path):
    """A value that fails every member of a union (str | null) is one S003 finding, not one per member."""
    root = make_tree(tmp_path / "tree", {MA: append("topic: [a, b]\n")})
    found = [d for d in diagnostics(root) if d.code == "S003"]
    assert [(d.path, d.line) for d in found] == [(MA, 14)], show(found)


def test_invalid_file_does_not_cascade(tmp_path):
    """A file that fails its schema is reported once; links and references to its ID add no second wave."""
    root = make_tree(tmp_path / "tree", {MA: replace("status: gereed", "status: klaar")})
    codes = {(d.code, d.path) for d in diagnostics(root)}
    assert ("S003", MA) in codes
    assert not any(code in ("R001", "R006") for code, _ in codes), codes


def test_invalid_config_keeps_its_declared_names(tmp_path):
    """A framework config with one bad key is reported, but its layers and levels still resolve."""
    root = make_tree(tmp_path / "tree", {CONTENT + "stelsel.yaml": replace("motto:", "mottto:")})
    codes = [d.code for d in diagnostics(root)]
    assert sorted(codes) == ["S001", "S002"], codes


def test_schema_hint_names_an_existing_schema(tmp_path):
    """The S002 hint points at a schema file that exists in schemas/, also for pages without a kind key."""
    from ..helpers import REPO

    root = make_tree(tmp_path / "tree", {CONTENT + "paginas/intro.md": replace("title: Inleiding\n", "")})
    (hit,) = [d for d in diagnostics(root) if d.code == "S002"]
    name = hit.hint.split("see ", 1)[1].rstrip(")")
    assert (REPO / name).is_file(), hit.hint


def test_extra_hint_only_where_extra_exists(tmp_path):
    """The 'go under extra:' hint appears only for kinds that have an 'extra' mapping."""
    root = make_tree(tmp_path / "tree", {CONTENT + "releases/0.1.yaml": append("foo: 1\n"),
                                         CONTENT + "rollen/zorgaanbieder.yaml": append("foo: 1\n")})
    hints = {d.path: d.hint for d in diagnostics(root) if d.code == "S001"}
    assert "extra:" not in hints[CONTENT + "releases/0.1.yaml"]
    assert "extra:" in hints[CONTENT + "rollen/zorgaanbieder.yaml"]
