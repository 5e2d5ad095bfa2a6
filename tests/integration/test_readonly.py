"""Read-only proof (issue 9): `check`, `tpm`, `ekcert`, `collect` and `eventlog --live` leave the
TPM's persistent state byte-identical, on every provisioned scenario.

swtpm (libtpms) writes its NV to STATE_DIR/tpm2-00.permall whenever a command changes NV, so the
file's hash before and after our commands shows whether anything was written. A control step
proves the probe can fail: defining an NV index with tpm2-tools must change the hash."""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import tpm2tools
from tpmlab import REPO, SwtpmInstance, run_tpmready

SCENARIOS = ["healthy-rsa2048", "healthy-ecc", "rsa3072-sha384", "ekcert-mismatch", "not-persisted",
             "lockout", "owner-auth-set", "expired-ekcert", "tpm-fresh", "no-ekcert", "extra-nv"]
LOG = REPO / "tests" / "data" / "eventlog" / "tt-event-bootorder.bin"


def state_hash(tpm: SwtpmInstance) -> str:
    return hashlib.sha256((tpm.run_dir / "tpm2-00.permall").read_bytes()).hexdigest()


def settled_hash(tpm: SwtpmInstance) -> str:
    """swtpm writes the file when it finishes a command; wait until two reads agree."""
    last = state_hash(tpm)
    for _ in range(20):
        time.sleep(0.05)
        now = state_hash(tpm)
        if now == last:
            return now
        last = now
    return last


class ReadOnly(unittest.TestCase):
    def run_everything(self, tpm: SwtpmInstance, tmp: str) -> None:
        spec = tpm.tpm_arg
        for args in (["check", "--tpm", spec, "--format", "json"], ["tpm", "--tpm", spec, "--format", "json"],
                     ["ekcert", "--tpm", spec, "--format", "json"],
                     ["ekcert", "--tpm", spec, "--derive-ek", "--format", "json"],
                     ["collect", "--tpm", spec, "-o", f"{tmp}/b.json"],
                     ["eventlog", "--live", str(LOG), "--tpm", spec, "--format", "json"]):
            run = run_tpmready(*args)
            self.assertIn(run.code, (0, 1), f"{args[0]}: {run}")

    def test_persistent_state_is_unchanged_on_every_scenario(self):
        for scenario in SCENARIOS:
            with self.subTest(scenario=scenario), SwtpmInstance(scenario) as tpm, tempfile.TemporaryDirectory() as tmp:
                before = settled_hash(tpm)
                self.run_everything(tpm, tmp)
                self.assertEqual(settled_hash(tpm), before, f"{scenario}: tpmready changed the TPM's NV state")

    def test_derive_ek_leaves_no_object_behind(self):
        """--derive-ek's CreatePrimary makes a transient object; swtpm has no resource manager, so a
        missing FlushContext would leave it loaded after tpmready exits. Persistent handles, NV
        indices and the NV state file must be exactly as before."""
        with SwtpmInstance("not-persisted") as tpm:
            def getcap(what: str) -> list[int]:
                return tpm2tools.parse_handles(tpm2tools.run("tpm2_getcap", what, tcti=tpm.tcti).stdout)
            before = (getcap("handles-persistent"), getcap("handles-nv-index"), settled_hash(tpm))
            for _ in range(3):
                run = run_tpmready("ekcert", "--tpm", tpm.tpm_arg, "--derive-ek", "--format", "json")
                self.assertEqual(run.code, 0, run)
                self.assertIs(run.json()["certificates"][0]["matches_ek"], True)
            self.assertEqual(getcap("handles-transient"), [])
            self.assertEqual((getcap("handles-persistent"), getcap("handles-nv-index"), settled_hash(tpm)), before)

    def test_the_probe_detects_a_write(self):
        with SwtpmInstance("healthy-rsa2048") as tpm:
            before = settled_hash(tpm)
            subprocess.run(["tpm2_nvdefine", "0x01500200", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite"],
                           check=True, capture_output=True, env=dict(os.environ, TPM2TOOLS_TCTI=tpm.tcti))
            self.assertNotEqual(settled_hash(tpm), before)


if __name__ == "__main__":
    unittest.main()
