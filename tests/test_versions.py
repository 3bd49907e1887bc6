"""The one version ordering."""

from __future__ import annotations

from stelsel.versions import version_key


def test_numeric_parts_compare_as_numbers():
    """0.9 < 0.10 < 0.95 < 1.0 < 1.10 < 2026.1: numbers, not strings."""
    assert sorted(["1.10", "2026.1", "0.95", "1.0", "0.10", "0.9"], key=version_key) == [
        "0.9", "0.10", "0.95", "1.0", "1.10", "2026.1"]


def test_a_pre_release_sorts_before_its_release():
    """1.0-rc1 sorts without error, after 0.9 and before 1.0."""
    assert sorted(["1.0", "1.0-rc1", "0.9", "1.0-rc2"], key=version_key) == ["0.9", "1.0-rc1", "1.0-rc2", "1.0"]


def test_labels_that_are_no_pep440_version_still_compare():
    """A label packaging cannot parse sorts after every version, and among such labels by its parts."""
    assert sorted(["concept-2", "1.0", "concept-10", "working"], key=version_key) == [
        "1.0", "concept-2", "concept-10", "working"]


def test_equal_versions_spelled_apart_have_a_stable_order():
    """1.0 and 1.0.0 are the same version; they order by spelling, never as equal keys."""
    assert sorted(["1.0.0", "1.0"], key=version_key) == ["1.0", "1.0.0"]
    assert version_key("1.0") != version_key("1.0.0")
