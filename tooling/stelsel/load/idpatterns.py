"""The ID patterns of the framework config (``id_patterns``), run so they cannot hang.

A pattern is written by whoever edits ``stelsel.yaml``: Python's ``re`` would backtrack
without bound on ``^(T+)+$`` and a long ID. Patterns run on RE2 (``google-re2``), which
matches in time linear in the ID and has no backtracking features (back-references and
look-around are refused when the config is read, as a finding at the pattern's line).
RE2's ``\\d`` and ``\\w`` are ASCII, so a look-alike digit ('٣', '３') never passes for '3';
``$`` is the end of the ID, not the place before a final newline.
"""

from __future__ import annotations

import functools

import re2

MAX_PATTERN_LENGTH = 1000
# An ID of a kind the framework config sets no pattern for: letters, digits, '.', '_' and '-'.
DEFAULT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
MAX_ID_LENGTH = 200


class PatternError(ValueError):
    """A pattern RE2 cannot run (or one too long to be meant)."""


def _options():
    options = re2.Options()
    options.log_errors = False  # the error is a finding, not a line on stderr
    options.max_mem = 8 << 20
    return options


@functools.lru_cache(maxsize=256)
def compile_pattern(pattern: str):
    """The RE2 program of ``pattern``; :class:`PatternError` says why there is none."""
    if not isinstance(pattern, str):
        raise PatternError("the pattern is not text")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"the pattern is {len(pattern)} characters long (at most {MAX_PATTERN_LENGTH})")
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(str(reason)) from None


def id_problem(ident: str) -> str | None:
    """What makes ``ident`` no ID whatever the pattern: control characters, white space at its ends, its length."""
    if not ident:
        return "is empty"
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029" for ch in ident):
        return "holds a control character or line break"
    if ident != ident.strip():
        return "starts or ends with white space"
    if len(ident) > MAX_ID_LENGTH:
        return f"is longer than {MAX_ID_LENGTH} characters"
    return None


def matches(pattern: str, ident: str) -> bool:
    """Whether ``ident`` matches ``pattern`` (RE2 search); False for a pattern RE2 cannot run."""
    try:
        return compile_pattern(pattern).search(ident) is not None
    except PatternError:
        return False
