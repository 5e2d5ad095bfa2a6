"""Bad input and transport faults: `tpmready tpm` must exit 3 (2 for usage) with exactly one
stderr line naming what failed, in bounded time, never hang or crash."""
from __future__ import annotations

import unittest

from fault_proxy import TPM_CC_NV_READ, Fault, FaultProxy
from tpmlab import SwtpmInstance, closed_port, main_skipping_if_placeholder, run_tpmready

TIMEOUT_MS = 500          # TPMREADY_TPM_TIMEOUT_MS for fault runs
BOUND_S = 5.0             # every fault run must end well within this
EK_CERT_INDEX = 0x01C00002  # facts/tcg.md §3.1 (L-1 RSA 2048 EK certificate)


class UsageAndUnreachable(unittest.TestCase):
    def assert_one_error_line(self, run) -> None:
        self.assertEqual(len(run.stderr_lines), 1, run)
        self.assertTrue(run.stderr_lines[0].startswith("tpmready: error: "), run)
        self.assertEqual(run.stdout, "", run)

    def test_nothing_listening_on_port_1(self):
        run = run_tpmready("tpm", "--tpm", "tcp:127.0.0.1:1", "--format", "json")
        self.assertEqual(run.code, 3, run)
        self.assert_one_error_line(run)
        self.assertLess(run.seconds, BOUND_S, run)

    def test_nothing_listening_on_free_port(self):
        run = run_tpmready("tpm", "--tpm", f"tcp:127.0.0.1:{closed_port()}", "--format", "json")
        self.assertEqual(run.code, 3, run)
        self.assert_one_error_line(run)

    def test_bogus_tpm_argument_is_usage_error(self):
        run = run_tpmready("tpm", "--tpm", "bogus", "--format", "json")
        self.assertEqual(run.code, 2, run)
        self.assertEqual(run.stdout, "", run)
        self.assertTrue(run.stderr.strip(), run)

    def test_bad_port_is_usage_error(self):
        for arg in ("tcp:127.0.0.1:99999", "tcp:127.0.0.1:", "tcp:127.0.0.1:abc", "tcp:"):
            with self.subTest(arg=arg):
                run = run_tpmready("tpm", "--tpm", arg, "--format", "json")
                self.assertEqual(run.code, 2, run)
                self.assertEqual(run.stdout, "", run)


class ReadOnly(unittest.TestCase):
    """`tpmready tpm` sends only read-only commands (DESIGN.md "TPM access"), seen on the wire."""

    # facts/tcg.md §1.3 names; CreatePrimary (+ FlushContext) is allowed by DESIGN.md only to
    # re-derive an EK that is not persisted, transient and flushed
    READ_ONLY = {"TPM2_GetCapability", "TPM2_ReadPublic", "TPM2_NV_ReadPublic", "TPM2_NV_Read",
                 "TPM2_PCR_Read", "TPM2_ReadClock"}
    EK_DERIVATION = {"TPM2_CreatePrimary", "TPM2_FlushContext"}

    def commands_sent(self, scenario: str) -> list[str]:
        with SwtpmInstance(scenario) as tpm, FaultProxy(tpm.port, Fault.PASS) as proxy:
            run = run_tpmready("tpm", "--tpm", f"tcp:127.0.0.1:{proxy.port}", "--format", "json")
        self.assertEqual(run.code, 0, run)
        self.assertEqual(run.json()["tpm"]["round_trips"], len(proxy.commands))
        return proxy.commands

    def test_read_only_on_healthy_tpm(self):
        sent = set(self.commands_sent("extra-nv"))
        self.assertLessEqual(sent, self.READ_ONLY)
        self.assertIn("TPM2_NV_Read", sent)

    def test_read_only_without_persisted_ek(self):
        sent = self.commands_sent("not-persisted")
        self.assertLessEqual(set(sent), self.READ_ONLY | self.EK_DERIVATION)
        # every transient EK is flushed again
        self.assertEqual(sent.count("TPM2_CreatePrimary"), sent.count("TPM2_FlushContext"))


class TransportFaults(unittest.TestCase):
    """Each fault through tests/integration/fault_proxy.py in front of a healthy-rsa2048 swtpm."""

    @classmethod
    def setUpClass(cls):
        cls.tpm = SwtpmInstance("healthy-rsa2048").start()

    @classmethod
    def tearDownClass(cls):
        cls.tpm.stop()

    def run_through(self, fault: Fault, tpm=None, **opts):
        with FaultProxy((tpm or self.tpm).port, fault, **opts) as proxy:
            run = run_tpmready("tpm", "--tpm", f"tcp:127.0.0.1:{proxy.port}", "--format", "json",
                               env={"TPMREADY_TPM_TIMEOUT_MS": str(TIMEOUT_MS)}, timeout=30)
        return run, proxy

    def assert_fails_naming_command(self, run, proxy) -> None:
        self.assertIsNotNone(proxy.faulted_command, f"fault never triggered; saw {proxy.commands}")
        self.assertEqual(run.code, 3, run)
        self.assertEqual(len(run.stderr_lines), 1, run)
        line = run.stderr_lines[0]
        self.assertTrue(line.startswith("tpmready: error: "), run)
        # "TPM2_GetCapability" -> the line must name GetCapability
        self.assertIn(proxy.faulted_command.removeprefix("TPM2_"), line, run)
        self.assertLess(run.seconds, BOUND_S, run)
        self.assertEqual(run.stdout, "", run)

    def test_pass_through_proxy_works(self):
        # baseline: the proxy itself does not break a good session
        run, proxy = self.run_through(Fault.PASS)
        self.assertEqual(run.code, 0, run)
        self.assertGreater(len(proxy.commands), 0)
        self.assertEqual(run.json()["tpm"]["round_trips"], len(proxy.commands))

    def test_connection_dropped_mid_response(self):
        self.assert_fails_naming_command(*self.run_through(Fault.DROP, at_command=2))

    def test_connection_dropped_on_first_command(self):
        self.assert_fails_naming_command(*self.run_through(Fault.DROP, at_command=1))

    def test_truncated_response(self):
        self.assert_fails_naming_command(*self.run_through(Fault.TRUNCATE, at_command=2))

    def test_header_size_claims_2gib(self):
        self.assert_fails_naming_command(*self.run_through(Fault.CORRUPT_SIZE, at_command=2))

    def test_header_size_smaller_than_header(self):
        self.assert_fails_naming_command(
            *self.run_through(Fault.CORRUPT_SIZE, at_command=2, size_value=6))

    def test_response_delayed_past_timeout(self):
        run, proxy = self.run_through(Fault.DELAY, at_command=2, delay_s=10)
        self.assert_fails_naming_command(run, proxy)
        self.assertGreaterEqual(run.seconds, TIMEOUT_MS / 1000 * 0.9, run)

    def test_ek_cert_index_vanishes(self):
        run, proxy = self.run_through(Fault.VANISH_NV, nv_index=EK_CERT_INDEX)
        self.assert_fails_naming_command(run, proxy)
        self.assertIn(proxy.faulted_command, ("TPM2_NV_ReadPublic", "TPM2_NV_Read"))
        self.assertIn("TPM_RC_HANDLE", run.stderr_lines[0], run)

    def test_ek_cert_vanishes_between_nv_readpublic_and_nv_read(self):
        run, proxy = self.run_through(Fault.VANISH_NV, nv_index=EK_CERT_INDEX,
                                      vanish_on=(TPM_CC_NV_READ,))
        self.assert_fails_naming_command(run, proxy)
        self.assertEqual(proxy.faulted_command, "TPM2_NV_Read")
        self.assertIn("TPM2_NV_ReadPublic", proxy.commands, "NV_ReadPublic went through first")
        self.assertIn("TPM_RC_HANDLE", run.stderr_lines[0], run)

    def test_ordinary_index_vanishes(self):
        with SwtpmInstance("extra-nv") as tpm:
            index = int(tpm.env["UNWRITTEN_NV_INDEX"], 16)
            run, proxy = self.run_through(Fault.VANISH_NV, tpm=tpm, nv_index=index)
        self.assert_fails_naming_command(run, proxy)
        self.assertIn(f"0x{index:08x}", run.stderr_lines[0], run)


if __name__ == "__main__":
    main_skipping_if_placeholder()
