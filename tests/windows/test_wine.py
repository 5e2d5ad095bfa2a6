"""tpmready.exe under Wine: the seed story, fix --apply, healthy, missing WBCL, no TBS; diagnostics
archives (.cab through cabinet.dll, .zip through tpmready's own reader) and the fleet report
straight from files.

One fresh WINEPREFIX per run (a temp dir, `wineserver -p` + `wineboot -i` with detached stdio
first: shared facts/windows-build.md §4c); the registry is prepared per scenario with
`wine reg add` / `wine reg import` (the .reg exports of tests/data/offline); the TPM is swtpm
over loopback TCP from the healthy-rsa2048 tpmlab template (Wine has no TBS).

Configuration (tests/windows/windows.cmake sets it):
  TPMREADY_BIN       build/windows/tpmready.exe
  TPMLAB_TEMPLATES   provisioned tpmlab templates (tests/tpmlab/provision-all.sh OUT_DIR)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "integration"))
from tpmlab import SwtpmInstance  # noqa: E402

DATA = REPO / "tests" / "data" / "offline"
ARCHIVES = REPO / "tests" / "data" / "archive"
EXAMPLES = REPO / "examples"
FLEET = REPO / "tests" / "data" / "fleet"
LINUX_BIN = REPO / "build" / "release" / "tpmready"  # the Linux build, when built beside this one
OOBE = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\OOBE"
TPM_KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\TPM"
INTEGRITY = r"HKLM\SYSTEM\CurrentControlSet\Control\IntegrityServices"


def win_path(p: Path | str) -> str:
    """Wine maps the Unix root to drive Z:."""
    return "Z:" + str(p).replace("/", "\\")


class Wine:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="tpmready-wine-"))
        # TMPDIR: Debian's Wine puts its server directory (wine-XXXXXX) under TMPDIR and leaves it
        # after `wineserver -k`; inside self.tmp it goes when the run's folder is removed.
        self.env = dict(os.environ, WINEDEBUG="-all", WINEPREFIX=str(self.tmp / "wine"), TMPDIR=str(self.tmp))
        self.env.pop("DISPLAY", None)
        self.env.pop("WAYLAND_DISPLAY", None)
        (self.tmp / "wine").mkdir()
        quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["wineserver", "-p"], env=self.env, check=True, **quiet)
        subprocess.run(["wineboot", "-i"], env=self.env, timeout=300, **quiet)

    def run(self, *args: str, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run(["wine", *args], env=dict(self.env, **(env or {})), capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def run_on_pty(self, *args: str, timeout: int = 120) -> tuple[int, str]:
        """wine ARGS on a pseudo terminal, where Wine gives the program a console; what the console
        showed, with Wine's cursor and line-erase sequences removed (colour sequences stay)."""
        p = subprocess.run([sys.executable, str(REPO / "tests" / "windows" / "on_pty.py"), "wine", *args],
                           env=dict(self.env, LANG="C.UTF-8"), capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        shown = p.stdout.decode("utf-8", "replace").replace("\x1b[1C", " ")
        return p.returncode, re.sub(r"\x1b\[(\?25[lh]|K|\d*[ABCDGHJ])", "", shown).replace("\r", "")

    def reg(self, *args: str) -> subprocess.CompletedProcess:
        return self.run("reg", *args)

    def close(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.tmp, ignore_errors=True)


class WineScenarios(unittest.TestCase):
    wine: Wine
    tpm: SwtpmInstance

    @classmethod
    def setUpClass(cls) -> None:
        exe = os.environ.get("TPMREADY_BIN", "")
        if not os.path.isfile(exe):
            raise RuntimeError(f"TPMREADY_BIN not set or missing: {exe!r}")
        cls.exe = exe
        started = time.monotonic()
        cls.wine = Wine()
        cls.boot_seconds = time.monotonic() - started
        cls.tpm = SwtpmInstance("healthy-rsa2048").start()
        cls.ca = win_path(cls.tpm.template / "lab" / "ca" / "chain.pem")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tpm.stop()
        cls.wine.close()

    def setUp(self) -> None:
        # Every scenario starts from a registry without the keys tpmready reads.
        self.wine.reg("delete", TPM_KEY, "/f")
        self.wine.reg("delete", OOBE, "/f")
        self.wine.reg("delete", INTEGRITY, "/v", "WBCL", "/f")

    # -- helpers ---------------------------------------------------------------------------------
    def tpmready(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return self.wine.run(self.exe, *args, env=env)

    def check(self, *extra: str) -> tuple[int, dict]:
        p = self.tpmready("check", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca, "--format", "json", *extra)
        try:
            return p.returncode, json.loads(p.stdout)
        except json.JSONDecodeError:
            self.fail(f"check did not print JSON (exit {p.returncode}): {p.stdout[:500]} {p.stderr[:500]}")

    def reg_import(self, name: str) -> None:
        p = self.wine.reg("import", win_path(DATA / name))
        self.assertEqual(p.returncode, 0, p.stderr)

    def seed_story(self) -> None:
        """facts/windows.md §0 / SEED000: EK certificate in the store, OOBE without the EULA value,
        no TaskStates (so no EkCertificatePresent). The measured-boot log is there (a Windows TCG log
        from the corpus as WBCL): the EULA is the only Windows-side problem."""
        self.reg_import("seed000-eula-tpm-wmi.reg")
        self.assertEqual(self.wine.reg("add", OOBE, "/f").returncode, 0)
        wbcl = (REPO / "tests" / "data" / "eventlog" / "hirs-TpmLog.bin").read_bytes().hex().upper()
        self.assertEqual(self.wine.reg("add", INTEGRITY, "/v", "WBCL", "/t", "REG_BINARY", "/d", wbcl, "/f").returncode, 0)

    def eula_value(self) -> str:
        p = self.wine.reg("query", OOBE, "/v", "SetupDisplayedEula")
        return p.stdout if p.returncode == 0 else ""

    @staticmethod
    def finding(report: dict, rule: str) -> dict:
        return next(f for f in report["findings"] if f["id"] == rule)

    @staticmethod
    def roots(report: dict) -> list[str]:
        return [r["id"] for r in report["root_causes"]]

    # -- scenarios -------------------------------------------------------------------------------
    def test_seed_story_then_fix_apply(self) -> None:
        self.seed_story()
        code, report = self.check()
        self.assertEqual(code, 1)
        # The seed story's root cause, and the software TPM (swtpm is never ready).
        self.assertEqual(sorted(self.roots(report)), ["tpm.not_virtual", "win.eula_accepted"])
        eula = self.finding(report, "win.eula_accepted")
        self.assertEqual(eula["status"], "fail")
        self.assertTrue(eula["evidence"][0]["source"].startswith("registry:HKLM\\SOFTWARE\\Microsoft"), eula)
        self.assertEqual(self.finding(report, "win.taskstates.ek_certificate_present")["status"], "fail")

        summary = self.tpmready("check", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca, "--summary")
        self.assertEqual(summary.returncode, 1)
        lines = summary.stdout.splitlines()
        self.assertEqual(len(lines), 1, summary.stdout)
        self.assertLess(len(lines[0]), 2048)
        self.assertIn("win.eula_accepted", lines[0])
        self.assertIn("set_setup_displayed_eula", lines[0])

        plan = self.tpmready("fix", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca)
        self.assertEqual(plan.returncode, 0, plan.stderr)
        self.assertIn("[set_setup_displayed_eula]", plan.stdout)
        self.assertEqual(self.eula_value(), "", "the plan alone must change nothing")

        fixed = self.tpmready("fix", "--apply", "--task-timeout", "5", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca)
        self.assertIn("changed HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE\\SetupDisplayedEula: "
                      "(absent) -> 1", fixed.stdout)
        # Wine has no \Microsoft\Windows\TPM task folder: the step is reported as not done.
        self.assertIn("not done run_tpm_maintenance:", fixed.stdout)
        self.assertIn("before: not_ready", fixed.stdout)
        self.assertIn("after:", fixed.stdout)
        self.assertIn("0x1", self.eula_value())  # REG_DWORD 0x1, read back by Wine's own reg.exe

        code, after = self.check()
        self.assertEqual(self.finding(after, "win.eula_accepted")["status"], "pass")
        self.assertNotIn("win.eula_accepted", self.roots(after))

    def test_fix_apply_json_reports_each_step(self) -> None:
        self.seed_story()
        p = self.tpmready("fix", "--apply", "--task-timeout", "5", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca,
                          "--format", "json")
        out = json.loads(p.stdout)
        steps = {s["action_id"]: s for s in out["applied"]}
        self.assertTrue(steps["set_setup_displayed_eula"]["done"])
        self.assertEqual(steps["set_setup_displayed_eula"]["changes"][0]["before"], "(absent)")
        self.assertFalse(steps["run_tpm_maintenance"]["done"])
        self.assertIn("Tpm-Maintenance", steps["run_tpm_maintenance"]["detail"])
        self.assertEqual(out["before"]["verdict"], "not_ready")
        self.assertNotIn("win.eula_accepted", out["after"]["root_causes"])

    def test_fix_apply_refuses_when_not_elevated(self) -> None:
        self.seed_story()
        p = self.tpmready("fix", "--apply", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca,
                          env={"TPMREADY_FIX_ASSUME_NOT_ELEVATED": "1"})
        self.assertEqual(p.returncode, 2)
        self.assertIn("elevated", p.stderr)
        self.assertEqual(self.eula_value(), "")

    def test_healthy_windows_state(self) -> None:
        self.reg_import("healthy-device.reg")
        code, report = self.check()
        for rule in ("win.eula_accepted", "win.maintenance_task_ran", "win.taskstates.ek_certificate_present",
                     "eventlog.present"):
            self.assertEqual(self.finding(report, rule)["status"], "pass", rule)
        self.assertEqual([r for r in self.roots(report) if r.startswith("win.") or r.startswith("eventlog.")], [])
        # swtpm is a software TPM: never ready, for that reason alone.
        self.assertEqual(code, 1)
        self.assertIn("tpm.not_virtual", self.roots(report))

    def test_missing_wbcl(self) -> None:
        self.reg_import("healthy-device.reg")
        self.assertEqual(self.wine.reg("delete", INTEGRITY, "/v", "WBCL", "/f").returncode, 0)
        code, report = self.check()
        self.assertEqual(code, 1)
        present = self.finding(report, "eventlog.present")
        self.assertEqual(present["status"], "fail")
        self.assertIn("eventlog.present", self.roots(report))

    def test_collect_records_live_sources_and_missing_task(self) -> None:
        self.seed_story()
        bundle = self.wine.tmp / "bundle.json"
        p = self.tpmready("collect", "--tpm", self.tpm.tpm_arg, "-o", win_path(bundle))
        self.assertEqual(p.returncode, 0, p.stderr)
        w = json.loads(bundle.read_text())["windows"]
        task = w["tpm_maintenance_task"]
        # Wine: ITaskService::Connect fails (0x80041315), so the TaskCache registry fallback answers,
        # and the task is not registered there.
        self.assertEqual(task["reader"], "TaskCache registry")
        self.assertFalse(task["exists"]["value"])
        self.assertEqual(len(w["registry"]["ek_certificates"]), 1)

    def test_eventlog_live_falls_back_to_the_registry_wbcl(self) -> None:
        # No TBS and no C:\Windows\Logs\MeasuredBoot under Wine: the WBCL registry copy is the log.
        self.reg_import("healthy-device.reg")
        p = self.tpmready("eventlog", "--live", "--tpm", self.tpm.tpm_arg, "--format", "json")
        out = json.loads(p.stdout)
        self.assertEqual(out["source"], "registry:HKLM\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices\\WBCL")
        self.assertGreater(out["event_count"], 0)
        self.assertEqual(p.returncode, 1)  # a GCP VM's log does not replay to swtpm's PCRs

    def test_no_tbs_under_wine_is_exit_3_with_hint(self) -> None:
        p = self.tpmready("check", "--format", "json")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("no TBS under Wine", p.stderr)
        self.assertIn("--tpm tcp:", p.stderr)
        self.assertEqual(p.stdout, "")
        f = self.tpmready("fix")
        self.assertEqual(f.returncode, 3, f.stderr)
        self.assertIn("--tpm tcp:", f.stderr)

    def test_redirected_text_report_is_ascii_without_colour(self) -> None:
        # Output to a pipe: the reader's code page is unknown, so no UTF-8 and no escape sequences.
        self.seed_story()
        p = self.wine.run(self.exe, "check", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertTrue(p.stdout.isascii(), "non-ASCII in redirected output")
        self.assertNotIn("\x1b", p.stdout)
        self.assertIn(" -- TPM readiness for Windows Autopilot attestation", p.stdout)
        self.assertRegex(p.stdout, r"\(win\.eula_accepted\)\n +-> The Tpm-Maintenance task")
        # The device header: the host name and the Windows build read live (Wine's registry), the
        # time of collection; and every line within 100 columns, counted after the ASCII stand-ins.
        lines = p.stdout.splitlines()
        self.assertTrue(lines[1].startswith("Device:  host name "), lines[1])
        header = " ".join(" ".join(lines[1:4]).split())
        self.assertRegex(header, r"OS build Windows \d+(\.\d+)?;")
        self.assertRegex(header, r"collected \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        self.assertEqual([line for line in lines if len(line) > 100 and len(line.split()) > 2], [])

    def test_output_file_prints_one_line_and_the_file_stays_utf8(self) -> None:
        self.seed_story()
        report = self.wine.tmp / "report.txt"
        p = self.tpmready("check", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca, "-o", win_path(report))
        self.assertEqual(p.returncode, 1, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(len(lines), 1, p.stdout)
        # Both root causes, or as many as fit in 100 columns and the rest counted ("+1 more"), or
        # with a long temp path only their number; the path is always whole.
        self.assertRegex(lines[0], r"^NOT READY: ((tpm\.not_virtual|win\.eula_accepted)(, \S+| \+1 more)?|"
                                   r"2 root causes) -- report written to Z:\\")
        self.assertTrue(lines[0].endswith(win_path(report)), lines[0])
        shortest = len("NOT READY: 2 root causes -- report written to ") + len(win_path(report))
        self.assertLessEqual(len(lines[0]), max(100, shortest))
        text = report.read_text(encoding="utf-8")
        self.assertIn("\u2192", text)  # a file tpmready writes itself is UTF-8
        self.assertNotIn("\x1b", text)
        html = self.wine.tmp / "report.html"
        p = self.tpmready("check", "--tpm", self.tpm.tpm_arg, "--ca-store", self.ca, "--format", "html",
                          "-o", win_path(html), "--ascii")
        self.assertIn("report written to " + win_path(html), p.stdout)
        self.assertIn('data-verdict="not_ready"', html.read_text(encoding="utf-8"))

    def test_console_gets_utf8_and_colour_then_its_code_page_back(self) -> None:
        state = os.environ.get("TPMREADY_CONSOLE_STATE", "")
        if not os.path.isfile(state):
            self.skipTest("TPMREADY_CONSOLE_STATE not set (tests/windows/windows.cmake sets it)")
        seed = win_path(REPO / "examples" / "seed-000-eula-missing")
        probe, exe = win_path(state), win_path(self.exe)
        code, shown = self.wine.run_on_pty("cmd", "/c", f"{probe} & {exe} analyze {seed} & {probe}")
        self.assertEqual(code, 0, shown)  # cmd's own
        states = re.findall(r"console=(\d) output-cp=(\d+) vt=(\d)", shown)
        self.assertEqual(len(states), 2, shown)
        self.assertEqual(states[0][0], "1", "no console on the pseudo terminal")
        self.assertNotEqual(states[0][1], "65001")
        self.assertEqual(states[1], states[0], "tpmready left the console changed")
        # In between, tpmready's report: UTF-8 symbols shown as such, and colour.
        self.assertIn("\u2014 TPM readiness", shown)
        self.assertIn("\u2192 The Tpm-Maintenance task", shown)
        self.assertIn("\x1b[1;31mNOT READY", shown)

        code, shown = self.wine.run_on_pty(self.exe, "analyze", seed, "--ascii")
        self.assertEqual(code, 1, shown)
        self.assertIn("-- TPM readiness", shown)
        self.assertIn("-> The Tpm-Maintenance task", shown)
        self.assertNotIn("\u2192", shown)
        self.assertNotIn("\x1b[1;31m", shown)

    def test_bad_tpm_spec_is_usage(self) -> None:
        p = self.tpmready("check", "--tpm", "device:/dev/tpmrm0")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("Linux-only", p.stderr)

    # -- archives and fleet: what the Linux build does, in the Windows exe -------------------------
    def analyze_json(self, path: Path) -> tuple[int, dict]:
        p = self.tpmready("analyze", win_path(path), "--format", "json")
        try:
            return p.returncode, json.loads(p.stdout)
        except json.JSONDecodeError:
            self.fail(f"analyze did not print JSON (exit {p.returncode}): {p.stdout[:500]} {p.stderr[:500]}")

    def assert_linux_verdict(self, path: Path, code: int, report: dict, example: str) -> None:
        """The verdict examples/EXAMPLE/expected.json records (test_examples.py holds the Linux build
        to it for the folder), and the Linux build's own answer on the same file when it is built."""
        expected = json.loads((EXAMPLES / example / "expected.json").read_text())
        self.assertEqual(report["verdict"], expected["verdict"])
        self.assertEqual(sorted(self.roots(report)), sorted(r["id"] for r in expected["root_causes"]))
        self.assertEqual(code, expected["exit_code"])
        if LINUX_BIN.exists():
            linux = subprocess.run([str(LINUX_BIN), "analyze", str(path), "--format", "json"], capture_output=True,
                                   text=True, timeout=60)
            self.assertEqual(code, linux.returncode)
            self.assertEqual(report["verdict"], json.loads(linux.stdout)["verdict"])
            self.assertEqual(self.roots(report), self.roots(json.loads(linux.stdout)))

    def test_analyze_cab_reads_the_members_through_cabinet_dll(self) -> None:
        cab = ARCHIVES / "seed-000-hyperv-vtpm.cab"  # gcab -z of examples/seed-000-hyperv-vtpm
        code, report = self.analyze_json(cab)
        inputs = {i["name"].rsplit(":", 1)[-1]: i for i in report["inputs"]}
        self.assertEqual(inputs["tpmtool.txt"]["status"], "read")
        self.assertEqual(inputs["tpmtool.txt"]["kind"], "tpmtool")
        self.assertEqual(inputs["expected.json"]["status"], "not used")
        self.assertEqual([i["name"] for i in report["inputs"] if i["status"] not in ("read", "not used")], [])
        self.assert_linux_verdict(cab, code, report, "seed-000-hyperv-vtpm")

    def test_analyze_zip_reads_the_members_and_reports_damage(self) -> None:
        example = "seed-003-rsa3072-sha384"  # tpmtool output and an EK certificate: no .evtx
        z = self.wine.tmp / "diagnostics.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as out:
            for f in sorted((EXAMPLES / example).iterdir()):
                out.write(f, f"{example}/{f.name}")
        code, report = self.analyze_json(z)
        statuses = {i["name"].rsplit("/", 1)[-1]: i["status"] for i in report["inputs"]}
        self.assertEqual(statuses["tpmtool.txt"], "read")
        self.assert_linux_verdict(z, code, report, example)

        # A damaged member is reported on its own, as the Linux build reports it; the rest is read.
        damaged = self.wine.tmp / "damaged.zip"
        with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as out:
            out.writestr("big.reg", (DATA / "seed000-eula-tpm-wmi.reg").read_bytes() * 20)
            out.write(EXAMPLES / example / "tpmtool.txt", "tpmtool.txt")
        data = bytearray(damaged.read_bytes())
        with zipfile.ZipFile(damaged) as zf:
            info = zf.getinfo("big.reg")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        for i in range(start + 20, start + 60):
            data[i] ^= 0x5A
        damaged.write_bytes(bytes(data))
        p = self.tpmready("analyze", win_path(damaged), "--format", "json")
        report = json.loads(p.stdout)
        by_name = {i["name"].rsplit(":", 1)[-1]: i for i in report["inputs"]}
        self.assertEqual(by_name["big.reg"]["status"], "unreadable")
        self.assertIn("damaged", by_name["big.reg"]["detail"])
        self.assertEqual(by_name["tpmtool.txt"]["status"], "read")
        self.assertIn("big.reg", p.stderr)

    def test_fleet_report_from_files_without_a_database(self) -> None:
        lines = self.wine.tmp / "lines.txt"
        lines.write_text("tpmready: not_ready; root=win.eula_accepted; device=s1; at=2026-11-20T00:00:00Z\n"
                         "tpmready: ready; device=s2; at=2026-11-20T00:00:00Z\n")
        args = ["fleet", "report", win_path(FLEET / "healthy-rsa2048.bundle.json"),
                win_path(FLEET / "no-ekcert.bundle.json"), win_path(lines),
                "--ca-store", win_path(FLEET / "healthy-rsa2048-lab-ca-chain.pem"), "--format", "json"]
        p = self.tpmready(*args)
        self.assertEqual(p.returncode, 0, p.stderr)
        rep = json.loads(p.stdout)
        self.assertEqual(rep["devices"], 4)
        self.assertEqual(rep["runs"], 4)
        self.assertEqual(sum(rep["verdicts"].values()), 4)
        rc = {r["id"]: r["devices"] for r in rep["root_causes"]}
        self.assertEqual(rc["tpm.not_virtual"], 2)  # both bundles come from swtpm, a software TPM
        self.assertEqual(rc["win.eula_accepted"], 1)
        if LINUX_BIN.exists():  # the same files through the Linux build: the same report
            linux_args = [a.replace("Z:", "").replace("\\", "/") for a in args]
            linux = subprocess.run([str(LINUX_BIN), *linux_args], capture_output=True, text=True, timeout=60)
            self.assertEqual(rep, json.loads(linux.stdout))
        page = self.wine.tmp / "dashboard.html"
        html = self.tpmready(*args[:-2], "--html", win_path(page))
        self.assertEqual(html.returncode, 0, html.stderr)
        self.assertIn(f'id="devices" data-count="{rep["devices"]}"', page.read_text())

        db = self.tpmready("fleet", "report", "--db", win_path(self.wine.tmp / "fleet.sqlite"))
        self.assertEqual(db.returncode, 2)
        self.assertIn("the fleet database needs the Linux build; here use: tpmready fleet report FILES", db.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
