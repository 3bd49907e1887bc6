"""Statuses at the load boundary: the framework's stored words become the model's keys, and back when written."""

from __future__ import annotations

import datetime as dt
import json

from stelsel.load.project import load_project
from stelsel.release.cut import publish_release
from stelsel.release.pin import digest_of, item_digest
from stelsel.schemas import schema_for

from ..helpers import CONTENT, REPO, diagnostics, make_tree, replace, show

# Every status word of the minimal fixture, and what an English framework writes instead.
FIXTURE_ITEMS = ("afspraken/MA-001.yaml", "begrippen/GtK.yaml", "rollen/zorgaanbieder.yaml", "principes/MP-01.yaml",
                 "paginas/intro.md")
OWN_WORDS = ("statuses:\n  item: {draft: ontwerp, ready: klaar, adopted: geldend, withdrawn: ingetrokken}\n"
             "  release: {planned: voorzien, preparing: open, frozen: kandidaat-versie, decided: besloten, "
             "published: uitgegeven}\n")


def _tree(tmp_path, config_extra: str = "", item_word: str = "gereed", release_word: str = "in_voorbereiding",
          **edits):
    """The minimal fixture with its items' and its release's status words replaced, and the config extended."""
    changes = {CONTENT + rel: replace("status: gereed", f"status: {item_word}") for rel in FIXTURE_ITEMS}
    changes[CONTENT + "releases/0.1.yaml"] = replace("status: in_voorbereiding", f"status: {release_word}")
    changes[CONTENT + "stelsel.yaml"] = lambda text: text + config_extra
    changes.update(edits)
    return make_tree(tmp_path / "tree", changes)


def _status_findings(root):
    return [d for d in diagnostics(root) if d.severity == "error"]


def test_twiin_words_load_to_the_model_keys_and_the_files_keep_them():
    """The shipped framework's Dutch words are the model's keys after loading; the parsed data still says the word."""
    project = load_project(REPO)
    assert project.statuses.word("adopted") == "vastgesteld" and project.statuses.release_word("decided") == "vastgesteld"
    agreement = project.by_kind["agreement"]["TA-001"]
    assert agreement.model.status == "adopted" and agreement.file.data["status"] == "vastgesteld"
    releases = project.by_kind["release"]
    assert releases["0.5"].model.status == "decided" and releases["0.5"].file.data["status"] == "vastgesteld"
    assert releases["0.8"].model.status == "published" and releases["0.8"].file.data["status"] == "gepubliceerd"
    assert releases["0.95"].model.status == "planned" and releases["0.95"].file.data["status"] == "gepland"
    assert project.config.status == "ready" and project.config_file.data["status"] == "gereed"
    assert {i.model.status for i in project.items() if i.kind not in ("proposal", "release")} <= {
        "draft", "ready", "adopted", "withdrawn"}


def test_a_frozen_release_is_read_with_its_own_config():
    """Each frozen release loads with the words of the config it carries, and loads clean."""
    for version in ("0.8", "0.9", "1.0"):
        frozen = load_project(REPO / "releases" / version)
        assert frozen.load_findings == [], version
        assert frozen.statuses.words("item") == ["concept", "gereed", "vastgesteld", "vervallen"]


def test_the_recorded_pins_of_a_twiin_decision_still_match():
    """The digests a Twiin decision recorded (over the raw words, adopted counted as ready) are what the tree gives now."""
    project = load_project(REPO)
    proposal = project.get("CP-20261201-redactie-eigen-woorden-en-termen")
    pins = proposal.model.decision.pinned
    assert len(pins) > 10
    assert {ident: item_digest(project.get(ident), project.statuses.same_status) for ident in pins} == pins


def test_an_english_framework_stores_english_words(tmp_path):
    """language: en without a statuses block: ready/preparing are the words, and checking finds nothing wrong."""
    root = _tree(tmp_path, "language: en\n", item_word="ready", release_word="preparing")
    found = _status_findings(root)
    assert not [d for d in found if "status" in d.message], show(found)
    project = load_project(root)
    assert project.statuses.words("item") == ["draft", "ready", "adopted", "withdrawn"]
    assert project.get("MA-001").model.status == "ready" and project.get("0.1").model.status == "preparing"


def test_a_twiin_word_in_an_english_framework_is_one_finding_with_its_line(tmp_path):
    """status: gereed in an English framework is one S003 at its line naming the allowed words; no cascade."""
    root = _tree(tmp_path, "language: en\n", item_word="ready", release_word="preparing",
                 **{CONTENT + "principes/MP-01.yaml": replace("status: gereed", "status: gereed")})
    found = _status_findings(root)
    assert [(d.code, d.path, d.line, d.col) for d in found] == [("S003", CONTENT + "principes/MP-01.yaml", 5, 9)], \
        show(found)  # MA-001's derived_from: [MP-01] is not reported on top of it
    (finding,) = found
    assert finding.message == "status: 'gereed' is not an item status of this framework"
    assert finding.hint.startswith("use one of: draft, ready, adopted, withdrawn")


def test_an_unknown_release_word_names_the_release_words_and_a_near_one(tmp_path):
    """A misspelt release status is one finding listing the framework's release words, with a did-you-mean."""
    root = _tree(tmp_path, release_word="in_voorbereidng")
    found = _status_findings(root)
    assert [(d.code, d.line) for d in found] == [("S003", 4)], show(found)
    assert found[0].message == "status: 'in_voorbereidng' is not a release status of this framework"
    assert found[0].hint.startswith("did you mean 'in_voorbereiding'? use one of: gepland, in_voorbereiding, bevroren")


def test_a_config_declares_its_own_words(tmp_path):
    """statuses: in stelsel.yaml gives the words; files using them check clean, the language's words no longer count."""
    root = _tree(tmp_path, OWN_WORDS, item_word="klaar", release_word="open")
    assert _status_findings(root) == []
    project = load_project(root)
    assert project.get("MA-001").model.status == "ready" and project.get("0.1").model.status == "preparing"
    assert project.config.status == "draft"  # the config itself names no status: the default key
    gereed = _tree(tmp_path / "again", OWN_WORDS, item_word="gereed", release_word="open")
    messages = [d.message for d in _status_findings(gereed)]
    assert messages.count("status: 'gereed' is not an item status of this framework") == len(FIXTURE_ITEMS)


def test_a_declared_vocabulary_must_name_every_key_once_with_words_once(tmp_path):
    """A statuses block with a word twice is a finding in stelsel.yaml; the files are then read with the language's words."""
    bad = "statuses:\n  item: {draft: a, ready: a, adopted: c, withdrawn: d}\n"
    found = _status_findings(_tree(tmp_path, bad))
    assert [(d.code, d.path) for d in found] == [("S003", CONTENT + "stelsel.yaml")], show(found)
    assert "'a' is the word of both draft and ready" in found[0].message
    missing = _status_findings(_tree(tmp_path / "b", "statuses:\n  release: {planned: p}\n"))
    assert {d.code for d in missing} == {"S002"} and all(d.path == CONTENT + "stelsel.yaml" for d in missing)


def test_publish_writes_the_framework_word_and_keeps_every_other_byte(tmp_path):
    """release publish writes the config's own word for published; only the status line changes, the rest is appended."""
    root = _tree(tmp_path, OWN_WORDS, item_word="klaar", release_word="besloten")
    (root / "releases" / "0.1").mkdir(parents=True)
    (root / "releases" / "0.1" / "manifest.json").write_text(json.dumps({"files": {}}), encoding="utf-8")
    register = root / CONTENT / "releases" / "0.1.yaml"
    register.write_text("# the first release\n" + register.read_text(encoding="utf-8"), encoding="utf-8")
    before = register.read_text(encoding="utf-8")
    publish_release(root, "0.1", "alice", dt.date(2026, 3, 1), use_git=False)
    after = register.read_text(encoding="utf-8")
    assert after.startswith(before.replace("status: besloten", "status: uitgegeven"))
    assert after[len(before) - len("besloten") + len("uitgegeven"):] == "published:\n  by: alice\n  date: 2026-03-01\n"
    assert load_project(root).get("0.1").model.status == "published"


def test_the_digest_counts_the_frameworks_own_adopted_word_as_ready():
    """A cut's promotion is no change of decided text in any vocabulary: adopted digests as ready, other words do not."""
    same = {"geldend": "klaar"}
    data = {"kind": "agreement", "id": "A", "status": "klaar"}
    assert digest_of({**data, "status": "geldend"}, same=same) == digest_of(data, same=same)
    assert digest_of({**data, "status": "ingetrokken"}, same=same) != digest_of(data, same=same)


def test_the_schemas_list_the_frameworks_words():
    """The published schemas take Twiin's words by default, and a project's own words when given."""
    assert schema_for("agreement")["$defs"]["ItemStatus"]["enum"] == ["concept", "gereed", "vastgesteld", "vervallen"]
    assert schema_for("release")["$defs"]["ReleaseStatus"]["enum"] == [
        "gepland", "in_voorbereiding", "bevroren", "vastgesteld", "gepubliceerd"]
    assert schema_for("framework")["properties"]["status"]["default"] == "concept"
    from stelsel.model.status import default_words

    english = schema_for("agreement", default_words("en"))
    assert english["$defs"]["ItemStatus"]["enum"] == ["draft", "ready", "adopted", "withdrawn"]
