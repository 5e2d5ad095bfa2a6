"""Reports and bundles validate against the published JSON schemas (schema/*.schema.json).
Runs with Debian's /usr/bin/python3, where python3-jsonschema is installed (scripts/install-deps.sh)."""
from __future__ import annotations

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


class Schemas(unittest.TestCase):
    def test_example_reports_validate(self):
        v = validator("report.schema.json")
        for folder in sorted(p.parent for p in (REPO / "examples").glob("*/expected.json")):
            with self.subTest(example=folder.name):
                report = run_tpmready("analyze", str(folder), "--format", "json").json()
                v.validate(report)

    def test_saved_offline_evidence_validates(self):
        """analyze --save-evidence (plain and --redact): offline inputs carry no device identity,
        which the bundle must record as unknown with a reason, as the schema requires."""
        v = validator("evidence.schema.json")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "evidence.json")
            for folder in sorted(p.parent for p in (REPO / "examples").glob("*/expected.json")):
                for extra in ((), ("--redact",)):
                    with self.subTest(example=folder.name, extra=extra):
                        run_tpmready("analyze", str(folder), "--format", "json", "--save-evidence", out, *extra)
                        with open(out) as f:
                            doc = json.load(f)
                        v.validate(doc)
                        self.assertEqual(doc["device"]["serial"]["unknown"], "not in the offline inputs")
                        self.assertEqual("redaction" in doc, bool(extra))

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


if __name__ == "__main__":
    unittest.main()
