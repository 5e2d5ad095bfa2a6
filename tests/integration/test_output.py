"""What reaches the console: with -o FILE, check/analyze/fix print one line (verdict, root causes,
the file written) within 100 columns; --ascii gives plain ASCII; on a terminal (a real pty) the
report has colour unless NO_COLOR or --ascii; redirected on Linux it stays UTF-8 without colour."""
from __future__ import annotations

import subprocess
import tempfile
import unittest
from pathlib import Path

from pty_run import run_on_pty
from tpmlab import REPO, SwtpmInstance, run_tpmready, run_tpmready_raw

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


if __name__ == "__main__":
    unittest.main(verbosity=2)
