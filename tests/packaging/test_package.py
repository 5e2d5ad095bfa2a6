"""scripts/package.sh into a temporary DIST_DIR, and what it made: the Windows zip (its files, its
SHA256SUMS, the Intune scripts' exit-code convention) and the .deb (control fields, Depends
against the binary's shared libraries, file list; extracted with dpkg-deb -x, never installed:
the extracted program runs, its man page renders with man -l, its bash completion is valid bash
and completes). Two runs give the same bytes. Nothing on the system is changed.

Without build/windows/tpmready.exe the zip is not made (TPMREADY_SKIP_WINDOWS=1) and its checks
are skipped: building the Windows exe is scripts/test.sh's job, not this test's.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RELEASE = REPO / "build" / "release"
HAVE_WINDOWS = (REPO / "build" / "windows" / "tpmready.exe").is_file()
SEED = REPO / "examples" / "seed-000-eula-missing"


def cmake_version() -> str:
    for line in (RELEASE / "CMakeCache.txt").read_text().splitlines():
        if line.startswith("CMAKE_PROJECT_VERSION:STATIC="):
            return line.split("=", 1)[1]
    raise RuntimeError("no CMAKE_PROJECT_VERSION in build/release/CMakeCache.txt")


def package(dist: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DIST_DIR=str(dist), TPMREADY_SKIP_DEPS="1")
    if not HAVE_WINDOWS:
        env["TPMREADY_SKIP_WINDOWS"] = "1"
    return subprocess.run([str(REPO / "scripts" / "package.sh")], capture_output=True, text=True, env=env,
                          timeout=1800)


def owning_package(path: str) -> str:
    """The Debian package that installed a library: dpkg knows each file by the path in its package,
    which with merged /usr may differ from what ldd and realpath say (/lib vs /usr/lib)."""
    real = os.path.realpath(path)
    candidates = []
    for p in (path, real, os.path.join(os.path.dirname(path), os.path.basename(real))):
        candidates += [p, p.replace("/usr/lib/", "/lib/", 1), p.replace("/lib/", "/usr/lib/", 1)]
    for p in dict.fromkeys(candidates):
        owner = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
        if owner.returncode == 0:
            return owner.stdout.split(":")[0]
    return ""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Package(unittest.TestCase):
    tmp: Path
    dist: Path
    version: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = Path(tempfile.mkdtemp(prefix="tpmready-package-test-"))
        cls.dist = cls.tmp / "dist"
        cls.version = cmake_version()
        p = package(cls.dist)
        if p.returncode != 0:
            raise RuntimeError(f"package.sh failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
        cls.deb = cls.dist / f"tpmready_{cls.version}_amd64.deb"
        cls.zip = cls.dist / f"tpmready-{cls.version}-windows-x64.zip"
        cls.root = cls.tmp / "root"
        subprocess.run(["dpkg-deb", "-x", str(cls.deb), str(cls.root)], check=True)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # -- both --------------------------------------------------------------------------------
    def test_dist_sha256sums_verify(self):
        p = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=self.dist, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        names = sorted(line.split()[1] for line in (self.dist / "SHA256SUMS").read_text().splitlines())
        want = sorted([self.deb.name] + ([self.zip.name] if HAVE_WINDOWS else []))
        self.assertEqual(names, want)

    def test_same_sources_same_bytes(self):
        again = self.tmp / "again"
        p = package(again)
        self.assertEqual(p.returncode, 0, p.stderr)
        for name in [self.deb.name] + ([self.zip.name] if HAVE_WINDOWS else []):
            self.assertEqual(sha256(self.dist / name), sha256(again / name), f"{name} differs between two runs")

    # -- Windows zip -------------------------------------------------------------------------
    @unittest.skipUnless(HAVE_WINDOWS, "no build/windows/tpmready.exe")
    def test_zip_contents_and_its_sha256sums(self):
        with zipfile.ZipFile(self.zip) as z:
            names = set(z.namelist())
            for name in ("tpmready.exe", "Detect-TpmReady.ps1", "Remediate-TpmReady.ps1", "README.txt",
                         "COPYRIGHT.txt", "SHA256SUMS"):
                self.assertIn(name, names)
            self.assertTrue(any(n.startswith("third-party/") for n in names), names)
            self.assertEqual(z.read("tpmready.exe")[:2], b"MZ")
            sums = z.read("SHA256SUMS").decode()
            listed = {}
            for line in sums.splitlines():
                digest, name = line.split(None, 1)
                listed[name.lstrip("*")] = digest
            self.assertEqual(set(listed), names - {"SHA256SUMS"})
            for name, digest in listed.items():
                self.assertEqual(hashlib.sha256(z.read(name)).hexdigest(), digest, name)
            exe = (REPO / "build" / "windows" / "tpmready.exe").read_bytes()
            self.assertEqual(z.read("tpmready.exe"), exe)
            readme = z.read("README.txt").decode("utf-8")
            self.assertIn(f"tpmready {self.version} (commit ", readme)
            self.assertIn("\r\n", readme)
            self.assertIn("Shift+F10", readme)

    @unittest.skipUnless(HAVE_WINDOWS, "no build/windows/tpmready.exe")
    def test_intune_scripts_follow_the_remediations_exit_codes(self):
        with zipfile.ZipFile(self.zip) as z:
            detect = z.read("Detect-TpmReady.ps1").decode("utf-8")
            remediate = z.read("Remediate-TpmReady.ps1").decode("utf-8")
        self.assertFalse(detect.startswith("\ufeff"))  # UTF-8 without BOM, as signed scripts need
        self.assertIn("check --summary", detect)
        self.assertIn("learn.microsoft.com/intune/intune-service/fundamentals/remediations", detect)
        code = [line for line in detect.splitlines() if not line.lstrip().startswith("#")]
        self.assertIn("if ($LASTEXITCODE -eq 0) { exit 0 }", code)
        self.assertEqual(code[-1], "exit 1")
        self.assertIn("fix --apply", remediate)

    # -- Debian package ------------------------------------------------------------------------
    def field(self, name: str) -> str:
        return subprocess.run(["dpkg-deb", "-f", str(self.deb), name], capture_output=True, text=True,
                              check=True).stdout.strip()

    def test_deb_control_fields(self):
        self.assertEqual(self.field("Package"), "tpmready")
        self.assertEqual(self.field("Version"), self.version)
        self.assertEqual(self.field("Architecture"), "amd64")
        self.assertRegex(self.field("Maintainer"), r".+ <.+>")
        self.assertTrue(self.field("Description"))
        size_kib = sum(f.stat().st_size for f in (self.root / "usr").rglob("*") if f.is_file()) / 1024
        self.assertAlmostEqual(int(self.field("Installed-Size")), size_kib, delta=size_kib * 0.1 + 8)

    def test_deb_depends_covers_every_shared_library_of_the_binary(self):
        depends = self.field("Depends")
        names = {re.split(r"[ (]", d.strip())[0] for d in depends.split(",")}
        ldd = subprocess.run(["ldd", str(self.root / "usr" / "bin" / "tpmready")], capture_output=True, text=True,
                             check=True).stdout
        libs = re.findall(r"=> (/\S+)", ldd)
        self.assertTrue(libs, ldd)
        for lib in libs:
            pkg = owning_package(lib)
            self.assertTrue(pkg, f"no package holds {lib}")
            self.assertIn(pkg, names, f"{lib} is in {pkg}, which Depends ({depends}) does not name")
        # Satisfied on this machine (what `apt install ./tpmready_*.deb` needs), checked read-only.
        for dep in depends.split(","):
            m = re.fullmatch(r"\s*(\S+)(?: \((\S+) (\S+)\))?\s*", dep)
            self.assertIsNotNone(m, dep)
            installed = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", m.group(1)], capture_output=True,
                                       text=True)
            self.assertEqual(installed.returncode, 0, f"{m.group(1)} is not installed")
            if m.group(2):
                ok = subprocess.run(["dpkg", "--compare-versions", installed.stdout, m.group(2), m.group(3)])
                self.assertEqual(ok.returncode, 0, f"{m.group(1)} {installed.stdout} is not {m.group(2)} {m.group(3)}")

    @unittest.skipUnless(shutil.which("apt-get"), "no apt-get")
    def test_apt_would_install_it(self):
        # A simulation (-s): apt resolves Depends against this system and changes nothing.
        p = subprocess.run(["apt-get", "install", "-s", "-q", str(self.deb)], capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertRegex(p.stdout, rf"(?m)^Inst tpmready .*{re.escape(self.version)}")

    def test_deb_file_list(self):
        listing = subprocess.run(["dpkg-deb", "-c", str(self.deb)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()
        files = {line.split()[-1] for line in listing}
        for path in ("./usr/bin/tpmready", "./usr/share/man/man1/tpmready.1.gz",
                     "./usr/share/bash-completion/completions/tpmready", "./usr/share/doc/tpmready/copyright",
                     "./usr/share/doc/tpmready/README.md", "./usr/share/doc/tpmready/docs/windows.md"):
            self.assertIn(path, files)
        for line in listing:
            self.assertIn(" root/root ", line)
            self.assertFalse(line.split()[-1].startswith(("./tmp", "./home", "./work", "./build")), line)
        self.assertTrue(listing[-1])
        binary = next(line for line in listing if line.endswith("./usr/bin/tpmready"))
        self.assertTrue(binary.startswith("-rwxr-xr-x"), binary)
        copyright_text = (self.root / "usr/share/doc/tpmready/copyright").read_text()
        self.assertIn("third-party: Debian package libarchive-dev", copyright_text)

    def test_extracted_binary_runs(self):
        binary = self.root / "usr" / "bin" / "tpmready"
        p = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, rf"^tpmready {re.escape(self.version)} \(commit ([0-9a-f]+|unknown)\)\n$")
        built = subprocess.run([str(RELEASE / "tpmready"), "--version"], capture_output=True, text=True)
        self.assertEqual(p.stdout, built.stdout)
        p = subprocess.run([str(binary), "analyze", str(SEED), "--format", "json"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn('"not_ready"', p.stdout)

    def test_man_page_renders(self):
        page = self.root / "usr/share/man/man1/tpmready.1.gz"
        p = subprocess.run(["man", "--warnings", "-P", "cat", "-l", str(page)], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="100", MAN_KEEP_FORMATTING="0"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        text = re.sub(r".\x08", "", p.stdout)  # overstrike bold/underline
        self.assertIn("TPMREADY(1)", text)
        for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "ENVIRONMENT"):
            self.assertRegex(text, rf"(?m)^{heading}$")
        for command in ("tpmready check", "tpmready analyze", "tpmready fix", "tpmready fleet ingest"):
            self.assertIn(command, text)
        self.assertIn("--summary", text)
        self.assertIn(f"tpmready {self.version}", text)

    def complete(self, *words: str) -> list[str]:
        """COMPREPLY for the command line `words` (the last is the word being completed)."""
        script = self.root / "usr/share/bash-completion/completions/tpmready"
        quoted = " ".join("'" + w + "'" for w in words)
        p = subprocess.run(["bash", "-c", f'source "$0"; COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; '
                                          '_tpmready; printf "%s\\n" "${COMPREPLY[@]}"', str(script)],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return [w for w in p.stdout.splitlines() if w]

    def test_bash_completion(self):
        script = self.root / "usr/share/bash-completion/completions/tpmready"
        p = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.complete("tpmready", "ch"), ["check"])
        self.assertEqual(sorted(self.complete("tpmready", "e")), ["ekcert", "eventlog", "explain"])
        self.assertIn("--summary", self.complete("tpmready", "check", "--s"))
        self.assertIn("--ascii", self.complete("tpmready", "check", "--a"))
        self.assertEqual(self.complete("tpmready", "check", "--format", ""), ["text", "json", "html"])
        self.assertEqual(self.complete("tpmready", "fleet", "re"), ["report"])
        self.assertEqual(self.complete("tpmready", "fleet", "report", "--format", "c"), ["csv"])
        # An option's value is not taken for a command: "check" here is the --eventlog file.
        self.assertIn("--apply", self.complete("tpmready", "fix", "--eventlog", "check", "--ap"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
