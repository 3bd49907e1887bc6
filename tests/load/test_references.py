"""The reference index and the one [[ID]] link pattern."""

from __future__ import annotations

from stelsel.load.project import load_project
from stelsel.load.references import WIKILINK, iter_references

from ..helpers import FIXTURES


def test_wikilink_groups_are_id_anchor_and_text():
    """[[ID]], [[ID#anchor]] and [[ID|text]] give the ID, the anchor and the text; spaces are no ID."""
    found = [m.groups() for m in WIKILINK.finditer("[[MA-001]], [[MA-001#doel|de afspraak]], [[een zin]]")]
    assert found == [("MA-001", None, None), ("MA-001", "#doel", "de afspraak")]


def test_every_reference_field_is_indexed_with_its_place():
    """iter_references lists each reference with its file, location, target, allowed kinds and field."""
    project = load_project(FIXTURES / "minimal")
    rows = {(sf.path.rsplit("/", 1)[-1], loc[0], target, field) for sf, loc, target, _kinds, field
            in iter_references(project)}
    assert ("MA-001.yaml", "applies_to", "zorgaanbieder", "applies_to") in rows
    assert all(isinstance(kinds, tuple) for _sf, _loc, _t, kinds, _f in iter_references(project))
