#!/usr/bin/env python3
"""Wall and CPU time of whole `stelsel pdf` runs, code trees alternating (bench/results-pdf.md, third round).

    .venv/bin/python bench/pdf_cpu.py '{"before": "/tmp/before/tooling", "now": "/tmp/now/tooling"}' \
        '["--release", "1.0", "--root", "."]' 3

Each tree is a ``tooling`` folder (e.g. from ``git archive REV tooling``) put first on PYTHONPATH ("" for the
installed stelsel). CPU is every process of a run, Python's and all of Chromium's: this script makes itself a
child subreaper (Linux prctl), so Chromium's processes, killed with their process group, are reaped here with
their resource usage; waiting for a core on a busy machine does not count, as it does in the wall time.
"""

from __future__ import annotations

import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STELSEL = Path(sys.executable).parent / "stelsel"


def reap_rest() -> float:
    """The CPU seconds of the orphans reaped here (Chromium's processes, once their group was killed)."""
    cpu, idle = 0.0, 0
    while idle < 3:
        try:
            pid, _status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            idle += 1
            time.sleep(0.1)
            continue
        cpu += usage.ru_utime + usage.ru_stime
    return cpu


def main() -> int:
    trees, args, reps = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    out = Path(tempfile.mkdtemp(prefix="pdf-cpu-"))
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for _rep in range(reps):
        for name, pythonpath in trees.items():
            env = dict(os.environ)
            if pythonpath:
                env["PYTHONPATH"] = pythonpath
            load = Path("/proc/loadavg").read_text().split()[0]
            started = time.perf_counter()
            process = subprocess.Popen([str(STELSEL), "pdf", *args, "--output", str(out / f"{name}.pdf")], env=env,
                                       stderr=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            cpu = usage.ru_utime + usage.ru_stime + reap_rest()
            results[name].append((wall, cpu))
            print(f"{name:10s} wall {wall:.2f} s, CPU {cpu:.2f} s, load {load}, exit {os.waitstatus_to_exitcode(status)}",
                  flush=True)
    for name, runs in results.items():
        walls, cpus = sorted(w for w, _c in runs), sorted(c for _w, c in runs)
        print(f"{name:10s} wall median {statistics.median(walls):.2f} best {walls[0]:.2f} | "
              f"CPU median {statistics.median(cpus):.2f} best {cpus[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
