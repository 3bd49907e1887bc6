"""The benchmark harness cannot rot: the generator's trees are valid and ``bench/run --quick`` runs.

The generator must produce a stelsel tree that checks clean (with frozen releases, proposals
in every state and a computed changelog) and Doorstop and StrictDoc trees with the same
items and links; ``bench/run --quick --no-peers`` must run end to end (its speed is measured
by the benchmark itself, never asserted here).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from stelsel.cli.main import cli

REPO = Path(__file__).resolve().parent.parent.parent
BENCH = REPO / "bench"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    stats = _generator().generate(out, 120, releases=3, seed=7)
    return out, stats


def test_generated_stelsel_tree_checks_clean(generated, tmp_path, monkeypatch):
    """Frozen releases with manifests, proposals in every state, a changelog: no findings at all."""
    out, stats = generated
    monkeypatch.setenv("STELSEL_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(cli, ["check", str(out / "stelsel"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["diagnostics"] == []
    root = out / "stelsel"
    assert sorted(p.name for p in (root / "releases").iterdir()) == ["0.1", "0.2", "0.3"]
    assert all((root / "releases" / v / "manifest.json").is_file() for v in ("0.1", "0.2", "0.3"))
    states = {re.search(r"^status: (\S+)", p.read_text(), re.M).group(1) for p in (root / "changes").glob("*.md")}
    assert {"concept", "review", "aangenomen", "afgewezen", "opgenomen"} <= states
    assert stats["stelsel"]["changelog"]["problems"] == 0  # every release change is carried by a proposal
    # a real clone: reviews and decisions committed by the people who made them (provenance checks clean)
    assert stats["stelsel"]["git"]["commits"] > len(list((root / "changes").glob("*.md")))
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True)
    assert status.returncode == 0 and status.stdout == ""
    items = [p for p in (root / "afsprakenstelsel").rglob("*") if p.suffix in (".yaml", ".md")
             and p.parent.name != "releases" and p.name not in ("stelsel.yaml", "governance.yaml")]
    assert len(items) == stats["items"] == 120


def test_generated_trees_have_the_same_items_and_links(generated):
    out, stats = generated
    doorstop_items = [p for p in (out / "doorstop" / "reqs").rglob("*.yml") if p.name != ".doorstop.yml"]
    assert len(doorstop_items) == stats["items"] == stats["doorstop"]["items"]
    doorstop_links = sum(len(re.findall(r"^- \S+: ", p.read_text(), re.M)) for p in doorstop_items)
    assert doorstop_links == stats["links"]

    sdoc = "".join(p.read_text() for p in (out / "strictdoc" / "docs").glob("*.sdoc"))
    assert sdoc.count("[REQUIREMENT]") + sdoc.count("[TEXT]") == stats["items"]
    assert sdoc.count("- TYPE: Parent") + sdoc.count("[LINK: ") - _page_links(out) == stats["links"]
    assert stats["words_per_agreement"] >= 70


def _page_links(out: Path) -> int:
    """[LINK: …] lines in the chapter texts (pages are not counted as links, as in the stelsel tree)."""
    count = 0
    for path in (out / "strictdoc" / "docs").glob("*.sdoc"):
        for block in path.read_text().split("\n\n["):
            if block.startswith("TEXT]"):
                count += block.count("[LINK: ")
    return count


def test_generator_is_deterministic(tmp_path):
    gen = _generator()
    a = gen.generate(tmp_path / "a", 60, releases=2, seed=3, formats=("stelsel",))
    b = gen.generate(tmp_path / "b", 60, releases=2, seed=3, formats=("stelsel",))
    assert a == b
    one = (tmp_path / "a/stelsel/afsprakenstelsel/afspraken").rglob("MA-00010.yaml")
    two = (tmp_path / "b/stelsel/afsprakenstelsel/afspraken").rglob("MA-00010.yaml")
    assert next(one).read_text() == next(two).read_text()


@pytest.mark.slow
def test_bench_run_quick_end_to_end(tmp_path):
    """``bench/run --quick --no-peers`` measures every section (the release PDF too) and writes both result files."""
    proc = subprocess.run([sys.executable, str(BENCH / "run"), "--quick", "--no-peers", "--here",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=180, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert data["mode"] == "quick"
    assert {"nproc", "cpu", "memory_gib", "python", "load_average_start"} <= set(data["machine"])
    by_id = {m["id"]: m for m in data["measurements"]}
    for id_ in ("check_cold.stelsel.100", "check_cold.stelsel-nogit.100", "parse_floor.pyyaml.100",
                "check_warm.stelsel.100", "check_edit.stelsel.100", "check_warm.stelsel-nogit.100",
                "check_edit.stelsel-nogit.100", "diff.stelsel.100", "check_cold.stelsel-nogit.500",
                "check_warm.stelsel-nogit.500", "check_cold.stelsel.500", "parse_floor.pyyaml.500"):
        assert by_id[id_]["status"] == "ok", by_id[id_]
        assert by_id[id_]["median_s"] > 0 and by_id[id_]["peak_rss_mb"] > 0
        assert all(run["cpu"] > 0 for run in by_id[id_]["runs"]), by_id[id_]  # CPU seconds beside the wall time
    assert by_id["check_cold.doorstop.100"]["status"] == "skipped (--no-peers)"
    for id_ in ("site_all_cold.stelsel.100", "site_edit_working.stelsel.100", "site_rebuild.stelsel.100"):
        site = by_id.get(id_) or by_id["site_rebuild.stelsel.100"]
        assert site["status"] == "ok" or site["status"].startswith("stelsel build: not available"), site
    for id_ in ("pdf.stelsel.shipped", "pdf.stelsel.100"):  # the release PDF, default engine only in quick mode
        assert by_id[id_]["status"] == "ok" and by_id[id_]["median_s"] > 0, by_id[id_]
    assert "pdf.weasyprint.100" not in by_id
    assert {t["id"] for t in data["targets"]} == {"cold_vs_doorstop", "cold_vs_floor", "warm_vs_cold",
                                                  "growth_memory", "site_vs_strictdoc", "pdf_shipped", "pdf_1000"}
    text = (tmp_path / "out" / "results.md").read_text()
    assert "## Targets" in text and "## Machine" in text and "load average at start" in text
