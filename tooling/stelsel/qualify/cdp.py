"""A headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``).

Only what printing the release PDF needs: open a page, run a script in it, print it. Without
Playwright's Node driver, whose start-up (about 0.6 s) was a third of the time of printing the
shipped framework's PDF. Messages are JSON, each ended by a NUL byte; Chromium reads commands on
its file descriptor 3 and writes replies and events on 4. Nothing leaves the machine: every host
name resolves to nothing and every other request goes to a proxy that is not there.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import signal
import subprocess
import tempfile
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio", "--no-default-browser-check",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         # headless Chromium still preloads the address bar's popup (a WebUI page in a renderer of its own):
         # a second of CPU time for nothing (bench/results-pdf.md)
         "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup"]


def _profile_parent() -> str | None:
    """Where the browser's throw-away profile goes: in memory (/dev/shm) where there is room to write, so that
    neither its databases nor removing its 130 files wait for a disk; else the temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


class CdpError(RuntimeError):
    """The browser did not start, answered with an error, or went quiet."""


class Browser:
    """One Chromium process and one page in it (a context manager: the process ends on exit)."""

    def __init__(self, executable: str, timeout: float = 300.0):
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="stelsel-chromium-", dir=_profile_parent())
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def wire() -> None:  # in the child: commands on 3, replies on 4 (moved up first: either may be 3 or 4)
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child, from_child)]
            for number, fd in zip((3, 4), high):
                os.dup2(fd, number)  # inheritable, unlike the pipe's own descriptors

        try:
            self._process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
                 "about:blank"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                preexec_fn=wire, close_fds=False, start_new_session=True)  # its own group: ended at once
        except OSError:
            for fd in (self._in, self._out):
                os.close(fd)
            self._profile.cleanup()
            raise
        finally:
            os.close(to_child)
            os.close(from_child)
        self._buffer = bytearray()
        self._closed = False
        self._next = 0
        self.events: list[dict] = []
        self.session = None

    def __enter__(self) -> Browser:
        try:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.send("Page.enable")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """End the browser and remove its profile. Killed, not asked to close: nothing of it is kept, and its
        orderly shutdown (saving the profile) took 0.2–0.5 s (bench/results-pdf.md)."""
        if self._closed:
            return
        self._closed = True
        try:
            os.killpg(self._process.pid, signal.SIGKILL)  # the browser and every process it started
        except (ProcessLookupError, PermissionError):
            pass
        self._process.wait()
        for fd in (self._in, self._out):
            os.close(fd)
        self._profile.cleanup()

    def _read(self, deadline: float) -> dict:
        end = self._buffer.find(b"\0")
        while end < 0:  # a PDF comes as one message of megabytes: look for its end in each new piece only
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise CdpError(f"Chromium did not answer within {self.timeout:.0f} s")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise CdpError(f"Chromium ended (exit code {self._process.poll()})")
            found = chunk.find(b"\0")
            end = len(self._buffer) + found if found >= 0 else -1
            self._buffer += chunk
        message = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        return json.loads(message)

    def send(self, method: str, session: bool = True, **params) -> dict:
        """Send a command (to the page's session unless ``session`` is False) and return its result."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._out, data):]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise CdpError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, event: str) -> dict:
        """The first event named ``event`` (already received or still to come)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for index, message in enumerate(self.events):
                if message.get("method") == event:
                    return self.events.pop(index)
            self.events.append(self._read(deadline))

    def goto(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise CdpError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def pdf(self, tagged: bool) -> bytes:
        """The page printed as A4 (the stylesheet's @page size and margins win), backgrounds included."""
        result = self.send("Page.printToPDF", paperWidth=8.27, paperHeight=11.69, marginTop=0, marginBottom=0,
                           marginLeft=0, marginRight=0, preferCSSPageSize=True, printBackground=True,
                           displayHeaderFooter=False, generateTaggedPDF=tagged, generateDocumentOutline=tagged)
        return base64.b64decode(result["data"])
