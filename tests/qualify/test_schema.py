"""The self-assessment format: the published schema is generated from the model and accepts the documented example."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml

from stelsel.qualify.assess import read_assessment
from stelsel.schemas import render_all

from ..conftest import REPO
from .test_assess import COMPLETE

SCHEMA = REPO / "schemas/self_assessment.schema.json"


def _validator():
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")),
                                           format_checker=jsonschema.FormatChecker())


def test_schema_file_is_generated_from_the_model():
    """schemas/self_assessment.schema.json is exactly what 'stelsel schemas' generates (no drift)."""
    assert SCHEMA.read_text(encoding="utf-8") == render_all()["self_assessment.schema.json"]


def _json_ready(data):
    return json.loads(json.dumps(data, default=str))  # YAML dates become ISO text, as in JSON


def test_documented_example_and_test_file_are_valid(tmp_path):
    """The YAML example in docs/self-assessment.md and the tests' complete file pass the schema and the model."""
    doc = (REPO / "docs/self-assessment.md").read_text(encoding="utf-8")
    examples = [block for block in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "kind: self_assessment" in block]
    assert examples
    for text in [*examples, COMPLETE]:
        assert list(_validator().iter_errors(_json_ready(yaml.safe_load(text)))) == []
        path = tmp_path / "example.yaml"
        path.write_text(text, encoding="utf-8")
        afile = read_assessment(path)
        assert afile.findings == [] and afile.model is not None


def test_schema_rejects_what_assess_rejects():
    """An unknown answer value, an unknown key and a release written as a number fail the schema too."""
    base = yaml.safe_load(COMPLETE)
    for change in ({"answers": [{"agreement": "MA-001", "answer": "ja"}]}, {"datum": "2026-01-01"}, {"release": 0.1}):
        data = _json_ready({**base, **change})
        assert list(_validator().iter_errors(data)), change
