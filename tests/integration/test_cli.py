"""The command line as people meet it: every --help within 100 columns with `check` listed first;
every example a --help shows is run (its files replaced by test data, "this device's TPM" by a
software TPM) and exits as its help documents; mistyped commands and options are answered with
"did you mean"; error codes are taken as they are pasted; a --ca-store folder may hold files that
are not certificates."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import tempfile
import unittest
from pathlib import Path
from typing import Callable, Optional, Union

from tpmlab import REPO, SwtpmInstance, closed_port, run_tpmready, templates_dir

HELP_COLUMNS = 100
EXAMPLES = REPO / "examples"
DATA = REPO / "tests" / "data"
SEED000 = EXAMPLES / "seed-000-eula-missing"
PLATFORM_LOG = Path("/sys/kernel/security/tpm0/binary_bios_measurements")


def help_texts() -> dict[str, str]:
    """Every command's --help, by command ("" is the program, "fleet report" a command of fleet)."""
    out: dict[str, str] = {}
    todo = [""]
    while todo:
        cmd = todo.pop(0)
        run = run_tpmready(*cmd.split(), "--help")
        assert run.code == 0 and run.stderr == "", run
        out[cmd] = run.stdout
        section = run.stdout.split("\nCommands:\n", 1)
        if len(section) == 2:
            for line in section[1].split("\n\n", 1)[0].splitlines():
                todo.append(f"{cmd} {line.split()[0]}".strip())
    return out


def examples_of(text: str) -> list[str]:
    """The example command lines of a help text: indented lines starting "tpmready ", without the
    note after two or more spaces."""
    return [re.split(r"\s{2,}", m.group(1))[0] for m in re.finditer(r"(?m)^  (tpmready \S.*)$", text)]


def documented_exit_codes(text: str) -> set[int]:
    """The numbers its "Exit codes:" paragraph gives."""
    m = re.search(r"(?ms)^Exit codes:(.*?)(?:\n\n|\Z)", text)
    return {int(d) for d in re.findall(r"(?<![\w.-])([0-3])(?![\w.])", m.group(1))} if m else set()


Expected = Union[int, Callable[[], int]]


class Workspace:
    """A folder holding the files the examples name, made from test data, and a software TPM that
    stands in for this device's."""

    def __init__(self, tpm: SwtpmInstance):
        self.tpm = tpm
        self.dir = Path(tempfile.mkdtemp(prefix="tpmready-cli-test-"))
        for name in ("tpmtool.txt", "tpm.reg", "oobe.reg"):
            shutil.copy(SEED000 / name, self.dir / name)
        shutil.copytree(SEED000, self.dir / "diag")
        shutil.copy(DATA / "archive" / "seed-000-hyperv-vtpm.cab", self.dir / "autopilot.cab")
        shutil.copy(next(SEED000.glob("*.crt")), self.dir / "ek.crt")
        shutil.copy(DATA / "offline" / "healthy-device.utf8.reg", self.dir / "ekcertstore.reg")
        shutil.copy(DATA / "offline" / "win-gcp-wbcl.bin", self.dir / "boot.log")
        boot = self.dir / "MeasuredBoot"
        boot.mkdir()
        shutil.copy(DATA / "offline" / "win-gcp-wbcl.bin", boot / "0000000002-0000000000.log")
        bundles = self.dir / "bundles"
        bundles.mkdir()
        for name in ("healthy-rsa2048.bundle.json", "no-ekcert.bundle.json"):
            shutil.copy(DATA / "fleet" / name, bundles / name)
        (self.dir / "intune-export.csv").write_text(
            "Device name,Pre-remediation detection output\r\n"
            "PC-0001,\"tpmready: not_ready; root_causes=win.eula_accepted; device=csv0001; "
            "at=2025-11-26T10:00:00Z\"\r\n", newline="")
        pcrs = run_tpmready("tpm", "--tpm", tpm.tpm_arg, "--format", "json")
        assert pcrs.code == 0, pcrs
        (self.dir / "tpm.json").write_text(pcrs.stdout)

    def argv(self, example: str) -> list[str]:
        """The example's arguments as run here: Windows folders become the test copies, "this
        device's TPM" and the documented simulator address the software TPM."""
        line = example.replace("C:\\Windows\\Logs\\MeasuredBoot\\", "MeasuredBoot").replace("C:\\diag\\", "diag")
        args = shlex.split(line)[1:]
        args = [self.tpm.tpm_arg if a in ("auto", "tcp:127.0.0.1:2321") and i > 0 and args[i - 1] == "--tpm" else a
                for i, a in enumerate(args)]
        live = args[0] in ("check", "collect", "fix", "tpm") or args[:2] == ["eventlog", "--live"]
        if live and "--tpm" not in args and "--help" not in args:
            args += ["--tpm", self.tpm.tpm_arg]
        return args

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def no_device_node(path: str) -> int:
    return 3 if not os.path.exists(path) else 0


# Every example the help shows, in the order they run (ingest before the report over its database,
# --record before the replay of the recording), with its exit code on the test data. The software
# TPM is never "ready" (tpm.not_virtual) but its EK certificate passes ekcert's checks, the seed-000
# files are not ready (the EULA), the fleet inputs are all accepted.
EXIT_CODES: dict[str, Expected] = {
    "tpmready check": 1,
    "tpmready check --tpm tcp:127.0.0.1:2321": 1,
    "tpmready check --format html -o report.html": 1,
    "tpmready check --summary": 1,
    "tpmready check --redact --redact-salt-file fleet.salt": 1,
    "tpmready check --online": 1,
    "tpmready check --help": 0,
    "tpmready analyze tpmtool.txt tpm.reg oobe.reg": 1,
    "tpmready analyze C:\\diag\\": 1,
    "tpmready analyze C:\\diag\\ --format html -o report.html": 1,
    "tpmready analyze C:\\diag\\ --redact --format json": 1,
    "tpmready analyze autopilot.cab --save-evidence device.json": 1,
    "tpmready explain 0x81039001": 0,
    "tpmready explain -2130472959": 0,
    "tpmready explain 267011": 0,
    'tpmready explain "Error: 0x81039001."': 0,
    "tpmready fix": 0,
    "tpmready fix --apply": 2,  # not Windows
    "tpmready fix --format json -o plan.json": 0,
    "tpmready collect -o device.json": 0,
    "tpmready collect -o -": 0,
    "tpmready collect --redact --redact-salt-file fleet.salt -o device.json": 0,
    "tpmready fleet ingest bundles/ intune-export.csv --db fleet.sqlite": 0,
    "tpmready fleet ingest bundles/ --db fleet.sqlite": 0,
    "tpmready fleet report bundles/ intune-export.csv --format json": 0,
    "tpmready fleet report bundles/ intune-export.csv --html dashboard.html": 0,
    "tpmready fleet report bundles/ --html dashboard.html": 0,
    "tpmready fleet report --db fleet.sqlite --html dashboard.html": 0,
    "tpmready fleet report --db fleet.sqlite --format csv -o devices-per-root-cause.csv": 0,
    "tpmready fleet report --help": 0,
    "tpmready fleet ingest --help": 0,
    "tpmready ekcert --tpm auto": 0,
    "tpmready ekcert ek.crt": 0,
    "tpmready ekcert --registry ekcertstore.reg": 1,
    "tpmready ekcert --tpm auto --online": 0,  # IBM's swtpm: no vendor service to ask
    "tpmready eventlog C:\\Windows\\Logs\\MeasuredBoot\\": 0,
    "tpmready eventlog boot.log --replay": 0,
    "tpmready eventlog boot.log --pcrs tpm.json": 1,  # another machine's log: the PCRs differ
    "tpmready eventlog --live": lambda: 1 if os.access(PLATFORM_LOG, os.R_OK) else 3,
    "tpmready tpm": 0,
    "tpmready tpm --format json | jq .tpm.manufacturer": 0,
    "tpmready tpm --tpm device:/dev/tpm0": lambda: no_device_node("/dev/tpm0"),
    "tpmready tpm --tpm tcp:127.0.0.1:2321": 0,
    "tpmready tpm --tpm tcp:127.0.0.1:2321 --power-on": 3,  # swtpm's control port is not a simulator's
    "tpmready tpm --record session.txt": 0,
    "tpmready tpm --tpm replay:session.txt": 0,
}


class Help(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.helps = help_texts()

    def test_every_help_is_within_100_columns(self):
        self.assertGreaterEqual(len(self.helps), 11)
        for cmd, text in self.helps.items():
            for line in text.splitlines():
                with self.subTest(command=cmd or "tpmready"):
                    self.assertLessEqual(len(line), HELP_COLUMNS, line)

    def test_check_is_the_first_command_listed(self):
        listed = self.helps[""].split("\nCommands:\n", 1)[1].splitlines()
        self.assertEqual(listed[0].split()[0], "check")

    def test_no_internal_references(self):
        for cmd, text in self.helps.items():
            with self.subTest(command=cmd or "tpmready"):
                self.assertNotRegex(text, r"§|facts/|\.md\b|[Ii]ssue \d|seed \d")

    def test_every_example_is_known_to_this_test_and_each_known_one_is_shown(self):
        shown = {e for text in self.helps.values() for e in examples_of(text)}
        self.assertEqual(sorted(shown - set(EXIT_CODES)), [], "examples this test does not run")
        self.assertEqual(sorted(set(EXIT_CODES) - shown), [], "examples no --help shows any more")

    def test_every_example_runs_and_exits_as_documented(self):
        # The help of the command an example runs documents its exit codes.
        documented = {cmd: documented_exit_codes(text) for cmd, text in self.helps.items()}
        with SwtpmInstance("healthy-rsa2048") as tpm:
            ws = Workspace(tpm)
            # --online must not reach the internet from a test: a proxy nobody listens on.
            proxy = f"http://127.0.0.1:{closed_port()}"
            env = {"https_proxy": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy, "no_proxy": ""}
            try:
                for example, expected in EXIT_CODES.items():
                    with self.subTest(example=example):
                        self.run_example(ws, example, expected, documented, env)
            finally:
                ws.remove()

    def run_example(self, ws: Workspace, example: str, expected: Expected, documented: dict[str, set[int]],
                    env: dict) -> None:
        command, _, pipe = example.partition(" | ")
        args = ws.argv(command)
        want = expected() if callable(expected) else expected
        cwd = os.getcwd()
        os.chdir(ws.dir)
        try:
            run = run_tpmready(*args, env=env, timeout=120)
        finally:
            os.chdir(cwd)
        self.assertEqual(run.code, want, f"{args}: {run!r}")
        self.assertNotIn("unknown option", run.stderr)
        if "--help" not in args:
            cmd = next(c for c in sorted(documented, key=len, reverse=True)
                       if c and " ".join(args[:len(c.split())]) == c)
            self.assertIn(want, documented[cmd], f"tpmready {cmd} --help does not document exit {want}")
        if pipe:  # jq .tpm.manufacturer: the path exists in the JSON
            doc = json.loads(run.stdout)
            for key in pipe.split()[1].strip(".").split("."):
                doc = doc[key]
            self.assertTrue(doc)
        for out in re.findall(r"(?:-o|--html|--save-evidence|--record) (\S+)", command):
            if out != "-":
                self.assertTrue((ws.dir / out).stat().st_size > 0, out)


class Mistyped(unittest.TestCase):
    def assert_usage(self, args: list[str], message: str) -> None:
        run = run_tpmready(*args)
        self.assertEqual(run.code, 2, run)
        self.assertEqual(run.stdout, "")
        self.assertEqual(run.stderr_lines, [f"tpmready: error: {message}"])

    def test_a_mistyped_command_gets_did_you_mean(self):
        self.assert_usage(["chek"], 'unknown command "chek"; did you mean "check"?')
        self.assert_usage(["anlayze", "x"], 'unknown command "anlayze"; did you mean "analyze"?')
        self.assert_usage(["fleet", "reprt"], 'unknown command "fleet reprt"; did you mean "fleet report"?')
        self.assert_usage(["install"], 'unknown command "install"; see tpmready --help')

    def test_a_mistyped_option_gets_did_you_mean(self):
        self.assert_usage(["check", "--formt", "json"], 'check: unknown option "--formt"; did you mean "--format"?')
        self.assert_usage(["analyze", "x", "--ca-stor", "y"],
                          'analyze: unknown option "--ca-stor"; did you mean "--ca-store"?')
        self.assert_usage(["check", "--asci"], 'check: unknown option "--asci"; did you mean "--ascii"?')
        self.assert_usage(["--format", "json", "check"],
                          'option "--format" goes after the command: tpmready check --format ...')

    def test_other_usage_errors_are_one_line(self):
        self.assert_usage([], "no command given; see tpmready --help")
        self.assert_usage(["fleet"], "fleet: no command given; one of: ingest, report")
        self.assert_usage(["explain"], "explain: code is required; see tpmready explain --help")
        self.assert_usage(["check", "--format", "jsn"],
                          "check: --format: jsn not in {text,json,html}; see tpmready check --help")


class ExplainPasted(unittest.TestCase):
    def test_pasted_forms_give_the_code(self):
        for pasted in (["(0x81039001)"], ["0x81039001."], ["error 0x81039001"], ["error", "0x81039001"],
                       ["HRESULT = 0x81039001"], ["HRESULT", "=", "0x81039001"], ["  0x81039001  "],
                       ["Error code: 0x81039001."], ["(-2130472959)"]):
            with self.subTest(pasted=pasted):
                run = run_tpmready("explain", *pasted, "--format", "json")
                self.assertEqual(run.code, 0, run)
                self.assertEqual(run.json()["code"], "0x81039001")

    def test_text_that_is_not_one_code_is_refused_by_what_was_typed(self):
        for pasted in ("0x81039001 (-2130472959)", "error deadbeef", "0x8103 9001"):
            with self.subTest(pasted=pasted):
                run = run_tpmready("explain", pasted)
                self.assertEqual(run.code, 2, run)
                self.assertEqual(len(run.stderr_lines), 1, run)
                self.assertIn(f'"{pasted}"', run.stderr)


class CaStoreFolder(unittest.TestCase):
    """--ca-store FOLDER with a README and a key beside the certificates (as admins keep them)."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="tpmready-ca-store-"))
        self.addCleanup(shutil.rmtree, self.dir, True)

    def lab_chain(self) -> Path:
        return templates_dir() / "healthy-rsa2048" / "lab" / "ca" / "chain.pem"

    def test_other_files_are_listed_as_not_used_and_the_chain_still_verifies(self):
        shutil.copy(self.lab_chain(), self.dir / "chain.pem")
        (self.dir / "README").write_text("Our TPM vendors' CA certificates.\n")
        (self.dir / "lab-ca.key").write_text("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
        with SwtpmInstance("healthy-rsa2048") as tpm:
            run = run_tpmready("check", "--tpm", tpm.tpm_arg, "--ca-store", str(self.dir), "--format", "json")
        self.assertEqual(run.code, 1, run)  # swtpm: never ready, but not for the chain
        self.assertEqual(run.stderr, "")
        report = run.json()
        unused = {i["name"]: i for i in report["inputs"] if i["kind"] == "ca_store"}
        self.assertEqual(sorted(unused), [f"file:{self.dir / 'README'}", f"file:{self.dir / 'lab-ca.key'}"])
        for record in unused.values():
            self.assertEqual(record["status"], "not used")
            self.assertTrue(record["detail"].startswith("not a certificate: "), record)
        chain = {f["id"]: f["status"] for f in report["findings"]}
        self.assertEqual(chain["ek.cert.chain"], "pass")

    def test_a_folder_without_a_certificate_is_one_error_naming_it(self):
        (self.dir / "README").write_text("nothing here yet\n")
        run = run_tpmready("analyze", str(SEED000), "--ca-store", str(self.dir))
        self.assertEqual(run.code, 2, run)
        self.assertEqual(run.stdout, "")
        self.assertEqual(len(run.stderr_lines), 1, run)
        self.assertIn(f"CA folder {self.dir} holds no certificate (1 file, none a certificate; README: ",
                      run.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
