"""The HTML reports on a wide screen and on a phone (1280 and 390 CSS pixels) in headless Chromium,
driven over the DevTools protocol (chromium.DevTools): `analyze --format html` of examples with a
failing chain and a timeline, `check --format html` on a software TPM, and the fleet dashboard
(`fleet report --html`). At both widths, what layout_check.js measures in the rendered page: the
page does not scroll sideways, no visible text is smaller than 12 px (SVG text as drawn, after its
viewBox scaling), no word is broken across lines when it fits on one, and no one-word code (error
code, rule ID) spans two line boxes. On the phone the timeline and the tables are cards.
Full-page screenshots: build/<preset>/artifacts/layout/<page>-<width>.png.

Without Chromium (scripts/install-deps.sh installs it) the suite exits 77: CTest shows it
as skipped."""
from __future__ import annotations

import json
import shutil
import os
import tempfile
import unittest
from pathlib import Path

import chromium
from tpmlab import REPO, SKIP_EXIT, SwtpmInstance, run_tpmready

WIDTHS = (1280, 390)
LAYOUT_CHECK = Path(__file__).with_name("layout_check.js").read_text()
WORK = Path(tempfile.mkdtemp(prefix="tpmready-layout-test-"))
ARTIFACTS = Path(os.environ.get("TPMREADY_ARTIFACTS", WORK)) / "layout"


class LayoutCase(unittest.TestCase):
    cdp: chromium.DevTools

    @classmethod
    def setUpClass(cls) -> None:
        cls.cdp = chromium.DevTools()
        cls.addClassCleanup(cls.cdp.close)

    def layout(self, page: Path, width: int) -> dict:
        """Loads `page` at `width`, saves its screenshot, asserts the layout rules, returns the facts."""
        self.cdp.load(page, width)
        facts = self.cdp.evaluate(LAYOUT_CHECK)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = ARTIFACTS / f"{page.stem}-{width}.png"
        self.cdp.screenshot(png)
        self.assertGreater(png.stat().st_size, 10_000, png)
        where = f"{page.name} at {width} px"
        self.assertEqual(self.cdp.console(), [], f"{where}: the page logged to the console")
        self.assertEqual(facts["width"], width)
        self.assertLessEqual(facts["scrollWidth"], width, f"{where} scrolls sideways: {facts['overflowing']}")
        self.assertEqual(facts["overflowing"], [], where)
        self.assertEqual(facts["small"], [], f"{where}: text under 12 px")
        self.assertEqual(facts["broken"], [], f"{where}: words broken across lines")
        self.assertEqual(facts["split"], [], f"{where}: codes over two lines")
        self.assertGreater(facts["texts"], 40, f"{where}: the page has hardly any text")
        return facts

    def js(self, expression: str):
        return self.cdp.evaluate(expression)


class TheChecks(LayoutCase):
    def test_a_page_with_the_old_faults_fails_every_check(self):
        # What the reports did before they were responsive: a table squeezing its columns on a
        # phone with overflow-wrap:anywhere ("Autopil|ot", "0x810390|01"), an SVG chart scaled to
        # a third of its size (12 px labels drawn at 4 px), a box wider than the phone.
        page = WORK / "faults.html"
        page.write_text(
            '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width,initial-scale=1">'
            "<style>td{overflow-wrap:anywhere}</style></head><body><p>" + "Some text to read. " * 20 + "</p>"
            "<table style='width:100%'><tr>" + "<td>2026-12-06T10:00:00.000Z</td>" * 3 +
            "<td>Autopilot</td><td><code>0x81039001</code></td></tr></table>"
            '<svg viewBox="0 0 1200 100" style="width:100%"><text x="0" y="50" font-size="12">chart label</text></svg>'
            '<div style="width:600px">wide</div></body></html>')
        self.cdp.load(page, 390)
        facts = self.js(LAYOUT_CHECK)
        self.assertGreater(facts["scrollWidth"], 390)
        self.assertIn("div", [o["element"] for o in facts["overflowing"]])
        self.assertEqual([(s["element"], s["text"]) for s in facts["small"]], [("text", "chart label")])
        self.assertLess(facts["small"][0]["px"], 5)
        broken = {b["word"] for b in facts["broken"]}
        self.assertIn("Autopilot", broken)
        self.assertIn("0x81039001", broken)
        self.assertIn("0x81039001", [s["text"] for s in facts["split"]])
        self.cdp.load(page, 1280)  # wide enough: the same table keeps its words
        facts = self.js(LAYOUT_CHECK)
        self.assertEqual(facts["broken"], [])
        self.assertEqual(facts["split"], [])


class Reports(LayoutCase):
    def analyze(self, example: str, name: str, code: int = 1) -> Path:
        page = WORK / f"{name}.html"
        run = run_tpmready("analyze", str(REPO / "examples" / example), "--format", "html", "-o", str(page))
        self.assertEqual(run.code, code, run)
        return page

    def test_analyze_report_with_a_failing_chain_and_a_timeline(self):
        page = self.analyze("seed-000-eula-missing", "report-analyze")
        for width in WIDTHS:
            with self.subTest(width=width):
                self.layout(page, width)
                # The chain: each box says what failed in words, its rule ID smaller under it,
                # drawn at its own size (12 px IDs stay 12 px).
                chain = self.js("""Array.from(document.querySelectorAll('svg.chain text')).map(t =>
                    [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])""")
                texts = [t for t, _ in chain]
                self.assertIn("SetupDisplayedEula is not set:", texts)
                self.assertIn("The Tpm-Maintenance task has not run", texts)
                sizes = dict(chain)
                self.assertEqual(sizes["win.eula_accepted"], 12)
                self.assertEqual(sizes["SetupDisplayedEula is not set:"], 14)
                # The error code in the timeline is one line box, whole.
                code = self.js("""(() => { const c = document.querySelector('#timeline code');
                    return [c.textContent, c.getClientRects().length]; })()""")
                self.assertEqual(code, ["0x81039001", 1])
                rows = self.js("""Array.from(document.querySelectorAll('#timeline tr[data-event-id]')).map(r => {
                    const b = r.getBoundingClientRect(); return [getComputedStyle(r).display, b.left, b.right]; })""")
                self.assertEqual(len(rows), 4)
                header = self.js("getComputedStyle(document.querySelector('#timeline thead')).display")
                if width == 390:  # a card per event, header row hidden, within the screen
                    self.assertEqual({d for d, _, _ in rows}, {"flex"})
                    self.assertEqual(header, "none")
                    self.assertTrue(all(0 <= left and right <= width for _, left, right in rows), rows)
                    labels = self.js("""Array.from(document.querySelectorAll('#timeline .t-code'))
                        .filter(td => td.textContent).map(td => getComputedStyle(td, '::before').content)""")
                    self.assertEqual(labels, ['"code"'])
                else:
                    self.assertEqual({d for d, _, _ in rows}, {"table-row"})
                    self.assertEqual(header, "table-header-group")

    def test_analyze_report_with_the_aik_cas_url_and_answer(self):
        page = self.analyze("network-aik-unreachable", "report-network")
        for width in WIDTHS:
            with self.subTest(width=width):
                self.layout(page, width)
                self.assertGreater(self.js("document.querySelectorAll('#timeline tr[data-event-id]').length"), 0)

    def test_check_report_on_a_tpm_without_an_ek_certificate(self):
        page = WORK / "report-check.html"
        with SwtpmInstance("no-ekcert") as tpm:
            run = run_tpmready("check", "--tpm", tpm.tpm_arg, "--format", "html", "-o", str(page))
        self.assertEqual(run.code, 1, run)
        for width in WIDTHS:
            with self.subTest(width=width):
                self.layout(page, width)
                self.assertGreater(self.js("document.querySelectorAll('svg.chain').length"), 0)


class Dashboard(LayoutCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # The fleet test's bundles from real software TPMs, varied into 40 devices over 7 days.
        import test_fleet as fleet
        fleet.setUpModule()
        cls.addClassCleanup(fleet.tearDownModule)
        kinds = ["healthy-rsa2048", "no-ekcert", "lockout", "rsa3072-sha384"]
        models = ["ThinkPad T14 Gen 4", "ThinkPad X1 Carbon", "Latitude 7440"]
        vendors = ["STM", "IFX", "NTC", None]
        docs = [fleet.vary(kinds[i % 4], f"PF-{i:05d}", models[i % 3], vendor=vendors[i % 4], days=i % 7)
                for i in range(40)]
        stream = WORK / "fleet.ndjson"
        stream.write_text("".join(json.dumps(d) + "\n" for d in docs))
        cls.page = WORK / "dashboard.html"
        run = run_tpmready("fleet", "report", str(stream), *fleet.CA_ARGS, "--format", "json", "--html", str(cls.page))
        assert run.code == 0, run
        cls.report = run.json()

    def test_dashboard(self):
        for width in WIDTHS:
            with self.subTest(width=width):
                self.layout(self.page, width)
                # The root-cause chart: plain words with the rule ID under them, the JSON's counts.
                bars = self.js("""Array.from(document.querySelectorAll('#root-cause-chart .bar-row')).map(r =>
                    [r.querySelector('.bar-label').firstChild.textContent, r.querySelector('code').textContent,
                     Number(r.querySelector('.bar-n').textContent)])""")
                self.assertEqual([[rc["title"], rc["id"], rc["devices"]] for rc in self.report["root_causes"]], bars)
                self.assertTrue(self.report["root_causes"])
                verdicts = self.js("""Array.from(document.querySelectorAll('#verdict-chart .bar-n')).map(n =>
                    Number(n.textContent))""")
                self.assertEqual(verdicts, [self.report["verdicts"][v] for v in ("ready", "not_ready", "undetermined")])
                # The trend chart is drawn at its own size: its date labels stay 12 px.
                scale = self.js("(m => Math.hypot(m.a, m.b))(document.querySelector('#trend-chart text').getScreenCTM())")
                self.assertAlmostEqual(scale, 1)
                display = self.js("getComputedStyle(document.querySelector('#device-table tbody tr')).display")
                self.assertEqual(display, "block" if width == 390 else "table-row")
                if width == 390:  # a card per device: its cells labelled with the column names
                    label = self.js("""getComputedStyle(document.querySelector('#device-table tbody td:nth-child(2)'),
                        '::before').content""")
                    self.assertEqual(label, '"serial"')


def tearDownModule() -> None:
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    if not chromium.binary():
        print("SKIPPED: chromium not installed (scripts/install-deps.sh installs it)")
        raise SystemExit(SKIP_EXIT)
    unittest.main(verbosity=2)
