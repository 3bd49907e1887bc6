"""Loads inside shared_parses(): a file read before is not parsed again, and nothing else changes."""

from __future__ import annotations

from stelsel.load import project as project_mod
from stelsel.load.project import load_project, shared_parses

from ..helpers import CONTENT, make_tree

BROKEN = {CONTENT + "afspraken/kapot.yaml": "kind: agreement\nid: [MA-999\n",  # a parse finding
          CONTENT + "afspraken/odd.yaml": "kind: agreement\nid: MA-998\n~: x\n"}  # a key that is not text


def _files(project) -> list[tuple]:
    return [(sf.path, sf.suffix, sf.digest, sf.data, sf.positions, sf.key_positions, sf.body, sf.body_line, sf.kind,
             sf.link_texts, sf.blank_texts, sf.model.model_dump() if sf.model is not None else None)
            for sf in project.files]


def _loaded(project) -> tuple:
    return (_files(project), project.load_findings, project.unread, sorted(project.definitions),
            project.file_count)


def test_shared_load_equals_plain_load(tmp_path):
    """Loading the same tree twice inside shared_parses gives what a plain load gives, findings included."""
    root = make_tree(tmp_path / "t", BROKEN, base="full")
    plain = load_project(root)
    with shared_parses():
        first = load_project(root)
        second = load_project(root)  # every file from the first load's parse
    assert _loaded(first) == _loaded(plain)
    assert _loaded(second) == _loaded(plain)
    assert plain.load_findings  # the broken files are reported, each time


def test_shared_parse_is_used_and_each_load_owns_its_files(tmp_path, monkeypatch):
    """The second load parses nothing; its files are its own objects (model, derived), data shared."""
    root = make_tree(tmp_path / "t", base="full")
    calls = []
    real = project_mod.read_source
    monkeypatch.setattr(project_mod, "read_source", lambda *a: calls.append(a[0]) or real(*a))
    with shared_parses():
        first = load_project(root)
        parsed = len(calls)
        second = load_project(root)
    assert parsed == len(first.files) and len(calls) == parsed
    for a, b in zip(first.files, second.files):
        assert a is not b and a.derived is not b.derived
        assert (a.model is None) == (b.model is None) and (a.model is None or a.model is not b.model)
    first.files[0].derived["x"] = 1
    assert "x" not in second.files[0].derived
    load_project(root)
    assert len(calls) == 2 * parsed  # outside the block every load parses


def test_changed_file_is_parsed_again(tmp_path):
    """A file whose bytes changed between two loads in the block is read as it is now."""
    root = make_tree(tmp_path / "t", base="full")
    with shared_parses():
        before = load_project(root)
        sf = next(f for f in before.files if f.kind == "agreement")
        path = root / sf.path
        path.write_text(path.read_text(encoding="utf-8").replace(f"title: {sf.data['title']}", "title: Nieuw"),
                        encoding="utf-8")
        after = load_project(root)
    assert next(f for f in after.files if f.path == sf.path).data["title"] == "Nieuw"
    assert _loaded(after) == _loaded(load_project(root))
