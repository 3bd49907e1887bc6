"""``stelsel serve``: mkdocs' live-reload server, updating the preview in place after an edit.

mkdocs' own ``serve`` builds the whole site again on every change and polls the watched
folders twice a second. Here the server is told of a change at once (inotify, where the system
has it), learns which files changed, and hands them to :class:`Driver`, which takes one of two
paths and says which in the terminal:

- **incremental** (incremental.py): the edited item's own page first (the browsers reload),
  then every page whose generated text changed, those open in a browser first; the check runs
  after them, and the pages whose findings banner changed follow;
- **full**: mkdocs' build, as before, when the change is structural (a file added, removed or
  renamed, the framework config, governance, the navigation ...), in strict mode, or when the
  incremental path fails.

Never a stale page: while a build or an update may still change a page, the server holds the
request for it until the page is written (assets are served meanwhile), and the browsers reload
once the first changed pages are on disk. A save during an update interrupts it (the next
update writes what it left).
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from .incremental import Built, Capture, Interrupted, Preview, Structural, inventory

log = logging.getLogger("mkdocs.plugins.stelsel")
# Served while pages are held: the theme's and the site's static files (a full build holds them too).
STATIC = (".css", ".js", ".mjs", ".map", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2",
          ".ttf")
# What a save does to a file (inotify also reports a file opened or read: the build itself reads them).
WRITES = frozenset({"created", "modified", "deleted", "moved", "closed"})
HOLD_LIMIT = 120.0  # seconds a request waits for its page at most


def _key(url: str) -> str:
    """A site URL in one form: 'x/y/', 'x/y/index.html' and 'x/y' alike."""
    url = url.split("?", 1)[0].lstrip("/")
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url.rstrip("/")


class PreviewServer(LiveReloadServer):
    """The live-reload server, told of changes at once, with the paths that changed, and holding
    the requests for pages that are being written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_delay = 0.05  # the pause that gathers the events of one save
        try:
            self.observer = watchdog.observers.Observer()  # inotify on Linux: no polling delay
        except Exception:  # noqa: BLE001 - no native observer: keep mkdocs' polling one
            pass
        self.changed: set[Path] = set()
        self._gate = threading.Condition()
        self._hold_mode = None  # None: nothing held; 'all': every request; 'pages': every page
        self._held: set[str] = set()  # the URLs of pages not written yet
        self._fresh: set[str] = set()  # the URLs of pages written already
        self._busy = 0  # requests being answered (not those waiting for their page)
        self._viewed: dict[str, float] = {}  # page URL -> when a browser showing it last asked for reloads
        self._quiet_since = time.monotonic()

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        """As mkdocs' watch, recording the paths that changed."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def callback(event):
            if event.is_directory or event.event_type not in WRITES:
                return
            with self._rebuild_cond:
                for name in (event.src_path, getattr(event, "dest_path", "")):
                    if name:
                        self.changed.add(Path(os.fsdecode(name)))
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback
        try:
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)
        except OSError:  # e.g. out of inotify watches: poll this path
            if not hasattr(self, "_poller"):
                self._poller = watchdog.observers.polling.PollingObserver(timeout=0.5)
                self._poller.start()
            self._watch_refs[path] = self._poller.schedule(handler, path, recursive=recursive)

    # -- holding requests ------------------------------------------------------------------

    def hold(self, mode: str | None = None, urls=(), fresh=()) -> None:
        """Hold requests: ``mode`` 'all' every one, 'pages' every page but those in ``fresh``
        (written already), None only those for ``urls``."""
        with self._gate:
            self._hold_mode = mode
            self._held = {_key(u) for u in urls}
            self._fresh = {_key(u) for u in fresh}
            self._gate.notify_all()

    def release(self, urls) -> None:
        with self._gate:
            self._held -= {_key(u) for u in urls}
            self._gate.notify_all()

    def viewed(self) -> set[str]:
        """The URLs of the pages open in a browser (polling for reloads in the last two minutes)."""
        with self._gate:
            return {url for url, when in self._viewed.items() if time.monotonic() - when < 120}

    def pending(self) -> bool:
        """A save came in since the update began."""
        return self._want_rebuild

    def reload(self) -> None:
        """Tell the browsers to reload (the pages they ask for are held until written)."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = max(self._visible_epoch + 1, round(time.monotonic() * 1000))
            self._epoch_cond.notify_all()
        log.info("Reloading browsers")

    def _held_now(self, path: str) -> bool:
        if self._hold_mode == "all":
            return True
        key = _key(path[len(self.mount_path) - 1:])
        if self._hold_mode == "pages" and not path.endswith(STATIC) and key not in self._fresh:
            return True
        return key in self._held

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):  # a browser's poll for the next reload: it waits, it is not busy
            referer = urlsplit(environ.get("HTTP_REFERER") or "").path
            with self._gate:
                self._busy -= 1
                if referer.startswith(self.mount_path):
                    self._viewed[_key(referer[len(self.mount_path) - 1:])] = time.monotonic()
            try:
                return super()._serve_request(environ, start_response)
            finally:
                with self._gate:
                    self._busy += 1
        with self._gate:
            self._busy -= 1  # waiting is not being answered
            self._gate.wait_for(lambda: not self._held_now(path), timeout=HOLD_LIMIT)
            self._busy += 1
        return super()._serve_request(environ, start_response)

    def process_request_thread(self, request, client_address):
        with self._gate:
            self._busy += 1
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._gate:
                self._busy -= 1
                self._quiet_since = time.monotonic()
                self._gate.notify_all()

    def settle(self, least: float = 0.25, quiet: float = 0.15, most: float = 1.5) -> None:
        """Wait (``least`` seconds, at most ``most``) until no request has been answered for ``quiet``
        seconds: the browsers told to reload get their page and assets before the next CPU-heavy step
        takes the interpreter (requests and the build share one process)."""
        start = time.monotonic()
        time.sleep(least)
        with self._gate:
            while time.monotonic() - start < most:
                if self._busy <= 0 and time.monotonic() - self._quiet_since >= quiet:
                    return
                self._gate.wait(timeout=0.05)

    # -- the build loop ----------------------------------------------------------------------

    def _build_loop(self):
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(lambda: self._want_rebuild or self._shutdown,
                                                      timeout=self.shutdown_delay):
                    pass
                if self._shutdown:
                    break
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # the rest of this save's events
                changed, self.changed = self.changed, set()
                self._want_rebuild = False
            try:
                self.builder(changed)
            except Exception:  # noqa: BLE001 - the server goes on; the next save builds again
                traceback.print_exc()
                log.error("An error happened during the rebuild: the preview shows the last good build.")
            finally:
                if not self._want_rebuild:  # else the next update decides what is held
                    self.hold(None)


class Driver:
    """Chooses the path for each change and runs it: the incremental update, else the full build."""

    def __init__(self, root: Path, get_config, serve_url: str, strict: bool):
        self.root = root
        self.get_config = get_config
        self.serve_url = serve_url
        self.strict = strict
        self.server: PreviewServer | None = None
        self.preview: Preview | None = None

    def full(self, config=None, reason: str = "first build") -> None:
        from ..load.tree import scanned_dirs

        log.info(f"stelsel: full rebuild ({reason})")
        if self.server is not None:
            self.server.hold("all")
        self.preview = None
        if config is None:
            config = self.get_config()
            config.site_url = self.serve_url
        built = Built(inventory=inventory(self.root, scanned_dirs(self.root)))
        config.plugins["stelsel-preview"] = Capture(built)
        build(config, serve_url=self.serve_url)
        built.config = config
        built.plugin = config.plugins["stelsel"]
        built.search = next((p for p in config.plugins.values()
                             if type(p).__module__.startswith("material.plugins.search")), None)
        self.preview = Preview(built, self.root)
        self.preview.warm()
        if self.server is not None:
            self.server.hold(None)
            self.server.reload()
        _settle()

    def rebuild(self, changed: set[Path]) -> None:
        """After a save: the incremental update when it can tell what changed, else the full build."""
        names = ", ".join(sorted(_rel(p, self.root) for p in changed)[:3]) or "unknown files"
        if self.preview is None:
            return self.full(reason=f"{names}; the last build failed")
        if self.strict:
            return self.full(reason=f"{names}; --strict builds in full")
        server = self.server
        server.hold("pages")
        started = time.perf_counter()
        try:
            outcome = self.preview.update(changed, gate=server)
        except Structural as exc:
            return self.full(reason=f"structural change: {exc}")
        except Interrupted:
            log.info(f"stelsel: incremental update ({names}): another save came in while the pages were generated; "
                     "starting again with it (the pages not written yet stay held)")
            return
        except Exception as exc:  # noqa: BLE001 - the full build is always right
            log.warning(f"stelsel: the incremental update failed ({type(exc).__name__}: {exc}): building in full")
            return self.full(reason=f"{names}; the incremental update failed")
        seconds = outcome.seconds
        written = outcome.written
        shown = ", ".join(written[:4]) + (f" and {len(written) - 4} more" if len(written) > 4 else "")
        if outcome.first:
            log.info(f"stelsel: incremental update ({names}): the item page(s) written first, "
                     + (f"written again by the full generation: {', '.join(outcome.corrected)}"
                        if outcome.corrected else "the full generation wrote them alike"))
        log.info(f"stelsel: incremental update ({names}): {len(written)} of {outcome.total} files written again "
                 f"in {time.perf_counter() - started:.2f} s (load {seconds['load']:.2f} s, first "
                 f"{seconds['first']:.2f} s, generate {seconds['generate']:.2f} s, write {seconds['write']:.2f} s)"
                 f"{': ' + shown if shown else ''}; "
                 f"{'search index refreshed' if outcome.searched else 'search index unchanged'}")
        if outcome.left:
            log.info(f"stelsel: another save came in: {len(outcome.left)} page(s) left for the next update "
                     "(held until written); the check waits")
            return
        if server.pending():
            log.info("stelsel: another save came in: the check waits for the next update")
            return
        started = time.perf_counter()
        marked = self.preview.recheck(gate=server)
        log.info(f"stelsel: checked after the update in {time.perf_counter() - started:.2f} s: "
                 + (f"findings banner changed on {len(marked)} page(s), written again" if marked
                    else "no findings banner changed"))
        _settle()


def _settle() -> None:
    """Between edits: the garbage collected, what the preview keeps moved out of the collector's way
    (a collection during the next update's load would walk the kept site again and again)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def serve(root: Path, config_file: Path, addr: str, strict: bool) -> None:
    """Serve the working version of ``root`` at ``addr`` until interrupted."""
    site_dir = tempfile.mkdtemp(prefix="stelsel-serve-")

    def get_config():
        return load_config(config_file=str(config_file), site_dir=site_dir, dev_addr=addr, strict=strict)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    # The build shares the interpreter with the requests: hand it over more often than every 5 ms.
    sys.setswitchinterval(0.001)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    driver = Driver(root.resolve(), get_config, serve_url, strict)
    server = PreviewServer(builder=driver.rebuild, host=host, port=port, root=site_dir, mount_path=mount_path)

    def error_page(code: int) -> bytes | None:
        page = posixpath.join(site_dir, f"{code}.html")
        if code in (404, 500) and os.path.isfile(page):
            with open(page, "rb") as handle:
                return handle.read()
        return None

    server.error_handler = error_page
    try:
        driver.full(config)
        driver.server = server
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=driver.rebuild)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
