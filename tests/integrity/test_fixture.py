"""The integrity fixture itself: the repository checks clean and release 0.1 cuts clean."""

from __future__ import annotations

from .conftest import errors, findings


def test_fixture_repository_checks_clean(repo, runner):
    """The four-person fixture framework, committed, has no error findings."""
    assert errors(findings(runner, repo)) == []


def test_cut_release_checks_clean(released, runner):
    """After carol cuts 0.1, check reports no errors."""
    assert (released / "releases/0.1/manifest.json").is_file()
    assert errors(findings(runner, released)) == []
