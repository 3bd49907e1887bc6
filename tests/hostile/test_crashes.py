"""Never a crash: any name, any depth gives a finding with a place (issue 15, 'Crashes')."""

from __future__ import annotations

import json
import os

import pytest

from stelsel.cli.main import cli

from ..helpers import CONTENT, make_tree
from .common import check_both, codes_at

ROLE = "kind: role\nid: {id}\ntitle: Rol\nstatus: gereed\nsources: [S1]\n"


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS file systems refuse names that are not UTF-8")
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_name_that_is_not_utf8_is_a_finding_with_the_name_escaped(tmp_path, runner, fmt):
    """p\\xffx.yaml: F014 on the escaped name, exit 1 in every format (was UnicodeEncodeError, exit 2)."""
    root = make_tree(tmp_path / "tree")
    (root / CONTENT / "rollen").joinpath(os.fsdecode(b"p\xffx.yaml")).write_text(ROLE.format(id="p"))
    result = runner.invoke(cli, ["check", str(root), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "afsprakenstelsel/rollen/p\\xffx.yaml" in (json.loads(result.output)["diagnostics"][0]["path"]
                                                     if fmt == "json" else result.output)
    diags = check_both(root)
    assert codes_at(diags, CONTENT + "rollen/p\\xffx.yaml") == [("F014", 0)]
    assert [d.code for d in diags] == ["F014"]


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_a_folder_name_that_is_not_utf8_is_one_finding_for_all_below_it(tmp_path):
    """A folder named b'r\\xe9gels' (Latin-1) is one F014 on the folder; its files are not read."""
    root = make_tree(tmp_path / "tree")
    folder = root / CONTENT / os.fsdecode(b"r\xe9gels")
    folder.mkdir()
    (folder / "x.yaml").write_text(ROLE.format(id="x"))
    diags = check_both(root)
    assert [(d.path, d.code, d.line) for d in diags] == [(CONTENT + "r\\xe9gels", "F014", 0)]
    assert "folder name is not valid UTF-8" in diags[0].message


def test_a_control_character_in_a_file_name_is_a_finding(tmp_path):
    """A file name with a newline (it would split a CI annotation in two) is F014 with the newline escaped."""
    root = make_tree(tmp_path / "tree")
    (root / CONTENT / "rollen" / "a\nb.yaml").write_text(ROLE.format(id="a"))
    diags = check_both(root)
    assert [(d.path, d.code) for d in diags] == [(CONTENT + "rollen/a\\x0ab.yaml", "F014")]


def test_nine_hundred_levels_under_extra_is_one_finding_cached_and_not(tmp_path):
    """900 nested mappings under 'extra': F016 at the 65th level's line, the same from the cache (was RecursionError)."""
    deep = "extra:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(900)) + "  " * 901 + "v\n"
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/zorgaanbieder.yaml": lambda t: t + deep})
    diags = check_both(root)
    own = [d for d in diags if d.path == CONTENT + "rollen/zorgaanbieder.yaml"]
    assert [(d.code, d.line) for d in own] == [("F016", 73), ("F018", 73)]
    assert not [d for d in diags if d.code in ("R001", "R006")]


def test_deep_flow_nesting_is_a_finding(tmp_path):
    """100,000 '[' on one line is F001 from the parser's own nesting limit, not a crash or a hang."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "extra: " + "[" * 100_000 + "\n"})
    diags = check_both(root)
    assert codes_at(diags, CONTENT + "rollen/r.yaml") == [("F001", 6)]


@pytest.mark.parametrize("body, line, part", [
    ("# Lijst\n\n" + "".join("    " * i + "- a\n" for i in range(300)), 74, "indented more than 256 columns"),
    ("Tekst\n" + "[" * 20_000 + "\n", 8, "'[' brackets nest"),
    ("Tekst\n\n" + "> " * 100 + "citaat\n", 9, "block quotes"),
])
def test_markdown_nested_past_what_a_renderer_takes_is_a_finding(tmp_path, body, line, part):
    """300 nested list levels (Python-Markdown's RecursionError) or 20,000 '[' (minutes to render): F016 at its line."""
    page = CONTENT + "paginas/diep.md"
    root = make_tree(tmp_path / "tree", {page: "---\nid: diep\ntitle: Diep\nstatus: gereed\nsources: [S1]\n---\n" + body})
    diags = check_both(root)
    assert codes_at(diags, page) == [("F016", line)]
    assert part in diags[0].message


def test_a_long_prose_value_nested_too_deeply_is_a_finding(tmp_path):
    """A description of 5,000 '[': F016 on the value's line, before any renderer sees it."""
    root = make_tree(tmp_path / "tree", {CONTENT + "rollen/r.yaml": ROLE.format(id="r") + "description: '" + "[" * 5000 + "'\n"})
    diags = check_both(root)
    assert codes_at(diags, CONTENT + "rollen/r.yaml") == [("F016", 6)]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user "
                    "(root reads every file: under root this case cannot be made)")
def test_an_unreadable_role_file_and_folder_are_findings_and_suppress_their_references(tmp_path):
    """zorgaanbieder.yaml without read permission: F012 and one F018; a folder without it: no crash."""
    root = make_tree(tmp_path / "tree")
    role = root / CONTENT / "rollen/zorgaanbieder.yaml"
    folder = root / CONTENT / "begrippen"
    role.chmod(0)
    folder.chmod(0)
    try:
        diags = check_both(root)
    finally:
        role.chmod(0o644)
        folder.chmod(0o755)
    assert codes_at(diags, CONTENT + "rollen/zorgaanbieder.yaml") == [("F012", 0), ("F018", 0)]
    assert codes_at(diags, CONTENT + "begrippen") == [("F012", 0)]


def test_a_manifest_nested_past_the_json_parser_is_l002_not_a_crash(tmp_path):
    """releases/0.1/manifest.json of 100,000 nested '[': L002 on it, no rule crashes (was RecursionError in L001-L005)."""
    root = make_tree(tmp_path / "tree", {"releases/0.1/manifest.json": "[" * 100_000 + "]" * 100_000,
                                         "releases/0.1/afsprakenstelsel/rollen/r.yaml": ROLE.format(id="r")})
    diags = check_both(root)
    assert ("L002", "releases/0.1/manifest.json") in [(d.code, d.path) for d in diags]
