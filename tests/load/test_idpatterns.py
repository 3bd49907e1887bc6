"""ID patterns on RE2: linear time, ASCII classes, refused features named."""

from __future__ import annotations

import pytest

from stelsel.load.idpatterns import PatternError, compile_pattern, id_problem, matches

from ..helpers import deadline


def test_catastrophic_pattern_returns():
    """'^(T+)+$' against 100,000 T's and an x: no match, and no hang."""
    with deadline(10):
        assert not matches("^(T+)+$", "T" * 100_000 + "x")


def test_end_anchor_is_the_end_of_the_id():
    """'$' does not match before a final newline (Python's re would)."""
    assert matches("^TA-[0-9]{3}$", "TA-061") and not matches("^TA-[0-9]{3}$", "TA-061\n")


@pytest.mark.parametrize("ident", ["TA-٠٦١", "TA-０６１"])
def test_digit_class_is_ascii(ident):
    """RE2's \\d is [0-9]: Arabic-Indic and full-width digits do not pass."""
    assert not matches(r"^TA-\d{3}$", ident)


@pytest.mark.parametrize("pattern, part", [(r"(a)\1", "escape"), ("(?=a)a", "perl operator"), ("x" * 1001, "at most")])
def test_patterns_re2_cannot_run_raise_pattern_error(pattern, part):
    """Back-references, look-ahead and over-long patterns are PatternErrors with RE2's reason."""
    with pytest.raises(PatternError) as info:
        compile_pattern(pattern)
    assert part in str(info.value)
    assert not matches(pattern, "a")


@pytest.mark.parametrize("ident, problem", [("x\n", "control"), (" x", "white space"), ("", "empty"),
                                            ("x\x1b", "control"), ("x" * 201, "longer")])
def test_id_problems(ident, problem):
    """Control characters, white space at the ends, empty and over-long IDs are named whatever the pattern."""
    assert problem in id_problem(ident)
    assert id_problem("TA-061") is None
