"""What reaches the console: with -o FILE, check/analyze/fix print one line (verdict, root causes,
the file written) within 100 columns; --ascii gives plain ASCII; on a terminal (a real pty) the
report has colour unless NO_COLOR or --ascii; redirected on Linux it stays UTF-8 without colour.
The text report keeps to 100 columns when piped and to the terminal's width on a terminal (words
never broken), shows each fix once, and starts with the device header (text, JSON, HTML; from a
.reg export and from a live check of a software TPM)."""
from __future__ import annotations

import datetime
import os
import platform
import re
import socket
import subprocess
import time
import tempfile
import unittest
from pathlib import Path

from pty_run import run_on_pty
from tpmlab import REPO, SwtpmInstance, run_tpmready, run_tpmready_raw, tpmready_bin

SEED = str(REPO / "examples" / "seed-000-eula-missing")
DASH = "\u2014"


class OutputFileLine(unittest.TestCase):
    def test_analyze_each_format_prints_verdict_root_cause_and_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            for fmt, marker in (("html", "<!DOCTYPE html>"), ("json", '"verdict"'), ("text", "VERDICT: NOT READY")):
                out = Path(tmp) / f"report.{fmt}"
                run = run_tpmready("analyze", SEED, "--format", fmt, "-o", str(out))
                self.assertEqual(run.code, 1, run)
                self.assertEqual(run.stdout, f"NOT READY: win.eula_accepted {DASH} report written to {out}\n")
                self.assertIn(marker, out.read_text())

    def test_output_dash_is_stdout_and_prints_no_extra_line(self):
        run = run_tpmready("analyze", SEED, "--format", "json", "-o", "-")
        self.assertEqual(run.code, 1, run)
        self.assertEqual(run.json()["verdict"], "not_ready")

    def test_check_and_fix_on_a_software_tpm(self):
        with SwtpmInstance("healthy-rsa2048") as tpm, tempfile.TemporaryDirectory() as tmp:
            ca = ["--ca-store", str(tpm.template / "lab" / "ca" / "chain.pem")]
            report = Path(tmp) / "report.html"
            run = run_tpmready("check", "--tpm", tpm.tpm_arg, *ca, "--format", "html", "-o", str(report))
            self.assertEqual(run.code, 1, run)  # a software TPM is never ready
            lines = run.stdout.splitlines()
            self.assertEqual(len(lines), 1, run)
            self.assertTrue(lines[0].startswith("NOT READY: tpm.not_virtual"), lines[0])
            self.assertTrue(lines[0].endswith(f" {DASH} report written to {report}"), lines[0])
            self.assertLessEqual(len(lines[0]), 100)
            self.assertIn('data-verdict="not_ready"', report.read_text())

            plan = Path(tmp) / "plan.txt"
            run = run_tpmready("fix", "--tpm", tpm.tpm_arg, *ca, "-o", str(plan))
            self.assertEqual(run.code, 0, run)
            self.assertRegex(run.stdout, rf"^NOT READY: tpm\.not_virtual.* {DASH} fix plan written to {plan}\n$")
            self.assertTrue(plan.read_text())

    def test_unwritable_file_is_an_error_and_no_line(self):
        run = run_tpmready("analyze", SEED, "-o", "/nonexistent-dir/report.html")
        self.assertEqual(run.code, 2, run)
        self.assertEqual(run.stdout, "")
        self.assertIn("cannot write /nonexistent-dir/report.html", run.stderr)


class ConsoleStyle(unittest.TestCase):
    def test_ascii_option_gives_ascii_only_before_or_after_the_command(self):
        for args in (("--ascii", "analyze", SEED), ("analyze", SEED, "--ascii")):
            p = run_tpmready_raw(*args)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertTrue(all(b < 0x80 for b in p.stdout), "non-ASCII byte in --ascii output")
            text = p.stdout.decode("ascii")
            self.assertIn("tpmready 0.1.0", text.splitlines()[0])
            self.assertIn(" -- TPM readiness", text)
            self.assertRegex(text, r"\(win\.eula_accepted\)\n +-> The Tpm-Maintenance task")

    def test_ascii_applies_to_the_file_and_the_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.txt"
            run = run_tpmready("analyze", SEED, "-o", str(out), "--ascii")
            self.assertEqual(run.stdout, f"NOT READY: win.eula_accepted -- report written to {out}\n")
            self.assertTrue(all(b < 0x80 for b in out.read_bytes()))

    def test_redirected_output_on_linux_stays_utf8_without_colour(self):
        p = run_tpmready_raw("analyze", SEED)
        text = p.stdout.decode("utf-8")
        self.assertRegex(text, "\\(win\\.eula_accepted\\)\n +\u2192 The Tpm-Maintenance task")
        self.assertNotIn("\x1b[", text)

    def test_terminal_gets_colour_unless_no_color_or_ascii(self):
        code, out = run_on_pty("analyze", SEED)
        self.assertEqual(code, 1)
        self.assertIn(b"\x1b[1;31mNOT READY", out)
        self.assertIn("\u2192".encode(), out)
        for extra_args, env in (((), {"NO_COLOR": "1"}), (("--ascii",), {})):
            code, out = run_on_pty("analyze", SEED, *extra_args, env=env)
            self.assertEqual(code, 1)
            self.assertNotIn(b"\x1b[", out, (extra_args, env))
        # NO_COLOR set but empty does not count (no-color.org).
        code, out = run_on_pty("analyze", SEED, env={"NO_COLOR": ""})
        self.assertIn(b"\x1b[1;31m", out)

    def test_version_names_the_commit(self):
        run = run_tpmready("--version")
        self.assertEqual(run.code, 0, run)
        self.assertRegex(run.stdout, r"^tpmready \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,40}|unknown)\)\n$")
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
        if head.returncode == 0 and "unknown" not in run.stdout:
            commit = run.stdout.split("commit ")[1].rstrip(")\n")
            # Configured from this checkout: a commit of its history (HEAD when freshly configured).
            known = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", commit + "^{commit}"])
            self.assertEqual(known.returncode, 0, commit)




EXAMPLES = REPO / "examples"
EXAMPLE_FOLDERS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir() and p.name != "tools")
IDENTITY_REG = REPO / "tests" / "data" / "offline" / "device-identity.reg"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def overlong(text: str, width: int) -> list[str]:
    """Lines wider than `width`, except a line that is one word no line could hold (a path): the
    report never breaks inside a word."""
    return [line for line in text.splitlines()
            if len(line) > width and not (len(line.split()) == 1 or max(len(w) for w in line.split()) + 17 > width)]


def one_line(text: str) -> str:
    return " ".join(text.split())


class TextWidth(unittest.TestCase):
    def test_piped_reports_keep_to_100_columns(self):
        for folder in EXAMPLE_FOLDERS:
            with self.subTest(example=folder.name):
                # From inside the folder the inputs' names are short: every line fits, no exception.
                p = subprocess.run([str(tpmready_bin()), "analyze", "."], cwd=folder, capture_output=True)
                text = p.stdout.decode("utf-8")
                self.assertIn("VERDICT:", text)
                self.assertEqual([l for l in text.splitlines() if len(l) > 100], [], folder.name)
                # Given from elsewhere, only a path longer than a line may stand out, on a line of its own.
                text = run_tpmready("analyze", str(folder)).stdout
                self.assertEqual(overlong(text, 100), [])
                for line in text.splitlines():
                    if len(line) > 100:
                        self.assertTrue(any("file:/" in w and len(w) > 60 for w in line.split()), line)

    def test_a_terminal_report_keeps_to_the_terminals_width(self):
        folder = EXAMPLES / "service-ek-chain-rejected"
        for columns in (120, 72, 50):
            with self.subTest(columns=columns):
                code, out = run_on_pty("analyze", ".", columns=columns, cwd=str(folder))
                self.assertEqual(code, 1)
                text = ANSI.sub("", out.decode("utf-8")).replace("\r\n", "\n")
                self.assertIn("NOT READY", text)
                self.assertEqual(overlong(text, columns), [])
                self.assertTrue(any(len(l) > columns - 15 for l in text.splitlines()), "wrapped to the width, not narrower")
                # The URL of the AIK CA is never broken, whatever the width.
                self.assertIn("https://IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net/templates/Aik/scep", text)

    def test_columns_counts_where_the_terminal_gives_no_width(self):
        folder = EXAMPLES / "seed-000-eula-missing"
        code, out = run_on_pty("analyze", ".", columns=0, env={"COLUMNS": "64"}, cwd=str(folder))
        text = ANSI.sub("", out.decode("utf-8")).replace("\r\n", "\n")
        self.assertEqual(overlong(text, 64), [])
        self.assertTrue(any(len(l) > 50 for l in text.splitlines()))
        # Piped, COLUMNS does not apply: a file or a pipe always gets 100 columns.
        p = subprocess.run([str(tpmready_bin()), "analyze", "."], cwd=folder, capture_output=True,
                           env=dict(os.environ, COLUMNS="64"))
        self.assertTrue(any(len(l) > 64 for l in p.stdout.decode("utf-8").splitlines()))

    def test_continuation_lines_are_indented_under_their_label(self):
        text = run_tpmready("analyze", str(EXAMPLES / "service-ek-chain-rejected")).stdout
        lines = text.splitlines()
        fix = next(i for i, l in enumerate(lines) if l.startswith("  Fix:    "))
        self.assertTrue(lines[fix + 1].startswith(" " * 10) and lines[fix + 1][10] != " ", lines[fix + 1])


class EachFixOnce(unittest.TestCase):
    def test_each_root_causes_fix_appears_once(self):
        for folder in EXAMPLE_FOLDERS:
            with self.subTest(example=folder.name):
                report = run_tpmready("analyze", str(folder), "--format", "json").json()
                text = one_line(run_tpmready("analyze", str(folder)).stdout)
                self.assertTrue(report["root_causes"])
                for rc in report["root_causes"]:
                    self.assertEqual(text.count(one_line(rc["fix"])), 1, rc["id"])
                actions = sum(1 for f in report["findings"] if f["fix_action"] and
                              f["id"] in {rc["id"] for rc in report["root_causes"]})
                self.assertEqual(text.count("fix --apply"), actions)

    def test_the_fault_sides_advice_names_the_fix_instead_of_repeating_it(self):
        text = run_tpmready("analyze", str(EXAMPLES / "seed-000-eula-missing")).stdout
        self.assertIn("  Advice: Fix the device: apply the fix for win.eula_accepted, then try again.\n", text)
        self.assertEqual(one_line(text).count("SetupDisplayedEula = 1 (REG_DWORD)"), 1)
        self.assertEqual(text.count("tpmready fix --apply does this (action set_setup_displayed_eula)"), 1)


class DeviceHeader(unittest.TestCase):
    def test_a_reg_export_with_bios_values_names_the_device_in_text_json_and_html(self):
        text = run_tpmready("analyze", str(IDENTITY_REG))
        lines = text.stdout.splitlines()
        self.assertEqual(lines[1], "Device:  host name WKS-0142; manufacturer LENOVO; model 21KC0001US; OS build "
                                   "Windows 22631.4460;")
        self.assertEqual(lines[2], "         unknown: serial, time of collection")
        self.assertTrue(lines[3].startswith("VERDICT: "), lines[3])
        device = run_tpmready("analyze", str(IDENTITY_REG), "--format", "json").json()["device"]
        self.assertEqual({k: device[k] for k in ("hostname", "manufacturer", "model", "os_build")},
                         {"hostname": "WKS-0142", "manufacturer": "LENOVO", "model": "21KC0001US",
                          "os_build": "Windows 22631.4460"})
        self.assertNotIn("serial", device)  # unknown: omitted, never invented
        self.assertNotIn("collected_at", device)
        self.assertRegex(device["id"], r"^[0-9a-f]{32}$")
        html = run_tpmready("analyze", str(IDENTITY_REG), "--format", "html").stdout
        header = re.search(r'<p id="device" class="device">(.*?)</p>', html).group(1)
        self.assertIn('<span data-device-field="hostname">host name <code>WKS-0142</code></span>', header)
        self.assertIn('<span data-device-field="os_build">OS build <code>Windows 22631.4460</code></span>', header)
        self.assertIn("unknown: serial, time of collection", header)
        self.assertLess(html.index('id="device"'), html.index('id="verdict"'))

    def test_redact_hides_the_host_name_in_the_header(self):
        for fmt in ("text", "json", "html"):
            with self.subTest(format=fmt):
                run = run_tpmready("analyze", str(IDENTITY_REG), "--redact", "--format", fmt)
                self.assertNotIn("WKS-0142", run.stdout)
                self.assertRegex(run.stdout, r"redacted-[0-9a-f]{12}")
                self.assertIn("21KC0001US", run.stdout)  # the model stays: shared by every device of it

    def test_nothing_identifying_says_so(self):
        text = run_tpmready("analyze", str(EXAMPLES / "seed-003-rsa3072-sha384")).stdout
        self.assertEqual(text.splitlines()[1], "Device:  not identified by these inputs")

    def test_a_live_check_names_this_machine_and_the_time(self):
        with SwtpmInstance("healthy-rsa2048") as tpm:
            before = int(time.time())
            ca = ["--ca-store", str(tpm.template / "lab" / "ca" / "chain.pem")]
            report = run_tpmready("check", "--tpm", tpm.tpm_arg, *ca, "--format", "json").json()
            text = run_tpmready("check", "--tpm", tpm.tpm_arg, *ca).stdout
            html = run_tpmready("check", "--tpm", tpm.tpm_arg, *ca, "--format", "html").stdout
        device = report["device"]
        self.assertEqual(device["hostname"], socket.gethostname())
        self.assertEqual(device["os_build"], f"Linux {platform.release()}")
        at = datetime.datetime.strptime(device["collected_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        self.assertLessEqual(abs(at.timestamp() - before), 60)
        header = one_line(" ".join(text.splitlines()[1:4]))
        self.assertIn(f"host name {socket.gethostname()};", header)
        self.assertIn(f"OS build Linux {platform.release()};", header)
        self.assertRegex(header, r"collected \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        # What Windows shows is this TPM's manufacturer, not the table's Hyper-V one.
        self.assertIn("Windows shows: -TPM Manufacturer ID: IBM;", one_line(text))
        self.assertNotIn("MSFT", text)
        self.assertIn('data-device-field="collected_at"', html)
        self.assertIn(f"<code>{socket.gethostname()}</code>", html)


if __name__ == "__main__":
    unittest.main(verbosity=2)
