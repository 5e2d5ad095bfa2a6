"""What admins have, read by the real binary: Get-Tpm and tpmtool pastes in the layouts of public
posts (tests/data/offline/MANIFEST.md), Windows measured-boot logs in MeasuredBoot folders whatever
their names, folders and files nothing can be read from (exit 2), certificates that are not EK
certificates (`ekcert` exit 1, an attribute certificate exit 2), and the device identity from the
BIOS registry key. No TPM is needed."""
from __future__ import annotations

import json
import shutil
import tempfile
import unittest
from pathlib import Path

import tpmlab
from tpmlab import run_tpmready

DATA = tpmlab.REPO / "tests" / "data"
OFFLINE = DATA / "offline"


def findings(report: dict) -> dict:
    return {f["id"]: f for f in report["findings"]}


class Pastes(unittest.TestCase):
    maxDiff = None

    def test_get_tpm_paste_with_a_roca_infineon_is_not_ready_for_its_firmware(self):
        run = run_tpmready("analyze", str(OFFLINE / "get-tpm-ifx-roca-paste.txt"), "--format", "json")
        self.assertEqual(run.code, 1, run)
        report = run.json()
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], ["tpm.firmware_not_vulnerable"])
        fw = findings(report)["tpm.firmware_not_vulnerable"]
        self.assertIn("IFX firmware 7.40.2098.0", fw["summary"])
        self.assertEqual([e["source"] for e in fw["evidence"]], ["file:get-tpm-ifx-roca-paste.txt:13"])
        self.assertEqual([i["status"] for i in report["inputs"]], ["read"])  # prompt and [...] are not problems

    def test_get_tpm_of_a_tpm_1_2_fails_the_version(self):
        run = run_tpmready("analyze", str(OFFLINE / "get-tpm-tpm12.txt"), "--format", "json")
        self.assertEqual(run.code, 1, run)
        version = findings(run.json())["tpm.version_2_0"]
        self.assertEqual(version["status"], "fail")
        self.assertIn("Not Supported for TPM 1.2", version["summary"])

    def test_tpmtool_failure_fails_tpm_present_with_the_code_explained(self):
        for name in ("tpmtool-failed-0x800710df.txt", "tpmtool-failed-harness.txt", "paste-tpm-not-detected.txt"):
            with self.subTest(name=name):
                run = run_tpmready("analyze", str(OFFLINE / name), "--format", "json")
                self.assertEqual(run.code, 1, run)
                report = run.json()
                present = findings(report)["tpm.present"]
                self.assertEqual(present["status"], "fail")
                self.assertIn("the TPM is not available to Windows", present["summary"])
                self.assertIn("0x800710df = HRESULT_FROM_WIN32(ERROR_DEVICE_NOT_AVAILABLE)", present["summary"])
                self.assertIn("tpm.present", [r["id"] for r in report["root_causes"]])
        text = run_tpmready("analyze", str(OFFLINE / "tpmtool-failed-0x800710df.txt"))
        self.assertRegex(text.stdout, r"Root cause 1: No TPM answers: .*\(tpm\.present\)")

    def test_measuredboot_folder_with_windows_logs_whatever_their_names(self):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "Logs" / "MeasuredBoot"
            folder.mkdir(parents=True)
            shutil.copy(DATA / "eventlog" / "wbcl-sha1-startuplocality.bin", folder / "0000000012-0000000000.log")
            shutil.copy(DATA / "eventlog" / "wbcl-sha1-pcr-minus-1.bin", folder / "0000000013-0000000001.log")
            run = run_tpmready("analyze", str(folder), "--format", "json")
            self.assertIn(run.code, (0, 1, 3), run)
            report = run.json()
            self.assertEqual(sorted((Path(i["name"]).name, i["kind"], i["status"]) for i in report["inputs"]),
                             [("0000000012-0000000000.log", "tcg_event_log", "read"),
                              ("0000000013-0000000001.log", "tcg_event_log", "read")])
            self.assertEqual(findings(report)["eventlog.present"]["status"], "pass")
            single = run_tpmready("analyze", str(folder / "0000000012-0000000000.log"), "--format", "json")
            self.assertEqual(single.json()["inputs"][0]["kind"], "tcg_event_log")
        events = run_tpmready("eventlog", str(DATA / "eventlog" / "wbcl-sha1-pcr-minus-1.bin"))
        self.assertEqual(events.code, 0, events)
        row = [line for line in events.stdout.splitlines() if line.split()[:1] == ["1"]][0]
        self.assertEqual(row.split()[:3], ["1", "-1", "EV_NO_ACTION"])
        as_json = run_tpmready("eventlog", str(DATA / "eventlog" / "wbcl-sha1-pcr-minus-1.bin"), "--format", "json")
        self.assertEqual(as_json.json()["events"][1]["pcr"], -1)
        locality = run_tpmready("eventlog", str(DATA / "eventlog" / "wbcl-sha1-startuplocality.bin"), "--format", "json")
        self.assertEqual(locality.json()["startup_locality"], 3)

    def test_folder_of_unrecognised_files_says_so_and_exits_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "MeasuredBoot"
            folder.mkdir()
            (folder / "a.log").write_bytes(b"\x01\x02garbage" * 10)
            (folder / "b.log").write_text("just some notes\n")
            (folder / "c.txt").write_bytes(b"")
            run = run_tpmready("analyze", str(folder))
            self.assertEqual(run.code, 2, run)
            self.assertEqual(len(run.stderr_lines), 1, run)
            self.assertIn("3 files, none recognised: a.log (content not recognised), b.log (content not recognised), "
                          "c.txt (empty file)", run.stderr)

    def test_no_readable_input_exits_2_whatever_the_damage(self):
        with tempfile.TemporaryDirectory() as tmp:
            evtx = Path(tmp) / "autopilot.evtx"
            evtx.write_bytes((DATA / "evtx" / "autopilot.evtx").read_bytes()[:5000])  # header, no whole chunk
            cases = {"damaged evtx": evtx, "missing file": Path(tmp) / "nothere.txt",
                     "unknown bytes": DATA / "offline" / "garbage.bin"}
            for what, path in cases.items():
                with self.subTest(what=what):
                    run = run_tpmready("analyze", str(path))
                    self.assertEqual(run.code, 2, run)
                    self.assertTrue(run.stderr.startswith("tpmready: error: "), run)

    def test_error_lines_name_the_input_once(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = Path(tmp) / "broken-ek.pem"
            bad.write_text("-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n")
            run = run_tpmready("analyze", str(OFFLINE / "get-tpm-ifx-roca-paste.txt"), str(bad))
            self.assertEqual(run.code, 1, run)
            lines = [l for l in run.stderr_lines if "broken-ek.pem" in l]
            self.assertEqual(len(lines), 1, run)
            self.assertEqual(lines[0].count("broken-ek.pem"), 1, lines[0])

    def test_bios_key_gives_the_device_identity(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "evidence.json"
            run = run_tpmready("analyze", str(OFFLINE / "bios-hyperv-vm.reg"), str(OFFLINE / "seed000-hyperv-tpmtool.txt"),
                               "--format", "json", "--save-evidence", str(out))
            self.assertIn(run.code, (0, 1, 3), run)
            bundle = json.loads(out.read_text())
            bios = bundle["windows"]["bios"]
            self.assertEqual(bios["system_manufacturer"]["value"], "Microsoft Corporation")
            self.assertEqual(bios["system_product_name"], {"value": "Virtual Machine",
                                                           "source": "file:bios-hyperv-vm.reg:9"})
            self.assertEqual(bundle["device"]["model"]["value"], "Virtual Machine")


class KnownIssues(unittest.TestCase):
    """The known-issue matrix (data/known_issues.json) from what admins paste and export: a Get-Tpm
    paste of an AMD fTPM 3.*.0.*, tpmtool output of an Infineon SLB9672 with firmware 15.22, and a
    CurrentVersion export of a Windows build without the 0x81039023 fix, each the root cause."""

    def analyze(self, *names: str, code: int = 1) -> dict:
        run = run_tpmready("analyze", *(str(OFFLINE / n) for n in names), "--format", "json")
        self.assertEqual(run.code, code, run)
        return run.json()

    def test_get_tpm_paste_of_an_amd_ftpm_3_x_0_is_not_ready_for_its_firmware(self):
        report = self.analyze("get-tpm-amd-ftpm-paste.txt")
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], ["tpm.firmware_known_issue"])
        known = findings(report)["tpm.firmware_known_issue"]
        self.assertEqual(known["status"], "fail")
        self.assertIn("AMD firmware 3.47.0.5 is a release with a known attestation failure", known["summary"])
        self.assertIn("0x80070490", known["summary"])
        self.assertEqual(known["windows_shows"]["error_codes"], ["0x80070490"])
        self.assertIn("file:get-tpm-amd-ftpm-paste.txt:10", [e["source"] for e in known["evidence"]])
        self.assertIn("https://heise.de/-10482872", known["reference"])
        self.assertIn("3.*.2.*", known["fix"])
        self.assertEqual(report["fault_side"], "device")
        self.assertEqual([i["status"] for i in report["inputs"]], ["read"])  # prompt and trailing spaces
        text = run_tpmready("analyze", str(OFFLINE / "get-tpm-amd-ftpm-paste.txt"))
        self.assertRegex(text.stdout, r"(?s)Root cause 1: This TPM firmware release is known to fail Autopilot TPM "
                                      r"attestation\s+\(tpm\.firmware_known_issue\)")
        headline = [l for l in text.stdout.splitlines() if l.startswith("Root cause 1:")][0]
        self.assertLessEqual(len(headline), 100, headline)

    def test_tpmtool_of_an_infineon_slb9672_fw_15_22_is_not_ready_for_its_firmware(self):
        report = self.analyze("tpmtool-ifx-slb9672-fw1522.txt")
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], ["tpm.firmware_known_issue"])
        known = findings(report)["tpm.firmware_known_issue"]
        self.assertIn("IFX firmware 15.22.0.0", known["summary"])
        self.assertIn("Something happened, and TPM attestation timed out.", known["summary"])
        self.assertIn("file:tpmtool-ifx-slb9672-fw1522.txt:7", [e["source"] for e in known["evidence"]])
        # Windows' own readiness answer is True: the known issue is what it does not check.
        self.assertEqual(findings(report)["win.ready_for_attestation"]["status"], "pass")

    def test_healthy_versions_pass_and_no_version_is_a_caveat(self):
        for name in ("get-tpm-healthy.txt", "get-tpm-ifx-roca-paste.txt", "healthy-tpmtool.utf8bom.txt"):
            with self.subTest(name=name):
                run = run_tpmready("analyze", str(OFFLINE / name), "--format", "json")
                known = findings(run.json())["tpm.firmware_known_issue"]
                self.assertEqual(known["status"], "pass", known["summary"])
        report = self.analyze("seed000-eula-oobe.reg")
        known = findings(report)["tpm.firmware_known_issue"]
        self.assertEqual(known["status"], "unknown")
        self.assertIn("Get-Tpm", known["summary"])
        caveats = {c["id"]: c for c in report["caveats"]}
        self.assertEqual(caveats["tpm.firmware_known_issue"]["check"], "powershell -NoProfile -Command Get-Tpm")
        self.assertIn("os.attestation_fixes_installed", caveats)

    def test_reg_export_of_an_old_windows_build_lacks_the_0x81039023_fix(self):
        report = self.analyze("currentversion-22000.556.reg")
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], ["os.attestation_fixes_installed"])
        os_fixes = findings(report)["os.attestation_fixes_installed"]
        self.assertIn("Windows build 22000.556 lacks an attestation fix", os_fixes["summary"])
        self.assertIn("KB5013943 (22000.675)", os_fixes["summary"])
        self.assertEqual([e["source"] for e in os_fixes["evidence"]],
                         ["file:currentversion-22000.556.reg:4", "file:currentversion-22000.556.reg:8"])
        self.assertIn("support.microsoft.com/topic/may-10-2022-kb5013943", os_fixes["reference"])
        self.assertEqual(report["fault_side"], "device")
        # The same evidence through a bundle gives the same answer.
        with tempfile.TemporaryDirectory() as tmp:
            bundle = Path(tmp) / "evidence.json"
            run = run_tpmready("analyze", str(OFFLINE / "currentversion-22000.556.reg"), "--format", "json",
                               "--save-evidence", str(bundle))
            self.assertEqual(json.loads(bundle.read_text())["windows"]["registry"]["ubr"]["number"], 556)
            again = run_tpmready("analyze", str(bundle), "--format", "json")
            self.assertEqual([r["id"] for r in again.json()["root_causes"]], ["os.attestation_fixes_installed"])
        # explain names the rule as the code's root cause.
        explain = run_tpmready("explain", "0x81039023", "--format", "json")
        self.assertIn("os.attestation_fixes_installed", explain.json()["root_causes"])


class NotEkCertificates(unittest.TestCase):
    """`ekcert` names what a certificate is when it is not an EK certificate (docs/facts/tcg.md §3.6)."""

    def test_signing_key_and_aik_certificates_are_not_ek_certificates(self):
        for name, what in (("gtt-gce-pca_tpm_rsa_sign_cert.pem", "a signing key: key usage digitalSignature"),
                           ("aik-synthetic.pem", "an AIK certificate: extended key usage 2.23.133.8.3")):
            with self.subTest(name=name):
                path = str(DATA / "cert" / name)
                run = run_tpmready("ekcert", path, "--format", "json", "--now", "2025-01-01T00:00:00Z")
                self.assertEqual(run.code, 1, run)
                doc = run.json()
                present = {f["id"]: f for f in doc["findings"]}["ek.cert.present"]
                self.assertEqual(present["status"], "fail")
                self.assertIn("is not an EK certificate (" + what, present["summary"])
                self.assertFalse(doc["certificates"][0]["is_ek_certificate"])
                self.assertIsNone(doc["selected"])
                text = run_tpmready("ekcert", path, "--now", "2025-01-01T00:00:00Z")
                self.assertIn("NO: not an EK certificate (" + what, text.stdout)
        # A real EK certificate beside it is still used.
        both = run_tpmready("ekcert", str(DATA / "cert" / "aik-synthetic.pem"),
                            str(DATA / "cert" / "hirs-stm-nuc1-tpmcert.pem"), "--format", "json",
                            "--now", "2020-01-01T00:00:00Z")
        present = {f["id"]: f for f in both.json()["findings"]}["ek.cert.present"]
        self.assertEqual(present["status"], "pass")

    def test_platform_attribute_certificate_is_named_and_exits_2(self):
        path = DATA / "cert" / "hirs-intel-nuc-platform-cert.pem"
        run = run_tpmready("ekcert", str(path))
        self.assertEqual(run.code, 2, run)
        self.assertEqual(len(run.stderr_lines), 1, run)
        line = run.stderr_lines[0]
        self.assertIn("a TCG platform attribute certificate, not an X.509 EK certificate", line)
        self.assertEqual(line.count("hirs-intel-nuc-platform-cert.pem"), 1, line)
        self.assertNotIn("expected tag", line)
        analyze = run_tpmready("analyze", str(path), str(OFFLINE / "get-tpm-ifx-roca-paste.txt"))
        lines = [l for l in analyze.stderr_lines if "hirs-intel-nuc-platform-cert.pem" in l]
        self.assertEqual(len(lines), 1, analyze)
        self.assertEqual(lines[0].count("hirs-intel-nuc-platform-cert.pem"), 1, lines[0])
        self.assertIn("a TCG platform attribute certificate", lines[0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
