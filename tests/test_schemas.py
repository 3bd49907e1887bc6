"""The published JSON Schemas: valid 2020-12, generated from the models, and in agreement with them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from jsonschema import Draft202012Validator
from pydantic import Field, ValidationError, create_model

from stelsel import schemas as schemas_mod
from stelsel.load.project import read_source
from stelsel.load.statuses import model_data
from stelsel.model import KINDS, KindInfo
from stelsel.schemas import DIALECT, render_all, stale, write_all

from .helpers import CONTENT, FIXTURES, REPO

SCHEMAS = REPO / "schemas"
SCHEMA_FILES = sorted(SCHEMAS.glob("*.json"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_file_is_valid_2020_12(path):
    """Every file in schemas/ is a valid JSON Schema 2020-12 with its $id and dialect."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["$id"].endswith("/" + path.name)


def test_one_schema_per_kind():
    """schemas/ holds exactly one <kind>.schema.json per file kind and per format outside the tree (self_assessment)."""
    kinds = [*KINDS, *schemas_mod.external_formats()]
    assert {p.name for p in SCHEMA_FILES} == {f"{kind}.schema.json" for kind in kinds}


def test_schemas_are_up_to_date():
    """schemas/ is exactly what the models generate; if this fails, run 'stelsel schemas' and commit the result."""
    assert stale(SCHEMAS) == [], "schemas/ is out of date: run 'stelsel schemas' and commit the result"


def test_changing_a_model_makes_schemas_stale(monkeypatch, tmp_path):
    """Drift is detected: a model with one more field than the written schema makes stale() name that schema."""
    write_all(tmp_path)
    info = KINDS["role"]
    changed = create_model("Role", __base__=info.model, __doc__=info.model.__doc__,
                           nickname=(str | None, Field(default=None)))
    monkeypatch.setitem(schemas_mod.KINDS, "role", KindInfo("role", changed, info.label, info.folder))
    assert stale(tmp_path) == ["role.schema.json"]


def test_missing_and_extra_schema_files(tmp_path):
    """stale() also reports a missing schema file and a schema file no kind generates."""
    write_all(tmp_path)
    assert stale(tmp_path) == []
    (tmp_path / "role.schema.json").unlink()
    (tmp_path / "old.schema.json").write_text("{}")
    assert stale(tmp_path) == ["old.schema.json", "role.schema.json"]


def test_write_all_is_idempotent(tmp_path):
    """write_all writes every schema once; a second run changes nothing."""
    assert sorted(write_all(tmp_path / "s")) == sorted(render_all())
    assert write_all(tmp_path / "s") == []


def test_reference_fields_are_marked():
    """Reference fields carry x-stelsel-ref, so editors and check agree on what they point at."""
    schema = json.loads((SCHEMAS / "agreement.schema.json").read_text())
    assert schema["properties"]["level"]["x-stelsel-ref"] == ["level"]
    assert schema["properties"]["applies_to"]["items"]["x-stelsel-ref"] == ["role"]
    assert schema["additionalProperties"] is False


# --- agreement: the schema and the model give the same verdict --------------------------


def _as_json(value):
    """What an editor sees: YAML dates are plain text in JSON."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _fixture_documents():
    docs = []
    for base in ("minimal", "full"):
        for path in sorted((FIXTURES / base).rglob("*")):
            if path.suffix not in (".yaml", ".md"):
                continue
            rel = path.relative_to(FIXTURES / base).as_posix()
            sf, findings = read_source(rel, path.read_bytes(), "d")
            assert not findings
            docs.append(pytest.param(sf.kind, sf.data, id=f"{base}/{rel}"))
    return docs


def _verdicts(kind: str, data) -> tuple[bool, bool]:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    by_schema = Draft202012Validator(schema).is_valid(_as_json(data))
    try:
        KINDS[kind].model.model_validate(model_data(kind, data))  # the load boundary: words become keys
        by_model = True
    except ValidationError:
        by_model = False
    return by_schema, by_model


def _proposal_with_history():
    sf, _ = read_source("changes/WV-001.md", (FIXTURES / "full/changes/WV-001.md").read_bytes(), "d")
    data = dict(sf.data)
    data["history"] = [{"at": dt.datetime(2025, 1, 10, 9, 30), "by": "alice", "from": "concept", "to": "ingediend"},
                       {"at": dt.date(2025, 1, 11), "by": "bob", "from": "ingediend", "to": "concept", "reason": "r"}]
    data["reviews"] = [{"by": "bob", "organisation": "Org B", "verdict": "akkoord", "date": dt.date(2025, 1, 20)}]
    data["consultation"] = {"start": dt.date(2025, 2, 1), "end": dt.date(2025, 3, 1),
                            "reactions": [{"by": "X", "date": dt.date(2025, 2, 2), "summary": "Eens."}]}
    data["decision"] = {"body": "stuurgroep", "by": "bob", "date": dt.date(2025, 3, 5), "outcome": "aangenomen"}
    return pytest.param("proposal", data, id="proposal-with-history-reviews-decision")


@pytest.mark.parametrize("kind, data", _fixture_documents() + [_proposal_with_history()])
def test_valid_fixture_documents_pass_both(kind, data):
    """Every document of the valid fixture trees is valid for its schema and its model."""
    assert _verdicts(kind, data) == (True, True)


def _load(rel: str, base: str = "minimal") -> dict:
    sf, _ = read_source(rel, (FIXTURES / base / rel).read_bytes(), "d")
    return sf.data


def _with(rel: str, base: str = "minimal", drop: tuple = (), **changes) -> tuple[str, dict]:
    data = dict(_load(rel, base))
    for key in drop:
        data.pop(key)
    data.update(changes)
    return data.get("kind", "page"), data


INVALID = {
    "unknown-key": _with(CONTENT + "afspraken/MA-001.yaml", aplies_to=["zorgaanbieder"]),
    "missing-field": _with(CONTENT + "afspraken/MA-001.yaml", drop=("statement",)),
    "unquoted-version": _with(CONTENT + "releases/0.1.yaml", id=0.1),
    "bad-enum": _with(CONTENT + "principes/MP-01.yaml", status="klaar"),
    "scalar-for-list": _with(CONTENT + "afspraken/MA-001.yaml", applies_to="zorgaanbieder"),
    "empty-text": _with(CONTENT + "begrippen/GtK.yaml", definition=""),
    "below-minimum": _with(CONTENT + "principes/MP-01.yaml", number=0),
    "wrong-kind-literal": _with(CONTENT + "rollen/zorgaanbieder.yaml", kind="role", part_of=5),
    "nested-unknown-key": _with(CONTENT + "stelsel.yaml", limits={"max_bytes": 2048}),
    "limit-too-small": _with(CONTENT + "stelsel.yaml", limits={"max_file_bytes": 10}),
    "bad-email": _with(CONTENT + "governance.yaml",
                       people=[{"id": "alice", "name": "A", "organisation": "O", "email": "geen-adres"}]),
    "bad-date": _with("changes/WV-001.md", "full", history=[{"at": "gisteren", "by": "alice", "from": "a", "to": "b"}]),
    "page-unknown-key": _with(CONTENT + "paginas/intro.md", volgorde=1),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_documents_fail_both(name):
    """Invalid documents are rejected by the published schema and by the model alike."""
    kind, data = INVALID[name]
    assert _verdicts(kind, data) == (False, False)


COERCIBLE = {
    "numeric-text-for-integer": _with(CONTENT + "principes/MP-01.yaml", number="1"),
    "true-for-integer": _with(CONTENT + "principes/MP-01.yaml", number=True),
    "text-for-boolean": _with(CONTENT + "stelsel.yaml", require_sources="yes"),
}


@pytest.mark.parametrize("name", sorted(COERCIBLE))
def test_coercible_values_are_rejected_by_both(name):
    """Text or true where a whole number is expected, and 'yes' for true/false, fail in the model and the schema alike."""
    kind, data = COERCIBLE[name]
    assert _verdicts(kind, data) == (False, False)
