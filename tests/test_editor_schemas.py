"""Editor schemas for every kind, and the published schemas held against a real client (check-jsonschema)."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stelsel.check import check_tree
from stelsel.cli.main import cli
from stelsel.load.project import load_project
from stelsel.model import KINDS
from stelsel.schemas import editor_globs, editor_settings, external_formats

from .helpers import FIXTURES, REPO, make_tree

CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")
SCHEMAS = REPO / "schemas"
# The schema findings of 'check', but S004: the fields under 'extra' are declared in the framework's
# config (extra_fields), which a published schema cannot know (it allows any 'extra' mapping).
SCHEMA_LEVEL = ("S001", "S002", "S003", "S005", "S006")


def _matches(path: str, patterns) -> bool:
    patterns = [patterns] if isinstance(patterns, str) else patterns
    return any(fnmatch.fnmatchcase(path, p) or (p.startswith("**/") and fnmatch.fnmatchcase(path.rpartition("/")[2],
                                                                                              p[3:]))
               for p in patterns)


def test_every_kind_is_covered_and_every_shipped_file_matched():
    """editor_settings names a schema for every kind (16), each existing; every shipped file matches its kind's globs only."""
    settings = editor_settings(REPO)["yaml.schemas"]
    kinds = [*KINDS, *external_formats()]
    assert sorted(settings) == sorted(f"./schemas/{kind}.schema.json" for kind in kinds) and len(kinds) == 16
    for schema in settings:
        assert (REPO / schema).is_file(), schema
    project = load_project(REPO)
    assert project.files
    for sf in project.files:
        owners = [kind for kind in kinds if _matches(sf.path, settings[f"./schemas/{kind}.schema.json"])]
        assert owners == [sf.kind], (sf.path, owners)


def test_globs_follow_the_folders(tmp_path):
    """Agreements moved to another folder get that folder; a file among other kinds is named itself."""
    root = make_tree(tmp_path / "t")
    content = root / "afsprakenstelsel"
    shutil.move(content / "afspraken", content / "normen")
    shutil.move(content / "begrippen" / "GtK.yaml", content / "rollen" / "GtK.yaml")
    globs = editor_globs(root)
    assert globs["agreement"] == ["afsprakenstelsel/normen/*.yaml"]
    assert globs["term"] == ["afsprakenstelsel/rollen/GtK.yaml"]
    assert globs["role"] == ["afsprakenstelsel/rollen/zorgaanbieder.yaml"]
    assert globs["facility"] == ["afsprakenstelsel/voorzieningen/*.yaml"]  # none yet: the conventional folder


def test_readme_snippet_is_generated():
    """The README's VS Code snippet is exactly what editor_settings gives for the shipped framework."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- editor-settings:[^>]*-->\n```json\n(.*?)```", readme, re.S)
    assert block is not None
    assert json.loads(block.group(1)) == editor_settings(REPO)
    assert block.group(1) == json.dumps(editor_settings(REPO), indent=2) + "\n"


def _with_settings(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """A fixture tree whose .vscode/settings.json already holds ``text``."""
    root = make_tree(tmp_path / "t")
    settings = root / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text(text, encoding="utf-8")
    return root, settings


def test_editor_vscode_writes_keeps_and_checks(runner, tmp_path):
    """--editor vscode writes yaml.schemas, keeps other settings, --check says in one line it is current."""
    root, settings = _with_settings(tmp_path, '{"editor.tabSize": 2}\n')
    written = runner.invoke(cli, ["schemas", "--editor", "vscode", "-C", str(root)])
    assert written.exit_code == 0, written.output
    data = json.loads(settings.read_text(encoding="utf-8"))
    assert data["editor.tabSize"] == 2 and data["yaml.schemas"] == editor_settings(root)["yaml.schemas"]
    checked = runner.invoke(cli, ["-C", str(root), "schemas", "--editor", "vscode", "--check"])
    assert checked.exit_code == 0 and checked.stdout == ".vscode/settings.json: yaml.schemas up to date\n"
    shutil.move(root / "afsprakenstelsel" / "rollen", root / "afsprakenstelsel" / "actoren")
    stale = runner.invoke(cli, ["schemas", "--editor", "vscode", "--check", "-C", str(root)])
    assert stale.exit_code == 1 and "out of date" in stale.stderr


def test_editor_vscode_leaves_a_commented_settings_file(runner, tmp_path):
    """A settings file with comments (JSONC) is not rewritten: exit 2, the file as it was."""
    root, settings = _with_settings(tmp_path, '{\n  // mijn instellingen\n  "editor.tabSize": 2\n}\n')
    result = runner.invoke(cli, ["schemas", "--editor", "vscode", "-C", str(root)])
    assert result.exit_code == 2 and "not plain JSON" in result.stderr
    assert "// mijn instellingen" in settings.read_text(encoding="utf-8")


# --- check-jsonschema, a real client of the published schemas --------------------------------

def _instance(path: Path, dest: Path) -> Path:
    """The file as a schema sees it: YAML as is, a Markdown file's front matter."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        match = re.match(r"---\n(.*?)\n---\n", text, re.S)
        assert match, path
        text = match.group(1) + "\n"
        dest = dest.with_suffix(".yaml")  # check-jsonschema reads a file by its suffix
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


def _rejected(schema: Path, instances: list[Path]) -> set[Path]:
    """The instances check-jsonschema rejects against ``schema`` (one run per schema)."""
    done = subprocess.run([CHECK_JSONSCHEMA, "--schemafile", str(schema), "-o", "json", *map(str, instances)],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert not report.get("parse_errors"), report["parse_errors"]
    return {Path(error["filename"]) for error in report.get("errors", [])}


@pytest.mark.slow
def test_check_jsonschema_accepts_every_shipped_file(tmp_path):
    """Every content file of the shipped framework and of the fixtures validates against its published schema."""
    by_kind: dict[str, list[Path]] = {}
    for index, root in enumerate([REPO, *(FIXTURES / name for name in ("minimal", "full", "workflow"))]):
        for sf in load_project(root).files:
            if sf.kind in KINDS:
                by_kind.setdefault(sf.kind, []).append(_instance(root / sf.path, tmp_path / str(index) / sf.path))
    assert set(by_kind) == set(KINDS)
    for kind, instances in by_kind.items():
        assert _rejected(SCHEMAS / f"{kind}.schema.json", instances) == set(), kind


def _mutations(data: dict):
    """Schema-level edits of one file's data: an unknown key, and per key: left out, of a wrong type, a bad value."""
    yield "unknown key", {**data, "onbekend_veld": 1}
    for key in data:
        if key == "kind":
            continue
        yield f"without {key}", {k: v for k, v in data.items() if k != key}
        yield f"{key} a mapping", {**data, key: {"x": [1]}}
        if isinstance(data[key], str):
            yield f"{key} not a known value", {**data, key: "GEEN-GELDIGE WAARDE!"}
        if isinstance(data[key], list) and data[key]:
            yield f"{key} an empty item", {**data, key: [*data[key], None]}


@pytest.mark.slow
def test_check_jsonschema_rejects_what_check_rejects_as_schema_findings(tmp_path):
    """Every mutation of a fixture file that 'check' rejects with an S-code (but S004) on it, check-jsonschema rejects too."""
    base = FIXTURES / "minimal"
    project = load_project(base)
    cases: dict[str, list[tuple[Path, str, list[str]]]] = {}
    mutated = tmp_path / "tree"
    for sf in project.files:
        if sf.kind not in KINDS:
            continue
        original = (base / sf.path).read_text(encoding="utf-8")
        body = ""
        if sf.path.endswith(".md"):
            front, body = re.match(r"---\n(.*?)\n---\n(.*)", original, re.S).groups()
            data = yaml.safe_load(front)
        else:
            data = yaml.safe_load(original)
        for index, (label, variant) in enumerate(_mutations(data)):
            if mutated.exists():
                shutil.rmtree(mutated)
            root = make_tree(mutated)
            dumped = yaml.safe_dump(variant, sort_keys=False, allow_unicode=True)
            (root / sf.path).write_text(f"---\n{dumped}---\n{body}" if sf.path.endswith(".md") else dumped,
                                        encoding="utf-8")
            codes = sorted({d.code for d in check_tree(root, use_cache=False).diagnostics
                            if d.path == sf.path and d.code in SCHEMA_LEVEL})
            if codes:
                instance = _instance(root / sf.path, tmp_path / "instances" / f"{index}" / sf.path)
                cases.setdefault(sf.kind, []).append((instance, f"{sf.path}: {label}", codes))
    assert sum(len(v) for v in cases.values()) > 50  # the mutations do reach the schema checks
    for kind, kind_cases in cases.items():
        rejected = _rejected(SCHEMAS / f"{kind}.schema.json", [instance for instance, _, _ in kind_cases])
        missed = [f"{label} ({', '.join(codes)})" for instance, label, codes in kind_cases if instance not in rejected]
        assert not missed, f"check rejects, check-jsonschema accepts ({kind}): {missed}"
