"""autopilot.hardware_hash_matches on the real binary: `tpmready analyze` on the Autopilot
hardware-hash CSV an admin registered (tests/data/autopilot-hash: hand-made in the format Microsoft
documents, as Get-WindowsAutopilotInfo -OutputFile writes it) beside the device's evidence.

The device: the healthy example (examples/service-ek-chain-rejected's tpmtool output and regedit
exports, without its failing events) saved as a bundle by `analyze --save-evidence`. No Windows
export carries the SMBIOS serial number (only `collect` on Linux as root reads it), so the bundle
gets it the way such a collect records it, as test_fleet.py gives its bundles other serials."""
from __future__ import annotations

import json
import shutil
import tempfile
import unittest
from pathlib import Path

from tpmlab import REPO, run_tpmready

HASH = REPO / "tests" / "data" / "autopilot-hash"
HEALTHY = REPO / "examples" / "service-ek-chain-rejected"
SERIAL = "5CG2041ABC"      # the device now (its new motherboard kept no serial of the old one)
OLD_SERIAL = "5CG1987XYZ"  # the registration made before the motherboard was replaced
RULE = "autopilot.hardware_hash_matches"


def finding(report: dict, rule: str = RULE) -> dict:
    return next(f for f in report["findings"] if f["id"] == rule)


class HardwareHashCsv(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.device = cls.dir / "device"
        cls.device.mkdir()
        for f in ("tpmtool.txt", "tpm.reg", "oobe.reg"):
            shutil.copy(HEALTHY / f, cls.device / f)
        saved = cls.dir / "device.json"
        run = run_tpmready("analyze", str(cls.device), "--format", "json", "--save-evidence", str(saved))
        assert run.code == 0 and run.json()["verdict"] == "ready", run
        doc = json.loads(saved.read_text())
        doc["device"]["serial"] = {"value": SERIAL, "source": "sysfs:/sys/class/dmi/id/product_serial"}
        cls.bundle = cls.dir / "device-with-serial.json"
        cls.bundle.write_text(json.dumps(doc))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def analyze(self, *inputs, want_code, fmt="json"):
        run = run_tpmready("analyze", *map(str, inputs), *(["--format", fmt] if fmt != "text" else []))
        self.assertEqual(run.code, want_code, run)
        return run

    def test_a_registration_for_another_serial_is_the_root_cause_naming_both(self):
        csv = HASH / "AutopilotHWID-old-board.utf16.csv"
        report = self.analyze(self.bundle, csv, want_code=1).json()
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], [RULE], report["root_causes"])
        self.assertEqual(report["root_causes"][0]["chain"][:2], [RULE, "autopilot.profile_assigned"])
        self.assertEqual(report["fault_side"], "configuration", report["fault_side_reason"])
        f = finding(report)
        self.assertEqual(f["status"], "fail")
        self.assertIn(f"serial number {SERIAL} (the CSV has {OLD_SERIAL})", f["summary"])
        self.assertEqual([e["source"] for e in f["evidence"]],
                         ["sysfs:/sys/class/dmi/id/product_serial", "file:AutopilotHWID-old-board.utf16.csv:2"])
        kinds = {i["name"].rsplit("/", 1)[-1]: (i["kind"], i["status"]) for i in report["inputs"]}
        self.assertEqual(kinds["AutopilotHWID-old-board.utf16.csv"], ("autopilot_hash_csv", "read"))
        text = self.analyze(self.bundle, csv, want_code=1, fmt="text").stdout
        self.assertIn("Root cause 1: The registered Autopilot hardware hash is for another device", text)
        self.assertIn(SERIAL, text)
        self.assertIn(OLD_SERIAL, text)
        self.assertIn("Fault side: CONFIGURATION", text)
        self.assertIn("Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv", text)
        self.assertEqual([l for l in text.splitlines() if len(l) > 100], [])

    def test_a_registration_for_this_serial_stays_ready_with_a_caveat_never_a_pass(self):
        for name, line in (("AutopilotHWID.utf16.csv", 2), ("quoted-grouptag.utf8bom.csv", 3)):
            with self.subTest(csv=name):
                report = self.analyze(self.bundle, HASH / name, want_code=0).json()
                self.assertEqual(report["verdict"], "ready")
                f = finding(report)
                self.assertEqual(f["status"], "unknown")
                self.assertIn(f"{name}:{line} is for this device's serial number {SERIAL}", f["summary"])
                self.assertIn("oa3tool.exe /DecodeHwHash", f["summary"])
                caveats = {c["id"]: c for c in report["caveats"]}
                self.assertEqual(caveats[RULE]["check"], "Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv")
                self.assertNotIn(RULE, report["undetermined_by"])

    def test_without_the_devices_serial_it_is_a_caveat_saying_where_to_find_it(self):
        report = self.analyze(self.device, HASH / "AutopilotHWID-old-board.utf16.csv", want_code=0).json()
        f = finding(report)
        self.assertEqual(f["status"], "unknown")
        self.assertIn("serial number is not in the evidence", f["summary"])
        self.assertIn("(Get-CimInstance Win32_BIOS).SerialNumber", f["summary"])
        self.assertIn(OLD_SERIAL, f["summary"])
        self.assertIn(RULE, [c["id"] for c in report["caveats"]])

    def test_without_a_csv_the_report_says_nothing_of_it(self):
        report = self.analyze(self.bundle, want_code=0).json()
        self.assertEqual(finding(report)["status"], "not_applicable")
        self.assertNotIn(RULE, [c["id"] for c in report["caveats"]])
        self.assertNotIn(RULE, report["undetermined_by"])

    def test_a_csv_that_is_not_this_format_is_one_line(self):
        bad = HASH / "spreadsheet-semicolons.csv"
        run = run_tpmready("analyze", str(bad))
        self.assertEqual(run.code, 2, run)
        lines = run.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, run.stderr)
        self.assertIn("spreadsheet-semicolons.csv", lines[0])
        self.assertIn("separated by ';'", lines[0])
        # Beside usable evidence: listed as unreadable with the reason, the rule not applicable.
        report = self.analyze(self.bundle, bad, want_code=0).json()
        record = next(i for i in report["inputs"] if i["name"].endswith("spreadsheet-semicolons.csv"))
        self.assertEqual((record["kind"], record["status"]), ("autopilot_hash_csv", "unreadable"))
        self.assertIn("separated by ';'", record["detail"])
        self.assertEqual(finding(report)["status"], "not_applicable")

    def test_bundles_keep_rows_not_hashes_and_redaction_hides_the_serials(self):
        csv = HASH / "AutopilotHWID-old-board.utf16.csv"
        hash_text = csv.read_bytes()[2:].decode("utf-16-le").splitlines()[1].split(",")[2]
        saved = self.dir / "with-csv.json"
        run = run_tpmready("analyze", str(self.bundle), str(csv), "--format", "json", "--save-evidence", str(saved))
        self.assertEqual(run.code, 1, run)
        text = saved.read_text()
        self.assertNotIn(hash_text[:64], text)
        rows = json.loads(text)["hardware_hash_csv"]["rows"]
        self.assertEqual([(r["serial"], r["hash_length"], r["source"]) for r in rows],
                         [(OLD_SERIAL, len(hash_text), "file:AutopilotHWID-old-board.utf16.csv:2")])
        # The saved bundle alone gives the same answer.
        again = self.analyze(saved, want_code=1).json()
        self.assertEqual([r["id"] for r in again["root_causes"]], [RULE])
        # --redact: neither serial number in the printed report nor in the bundle.
        redacted = self.dir / "redacted.json"
        run = run_tpmready("analyze", str(self.bundle), str(csv), "--redact", "--format", "json",
                           "--save-evidence", str(redacted))
        self.assertEqual(run.code, 1, run)
        for out in (run.stdout, redacted.read_text()):
            self.assertNotIn(SERIAL, out)
            self.assertNotIn(OLD_SERIAL, out)
        self.assertEqual([r["id"] for r in run.json()["root_causes"]], [RULE])


if __name__ == "__main__":
    unittest.main(verbosity=2)
