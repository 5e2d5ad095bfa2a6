"""The evidence sets in examples/ (reconstructed from the field reports and documented event
sequences) give the reports their expected.json promise: exit code, verdict, root causes with
their chains, fault side, the timeline (event IDs and codes, in order) and key findings."""
from __future__ import annotations

import json
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

from tpmlab import REPO, run_tpmready

EXAMPLES = REPO / "examples"


class Examples(unittest.TestCase):
    maxDiff = None

    def assert_expected_report(self, path: Path, expected: dict) -> None:
        run = run_tpmready("analyze", str(path), "--format", "json")
        self.assertEqual(run.code, expected["exit_code"], run)
        report = run.json()
        self.assertEqual(report["verdict"], expected["verdict"])
        # One answer per Autopilot flow; the top-level verdict is the attestation flow's.
        self.assertEqual(report["flows"][0]["id"], "autopilot.tpm_attestation")
        self.assertEqual(report["flows"][0]["verdict"], report["verdict"])
        if "flows" in expected:
            self.assertEqual({f["id"]: f["verdict"] for f in report["flows"]}, expected["flows"])
        got_roots = sorted((r["id"], r["chain"]) for r in report["root_causes"])
        want_roots = sorted((r["id"], r["chain"]) for r in expected["root_causes"])
        self.assertEqual(got_roots, want_roots)
        self.assertEqual(report["fault_side"], expected["fault_side"], report["fault_side_reason"])
        if "timeline" in expected:
            got = [[t["event_id"], t["code"]] for t in report["timeline"]]
            self.assertEqual(got, expected["timeline"])
        # The AIK CA's own answers (CertEnroll 86/87): its URL, the side the answer points to and
        # the start of its text, once per distinct answer.
        if "aik_ca_answers" in expected:
            got = []
            for t in report["timeline"]:
                if t.get("url") and t.get("service_text"):
                    for url, side, text in expected["aik_ca_answers"]:
                        if t["url"] == url and t["side"] == side and t["service_text"].startswith(text):
                            got.append([url, side, text])
            self.assertEqual(sorted(map(list, {tuple(g) for g in got})), sorted(expected["aik_ca_answers"]))
        statuses = {f["id"]: f["status"] for f in report["findings"]}
        for fid, status in expected["findings"].items():
            self.assertEqual(statuses[fid], status, fid)

    def test_each_example_gives_its_expected_report(self):
        folders = sorted(p.parent for p in EXAMPLES.glob("*/expected.json"))
        self.assertGreaterEqual(len(folders), 6)
        for folder in folders:
            with self.subTest(example=folder.name):
                self.assert_expected_report(folder, json.loads((folder / "expected.json").read_text()))

    def test_each_example_as_a_cab_and_a_zip_gives_the_same_report(self):
        """What admins actually have is the archive (MdmDiagnosticsTool -cab, Intune diagnostics .zip):
        each example folder packed both ways must give the report its expected.json promises."""
        with tempfile.TemporaryDirectory() as tmp:
            for folder in sorted(p.parent for p in EXAMPLES.glob("*/expected.json")):
                expected = json.loads((folder / "expected.json").read_text())
                members = sorted(f.name for f in folder.iterdir() if f.is_file())
                cab = Path(tmp) / f"{folder.name}.cab"
                subprocess.run(["gcab", "-c", "-z", str(cab), *members], cwd=folder, check=True)
                z = Path(tmp) / f"{folder.name}.zip"
                with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as out:
                    for m in members:
                        out.write(folder / m, f"{folder.name}/{m}")
                for archive in (cab, z):
                    with self.subTest(example=folder.name, archive=archive.suffix):
                        self.assert_expected_report(archive, expected)

    def test_seed_000_text_report_leads_with_the_root_cause_and_fix(self):
        run = run_tpmready("analyze", str(EXAMPLES / "seed-000-eula-missing"))
        self.assertEqual(run.code, 1, run)
        lines = run.stdout.splitlines()
        # the tool line, the device header (two lines here), then the verdict
        self.assertTrue(lines[1].startswith("Device:  host name WKS-0142; "), run.stdout[:300])
        self.assertTrue(any(line.startswith("VERDICT: NOT READY") for line in lines[:4]), run.stdout[:300])
        # the headline states the problem, the rule ID after it (under it: the line keeps to 100 columns)
        self.assertIn("Root cause 1: SetupDisplayedEula is not set: Windows never recorded the EULA as accepted\n"
                      "              (win.eula_accepted)\n", run.stdout)
        flowing = " ".join(run.stdout.split())  # the text is wrapped: compare the words
        self.assertIn("SetupDisplayedEula = 1 (REG_DWORD)", flowing)
        self.assertIn("the TaskStates value is missing, not the certificate", flowing)

    def test_text_reports_print_the_timeline_and_the_fault_side(self):
        # The advice names the root cause's fix, shown once above it.
        cases = {"seed-000-eula-missing": ("Fault side: DEVICE", "Fix the device: apply the fix for win.eula_accepted"),
                 "service-ek-chain-rejected": ("Fault side: SERVICE", "Retry later: if it fails again, follow the "
                                               "fix for service.aik_responded."),
                 "network-aik-unreachable": ("Fault side: NETWORK", "Fix the proxy/network: apply the fix for "
                                             "network.endpoints_reachable."),
                 "clock-skew": ("Fault side: NETWORK", "Fix the clock: apply the fix for clock.sane.")}
        for name, (side, advice) in cases.items():
            with self.subTest(example=name):
                run = run_tpmready("analyze", str(EXAMPLES / name))
                self.assertEqual(run.code, 1, run)
                self.assertIn(side, run.stdout)
                flowing = " ".join(run.stdout.split())  # the text is wrapped: compare the words
                self.assertIn("Advice: " + advice, flowing)
                self.assertIn("Timeline (Windows event logs, oldest first)", run.stdout)
                self.assertIn("AIK certificate acquisition task returned HRESULT = 0x", flowing)
                self.assertIn("(attempt 3 of 3)", run.stdout)  # the retries are visible
                # the .evtx was read, not the events.json beside it (that is only its source)
                self.assertRegex(run.stdout, r"read\s+file:\S+autopilot\.evtx")

    def test_the_aik_cas_answer_is_in_the_text_and_html_timeline(self):
        """The service-side example's verdict comes from the AIK CA's own answer (CertEnroll 87 in
        the Application log): its URL and text are shown where the timeline lists the event."""
        folder = EXAMPLES / "service-ek-chain-rejected"
        url = "https://IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net/templates/Aik/scep"
        text = run_tpmready("analyze", str(folder))
        self.assertEqual(text.code, 1, text)
        self.assertRegex(text.stdout, r"CertEnroll 87\s+AIK enrollment at the AIK CA \(SCEP\) failed \(0x80190190\)")
        self.assertIn("      URL:    " + url + "\n", text.stdout)
        self.assertIn("      Answer: No valid TPM EK/Platform Certificate provided", text.stdout)
        self.assertRegex(text.stdout, r"read\s+file:\S+application\.evtx")
        html = run_tpmready("analyze", str(folder), "--format", "html")
        self.assertIn("URL: " + url, html.stdout)
        self.assertIn('data-side="service">Answer: No valid TPM EK/Platform Certificate', html.stdout)

    def test_nothing_usable_is_exit_2(self):
        run = run_tpmready("analyze", str(EXAMPLES / "README.md"))
        self.assertEqual(run.code, 2, run)


OFFLINE = REPO / "tests" / "data" / "offline"


class OfflineVerdicts(unittest.TestCase):
    """What admins have: files, not the device. Windows' own answers imply what Windows checked;
    what files cannot show is a caveat, not an open verdict; an unknown cause upstream of the
    failure found is named as its likely cause."""

    # tpmtool "Ready For Attestation: True", a .reg export with the EK certificate in EKCertStore
    # and TaskStates EkCertificatePresent = 1, and the OOBE key with SetupDisplayedEula = 1: the
    # healthy device of the service-timeout example without its event log.
    HEALTHY = [EXAMPLES / "service-ek-chain-rejected" / name for name in ("tpmtool.txt", "tpm.reg", "oobe.reg")]

    def test_healthy_offline_evidence_is_ready_with_its_caveats(self):
        run = run_tpmready("analyze", *map(str, self.HEALTHY), "--format", "json")
        self.assertEqual(run.code, 0, run)
        report = run.json()
        self.assertEqual(report["verdict"], "ready")
        self.assertEqual(report["undetermined_by"], [])
        caveats = {c["id"]: c for c in report["caveats"]}
        self.assertEqual(caveats["ek.cert.matches_ek"]["check"], "tpmready ekcert")
        self.assertEqual(caveats["eventlog.replay_matches"]["check"], "tpmready eventlog --live")
        self.assertIn("clock.sane", caveats)
        statuses = {f["id"]: f for f in report["findings"]}
        self.assertEqual(statuses["attestation.service_accepts"]["status"], "unknown")
        # implied by Windows' answer, with tpmtool's line as the source
        owned = statuses["tpm.owned"]["evidence"][0]
        self.assertRegex(owned["source"], r"tpmtool\.txt:\d+$")
        text = run_tpmready("analyze", *map(str, self.HEALTHY))
        self.assertEqual(text.code, 0, text)
        # the tool line, the device header, then the verdict
        self.assertTrue(text.stdout.splitlines()[2].startswith("VERDICT: READY"), text.stdout[:300])
        caveat_at = text.stdout.index("Caveats")
        self.assertLess(caveat_at, text.stdout.index("Findings"))
        self.assertIn("Check: tpmready ekcert", text.stdout)

    def test_tpmtool_alone_on_seed_000_names_the_eula_as_the_likely_cause(self):
        paste = EXAMPLES / "seed-000-eula-missing" / "tpmtool.txt"
        run = run_tpmready("analyze", str(paste), "--format", "json")
        self.assertEqual(run.code, 1, run)
        report = run.json()
        roots = {r["id"]: r for r in report["root_causes"]}
        task = roots["win.maintenance_task_ran"]
        self.assertEqual(task["title"], "The Tpm-Maintenance task has not run successfully")
        self.assertEqual(task["likely_causes"][0]["id"], "win.eula_accepted")
        self.assertEqual(task["likely_causes"][0]["confirm"],
                         'reg query "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE" /v SetupDisplayedEula')
        self.assertTrue(task["fix"].startswith("If the likely cause (win.eula_accepted) is confirmed"), task["fix"])
        text = run_tpmready("analyze", str(paste))
        self.assertIn("Likely cause: SetupDisplayedEula is not set: Windows never recorded the EULA as accepted",
                      text.stdout)
        self.assertIn('Confirm with: reg query "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE"',
                      " ".join(text.stdout.split()))

    def test_a_get_tpm_paste_alone_does_not_pass_the_service_prediction(self):
        run = run_tpmready("analyze", str(OFFLINE / "get-tpm-healthy.txt"), "--format", "json")
        report = run.json()
        statuses = {f["id"]: f["status"] for f in report["findings"]}
        self.assertNotEqual(statuses["attestation.service_accepts"], "pass")
        self.assertEqual(report["verdict"], "undetermined")
        self.assertEqual(run.code, 3, run)
        # Get-Tpm's own answers decide what they say, shown as implied
        self.assertEqual(statuses["tpm.present"], "pass")
        self.assertEqual(statuses["tpm.owned"], "pass")

    def test_a_get_tpm_paste_with_a_roca_infineon_version_is_not_ready_at_the_firmware(self):
        run = run_tpmready("analyze", str(OFFLINE / "get-tpm-infineon-roca.txt"), "--format", "json")
        self.assertEqual(run.code, 1, run)
        report = run.json()
        self.assertEqual(report["verdict"], "not_ready")
        self.assertEqual([r["id"] for r in report["root_causes"]], ["tpm.firmware_not_vulnerable"])
        self.assertEqual(report["root_causes"][0]["title"], "The TPM firmware has a known vulnerability")
        firmware = next(f for f in report["findings"] if f["id"] == "tpm.firmware_not_vulnerable")
        self.assertEqual(firmware["evidence"][0]["value"], "IFX 7.40.2098.0")
        self.assertRegex(firmware["evidence"][0]["source"], r"get-tpm-infineon-roca\.txt:\d+$")

    def test_msft_is_pluton_on_a_physical_identity_and_virtual_in_a_hyperv_guest(self):
        """The healthy device's evidence as a bundle (analyze --save-evidence), its TPM made MSFT at
        revision 1.59 (what Pluton reports), with the device identity Windows keeps under
        HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS: a Lenovo laptop, a Hyper-V guest, none."""
        with tempfile.TemporaryDirectory() as tmp:
            saved = Path(tmp) / "healthy.json"
            run = run_tpmready("analyze", *map(str, self.HEALTHY), "--format", "json", "--save-evidence", str(saved))
            self.assertEqual(run.code, 0, run)
            bundle = json.loads(saved.read_text())
            tpmtool = bundle["windows"]["tpmtool"]
            tpmtool["manufacturer_id"]["value"] = "MSFT"
            tpmtool["spec_version"]["value"] = "1.59"

            def analyze(identity):
                doc = json.loads(json.dumps(bundle))
                if identity:
                    doc["windows"]["bios"] = {
                        "system_manufacturer": {"value": identity[0], "source": "registry:HKLM\\...\\BIOS\\SystemManufacturer"},
                        "system_product_name": {"value": identity[1], "source": "registry:HKLM\\...\\BIOS\\SystemProductName"}}
                path = Path(tmp) / "device.json"
                path.write_text(json.dumps(doc))
                run = run_tpmready("analyze", str(path), "--format", "json")
                report = run.json()
                return run.code, report, next(f for f in report["findings"] if f["id"] == "tpm.not_virtual")

            code, report, finding = analyze(("LENOVO", "21D2CTO1WW"))
            self.assertEqual((code, report["verdict"]), (0, "ready"), report["undetermined_by"])
            self.assertEqual(finding["status"], "pass")
            self.assertIn("Microsoft Pluton as TPM", finding["summary"])

            code, report, finding = analyze(("Microsoft Corporation", "Virtual Machine"))
            self.assertEqual((code, report["verdict"]), (1, "not_ready"))
            self.assertEqual([r["id"] for r in report["root_causes"]], ["tpm.not_virtual"])
            self.assertIn("Hyper-V virtual machine", finding["summary"])

            code, report, finding = analyze(None)
            self.assertEqual((code, report["verdict"]), (3, "undetermined"))
            self.assertEqual(finding["status"], "unknown")
            self.assertIn("tpm.not_virtual", report["undetermined_by"])
            self.assertIn("HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS", finding["summary"])


class Flows(unittest.TestCase):
    """Two answers per report: Autopilot TPM attestation (the top-level verdict) and device
    association, whose requirements Microsoft lists apart (docs/facts/windows.md §17): a physical
    device, TPM 2.0 enabled and in a good state, not in reduced functionality mode, and the Secure
    Boot state its identity depends on."""

    HEALTHY = OfflineVerdicts.HEALTHY

    @staticmethod
    def flows(report: dict) -> dict:
        return {f["id"]: f for f in report["flows"]}

    def assert_flow_lines(self, text: str, attestation: str, association: str) -> None:
        """The text report's line per flow, right under the verdict (before the first root cause
        or caveat)."""
        lines = text.splitlines()
        at = [i for i, line in enumerate(lines) if line.startswith("  Autopilot TPM attestation: ")]
        da = [i for i, line in enumerate(lines) if line.startswith("  Autopilot device association: ")]
        self.assertEqual(len(at), 1, text[:600])
        self.assertEqual(len(da), 1, text[:600])
        self.assertTrue(lines[at[0]].startswith("  Autopilot TPM attestation: " + attestation), lines[at[0]])
        self.assertTrue(lines[da[0]].startswith("  Autopilot device association: " + association), lines[da[0]])
        self.assertLess(at[0], da[0])
        self.assertLess(da[0], 8)

    def test_a_healthy_device_is_ready_for_both_flows(self):
        run = run_tpmready("analyze", *map(str, self.HEALTHY), "--format", "json")
        self.assertEqual(run.code, 0, run)
        report = run.json()
        flows = self.flows(report)
        self.assertEqual(list(flows), ["autopilot.tpm_attestation", "autopilot.device_association"])
        self.assertEqual(flows["autopilot.tpm_attestation"]["verdict"], "ready")
        association = flows["autopilot.device_association"]
        self.assertEqual(association["verdict"], "ready")
        self.assertEqual(association["root_causes"], [])
        self.assertEqual(association["undetermined_by"], [])
        # tpmtool and the registry cannot show these two: caveats with the command for each
        self.assertEqual({c["id"]: c["check"] for c in association["caveats"]},
                         {"tpm.not_reduced_functionality": "powershell -NoProfile -Command Get-Tpm",
                          "secureboot.state_recorded": "powershell -NoProfile -Command Confirm-SecureBootUEFI"})
        # the attestation caveats are attestation's; the association ones are not among them
        self.assertNotIn("secureboot.state_recorded", [c["id"] for c in report["caveats"]])
        statuses = {f["id"]: f for f in report["findings"]}
        for fid in association["findings"]:
            self.assertIn("autopilot.device_association", statuses[fid]["flows"], fid)
        self.assertEqual(statuses["tpm.not_virtual"]["flows"],
                         ["autopilot.tpm_attestation", "autopilot.device_association"])
        self.assertEqual(statuses["ek.cert.chain"]["flows"], ["autopilot.tpm_attestation"])
        text = run_tpmready("analyze", *map(str, self.HEALTHY))
        self.assertEqual(text.code, 0, text)
        self.assert_flow_lines(text.stdout, "READY", "READY")

        # What Get-Tpm and the boot log add settle both caveats: Get-Tpm's TpmReady (Format-List as
        # PowerShell prints it, for this device's Infineon TPM) and a real Windows boot log (WBCL)
        # with its SecureBoot variable.
        with tempfile.TemporaryDirectory() as tmp:
            get_tpm = Path(tmp) / "get-tpm.txt"
            get_tpm.write_text("\r\nTpmPresent                : True\r\nTpmReady                  : True\r\n"
                               "TpmEnabled                : True\r\nTpmActivated              : True\r\n"
                               "TpmOwned                  : True\r\nManufacturerIdTxt         : IFX\r\n"
                               "ManufacturerVersion       : 7.85.4555.0\r\nLockedOut                 : False\r\n\r\n",
                               encoding="utf-16", newline="")
            log = REPO / "tests" / "data" / "offline" / "win-gcp-wbcl.bin"
            run = run_tpmready("analyze", *map(str, self.HEALTHY), str(get_tpm), str(log), "--format", "json")
        self.assertEqual(run.code, 0, run)
        report = run.json()
        self.assertIn(get_tpm.name, [i["name"].split("/")[-1] for i in report["inputs"] if i["status"] == "read"])
        association = self.flows(report)["autopilot.device_association"]
        self.assertEqual((association["verdict"], association["caveats"]), ("ready", []))
        statuses = {f["id"]: f for f in report["findings"]}
        self.assertEqual(statuses["tpm.not_reduced_functionality"]["status"], "pass")
        self.assertEqual(statuses["secureboot.state_recorded"]["evidence"][0]["value"], "1 (on)")
        self.assertIn("pre-associated again", statuses["secureboot.state_recorded"]["summary"])

    def test_a_virtual_tpm_is_not_ready_for_device_association(self):
        folder = EXAMPLES / "seed-000-hyperv-vtpm"
        run = run_tpmready("analyze", str(folder), "--format", "json")
        self.assertEqual(run.code, 1, run)
        association = self.flows(run.json())["autopilot.device_association"]
        self.assertEqual(association["verdict"], "not_ready")
        self.assertEqual(association["root_causes"], ["tpm.not_virtual"])
        text = run_tpmready("analyze", str(folder))
        self.assert_flow_lines(text.stdout, "NOT READY", "NOT READY  root cause: tpm.not_virtual")
        html = run_tpmready("analyze", str(folder), "--format", "html")
        self.assertIn('<li data-flow="autopilot.device_association" data-verdict="not_ready">', html.stdout)
        self.assertIn('<a class="id" href="#rule-tpm.not_virtual">tpm.not_virtual</a>', html.stdout)

    def test_attestation_failing_at_the_service_leaves_device_association_ready(self):
        """The AIK CA refused the device's EK chain (a service-side cause): attestation is not ready,
        its fault the service's; nothing device association requires fails."""
        folder = EXAMPLES / "service-ek-chain-rejected"
        run = run_tpmready("analyze", str(folder), "--format", "json")
        self.assertEqual(run.code, 1, run)
        report = run.json()
        self.assertEqual((report["verdict"], report["fault_side"]), ("not_ready", "service"))
        flows = self.flows(report)
        self.assertEqual(flows["autopilot.tpm_attestation"]["root_causes"], ["service.aik_responded"])
        self.assertEqual(flows["autopilot.device_association"]["verdict"], "ready")
        self.assertNotIn("service.aik_responded", flows["autopilot.device_association"]["findings"])
        text = run_tpmready("analyze", str(folder))
        self.assert_flow_lines(text.stdout, "NOT READY  root cause: service.aik_responded", "READY")
        html = run_tpmready("analyze", str(folder), "--format", "html")
        self.assertIn('<section id="flows">', html.stdout)
        self.assertIn('<li data-flow="autopilot.tpm_attestation" data-verdict="not_ready">', html.stdout)
        self.assertIn('<li data-flow="autopilot.device_association" data-verdict="ready">', html.stdout)

    def test_reduced_functionality_fails_device_association_only(self):
        """tpmtool listing INFORMATION_TPM_OWNERAUTH (Windows lacks the owner authorization: the TPM
        console's "ready for use, with reduced functionality"): device association is not ready;
        the attestation answer and the exit code are what they were without the flag."""
        src = (EXAMPLES / "service-ek-chain-rejected" / "tpmtool.txt").read_bytes().decode("utf-16")
        self.assertIn("-Information Flags Description:\r\n", src)
        flagged = src.replace("-Information Flags Description:\r\n",
                              "-Information Flags Description:\r\n    INFORMATION_TPM_OWNERAUTH\r\n")
        others = [str(EXAMPLES / "service-ek-chain-rejected" / name) for name in ("tpm.reg", "oobe.reg")]
        with tempfile.TemporaryDirectory() as tmp:
            paste = Path(tmp) / "tpmtool.txt"
            paste.write_text(flagged, encoding="utf-16", newline="")
            run = run_tpmready("analyze", str(paste), *others, "--format", "json")
            text = run_tpmready("analyze", str(paste), *others)
        baseline = run_tpmready("analyze", *map(str, self.HEALTHY), "--format", "json").json()
        self.assertEqual(run.code, 0, run)
        report = run.json()
        self.assertEqual(report["verdict"], baseline["verdict"])
        self.assertEqual(report["root_causes"], baseline["root_causes"])
        association = self.flows(report)["autopilot.device_association"]
        self.assertEqual(association["verdict"], "not_ready")
        self.assertEqual(association["root_causes"], ["tpm.not_reduced_functionality"])
        finding = next(f for f in report["findings"] if f["id"] == "tpm.not_reduced_functionality")
        self.assertEqual(finding["evidence"][0]["value"], "INFORMATION_TPM_OWNERAUTH")
        self.assertRegex(finding["evidence"][0]["source"], r"tpmtool\.txt:\d+$")
        self.assert_flow_lines(text.stdout, "READY", "NOT READY  root cause: tpm.not_reduced_functionality")


class PastedControlCharacters(unittest.TestCase):
    """A tpmtool paste whose value carries terminal escape sequences (an OSC title change, BEL and
    "conceal" SGR): the text report, which quotes the value as the root cause's evidence, shows
    them escaped; the JSON report keeps the value as data."""

    def test_text_report_shows_escapes_instead_of_sending_them(self):
        src = (REPO / "tests" / "data" / "offline" / "healthy-tpmtool.utf8bom.txt").read_bytes().decode("utf-8-sig")
        value = "1.2\x1b]0;owned\x07\x1b[8m"
        self.assertIn("-TPM Version: 2.0", src)
        with tempfile.TemporaryDirectory() as d:
            paste = Path(d) / "tpmtool.txt"
            paste.write_text(src.replace("-TPM Version: 2.0", "-TPM Version: " + value), newline="")
            text = run_tpmready("analyze", str(paste))
            js = run_tpmready("analyze", str(paste), "--format", "json")
        self.assertEqual(text.code, 1, text)
        self.assertIn("Evidence: TPM Version = 1.2\\x1b]0;owned\\x07\\x1b[8m  [file:", text.stdout)
        for raw in ("\x1b", "\x07"):
            self.assertNotIn(raw, text.stdout + text.stderr)
        self.assertEqual(js.code, 1, js)
        evidence = {f["id"]: f["evidence"] for f in js.json()["findings"]}["tpm.version_2_0"]
        self.assertEqual(evidence[0]["value"], value)


if __name__ == "__main__":
    unittest.main()
