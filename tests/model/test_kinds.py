"""The kinds' words and folders are data: the default language's catalogue, the framework's language, its terms."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from stelsel import i18n
from stelsel.cli.main import cli
from stelsel.load.project import load_project
from stelsel.model import KINDS
from stelsel.vocabulary import kind_folder

from ..helpers import FIXTURES

REPO = Path(__file__).resolve().parents[2]


def test_a_kind_s_label_and_folder_come_from_the_default_catalogue():
    """KINDS names each kind and its folder as the Dutch catalogue does (Twiin's afspraken/, rollen/ …)."""
    nl = i18n.messages("nl")
    assert KINDS["use_case"].label == nl("kind.use_case") and KINDS["use_case"].folder == nl("kind_folder.use_case")
    assert KINDS["agreement"].folder == "afspraken" and KINDS["decision_table"].folder == "tabellen"
    assert (KINDS["framework"].folder, KINDS["governance"].folder, KINDS["proposal"].folder) == ("", "", "changes")
    assert all(info.label for info in KINDS.values())


def test_every_folder_of_the_shipped_framework_is_its_catalogue_s():
    """Each item of Twiin's tree sits in the folder the Dutch catalogue gives its kind (its folders as they are)."""
    project = load_project(REPO)
    for item in project.items():
        if KINDS[item.kind].content and not KINDS[item.kind].singleton and item.kind != "page":
            assert item.file.path.split("/")[1] == kind_folder(project.config, item.kind), item.file.path


def test_an_english_framework_gets_english_folders_and_terms_may_name_another(tmp_path):
    """init --language en: use_case -> use_cases/; terms.kinds.use_case.folder overrides; Dutch: zorgtoepassingen."""
    root = tmp_path / "f"
    result = CliRunner().invoke(cli, ["init", str(root), "--language", "en", "--title", "Kinds", "--forge", "none",
                                      "--no-git"])
    assert result.exit_code == 0, result.output
    config = load_project(root).config
    assert (kind_folder(config, "use_case"), kind_folder(config, "agreement")) == ("use_cases", "agreements")
    path = root / "framework" / "stelsel.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["terms"]["kinds"]["use_case"]["folder"] = "cases"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert kind_folder(load_project(root).config, "use_case") == "cases"
    assert kind_folder(load_project(FIXTURES / "minimal").config, "use_case") == "zorgtoepassingen"
