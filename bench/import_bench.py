#!/usr/bin/env python3
"""bench/import_bench.py: how long ``stelsel import`` takes for a catalogue of N rows (target: 1,000 rows < 10 s).

    .venv/bin/python bench/import_bench.py              N = 1,000, three repetitions
    .venv/bin/python bench/import_bench.py --rows 5000 --reps 1

Each repetition starts from a new framework (``stelsel init --language en``, with git) and
times, each as a separate process from the outside (wall clock):

- ``plain``: ``stelsel import v1.csv`` (N rows become N agreement files; nothing cut);
- ``release``: the same CSV into a fresh framework with ``--as-release 1.0`` (the import is
  recorded, committed, and release 1.0 cut: the full check runs three times);
- ``next``: then ``v2.csv`` with ``--as-release 1.1`` (10 % of the rows changed, 5 % gone,
  5 % new).

Prints one line per measurement (median, min, max) with the load average before and after,
and writes bench/results-import.md with --out.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LIMIT_S = 10.0
MAP = "id=Ref,title=Name,statement=Requirement,applies_to=Roles,layers=Layer"
PEOPLE = ("Ann Smith <ann@example.org> (Org A)",)
LAYERS = ("Organisational", "Technical")
WORDS = ("MUST", "MUST NOT", "SHOULD", "MAY")


def stelsel() -> list[str]:
    return [sys.executable, "-c", "import sys; from stelsel.cli.main import main; sys.argv[0] = 'stelsel'; main()"]


def write_catalogue(path: Path, n: int, version: int) -> None:
    """N rows; version 2 changes every 10th row, drops every 20th and adds N/20 new ones."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Ref", "Name", "Requirement", "Roles", "Layer"])
        for i in range(1, n + 1):
            if version == 2 and i % 20 == 0:
                continue
            extra = " It is reviewed every year." if version == 2 and i % 10 == 0 else ""
            out.writerow([f"REQ-{i:05d}", f"Requirement {i}",
                          f"A participant {WORDS[i % 4]} keep record {i} of the exchange.{extra}",
                          "Participant", LAYERS[i % 2]])
        if version == 2:
            for i in range(n + 1, n + n // 20 + 1):
                out.writerow([f"REQ-{i:05d}", f"Requirement {i}", f"A participant MUST keep record {i}.",
                              "Participant", LAYERS[i % 2]])


def env(base: Path) -> dict:
    return {**os.environ, "STELSEL_CACHE_DIR": str(base / "cache"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "Ann Smith", "GIT_AUTHOR_EMAIL": "ann@example.org",
            "GIT_COMMITTER_NAME": "Ann Smith", "GIT_COMMITTER_EMAIL": "ann@example.org"}


CPU: dict[str, float] = {}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], base: Path, key: str | None = None) -> float:
    """Wall-clock seconds of ``cmd``; its CPU seconds (user + system, with its git children) in CPU[key]."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env(base), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd[3:])}\n{done.stdout}\n{done.stderr}")
    if key is not None:
        CPU[key] = _cpu() - cpu
    return elapsed


def new_framework(base: Path, name: str) -> Path:
    root = base / name
    run([*stelsel(), "init", str(root), "--language", "en", "--title", "Bench Framework", "--person", PEOPLE[0],
         "--forge", "none"], base)
    run([*stelsel(), "-C", str(root), "release", "cut", "0.1", "--as", "ann", "--founding"], base)
    return root


def repetition(base: Path, n: int) -> dict[str, float]:
    v1, v2 = base / "v1.csv", base / "v2.csv"
    write_catalogue(v1, n, 1)
    write_catalogue(v2, n, 2)
    plain = new_framework(base, "plain")
    times = {"plain": run([*stelsel(), "-C", str(plain), "import", str(v1), "--map", MAP, "--level-from-text"], base,
                          "plain")}
    released = new_framework(base, "released")
    times["release"] = run([*stelsel(), "-C", str(released), "import", str(v1), "--map", MAP, "--level-from-text",
                            "--as-release", "1.0", "--as", "ann"], base, "release")
    times["next"] = run([*stelsel(), "-C", str(released), "import", str(v2), "--map", MAP, "--level-from-text",
                         "--as-release", "1.1", "--as", "ann"], base, "next")
    return {**times, **{f"{k} cpu": v for k, v in CPU.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="write results-import.md into this folder")
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs: list[dict[str, float]] = []
    for rep in range(args.reps):
        base = Path(tempfile.mkdtemp(prefix="stelsel-import-bench-"))
        try:
            runs.append(repetition(base, args.rows))
        finally:
            shutil.rmtree(base, ignore_errors=True)
        print(f"repetition {rep + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in runs[-1].items()), file=sys.stderr)
        CPU.clear()
    load_after = os.getloadavg()
    lines = [f"# stelsel import: {args.rows} rows", "",
             f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores; "
             f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
             f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {args.reps} repetition(s).", "",
             "Wall clock from the outside; CPU = user + system time of the process and its children (git), "
             "which the load of other processes on the machine disturbs less.", "",
             "| measurement | median (s) | min | max | CPU median (s) | target |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    what = {"plain": f"import {args.rows} rows as item files",
            "release": f"import {args.rows} rows --as-release 1.0 (record, commit, cut)",
            "next": "next version --as-release 1.1 (10 % changed, 5 % withdrawn, 5 % added)"}
    for key, label in what.items():
        values = [r[key] for r in runs]
        median = statistics.median(values)
        target = f"< {LIMIT_S:.0f} s: {'met' if median < LIMIT_S else 'MISSED'}" if key == "plain" else ""
        cpu = statistics.median(r[f"{key} cpu"] for r in runs)
        lines.append(f"| {label} | {median:.2f} | {min(values):.2f} | {max(values):.2f} | {cpu:.2f} | {target} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out is not None:
        (args.out / "results-import.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
