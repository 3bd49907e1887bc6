"""Shared by the hostile-input tests: check a tree cached and uncached, and say where findings are."""

from __future__ import annotations

from pathlib import Path

from stelsel.check import check_tree

from ..helpers import show


def places(diags) -> list[tuple]:
    return [(d.path, d.line, d.col, d.code, d.message) for d in diags]


def check_both(root: Path):
    """Check ``root`` without the cache, then twice with it: all three agree and nothing crashed."""
    fresh = check_tree(root, use_cache=False)
    assert not fresh.crashed, fresh.crashed
    warm = check_tree(root)
    cached = check_tree(root)
    assert places(warm.diagnostics) == places(fresh.diagnostics) == places(cached.diagnostics), show(fresh.diagnostics)
    return fresh.diagnostics


def codes_at(diags, path: str) -> list[tuple]:
    """(code, line) of the findings on ``path``, in order."""
    return [(d.code, d.line) for d in diags if d.path == path]
