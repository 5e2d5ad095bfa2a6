"""`tpmready eventlog`: the CLI contract on corpus logs, and live replay against swtpm.

Live: a fresh swtpm (tests/tpmlab scenario tpm-fresh) is extended with tpm2_pcrextend following a
real corpus log event by event (the TPM does the hashing: it is the oracle); `eventlog FILE --live`
must then match, and a copy of the log with one digest byte flipped must not, naming the PCR.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tpmlab  # noqa: E402

DATA = tpmlab.REPO / "tests" / "data" / "eventlog"
EXPECTED = json.loads((DATA / "expected.json").read_text())
LIVE_LOG = DATA / "tt-event-bootorder.bin"  # sha1+sha256, no StartupLocality, PCRs 0-7 only


def eventlog(*args: str) -> tpmlab.Run:
    return tpmlab.run_tpmready("eventlog", *args)


class ContractTest(unittest.TestCase):
    def test_every_corpus_log_parses_and_replays_to_expected(self):
        for name, facts in EXPECTED.items():
            if name.endswith(("-bogus", "-empty")):
                continue
            with self.subTest(log=name):
                r = eventlog(str(DATA / name), "--replay", "--format", "json")
                self.assertEqual(r.code, 0, r)
                j = r.json()
                self.assertEqual(j["format"], {"sha1-only": "sha1", "crypto-agile": "crypto_agile"}[
                    facts["verified"]["format"]])
                self.assertEqual(len(j["events"]), facts["verified"]["events"])
                replay = {bank: pcrs for bank, pcrs in j["replay"].items() if pcrs}
                self.assertEqual(replay, facts["verified"]["replayed_pcrs"])
                self.assertIsNone(j["replay_matches"])
                self.assertEqual(j["errors"], [])

    def test_a_piped_log_is_read_once_and_gives_the_same_result(self):
        # A pipe cannot be opened twice: the CLI walks it in one streamed pass (a file in two).
        log = DATA / "win-gcp-shielded-vm-wbcl.bin"
        from_file = eventlog(str(log), "--replay", "--format", "json").json()
        p = subprocess.run([str(tpmlab.tpmready_bin()), "eventlog", "/dev/stdin", "--replay", "--format", "json"],
                           input=log.read_bytes(), capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        piped = json.loads(p.stdout)
        for j in (from_file, piped):
            j.pop("source")
            j.pop("evidence")  # names the source in every fact
        self.assertEqual(piped, from_file)
        self.assertEqual(len(piped["events"]), EXPECTED[log.name]["verified"]["events"])

    def test_event_fields_follow_the_contract(self):
        j = eventlog(str(DATA / "tt-event.bin"), "--format", "json").json()
        first, second = j["events"][0], j["events"][1]
        self.assertEqual((first["index"], first["pcr"], first["type"]), (0, 0, "EV_NO_ACTION"))
        self.assertEqual(second["index"], 1)
        banks = {a["algorithm"] for a in j["spec_id"]["algorithms"]}
        self.assertEqual(banks, {"sha1", "sha256", "sha384", "sha512"})
        self.assertEqual(set(second["digests"]), banks)
        for digest in second["digests"].values():
            self.assertRegex(digest, "^[0-9a-f]+$")

    def test_malformed_keylime_logs_exit_2_with_offset(self):
        for name, needle in (("kl-binary_bios_measurements-bogus", "@0x0"),
                             ("kl-binary_bios_measurements-empty", "empty event log")):
            with self.subTest(log=name):
                r = eventlog(str(DATA / name), "--format", "json")
                self.assertEqual(r.code, 2, r)
                self.assertEqual(r.stdout, "")
                self.assertIn(needle, r.stderr)
                self.assertTrue(r.stderr.startswith("tpmready: error: "))

    def test_pe_file_exits_2(self):
        with tempfile.NamedTemporaryFile(suffix=".efi") as f:
            f.write(b"MZ" + b"\x90" * 200)
            f.flush()
            r = eventlog(f.name)
        self.assertEqual(r.code, 2, r)
        self.assertIn("PE/COFF", r.stderr)

    def test_truncated_log_keeps_events_and_reports_offset(self):
        src = (DATA / "tt-event-bootorder.bin").read_bytes()
        with tempfile.NamedTemporaryFile() as f:
            f.write(src[: len(src) - 5])  # inside the last event's data
            f.flush()
            r = eventlog(f.name, "--format", "json")
        self.assertEqual(r.code, 2, r)
        j = r.json()
        self.assertEqual(len(j["errors"]), 1)
        self.assertGreater(j["errors"][0]["offset"], 0)
        self.assertIn("EventSize", j["errors"][0]["message"])
        self.assertEqual(len(j["events"]), j["errors"][0]["event_index"])

    def test_pcrs_file_match_and_mismatch(self):
        origin = EXPECTED["win-gcp-shielded-vm-wbcl.bin"]["origin_asserts"]["origin_pcrs_sha1"]
        log = str(DATA / "win-gcp-shielded-vm-wbcl.bin")
        with tempfile.TemporaryDirectory() as d:
            good, bad = Path(d, "good.json"), Path(d, "bad.json")
            good.write_text(json.dumps({"sha1": origin}))
            tampered = dict(origin, **{"7": "00" * 20})
            bad.write_text(json.dumps({"tpm": {"pcrs": {"sha1": tampered}}}))  # `tpmready tpm` shape
            r = eventlog(log, "--pcrs", str(good), "--format", "json")
            self.assertEqual(r.code, 0, r)
            self.assertIs(r.json()["replay_matches"], True)
            r = eventlog(log, "--pcrs", str(bad), "--format", "json")
            self.assertEqual(r.code, 1, r)
            self.assertIs(r.json()["replay_matches"], False)
            self.assertEqual(r.json()["mismatched_pcrs"], [7])
            r = eventlog(log, "--pcrs", str(bad))
            self.assertIn("MISMATCH in PCR 7", r.stdout)

    def test_measured_boot_folder_picks_current_boot(self):
        with tempfile.TemporaryDirectory() as d:
            shutil.copy(DATA / "tt-event.bin", Path(d, "0000000003-0000000000.log"))
            shutil.copy(DATA / "win-gcp-shielded-vm-wbcl.bin", Path(d, "0000000004-0000000000.log"))
            r = eventlog(d, "--format", "json")
        self.assertEqual(r.code, 0, r)
        self.assertTrue(r.json()["source"].endswith("0000000004-0000000000.log"))
        self.assertEqual(r.json()["evidence"]["boot_counter"]["value"], 4)


def extend_tpm_following(log: Path, tcti: str) -> int:
    events = eventlog(str(log), "--format", "json").json()["events"]
    n = 0
    for e in events:
        if e["type"] == "EV_NO_ACTION":
            continue  # never extended (facts/tcg.md §5.4)
        spec = ",".join(f"{bank}={digest}" for bank, digest in sorted(e["digests"].items()))
        subprocess.run(["tpm2_pcrextend", f"{e['pcr']}:{spec}"], check=True, capture_output=True,
                       env=dict(tpmlab.os.environ, TPM2TOOLS_TCTI=tcti), timeout=30)
        n += 1
    return n


class LiveTest(unittest.TestCase):
    def test_live_replay_matches_and_tampered_log_names_the_pcr(self):
        with tpmlab.SwtpmInstance("tpm-fresh") as tpm:
            self.assertGreater(extend_tpm_following(LIVE_LOG, tpm.tcti), 10)
            r = eventlog(str(LIVE_LOG), "--live", "--tpm", tpm.tpm_arg, "--format", "json")
            self.assertEqual(r.code, 0, r)
            j = r.json()
            self.assertIs(j["replay_matches"], True)
            self.assertEqual({c["bank"] for c in j["comparison"]}, {"sha1", "sha256"})

            events = j["events"]
            target = next(e for e in events if e["pcr"] == 4 and e["type"] != "EV_NO_ACTION")
            data = bytearray(LIVE_LOG.read_bytes())
            # The sha1 digest follows PCRIndex, EventType, digests.count and hashAlg (4+4+4+2).
            data[target["offset"] + 14] ^= 0xFF
            with tempfile.NamedTemporaryFile(suffix=".log") as f:
                f.write(data)
                f.flush()
                r = eventlog(f.name, "--live", "--tpm", tpm.tpm_arg, "--format", "json")
                text = eventlog(f.name, "--live", "--tpm", tpm.tpm_arg)
            self.assertEqual(r.code, 1, r)
            self.assertEqual(r.json()["mismatched_pcrs"], [4])
            self.assertIn("MISMATCH in PCR 4", text.stdout)

    def test_unreachable_tpm_exits_3(self):
        r = eventlog(str(LIVE_LOG), "--live", "--tpm", "tcp:127.0.0.1:9", "--format", "json")
        self.assertEqual(r.code, 3, r)
        self.assertIn("tcp:127.0.0.1:9", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
