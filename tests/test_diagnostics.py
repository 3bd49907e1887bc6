"""The one finding type and the exit codes."""

from __future__ import annotations

from stelsel.diagnostics import Diagnostic, ExitCode, Severity, sort_key


def test_exit_codes():
    """0 clean, 1 findings, 2 usage or internal error."""
    assert (ExitCode.CLEAN, ExitCode.FINDINGS, ExitCode.USAGE) == (0, 1, 2)


def test_round_trip():
    """as_dict and from_dict are inverse, including severity and hint."""
    d = Diagnostic("p.yaml", 3, 4, "I003", "msg", Severity.WARNING, "hint")
    again = Diagnostic.from_dict(d.as_dict())
    assert again == d and again.message == "msg" and again.severity is Severity.WARNING and again.hint == "hint"
    assert Diagnostic.from_dict({**d.as_dict(), "hint": None}).hint is None


def test_identity_is_place_and_code():
    """Two findings compare equal on path, line, col and code; message, severity and hint do not count."""
    assert Diagnostic("p", 1, 1, "X", "a") == Diagnostic("p", 1, 1, "X", "b", Severity.WARNING, "h")
    assert Diagnostic("p", 1, 1, "X", "a") != Diagnostic("p", 1, 2, "X", "a")


def test_sort_key_orders_by_place():
    """Findings sort by path, then line, column, code and message."""
    found = [Diagnostic("b", 1, 1, "A", "m"), Diagnostic("a", 2, 1, "A", "m"), Diagnostic("a", 1, 5, "B", "m"),
             Diagnostic("a", 1, 5, "A", "z"), Diagnostic("a", 1, 5, "A", "y")]
    assert [(d.path, d.line, d.col, d.code, d.message) for d in sorted(found, key=sort_key)] == [
        ("a", 1, 5, "A", "y"), ("a", 1, 5, "A", "z"), ("a", 1, 5, "B", "m"), ("a", 2, 1, "A", "m"), ("b", 1, 1, "A", "m")]
