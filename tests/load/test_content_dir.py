"""The content folder: the one named in stelsel.toml, else the one top-level folder that holds stelsel.yaml."""

from __future__ import annotations

import shutil

from stelsel.check import check_tree
from stelsel.load.tree import content_dir, find_root

from ..helpers import FIXTURES


def test_without_stelsel_toml_or_config_the_default_catalogue_names_the_folder(tmp_path):
    """With no stelsel.toml and no stelsel.yaml anywhere, the content folder is the Dutch catalogue's name."""
    assert content_dir(tmp_path) == "afsprakenstelsel"
    (tmp_path / "framework").mkdir()
    assert content_dir(tmp_path) == "framework"  # a folder with the English catalogue's name is taken then


def test_the_one_folder_holding_stelsel_yaml_is_the_content_folder(tmp_path):
    """Without stelsel.toml, content in catalogue/ is found by its stelsel.yaml, from below too, and checks clean."""
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "catalogue")
    (tmp_path / "docs").mkdir()
    assert content_dir(tmp_path) == "catalogue"
    assert find_root(tmp_path / "catalogue" / "afspraken") == tmp_path.resolve()
    assert [d.code for d in check_tree(tmp_path, use_cache=False).diagnostics] == []


def test_stelsel_toml_names_the_content_folder_and_check_reads_it(tmp_path):
    """A tree whose content sits in catalogue/, named in stelsel.toml, is found from below and checks clean."""
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "catalogue")
    (tmp_path / "stelsel.toml").write_text('content = "catalogue"\n')
    assert content_dir(tmp_path) == "catalogue"
    assert find_root(tmp_path / "catalogue" / "afspraken") == tmp_path.resolve()
    result = check_tree(tmp_path, use_cache=False)
    assert [d.code for d in result.diagnostics] == []


def test_a_cached_check_sees_the_content_folder_change(tmp_path):
    """Renaming the content folder in stelsel.toml is seen by the next (cached) check: F013, no framework config."""
    shutil.copytree(FIXTURES / "minimal" / "afsprakenstelsel", tmp_path / "catalogue")
    (tmp_path / "stelsel.toml").write_text('content = "catalogue"\n')
    assert check_tree(tmp_path).diagnostics == []
    (tmp_path / "stelsel.toml").write_text('content = "elsewhere"\n')
    assert "F013" in [d.code for d in check_tree(tmp_path).diagnostics]


def test_a_stelsel_toml_naming_no_plain_folder_counts_as_absent(tmp_path):
    """content = "../x", a number, or a file that is not TOML all fall back to afsprakenstelsel/."""
    for text in ('content = "../x"\n', "content = 3\n", "content = [\n", b"\xff\xfe"):
        path = tmp_path / "stelsel.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        assert content_dir(tmp_path) == "afsprakenstelsel", text


def test_stelsel_toml_names_the_folders_of_kinds(tmp_path):
    """[folders] gives each kind's folder; a name with a folder part is left out."""
    from stelsel.load.tree import kind_folders

    (tmp_path / "stelsel.toml").write_text('content = "framework"\n[folders]\nterm = "terms"\nrole = "../x"\n')
    assert kind_folders(tmp_path) == {"term": "terms"}
    assert kind_folders(tmp_path / "elsewhere") == {}
