"""The evidence sets in examples/ (reconstructed from the field reports) give the reports their
expected.json promise: exit code, verdict, root causes with their chains, and key findings."""
from __future__ import annotations

import json
import unittest

from tpmlab import REPO, run_tpmready

EXAMPLES = REPO / "examples"


class Examples(unittest.TestCase):
    maxDiff = None

    def test_each_example_gives_its_expected_report(self):
        folders = sorted(p.parent for p in EXAMPLES.glob("*/expected.json"))
        self.assertGreaterEqual(len(folders), 3)
        for folder in folders:
            with self.subTest(example=folder.name):
                expected = json.loads((folder / "expected.json").read_text())
                run = run_tpmready("analyze", str(folder), "--format", "json")
                self.assertEqual(run.code, expected["exit_code"], run)
                report = run.json()
                self.assertEqual(report["verdict"], expected["verdict"])
                got_roots = sorted((r["id"], r["chain"]) for r in report["root_causes"])
                want_roots = sorted((r["id"], r["chain"]) for r in expected["root_causes"])
                self.assertEqual(got_roots, want_roots)
                statuses = {f["id"]: f["status"] for f in report["findings"]}
                for fid, status in expected["findings"].items():
                    self.assertEqual(statuses[fid], status, fid)

    def test_seed_000_text_report_leads_with_the_root_cause_and_fix(self):
        run = run_tpmready("analyze", str(EXAMPLES / "seed-000-eula-missing"))
        self.assertEqual(run.code, 1, run)
        lines = run.stdout.splitlines()
        self.assertTrue(any(line.startswith("VERDICT: NOT READY") for line in lines[:3]), run.stdout[:300])
        self.assertIn("Root cause 1: win.eula_accepted", run.stdout)
        self.assertIn("SetupDisplayedEula = 1 (REG_DWORD)", run.stdout)
        self.assertIn("the TaskStates value is missing, not the certificate", run.stdout)

    def test_nothing_usable_is_exit_2(self):
        run = run_tpmready("analyze", str(EXAMPLES / "README.md"))
        self.assertEqual(run.code, 2, run)


if __name__ == "__main__":
    unittest.main()
