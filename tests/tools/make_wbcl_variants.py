#!/usr/bin/env python3
"""Derives two Windows measured-boot log shapes from the real GCP Windows WBCL in tests/data/eventlog
(win-gcp-shielded-vm-wbcl.bin: SHA-1 format, SIPA events). Deterministic; rerun after editing.

  wbcl-sha1-startuplocality.bin  a StartupLocality EV_NO_ACTION (PCR 0, locality 3) put first, as a
                                 SHA-1 format Windows Server log starts (docs/facts/windows.md §10,
                                 docs/facts/tcg.md §5 StartupLocality); the rest unchanged.
  wbcl-sha1-pcr-minus-1.bin      an EV_NO_ACTION with PCRIndex 0xFFFFFFFF ("PCR -1") as the second
                                 event, carrying the data of the log's first EV_EVENT_TAG (SIPA), as
                                 Windows logs such events (docs/facts/windows.md §10).
"""
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "data" / "eventlog"
EV_NO_ACTION, EV_EVENT_TAG = 3, 6


def events(log: bytes):
    off = 0
    while off + 32 <= len(log):
        size = struct.unpack_from("<I", log, off + 28)[0]
        yield off, log[off:off + 32 + size]
        off += 32 + size


def sha1_event(pcr: int, etype: int, data: bytes) -> bytes:
    # EV_NO_ACTION events are not extended: their digest is zero (TCG PFP).
    return struct.pack("<II", pcr, etype) + bytes(20) + struct.pack("<I", len(data)) + data


def main() -> None:
    log = (HERE / "win-gcp-shielded-vm-wbcl.bin").read_bytes()
    records = [rec for _, rec in events(log)]
    assert sum(map(len, records)) == len(log)
    locality = sha1_event(0, EV_NO_ACTION, b"StartupLocality\0" + bytes([3]))
    (HERE / "wbcl-sha1-startuplocality.bin").write_bytes(locality + log)
    tag = next(r for r in records if struct.unpack_from("<I", r, 4)[0] == EV_EVENT_TAG)
    minus_one = sha1_event(0xFFFFFFFF, EV_NO_ACTION, tag[32:])
    (HERE / "wbcl-sha1-pcr-minus-1.bin").write_bytes(records[0] + minus_one + b"".join(records[1:]))


if __name__ == "__main__":
    main()
