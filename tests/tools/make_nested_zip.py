#!/usr/bin/env python3
"""Writes a nested zip: an outer zip (members stored) holding COPIES inner zips, each holding
MEMBERS deflated members of MEMBER_BYTES bytes that tpmready keeps in memory after reading the
archive, for the layers that parse them: with --kind bundle (default) a minimal evidence bundle
followed by spaces (JSON allows them), with --kind certificate an EK certificate (DER) followed by
zeros (read as NV padding).

With the defaults (8 x 15 x 16 MiB) the file is ~1.9 MB and expands to 1.9 GiB: each inner zip
stays under the 256 MiB total and each member at the 16 MiB member limit, so only a total shared
by all the archives of a run (nesting included) keeps the memory of `tpmready analyze` bounded.
Deterministic (fixed timestamps). Members are written in 1 MiB pieces, so the writing process
stays small whatever MEMBER_BYTES is.

Usage:  make_nested_zip.py OUT.zip [--copies 8] [--members 15] [--member-bytes 16777216]
                            [--kind bundle|certificate]
        import make_nested_zip; make_nested_zip.write_nested_zip(path, copies, members, member_bytes, kind)
"""
import argparse
import io
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KINDS = {  # kind -> (member head, padding byte, member name pattern)
    # {"schema_version": 1, "device": {}} (tests/data/offline/MANIFEST.md)
    "bundle": (REPO / "tests" / "data" / "offline" / "bundle-minimal.json", b" ", "bundle-%02d.json"),
    # STMicro EK certificate, DER (tests/data/cert/MANIFEST.md)
    "certificate": (REPO / "tests" / "data" / "cert" / "hirs-stm-nuc1-ek_cert_7_byte_header_removed.der", b"\0",
                    "ek-%02d.der"),
}
STAMP = (2026, 1, 1, 0, 0, 0)
PIECE = 1 << 20


def inner_zip(members: int, member_bytes: int, kind: str) -> bytes:
    head_file, pad, name = KINDS[kind]
    head = head_file.read_bytes()
    assert member_bytes >= len(head), member_bytes
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for i in range(members):
            info = zipfile.ZipInfo(name % (i + 1), date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = member_bytes  # the true size: this is not a lying-header bomb
            with z.open(info, "w") as w:
                w.write(head)
                left = member_bytes - len(head)
                while left:
                    n = min(left, PIECE)
                    w.write(pad * n)
                    left -= n
    return buf.getvalue()


def write_nested_zip(path, copies: int = 8, members: int = 15, member_bytes: int = 16 << 20,
                     kind: str = "bundle") -> Path:
    inner = inner_zip(members, member_bytes, kind)
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for c in range(copies):
            z.writestr(zipfile.ZipInfo("copy-%d.zip" % (c + 1), date_time=STAMP), inner)
    return path


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out")
    p.add_argument("--copies", type=int, default=8)
    p.add_argument("--members", type=int, default=15)
    p.add_argument("--member-bytes", type=int, default=16 << 20)
    p.add_argument("--kind", choices=sorted(KINDS), default="bundle")
    a = p.parse_args()
    write_nested_zip(a.out, a.copies, a.members, a.member_bytes, a.kind)


if __name__ == "__main__":
    main()
