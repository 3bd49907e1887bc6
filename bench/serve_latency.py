#!/usr/bin/env python3
"""bench/serve_latency.py: how long after saving an edit the page `stelsel serve` shows has it.

    .venv/bin/python bench/serve_latency.py TREE [--reps 3] [--page afspraken/TA-061/] [--item TA-061] [--pause 1]

Starts ``stelsel serve TREE`` on a free port on 127.0.0.1, opens the item's page in Chromium
(Debian's, via Playwright, as the browser tests do), then per repetition appends a marker word
to the item's title in its YAML file (saved in one write) and waits until the open page (reloaded
by livereload) shows the marker. The time from the save to the marker on screen is the
edit-to-reload latency. TREE is edited: give it a copy (e.g. ``git clone`` of the repository).
Prints one JSON object: the latencies, their median, the full rebuild times mkdocs logged and
the incremental path's own times as serve logged them (the item page written first, the update
of the rest), with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"stelsel serve did not answer {url} within {timeout:.0f} s")


def item_file(tree: Path, item: str) -> Path:
    found = sorted(tree.glob(f"afsprakenstelsel/**/{item}.yaml"))
    if not found:
        raise SystemExit(f"no {item}.yaml under {tree}/afsprakenstelsel")
    return found[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--item", default="TA-061")
    parser.add_argument("--page", default=None, help="the page to watch (default: afspraken/<item>/)")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--pause", type=float, default=1.0,
                        help="seconds between one edit showing and the next save (a longer pause lets the rest "
                             "of the update finish)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    tree = args.tree.resolve()
    path = item_file(tree, args.item)
    original = path.read_bytes()
    port = free_port()
    log = tree.parent / f"serve-{port}.log"
    env = dict(os.environ, STELSEL_CACHE_DIR=os.environ.get("STELSEL_CACHE_DIR", str(tree.parent / "serve-cache")))
    stelsel = Path(sys.executable).parent / "stelsel"
    with log.open("w") as out:
        server = subprocess.Popen([str(stelsel), "serve", str(tree), "--addr", f"127.0.0.1:{port}"], stdout=out,
                                  stderr=subprocess.STDOUT, env=env)
    latencies = []
    try:
        base = f"http://127.0.0.1:{port}/"
        first_build = wait_up(base, args.timeout)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = browser.new_page()
            page.goto(base + (args.page or f"afspraken/{args.item}/"), wait_until="load")
            for rep in range(args.reps):
                marker = f"Meetwoord{rep}x{int(time.time())}"
                text = original.decode("utf-8")
                edited = re.sub(r"^(title:\s*)(.*)$", lambda m: f"{m.group(1)}{m.group(2)} {marker}", text,
                                count=1, flags=re.M)
                saved = time.perf_counter()
                path.write_text(edited, encoding="utf-8")
                page.wait_for_function("m => document.body && document.body.innerText.includes(m)", arg=marker,
                                       timeout=args.timeout * 1000, polling=50)
                latencies.append(round(time.perf_counter() - saved, 3))
                time.sleep(args.pause)  # let the server settle before the next edit
            browser.close()
    finally:
        path.write_bytes(original)
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    builds = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", text)]
    # stelsel serve's incremental path (site/preview.py): the item page written first, then the rest
    first = [float(x) for x in re.findall(r"written first, in ([0-9.]+) s \(load", text)]
    loads = [float(x) for x in re.findall(r"written first, in [0-9.]+ s \(load ([0-9.]+) s", text)]
    rest = [float(x) for x in re.findall(r"files written again in ([0-9.]+) s", text)]
    print(json.dumps({"tree": str(tree), "item": args.item, "first_answer_s": round(first_build, 2),
                      "latencies_s": latencies, "median_s": statistics.median(latencies),
                      "mkdocs_build_s": builds, "item_page_first_s": first, "incremental_update_s": rest,
                      "item_page_first_load_s": loads,
                      "full_rebuilds": text.count("stelsel: full rebuild ("),
                      "interrupted": text.count("another save came in"),
                      "load_average": os.getloadavg()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
