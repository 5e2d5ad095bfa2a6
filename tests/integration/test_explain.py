"""`tpmready explain` answers every code of the error-code table (data/error_codes.json), typed as
hex or as the signed decimal PowerShell prints: the text names the code's side and sources within
100 columns, and `--format json` keeps its fields and adds `.side` and `.sources` (each source
with its title, from data/sources.json)."""
from __future__ import annotations

import json
import unittest

from tpmlab import REPO, run_tpmready

CODES = json.loads((REPO / "data" / "error_codes.json").read_text(encoding="utf-8"))["codes"]
SOURCES = json.loads((REPO / "data" / "sources.json").read_text(encoding="utf-8"))["sources"]
# The codes the second fact pass found `explain` did not know (field-2026-12.md §B).
ONCE_UNKNOWN = ["0x80072F8F", "0x80090031", "0x80280036", "0x801C0003", "0x801C0010", "0x801C0011", "0x80072EFD",
                "0x80072EFE", "0x80290407"]


def signed(code: str) -> str:
    v = int(code, 16)
    return str(v - (1 << 32) if v & 0x80000000 else v)


class ExplainEveryCode(unittest.TestCase):
    maxDiff = None

    def test_json_has_side_and_sources_for_every_code_in_both_spellings(self):
        for row in CODES:
            for typed in (row["code"], signed(row["code"])):
                with self.subTest(code=typed):
                    run = run_tpmready("explain", typed, "--format", "json")
                    self.assertEqual(run.code, 0, run)
                    j = run.json()
                    self.assertTrue(j["known"])
                    self.assertEqual(j["code"], row["code"])
                    self.assertEqual(j["side"], row["side"])
                    self.assertEqual([s["id"] for s in j["sources"]], row["sources"])
                    for s in j["sources"]:
                        self.assertEqual(s["title"], SOURCES[s["id"]]["title"])
                    # the fields explain had before keep their meaning
                    for key in ("meaning", "root_causes", "next", "documented", "source"):
                        self.assertEqual(j[key], row.get(key, [] if key in ("root_causes", "next") else ""), key)
                    self.assertEqual(j["name"], row.get("name"))

    def test_text_names_the_side_and_the_sources_within_100_columns(self):
        for row in CODES:
            with self.subTest(code=row["code"]):
                run = run_tpmready("explain", row["code"])
                self.assertEqual(run.code, 0, run)
                self.assertIn("  Side:      ", run.stdout)
                self.assertIn("  Sources:   ", run.stdout)
                self.assertIn(SOURCES[row["sources"][0]]["title"].split(" ")[0], run.stdout)
                for line in run.stdout.splitlines():
                    if line.strip().startswith("https://") and " " not in line.strip():
                        continue  # a URL longer than the width cannot be broken
                    self.assertLessEqual(len(line), 100, line)

    def test_the_codes_explain_once_did_not_know_are_answered(self):
        for code in ONCE_UNKNOWN:
            with self.subTest(code=code):
                j = run_tpmready("explain", code, "--format", "json").json()
                self.assertTrue(j["known"])
                self.assertTrue(j["name"])

    def test_sides_that_follow_the_evidence_or_the_answer_say_how(self):
        timeout = run_tpmready("explain", "0x800705B4", "--format", "json").json()
        self.assertEqual(timeout["side"], "evidence")
        self.assertEqual({e["side"] for e in timeout["side_from"]}, {"device", "network", "service"})
        bad_request = run_tpmready("explain", "0x80190190", "--format", "json").json()
        self.assertEqual(bad_request["side"], "response_text")
        self.assertEqual(bad_request["aliases"], ["BG_E_HTTP_ERROR_400"])
        self.assertIn({"text": "No valid TPM EK/Platform Certificate provided", "side": "service"},
                      [{"text": t["text"], "side": t["side"]} for t in bad_request["by_text"]])
        os_bug = run_tpmready("explain", "0x81039023").stdout
        self.assertIn("KB5013942", os_bug)
        self.assertIn("KB5013943", os_bug)
        self.assertIn("Side:      the device", os_bug)


if __name__ == "__main__":
    unittest.main(verbosity=2)
