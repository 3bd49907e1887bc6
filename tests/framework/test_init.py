"""stelsel init: a new framework that checks clean and builds, and its founding release."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.check import check_tree
from stelsel.cli.main import cli
from stelsel.load.project import load_project
from stelsel.load.tree import find_root

from .conftest import Stelsel, init_english


def _errors_and_warnings(root: Path) -> list[str]:
    return [f"{d.code} {d.path}:{d.line} {d.message}" for d in check_tree(root, use_cache=False).diagnostics]


def test_english_init_checks_clean_with_rfc2119_levels(tmp_path):
    """An English framework from init checks without findings, keeps its content in framework/ and uses MUST/SHOULD/MAY."""
    result = init_english(tmp_path / "x")
    assert result.exit_code == 0, result.output
    root = tmp_path / "x"
    assert (root / "stelsel.toml").read_text().count('content = "framework"') == 1
    assert not (root / "afsprakenstelsel").exists()
    assert _errors_and_warnings(root) == []
    project = load_project(root)
    assert [level.id for level in project.config.levels] == ["MUST", "MUST NOT", "SHOULD", "MAY"]
    assert project.config.title == "Example Trust Framework"
    assert [p.id for p in project.governance.people] == ["ann", "ben"]
    release = project.by_kind["release"]["0.1"]
    assert release.model.status == "preparing" and release.file.data["status"] == "preparing"  # English words stored
    assert {item.file.data["status"] for item in project.items() if item.kind not in ("release", "proposal")
            and isinstance(item.file.data, dict) and "status" in item.file.data} == {"ready"}
    assert project.config_file.data["status"] == "ready"
    assert (root / ".github/workflows/stelsel.yml").is_file()
    assert find_root(root / "framework" / "agreements") == root.resolve()


def test_dutch_init_uses_the_dutch_norm_words_in_afsprakenstelsel(tmp_path):
    """A Dutch framework from init has MOET, ZOU MOETEN and MAG, its content in afsprakenstelsel/ and no stelsel.toml."""
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "nl"), "--language", "nl", "--title", "Proefstelsel",
                                      "--forge", "gitlab", "--no-git"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "nl"
    assert not (root / "stelsel.toml").exists() and not (root / ".git").exists()
    assert (root / ".gitlab-ci.yml").is_file()
    assert _errors_and_warnings(root) == []
    project = load_project(root)
    levels = [level.id for level in project.config.levels]
    assert {"MOET", "ZOU MOETEN", "MAG"} <= set(levels)
    assert project.config_file.data["status"] == "gereed"  # the Dutch status words
    assert [r.file.data["status"] for r in project.items("release")] == ["in_voorbereiding"]


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    """init into a folder that holds a file exits 2 naming it and writes nothing."""
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    result = init_english(target)
    assert result.exit_code == 2
    assert "is not empty (notes.txt)" in result.output
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_init_commits_the_new_framework_as_its_first_person(tmp_path):
    """With git, init makes a repository whose one commit holds every file, authored by the first person."""
    init_english(tmp_path / "x")
    repo = Stelsel(tmp_path / "x")
    assert repo.git("log", "--format=%an <%ae>").splitlines() == ["Ann Smith <ann@example.org>"]
    assert repo.git("status", "--porcelain") == ""
    assert "framework/governance.yaml" in repo.git("ls-files").splitlines()


def test_first_release_is_cut_with_founding_and_no_hand_written_proposal(tmp_path):
    """release cut --founding records a founding proposal listing every item, then cuts 0.1: committed, tagged, no errors."""
    init_english(tmp_path / "x")
    stelsel = Stelsel(tmp_path / "x")
    result = stelsel("release", "cut", "0.1", "--as", "ann", "--founding")
    assert "5 item(s) founded" in result.output and "founding recorded in changes/FOUNDING-0.1.md" in result.output
    root = tmp_path / "x"
    manifest = json.loads((root / "releases/0.1/manifest.json").read_text())
    assert "framework/agreements/EX-001.yaml" in manifest["files"]
    assert "stelsel.toml" in manifest["files"]
    record = load_project(root).by_kind["proposal"]["FOUNDING-0.1"].model
    assert record.type == "founding" and record.status == "released"
    assert {(c.item, c.action) for c in record.changes} >= {("EX-001", "add"), ("participant", "add"),
                                                             ("introduction", "add")}
    errors = [d for d in check_tree(root, use_cache=False).diagnostics if d.severity.value == "error"]
    assert errors == []
    assert stelsel.git("tag").split() == ["release-0.1"]


def test_founding_is_refused_once_a_release_is_frozen(tmp_path):
    """A second --founding cut is refused (exit 2) and writes nothing."""
    init_english(tmp_path / "x")
    stelsel = Stelsel(tmp_path / "x")
    stelsel("release", "cut", "0.1", "--as", "ann", "--founding")
    stelsel("release", "open", "0.2", "--as", "ann", "--title", "Release 0.2")
    head = stelsel.git("rev-parse", "HEAD")
    result = stelsel("release", "cut", "0.2", "--as", "ann", "--founding", ok=False)
    assert result.exit_code == 2 and "--founding is for the first release" in result.output
    assert stelsel.git("rev-parse", "HEAD") == head and stelsel.git("status", "--porcelain") == ""


@pytest.mark.slow
def test_english_init_builds(tmp_path):
    """stelsel build on a new English framework writes its working version (and, after the founding, 0.1)."""
    init_english(tmp_path / "x")
    stelsel = Stelsel(tmp_path / "x")
    stelsel("release", "cut", "0.1", "--as", "ann", "--founding")
    stelsel("build")
    site = tmp_path / "x" / "site"
    assert (site / "0.1" / "index.html").is_file() and (site / "concept" / "index.html").is_file()
    assert any("Point of contact" in p.read_text() for p in (site / "0.1").rglob("*.html"))


def test_the_framework_names_its_kinds_and_its_layer_model(tmp_path):
    """terms in the config name use cases and layer types; other kinds come from the language's catalogue (an English
    framework's agreements are 'agreement'); without terms or a language (Twiin) the Dutch words stay."""
    from stelsel.vocabulary import kind_name, layer_type_name

    init_english(tmp_path / "x", "Example Trust Framework", "--no-git")
    english = load_project(tmp_path / "x").config
    twiin = load_project(Path(__file__).resolve().parents[2]).config
    assert kind_name(english, "use_case", plural=True, capital=True) == "Use cases"
    assert kind_name(twiin, "use_case", plural=True, capital=True) == "Zorgtoepassingen"
    assert kind_name(twiin, "use_case") == "zorgtoepassing" and kind_name(english, "agreement") == "agreement"
    assert layer_type_name(english, "interoperability") == "layer of the framework"
    assert layer_type_name(twiin, "interoperability") == "laag van het interoperabiliteitsmodel"
    assert layer_type_name(twiin, "condition") == "aansluitvoorwaarde"


@pytest.mark.slow
def test_the_site_calls_use_cases_what_the_framework_calls_them(tmp_path):
    """An English framework's use-case page and its navigation say 'Use cases', not 'Zorgtoepassingen'."""
    init_english(tmp_path / "x", "Example Trust Framework", "--no-git")
    root = tmp_path / "x"
    (root / "framework/use_cases").mkdir()
    (root / "framework/use_cases/referral.yaml").write_text(
        "kind: use_case\nid: referral\ntitle: Referral\nstatus: ready\ndescription: Sending a referral.\n")
    Stelsel(root)("build", "--working-only")
    site = root / "site" / "concept"
    pages = {p: p.read_text() for p in site.rglob("*.html")}
    listing = next(text for path, text in pages.items() if "Sending a referral." in text and path.parent.parent == site)
    assert '<h1 id="use-cases">Use cases' in listing
    assert "Use cases" in pages[site / "index.html"]  # the navigation and the home page's contents
    shown = {path: re.sub(r"<[^>]*>", " ", text) for path, text in pages.items()}  # what a reader sees, not URLs
    assert [path for path, text in shown.items() if "zorgtoepassing" in text.lower()] == []
