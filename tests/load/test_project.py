"""Loading a tree into the typed, positioned model every rule reads."""

from __future__ import annotations

import pickle

from stelsel.load.project import load_project, read_source
from stelsel.model import Agreement, Framework, Governance

from ..helpers import CONTENT, FIXTURES, make_tree


def test_minimal_model():
    """The minimal tree loads with its config, governance, items by ID and by kind, and no findings."""
    project = load_project(FIXTURES / "minimal")
    assert project.load_findings == []
    assert isinstance(project.config, Framework) and project.config_file.path == CONTENT + "stelsel.yaml"
    assert isinstance(project.governance, Governance)
    assert set(project.definitions) == {"MA-001", "MP-01", "zorgaanbieder", "GtK", "intro", "0.1"}
    assert isinstance(project.get("MA-001").model, Agreement)
    assert set(project.by_kind["page"]) == {"intro"}
    assert project.get("nope") is None
    assert {i.id for i in project.items("role")} == {"zorgaanbieder"}
    assert len(list(project.items())) == 6


def test_declared_names():
    """Layers, levels, sources, functions (config) and people and bodies (governance) are declared with their place."""
    project = load_project(FIXTURES / "minimal")
    declared = {kind: set(names) for kind, names in project.declared.items()}
    assert declared["layer"] == {"organisatie", "security"}
    assert declared["level"] == {"MOET", "MAG"}
    assert declared["source"] == {"S1"}
    assert declared["function"] == {"voorzitter"}
    assert declared["person"] == {"alice", "bob"}
    assert declared["body"] == {"wg-test", "stuurgroep"}
    bob = project.declared["person"]["bob"]
    assert bob.file.position(bob.loc) == (21, 9)


def test_positions_of_loaded_files():
    """A loaded file knows where each value and key stands, falling back to the enclosing value."""
    project = load_project(FIXTURES / "minimal")
    sf = project.get("MA-001").file
    assert sf.position(("applies_to", 0)) == (8, 14)
    assert sf.key_position(("applies_to",)) == (8, 1)
    assert sf.position(("applies_to", 7)) == (8, 13)  # no such item: the list itself
    assert sf.position(("nope", "deeper")) == (1, 1)
    assert sf.key_position(("nope",)) == (1, 1)


def test_page_front_matter_positions_and_body():
    """A page's values are positioned in the file (below the '---' line) and its body kept with its first line."""
    page = load_project(FIXTURES / "minimal").get("intro").file
    assert page.kind == "page"
    assert page.position(("title",)) == (3, 8)
    assert page.body_line == 8
    assert page.body.startswith("# Inleiding")


def test_markdown_in_changes_is_a_proposal(tmp_path):
    """A Markdown file under changes/ without 'kind' is a proposal; elsewhere it is a page."""
    sf, findings = read_source("changes/WV-001.md", b"---\nid: WV-001\n---\nx\n", "d")
    assert sf.kind == "proposal" and findings == []
    sf, findings = read_source(CONTENT + "x.md", b"---\nid: x\n---\nx\n", "d")
    assert sf.kind == "page"


def test_read_source_is_pure_and_picklable():
    """read_source depends only on its arguments, and its result can be stored in the parse cache."""
    raw = (FIXTURES / "minimal" / CONTENT / "afspraken/MA-001.yaml").read_bytes()
    first = read_source(CONTENT + "afspraken/MA-001.yaml", raw, "d")
    second = read_source(CONTENT + "afspraken/MA-001.yaml", raw, "d")
    assert first[0].data == second[0].data and first[0].positions == second[0].positions
    restored = pickle.loads(pickle.dumps(first))
    assert restored[0].data == first[0].data and restored[0].kind == "agreement"


def test_bom_is_ignored():
    """A UTF-8 byte order mark at the start does not change what is read."""
    sf, findings = read_source(CONTENT + "r.yaml", "\ufeffkind: role\nid: r\n".encode(), "d")
    assert findings == [] and sf.data == {"kind": "role", "id": "r"} and sf.position(("id",)) == (2, 5)


def test_loading_never_raises_on_bad_content(tmp_path):
    """A tree full of broken files loads; every problem is a finding."""
    root = make_tree(tmp_path / "tree", {
        CONTENT + "a.yaml": b"\xff\xfe", CONTENT + "b.yaml": "- 1\n", CONTENT + "c.yaml": "kind: 5\n",
        CONTENT + "d.yaml": "kind: agreement\n", CONTENT + "e.md": "---\n[1\n---\n", CONTENT + "f.yaml": "a: b: c\n",
        CONTENT + "g.yaml": "kind: role\nid: [x]\n"})
    project = load_project(root)
    assert {f.path for f in project.load_findings} == {CONTENT + n for n in
                                                       ("a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.md", "f.yaml", "g.yaml")}
