"""Build a site-test project: the fixture as the working tree plus frozen releases made from it."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "stelsel"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _manifest(folder: Path, version: str) -> None:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            files[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256("".join(f"{h}  {p}\n" for p, h in sorted(files.items())).encode()).hexdigest()
    manifest = {"format": 1, "version": version, "content_hash": digest, "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def freeze(project: Path, version: str, edits) -> Path:
    """Copy the working tree to releases/<version>/ and apply ``edits(folder)`` to the copy."""
    folder = project / "releases" / version
    shutil.copytree(project / "afsprakenstelsel", folder / "afsprakenstelsel")
    (folder / "changes").mkdir()
    edits(folder / "afsprakenstelsel")
    _manifest(folder, version)
    return folder


def as_release_01(content: Path) -> None:
    """The content as it was in release 0.1: before WV-001 and WV-003."""
    _edit(content / "afspraken" / "TA-002.yaml", "binnen vier uur", "binnen acht uur")
    (content / "afspraken" / "TA-003.yaml").unlink()
    _edit(content / "afspraken" / "TA-004.yaml", "status: vervallen", "status: gereed")
    _edit(content / "afspraken" / "TA-004.yaml", 'until: "0.2"\n', "")
    _edit(content / "stelsel.yaml", 'working_release: "0.2"', 'working_release: "0.1"')


def as_release_00(content: Path) -> None:
    """An even older release (not in the register): only the servicedesk agreement."""
    as_release_01(content)
    _edit(content / "afspraken" / "TA-001.yaml", "telefonisch bereikbaar", "bereikbaar")


def make_project(target: Path) -> Path:
    """The fixture with frozen releases 0.0 and 0.1, at ``target``."""
    shutil.copytree(FIXTURE, target)
    freeze(target, "0.0", as_release_00)
    freeze(target, "0.1", as_release_01)
    return target


@contextlib.contextmanager
def served(directory: Path):
    """``directory`` over HTTP on 127.0.0.1 (a python http.server in a thread); yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
