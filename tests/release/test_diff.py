"""Diffs of loaded projects (release/diff.py): the same whether or not the loads shared their parses."""

from __future__ import annotations

import dataclasses

from stelsel.load.project import load_project, shared_parses
from stelsel.model.status import default_words
from stelsel.release import diff as diff_module

from ..helpers import REPO


def _versions():
    releases = sorted(p for p in (REPO / "releases").iterdir() if (p / "afsprakenstelsel").is_dir())
    return [load_project(r) for r in releases] + [load_project(REPO)]


def _all_diffs(projects):
    return [diff_module.diff_projects(projects[i], projects[j], str(i), str(j)).as_dict()
            for j in range(len(projects)) for i in range(j)]


def test_unchanged_items_of_shared_parses_are_not_compared_field_by_field_and_the_diff_is_the_same(monkeypatch):
    """Loads that share their parses give unchanged files one parsed data: the diff skips comparing
    their fields and comes out the same as from loads that parse every file."""
    apart = _all_diffs(_versions())
    with shared_parses():
        projects = _versions()
    calls = []
    original = diff_module.item_fields
    monkeypatch.setattr(diff_module, "item_fields", lambda item: (calls.append(item.id), original(item))[1])
    assert _all_diffs(projects) == apart
    compared = len(calls)
    calls.clear()
    monkeypatch.undo()
    monkeypatch.setattr(diff_module, "item_fields", lambda item: (calls.append(item.id), original(item))[1])
    _all_diffs(_versions())
    assert compared < len(calls) / 2  # most items are the same in two versions


def test_other_status_words_compare_the_fields_again(monkeypatch):
    """The same parsed data under other status words may be another model: then its fields are compared."""
    with shared_parses():
        old, new = load_project(REPO), load_project(REPO)
    calls = []
    original = diff_module.item_fields
    monkeypatch.setattr(diff_module, "item_fields", lambda item: (calls.append(item.id), original(item))[1])
    assert diff_module.diff_projects(old, new).items == [] and calls == []
    new.statuses = dataclasses.replace(default_words(), item=tuple((k, w + "-x") for k, w in default_words().item))
    diff_module.diff_projects(old, new)
    assert len(calls) > 100
