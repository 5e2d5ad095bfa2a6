#!/usr/bin/env python3
"""make_evtx.py against the oracle: libevtx's evtxexport/evtxinfo must read every generated record
back with the values it was given, and see the file as intact (CRCs, record numbering)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_evtx  # noqa: E402

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
AUTOPILOT = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot"


def sample_events(n: int) -> list[dict]:
    events = []
    for i in range(n):
        events.append({
            "time": "2024-05-01T10:%02d:%02d.%03dZ" % (i // 60 % 60, i % 60, i % 1000),
            "channel": AUTOPILOT if i % 3 else "Microsoft-Windows-TPM-WMI/Admin",
            "provider": "Microsoft-Windows-ModernDeployment-Diagnostics-Provider" if i % 3 else "Microsoft-Windows-TPM-WMI",
            "event_id": [208, 250, 251, 1026][i % 4],
            "level": [2, 3, 4][i % 3],
            "record_id": 100 + i,
            "data": {"HRESULT": "0x%08x" % (0x80070000 + i), "Message": "Versuch %d von 3 — ä€" % i},
        })
    events[0]["data"] = {}
    return events


def evtxexport_xml(path: Path) -> list[ET.Element]:
    out = subprocess.run(["evtxexport", "-f", "xml", str(path)], capture_output=True, text=True,
                         check=True).stdout
    body = out.split("\n", 1)[1]  # first line is the tool banner
    return list(ET.fromstring("<root>" + body + "</root>"))


def evtxinfo(path: Path) -> str:
    return subprocess.run(["evtxinfo", str(path)], capture_output=True, text=True).stdout


@unittest.skipUnless(shutil.which("evtxexport"), "libevtx-utils not installed")
class MakeEvtxTest(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="make_evtx"))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def write(self, events, name="t.evtx") -> Path:
        path = self.dir / name
        make_evtx.write_evtx(events, str(path))
        return path

    def test_every_record_reads_back_with_the_same_values(self):
        events = sample_events(400)  # > 1 chunk of 64 KiB
        path = self.write(events)
        self.assertGreater(path.stat().st_size, 4096 + 2 * 65536)
        got = evtxexport_xml(path)
        self.assertEqual(len(got), len(events))
        for ev, xml in zip(events, got):
            with self.subTest(record=ev["record_id"]):
                sys_ = xml.find(NS + "System")
                self.assertEqual(sys_.find(NS + "Provider").get("Name"), ev["provider"])
                self.assertEqual(int(sys_.find(NS + "EventID").text), ev["event_id"])
                self.assertEqual(int(sys_.find(NS + "Level").text), ev["level"])
                self.assertEqual(int(sys_.find(NS + "EventRecordID").text), ev["record_id"])
                self.assertEqual(sys_.find(NS + "Channel").text, ev["channel"])
                t = sys_.find(NS + "TimeCreated").get("SystemTime")  # 2024-..:03.123000000Z
                self.assertEqual(t[:23] + "Z", ev["time"])
                data = {d.get("Name"): (d.text or "") for d in xml.iter(NS + "Data")}
                self.assertEqual(data, ev["data"])

    def test_file_is_intact_for_libevtx(self):
        path = self.write(sample_events(400))
        info = evtxinfo(path)
        self.assertIn("Number of records\t\t: 400", info)
        self.assertNotIn("Is corrupted", info)

    def test_oracle_notices_a_broken_chunk_crc(self):
        # Proves the intact-check above can fail: flip one byte of a record in chunk 0.
        path = self.write(sample_events(10))
        data = bytearray(path.read_bytes())
        data[4096 + 512 + 30] ^= 0xFF
        path.write_bytes(bytes(data))
        self.assertIn("Is corrupted", evtxinfo(path))

    def test_list_data_is_written_as_unnamed_data_elements_in_order(self):
        """Classic sources (CertEnroll, TBS, tpm.sys) write insertion strings without names."""
        url = "https://IFX-KeyId-0123abcd.microsoftaik.azure.net/templates/Aik/scep"
        path = self.write([{"time": "2024-05-01T10:02:03Z", "channel": "Application",
                            "provider": "Microsoft-Windows-CertificateServicesClient-CertEnroll",
                            "event_id": 87, "level": 2, "data": ["Local system", url, "text 0x802800a5"]}])
        got = evtxexport_xml(path)
        self.assertEqual(len(got), 1)
        data = list(got[0].iter(NS + "Data"))
        self.assertEqual([d.text for d in data], ["Local system", url, "text 0x802800a5"])
        self.assertEqual([d.get("Name") for d in data], [None, None, None])

    def test_command_line(self):
        src = self.dir / "e.json"
        src.write_text('[{"time": "2024-05-01T10:02:03Z", "channel": "C", "provider": "P", '
                       '"event_id": 208, "level": 4}]')
        out = self.dir / "o.evtx"
        subprocess.run([sys.executable, str(Path(make_evtx.__file__)), str(src), str(out)], check=True)
        got = evtxexport_xml(out)
        self.assertEqual(len(got), 1)
        self.assertEqual(got[0].find(NS + "System").find(NS + "EventRecordID").text, "1")


if __name__ == "__main__":
    unittest.main()
