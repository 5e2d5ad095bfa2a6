#!/usr/bin/env python3
"""Writes damaged-members.zip: 36 deflated text members, every second one (odd index) with its
deflate stream damaged (40 bytes XOR 0x5A from its 3rd compressed byte), so libarchive reports
ARCHIVE_FATAL ("ZIP decompression failed") for 18 members in a row with good ones between them.
Deterministic (fixed seed and timestamps). Run from this folder: python3 make-damaged-members-zip.py
"""
import random
import zipfile

rng = random.Random(9)
names = []
with zipfile.ZipFile("damaged-members.zip", "w", zipfile.ZIP_DEFLATED) as zf:
    for i in range(36):
        name = "member-%02d.txt" % i
        body = "".join("%08x %s\n" % (rng.getrandbits(32), name) for _ in range(200)).encode()
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 27, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, body)
        names.append(name)

data = bytearray(open("damaged-members.zip", "rb").read())
with zipfile.ZipFile("damaged-members.zip") as zf:
    for i, name in enumerate(names):
        if i % 2:
            info = zf.getinfo(name)
            start = info.header_offset + 30 + len(info.filename) + len(info.extra)
            for j in range(start + 2, start + 42):
                data[j] ^= 0x5A
open("damaged-members.zip", "wb").write(bytes(data))
