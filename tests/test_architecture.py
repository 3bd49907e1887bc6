"""The import contract: the packages of stelsel form layers that import only downward, without cycles.

The layers, low to high (a layer may import every layer below it, never one above it;
``a | b`` are siblings that must not import each other either, ``a : b`` siblings that may):

1. ``diagnostics``: the one finding type and the exit codes.
2. The other leaf modules, which import nothing of stelsel but ``diagnostics``: ``codes``
   (every finding code, so every layer can report findings), ``atomic`` (atomic writes),
   ``inputs`` (the read-set of a run), ``versions`` (the one version order), ``vcs`` (every
   git call), ``paths`` (file names made from IDs stay in their folder), ``vocabulary`` (shared Dutch labels)
   ``safehtml`` (the one policy for authors' raw HTML: the rules, qualify and the site use it)
   ``forked`` (work run in a forked child beside the caller: the build's check, downloads and search index)
   and ``heap`` (a one-shot command's heap kept out of the full garbage collections).
   ``i18n`` (the message catalogues) sits just below them: ``vocabulary`` takes its Dutch words from it.
2a. ``reporters`` : ``ci``: how findings print (SARIF and GitLab Code Quality name each code, so
   they sit above ``codes``) and the CI templates for content repositories.
3. ``model``: the pydantic models of every file kind.
4. ``load``: reads the files and builds the model objects, and indexes the references
   between them. The issue writes the data flow as "files -> load -> model"; in imports it
   runs the other way, since the loader constructs model objects, so ``model`` sits below.
5. ``edit`` : ``splice`` : ``yamlwrite``: the writer that edits YAML in place, in three
   modules that may import each other (never in a circle); it uses load's reader to read
   back what it writes.
6. ``release``: frozen releases, plans, diffs, the changelog and the cut.
7. ``workflow``: proposals and their moves (``propose`` looks up the newest frozen release,
   so ``workflow`` sits above ``release``).
8. ``rules``: the checks. They check workflow and release data (a proposal's history, a
   manifest), so they sit above both.
9. ``check``: runs the rules over a project. ``release cut`` must run the check too; it
   does not import it: the CLI passes ``run_rules`` in.
10. ``qualify``: checklists, self-assessments and the release PDF.
11. ``site`` | ``schemas``: the published site (its downloads come from ``qualify``) and
    the JSON Schemas (from the models, and qualify's self-assessment format).
12. ``cli``: the commands.

Lazy imports inside functions and imports under ``TYPE_CHECKING`` count like any other:
grimp (under import-linter) sees them all. The layers contract is exhaustive, so a new
module of the package fails the test until it is given its layer here; the acyclic
contract names the imports to remove when packages import each other in a circle.
"""

from __future__ import annotations

import subprocess
import sys

LAYERS = (
    "cli",
    "site | schemas",
    "qualify",
    "check",
    "rules",
    "workflow",
    "release",
    "edit : splice : yamlwrite",
    "load",
    "model",
    "reporters : ci",
    "codes | atomic | inputs | paths | versions | vcs | vocabulary | safehtml | forked | heap",
    "i18n",
    "diagnostics",
)

CONTRACT = """\
[importlinter]
root_package = stelsel

[importlinter:contract:layers]
name = stelsel's packages import only the layers below them
type = layers
containers = stelsel
exhaustive = true
layers =
{layers}

[importlinter:contract:acyclic]
name = no cycle between the packages of stelsel
type = acyclic_siblings
ancestors = stelsel
depth = 0
"""


def test_packages_import_only_downward_and_never_in_a_cycle(tmp_path):
    """import-linter keeps both contracts: the layers above, and no cycle between stelsel's packages."""
    config = tmp_path / "importlinter.ini"
    config.write_text(CONTRACT.format(layers="\n".join(f"    {layer}" for layer in LAYERS)), encoding="utf-8")
    # In a process of its own: import-linter reconfigures logging, which would silence the
    # loggers of mkdocs (whose strict mode counts warnings) for the rest of the test run.
    linter = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    run = subprocess.run([sys.executable, "-c", linter, "--config", str(config), "--no-cache"], cwd=tmp_path,
                         capture_output=True, text=True)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "2 kept, 0 broken" in report
