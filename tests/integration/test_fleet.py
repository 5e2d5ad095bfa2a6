"""`tpmready fleet` end to end: bundles collected from real software TPMs (swtpm scenarios), varied
into a fleet, plus reports (`analyze --format json`), NDJSON, an Intune-style CSV of summary lines and
bad inputs. The oracle for every device is `tpmready analyze` on the same input: the fleet's counts
must equal the sum of the single-device verdicts and root causes. Also: idempotence, superseding,
rejections with reasons, a SIGKILL mid-ingest leaving a consistent database, and the dashboard in
headless Chromium (numbers in the DOM equal the JSON report; screenshot in artifacts/)."""
from __future__ import annotations

import collections
import copy
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import chromium
from tpmlab import SwtpmInstance, run_tpmready, templates_dir, tpmready_bin

SCENARIOS = ["healthy-rsa2048", "no-ekcert", "lockout", "rsa3072-sha384"]
WORK = Path(tempfile.mkdtemp(prefix="tpmready-fleet-test-"))
BUNDLES: dict[str, dict] = {}
CA_ARGS: list[str] = []


def setUpModule() -> None:
    for scenario in SCENARIOS:
        with SwtpmInstance(scenario) as tpm:
            out = WORK / f"{scenario}.json"
            run = run_tpmready("collect", "--tpm", tpm.tpm_arg, "-o", str(out))
            assert run.code == 0, run
            BUNDLES[scenario] = json.loads(out.read_text())
        chain = templates_dir() / scenario / "lab" / "ca" / "chain.pem"
        if chain.exists():
            CA_ARGS.extend(["--ca-store", str(chain)])


def tearDownModule() -> None:
    # The crash-consistency stream alone is ~700 MB: never leave it behind in /tmp.
    shutil.rmtree(WORK, ignore_errors=True)


def mask_read_times(text, window):
    """Replaces the UTC times (2026-12-05T19:51:57Z) that fall within `window` (Unix seconds). In
    the dashboard a time may wrap between its date and time of day: markup may stand between."""
    def mask(m):
        t = int(datetime.datetime.strptime(m.group(1) + m.group(2), "%Y-%m-%dT%H:%M:%SZ")
                .replace(tzinfo=datetime.timezone.utc).timestamp())
        return "<read now>" if t in window else m.group(0)
    return re.sub(r"(\d{4}-\d\d-\d\dT)(?:<[^>]*>)*(\d\d:\d\d:\d\dZ)", mask, text)


def vary(scenario: str, serial: str, model: str, *, vendor: str | None = None, days: int = 0) -> dict:
    """A copy of a collected bundle as another device: serial, model, device ID, optionally a
    hardware TPM vendor instead of swtpm's software TPM, and the collection time moved `days` later
    (never earlier: the lab's EK certificates were issued when the templates were provisioned)."""
    b = copy.deepcopy(BUNDLES[scenario])
    dev = b["device"]
    dev["serial"] = {"value": serial, "source": "test"}
    dev["model"] = {"value": model, "source": "test"}
    dev["manufacturer"] = {"value": "Lenovo" if model.startswith("Think") else "Dell", "source": "test"}
    dev["id"] = hashlib.sha256(serial.encode()).hexdigest()[:32]
    if vendor:
        b["tpm"]["manufacturer"] = vendor
        b["tpm"]["software_tpm"] = False
    b["system_time"] = {"value": b["system_time"]["value"] + days * 86400, "source": "test"}
    return b


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def analyze(doc: dict) -> dict:
    """The single-device oracle: `tpmready analyze` on the bundle."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", dir=WORK, delete=False) as f:
        json.dump(doc, f)
    run = run_tpmready("analyze", f.name, *CA_ARGS, "--format", "json")
    assert run.code in (0, 1, 3), run
    return run.json()


def ingest(db: Path, *inputs: Path | str, timeout: float = 120):
    return run_tpmready("fleet", "ingest", *map(str, inputs), "--db", str(db), *CA_ARGS, timeout=timeout)


def fleet_json(db: Path) -> dict:
    run = run_tpmready("fleet", "report", "--db", str(db), "--format", "json")
    assert run.code == 0, run
    return run.json()


def counts(report: dict) -> dict:
    return {"devices": report["devices"], "verdicts": report["verdicts"],
            "root_causes": {r["id"]: r["devices"] for r in report["root_causes"]}}


def expected_counts(reports: list[dict]) -> dict:
    verdicts = collections.Counter(r["verdict"] for r in reports)
    roots = collections.Counter(c["id"] for r in reports for c in r["root_causes"])
    return {"devices": len(reports),
            "verdicts": {v: verdicts.get(v, 0) for v in ("ready", "not_ready", "undetermined")},
            "root_causes": dict(roots)}


class FleetIngest(unittest.TestCase):
    maxDiff = None

    def make_mixed_inputs(self, root: Path) -> list[dict]:
        """Bundles (pretty files in a folder tree), an NDJSON stream, a report, and an Intune
        CSV of summary lines; returns each device's analyze report (the oracle)."""
        docs = [vary("healthy-rsa2048", "PF-0001", "ThinkPad T14", vendor="STM", days=1),
                vary("healthy-rsa2048", "PF-0002", "ThinkPad T14", days=1),
                vary("no-ekcert", "PF-0003", "Latitude 7440", vendor="IFX", days=2),
                vary("lockout", "PF-0004", "Latitude 7440", vendor="NTC", days=2),
                vary("rsa3072-sha384", "PF-0005", "ThinkPad X1", vendor="STM", days=3)]
        oracle = [analyze(d) for d in docs]
        write(root / "bundles" / "a" / "1.json", json.dumps(docs[0], indent=2))
        write(root / "bundles" / "b" / "2.json", json.dumps(docs[1], indent=2))
        write(root / "stream.ndjson", "".join(json.dumps(d) + "\n" for d in docs[2:4]))
        write(root / "report.json", json.dumps(oracle[4], indent=2))  # a report, not a bundle
        # Intune: two more devices known only by their summary line (not_ready and ready).
        write(root / "intune.csv",
              "Device name,UPN,Pre-remediation detection output,Status\r\n"
              "PC-0006,a@example.invalid,\"tpmready: not_ready; root=win.eula_accepted; fix=set_setup_displayed_eula; "
              "device=csv0006; at=2025-11-26T10:00:00Z\",With issues\r\n"
              "PC-0007,b@example.invalid,\"tpmready: ready; device=csv0007; at=2025-11-26T10:00:00Z\",Without issues\r\n")
        oracle.append({"verdict": "not_ready", "root_causes": [{"id": "win.eula_accepted"}]})
        oracle.append({"verdict": "ready", "root_causes": []})
        return oracle

    def test_mixed_inputs_give_the_oracle_counts_and_reingest_is_idempotent(self):
        root = WORK / "mixed"
        db = WORK / "mixed.sqlite"
        oracle = self.make_mixed_inputs(root)
        run = ingest(db, root)
        self.assertEqual(run.code, 0, run)
        self.assertIn("ingested: 7\n", run.stdout)
        self.assertIn("rejected: 0\n", run.stdout)
        first = fleet_json(db)
        self.assertEqual(counts(first), expected_counts(oracle))
        self.assertGreater(first["verdicts"]["ready"], 0)
        self.assertGreater(first["verdicts"]["not_ready"], 0)

        again = ingest(db, root)
        self.assertEqual(again.code, 0, again)
        self.assertIn("ingested: 0\nskipped as duplicate: 7\n", again.stdout)
        second = fleet_json(db)
        self.assertEqual(second, first)
        # The same bundle on one NDJSON line is the same content: a duplicate too.
        one_line = write(WORK / "mixed-again.ndjson", json.dumps(json.loads((root / "bundles/a/1.json").read_text())) + "\n")
        dup = ingest(db, one_line)
        self.assertIn("skipped as duplicate: 1\n", dup.stdout, dup)

    def test_report_straight_from_the_files_equals_the_report_of_the_database(self):
        root = WORK / "direct"
        db = WORK / "direct.sqlite"
        oracle = self.make_mixed_inputs(root)
        # History too: an older run of a device (superseded) and a run seen twice (one run).
        older = vary("no-ekcert", "PF-0001", "ThinkPad T14", vendor="STM", days=0)
        write(root / "older.ndjson", json.dumps(older) + "\n" + json.dumps(older) + "\n")
        started = int(time.time())
        self.assertEqual(ingest(db, root).code, 0)
        stored = fleet_json(db)
        direct = run_tpmready("fleet", "report", str(root), *CA_ARGS, "--format", "json")
        self.assertEqual(direct.code, 0, direct)
        self.assertEqual(direct.stderr, "")
        self.assertEqual(direct.json(), stored)
        self.assertEqual(counts(direct.json()), expected_counts(oracle))
        self.assertEqual(direct.json()["runs"], len(oracle) + 1)
        for fmt in ("text", "csv"):
            from_db = run_tpmready("fleet", "report", "--db", str(db), "--format", fmt)
            from_files = run_tpmready("fleet", "report", str(root), *CA_ARGS, "--format", fmt)
            # An input without a collection time is dated when it is read (ingest or report), so
            # the two may be a second or so apart: such times compare as "read now".
            window = range(started, int(time.time()) + 1)
            self.assertEqual(mask_read_times(from_files.stdout, window),
                             mask_read_times(from_db.stdout, window), fmt)
        pages = [WORK / "direct-db.html", WORK / "direct-files.html"]
        self.assertEqual(run_tpmready("fleet", "report", "--db", str(db), "--html", str(pages[0])).code, 0)
        self.assertEqual(run_tpmready("fleet", "report", str(root), *CA_ARGS, "--html", str(pages[1])).code, 0)
        window = range(started, int(time.time()) + 1)
        self.assertEqual(mask_read_times(pages[1].read_text(), window),
                         mask_read_times(pages[0].read_text(), window))

    def test_report_from_files_lists_rejections_on_stderr_and_exits_1(self):
        bad = WORK / "direct-bad"
        good = write(bad / "good.json", json.dumps(vary("healthy-rsa2048", "PF-0300", "ThinkPad T14")))
        corrupt = write(bad / "corrupt.json", '{"schema_version": 1, "device": {"id": "x"')
        run = run_tpmready("fleet", "report", str(good), str(corrupt), str(bad / "missing.json"), *CA_ARGS,
                           "--format", "json")
        self.assertEqual(run.code, 1, run)
        self.assertEqual(run.json()["devices"], 1)
        lines = run.stderr.splitlines()
        self.assertEqual(len(lines), 2, run.stderr)
        self.assertRegex(lines[0], rf"^tpmready: error: rejected file:{re.escape(str(bad / 'missing.json'))}: does not exist$")
        self.assertRegex(lines[1], rf"^tpmready: error: rejected file:{re.escape(str(corrupt))}: corrupt JSON")
        both = run_tpmready("fleet", "report", str(good), "--db", str(WORK / "x.sqlite"))
        self.assertEqual(both.code, 2, both)
        self.assertIn("not both", both.stderr)
        neither = run_tpmready("fleet", "report")
        self.assertEqual(neither.code, 2, neither)
        self.assertIn("needs --db FILE or the files", neither.stderr)

    def test_newer_run_supersedes_and_history_is_kept(self):
        db = WORK / "history.sqlite"
        old = vary("no-ekcert", "PF-0100", "ThinkPad T14", vendor="STM", days=1)
        new = vary("healthy-rsa2048", "PF-0100", "ThinkPad T14", vendor="STM", days=5)
        self.assertEqual(old["device"]["id"], new["device"]["id"])
        want_new = analyze(new)
        # Ingest the newer one first: the older one must not take over.
        self.assertEqual(ingest(db, write(WORK / "h-new.json", json.dumps(new))).code, 0)
        self.assertEqual(ingest(db, write(WORK / "h-old.json", json.dumps(old))).code, 0)
        rep = fleet_json(db)
        self.assertEqual(rep["devices"], 1)
        self.assertEqual(rep["runs"], 2)
        self.assertEqual(counts(rep), expected_counts([want_new]))
        self.assertEqual(sum(t["runs"] for t in rep["trends"]), 2)
        self.assertEqual(len(rep["trends"]), 2)  # two collection days

    def test_bad_inputs_are_rejected_with_file_and_reason_and_ingest_goes_on(self):
        db = WORK / "bad.sqlite"
        bad = WORK / "bad"
        good = write(bad / "good.json", json.dumps(vary("healthy-rsa2048", "PF-0200", "ThinkPad T14")))
        corrupt = write(bad / "corrupt.json", '{"schema_version": 1, "device": {"id": "x"')
        newer_doc = vary("healthy-rsa2048", "PF-0201", "ThinkPad T14")
        newer_doc["schema_version"] = 99
        newer = write(bad / "newer.json", json.dumps(newer_doc))
        no_column = write(bad / "intune.csv", "Device name,Output,Status\r\nPC-1,\"tpmready: ready; device=c1\"\r\n")
        huge = bad / "huge.ndjson"
        subprocess.run(["truncate", "-s", "2G", str(huge)], check=True)
        t0 = time.monotonic()
        run = ingest(db, good, corrupt, newer, no_column, huge, bad / "missing.json")
        self.assertLess(time.monotonic() - t0, 30, "a 2 GB file must not be read whole")
        self.assertEqual(run.code, 1, run)
        self.assertIn("ingested: 1\n", run.stdout)
        self.assertIn("rejected: 5\n", run.stdout)
        lines = run.stdout.splitlines()

        def reason(path: Path, pattern: str) -> None:
            hits = [line for line in lines if f"file:{path}" in line]
            self.assertTrue(hits, f"no rejection for {path}: {run.stdout}")
            self.assertRegex(hits[0], pattern)

        reason(corrupt, r"corrupt JSON.*parse error")
        reason(newer, r"schema_version 99 is newer")
        reason(no_column, r":2: CSV record has 2 fields, the header has 3")
        reason(huge, r"starts with byte 0x00 at offset 0")
        reason(bad / "missing.json", r"does not exist")
        self.assertEqual(fleet_json(db)["devices"], 1)

    def test_sigkill_mid_ingest_leaves_a_consistent_database(self):
        db = WORK / "killed.sqlite"
        stream = WORK / "many.ndjson"
        kinds = ["healthy-rsa2048", "no-ekcert", "lockout"]
        # Long enough that ingest is still running once 1,000 runs are in (it is killed then): about
        # ten times that. Under the sanitizers ingest is ~20x slower, so a shorter stream outlasts it.
        total = 5000 if os.environ.get("TPMREADY_SANITIZED") == "1" else 12000
        # One serialised bundle per kind, filled per device by string replacement: dumping 30,000
        # deep copies took longer than the ingest under test.
        templates = [json.dumps(vary(k, "@@SERIAL@@", "ThinkPad T14", vendor="STM")).replace(
            hashlib.sha256(b"@@SERIAL@@").hexdigest()[:32], "@@ID@@") for k in kinds]
        with stream.open("w") as f:
            for i in range(total):
                serial = f"K-{i:06d}"
                device_id = hashlib.sha256(serial.encode()).hexdigest()[:32]
                f.write(templates[i % 3].replace("@@SERIAL@@", serial).replace("@@ID@@", device_id) + "\n")
        p = subprocess.Popen([str(tpmready_bin()), "fleet", "ingest", str(stream), "--db", str(db), "--batch", "500",
                              *CA_ARGS], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        runs = 0
        while time.monotonic() < deadline and p.poll() is None:  # kill once some batches are in
            time.sleep(0.2)
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
                    runs = c.execute("SELECT count(*) FROM runs").fetchone()[0]
            except sqlite3.Error:
                continue
            if runs >= 1000:
                break
        self.assertIsNone(p.poll(), "ingest finished before it could be killed: make the stream longer")
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        c = sqlite3.connect(str(db))
        self.assertEqual(c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        n_runs = c.execute("SELECT count(*) FROM runs").fetchone()[0]
        self.assertGreaterEqual(n_runs, 1000)
        self.assertLess(n_runs, total)
        self.assertEqual(n_runs % 500, 0, "whole batches only")
        bad_runs = c.execute("SELECT count(*) FROM runs r WHERE r.findings != "
                             "(SELECT count(*) FROM findings f WHERE f.run_id = r.id)").fetchone()[0]
        self.assertEqual(bad_runs, 0, "a run lacks its findings")
        orphans = c.execute("SELECT count(*) FROM devices d LEFT JOIN runs r ON r.id = d.current_run "
                            "WHERE r.id IS NULL").fetchone()[0]
        self.assertEqual(orphans, 0)
        self.assertEqual(c.execute("SELECT count(*) FROM devices").fetchone()[0], n_runs)
        c.close()
        # Re-running completes the job: what was committed is skipped, the rest added.
        rerun = ingest(db, stream, timeout=300)
        self.assertEqual(rerun.code, 0, rerun)
        self.assertIn(f"skipped as duplicate: {n_runs}\n", rerun.stdout)
        self.assertEqual(fleet_json(db)["devices"], total)


@unittest.skipUnless(chromium.binary(), "chromium not installed")
class FleetDashboard(unittest.TestCase):
    def test_dashboard_numbers_equal_the_json_report(self):
        db = WORK / "dash.sqlite"
        docs = []
        models = ["ThinkPad T14", "ThinkPad X1", "Latitude 7440"]
        vendors = ["STM", "IFX", "NTC", None]
        kinds = ["healthy-rsa2048", "no-ekcert", "lockout", "rsa3072-sha384"]
        for i in range(40):
            docs.append(vary(kinds[i % 4], f"D-{i:04d}", models[i % 3], vendor=vendors[i % 4],
                             days=i % 5))
        stream = write(WORK / "dash.ndjson", "".join(json.dumps(d) + "\n" for d in docs))
        self.assertEqual(ingest(db, stream).code, 0)
        rep = fleet_json(db)
        page = WORK / "dashboard.html"
        run = run_tpmready("fleet", "report", "--db", str(db), "--html", str(page))
        self.assertEqual(run.code, 0, run)
        self.assertIn(f"{rep['devices']} devices", run.stdout)  # text report on stdout
        html = page.read_text()
        # Self-contained: nothing loads from elsewhere (URLs in fix texts are text, not resources).
        self.assertNotRegex(html, r"<link|\ssrc=|href=\"https?:|url\(|@import")
        dom, console = chromium.dump_dom(page)
        self.assertEqual(console, [], "the dashboard logged to the console")

        def count(element_id: str) -> int:
            m = re.search(rf'id="{re.escape(element_id)}" data-count="(\d+)"', dom)
            self.assertIsNotNone(m, element_id)
            return int(m.group(1))

        self.assertEqual(count("devices"), rep["devices"])
        for v in ("ready", "not_ready", "undetermined"):
            self.assertEqual(count(f"verdict-{v}"), rep["verdicts"][v])
        for rc in rep["root_causes"]:
            m = re.search(rf'data-root-cause="{re.escape(rc["id"])}">.*?data-count="(\d+)"', dom)
            self.assertIsNotNone(m, rc["id"])
            self.assertEqual(int(m.group(1)), rc["devices"])
        rows = re.findall(r'<tr class="(ready|not_ready|undetermined)">', dom)
        self.assertEqual(len(rows), rep["devices"])
        # Bar charts are HTML (readable at any width), with the JSON's counts; the trend is SVG.
        self.assertEqual(dom.count("<svg"), 1)
        verdict_bars = re.search(r'<div class="bars" id="verdict-chart">(.*?)</div></div>', dom)
        self.assertIsNotNone(verdict_bars)
        self.assertEqual([int(n) for n in re.findall(r'data-bar-count="(\d+)"', verdict_bars.group(1))],
                         [rep["verdicts"][v] for v in ("ready", "not_ready", "undetermined")])

        csv_run = run_tpmready("fleet", "report", "--db", str(db), "--format", "csv")
        self.assertEqual(csv_run.code, 0, csv_run)
        csv_lines = csv_run.stdout.splitlines()  # text mode: CRLF already folded
        self.assertEqual(csv_lines[0].split(",")[:3], ["root_cause", "fix", "device_id"])
        self.assertEqual(len(csv_lines) - 1, sum(rc["devices"] for rc in rep["root_causes"]))

        artifacts = Path(os.environ.get("TPMREADY_ARTIFACTS", WORK))
        artifacts.mkdir(parents=True, exist_ok=True)
        png = artifacts / "fleet-dashboard.png"
        chromium.screenshot(page, png, width=1200, height=1600)
        self.assertTrue(png.exists() and png.stat().st_size > 10_000, f"no screenshot at {png}")


OFFLINE = Path(__file__).resolve().parents[1] / "data" / "offline"


class FleetFromOfflineEvidence(unittest.TestCase):
    """`analyze --save-evidence` bundles are fleet inputs: the identity the evidence holds (the
    host name of a .reg export, with maker and model) or the one given with --device-id."""

    def save(self, name: str, *args: str) -> Path:
        out = WORK / "offline" / f"{name}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        run = run_tpmready("analyze", *args, "--save-evidence", str(out))
        self.assertIn(run.code, (0, 1, 3), run)
        return out

    def test_a_reg_export_with_bios_values_becomes_a_fleet_device(self):
        bundle = self.save("identity", str(OFFLINE / "device-identity.reg"))
        doc = json.loads(bundle.read_text())
        self.assertRegex(doc["device"]["id"], r"^[0-9a-f]{32}$")
        db = WORK / "offline-identity.sqlite"
        run = ingest(db, bundle)
        self.assertEqual(run.code, 0, run)
        self.assertIn("ingested: 1\n", run.stdout)
        rep = fleet_json(db)
        self.assertEqual(rep["devices"], 1)
        self.assertEqual([(b["manufacturer"], b["model"], b["devices"]) for b in rep["breakdown"]],
                         [("LENOVO", "21KC0001US", 1)])
        # The same evidence analysed again is the same device: a second run, not a second device.
        again = self.save("identity-again", str(OFFLINE / "device-identity.reg"), "--format", "json")
        self.assertEqual(json.loads(again.read_text())["device"]["id"], doc["device"]["id"])
        # ... and straight from the files, without the database.
        direct = run_tpmready("fleet", "report", str(bundle), "--format", "json")
        self.assertEqual(direct.code, 0, direct)
        self.assertEqual(direct.json()["devices"], 1)

    def test_device_id_names_the_device_and_overrides_the_derived_one(self):
        bundle = self.save("named", str(OFFLINE / "device-identity.reg"), "--device-id", "PF3XYZ12")
        self.assertEqual(json.loads(bundle.read_text())["device"]["id"], "PF3XYZ12")
        # A device the evidence does not identify (maker and model only) gets one too.
        surface = self.save("surface", str(OFFLINE / "bios-physical-surface.reg"), "--device-id", "SRF-0001")
        db = WORK / "offline-named.sqlite"
        self.assertEqual(ingest(db, bundle, surface).code, 0)
        con = sqlite3.connect(db)
        ids = sorted(row[0] for row in con.execute("SELECT id FROM devices"))
        con.close()
        self.assertEqual(ids, ["PF3XYZ12", "SRF-0001"])
        html = WORK / "offline-named.html"
        run = run_tpmready("fleet", "report", "--db", str(db), "--html", str(html))
        self.assertEqual(run.code, 0, run)
        self.assertIn("PF3XYZ12", html.read_text())
        # The report of analyze carries it as well (reports are fleet inputs too).
        report = run_tpmready("analyze", str(OFFLINE / "device-identity.reg"), "--device-id", "PF3XYZ12",
                              "--format", "json")
        self.assertEqual(report.json()["device"]["id"], "PF3XYZ12")

    def test_a_bundle_without_identity_is_rejected_in_one_line_naming_the_file_and_the_option(self):
        bundle = self.save("anonymous", str(OFFLINE / "bios-physical-surface.reg"))
        self.assertEqual(json.loads(bundle.read_text())["device"]["id"], "")
        run = ingest(WORK / "offline-anonymous.sqlite", bundle)
        self.assertEqual(run.code, 1, run)
        lines = [line for line in run.stdout.splitlines() if "no device ID" in line]
        self.assertEqual(len(lines), 1, run.stdout)
        self.assertIn(f"file:{bundle}", lines[0])
        self.assertIn("--device-id ID", lines[0])
        direct = run_tpmready("fleet", "report", str(bundle), "--format", "json")
        self.assertEqual(direct.code, 1, direct)
        self.assertEqual(len(direct.stderr.splitlines()), 1, direct.stderr)
        self.assertRegex(direct.stderr, rf"^tpmready: error: rejected file:{re.escape(str(bundle))}: .*--device-id ID\n$")

    def test_a_bad_device_id_is_one_line_and_exit_2(self):
        for bad in ("two words", "", "x" * 129, "caf\u00e9"):
            with self.subTest(device_id=bad):
                run = run_tpmready("analyze", str(OFFLINE / "device-identity.reg"), "--device-id", bad)
                self.assertEqual(run.code, 2, run)
                self.assertEqual(run.stdout, "")
                self.assertEqual(len(run.stderr.splitlines()), 1, run.stderr)
                self.assertIn("--device-id", run.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
