"""`tpmready check` (live) and `collect` → `analyze` against the provisioned swtpm scenarios
(tests/tpmlab/README.md). Each scenario differs from healthy-rsa2048 in one respect, so each must
add exactly its own root cause beside tpm.not_virtual (swtpm is a software TPM, which blocks
attestation but causes none of the other findings). The lab's own test CA is given as --ca-store."""
from __future__ import annotations

import json
import os
import tempfile
import unittest

from tpmlab import REPO, SwtpmInstance, run_tpmready

# scenario -> (extra root causes besides tpm.not_virtual, {finding: status})
EXPECTED = {
    "healthy-rsa2048": (set(), {"tpm.present": "pass", "ek.present": "pass", "ek.cert.present": "pass",
                                "ek.cert.matches_ek": "pass", "ek.cert.service_compatible": "pass",
                                "ek.cert.valid_dates": "pass", "ek.cert.chain": "pass",
                                "tpm.not_locked_out": "pass", "clock.sane": "pass", "tpm.not_in_failure_mode": "pass",
                                "win.eula_accepted": "not_applicable", "tpm.owned": "not_applicable"}),
    "healthy-ecc": (set(), {"ek.cert.present": "pass", "ek.cert.matches_ek": "pass",
                            "ek.cert.service_compatible": "pass"}),
    "no-ekcert": ({"ek.cert.present"}, {"ek.cert.present": "fail", "ek.present": "pass"}),
    "rsa3072-sha384": ({"ek.cert.service_compatible"}, {"ek.cert.service_compatible": "fail",
                                                        "ek.cert.matches_ek": "pass"}),
    "ekcert-mismatch": ({"ek.cert.matches_ek"}, {"ek.cert.matches_ek": "fail", "ek.cert.chain": "pass"}),
    "expired-ekcert": ({"ek.cert.valid_dates"}, {"ek.cert.valid_dates": "fail", "ek.cert.matches_ek": "pass"}),
    "lockout": ({"tpm.not_locked_out"}, {"tpm.not_locked_out": "fail", "tpm.not_in_failure_mode": "pass"}),
    "not-persisted": (set(), {"ek.present": "warn", "ek.cert.present": "pass"}),
    "owner-auth-set": (set(), {"tpm.not_locked_out": "pass", "ek.cert.chain": "pass"}),
    "tpm-fresh": ({"ek.cert.present"}, {"ek.cert.present": "fail", "ek.present": "warn"}),
}


def statuses(report: dict) -> dict:
    return {f["id"]: f["status"] for f in report["findings"]}


class CheckOnSwtpm(unittest.TestCase):
    maxDiff = None

    def check(self, tpm: SwtpmInstance, *extra: str):
        chain = tpm.template / "lab" / "ca" / "chain.pem"
        ca = ["--ca-store", str(chain)] if chain.exists() else []
        return run_tpmready("check", "--tpm", tpm.tpm_arg, *ca, "--format", "json", *extra)

    def test_every_scenario_gives_its_own_root_cause(self):
        for scenario, (extra_roots, want) in EXPECTED.items():
            with self.subTest(scenario=scenario), SwtpmInstance(scenario) as tpm:
                run = self.check(tpm)
                self.assertEqual(run.code, 1, run)  # swtpm: never ready
                report = run.json()
                self.assertEqual(report["verdict"], "not_ready")
                self.assertEqual(report["scope"], "tpm-only")
                roots = {r["id"] for r in report["root_causes"]}
                self.assertEqual(roots, {"tpm.not_virtual"} | extra_roots, run)
                got = statuses(report)
                for fid, status in want.items():
                    self.assertEqual(got[fid], status, f"{scenario}: {fid}")
                for r in report["root_causes"]:
                    self.assertEqual(r["chain"][0], r["id"])

    def test_software_tpm_is_named_with_its_evidence(self):
        with SwtpmInstance("healthy-rsa2048") as tpm:
            report = self.check(tpm).json()
        f = next(f for f in report["findings"] if f["id"] == "tpm.not_virtual")
        self.assertEqual(f["status"], "fail")
        self.assertIn("swtpm", f["summary"])
        self.assertTrue(f["evidence"][0]["source"].startswith("tpm:tcp:127.0.0.1:"))

    def test_collect_then_analyze_gives_the_same_report(self):
        with SwtpmInstance("rsa3072-sha384") as tpm, tempfile.TemporaryDirectory() as tmp:
            bundle = os.path.join(tmp, "bundle.json")
            collected = run_tpmready("collect", "--tpm", tpm.tpm_arg, "-o", bundle)
            self.assertEqual(collected.code, 0, collected)
            live = self.check(tpm).json()
            chain = str(tpm.template / "lab" / "ca" / "chain.pem")
            offline = run_tpmready("analyze", bundle, "--ca-store", chain, "--format", "json")
            self.assertEqual(offline.code, 1, offline)
            offline_report = offline.json()
            self.assertEqual(offline_report["verdict"], live["verdict"])
            self.assertEqual(offline_report["root_causes"], live["root_causes"])
            self.assertEqual(statuses(offline_report), statuses(live))
            with open(bundle) as f:
                b = json.load(f)
            self.assertEqual(b["schema_version"], 1)
            self.assertTrue(b["device"]["id"])
            # TPM2_GetTestResult was asked first, and swtpm's self-tests passed.
            self.assertEqual(b["tpm_access"]["self_test"]["test_result"], "0x00000000")
            self.assertEqual(b["tpm_access"]["self_test"]["result"], "TPM_RC_SUCCESS")

    def test_self_test_is_asked_live_and_passes_on_swtpm(self):
        with SwtpmInstance("healthy-rsa2048") as tpm:
            report = self.check(tpm).json()
        f = next(f for f in report["findings"] if f["id"] == "tpm.not_in_failure_mode")
        self.assertEqual(f["status"], "pass", f)
        self.assertEqual(f["evidence"][0]["fact"], "TPM2_GetTestResult")
        self.assertEqual(f["evidence"][0]["value"], "TPM_RC_SUCCESS")
        self.assertTrue(f["evidence"][0]["source"].startswith("tpm:tcp:127.0.0.1:"), f)

    def test_tpm_in_failure_mode_is_the_root_cause(self):
        """A TPM that answers only GetTestResult (replayed: no failure mode can be forced on swtpm)."""
        session = REPO / "tests" / "data" / "tpm" / "failure-mode.session"
        run = run_tpmready("check", "--tpm", f"replay:{session}", "--format", "json")
        self.assertEqual(run.code, 1, run)
        report = run.json()
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], ["tpm.not_in_failure_mode"], run)
        self.assertEqual(statuses(report)["tpm.present"], "pass")
        self.assertEqual(report["fault_side"], "device")
        self.assertEqual(len(run.stderr_lines), 1, run)
        self.assertIn("failure mode", run.stderr_lines[0])
        text = run_tpmready("check", "--tpm", f"replay:{session}")
        self.assertIn("The TPM is in failure mode: it refuses commands until it is reset", text.stdout)

    def test_unreachable_tpm_is_undetermined_with_exit_3(self):
        run = run_tpmready("check", "--tpm", "tcp:127.0.0.1:1", "--format", "json")
        self.assertEqual(run.code, 3, run)
        report = run.json()
        self.assertEqual(report["verdict"], "undetermined")
        self.assertEqual(statuses(report)["tpm.present"], "unknown")
        self.assertEqual(len(run.stderr_lines), 1, run)

    def test_bad_tpm_spec_is_a_usage_error(self):
        run = run_tpmready("check", "--tpm", "bogus")
        self.assertEqual(run.code, 2, run)


if __name__ == "__main__":
    unittest.main()
