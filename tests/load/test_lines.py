"""Line numbers as git counts them: LF, CRLF and CR end a line; U+2028, U+0085 and friends do not."""

from __future__ import annotations

import pytest

from stelsel.load.lines import LineIndex, count_lines, line_starts, position_in_bytes, split_lines


def test_line_starts_count_lf_crlf_and_cr_once_each():
    """'a\\r\\nb\\rc\\nd' has four lines starting at 0, 3, 5 and 7."""
    assert line_starts("a\r\nb\rc\nd") == [0, 3, 5, 7]
    assert count_lines("a\r\nb\rc\nd") == 4


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_other_separators_are_not_line_breaks(separator):
    """str.splitlines breaks at these; git and the forges do not, and neither does split_lines."""
    text = f"a{separator}b\nc\n"
    assert split_lines(text) == [f"a{separator}b\n", "c\n"]
    assert LineIndex(text).at(text.index("c")) == (2, 1)


def test_mark_positions_are_mapped_back_when_yaml_counts_differently():
    """A U+2028 in the text: a PyYAML mark's index gives git's line, not PyYAML's."""

    class Mark:
        line, column, index = 2, 0, 7  # PyYAML: line 3 (it broke at U+2028)

    assert LineIndex('a: "\u2028"\nb: 1\n', offset=1).mark(Mark) == (3, 1)


def test_the_end_of_the_text_is_the_end_of_its_last_line():
    """An offset at the very end of 'a: [1\\n' is line 1, column 6: there is no line 2 to annotate."""
    index = LineIndex("a: [1\n")
    assert index.at(6) == (1, 6)


def test_positions_in_bytes_with_a_crlf():
    """The byte after 'x\\r\\n' is on line 2, column 1; the LF of a CRLF stays on line 1."""
    raw = b"x\r\n\xff"
    assert position_in_bytes(raw, 3) == (2, 1)
    assert position_in_bytes(raw, 2) == (1, 3)
