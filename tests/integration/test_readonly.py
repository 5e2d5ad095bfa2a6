"""Read-only proof: `check`, `tpm`, `ekcert`, `collect`, `eventlog --live` and `fix` (the plan) leave
the TPM's persistent state byte-identical, on every provisioned scenario, and never move the
dictionary-attack counter, even where NV indices are protected by passwords tpmready does not know.

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
             "lockout", "owner-auth-set", "expired-ekcert", "tpm-fresh", "no-ekcert", "extra-nv",
             "nv-passwords", "nv-passwords-owner-auth"]
NOT_READ = "not read: protected by a password (reading it could count towards TPM lockout)"
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


def every_command(spec: str, tmp: str) -> list[list[str]]:
    return [["check", "--tpm", spec, "--format", "json"], ["tpm", "--tpm", spec, "--format", "json"],
            ["ekcert", "--tpm", spec, "--format", "json"],
            ["ekcert", "--tpm", spec, "--derive-ek", "--format", "json"],
            ["collect", "--tpm", spec, "-o", f"{tmp}/b.json"],
            ["eventlog", "--live", str(LOG), "--tpm", spec, "--format", "json"],
            ["fix", "--tpm", spec, "--format", "json"]]


def tpm_state(tpm: SwtpmInstance) -> dict:
    """What a write or a failed authorization would change, read with tpm2-tools: the DA counter and
    TPMA_PERMANENT (auth state, inLockout), the handles, and every NV index's contents (read with
    the right password, which never counts as a failure)."""
    def getcap(what: str) -> str:
        return tpm2tools.run("tpm2_getcap", what, tcti=tpm.tcti).stdout
    props = tpm2tools.parse_properties(getcap("properties-variable"))
    nv = {}
    protected = tpm.env.get("NV_PASSWORD_INDICES", "").split()
    for index in tpm2tools.parse_handles(getcap("handles-nv-index")):
        # Every index of the nv-passwords scenarios is readable with its own auth: the EK
        # certificate's is empty, the others' is NV_PASSWORD.
        auth = ["-P", tpm.env["NV_PASSWORD"]] if f"0x{index:08x}" in protected else []
        read = tpm2tools.run("tpm2_nvread", hex(index), "-C", hex(index), *auth, tcti=tpm.tcti, binary=True, check=False)
        nv[index] = hashlib.sha256(read.stdout).hexdigest() if read.returncode == 0 else f"exit {read.returncode}"
    return {"lockout_counter": props["TPM2_PT_LOCKOUT_COUNTER"], "permanent": props["TPM2_PT_PERMANENT"],
            "persistent": tpm2tools.parse_handles(getcap("handles-persistent")),
            "transient": tpm2tools.parse_handles(getcap("handles-transient")), "nv": nv}


class ReadOnly(unittest.TestCase):
    def run_everything(self, tpm: SwtpmInstance, tmp: str) -> None:
        for args in every_command(tpm.tpm_arg, tmp):
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

    def test_password_protected_nv_indices_never_move_the_lockout_counter(self):
        """Three failed reads lock these TPMs (maxTries 3). Every command runs three times; the DA
        counter, TPMA_PERMANENT, the handles and every NV index's contents must stay as they were."""
        for scenario in ("nv-passwords", "nv-passwords-owner-auth"):
            with self.subTest(scenario=scenario), SwtpmInstance(scenario) as tpm, \
                    tempfile.TemporaryDirectory() as tmp:
                before = tpm_state(tpm)
                self.assertEqual(before["lockout_counter"], 0)
                self.assertNotIn("exit", str(before["nv"]), "the probe must read every index")
                hashed = settled_hash(tpm)
                for _ in range(3):
                    self.run_everything(tpm, tmp)
                self.assertEqual(tpm_state(tpm), before, f"{scenario}: tpmready changed the TPM")
                self.assertEqual(settled_hash(tpm), hashed)

    def test_ekcert_names_the_indices_it_did_not_read_and_why(self):
        with SwtpmInstance("nv-passwords") as tpm:
            run = run_tpmready("ekcert", "--tpm", tpm.tpm_arg, "--format", "json")
            self.assertEqual(run.code, 0, run)
            text = run.stdout
            self.assertIn(f"nv:0x01c0000a: {NOT_READ}", text)
            # 0x01c00100 is owner-readable and this TPM's owner password is known to be empty
            self.assertNotIn("nv:0x01c00100: not read", text)
        with SwtpmInstance("nv-passwords-owner-auth") as tpm:
            run = run_tpmready("ekcert", "--tpm", tpm.tpm_arg, "--format", "json")
            self.assertIn(f"nv:0x01c00100: {NOT_READ}", run.stdout)
            self.assertIn(f"nv:0x01c0000a: {NOT_READ}", run.stdout)
            self.assertEqual(run.json()["certificates"][0]["matches_ek"], True, "the RSA EK certificate was still read")

    def test_the_probe_detects_a_failed_authorization(self):
        """The same read with the empty password, as a careless tool would send it: the counter moves."""
        with SwtpmInstance("nv-passwords-owner-auth") as tpm:
            tpm2tools.run("tpm2_nvread", "0x01c00100", "-C", "0x01c00100", "-s", "8", tcti=tpm.tcti, check=False)
            self.assertEqual(tpm_state(tpm)["lockout_counter"], 1)

    def test_the_probe_detects_a_write(self):
        with SwtpmInstance("healthy-rsa2048") as tpm:
            before = settled_hash(tpm)
            subprocess.run(["tpm2_nvdefine", "0x01500200", "-C", "o", "-s", "8", "-a", "ownerread|ownerwrite"],
                           check=True, capture_output=True, env=dict(os.environ, TPM2TOOLS_TCTI=tpm.tcti))
            self.assertNotEqual(settled_hash(tpm), before)


if __name__ == "__main__":
    unittest.main()
