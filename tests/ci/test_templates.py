"""The CI templates: valid for the forges' own schemas and actionlint, and their steps work on a fresh clone."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from stelsel.ci import FORGES, CiError, render_ci, write_ci
from stelsel.cli.main import cli

from .conftest import BIN
from .test_reports import SARIF_SCHEMA

OPTIONS = [{}, {"install": "stelsel @ git+https://example.org/stelsel.git@v1", "branch": "trunk", "python": "3.11"}]
MA = "afsprakenstelsel/afspraken/MA-001.yaml"


def _write(tmp_path: Path, forge: str, **options) -> Path:
    path, changed = write_ci(tmp_path, forge, **options)
    assert changed
    return path


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("forge,schema", [("github", "vendor.github-workflows"), ("gitlab", "vendor.gitlab-ci")])
def test_templates_pass_the_forges_schemas(tmp_path, forge, schema, options):
    """check-jsonschema's vendored github-workflows and gitlab-ci schemas accept the written files."""
    path = _write(tmp_path, forge, **options)
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_can_fail(tmp_path):
    """The same check rejects a workflow whose job lacks runs-on (so the test above can fail)."""
    path = _write(tmp_path, "github")
    path.write_text(path.read_text(encoding="utf-8").replace("    runs-on: ubuntu-latest\n", "", 1), encoding="utf-8")
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 1


@pytest.mark.parametrize("options", OPTIONS)
def test_github_workflow_passes_actionlint(tmp_path, options):
    """actionlint finds nothing in the GitHub workflow, and does find a planted expression error."""
    path = _write(tmp_path, "github", **options)
    done = subprocess.run([str(BIN / "actionlint"), "-color=false", str(path)], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("github.base_ref", "github.base_reff", 1), encoding="utf-8")
    planted = subprocess.run([str(BIN / "actionlint"), "-color=false", str(path)], capture_output=True, text=True,
                             cwd=tmp_path)
    assert planted.returncode == 1 and "base_reff" in planted.stdout


def test_templates_carry_what_a_team_needs():
    """Full history, --since the target, annotations or Code Quality, SARIF upload, Pages deploy, a cache keyed by content."""
    gh = yaml.safe_load(render_ci("github"))
    steps = gh["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = [s.get("run", "") for s in steps]
    assert any('--since "origin/$BASE_REF" --format github' in r for r in runs)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert gh["jobs"]["check"]["permissions"]["security-events"] == "write"
    site = gh["jobs"]["site"]["steps"]
    cache = next(s for s in site if s.get("uses", "").startswith("actions/cache"))
    assert "hashFiles('releases/*/manifest.json')" in cache["with"]["key"]
    assert gh["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert gh[True]["push"] == {"branches": ["main"], "tags": ["release-*"]}  # PyYAML reads 'on' as True

    gl = yaml.safe_load(render_ci("gitlab"))
    assert gl["variables"]["GIT_DEPTH"] == "0"
    assert gl["stelsel check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert gl["pages"]["artifacts"]["paths"] == ["public"] and gl["pages"]["cache"]["paths"] == [".stelsel-cache/site"]
    assert not re.search(r"@[A-Z_]+@", render_ci("github") + render_ci("gitlab"))


@pytest.mark.parametrize("options", [{"install": 'stelsel"; rm -rf /'}, {"branch": "main; echo"}, {"python": "2"},
                                     {"install": "  "}])
def test_values_that_would_break_the_file_are_refused(options):
    """A requirement with quotes or '$', a branch with spaces or ';', an odd Python version: CiError, nothing written."""
    with pytest.raises(CiError):
        render_ci("github", **options)


def test_write_keeps_a_file_the_team_changed(tmp_path):
    """An existing, different CI file is kept unless force; the same file is 'not changed'."""
    path = _write(tmp_path, "gitlab")
    assert write_ci(tmp_path, "gitlab") == (path, False)
    path.write_text("stages: [eigen]\n", encoding="utf-8")
    with pytest.raises(CiError, match="--force"):
        write_ci(tmp_path, "gitlab")
    assert path.read_text(encoding="utf-8") == "stages: [eigen]\n"
    assert write_ci(tmp_path, "gitlab", force=True) == (path, True)
    assert path.read_text(encoding="utf-8") == render_ci("gitlab")


def test_ci_command(runner, content_repo):
    """'stelsel ci' writes both files into -C ROOT, --check then says in one line they are current, --stdout prints."""
    root = content_repo.origin
    written = runner.invoke(cli, ["ci", "--forge", "github", "--forge", "gitlab", "-C", str(root)])
    assert written.exit_code == 0, written.output
    for forge in FORGES.values():
        assert (root / forge.target).read_text(encoding="utf-8") == render_ci(forge.name)
    checked = runner.invoke(cli, ["ci", "--forge", "github", "--forge", "gitlab", "-C", str(root), "--check"])
    assert checked.exit_code == 0 and checked.stdout.strip().splitlines() == [
        "CI file(s) current: .github/workflows/stelsel.yml, .gitlab-ci.yml"]
    stale = runner.invoke(cli, ["ci", "--forge", "github", "-C", str(root), "--check", "--branch", "trunk"])
    assert stale.exit_code == 1 and ".github/workflows/stelsel.yml" in stale.stderr
    kept = runner.invoke(cli, ["ci", "--forge", "github", "-C", str(root), "--branch", "trunk"])
    assert kept.exit_code == 2 and "--force" in kept.stderr
    printed = runner.invoke(cli, ["ci", "--forge", "gitlab", "--stdout"])
    assert printed.exit_code == 0 and printed.stdout == render_ci("gitlab")
    assert runner.invoke(cli, ["ci", "--forge", "bitbucket"]).exit_code == 2


# --- the steps' commands, run on a fresh clone --------------------------------------------------

EXPRESSIONS = {"github.base_ref": "main", "steps.pages.outputs.base_url": "https://example.test/stelsel"}


def _github_steps(job: str, clone: Path) -> list[tuple[str, dict]]:
    """The run: steps of a job (without installing stelsel, which is here already), expressions filled in."""
    doc = yaml.safe_load(render_ci("github"))
    values = {**EXPRESSIONS, "github.workspace": str(clone)}

    def fill(text: str) -> str:
        filled = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m.group(1)], str(text))
        assert "${{" not in filled, filled
        return filled

    workflow_env = {k: fill(v) for k, v in doc["env"].items()}
    return [(step["run"], {**workflow_env, **{k: fill(v) for k, v in step.get("env", {}).items()}})
            for step in doc["jobs"][job]["steps"] if "run" in step and not step["name"].startswith("Install")]


def _gitlab_script(job: str, clone: Path) -> tuple[list[str], dict]:
    doc = yaml.safe_load(render_ci("gitlab"))
    env = {"CI_PROJECT_DIR": str(clone), "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
           "CI_PAGES_URL": "https://example.test/stelsel"}
    env.update({k: v.replace("$CI_PROJECT_DIR", str(clone)) for k, v in doc["variables"].items()})
    return doc[job]["script"], env


def _bash(command: str, clone: Path, env: dict) -> subprocess.CompletedProcess:
    # GitHub runs a run: step as 'bash --noprofile --norc -eo pipefail {0}'.
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=clone, env=env,
                          capture_output=True, text=True)


def test_github_check_steps_on_a_fresh_clone(content_repo):
    """The check job's commands on a fresh clone: clean change passes; an unproposed edit fails with an annotation and a SARIF result."""
    content_repo.change("README.md", "", "# Afsprakenstelsel\n")
    clone = content_repo.clone()
    steps = _github_steps("check", clone)
    assert len(steps) == 2
    for command, env in steps:
        done = _bash(command, clone, {**content_repo.env, **env})
        assert done.returncode == 0, command + done.stdout + done.stderr
    assert json.loads((clone / "stelsel.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []

    content_repo.change(MA, "title: Servicedesk", "title: Servicedesk voor zorgaanbieders")
    clone = content_repo.clone("clone2")
    (check_cmd, check_env), (sarif_cmd, sarif_env) = _github_steps("check", clone)
    failed = _bash(check_cmd, clone, {**content_repo.env, **check_env})
    assert failed.returncode == 1
    assert f"::error file={MA},line=" in failed.stdout and "title=W021::" in failed.stdout
    report = _bash(sarif_cmd, clone, {**content_repo.env, **sarif_env})
    assert report.returncode == 0, report.stderr
    log = json.loads((clone / "stelsel.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["W021"]


def test_gitlab_check_script_on_a_fresh_clone(content_repo):
    """The merge-request job's script on a fresh clone: Code Quality report with the finding, and the job fails."""
    content_repo.change(MA, "title: Servicedesk", "title: Servicedesk voor zorgaanbieders")
    clone = content_repo.clone()
    script, env = _gitlab_script("stelsel check", clone)
    done = _bash("\n".join(script), clone, {**content_repo.env, **env})
    assert done.returncode == 1, done.stdout + done.stderr
    issues = json.loads((clone / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [(i["check_name"], i["location"]["path"]) for i in issues] == [("W021", MA)]
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads((clone / "stelsel.sarif").read_text(encoding="utf-8")))


@pytest.mark.slow
def test_site_steps_on_a_fresh_clone(content_repo):
    """The deploy jobs' build commands on a fresh clone of main write the site GitHub and GitLab Pages publish."""
    clone = content_repo.clone(branch="main")
    (command, env), = _github_steps("site", clone)
    done = _bash(command, clone, {**content_repo.env, **env})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (clone / "_site" / "concept" / "index.html").is_file()
    assert "https://example.test/stelsel/concept/" in (clone / "_site" / "concept" / "index.html").read_text("utf-8")
    script, env = _gitlab_script("pages", clone)
    done = _bash("\n".join(script), clone, {**content_repo.env, **env})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (clone / "public" / "versions.json").is_file()
