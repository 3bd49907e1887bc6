"""serve's incremental update: what counts as structural, and the item page written first is the full generator's."""

from __future__ import annotations

from pathlib import Path

from stelsel.load.project import load_project
from stelsel.site.incremental import compare_structure, first_item_pages, inventory, structural_reason
from stelsel.site.pages import SiteOptions, generate_site
from stelsel.site.plugin import frozen_releases

from .helpers import make_project

AGREEMENT = "afsprakenstelsel/afspraken/TA-002.yaml"


def _options(root: Path, project) -> SiteOptions:
    history = [(label, load_project(root / "releases" / label)) for label in frozen_releases(root)]
    return SiteOptions(history=history, current_releases={r.id: r.model for r in project.items("release")},
                       pdf_note="geen PDF in deze test")


def test_an_edit_of_an_item_file_is_not_structural(tmp_path):
    """Editing an agreement's YAML keeps the incremental path; adding a file, editing the framework config,
    governance, mkdocs.yml or a file that is not YAML or Markdown needs the full build (each with its reason)."""
    root = make_project(tmp_path / "p")
    folders = ("afsprakenstelsel", "changes")
    before = inventory(root, folders)
    edited = root / AGREEMENT
    edited.write_text(edited.read_text(encoding="utf-8").replace("vier uur", "vijf uur"), encoding="utf-8")
    assert structural_reason(root, {edited}, before, inventory(root, folders), "afsprakenstelsel") is None
    swap = root / "afsprakenstelsel" / "afspraken" / ".TA-002.yaml.swp"
    swap.write_bytes(b"vim")
    assert inventory(root, folders) == before  # the loader does not read hidden files
    assert structural_reason(root, {swap}, before, before, "afsprakenstelsel") is None
    config = root / "afsprakenstelsel" / "stelsel.yaml"
    assert "framework config" in structural_reason(root, {config}, before, before, "afsprakenstelsel")
    governance = root / "afsprakenstelsel" / "governance.yaml"
    assert "governance" in structural_reason(root, {governance}, before, before, "afsprakenstelsel")
    (root / "afsprakenstelsel" / "afspraken" / "TA-009.yaml").write_text("kind: agreement\n", encoding="utf-8")
    assert "added: afsprakenstelsel/afspraken/TA-009.yaml" in structural_reason(
        root, set(), before, inventory(root, folders), "afsprakenstelsel")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert "mkdocs.yml is not in the content folders" in structural_reason(
        root, {root / "mkdocs.yml"}, before, before, "afsprakenstelsel")
    figure = root / "afsprakenstelsel" / "paginas" / "schema.png"
    figure.write_bytes(b"\x89PNG")
    now = inventory(root, folders) - {"afsprakenstelsel/afspraken/TA-009.yaml"}
    assert "not an item file" in structural_reason(root, {figure}, now, now, "afsprakenstelsel")


def test_a_title_edit_changes_no_structure_but_a_new_role_does(tmp_path):
    """Generated again after a title edit, the site has the same pages, navigation and titles in it; a new
    role adds pages and is structural."""
    root = make_project(tmp_path / "p")
    project = load_project(root)
    options = _options(root, project)
    old = generate_site(project, options)
    edited = root / AGREEMENT
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: Storingsmelding",
                                                                 "title: Storingsmelding en herstel"), encoding="utf-8")
    new = generate_site(load_project(root), options)
    assert compare_structure(old, new) is None
    assert new.pages["afspraken/TA-002.md"] != old.pages["afspraken/TA-002.md"]
    role = next((root / "afsprakenstelsel" / "rollen").glob("*.yaml"))
    text = role.read_text(encoding="utf-8")
    (role.parent / "nieuwe-rol.yaml").write_text(text.replace(f"id: {role.stem}", "id: nieuwe-rol"), encoding="utf-8")
    assert compare_structure(old, generate_site(load_project(root), options)) is not None


def test_the_item_page_written_first_is_the_one_the_full_generation_makes(tmp_path):
    """After an agreement's statement and title change, first_item_pages (the page written before the rest is
    generated) gives the same page, history and all, as the full generator, and only for that item."""
    root = make_project(tmp_path / "p")
    project = load_project(root)
    options = _options(root, project)
    old = generate_site(project, options)
    edited = root / AGREEMENT
    edited.write_text(edited.read_text(encoding="utf-8").replace("binnen vier uur", "binnen vijf kwartier")
                      .replace("title: Storingsmelding", "title: Storingsmelding en herstel"), encoding="utf-8")
    project = load_project(root)
    memo: dict = {}
    first = first_item_pages(project, options, old.pages, {AGREEMENT}, memo)
    full = generate_site(project, options)
    assert list(first) == ["afspraken/TA-002.md"]
    doc = first["afspraken/TA-002.md"]
    assert "binnen vijf kwartier" in doc.markdown() and doc.title == "TA-002 · Storingsmelding en herstel"
    assert doc == full.item_docs["afspraken/TA-002.md"]
    assert memo, "the diffs between frozen releases are kept for the next edit"
    again = first_item_pages(project, options, old.pages, {AGREEMENT}, memo)
    assert again["afspraken/TA-002.md"] == doc


def test_the_generator_with_kept_renderings_makes_the_same_site(tmp_path):
    """The incremental path's generator keeps the authors' Markdown rendered across updates: after an edit,
    with renderings kept from before it, it makes exactly the pages generate_site makes."""
    from stelsel.site.incremental import generator

    root = make_project(tmp_path / "p")
    project = load_project(root)
    options = _options(root, project)
    generator(project, options).run()
    edited = root / AGREEMENT
    edited.write_text(edited.read_text(encoding="utf-8").replace("binnen vier uur", "binnen vijf kwartier"),
                      encoding="utf-8")
    project = load_project(root)
    kept = generator(project, options).run()
    assert "binnen vijf kwartier" in kept.pages["afspraken/TA-002.md"]
    assert kept.pages == generate_site(project, options).pages
