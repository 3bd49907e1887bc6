"""File names made from IDs stay in their folder; names from disk are shown escaped."""

from __future__ import annotations

import os

import pytest

from stelsel.paths import UnsafeName, check_name, inside, name_problem, printable


@pytest.mark.parametrize("name", ["../x", "/abs", "a/b", "a\\b", "..", ".", ".hidden", "-x", "", " ", "a\nb", "x" * 201])
def test_check_name_refuses_what_is_not_one_plain_name(name):
    """Folder parts, dot-names, option-like, empty, control characters and over-long names are UnsafeName."""
    with pytest.raises(UnsafeName):
        check_name(name)


def test_inside_refuses_a_link_that_leads_out(tmp_path):
    """A link in the folder that points elsewhere does not count as inside it."""
    (tmp_path / "changes").mkdir()
    os.symlink(tmp_path / "elders.md", tmp_path / "changes" / "x.md")
    with pytest.raises(UnsafeName):
        inside(tmp_path / "changes", "x.md")
    assert inside(tmp_path / "changes", "y.md") == tmp_path / "changes" / "y.md"


def test_printable_escapes_bytes_and_controls():
    """Undecodable bytes and control characters are escaped; ordinary accents stay."""
    assert printable(os.fsdecode(b"p\xffx.yaml")) == "p\\xffx.yaml"
    assert printable("a\nb\x1b") == "a\\x0ab\\x1b"
    assert printable("patiënt.yaml") == "patiënt.yaml"
    assert name_problem(os.fsdecode(b"\xff")) and name_problem("a\tb") and name_problem("patiënt") is None


def test_no_controls_keeps_backslashes_and_escapes_controls():
    """Escape sequences, newlines and a right-to-left override are escaped; a pattern's '\\d' stays as it is."""
    from stelsel.paths import no_controls

    assert no_controls("^TA-\\d{3}$") == "^TA-\\d{3}$"
    assert no_controls("a\x1b[31mb\nc\u202e") == "a\\x1b[31mb\\x0ac\\u202e"
