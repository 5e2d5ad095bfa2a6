"""The HTML report in headless Chromium: it loads with no console messages, the verdict and the
root causes are in the rendered DOM, the causal chain is drawn, and a phone-width screenshot is
produced (build/<preset>/artifacts/report-seed-000.png)."""
from __future__ import annotations

import os
import tempfile
import unittest
from pathlib import Path

import chromium
from tpmlab import REPO, run_tpmready


@unittest.skipUnless(chromium.binary(), "chromium not installed (scripts/install-deps.sh)")
class HtmlReport(unittest.TestCase):
    def render(self, example: str, out: Path) -> None:
        run = run_tpmready("analyze", str(REPO / "examples" / example), "--format", "html", "-o", str(out))
        self.assertEqual(run.code, 1, run)

    def test_seed_000_report_renders_verdict_root_cause_and_chain(self):
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "report.html"
            self.render("seed-000-eula-missing", page)
            html = page.read_text()
            self.assertNotIn("http://", html.replace("http://www.w3.org/2000/svg", ""))
            self.assertNotIn("https://", html)
            dom, console = chromium.dump_dom(page)
            self.assertEqual(console, [], "the page logged to the console")
            self.assertIn('data-verdict="not_ready"', dom)
            self.assertIn('data-root-cause="win.eula_accepted"', dom)
            self.assertIn("<svg", dom)
            for rule in ("win.maintenance_task_ran", "win.taskstates.ek_certificate_present", "win.ready_for_attestation"):
                self.assertIn(rule, dom)
            # The timeline (from the example's .evtx) is in the DOM, each row linking to its rule's section.
            self.assertIn('data-fault-side="device"', dom)
            self.assertIn('<table id="timeline">', dom)
            self.assertEqual(dom.count('<tr data-event-id="250">'), 3)
            self.assertIn('href="#rule-attestation.aik_enrolled"', dom)
            self.assertIn('id="rule-attestation.aik_enrolled"', dom)
            self.assertIn("HRESULT = 0x81039001", dom)
            artifacts = Path(os.environ.get("TPMREADY_ARTIFACTS", tmp))
            artifacts.mkdir(parents=True, exist_ok=True)
            png = artifacts / "report-seed-000.png"
            chromium.screenshot(page, png)
            self.assertTrue(png.exists() and png.stat().st_size > 10_000, f"no screenshot at {png}")

    def test_ready_with_caveats_and_a_likely_cause_render(self):
        example = REPO / "examples" / "service-ek-chain-rejected"
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "ready.html"
            files = [str(example / n) for n in ("tpmtool.txt", "tpm.reg", "oobe.reg")]
            run = run_tpmready("analyze", *files, "--format", "html", "-o", str(page))
            self.assertEqual(run.code, 0, run)
            dom, console = chromium.dump_dom(page)
            self.assertEqual(console, [])
            self.assertIn('data-verdict="ready"', dom)
            self.assertLess(dom.index('id="verdict"'), dom.index('data-caveat="ek.cert.matches_ek"'))
            self.assertIn("<code>tpmready ekcert</code>", dom)
            page = Path(tmp) / "likely.html"
            run = run_tpmready("analyze", str(REPO / "examples" / "seed-000-eula-missing" / "tpmtool.txt"),
                               "--format", "html", "-o", str(page))
            self.assertEqual(run.code, 1, run)
            dom, console = chromium.dump_dom(page)
            self.assertEqual(console, [])
            self.assertIn('data-likely-cause="win.eula_accepted"', dom)
            self.assertIn("Root cause: The Tpm-Maintenance task has not run successfully", dom)

    def test_two_root_causes_both_render(self):
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "report.html"
            self.render("seed-000-hyperv-vtpm", page)
            dom, console = chromium.dump_dom(page)
            self.assertEqual(console, [])
            self.assertIn('data-root-cause="tpm.not_virtual"', dom)
            self.assertIn('data-root-cause="win.taskstates.ek_certificate_present"', dom)


if __name__ == "__main__":
    unittest.main()
