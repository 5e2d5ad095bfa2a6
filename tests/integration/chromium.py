"""Headless Chromium (Debian's /usr/bin/chromium) for HTML tests: the rendered DOM, the console
messages the page produced, and a screenshot; `DevTools` drives a page over the DevTools protocol
(viewport width, scripts in the page, full-page screenshots). Flags as recorded for this machine
kind: no sandbox as root, no background networking (the network is closed), a fresh profile."""
from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def binary() -> str | None:
    return shutil.which("chromium")


def _run(page: Path, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([binary(), *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120)


def console_messages(stderr: str) -> list[str]:
    """Console output of the page (Chromium logs it as INFO:CONSOLE lines)."""
    return [line for line in stderr.splitlines() if re.search(r":CONSOLE[:(]", line)]


def dump_dom(page: Path) -> tuple[str, list[str]]:
    p = _run(page, "--dump-dom")
    return p.stdout, console_messages(p.stderr)


def screenshot(page: Path, png: Path, width: int = 412, height: int = 1400) -> None:
    """A phone-width screenshot (412 px)."""
    _run(page, f"--screenshot={png}", f"--window-size={width},{height}", "--hide-scrollbars")


class DevTools:
    """Chromium driven over the DevTools protocol on --remote-debugging-pipe (Python's stdlib only:
    fd 3 carries our commands, fd 4 the answers and events, each a JSON text ended by NUL). One
    page, loaded at a viewport width:

        with chromium.DevTools() as cdp:
            cdp.load(page, width=390)
            facts = cdp.evaluate("document.title")
            cdp.screenshot(png)
    """

    def __init__(self, timeout: float = 60):
        self.timeout = timeout
        self._next_id = 0
        self._events: list[dict] = []
        self._buffer = b""
        self._profile = tempfile.TemporaryDirectory()
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The child's ends moved above 3 and 4 first, so that wiring one cannot overwrite the other
        # (and dup2 onto another number drops close-on-exec).
        for fd in (to_browser_r, from_browser_w):
            high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            if fd == to_browser_r:
                to_browser_r = high
            else:
                from_browser_w = high

        def wire_fds() -> None:  # in the child, before exec: its fd 3 and 4 are the pipes
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self._proc = subprocess.Popen(
            [binary(), *FLAGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
             "--hide-scrollbars", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=wire_fds, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._stderr: list[str] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.send(f"{domain}.enable", session=True)
        except BaseException:
            self.close()
            raise

    def _drain_stderr(self) -> None:
        for line in self._proc.stderr:  # Chromium's log; a full pipe would stall it
            self._stderr.append(line.decode(errors="replace").rstrip("\n"))

    def __enter__(self) -> "DevTools":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                self.send("Browser.close", timeout=10)
            except (OSError, RuntimeError, TimeoutError):
                pass
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe: " + " | ".join(self._stderr[-5:]))
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: bool = False,
             timeout: float | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") != self._next_id:
                self._events.append(answer)
                continue
            if "error" in answer:
                raise RuntimeError(f"{method}: {answer['error']}")
            return answer.get("result", {})

    def wait_event(self, method: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method:
                    return self._events.pop(i)
            self._events.append(self._read_message(deadline))

    def console(self) -> list[str]:
        """What the page logged (console calls, errors, failed loads) since the last load."""
        out = []
        for e in self._events:
            if e.get("method") == "Runtime.consoleAPICalled":
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in e["params"]["args"]))
            elif e.get("method") == "Runtime.exceptionThrown":
                out.append(e["params"]["exceptionDetails"].get("text", "exception"))
            elif e.get("method") == "Log.entryAdded":
                out.append(e["params"]["entry"].get("text", ""))
        return out

    def load(self, page: Path, width: int, height: int = 900) -> None:
        """Opens `page` in a viewport `width` CSS pixels wide; narrow widths as a phone (mobile
        viewport, touch), so that the page's <meta name=viewport> applies as on a phone."""
        self._events.clear()
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}, session=True)
        self.send("Page.navigate", {"url": page.resolve().as_uri()}, session=True)
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-serialisable results only)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, png: Path, clip: dict | None = None) -> None:
        """The whole page (or `clip`: x, y, width, height in CSS pixels) as PNG."""
        if clip is None:
            size = self.send("Page.getLayoutMetrics", session=True)["cssContentSize"]
            clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"]}
        shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {**clip, "scale": 1}}, session=True)
        png.write_bytes(base64.b64decode(shot["data"]))
