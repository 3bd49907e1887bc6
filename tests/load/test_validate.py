"""Mapping pydantic validation errors to positioned findings with hints."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from stelsel.load.project import read_source
from stelsel.load.statuses import model_data
from stelsel.load.validate import allowed_keys, dotted, findings_from_error, model_at
from stelsel.model import KINDS, Agreement, Framework, Governance
from stelsel.model.framework import Layer
from stelsel.model.governance import Transition


def _findings(text: str, path: str = "afsprakenstelsel/x.yaml"):
    sf, _ = read_source(path, text.encode(), "d")
    model = KINDS[sf.kind].model
    data = model_data(sf.kind, sf.data)  # the load boundary: Twiin's status words become the model's keys
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return list(findings_from_error(sf, model, data, info.value))


def test_model_at():
    """model_at finds the model class describing the mapping at a location, through lists and optionals."""
    assert model_at(Framework, ()) is Framework
    assert model_at(Framework, ("layers", 0)) is Layer
    assert model_at(Governance, ("workflow", "transitions", 3)) is Transition
    assert model_at(Framework, ("title",)) is None
    assert model_at(Framework, ("nope",)) is None


def test_allowed_keys_use_aliases():
    """Allowed keys are the names written in files, e.g. 'from' for a transition's source."""
    keys = allowed_keys(Governance, ("workflow", "transitions", 0))
    assert "from" in keys and "source" not in keys
    assert allowed_keys(Agreement, ("statement",)) == []


def test_dotted():
    """Locations print as dotted paths with list indexes in brackets."""
    assert dotted(("layers", 1, "title")) == "layers[1].title"
    assert dotted(()) == "(document)"


def test_unknown_key_nested_did_you_mean():
    """An unknown nested key is S001 at the key, naming its parent and the nearest known key."""
    (finding,) = _findings("kind: role\nid: r\ntitle: R\nstatus: gereed\nperformed_by:\n  - name: x\n    nota: y\n")
    assert (finding.code, finding.line, finding.col) == ("S001", 7, 5)
    assert finding.message == "unknown key 'nota' in performed_by[0] of role"
    assert finding.hint == "did you mean 'note'?"


def test_missing_nested_field_at_parent_key():
    """A missing field of a nested mapping is S002 at that mapping's key."""
    (finding,) = _findings("kind: facility\nid: f\ntitle: F\nstatus: gereed\nfunction: x\ndecision:\n  body: b\n")
    assert (finding.code, finding.line) == ("S002", 6)
    assert "missing required field 'date' in decision of facility" == finding.message


def test_number_for_text_hint_says_quote():
    """A number where text is expected gets a hint to quote it, with the value as written."""
    (finding,) = _findings("kind: release\nid: 1.10\ntitle: R\nstatus: gepland\n")
    assert finding.code == "S003"
    assert finding.hint == 'YAML reads 1.1 as a number; quote it: "1.1"'


def test_several_errors_in_one_file():
    """Every problem of a file is reported, each at its own place, in one run."""
    findings = _findings("kind: agreement\nid: 3\ntitle: ''\nstatus: klaar\nlevel: MOET\nlayers: x\napplies_to: []\nfoo: 1\n")
    assert sorted((f.code, f.line) for f in findings) == [
        ("S001", 8), ("S002", 1), ("S003", 2), ("S003", 3), ("S003", 4), ("S003", 6), ("S003", 7)]


def test_label_for_kindless_files():
    """Pages and proposals without a 'kind' key are named by the kind the loader settled on."""
    (finding,) = _findings("---\nid: p\ntitle: P\nstatus: gereed\nvolgorde: 1\n---\nx\n", "afsprakenstelsel/p.md")
    assert finding.message == "unknown key 'volgorde' of page"
