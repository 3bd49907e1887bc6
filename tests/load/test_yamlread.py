"""The fast YAML reader: plain data plus the position of every value and key."""

from __future__ import annotations

import datetime as dt

import pytest

from stelsel.load.yamlread import YamlProblem, parse_yaml

from ..helpers import deadline

DOC = """\
kind: agreement
id: "0.8"
version: 0.8
layers: [a, b]
nested:
  deep:
    - x: 1
      y: true
date: 2025-01-31
"""


def test_plain_data():
    """Values become plain Python data; quoted text stays text and unquoted numbers are numbers."""
    data = parse_yaml(DOC).data
    assert data == {"kind": "agreement", "id": "0.8", "version": 0.8, "layers": ["a", "b"],
                    "nested": {"deep": [{"x": 1, "y": True}]}, "date": dt.date(2025, 1, 31)}


def test_value_positions_are_one_based():
    """positions maps each location (keys and list indexes) to the 1-based line and column of its value."""
    parsed = parse_yaml(DOC)
    assert parsed.positions[()] == (1, 1)
    assert parsed.positions[("kind",)] == (1, 7)
    assert parsed.positions[("layers",)] == (4, 9)
    assert parsed.positions[("layers", 1)] == (4, 13)
    assert parsed.positions[("nested", "deep", 0, "y")] == (8, 10)


def test_key_positions():
    """key_positions gives where each mapping key stands, for findings about the key itself."""
    parsed = parse_yaml(DOC)
    assert parsed.key_positions[("version",)] == (3, 1)
    assert parsed.key_positions[("nested", "deep", 0, "y")] == (8, 7)


def test_line_offset():
    """line_offset shifts every line (front matter starts below the '---' line); columns do not move."""
    parsed = parse_yaml("id: x\ntitle: y\n", line_offset=1)
    assert parsed.positions[("title",)] == (3, 8)
    assert parsed.key_positions[("title",)] == (3, 1)


def test_empty_text_is_none():
    """An empty document parses to None (the loader reports it as an empty file)."""
    assert parse_yaml("").data is None
    assert parse_yaml("# comment\n").data is None


def test_duplicate_keys_are_recorded():
    """A repeated key is recorded with the place of the repetition; parsing goes on."""
    parsed = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    assert parsed.duplicate_keys == [(("b", "c"), 4, 3), (("a",), 5, 1)]
    assert parsed.data == {"a": 4, "b": {"c": 3}}


@pytest.mark.parametrize("text, line, col", [
    ("a: [1, 2\n", 1, 4),  # where the list opens (the scanner stops at the end of line 1, not on a line 2)
    ("a: 1\n b: 2\n", 2, 3),
    ("a: 'open\n", 1, 4),  # where the quote opens
    ("a: 1\n---\nb: 2\n", 2, 1),
])
def test_syntax_errors_have_positions(text, line, col):
    """A syntax error is a YamlProblem (code F001) with a 1-based line and column and a hint."""
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    problem = info.value
    assert (problem.code, problem.line, problem.col) == ("F001", line, col)
    assert problem.message.startswith("YAML syntax error")
    assert problem.hint


def test_an_unclosed_bracket_is_reported_where_it_opens():
    """An unclosed '[' is reported on its own line (front matter offset included), the scanner's place in the message."""
    with pytest.raises(YamlProblem) as info:
        parse_yaml("a:\n  - [1,\n    2\nb: 3\n", line_offset=1)
    assert (info.value.line, info.value.col) == (3, 5)
    assert "a list opened here is never closed" in info.value.message and "at line 5, column 2" in info.value.message


@pytest.mark.parametrize("text, line", [
    ("a: &x [1]\nb: *x\n", 1),
    ("a: &x {k: v}\nb: *x\n", 1),
    ("a: &x text\nb: *x\n", 1),
    ("a: &x [1, *x]\n", 1),
    ("a: &x {k: v}\nb:\n  <<: *x\n", 3),
])
def test_aliases_are_refused(text, line):
    """Aliases of lists, mappings and scalars, recursive aliases and merge keys are YamlProblems with code F007."""
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    assert info.value.code == "F007"
    assert info.value.line == line
    assert info.value.hint


def test_alias_bomb_finishes_fast():
    """A billion-laughs document is refused, not expanded (the deadline only catches a hang)."""
    levels = "".join(f"l{i + 1}: &l{i + 1} [" + ",".join([f"*l{i}"] * 10) + "]\n" for i in range(40))
    with deadline(10):
        with pytest.raises(YamlProblem):
            parse_yaml("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + levels)


@pytest.mark.parametrize("text, line, col", [
    ("a: 2024-13-45\n", 1, 4),
    ("? [a, b]\n: c\n", 1, 3),
    ("2024-02-30: x\n", 1, 1),
    ("a: !!int x\n", 1, 4),
])
def test_unreadable_values_are_problems_not_crashes(text, line, col):
    """Invalid dates, complex keys, unsafe or broken tags are YamlProblems (F001) with a hint, never an exception."""
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    problem = info.value
    assert (problem.code, problem.line, problem.col) == ("F001", line, col)
    assert problem.hint
    assert "\n" not in problem.message


def test_non_string_keys():
    """Numeric and date keys are read as such, with key positions."""
    parsed = parse_yaml("1: a\n2025-01-01: b\n")
    assert parsed.data == {1: "a", dt.date(2025, 1, 1): "b"}
    assert parsed.key_positions[(1,)] == (1, 1)


@pytest.mark.parametrize("text, line, col, part", [
    ('a: 1\nb: "open\nc: 2\n', 2, 4, "never closed"),
    ('a: "open\n---\nb: 1\n', 1, 4, "never closed"),
    ('a: 1\nb: "x\\q"\n', 2, 6, "unknown escape"),  # a bad escape is where it stands, not at the quote
])
def test_quoted_text_problems_are_placed_where_a_person_looks(text, line, col, part):
    """An unclosed quote is reported where it opens; another problem inside quotes where it is."""
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    assert (info.value.line, info.value.col) == (line, col) and part in info.value.message
