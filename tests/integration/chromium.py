"""Headless Chromium (Debian's /usr/bin/chromium) for HTML tests: the rendered DOM, the console
messages the page produced, and a screenshot. Flags as recorded for this machine kind: no
sandbox as root, no background networking (the network is closed), a fresh profile."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
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
