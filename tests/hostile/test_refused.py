"""Refuse what is not data: tags, !!binary, IDs that only look right, unclosed front matter (issue 15)."""

from __future__ import annotations

import pytest

from ..helpers import CONTENT, make_tree, replace
from .common import check_both, codes_at

R = CONTENT + "rollen/r.yaml"
HEAD = "kind: role\nid: r\ntitle: Rol\nstatus: gereed\nsources: [S1]\n"
CONFIG = CONTENT + "stelsel.yaml"


@pytest.mark.parametrize("text, line, col, written, what", [
    (HEAD + "related: !!python/object [zorgaanbieder]\n", 6, 10, "!!python/object", "list"),
    (HEAD + "extra: !thing {a: 1}\n", 6, 8, "!thing", "mapping"),
    ("--- !thing\n" + HEAD, 1, 5, "!thing", "mapping"),
    (HEAD.replace("title: Rol", "title: !!binary Um9s"), 3, 8, "!!binary", "value"),
    (HEAD + "extra:\n  a: !!timestamp 2026-01-01\n", 7, 6, "!!timestamp", "value"),
    (HEAD + "related:\n  - !local zorgaanbieder\n", 7, 5, "!local", "value"),
])
def test_tags_are_refused_where_they_stand(tmp_path, text, line, col, written, what):
    """A tag on a list, a mapping, the document or a value (!!binary too) is F015 at the tag (was dropped or decoded)."""
    diags = check_both(make_tree(tmp_path / "tree", {R: text}))
    mine = [d for d in diags if d.path == R]
    assert [(d.code, d.line, d.col) for d in mine][:1] == [("F015", line, col)]
    assert f"YAML tag '{written}' on a {what}" in mine[0].message


def test_core_scalar_tags_are_allowed(tmp_path):
    """!!str on a title and !!int in extra are plain data: no finding."""
    text = HEAD.replace("title: Rol", "title: !!str Rol") + "extra:\n  n: !!int 3\n"
    assert check_both(make_tree(tmp_path / "tree", {R: text})) == []


@pytest.mark.parametrize("written, problem", [
    ('"MA-002\\n"', "control character or line break"),
    ('"MA-002 "', "starts or ends with white space"),
    ('"MA-002\\t"', "control character"),
    ('"MA-002\\u2028"', "control character or line break"),
    ('"MA-\\e[31m002"', "control character"),
])
def test_an_id_with_a_control_character_or_trailing_space_is_i001(tmp_path, written, problem):
    """id: "MA-002\\n" passed '^MA-[0-9]{3}$' with Python's re; now I001 on the id line."""
    path = CONTENT + "afspraken/MA-002.yaml"
    text = (CONTENT + "afspraken/MA-001.yaml")
    tree = make_tree(tmp_path / "tree")
    source = (tree / text).read_text().replace("id: MA-001", f"id: {written}")
    (tree / path).write_text(source)
    diags = check_both(tree)
    hits = [d for d in diags if d.path == path and d.code == "I001"]
    assert [(d.line, d.col) for d in hits] == [(2, 5)], diags
    assert problem in hits[0].message and "\n" not in hits[0].message and "\x1b" not in hits[0].message


@pytest.mark.parametrize("ident", ["MA-٠٠٢", "MA-００２", "MА-002"])  # Arabic-Indic, full-width digits, Cyrillic А
def test_look_alike_characters_do_not_pass_the_pattern(tmp_path, ident):
    """'\\d'-style look-alikes and a Cyrillic letter do not match '^MA-[0-9]{3}$' (nor '\\d' on RE2): I001."""
    tree = make_tree(tmp_path / "tree", {CONFIG: replace("agreement: '^MA-[0-9]{3}$'", "agreement: '^MA-\\d{3}$'")})
    path = CONTENT + f"afspraken/{ident}.yaml"
    (tree / path).write_text((tree / CONTENT / "afspraken/MA-001.yaml").read_text().replace("id: MA-001", f"id: {ident}"))
    diags = check_both(tree)
    assert [(d.code, d.line) for d in diags if d.path == path and d.code == "I001"] == [("I001", 2)]


def test_unclosed_front_matter_is_named_as_such(tmp_path):
    """A page whose '---' block is never closed: F017 at line 1 (was F011 'no front matter')."""
    page = CONTENT + "paginas/intro.md"
    diags = check_both(make_tree(tmp_path / "tree", {page: "---\nid: intro\ntitle: Inleiding\n\n# Inleiding\n"}))
    assert codes_at(diags, page) == [("F017", 1)]
    assert "never closed" in diags[0].message


def test_control_characters_from_a_file_never_reach_the_terminal(tmp_path, runner):
    """A key "\\e]0;x\\a" and a newline in a reference: the text report shows them escaped, on one line each."""
    from stelsel.cli.main import cli

    text = HEAD.replace("sources: [S1]", 'sources: ["S1\\n::error::nep"]') + '"\\e]0;pwned\\a": 1\n'
    root = make_tree(tmp_path / "tree", {R: text})
    output = runner.invoke(cli, ["check", str(root), "--no-cache"]).output
    assert "\x1b" not in output and "\x07" not in output
    assert "\\x1b]0;pwned\\x07" in output
    assert "\n::error::" not in output


def test_a_tag_on_the_line_after_an_anchor_is_refused_too(tmp_path):
    """'extra: &x' then '!!binary aGk=' on the next line: still F015 (the node's tag gives it away)."""
    diags = check_both(make_tree(tmp_path / "tree", {R: HEAD + "extra:\n  a: &x\n    !!binary aGk=\n"}))
    assert codes_at(diags, R)[:1] == [("F015", 7)]
