"""Self-tests of the test harness, with tpm2-tools and openssl only (no tpmready):
each provisioned scenario is what tests/tpmlab/README.md says, the tpm2-tools parsers read the
real output, and the fault proxy really injects each fault."""
from __future__ import annotations

import hashlib
import socket
import struct
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import tpm2tools
from fault_proxy import Fault, FaultProxy
from tpmlab import TPMLAB, SwtpmInstance

EK_RSA = 0x81010001       # facts/tcg.md §3.2
EK_ECC = 0x81010002
NV_EKCERT_RSA = 0x01C00002  # facts/tcg.md §3.1
NV_EKCERT_ECC = 0x01C0000A
NV_EKCERT_RSA3072 = 0x01C0001C


def spki_der(pem_or_der: bytes, *, cert: bool) -> bytes:
    """DER SubjectPublicKeyInfo of a certificate (DER) or a public key (PEM), via openssl."""
    if cert:
        pem = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-pubkey"],
                             input=pem_or_der, capture_output=True, check=True).stdout
    else:
        pem = pem_or_der
    return subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pem,
                          capture_output=True, check=True).stdout


class Scenarios(unittest.TestCase):
    def facts(self, scenario: str):
        with SwtpmInstance(scenario) as tpm:
            facts = tpm2tools.collect(tpm.tcti)
            return tpm, facts, facts["ek_certs"]

    def assert_cert_is_ek(self, tpm, cert: bytes, matches: bool = True) -> None:
        lab = tpm.template / "lab"
        self.assertEqual(cert, (lab / "ekcert.der").read_bytes(), "NV holds the issued cert")
        same = spki_der(cert, cert=True) == spki_der((lab / "ek.pem").read_bytes(), cert=False)
        self.assertIs(same, matches)

    def test_healthy_rsa2048(self):
        tpm, facts, certs = self.facts("healthy-rsa2048")
        self.assertEqual(facts["persistent"], [EK_RSA])
        self.assertEqual(facts["nv_handles"], [NV_EKCERT_RSA])
        pub = facts["public"][EK_RSA]
        self.assertEqual((pub["type.value"], pub["bits"], pub["name-alg.value"]), ("rsa", "2048", "sha256"))
        self.assertEqual(facts["nv_public"][NV_EKCERT_RSA]["size"], len(certs[NV_EKCERT_RSA]))
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_RSA])
        c = tpm2tools.expected_contract(facts)
        self.assertEqual((c["manufacturer"], c["in_lockout"], c["owner_auth_set"]), ("IBM", False, False))
        self.assertEqual(set(c["pcrs"]), {"sha1", "sha256", "sha384", "sha512"})

    def test_healthy_ecc(self):
        tpm, facts, certs = self.facts("healthy-ecc")
        self.assertEqual(facts["persistent"], [EK_ECC])
        self.assertEqual(facts["public"][EK_ECC]["type.value"], "ecc")
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_ECC])

    def test_rsa3072_sha384(self):
        tpm, facts, certs = self.facts("rsa3072-sha384")
        pub = facts["public"][EK_RSA]
        self.assertEqual((pub["bits"], pub["name-alg.value"]), ("3072", "sha384"))
        self.assertEqual(facts["nv_handles"], [NV_EKCERT_RSA3072])
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_RSA3072])

    def test_ekcert_mismatch(self):
        tpm, facts, certs = self.facts("ekcert-mismatch")
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_RSA], matches=False)

    def test_not_persisted(self):
        tpm, facts, certs = self.facts("not-persisted")
        self.assertEqual(facts["persistent"], [])
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_RSA])

    def test_no_ekcert(self):
        _, facts, _ = self.facts("no-ekcert")
        self.assertEqual((facts["persistent"], facts["nv_handles"]), ([EK_RSA], []))

    def test_tpm_fresh(self):
        _, facts, _ = self.facts("tpm-fresh")
        self.assertEqual((facts["persistent"], facts["nv_handles"]), ([], []))

    def test_lockout(self):
        _, facts, _ = self.facts("lockout")
        c = tpm2tools.expected_contract(facts)
        self.assertEqual((c["in_lockout"], c["owner_auth_set"]), (True, False))
        self.assertEqual(facts["variable"]["TPM2_PT_LOCKOUT_COUNTER"], 3)

    def test_owner_auth_set(self):
        _, facts, _ = self.facts("owner-auth-set")
        c = tpm2tools.expected_contract(facts)
        self.assertEqual((c["in_lockout"], c["owner_auth_set"]), (False, True))

    def test_expired_ekcert(self):
        tpm, _, certs = self.facts("expired-ekcert")
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_RSA])
        ca = tpm.template / "lab" / "ca"
        p = subprocess.run(["openssl", "verify", "-CAfile", str(ca / "root.pem"), "-untrusted",
                            str(ca / "intermediate.pem"), str(tpm.template / "lab" / "ekcert.pem")],
                           capture_output=True, text=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("certificate has expired", p.stdout + p.stderr)

    def test_extra_nv(self):
        tpm, facts, certs = self.facts("extra-nv")
        sizes = {i: v["size"] for i, v in facts["nv_public"].items()}
        self.assertEqual(sizes, {0x01500001: 32, 0x01500002: 1500, 0x01500003: 64,
                                 0x01800001: 16, NV_EKCERT_RSA: len(certs[NV_EKCERT_RSA])})
        # TPMA_NV_WRITTEN (bit 29, 0x20000000): the never-written index really is unwritten
        self.assertFalse(facts["nv_public"][0x01500003]["attributes"] & 0x20000000)
        self.assertTrue(facts["nv_public"][0x01500001]["attributes"] & 0x20000000)
        self.assert_cert_is_ek(tpm, certs[NV_EKCERT_RSA])
        # PCRs were re-extended after the start from the template: replay the recorded extends
        expected = {"sha1": {}, "sha256": {}}
        for line in (tpm.template / "lab" / "pcr-extends.txt").read_text().split():
            pcr, _, digests = line.partition(":")
            for part in digests.split(","):
                bank, _, digest = part.partition("=")
                old = bytes(hashlib.new(bank).digest_size)
                expected[bank][int(pcr)] = hashlib.new(bank, old + bytes.fromhex(digest)).hexdigest()
        for bank, values in expected.items():
            for pcr, value in values.items():
                self.assertEqual(facts["pcrs"][bank][pcr], value, f"{bank}:{pcr}")


class ScriptSafety(unittest.TestCase):
    """The tpmlab scripts refuse bad input and never touch what is not theirs."""

    def script(self, name, *args):
        return subprocess.run([str(TPMLAB / name), *map(str, args)], capture_output=True,
                              text=True, timeout=30)

    def test_unknown_scenario_is_usage_error(self):
        with tempfile.TemporaryDirectory() as d:
            p = self.script("provision.sh", d, "no-such-scenario")
        self.assertEqual(p.returncode, 2)
        self.assertIn("usage: provision.sh", p.stderr)

    def test_provision_refuses_foreign_non_empty_dir(self):
        with tempfile.TemporaryDirectory() as d:
            keep = Path(d) / "precious.txt"
            keep.write_text("not a TPM")
            p = self.script("provision.sh", d, "tpm-fresh")
            self.assertEqual(p.returncode, 1)
            self.assertIn("refusing to wipe", p.stderr)
            self.assertTrue(keep.exists())

    def test_from_template_rejects_non_template(self):
        with tempfile.TemporaryDirectory() as d:
            p = self.script("swtpm-from-template.sh", d, Path(d) / "run")
        self.assertEqual(p.returncode, 1)
        self.assertIn("not a provisioned tpmlab template", p.stderr)

    def test_down_never_kills_a_foreign_pid(self):
        victim = subprocess.Popen(["sleep", "30"])
        try:
            with tempfile.TemporaryDirectory() as d:
                (Path(d) / "swtpm.pid").write_text(f"{victim.pid}\n")
                p = self.script("swtpm-down.sh", d)
            self.assertEqual(p.returncode, 1)
            self.assertIn("not the swtpm for", p.stderr)
            self.assertIsNone(victim.poll(), "the foreign process must survive")
        finally:
            victim.kill()
            victim.wait()

    def test_down_without_pid_file_is_a_no_op(self):
        with tempfile.TemporaryDirectory() as d:
            p = self.script("swtpm-down.sh", d)
        self.assertEqual(p.returncode, 0)

    def test_garbage_pid_file_is_an_error(self):
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "swtpm.pid").write_text("1; rm -rf /\n")
            p = self.script("swtpm-down.sh", d)
        self.assertEqual(p.returncode, 1)
        self.assertIn("bad pid file", p.stderr)


class Parsers(unittest.TestCase):
    def test_properties_three_shapes(self):
        text = ("TPM2_PT_MANUFACTURER:\n  raw: 0x49424D00\n  value: \"IBM\"\n"
                "TPM2_PT_PERMANENT:\n  ownerAuthSet:              1\n  inLockout:   0\n"
                "TPM2_PT_LOCKOUT_COUNTER: 0x3\n")
        p = tpm2tools.parse_properties(text)
        self.assertEqual(p["TPM2_PT_MANUFACTURER"], 0x49424D00)
        self.assertEqual(p["TPM2_PT_PERMANENT"], {"ownerAuthSet": 1, "inLockout": 0})
        self.assertEqual(p["TPM2_PT_LOCKOUT_COUNTER"], 3)
        self.assertEqual(tpm2tools.manufacturer_id(0x49424D00), "IBM")

    def test_unknown_lines_are_errors(self):
        with self.assertRaisesRegex(ValueError, "line 1"):
            tpm2tools.parse_properties("garbage\n")
        with self.assertRaisesRegex(ValueError, "line 2"):
            tpm2tools.parse_handles("- 0x81010001\n* 0x1\n")
        with self.assertRaisesRegex(ValueError, "line 1"):
            tpm2tools.parse_pcrread("    0 : 0x00\n")

    def test_pcrread_two_digit_indices(self):
        p = tpm2tools.parse_pcrread("  sha1:\n    9 : 0xAB\n    10: 0xCD\n")
        self.assertEqual(p, {"sha1": {9: "ab", 10: "cd"}})


class Proxy(unittest.TestCase):
    """The fault proxy, with tpm2-tools as the client (raw framing + ctrl channel pass-through)."""

    @classmethod
    def setUpClass(cls):
        cls.tpm = SwtpmInstance("healthy-rsa2048").start()

    @classmethod
    def tearDownClass(cls):
        cls.tpm.stop()

    def tool(self, proxy, *args, check=False):
        return tpm2tools.run(*args, tcti=f"swtpm:host=127.0.0.1,port={proxy.port}", check=check,
                             timeout=20)

    def test_pass_is_transparent(self):
        with FaultProxy(self.tpm.port, Fault.PASS) as proxy:
            via = self.tool(proxy, "tpm2_getcap", "properties-fixed", check=True).stdout
        direct = tpm2tools.run("tpm2_getcap", "properties-fixed", tcti=self.tpm.tcti).stdout
        self.assertEqual(via, direct)
        self.assertIn("TPM2_GetCapability", proxy.commands)
        self.assertIsNone(proxy.faulted_command)

    def test_vanish_nv_answers_tpm_rc_handle(self):
        with FaultProxy(self.tpm.port, Fault.VANISH_NV, nv_index=NV_EKCERT_RSA) as proxy:
            p = self.tool(proxy, "tpm2_nvreadpublic", "0x1c00002")
            other = self.tool(proxy, "tpm2_getcap", "handles-nv-index")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("0x18b", p.stderr.lower())  # handle 1 + TPM_RC_HANDLE (facts/tcg.md §1.4)
        self.assertEqual(proxy.faulted_command, "TPM2_NV_ReadPublic")
        self.assertEqual(other.returncode, 0, "other commands pass untouched")

    def test_each_stream_fault_breaks_the_client(self):
        for fault, opts in ((Fault.DROP, {}), (Fault.TRUNCATE, {}), (Fault.CORRUPT_SIZE, {}),
                            (Fault.CORRUPT_SIZE, {"size_value": 6})):
            with self.subTest(fault=fault, **opts):
                with FaultProxy(self.tpm.port, fault, at_command=1, **opts) as proxy:
                    p = self.tool(proxy, "tpm2_getcap", "properties-fixed")
                self.assertNotEqual(p.returncode, 0)
                self.assertEqual(proxy.faulted_command, "TPM2_GetCapability")

    def mssim_getcap(self, port: int) -> bytes:
        """One TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES, TPM_PT_MANUFACTURER) in mssim framing
        (facts/tcg.md §1.3, §2, §7), returning the TPM response bytes."""
        cmd = struct.pack(">HII", 0x8001, 22, 0x17A) + struct.pack(">III", 6, 0x105, 1)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
            c.sendall(struct.pack(">IBI", 8, 0, len(cmd)) + cmd)
            buf = b""
            while len(buf) < 4 or len(buf) < 8 + struct.unpack(">I", buf[:4])[0]:
                chunk = c.recv(4096)
                if not chunk:
                    break
                buf += chunk
        (length,) = struct.unpack(">I", buf[:4])
        self.assertEqual(buf[4 + length:], b"\0\0\0\0", "mssim trailer")
        return buf[4:4 + length]

    def test_mssim_framing_pass_and_fault(self):
        direct = self.mssim_getcap(self.tpm.port)
        self.assertEqual(struct.unpack(">I", direct[6:10])[0], 0, "TPM_RC_SUCCESS")
        with FaultProxy(self.tpm.port, Fault.PASS) as proxy:
            self.assertEqual(self.mssim_getcap(proxy.port), direct)
        with FaultProxy(self.tpm.port, Fault.CORRUPT_SIZE, at_command=1, size_value=6) as proxy:
            with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as c:
                cmd = struct.pack(">HII", 0x8001, 22, 0x17A) + struct.pack(">III", 6, 0x105, 1)
                c.sendall(struct.pack(">IBI", 8, 0, len(cmd)) + cmd)
                head = c.recv(10)
        self.assertEqual(struct.unpack(">I", head[:4])[0], 6, "mssim length rewritten")
        self.assertEqual(struct.unpack(">I", head[6:10])[0], 6, "TPM responseSize rewritten")

    def test_garbage_client_does_not_kill_the_proxy(self):
        with FaultProxy(self.tpm.port, Fault.PASS) as proxy:
            for junk in (struct.pack(">IBI", 8, 0, 0xFFFFFFFF), b"\x80\x01\xff\xff\xff\xff",
                         b"\x80\x01\x00\x00\x00\x02", b"\x00", b"\xde\xad\xbe\xef"):
                with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as c:
                    c.sendall(junk)
                    c.shutdown(socket.SHUT_WR)
                    self.assertEqual(c.recv(16), b"", f"{junk.hex()}: closed, nothing sent")
            self.assertEqual(struct.unpack(">I", self.mssim_getcap(proxy.port)[6:10])[0], 0)

    def test_delay_holds_the_response(self):
        with FaultProxy(self.tpm.port, Fault.DELAY, at_command=1, delay_s=0.5) as proxy:
            t0 = time.monotonic()
            p = self.tool(proxy, "tpm2_getcap", "properties-fixed", check=True)
            elapsed = time.monotonic() - t0
        self.assertIn("TPM2_PT_MANUFACTURER", p.stdout)
        self.assertGreaterEqual(elapsed, 0.5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
