#!/usr/bin/env python3
"""Does a set of commits change what the shipped Twiin site and release PDF say?

    .venv/bin/python tests/tools/compare_shipped.py COMMIT [COMMIT ...] [--pdf-release 1.0]

Exports HEAD twice (``git archive``, no working-tree changes of anyone), takes the given
commits back out of one copy (``git apply -R`` of each, newest first), builds the shipped
site (every frozen release and the working version) and the release PDF in both copies,
each with its own code (PYTHONPATH), and compares the text of every page (HTML without
scripts, styles and tags, white space collapsed) and of the PDF. Prints the pages that
differ (a few lines of each) and exits 0 when the text is the same, 1 when it is not.
"""

from __future__ import annotations

import argparse
import difflib
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SKIPPED = ("script", "style", "noscript")


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def export(target: Path) -> None:
    data = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=REPO, check=True, capture_output=True).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(target, filter="data")


def take_out(tree: Path, commits: list[str]) -> None:
    for commit in commits:
        patch = subprocess.run(["git", "show", "--format=", "--binary", commit], cwd=REPO, check=True,
                               capture_output=True).stdout
        done = subprocess.run(["git", "apply", "-R", "--whitespace=nowarn"], cwd=tree, input=patch, capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"cannot take {commit} back out of HEAD: {done.stderr.decode()}")


def build(tree: Path, pdf_release: str | None) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree / "tooling"), "STELSEL_CACHE_DIR": str(tree / ".cache")}
    stelsel = [sys.executable, "-c", "import sys; from stelsel.cli.main import main; sys.argv[0]='stelsel'; main()"]
    for args in (["build", "-C", str(tree), "--site-dir", str(tree / "site")],
                 *([["pdf", "-C", str(tree), "--release", pdf_release, "--output", str(tree / "release.pdf")]]
                   if pdf_release else [])):
        done = subprocess.run([*stelsel, *args], env=env, cwd=tree, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"stelsel {args[0]} failed in {tree}:\n{done.stdout}\n{done.stderr}")


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(path).pages)).strip()


def compare(before: Path, after: Path) -> list[str]:
    pages_before = {p.relative_to(before).as_posix() for p in before.rglob("*.html")}
    pages_after = {p.relative_to(after).as_posix() for p in after.rglob("*.html")}
    out = [f"only without the commits: {p}" for p in sorted(pages_before - pages_after)]
    out += [f"only with the commits: {p}" for p in sorted(pages_after - pages_before)]
    for rel in sorted(pages_before & pages_after):
        one, two = page_text(before / rel), page_text(after / rel)
        if one != two:
            words = list(difflib.unified_diff(one.split(" "), two.split(" "), lineterm="", n=3))[2:12]
            out.append(f"{rel}: text differs: {' '.join(words)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+")
    parser.add_argument("--pdf-release", default="1.0")
    parser.add_argument("--keep", action="store_true", help="keep the two trees (their paths are printed)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="stelsel-compare-"))
    with_commits, without = base / "with", base / "without"
    try:
        export(with_commits)
        export(without)
        take_out(without, list(reversed(args.commits)))
        for tree in (without, with_commits):
            build(tree, args.pdf_release)
        found = compare(without / "site", with_commits / "site")
        pages = len(list((with_commits / "site").rglob("*.html")))
        if args.pdf_release:
            one, two = pdf_text(without / "release.pdf"), pdf_text(with_commits / "release.pdf")
            if one != two:
                words = list(difflib.unified_diff(one.split(" "), two.split(" "), lineterm="", n=3))[2:12]
                found.append(f"release {args.pdf_release} PDF: text differs: {' '.join(words)}")
        for line in found:
            print(line)
        print(f"{pages} pages{' and the release ' + args.pdf_release + ' PDF' if args.pdf_release else ''} compared: "
              + ("the same text" if not found else f"{len(found)} difference(s)"))
        if args.keep:
            print(f"trees kept in {base}")
        raise SystemExit(1 if found else 0)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
