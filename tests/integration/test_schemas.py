"""Reports and bundles validate against the published JSON schemas (schema/*.schema.json).
Runs with Debian's /usr/bin/python3, where python3-jsonschema is installed (scripts/install-deps.sh)."""
from __future__ import annotations

import copy
import functools
import json
import os
import tempfile
import unittest

import jsonschema

from tpmlab import REPO, SwtpmInstance, run_tpmready

SCHEMAS = REPO / "schema"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


DATA = REPO / "tests" / "data"
EXAMPLES = sorted(p.parent for p in (REPO / "examples").glob("*/expected.json"))


def _analyze_and_save(tmp: str, name: str, *inputs: str) -> list:
    """analyze INPUTS --save-evidence, plain and with --redact: [(extra options, bundle, report)]."""
    out = []
    for extra in ((), ("--redact",)):
        path = os.path.join(tmp, f"{name}{'-redacted' if extra else ''}.evidence.json")
        run = run_tpmready("analyze", *inputs, "--format", "json", "--save-evidence", path, *extra)
        if not os.path.exists(path):
            raise AssertionError(f"analyze {name} {extra} wrote no bundle: {run!r}")
        with open(path) as f:
            out.append((extra, json.load(f), run.json()))
    return out


def _log_with_broken_header(tmp: str) -> str:
    """A crypto-agile log whose Spec ID event says 0 algorithms (as offline_evidence_test.cpp):
    recognised as a TCG log, but it does not parse."""
    log = bytearray((DATA / "eventlog" / "ga-crypto-agile.bin").read_bytes())
    log[56:60] = bytes(4)
    path = os.path.join(tmp, "broken-header.bin")
    with open(path, "wb") as f:
        f.write(log)
    return path


def _log_cut_short(tmp: str) -> str:
    """A real WBCL ending inside an event: its first events are read, it does not parse to the end."""
    log = (DATA / "offline" / "win-gcp-wbcl.bin").read_bytes()
    path = os.path.join(tmp, "cut.bin")
    with open(path, "wb") as f:
        f.write(log[:len(log) // 2])
    return path


@functools.lru_cache(maxsize=None)
def _saved() -> tuple:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in EXAMPLES:
            for extra, bundle, report in _analyze_and_save(tmp, folder.name, str(folder)):
                out.append((folder.name, extra, bundle, report))
        # The examples carry no TCG log: the same Windows inputs beside a log that parses (a real
        # WBCL), one cut short and one whose header does not parse give the eventlog section.
        story = REPO / "examples" / "seed-000-eula-missing"
        logs = {"wbcl": str(DATA / "offline" / "win-gcp-wbcl.bin"), "cut log": _log_cut_short(tmp),
                "broken log": _log_with_broken_header(tmp)}
        for name, log in logs.items():
            for extra, bundle, report in _analyze_and_save(tmp, name.replace(" ", "-"), str(story), log):
                out.append((f"{story.name} + {name}", extra, bundle, report))
    return tuple(out)


def saved_bundles():
    """(name, extra options, saved bundle, printed report) of `analyze --save-evidence` for every
    example and for an example beside TCG logs, plain and with --redact; copies, so a test may
    change them."""
    return copy.deepcopy(_saved())


class Schemas(unittest.TestCase):
    def test_example_reports_validate(self):
        v = validator("report.schema.json")
        for folder in sorted(p.parent for p in (REPO / "examples").glob("*/expected.json")):
            with self.subTest(example=folder.name):
                report = run_tpmready("analyze", str(folder), "--format", "json").json()
                v.validate(report)

    def test_saved_offline_evidence_validates(self):
        """analyze --save-evidence (plain and --redact) of every example, and of an example beside
        TCG logs: the bundle and the report printed by the same run validate; offline inputs carry
        no device identity, which the bundle must record as unknown with a reason."""
        bundle_v, report_v = validator("evidence.schema.json"), validator("report.schema.json")
        sections = {"windows": 0, "eventlog": 0, "events": 0, "redaction": 0}
        examples = set()
        for name, extra, doc, report in saved_bundles():
            with self.subTest(bundle=name, extra=extra):
                examples.add(name)
                bundle_v.validate(doc)
                report_v.validate(report)
                self.assertEqual(doc["device"]["serial"]["unknown"], "not in the offline inputs")
                self.assertEqual("redaction" in doc, bool(extra))
                if extra:
                    report_v.validate(doc["redaction"]["report"])
                for key in sections:
                    sections[key] += bool(doc.get(key))
        self.assertTrue({folder.name for folder in EXAMPLES} <= examples)
        # The sections this schema describes in full are exercised, plain and redacted.
        for key, count in sections.items():
            self.assertGreaterEqual(count, 2, key)

    def test_event_logs_that_parse_or_not_give_every_fact_a_value_or_a_reason(self):
        saved = {(name, extra): doc for name, extra, doc, _ in saved_bundles()}
        story = "seed-000-eula-missing"
        expected = {"wbcl": (True, None), "cut log": (False, None), "broken log": (False, "the log does not parse")}
        for log, (parses, reason) in expected.items():
            for extra in ((), ("--redact",)):
                with self.subTest(log=log, extra=extra):
                    eventlog = saved[(f"{story} + {log}", extra)]["eventlog"]
                    self.assertIs(eventlog["present"]["value"], True)
                    self.assertIs(eventlog["parses"]["value"], parses)
                    self.assertEqual(eventlog["parse_error"] == "", parses)
                    facts = {k: f for k, f in eventlog.items() if isinstance(f, dict)}
                    self.assertGreaterEqual(len(facts), 20)
                    for key, fact in facts.items():
                        self.assertTrue(fact["value"] is not None or fact.get("unknown"), key)
                    if reason:
                        self.assertEqual(eventlog["secure_boot_enabled"]["unknown"], reason)

    def test_schema_catches_typos_and_wrong_types_in_windows_eventlog_and_events(self):
        """additionalProperties: false where tpmready is the only writer, typed facts, closed value
        sets; the keys older bundles have (windows.inputs, certificate_files, ...) stay valid."""
        v = validator("evidence.schema.json")
        base = next(doc for _, extra, doc, _ in saved_bundles() if not extra and doc.get("windows")
                    and doc.get("eventlog") and doc.get("events"))
        v.validate(base)
        broken = {
            "unknown windows key": ("windows", lambda w: w.update(tpmtol={})),
            "unknown registry key": ("windows", lambda w: w["registry"].update(wbcl_bytes="")),
            "typed fact": ("windows", lambda w: w["tpmtool"]["ready_for_attestation"].update(value="yes")),
            "unknown fact key": ("windows", lambda w: w["tpmtool"]["tpm_present"].update(reason="x")),
            "fact without a reason": ("windows", lambda w: w["get_tpm"].update(tpm_ready={"value": None})),
            "uint32 range": ("windows", lambda w: w["get_tpm"].update(
                lockout_count={"value": 2 ** 40, "source": "s"})),
            "registry type": ("windows", lambda w: w["registry"]["wbcl"].update(type="DWORD")),
            "base64": ("windows", lambda w: w["registry"].update(wbcl_data="@@@@")),
            "store name": ("windows", lambda w: w["registry"].update(ek_certificates=[{"store": "My"}])),
            "task reader": ("windows", lambda w: w["tpm_maintenance_task"].update(reader=1)),
            "unknown eventlog key": ("eventlog", lambda e: e.update(secureboot={"value": True})),
            "eventlog format": ("eventlog", lambda e: e.update(format={"value": "sha256", "source": "s"})),
            "eventlog float": ("eventlog", lambda e: e.update(event_count={"value": 1.5, "source": "s"})),
            "eventlog bare null": ("eventlog", lambda e: e.update(winpe={"value": None})),
            "mismatched PCR": ("eventlog", lambda e: e.update(mismatched_pcrs=[-1])),
            "unknown event key": ("events", lambda ev: ev[0].update(levels=4)),
            "event level": ("events", lambda ev: ev[0].update(level=256)),
            "event data value": ("events", lambda ev: ev[0].update(data={"Data1": 1})),
            "event without a source": ("events", lambda ev: ev[0].pop("source")),
        }
        for name, (key, change) in broken.items():
            with self.subTest(broken=name):
                doc = copy.deepcopy(base)
                change(doc[key])
                with self.assertRaises(jsonschema.ValidationError):
                    v.validate(doc)
        legacy = copy.deepcopy(base)
        legacy["windows"].update(certificate_files=["ek.der"], event_log_files=[], bundle_files=[],
                                 inputs=[{"path": "tpm.reg", "name": "tpm.reg", "kind": "reg_export",
                                          "encoding": "utf-16le", "status": "deferred",
                                          "issues": [{"line": 12, "reason": "not a value line"}]}])
        v.validate(legacy)

    def test_a_hardware_hash_csv_section_validates_plain_and_redacted_and_is_typed(self):
        """The CSV an admin registered (tests/data/autopilot-hash), saved with the healthy example:
        rows validate as written and as tokens; a hash kept whole or a wrong type does not."""
        v = validator("evidence.schema.json")
        csv = str(DATA / "autopilot-hash" / "quoted-grouptag.utf8bom.csv")
        with tempfile.TemporaryDirectory() as tmp:
            saved = _analyze_and_save(tmp, "hash-csv", str(REPO / "examples" / "service-ek-chain-rejected"), csv)
        for extra, doc, report in saved:
            with self.subTest(extra=extra):
                v.validate(doc)
                validator("report.schema.json").validate(report)
                self.assertEqual(len(doc["hardware_hash_csv"]["rows"]), 3)
        plain = saved[0][1]
        self.assertEqual(plain["hardware_hash_csv"]["rows"][1]["serial"], "5CG2041ABC")
        self.assertTrue(saved[1][1]["hardware_hash_csv"]["rows"][1]["serial"].startswith("redacted-"))
        for name, change in {"a hash kept": lambda r: r.update(hash="QUJD"),
                             "length as text": lambda r: r.update(hash_length="4000"),
                             "fingerprint": lambda r: r.update(hash_sha256="QUJD")}.items():
            with self.subTest(broken=name):
                doc = copy.deepcopy(plain)
                change(doc["hardware_hash_csv"]["rows"][0])
                with self.assertRaises(jsonschema.ValidationError):
                    v.validate(doc)

    def test_saved_bundles_of_earlier_versions_validate(self):
        """The bundles kept in tests/data/fleet (collected by an earlier tpmready) follow the schema
        but for one thing the schema's eventlog description names: that version wrote the event-log
        facts it had no log for as a bare {"value": null}, without the reason."""
        v = validator("evidence.schema.json")
        bundles = sorted((REPO / "tests" / "data" / "fleet").glob("*.bundle.json"))
        self.assertGreaterEqual(len(bundles), 2)
        for path in bundles:
            with self.subTest(bundle=path.name):
                doc = json.loads(path.read_text())
                errors = list(v.iter_errors(doc))
                self.assertEqual([list(e.absolute_path) for e in errors], [["eventlog"]])
                bare = [f for f in doc["eventlog"].values()
                        if isinstance(f, dict) and f["value"] is None and "unknown" not in f]
                self.assertGreater(len(bare), 0)
                for fact in bare:
                    fact["unknown"] = "no log read"
                v.validate(doc)

    def test_live_report_and_bundle_validate(self):
        report_v, bundle_v = validator("report.schema.json"), validator("evidence.schema.json")
        with SwtpmInstance("healthy-rsa2048") as tpm, tempfile.TemporaryDirectory() as tmp:
            report_v.validate(run_tpmready("check", "--tpm", tpm.tpm_arg, "--format", "json").json())
            bundle = os.path.join(tmp, "b.json")
            self.assertEqual(run_tpmready("collect", "--tpm", tpm.tpm_arg, "-o", bundle).code, 0)
            with open(bundle) as f:
                bundle_v.validate(json.load(f))

    def test_redacted_report_and_bundle_validate(self):
        report_v, bundle_v = validator("report.schema.json"), validator("evidence.schema.json")
        with SwtpmInstance("healthy-rsa2048") as tpm:
            report_v.validate(run_tpmready("check", "--tpm", tpm.tpm_arg, "--format", "json", "--redact").json())
            bundle = run_tpmready("collect", "--tpm", tpm.tpm_arg, "-o", "-", "--redact").json()
            bundle_v.validate(bundle)
            report_v.validate(bundle["redaction"]["report"])

    def test_online_report_and_bundle_validate(self):
        """check/collect --online against a local HTTPS server (https_lab.py): the network section
        and Evidence.network follow the schemas."""
        from https_lab import HttpsServer, PRODUCTION_HOSTS, TestPki
        from pathlib import Path
        report_v, bundle_v = validator("report.schema.json"), validator("evidence.schema.json")
        with tempfile.TemporaryDirectory() as tmp, SwtpmInstance("healthy-rsa2048") as tpm:
            pki = TestPki(Path(tmp))
            with HttpsServer(*pki.leaf("services", PRODUCTION_HOSTS), mode="ok") as srv:
                env = {"TPMREADY_NET_RESOLVE": ",".join(f"{h}=127.0.0.1:{srv.port}" for h in PRODUCTION_HOSTS),
                       "TPMREADY_NET_EXTRA_CA": str(pki.ca_pem), "https_proxy": "", "HTTPS_PROXY": ""}
                report = run_tpmready("check", "--tpm", tpm.tpm_arg, "--online", "--format", "json", env=env).json()
                bundle = os.path.join(tmp, "b.json")
                self.assertEqual(run_tpmready("collect", "--tpm", tpm.tpm_arg, "--online", "-o", bundle, env=env).code, 0)
            self.assertEqual(len(report["network"]["probes"]), 3)
            report_v.validate(report)
            with open(bundle) as f:
                doc = json.load(f)
            self.assertTrue(all(p["reachable"] for p in doc["network"]["probes"]))
            bundle_v.validate(doc)
            report["network"]["probes"][0]["reachable"] = "yes"
            with self.assertRaises(jsonschema.ValidationError):
                report_v.validate(report)

    def test_online_aik_ca_probe_validates(self):
        """The device's AIK CA probe (URL from a bundle's CertEnroll events), its answer and the
        URLs it refused follow both schemas; a wrongly typed answer does not."""
        from https_lab import HttpsServer, PRODUCTION_HOSTS, TestPki
        from pathlib import Path
        from test_aik_ca import AIK_CA, AIK_HOST, REJECTED, certenroll
        report_v, bundle_v = validator("report.schema.json"), validator("evidence.schema.json")
        with tempfile.TemporaryDirectory() as tmp, SwtpmInstance("healthy-rsa2048") as tpm:
            pki = TestPki(Path(tmp))
            events = Path(tmp) / "events.json"
            events.write_text(json.dumps({"schema_version": 1, "events": [
                certenroll(87, AIK_CA, REJECTED, 0, 1), certenroll(86, "http://evil.example/scep", "0x80072efd", 1, 2)]}))
            with HttpsServer(*pki.leaf("services", PRODUCTION_HOSTS + [AIK_HOST]), mode="getcacaps") as srv:
                env = {"TPMREADY_NET_RESOLVE": ",".join(f"{h}=127.0.0.1:{srv.port}" for h in PRODUCTION_HOSTS + [AIK_HOST]),
                       "TPMREADY_NET_EXTRA_CA": str(pki.ca_pem), "https_proxy": "", "HTTPS_PROXY": ""}
                online = ["--tpm", tpm.tpm_arg, "--online", "--windows-events", str(events)]
                report = run_tpmready("check", *online, "--format", "json", env=env).json()
                bundle = os.path.join(tmp, "b.json")
                self.assertEqual(run_tpmready("collect", *online, "-o", bundle, env=env).code, 0)
            [aik] = [p for p in report["network"]["probes"] if p.get("aik_ca")]
            self.assertEqual(aik["answer"][0], "POSTPKIOperation")
            self.assertEqual(report["network"]["aik_ca_refused"], [{"url": "http://evil.example/scep", "reason": "not https"}])
            report_v.validate(report)
            with open(bundle) as f:
                doc = json.load(f)
            self.assertTrue(any(p.get("aik_ca") and p["reachable"] for p in doc["network"]["probes"]))
            bundle_v.validate(doc)
            aik["answer"] = "POSTPKIOperation"
            with self.assertRaises(jsonschema.ValidationError):
                report_v.validate(report)

    def test_schema_rejects_a_broken_report(self):
        v = validator("report.schema.json")
        report = run_tpmready("analyze", str(REPO / "examples" / "seed-000-hyperv-vtpm"), "--format", "json").json()
        report["verdict"] = "maybe"
        with self.assertRaises(jsonschema.ValidationError):
            v.validate(report)

    def test_schema_rejects_a_bad_fault_side_or_timeline_entry(self):
        v = validator("report.schema.json")
        report = run_tpmready("analyze", str(REPO / "examples" / "seed-000-hyperv-vtpm"), "--format", "json").json()
        v.validate(report)
        for broken in ({"fault_side": "oem"},
                       {"timeline": [{"time": "", "source": "Autopilot", "event_id": 251, "summary": "x",
                                      "code": "81039001", "rule": ""}]}):
            with self.subTest(broken=broken), self.assertRaises(jsonschema.ValidationError):
                v.validate({**report, **broken})

    def test_schema_describes_the_flows_and_rejects_a_bad_one(self):
        """`.flows[]`: one answer per Autopilot flow, with a known flow ID and verdict, and rule IDs;
        each finding names its flows."""
        v = validator("report.schema.json")
        report = run_tpmready("analyze", str(REPO / "examples" / "seed-000-hyperv-vtpm"), "--format", "json").json()
        v.validate(report)
        self.assertEqual([f["id"] for f in report["flows"]], ["autopilot.tpm_attestation", "autopilot.device_association"])
        self.assertTrue(all(f["flows"] for f in report["findings"]))
        for path, value in ((("flows", 1, "verdict"), "maybe"), (("flows", 1, "id"), "autopilot.other"),
                            (("flows", 0, "root_causes"), ["Not A Rule"]), (("findings", 0, "flows"), ["x"])):
            broken = copy.deepcopy(report)
            target = broken
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
            with self.subTest(path=path), self.assertRaises(jsonschema.ValidationError):
                v.validate(broken)
        without = copy.deepcopy(report)
        del without["flows"]
        with self.assertRaises(jsonschema.ValidationError):
            v.validate(without)


if __name__ == "__main__":
    unittest.main()
