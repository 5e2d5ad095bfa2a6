"""The event table (data/windows_events.json) as Windows writes its records: every row, written
into .evtx files the way each provider logs (classic sources — TPM-WMI, tpm.sys, TBS, CertEnroll —
as unnamed <Data> insertion strings in the System or Application log; manifest providers —
Autopilot, User Device Registration — as named fields in their own channels) and, the same
records, as a bundle's events[]. `tpmready analyze` must recognise each by provider and ID, with
the row's role and rule; the records whose insertion strings decide something (clock skew times,
the AIK CA's URL and answer, TPM-WMI 1026 names, TBS 16385's code, the registration server's
answer) must decide it the same way through both inputs; and Secure Boot servicing and Device
Health Attestation records, error codes and all, must change nothing in a report.

RECONSTRUCTED records (tests/tools/make_evtx.py writes the .evtx); the IDs, providers, logs and
insertion strings follow docs/facts/field-2026-12.md §A. The names of manifest providers' fields
are not in any message table: the table's parameter names stand in for them."""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

from tpmlab import REPO, run_tpmready

sys.path.insert(0, str(REPO / "tests" / "tools"))
import make_evtx  # noqa: E402

TABLE = json.loads((REPO / "data" / "windows_events.json").read_text(encoding="utf-8"))
HEALTHY = REPO / "examples" / "service-ek-chain-rejected"  # a device meeting every requirement
AIK_CA = "https://IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net/templates/Aik/scep"

# Log, provider and file of each table channel as Windows writes them (field-2026-12.md §A.0-§A.6).
ORIGIN = {
    "Autopilot": ("Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot",
                  "Microsoft-Windows-ModernDeployment-Diagnostics-Provider",
                  "microsoft-windows-moderndeployment-diagnostics-provider-autopilot.evtx", "named"),
    "TPM-WMI": ("System", "Microsoft-Windows-TPM-WMI", "system.evtx", "unnamed"),
    "TPM": ("System", "TPM", "system.evtx", "unnamed"),
    "TBS": ("System", "Microsoft-Windows-TBS", "system.evtx", "unnamed"),
    "CertEnroll": ("Application", "Microsoft-Windows-CertificateServicesClient-CertEnroll", "application.evtx",
                   "unnamed"),
    "User Device Registration": ("Microsoft-Windows-User Device Registration/Admin",
                                 "Microsoft-Windows-User Device Registration",
                                 "microsoft-windows-user device registration-admin.evtx", "named"),
}
SAMPLE = {"hresult": "0x80004005", "url": "https://example.invalid/path", "int": "1", "text": "sample",
          "service_text": "sample answer", "flags": "sample"}


def record(channel_name, event_id, values, second, level=4):
    """One record; `values` maps parameter names to values (named) or is a list (unnamed)."""
    log, provider, _, _ = ORIGIN[channel_name]
    return {"time": f"2026-11-27T10:{second // 60:02d}:{second % 60:02d}.000Z", "channel": log, "provider": provider,
            "event_id": event_id, "level": level, "data": values}


def row_record(row, second):
    """The row's record with a neutral value for each insertion string it names."""
    style = ORIGIN[row["channel"]][3]
    params = sorted(row.get("params", []), key=lambda p: p["n"])
    if style == "unnamed":
        values = [""] * (params[-1]["n"] if params else 0)
        for p in params:
            values[p["n"] - 1] = SAMPLE[p["kind"]]
    else:
        values = {p["name"]: SAMPLE[p["kind"]] for p in params}
    return record(row["channel"], row["id"], values, second)


# Records whose insertion strings decide something, and what each must give (entry fields).
DECIDING = [
    (record("Autopilot", 753, {"server_time": "2026-11-27T10:00:00Z", "client_time": "2020-01-01T09:58:00Z",
                               "attempt": "1", "attempts_max": "3"}, 1000, 3),
     {"role": "clock_skew", "rule": "clock.sane", "details": {"server_time": "2026-11-27T10:00:00Z",
                                                             "client_time": "2020-01-01T09:58:00Z",
                                                             "skew_seconds": "-217900920"}}),
    (record("Autopilot", 177, {"attempt": "3", "attempts_max": "3"}, 1001),
     {"summary": "Configuring TPM for attestation: attempt 3 of 3", "rule": "attestation.aik_enrolled"}),
    (record("CertEnroll", 87, ["Local system", AIK_CA, "TPM 2.0: Public and sensitive portions of an object are not "
                               "cryptographically bound. 0x802800a5 (-2144862043 TPM_20_E_BINDING)"], 1002, 2),
     {"role": "aik_ca_failed", "code": "0x802800A5", "side": "device", "url": AIK_CA}),
    (record("CertEnroll", 86, ["Local system", AIK_CA, "No valid TPM EK/Platform Certificate provided in the TPM "
                               "identity request message. 0x80190190", "POST", "Enroll"], 1003, 2),
     {"code": "0x80190190", "side": "service", "rule": "service.aik_responded", "url": AIK_CA}),
    (record("CertEnroll", 86, ["Local system", AIK_CA, "0x80072f8f (WinHttp: 12175 ERROR_WINHTTP_SECURE_FAILURE)"],
            1004, 2),
     {"code": "0x80072F8F", "side": "network", "rule": "network.tls_not_intercepted"}),
    (record("CertEnroll", 88, ["Local system", AIK_CA], 1005),
     {"role": "aik_ca_succeeded", "url": AIK_CA, "side": ""}),
    (record("TPM-WMI", 1026, ["0x80290400", "EkProvisioningNotComplete, TcgEventLogUnreadableOrEmpty"], 1006, 2),
     {"rule": "ek.cert.present", "details": {"flags": "EkProvisioningNotComplete, TcgEventLogUnreadableOrEmpty"}}),
    (record("TPM-WMI", 1026, ["0x80290400", "TcgEventLogUnreadableOrEmpty"], 1007, 2), {"rule": "eventlog.present"}),
    (record("TPM-WMI", 519, ["Reset"], 1008), {"role": "tpm_cleared", "details": {"reason": "Reset"}}),
    (record("TBS", 16385, ["0x80070032"], 1009, 2), {"role": "no_tcg_log", "rule": "eventlog.present"}),
    (record("TBS", 16385, ["0x80280400"], 1010, 2), {"role": "tbs_error", "rule": ""}),
    (record("TPM", 27, [], 1011, 2), {"role": "tpm_failure_mode", "side": ""}),
    (record("User Device Registration", 204, {"ErrorCode": "0x801c0003", "ServerResponse":
                                              '{"Code":"AuthorizationError","SubCode":"MsaTicketTpmValidationFailed"}'},
            1012, 2),
     {"code": "0x801C0003", "side": "device", "rule": "tpm.firmware_not_vulnerable"}),
    (record("Autopilot", 100, {"policy": "AutopilotPolicy"}, 1013, 3), {"role": "policy_not_found", "rule": ""}),
    (record("TPM-WMI", 1801, ["0x80070005"], 1014, 2), {"role": "secure_boot_servicing", "rule": "", "side": ""}),
]


def write_evtx_files(records, folder):
    by_file = {}
    for r in records:
        name = next(o[2] for o in ORIGIN.values() if o[0] == r["channel"] and o[1] == r["provider"])
        by_file.setdefault(name, []).append(r)
    for name, recs in by_file.items():
        make_evtx.write_evtx(recs, str(folder / name))


def bundle_events(records):
    """The records as a bundle's events[] holds them: what the .evtx reader makes of each."""
    out = []
    for i, r in enumerate(records):
        data = r["data"]
        if isinstance(data, list):
            data = {f"Data{n + 1}": v for n, v in enumerate(data)}
        out.append({"time": r["time"], "channel": r["channel"], "provider": r["provider"], "event_id": r["event_id"],
                    "level": r["level"], "record_id": i + 1, "data": data, "source": f"bundle#record {i + 1}"})
    return out


class EventTableAsWindowsWritesIt(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.rows = TABLE["events"]
        cls.records = [row_record(row, i) for i, row in enumerate(cls.rows)] + [r for r, _ in DECIDING]
        evtx = cls.dir / "evtx"
        evtx.mkdir()
        write_evtx_files(cls.records, evtx)
        run = run_tpmready("analyze", str(evtx), "--format", "json", "--save-evidence", str(cls.dir / "bundle.json"))
        assert run.code in (0, 1), run
        cls.from_evtx = run.json()["timeline"]
        bundle = json.loads((cls.dir / "bundle.json").read_text())
        bundle["events"] = bundle_events(cls.records)
        (cls.dir / "events-bundle.json").write_text(json.dumps(bundle))
        run = run_tpmready("analyze", str(cls.dir / "events-bundle.json"), "--format", "json")
        assert run.code in (0, 1), run
        cls.from_bundle = run.json()["timeline"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def timelines(self):
        return {"evtx": self.from_evtx, "bundle": self.from_bundle}

    def test_every_row_is_recognised_by_provider_and_id(self):
        for how, tl in self.timelines().items():
            self.assertEqual(len(tl), len(self.records), how)
            for row in self.rows:
                with self.subTest(input=how, channel=row["channel"], id=row["id"]):
                    t = next((t for t in tl if t["source"] == row["channel"] and t["event_id"] == row["id"]), None)
                    self.assertIsNotNone(t, "not in the timeline")
                    self.assertTrue(t["known"])
                    self.assertEqual(t["role"], row["role"])
                    self.assertEqual(t["rule"], row["rule"])
                    self.assertEqual(t["unverified"], not row["verified"])

    def test_insertion_strings_decide_the_same_way_through_both_inputs(self):
        for how, tl in self.timelines().items():
            for rec, want in DECIDING:
                with self.subTest(input=how, event=rec["event_id"], data=str(rec["data"])[:60]):
                    t = next(t for t in tl if t["time"] == rec["time"])
                    self.assertEqual(t["event_id"], rec["event_id"])
                    for key, value in want.items():
                        if key == "details":
                            for name, v in value.items():
                                self.assertEqual(t["details"].get(name), v, name)
                        else:
                            self.assertEqual(t[key], value, key)

    def test_the_aik_cas_answer_is_the_service_text(self):
        t = next(t for t in self.from_evtx if t["event_id"] == 86 and t["side"] == "service")
        self.assertTrue(t["service_text"].startswith("No valid TPM EK/Platform Certificate provided"), t)


class SecureBootServicingIsNotAnAttestationFailure(unittest.TestCase):
    """A healthy device whose AIK enrolment succeeded, with the System log of a 2026 fleet: Secure
    Boot certificate-update events (some with error codes) and a Device Health Attestation HTTP 503.
    The report must be the same as without them."""

    def analyze(self, folder):
        run = run_tpmready("analyze", str(folder), "--format", "json")
        self.assertIn(run.code, (0, 1, 3), run)  # ready, not ready, undetermined
        return dict(run.json(), exit_code=run.code)

    def test_servicing_events_change_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp) / "device"
            base.mkdir()
            for name in ("tpmtool.txt", "tpm.reg", "oobe.reg"):
                shutil.copy(HEALTHY / name, base / name)
            day = json.loads((HEALTHY / "events.json").read_text())[0]["time"][:10]
            autopilot = [dict(r, time=r["time"].replace("2026-11-27", day)) for r in (
                record("Autopilot", 208, {}, 0), record("Autopilot", 250, {}, 60),
                record("Autopilot", 251, {"hresult": "0x00000000"}, 120), record("Autopilot", 169, {}, 121))]
            write_evtx_files(autopilot, base)
            without = self.analyze(base)

            servicing = [record("TPM-WMI", i, ["0x80070005", "Access is denied."], 200 + n, 2)
                         for n, i in enumerate((1032, 1033, 1036, 1037, 1043, 1044, 1045, 1795, 1796, 1797, 1798,
                                                1799, 1800, 1801, 1802, 1803, 1808))]
            # Whatever error a servicing step reports, even one that would mean "network" elsewhere.
            servicing.append(record("TPM-WMI", 1796, ["0x80072EE2"], 299, 2))
            servicing.append(record("TPM-WMI", 1539, ["https://has.spserv.microsoft.com", "503", "Service Unavailable"],
                                    300, 2))
            servicing = [dict(r, time=r["time"].replace("2026-11-27", day)) for r in servicing]
            write_evtx_files(servicing, base)
            with_servicing = self.analyze(base)

        self.assertEqual(len(with_servicing["timeline"]), len(without["timeline"]) + len(servicing))
        for key in ("exit_code", "verdict", "root_causes", "fault_side"):
            self.assertEqual(with_servicing[key], without[key], key)
        self.assertEqual({f["id"]: f["status"] for f in with_servicing["findings"]},
                         {f["id"]: f["status"] for f in without["findings"]})
        for t in with_servicing["timeline"]:
            if t["event_id"] in (1539,) or t["role"] == "secure_boot_servicing":
                self.assertEqual((t["side"], t["rule"]), ("", ""), t)
        self.assertEqual(sum(t["role"] == "secure_boot_servicing" for t in with_servicing["timeline"]), 18)
        self.assertEqual(with_servicing["fault_side"], "unknown")  # nothing failed: no fault to attribute


if __name__ == "__main__":
    unittest.main(verbosity=2)
