"""`tpmready ekcert --tpm tcp:...` against the provisioned swtpm scenarios (tests/tpmlab/README.md):
findings per scenario, the RSA-3072/SHA-384 acceptance case, and the lab's own artefacts
(lab/ekcert.der, lab/ca/chain.pem) as the oracle for certificate fields, cross-checked with openssl."""
from __future__ import annotations

import hashlib
import json
import os
import ssl
import subprocess
import tempfile
import unittest
from pathlib import Path

from tpmlab import SwtpmInstance, run_tpmready, run_tpmready_raw

# scenario -> (exit code, {finding id: status}) as the scenario is provisioned
EXPECTED = {
    "healthy-rsa2048": (0, {"ek.cert.present": "pass", "ek.cert.matches_ek": "pass",
                            "ek.cert.service_compatible": "pass", "ek.cert.valid_dates": "pass",
                            "ek.cert.chain": "pass", "ek.template": "pass"}),
    "healthy-ecc": (0, {"ek.cert.present": "pass", "ek.cert.matches_ek": "pass",
                        "ek.cert.service_compatible": "pass", "ek.cert.chain": "pass"}),
    "rsa3072-sha384": (1, {"ek.cert.present": "pass", "ek.cert.matches_ek": "pass",
                           "ek.cert.service_compatible": "fail", "ek.template": "fail"}),
    "ekcert-mismatch": (1, {"ek.cert.matches_ek": "fail", "ek.cert.chain": "pass"}),
    "expired-ekcert": (1, {"ek.cert.valid_dates": "fail", "ek.cert.matches_ek": "pass"}),
    "no-ekcert": (1, {"ek.cert.present": "fail", "ek.cert.matches_ek": "not_applicable"}),
    "not-persisted": (0, {"ek.cert.present": "pass", "ek.cert.matches_ek": "unknown",
                          "ek.template": "warn"}),
}


def openssl(*args: str) -> str:
    return subprocess.run(["openssl", *args], capture_output=True, text=True, check=True).stdout.strip()


class EkcertOnSwtpm(unittest.TestCase):
    maxDiff = None

    def run_scenario(self, scenario: str) -> dict:
        with SwtpmInstance(scenario) as tpm:
            args = ["ekcert", "--tpm", tpm.tpm_arg, "--format", "json"]
            chain = tpm.template / "lab" / "ca" / "chain.pem"
            if chain.exists():
                args += ["--ca-store", str(chain)]
            run = run_tpmready(*args)
        code, findings = EXPECTED[scenario]
        self.assertEqual(run.code, code, run)
        doc = run.json()
        got = {f["id"]: f["status"] for f in doc["findings"]}
        for fid, status in findings.items():
            self.assertEqual(got.get(fid), status, f"{scenario}: {fid}: {doc['findings']}")
        return doc

    def check_fields_against_lab_cert(self, scenario: str, doc: dict) -> None:
        der = SwtpmInstance(scenario).template / "lab" / "ekcert.der"
        cert = doc["certificates"][0]
        fp = openssl("x509", "-inform", "DER", "-in", str(der), "-noout", "-fingerprint", "-sha1")
        self.assertEqual(cert["sha1_thumbprint"], fp.split("=", 1)[1].replace(":", ""))
        issuer = openssl("x509", "-inform", "DER", "-in", str(der), "-noout", "-issuer", "-nameopt", "RFC2253")
        self.assertEqual("issuer=" + cert["issuer"], issuer)
        sig = openssl("x509", "-inform", "DER", "-in", str(der), "-noout", "-text")
        self.assertIn("Signature Algorithm: " + cert["signature_algorithm"], sig)

    def test_healthy_rsa2048(self):
        doc = self.run_scenario("healthy-rsa2048")
        cert = doc["certificates"][0]
        self.assertEqual((cert["source"], cert["key_algorithm"], cert["key_bits"]), ("nv:0x01c00002", "rsa", 2048))
        self.assertEqual(cert["chain"]["status"], "verified")
        self.assertIs(cert["matches_ek"], True)
        self.check_fields_against_lab_cert("healthy-rsa2048", doc)

    def test_healthy_ecc(self):
        doc = self.run_scenario("healthy-ecc")
        cert = doc["certificates"][0]
        self.assertEqual((cert["source"], cert["key_algorithm"], cert["curve"]), ("nv:0x01c0000a", "ecc", "P-256"))

    def test_rsa3072_sha384_acceptance(self):
        doc = self.run_scenario("rsa3072-sha384")
        cert = doc["certificates"][0]
        self.assertEqual(cert["source"], "nv:0x01c0001c")
        self.assertEqual((cert["key_bits"], cert["signature_algorithm"]), (3072, "sha384WithRSAEncryption"))
        f = next(f for f in doc["findings"] if f["id"] == "ek.cert.service_compatible")
        for needle in ("0x80190190", "0x81039001", "EncryptSecret"):
            self.assertIn(needle, f["explanation"])
        self.assertIn("RSA-2048", f["fix"])
        self.check_fields_against_lab_cert("rsa3072-sha384", doc)

    def test_rsa3072_text_output_names_the_fix(self):
        with SwtpmInstance("rsa3072-sha384") as tpm:
            run = run_tpmready("ekcert", "--tpm", tpm.tpm_arg)
        self.assertEqual(run.code, 1, run)
        self.assertIn("fail           ek.cert.service_compatible", run.stdout)
        self.assertIn("fix: Install the OEM firmware/TPM update", run.stdout)

    def test_ekcert_mismatch(self):
        doc = self.run_scenario("ekcert-mismatch")
        self.assertIs(doc["certificates"][0]["matches_ek"], False)

    def test_expired(self):
        self.run_scenario("expired-ekcert")

    def test_no_ekcert(self):
        doc = self.run_scenario("no-ekcert")
        self.assertEqual(doc["certificates"], [])

    def test_not_persisted(self):
        doc = self.run_scenario("not-persisted")
        self.assertIsNone(doc["certificates"][0]["matches_ek"])

    def test_not_persisted_derive_ek_matches_the_lab_certificate(self):
        """--derive-ek re-creates the EK from the default template (CreatePrimary + FlushContext):
        the lab certified exactly that key, so the match is known; ek.template says it was derived."""
        with SwtpmInstance("not-persisted") as tpm:
            run = run_tpmready("ekcert", "--tpm", tpm.tpm_arg, "--derive-ek", "--format", "json")
        self.assertEqual(run.code, 0, run)
        doc = run.json()
        self.assertIs(doc["certificates"][0]["matches_ek"], True)
        f = {x["id"]: x for x in doc["findings"]}
        self.assertEqual(f["ek.cert.matches_ek"]["status"], "pass")
        self.assertEqual(f["ek.template"]["status"], "warn")
        self.assertIn("derived transiently", f["ek.template"]["summary"])

    def test_unreachable_tpm_exits_3(self):
        run = run_tpmready("ekcert", "--tpm", "tcp:127.0.0.1:1", env={"TPMREADY_TPM_TIMEOUT_MS": "2000"})
        self.assertEqual(run.code, 3, run)
        self.assertTrue(run.stderr.startswith("tpmready: error: "), run)


class EkcertBadInput(unittest.TestCase):
    def test_bad_files_exit_2_naming_file_and_offset(self):
        with tempfile.TemporaryDirectory() as d:
            cases = {
                "empty.der": b"",
                "truncated.der": bytes([0x30, 0x82, 0x04, 0x00, 0x30]),
                "indefinite.der": bytes([0x30, 0x80, 0x00, 0x00]),
                "broken.pem": b"-----BEGIN CERTIFICATE-----\nMII*\n-----END CERTIFICATE-----\n",
                "garbage.bin": bytes((i * 7919) % 251 + 1 for i in range(1 << 20)),
            }
            for name, data in cases.items():
                path = os.path.join(d, name)
                with open(path, "wb") as f:
                    f.write(data)
                run = run_tpmready("ekcert", path)
                self.assertEqual(run.code, 2, run)
                self.assertEqual(run.stdout, "", run)
                lines = run.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, run)
                self.assertIn(path, lines[0])
                self.assertTrue("@0x" in lines[0] or "line " in lines[0], run)
    def test_error_line_shows_control_characters_in_a_file_name_escaped(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad\x1b]0;owned\x07.der")
            with open(path, "wb") as f:
                f.write(b"\x30\x80\x00\x00")
            run = run_tpmready_raw("ekcert", path)
        self.assertEqual(run.returncode, 2, run)
        err = run.stderr.decode("utf-8")
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("bad\\x1b]0;owned\\x07.der", err)
        self.assertNotIn("\x1b", err)
        self.assertNotIn("\x07", err)


UTF8_MARK = b"\x0c\x0dtpmready-MARK"  # UTF8String (tag 0x0c), 13 bytes


def certificates_with_and_without_a_bad_byte(root: Path) -> tuple[Path, Path]:
    """A self-signed certificate whose CN is the UTF8String "tpmready-MARK" (openssl), and the same
    certificate with the M replaced by the byte 0xFF, which is not UTF-8, then signed again with the
    same key: the two differ in that byte (in subject and issuer) and the signature, nothing else."""
    key, pem = root / "key.pem", root / "good.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30", "-utf8",
                    "-subj", "/CN=tpmready-MARK/O=tpmready tests", "-keyout", str(key), "-out", str(pem)],
                   check=True, capture_output=True)
    der = subprocess.run(["openssl", "x509", "-in", str(pem), "-outform", "DER"], check=True, capture_output=True).stdout
    # Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING (00 + 256-byte signature) }
    assert der[:2] == b"\x30\x82" and der[4:6] == b"\x30\x82", "long-form SEQUENCEs expected"
    tbs_end = 8 + int.from_bytes(der[6:8], "big")
    assert der[tbs_end:].count(UTF8_MARK) == 0 and der[4:tbs_end].count(UTF8_MARK) == 2, "CN is not a UTF8String"
    tbs = der[4:tbs_end].replace(UTF8_MARK, b"\x0c\x0dtpmready-\xffARK")
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key)], input=tbs, check=True,
                               capture_output=True).stdout
    assert len(signature) == 256 and der[-261:-256] == b"\x03\x82\x01\x01\x00"
    good, bad = root / "good.der", root / "bad.der"
    good.write_bytes(der)
    bad.write_bytes(der[:4] + tbs + der[tbs_end:-256] + signature)
    return good, bad


class EkcertIllFormedText(unittest.TestCase):
    """A certificate's UTF8String holding a byte that is not UTF-8: JSON output stays valid (the byte
    becomes U+FFFD) and the outcome is the one of the same certificate without that byte."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="tpmready-utf8-")
        cls.good, cls.bad = certificates_with_and_without_a_bad_byte(Path(cls.tmp.name))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def json_of(self, *args: str) -> tuple[int, dict]:
        run = run_tpmready_raw(*args, "--format", "json")
        text = run.stdout.decode("utf-8")  # strict: ill-formed UTF-8 fails the test
        return run.returncode, json.loads(text)

    def test_ekcert_json_replaces_the_byte_and_decides_as_without_it(self):
        good_code, good = self.json_of("ekcert", str(self.good))
        bad_code, bad = self.json_of("ekcert", str(self.bad))
        self.assertIn(bad_code, (0, 1), bad)  # a verdict, not exit 3's "internal error"
        self.assertEqual(bad_code, good_code)
        self.assertEqual(good["certificates"][0]["subject"], "O=tpmready tests,CN=tpmready-MARK")
        self.assertEqual(bad["certificates"][0]["subject"], "O=tpmready tests,CN=tpmready-\ufffdARK")
        self.assertEqual(bad["certificates"][0]["issuer"], "O=tpmready tests,CN=tpmready-\ufffdARK")
        self.assertEqual({f["id"]: f["status"] for f in bad["findings"]}, {f["id"]: f["status"] for f in good["findings"]})

    def test_ekcert_text_is_utf8(self):
        run = run_tpmready_raw("ekcert", str(self.bad))
        self.assertIn(run.returncode, (0, 1), run)
        self.assertIn("subject     O=tpmready tests,CN=tpmready-\ufffdARK", run.stdout.decode("utf-8"))

    def test_analyze_json_is_valid_and_gives_the_same_verdict(self):
        good_code, good = self.json_of("analyze", str(self.good))
        bad_code, bad = self.json_of("analyze", str(self.bad))
        self.assertIn(bad_code, (0, 1, 3), bad)
        self.assertEqual(bad_code, good_code)
        self.assertEqual(bad["verdict"], good["verdict"])
        self.assertEqual(bad["root_causes"], good["root_causes"])


DATA = Path(__file__).resolve().parents[1] / "data"
STORE = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\TPM\WMI\Endorsement"


def reg_hex(data: bytes) -> str:
    return ",".join(f"{b:02x}" for b in data)


def store_blob(der: bytes) -> bytes:
    """A serialized certificate element (facts/windows.md §2.3): one record, property 32 = the DER."""
    return (32).to_bytes(4, "little") + (1).to_bytes(4, "little") + len(der).to_bytes(4, "little") + der


class EkcertRegistryAgreesWithAnalyze(unittest.TestCase):
    """One walk of the EK certificate store: `ekcert --registry x.reg`, `analyze x.reg` and `analyze`
    of the bundle saved from it use the same certificates and report the same notes, for an export
    (the seed-000 TPM\\WMI export of tests/data/offline, plus an ECC store entry and one bad blob)
    where one blob is not a certificate element. Decision: the bad blob is a note, the rest are used."""

    maxDiff = None

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="tpmready-ekstore-")
        root = Path(cls.tmp.name)
        text = (DATA / "offline" / "seed000-eula-tpm-wmi.reg").read_bytes().decode("utf-16")
        ecc_pem = (DATA / "cert" / "gtt-gce-pca_tpm_ecc_enc_cert.pem").read_text()
        cls.ecc_der = ssl.PEM_cert_to_DER_cert(ecc_pem)
        cls.ecc_thumb = hashlib.sha1(cls.ecc_der).hexdigest().upper()
        bad = (32).to_bytes(4, "little") + (1).to_bytes(4, "little") + (99).to_bytes(4, "little") + b"0000"
        text += (f"\r\n[{STORE}\\EKCertStore\\Certificates\\0123456789ABCDEF0123456789ABCDEF01234567]\r\n"
                 f'"Blob"=hex:{reg_hex(bad)}\r\n'
                 f"\r\n[{STORE}\\EkCertStoreECC]\r\n\r\n[{STORE}\\EkCertStoreECC\\Certificates]\r\n"
                 f"\r\n[{STORE}\\EkCertStoreECC\\Certificates\\{cls.ecc_thumb}]\r\n"
                 f'"Blob"=hex:{reg_hex(store_blob(cls.ecc_der))}\r\n')
        cls.reg = root / "x.reg"
        cls.reg.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
        cls.bundle = root / "bundle.json"

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def test_same_certificates_and_notes(self):
        ek = run_tpmready("ekcert", "--registry", str(self.reg), "--format", "json", "--now", "2025-01-01T00:00:00Z")
        # The bad blob is unusable input (exit 2) after the report on the two good certificates.
        self.assertEqual(ek.code, 2, ek)
        ekj = ek.json()
        sources = sorted(c["source"] for c in ekj["certificates"])
        self.assertEqual(sources, sorted(["registry:B6BAE82B06492321A84308410C282928D789BBCA",
                                          "registry:" + self.ecc_thumb]))
        for c in ekj["certificates"]:
            self.assertEqual("registry:" + c["sha1_thumbprint"].upper(), c["source"])
        notes = ekj["collection_errors"]
        self.assertEqual(len(notes), 1, notes)
        self.assertTrue(notes[0].startswith("registry:0123456789ABCDEF0123456789ABCDEF01234567: EKCertStore entry "
                                            "not used: @0xc: property[0].value (id 32): needs 99 bytes"), notes)
        self.assertIn("(file:x.reg:", notes[0])
        self.assertIn(notes[0], ek.stderr)

        def certificates_and_notes(report: dict) -> tuple[list, list]:
            present = {f["id"]: f for f in report["findings"]}["ek.cert.present"]
            self.assertEqual(present["status"], "pass")
            return (sorted(e["value"] for e in present["evidence"]),
                    [n for n in report["notes"] if n.startswith("registry:")])

        analyze = run_tpmready("analyze", str(self.reg), "--format", "json", "--save-evidence", str(self.bundle))
        self.assertIn(analyze.code, (0, 1, 3), analyze)
        self.assertEqual(certificates_and_notes(analyze.json()), (sources, notes))
        again = run_tpmready("analyze", str(self.bundle), "--format", "json")
        self.assertEqual(certificates_and_notes(again.json()), (sources, notes))
        # The bundle stores the store entries; the report's lines come from them.
        store = json.loads(self.bundle.read_text())["windows"]["registry"]["ek_certificates"]
        self.assertEqual([(s["store"], bool(s["der"]), bool(s["note"])) for s in store],
                         [("EKCertStore", False, True), ("EKCertStore", True, False), ("EkCertStoreECC", True, False)])


if __name__ == "__main__":
    unittest.main(verbosity=2)
