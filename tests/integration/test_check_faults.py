"""Fault injection under `tpmready check` (a broken TPM must never look like a verdict): a TPM
that drops the connection, truncates or corrupts a response, stalls past the timeout, or answers
TPM_RC_RETRY (forever), TPM_RC_LOCKOUT or TPM_RC_FAILURE. Each must end in bounded time with exit
3, verdict `undetermined`, one stderr line naming the TPM command, and never a report claiming
`ready`. The proxy is tests/integration/fault_proxy.py, between tpmready and a real swtpm."""
from __future__ import annotations

import unittest

from fault_proxy import Fault, FaultProxy
from tpmlab import SwtpmInstance, run_tpmready

TPM_RC_RETRY, TPM_RC_LOCKOUT, TPM_RC_FAILURE = 0x922, 0x921, 0x101  # facts/tcg.md §1.5
CASES = {
    "drop": dict(fault=Fault.DROP, at_command=3),
    "truncate": dict(fault=Fault.TRUNCATE, at_command=4),
    "corrupt-size": dict(fault=Fault.CORRUPT_SIZE, at_command=2),
    "delay": dict(fault=Fault.DELAY, at_command=2, delay_s=4),
    "rc-retry": dict(fault=Fault.RC, at_command=2, rc_value=TPM_RC_RETRY),
    "rc-lockout": dict(fault=Fault.RC, at_command=5, rc_value=TPM_RC_LOCKOUT),
    # Command 1 is TPM2_GetTestResult (asked first); TPM_RC_FAILURE on a later read is not failure mode
    # by itself: its self-test passed.
    "rc-failure": dict(fault=Fault.RC, at_command=2, rc_value=TPM_RC_FAILURE),
}
EXPECTED_TEXT = {"rc-retry": "TPM_RC_RETRY", "rc-lockout": "TPM_RC_LOCKOUT", "rc-failure": "TPM_RC_FAILURE"}


class CheckUnderFaults(unittest.TestCase):
    def test_every_fault_is_undetermined_with_exit_3_in_bounded_time(self):
        for name, kwargs in CASES.items():
            with self.subTest(fault=name), SwtpmInstance("healthy-rsa2048") as tpm, \
                    FaultProxy(tpm.port, **kwargs) as proxy:
                run = run_tpmready("check", "--tpm", f"tcp:127.0.0.1:{proxy.port}", "--format", "json",
                                   env={"TPMREADY_TPM_TIMEOUT_MS": "1500"}, timeout=30)
                self.assertEqual(run.code, 3, run)
                self.assertLess(run.seconds, 10, run)
                report = run.json()
                self.assertEqual(report["verdict"], "undetermined", run)
                self.assertNotIn('"ready"', run.stdout.replace('"verdict": "undetermined"', ""))
                self.assertEqual(len(run.stderr_lines), 1, run)
                line = run.stderr_lines[0]
                self.assertTrue(line.startswith("tpmready: error: TPM: "), line)
                self.assertIsNotNone(proxy.faulted_command)
                self.assertIn(proxy.faulted_command.replace("TPM2_", ""), line, line)
                if name in EXPECTED_TEXT:
                    self.assertIn(EXPECTED_TEXT[name], line)

    def test_failure_on_the_self_test_itself_is_failure_mode_a_verdict(self):
        """TPM_RC_FAILURE is 'commands not being accepted because of a TPM failure' (TPM 2.0 Part 2):
        a TPM that answers even TPM2_GetTestResult with it is in failure mode. That is a finding about
        the device, not a collection error: not ready, with the failure mode as the root cause."""
        with SwtpmInstance("healthy-rsa2048") as tpm, \
                FaultProxy(tpm.port, fault=Fault.RC, at_command=1, rc_value=TPM_RC_FAILURE) as proxy:
            run = run_tpmready("check", "--tpm", f"tcp:127.0.0.1:{proxy.port}", "--format", "json",
                               env={"TPMREADY_TPM_TIMEOUT_MS": "1500"}, timeout=30)
        self.assertEqual(run.code, 1, run)
        report = run.json()
        self.assertEqual(report["verdict"], "not_ready")
        roots = [r["id"] for r in report["root_causes"]]
        self.assertIn("tpm.not_in_failure_mode", roots, run)
        self.assertEqual(proxy.faulted_command, "TPM2_GetTestResult")
        self.assertEqual(len(run.stderr_lines), 1, run)
        self.assertIn("failure mode", run.stderr_lines[0])


if __name__ == "__main__":
    unittest.main()
