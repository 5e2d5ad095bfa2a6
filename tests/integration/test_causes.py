"""Root causes found in Windows' own records, on the real binary: each input in the format Windows
writes it (regedit's UTF-16 .reg, tpmtool output, .evtx written the way each provider logs, a
bundle's events[], AutopilotDDSZTDFile.json loose and inside a diagnostics .zip). Each cause must be
the one root cause of the report, with its fault side:
  - a firmware TPM whose EK certificate Windows did not download (ek.cert.downloaded, network);
  - the AIK CA's TLS certificate rejected, 0x80072F8F in CertEnroll 86 (network.tls_not_intercepted);
  - the TPM in failure mode, tpm.sys event 27 in the System log (tpm.not_in_failure_mode, device);
  - no Autopilot registration: the deployment service's 807 in AutopilotDDSZTDFile.json, or the
    registry's IsAutopilotDisabled (autopilot.profile_assigned, configuration);
  - pre-provisioning retried after a Reset cleared the TPM, TPM-WMI 519 between the attempts
    (attestation.not_retried_after_reset, device).
RECONSTRUCTED records and files (tests/data/offline/MANIFEST.md, tests/tools/make_evtx.py); the
healthy device is examples/service-ek-chain-rejected without its failing events."""
from __future__ import annotations

import json
import shutil
import tempfile
import unittest
import zipfile
from pathlib import Path

import test_events as ev
from tpmlab import REPO, run_tpmready

OFFLINE = REPO / "tests" / "data" / "offline"
HEALTHY = ev.HEALTHY
DAY = json.loads((HEALTHY / "events.json").read_text())[0]["time"][:10]  # after the example EK certificate's notBefore


def on_day(records):
    return [dict(r, time=r["time"].replace("2026-11-27", DAY)) for r in records]


class RootCausesFromWindowsRecords(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def folder(self, name, files=(), healthy=False, records=()):
        d = self.dir / name
        d.mkdir()
        if healthy:
            for f in ("tpmtool.txt", "tpm.reg", "oobe.reg"):
                shutil.copy(HEALTHY / f, d / f)
        for f in files:
            shutil.copy(OFFLINE / f, d / f)
        if records:
            ev.write_evtx_files(on_day(records), d)
        return d

    def analyze(self, path, want_code=1):
        run = run_tpmready("analyze", str(path), "--format", "json")
        self.assertEqual(run.code, want_code, run)
        return run.json()

    def assert_root(self, report, rule, side):
        self.assertEqual([r["id"] for r in report["root_causes"]], [rule], report["root_causes"])
        self.assertEqual(report["fault_side"], side, report["fault_side_reason"])
        return next(f for f in report["findings"] if f["id"] == rule)

    def test_firmware_tpm_ek_certificate_not_downloaded(self):
        d = self.folder("ftpm", files=("ftpm-intel-tpmtool.utf16.txt", "ftpm-ek-download-failed.reg"),
                        records=[ev.record("Autopilot", 209, {}, 0, 3), ev.record("Autopilot", 250, {}, 60),
                                 ev.record("Autopilot", 251, {"hresult": "0x800705B4"}, 480, 2)])
        f = self.assert_root(self.analyze(d), "ek.cert.downloaded", "network")
        self.assertEqual(f["status"], "fail")
        self.assertIn("Intel PTT", f["summary"])
        self.assertIn("Autopilot logged it missing (event 209)", f["summary"])
        facts = {e["fact"]: e for e in f["evidence"]}
        self.assertEqual(facts["Endorsement\\EkTries"]["value"], "3")
        self.assertTrue(facts["Endorsement\\EkTries"]["source"].startswith("file:ftpm-ek-download-failed.reg:"))
        text = run_tpmready("analyze", str(d))
        self.assertIn("Root cause 1: Windows could not download the firmware TPM's EK certificate", text.stdout)
        self.assertIn("https://ekop.intel.com/ekcertservice", text.stdout)

    def test_aik_ca_tls_rejected_through_evtx_and_a_bundles_events(self):
        tls = [ev.record("CertEnroll", 86, ["Local system", ev.AIK_CA,
                                             "0x80072f8f (WinHttp: 12175 ERROR_WINHTTP_SECURE_FAILURE)", "GET",
                                             "GetCACaps"], 30, 2),
               ev.record("Autopilot", 250, {}, 20), ev.record("Autopilot", 251, {"hresult": "0x80072F8F"}, 40, 2)]
        d = self.folder("tls", healthy=True, records=tls)
        bundle = self.dir / "tls-bundle.json"
        run = run_tpmready("analyze", str(d), "--format", "json", "--save-evidence", str(bundle))
        self.assertEqual(run.code, 1, run)
        f = self.assert_root(run.json(), "network.tls_not_intercepted", "network")
        self.assertIn(ev.AIK_CA, f["summary"])
        self.assertIn("0x80072F8F", f["summary"])
        reachable = next(x for x in run.json()["findings"] if x["id"] == "network.endpoints_reachable")
        self.assertEqual(reachable["status"], "not_applicable")  # Windows reached the AIK CA
        # The same records as a bundle's events[] (what collect writes on the device).
        doc = json.loads(bundle.read_text())
        doc["events"] = ev.bundle_events(on_day(tls))
        bundle.write_text(json.dumps(doc))
        self.assert_root(self.analyze(bundle), "network.tls_not_intercepted", "network")

    def test_tpm_failure_mode_in_the_system_log(self):
        d = self.folder("failure", records=[ev.record("TPM", 27, [], 0, 2)])
        f = self.assert_root(self.analyze(d), "tpm.not_in_failure_mode", "device")
        self.assertIn("TPM event 27", f["summary"])
        # On a device whose tpmtool output shows the TPM working, the event is history: a remark.
        healthy = self.folder("recovered", healthy=True, records=[ev.record("TPM", 27, [], 0, 2)])
        report = self.analyze(healthy, want_code=0)
        status = {x["id"]: x["status"] for x in report["findings"]}
        self.assertEqual(status["tpm.not_in_failure_mode"], "warn")

    def test_not_registered_with_autopilot_loose_and_in_a_diagnostics_zip(self):
        d = self.folder("ztd", files=("AutopilotDDSZTDFile-not-registered.json",), healthy=True)
        f = self.assert_root(self.analyze(d), "autopilot.profile_assigned", "configuration")
        self.assertIn("807 ZtdDeviceIsNotRegistered", f["summary"])
        kinds = {i["name"].rsplit("/", 1)[-1]: i["kind"] for i in self.analyze(d)["inputs"]}
        self.assertEqual(kinds["AutopilotDDSZTDFile-not-registered.json"], "autopilot_ztd_json")
        z = self.dir / "MDMDiagReport.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as out:
            for member in d.iterdir():
                out.write(member, f"MDMDiagReport/{member.name}")
        self.assert_root(self.analyze(z), "autopilot.profile_assigned", "configuration")
        text = run_tpmready("analyze", str(z))
        self.assertIn("Fault side: CONFIGURATION", text.stdout)

    def test_not_registered_from_the_registry(self):
        d = self.folder("reg", files=("autopilot-not-registered.reg",), healthy=True)
        f = self.assert_root(self.analyze(d), "autopilot.profile_assigned", "configuration")
        self.assertIn("IsAutopilotDisabled is 1", f["summary"])
        self.assertTrue(f["evidence"][0]["source"].startswith("file:autopilot-not-registered.reg:"))

    def test_a_self_deploying_profile_passes_and_the_healthy_device_stays_ready(self):
        d = self.folder("selfdeploy", files=("AutopilotDDSZTDFile-self-deploying.json",), healthy=True)
        report = self.analyze(d, want_code=0)
        status = {x["id"]: x["status"] for x in report["findings"]}
        self.assertEqual(status["autopilot.profile_assigned"], "pass")
        self.assertEqual(report["verdict"], "ready")

    def test_pre_provisioning_retried_after_a_reset_cleared_the_tpm(self):
        attempt = [ev.record("Autopilot", 509, {"policy_value": "1"}, 0),
                   ev.record("Autopilot", 250, {}, 10),
                   ev.record("Autopilot", 251, {"hresult": "0x800705B4", "elapsed_us": "420000000",
                                                "max_ms": "420000"}, 430, 2),
                   ev.record("TPM-WMI", 519, ["Reset"], 900),
                   ev.record("Autopilot", 250, {}, 1500),
                   ev.record("Autopilot", 251, {"hresult": "0x81039001", "elapsed_us": "60000000",
                                                "max_ms": "420000"}, 1560, 2)]
        d = self.folder("reset", healthy=True, records=attempt)
        report = self.analyze(d)
        roots = [r["id"] for r in report["root_causes"]]
        self.assertIn("attestation.not_retried_after_reset", roots, report["root_causes"])
        self.assertEqual(report["fault_side"], "device", report["fault_side_reason"])
        f = next(x for x in report["findings"] if x["id"] == "attestation.not_retried_after_reset")
        self.assertEqual(f["status"], "fail")
        self.assertIn("reason: Reset", f["evidence"][0]["value"])
        self.assertTrue(f["evidence"][0]["source"].startswith("system.evtx#record"), f["evidence"][0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
