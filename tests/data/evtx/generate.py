#!/usr/bin/env python3
"""Regenerates the .evtx fixtures in this folder (RECONSTRUCTED, see MANIFEST.md):
   autopilot.evtx          events-autopilot.json (5 records, 2 outside the attestation channels)
   two-chunks.evtx         70 generated Autopilot records spanning 2 chunks
Damaged, truncated and garbage variants are made from these in memory by the unit tests
(tests/unit/evtx_reader_test.cpp), so no broken copies are committed.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tools"))
import make_evtx  # noqa: E402


def many(n):
    return [{"time": "2024-05-01T11:%02d:%02d.%03dZ" % (i // 60 % 60, i % 60, i % 1000),
             "channel": "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot",
             "provider": "Microsoft-Windows-ModernDeployment-Diagnostics-Provider",
             "event_id": 251, "level": 2, "record_id": i + 1,
             "data": {"HRESULT": "0x%08x" % (0x80070000 + i), "Attempt": str(i)}} for i in range(n)]


def main():
    events = json.loads((HERE / "events-autopilot.json").read_text())
    make_evtx.write_evtx(events, str(HERE / "autopilot.evtx"))
    two = make_evtx.evtx_bytes(many(70))
    (HERE / "two-chunks.evtx").write_bytes(two)


if __name__ == "__main__":
    main()
