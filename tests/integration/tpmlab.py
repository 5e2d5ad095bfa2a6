"""Test-side glue for tests/tpmlab: running swtpm instances from provisioned templates, and
running the tpmready binary under test.

Configuration (set by tests/integration/integration.cmake, or by hand):
  TPMREADY_BIN         path of the tpmready binary
  TPMLAB_TEMPLATES     directory of provisioned templates (tests/tpmlab/provision-all.sh OUT_DIR)
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[2]
TPMLAB = REPO / "tests" / "tpmlab"
SKIP_EXIT = 77  # CTest SKIP_RETURN_CODE of the suites (integration.cmake)
_stopping: list[subprocess.Popen] = []


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@atexit.register
def _wait_for_stops() -> None:
    for p in _stopping:
        p.wait(timeout=30)


def templates_dir() -> Path:
    d = os.environ.get("TPMLAB_TEMPLATES")
    if not d:
        raise unittest.SkipTest("TPMLAB_TEMPLATES not set (run through ctest, or provision-all.sh)")
    return Path(d)


def tpmready_bin() -> Path:
    b = os.environ.get("TPMREADY_BIN")
    if not b or not os.access(b, os.X_OK):
        raise RuntimeError(f"TPMREADY_BIN not set or not executable: {b!r}")
    return Path(b)


def scenario_env(template: Path) -> dict[str, str]:
    out = {}
    for line in (template / "scenario.env").read_text().splitlines():
        key, _, value = line.partition("=")
        out[key] = value
    return out


class SwtpmInstance:
    """A private copy of a scenario template with its own swtpm (swtpm-from-template.sh)."""

    def __init__(self, scenario: str):
        self.scenario = scenario
        self.template = templates_dir() / scenario
        if not (self.template / ".complete").exists():
            raise RuntimeError(f"template {self.template} missing or incomplete")
        self.env = scenario_env(self.template)
        self.run_dir: Optional[Path] = None
        self.port = 0

    @property
    def tcti(self) -> str:
        return f"swtpm:host=127.0.0.1,port={self.port}"

    @property
    def tpm_arg(self) -> str:
        return f"tcp:127.0.0.1:{self.port}"

    def start(self) -> "SwtpmInstance":
        self.run_dir = Path(tempfile.mkdtemp(prefix=f"tpmlab-{self.scenario}-"))
        p = subprocess.run([str(TPMLAB / "swtpm-from-template.sh"), str(self.template),
                            str(self.run_dir)], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, TPMLAB_QUIET="1"))
        if p.returncode != 0:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            raise RuntimeError(f"swtpm-from-template.sh {self.scenario} failed: {p.stderr.strip()}")
        self.port = int((self.run_dir / "swtpm.port").read_text())
        return self

    def stop(self, wait: bool = False) -> None:
        """Orderly stop (swtpm-down.sh), then remove the copy. swtpm needs 1-2 s to exit after
        SIGTERM, so by default this runs in the background (finished at interpreter exit)."""
        if self.run_dir is None:
            return
        p = subprocess.Popen(["sh", "-c", '"$0" "$1"; rm -rf "$1"', str(TPMLAB / "swtpm-down.sh"),
                              str(self.run_dir)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=dict(os.environ, TPMLAB_QUIET="1"))
        _stopping.append(p)
        self.run_dir = None
        if wait:
            p.wait(timeout=30)

    def __enter__(self) -> "SwtpmInstance":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Run:
    """Result of one tpmready process."""

    def __init__(self, p: subprocess.CompletedProcess, seconds: float):
        self.code = p.returncode
        self.stdout = p.stdout
        self.stderr = p.stderr
        self.seconds = seconds

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def json(self) -> dict:
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return (f"tpmready exit {self.code} after {self.seconds:.2f}s\n"
                f"stderr: {self.stderr.strip()!r}\nstdout: {self.stdout[:400]!r}")


def run_tpmready(*args: str, env: Optional[dict] = None, timeout: float = 60) -> Run:
    full_env = dict(os.environ)
    full_env.pop("TPMREADY_TPM_TIMEOUT_MS", None)
    full_env.update(env or {})
    t0 = time.monotonic()
    p = subprocess.run([str(tpmready_bin()), *args], capture_output=True, text=True,
                       timeout=timeout, env=full_env)
    return Run(p, time.monotonic() - t0)


def run_tpmready_raw(*args: str, env: Optional[dict] = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """As run_tpmready, but stdout and stderr stay bytes: for tests of the output's own encoding
    (decode them with .decode("utf-8"), which is strict)."""
    full_env = dict(os.environ)
    full_env.pop("TPMREADY_TPM_TIMEOUT_MS", None)
    full_env.update(env or {})
    return subprocess.run([str(tpmready_bin()), *args], capture_output=True, timeout=timeout, env=full_env)


def tpm_command_implemented() -> bool:
    """False when the tpmready under test has no `tpm --tpm` command (a build without it)."""
    p = subprocess.run([str(tpmready_bin()), "tpm", "--help"], capture_output=True, text=True,
                       timeout=30)
    return p.returncode == 0 and "--tpm" in p.stdout


def main_skipping_if_placeholder() -> None:
    """unittest.main(), but exit SKIP_EXIT when the command under test does not exist yet, so
    CTest reports the suite as skipped instead of passing it vacuously."""
    if not tpm_command_implemented():
        print(f"SKIPPED: {tpmready_bin()} has no `tpm --tpm` command yet (placeholder)")
        raise SystemExit(SKIP_EXIT)
    unittest.main(verbosity=2)
