"""Redaction (a report or bundle shared outside must not identify the device):
`collect --redact -o -`, `check --redact` (text, json, html, --summary) and `analyze --redact`
(text, json, html) leak none of the scenario's identifying values.

The values are gathered independently of tpmready: from tpm2-tools (tpm2_readpublic: every
persistent key's modulus or X/Y and its name; tpm2_nvread: the EK certificates) and openssl
(`x509 -serial -fingerprint`: serial, SHA-1/SHA-256 fingerprints; `-outform PEM`: the base64), and
for the examples from the input files (certificate files, EKCertStore subkey names of the .reg
export). Each is searched for in hex (case-insensitive, with and without colons), base64 (whole
and by PEM line) and the serial in decimal. Also: one salt file gives the same tokens in two runs,
another salt other tokens, and `fleet ingest` of redacted bundles still counts one device once."""
from __future__ import annotations

import base64
import json
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import tpm2tools
from tpmlab import REPO, SwtpmInstance, run_tpmready

sys.path.insert(0, str(REPO / "tests" / "tools"))
import make_evtx  # noqa: E402

SCENARIOS = ["healthy-rsa2048", "healthy-ecc", "rsa3072-sha384", "ekcert-mismatch", "not-persisted",
             "expired-ekcert", "no-ekcert", "extra-nv"]
EXAMPLES = sorted(p for p in (REPO / "examples").glob("seed-*") if p.is_dir())
TOKEN = re.compile(r"redacted-[0-9a-f]{12}")


def openssl(*args: str, data: bytes) -> str:
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout.decode()


def der_of(nv: bytes) -> bytes:
    """The certificate inside NV contents: skip the TCG NV header, drop padding (SEQUENCE length)."""
    start = nv.find(b"\x30\x82")
    if start < 0:
        raise ValueError("no DER SEQUENCE in the NV contents")
    length = int.from_bytes(nv[start + 2:start + 4], "big")
    return nv[start:start + 4 + length]


def certificate_values(der: bytes) -> dict[str, str]:
    """What openssl says identifies this certificate, in the encodings outputs could use."""
    out = {"der hex": der.hex(), "der base64": base64.b64encode(der).decode()}
    pem = openssl("x509", "-inform", "DER", "-outform", "PEM", data=der).splitlines()
    for i, line in enumerate(pem[1:-2]):  # full 64-character lines: the last one may be short and common
        out[f"pem line {i}"] = line
    text = openssl("x509", "-inform", "DER", "-noout", "-serial", "-modulus", data=der) if b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01" in der \
        else openssl("x509", "-inform", "DER", "-noout", "-serial", data=der)
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key == "serial":
            out["serial hex"] = value
            out["serial decimal"] = str(int(value, 16))
        elif key == "Modulus":
            out["cert modulus"] = value
    for alg in ("sha1", "sha256"):
        fp = openssl("x509", "-inform", "DER", "-noout", "-fingerprint", f"-{alg}", data=der).strip().partition("=")[2]
        out[f"{alg} fingerprint colons"] = fp
        out[f"{alg} fingerprint"] = fp.replace(":", "")
    return out


def tpm_values(tcti: str) -> dict[str, str]:
    facts = tpm2tools.collect(tcti)
    out: dict[str, str] = {}
    for handle, pub in facts["public"].items():
        for field in ("rsa", "x", "y", "name"):
            if pub.get(field):
                out[f"0x{handle:08x} {field}"] = pub[field]
                if field != "name":
                    out[f"0x{handle:08x} {field} base64"] = base64.b64encode(bytes.fromhex(pub[field])).decode()
    for index, nv in facts["ek_certs"].items():
        for k, v in certificate_values(der_of(nv)).items():
            out[f"nv 0x{index:08x} {k}"] = v
    return out


def host_values() -> dict[str, str]:
    host = socket.gethostname()
    # Shorter names ("vm") are replaced in their fields but match ordinary words in text, so the
    # scrub pass leaves them (redactor.h kMinScrubLength); the bundle test checks the field.
    return {"hostname": host} if len(host) >= 4 else {}


def leaks(output: str, values: dict[str, str]) -> list[str]:
    low = output.lower()
    return [f"{k} ({v[:24]}...)" for k, v in values.items() if v and v.lower() in low]


class Redact(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.salt = self.dir / "fleet.salt"

    def tearDown(self):
        self.tmp.cleanup()

    def redact_args(self, salt: Path | None = None) -> list[str]:
        return ["--redact", "--redact-salt-file", str(salt or self.salt)]

    def outputs_live(self, tpm: SwtpmInstance) -> dict[str, str]:
        spec = ["--tpm", tpm.tpm_arg]
        plain = self.dir / f"{tpm.scenario}-plain.json"
        self.assertIn(run_tpmready("collect", *spec, "-o", str(plain)).code, (0, 3))
        out = {}
        run = run_tpmready("collect", *spec, "-o", "-", *self.redact_args())
        self.assertIn(run.code, (0, 3), run)
        out["collect -o -"] = run.stdout
        for fmt in ("text", "json", "html"):
            run = run_tpmready("check", *spec, "--format", fmt, *self.redact_args())
            self.assertIn(run.code, (0, 1, 3), run)
            out[f"check {fmt}"] = run.stdout + run.stderr
            run = run_tpmready("analyze", str(plain), "--format", fmt, *self.redact_args())
            self.assertIn(run.code, (0, 1, 3), run)
            out[f"analyze {fmt}"] = run.stdout + run.stderr
        out["check --summary"] = run_tpmready("check", *spec, "--summary", *self.redact_args()).stdout
        out["plain device id"] = json.loads(plain.read_text())["device"]["id"]
        return out

    def test_swtpm_scenarios_leak_nothing(self):
        for scenario in SCENARIOS:
            with self.subTest(scenario=scenario), SwtpmInstance(scenario) as tpm:
                values = {**tpm_values(tpm.tcti), **host_values()}
                if tpm.env.get("EK_CERT_INDEX"):
                    self.assertTrue(any("fingerprint" in k for k in values), "the oracle found no EK certificate")
                outputs = self.outputs_live(tpm)
                values["device id"] = outputs.pop("plain device id")
                # control: the oracle's values are there without --redact (the search can fail)
                plain = (self.dir / f"{scenario}-plain.json").read_text()
                self.assertNotEqual(leaks(plain, values), [], f"{scenario}: the plain bundle shows no value")
                for name, text in outputs.items():
                    self.assertEqual(leaks(text, values), [], f"{scenario}: {name} leaks")
                bundle = json.loads(outputs["collect -o -"])
                if values["device id"]:  # none without a serial and a persisted EK (not-persisted)
                    self.assertRegex(bundle["device"]["id"], TOKEN)
                self.assertRegex(bundle["device"]["hostname"]["value"], TOKEN)
                self.assertIsNotNone(bundle["redaction"]["report"])
                # the summary line names the device by the same token the bundle has
                self.assertIn(f"device={bundle['device']['id']}", outputs["check --summary"])

    def test_examples_leak_nothing(self):
        for example in EXAMPLES:
            with self.subTest(example=example.name):
                values: dict[str, str] = {}
                for crt in example.glob("*.crt"):
                    values[f"{crt.name} file name"] = crt.stem
                    for k, v in certificate_values(crt.read_bytes()).items():
                        values[f"{crt.name} {k}"] = v
                for reg in example.glob("*.reg"):
                    raw = reg.read_bytes()
                    text = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode()
                    for thumb in re.findall(r"EKCertStore\\Certificates\\([0-9A-Fa-f]{40})\]", text):
                        values[f"{reg.name} EKCertStore subkey"] = thumb
                values["folder"] = str(example)
                for fmt in ("text", "json", "html"):
                    run = run_tpmready("analyze", str(example), "--format", fmt,
                                       *self.redact_args())
                    self.assertIn(run.code, (0, 1, 3), run)
                    self.assertEqual(leaks(run.stdout + run.stderr, values), [], f"{example.name}: analyze {fmt} leaks")
                plain = run_tpmready("analyze", str(example), "--format", "json")
                if values.get("folder") and list(example.glob("*.crt")):  # control: the search can fail
                    self.assertNotEqual(leaks(plain.stdout, values), [])
                redacted = run_tpmready("analyze", str(example), "--format", "json", *self.redact_args())
                # redaction changes what is shown, never what is decided
                self.assertEqual(plain.json()["verdict"], redacted.json()["verdict"])
                self.assertEqual(plain.json()["root_causes"], redacted.json()["root_causes"])

    def test_same_salt_same_tokens_other_salt_other_tokens(self):
        other = self.dir / "other.salt"
        with SwtpmInstance("healthy-rsa2048") as tpm:
            spec = ["--tpm", tpm.tpm_arg, "-o", "-"]
            a = json.loads(run_tpmready("collect", *spec, *self.redact_args()).stdout)
            b = json.loads(run_tpmready("collect", *spec, *self.redact_args()).stdout)
            c = json.loads(run_tpmready("collect", *spec, *self.redact_args(other)).stdout)
            d = json.loads(run_tpmready("collect", *spec, "--redact").stdout)  # random salt per run
        self.assertEqual(self.salt.stat().st_size, 32)
        key = lambda doc: (doc["device"]["id"], doc["device"]["hostname"]["value"],
                           doc["tpm"]["persistent"][0]["name"], doc["ek"]["ek_rsa"]["value"]["key"]["modulus"])
        self.assertEqual(key(a), key(b))
        for x, y in zip(key(a), key(c)):
            self.assertNotEqual(x, y)
        self.assertNotEqual(key(a)[0], key(d)[0])

    def test_fleet_groups_redacted_bundles_of_one_device(self):
        bundles = self.dir / "bundles"
        bundles.mkdir()
        with SwtpmInstance("healthy-rsa2048") as tpm:
            for i in range(2):
                run = run_tpmready("collect", "--tpm", tpm.tpm_arg, "-o", str(bundles / f"rsa-{i}.json"),
                                   *self.redact_args())
                self.assertEqual(run.code, 0, run)
            summary = run_tpmready("check", "--tpm", tpm.tpm_arg, "--summary", *self.redact_args()).stdout
            (bundles / "rsa-summary.txt").write_text(summary)
        with SwtpmInstance("healthy-ecc") as tpm:
            run = run_tpmready("collect", "--tpm", tpm.tpm_arg, "-o", str(bundles / "ecc.json"), *self.redact_args())
            self.assertEqual(run.code, 0, run)
        db = self.dir / "fleet.sqlite"
        run = run_tpmready("fleet", "ingest", str(bundles), "--db", str(db))
        self.assertEqual(run.code, 0, run)
        report = run_tpmready("fleet", "report", "--db", str(db), "--format", "json").json()
        self.assertEqual(report["devices"], 2)
        # the device's verdict is the one computed on it (EK certificate checked), not a re-check of
        # a bundle without certificates: healthy-rsa2048 fails only for being a software TPM
        self.assertEqual(report["verdicts"]["not_ready"], 2)
        self.assertEqual({r["id"] for r in report["root_causes"]}, {"tpm.not_virtual"})


AUTOPILOT = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot"
# Free text naming the device's FQDN, a proxy, a tenant and a user, next to public service names.
EVENT_TEXT = [
    {"time": "2024-05-01T10:02:03Z", "channel": AUTOPILOT, "provider": AUTOPILOT.split("/")[0], "event_id": 251,
     "level": 2, "data": {"HRESULT": "0x81039001",
                          "Message": "AIK enrolment from WKS01.corp.contoso.com via proxy.contoso.local failed; "
                                     "ztd.dds.microsoft.com and ekop.intel.com reachable",
                          "Detail": "tenant contoso.onmicrosoft.com, user alice.smith@contoso.com, tpmtool.exe 10.0.19045"}},
]
PRIVATE_NAMES = ["wks01.corp.contoso.com", "proxy.contoso.local", "contoso.onmicrosoft.com", "alice.smith@contoso.com"]
PUBLIC_NAMES = ["ztd.dds.microsoft.com", "ekop.intel.com", "tpmtool.exe", "10.0.19045"]


class RedactEventText(unittest.TestCase):
    """Host names inside free-text event data (a real .evtx, read by libevtx): `analyze --redact`
    tokenises them in the report and in the --save-evidence bundle; public attestation service
    names stay. The salt file is created 0600, and a salt others can read is refused."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.evtx = self.dir / "autopilot.evtx"
        make_evtx.write_evtx(EVENT_TEXT, str(self.evtx))
        self.salt = self.dir / "fleet.salt"

    def tearDown(self):
        self.tmp.cleanup()

    def analyze(self, *extra: str, bundle: Path):
        run = run_tpmready("analyze", str(self.evtx), "--save-evidence", str(bundle), *extra)
        self.assertIn(run.code, (0, 1, 3), run)
        return run

    def test_host_names_in_event_text_become_tokens(self):
        plain = self.dir / "plain.json"
        self.analyze("--format", "json", bundle=plain)
        # control: the names are in the plain bundle's event data (the search can fail)
        for name in PRIVATE_NAMES + PUBLIC_NAMES:
            self.assertIn(name.lower(), plain.read_text().lower(), name)
        for fmt in ("json", "text"):
            bundle = self.dir / f"redacted-{fmt}.json"
            run = self.analyze("--format", fmt, "--redact", "--redact-salt-file", str(self.salt), bundle=bundle)
            for where, text in (("report", run.stdout + run.stderr), ("bundle", bundle.read_text())):
                for name in PRIVATE_NAMES:
                    self.assertNotIn(name.lower(), text.lower(), f"{fmt} {where}")
            data = [e["data"] for e in json.loads(bundle.read_text())["events"] if e["event_id"] == 251][0]
            self.assertRegex(data["Message"], rf"^AIK enrolment from {TOKEN.pattern} via {TOKEN.pattern} failed; "
                                              r"ztd\.dds\.microsoft\.com and ekop\.intel\.com reachable$")
            self.assertIn("tpmtool.exe 10.0.19045", data["Detail"])
            self.assertEqual(len(TOKEN.findall(data["Detail"])), 2)

    def test_salt_file_is_private_and_a_readable_one_is_refused(self):
        self.analyze("--redact", "--redact-salt-file", str(self.salt), bundle=self.dir / "a.json")
        self.assertEqual(stat.S_IMODE(self.salt.stat().st_mode), 0o600)
        self.assertEqual(self.salt.stat().st_size, 32)
        self.salt.chmod(0o644)
        run = run_tpmready("analyze", str(self.evtx), "--redact", "--redact-salt-file", str(self.salt))
        self.assertEqual(run.code, 2, run)
        self.assertEqual(run.stdout, "")
        self.assertEqual(run.stderr, f"tpmready: error: salt file {self.salt} can be read by other users "
                                     f"(mode 0644): make it private with chmod 600 {self.salt}\n")


if __name__ == "__main__":
    unittest.main()
