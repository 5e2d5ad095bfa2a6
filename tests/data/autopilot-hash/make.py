#!/usr/bin/env python3
"""Writes the hardware-hash CSVs of this folder (MANIFEST.md says what each is). Hand-made in the
format Microsoft documents; the hashes are SYNTHETIC: base64 of pseudo-random bytes, the length of
a real 4K hash, not a hardware hash (no real one is public, and its layout is not either)."""
import base64
import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "Device Serial Number,Windows Product ID,Hardware Hash"


def fake_hash(seed: str, size: int = 3000) -> str:
    """Base64 of `size` pseudo-random bytes (SHA-256 in counter mode over `seed`)."""
    out = b""
    n = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{n}".encode()).digest()
        n += 1
    return base64.b64encode(out[:size]).decode()


def write(name: str, lines: list[str], encoding: str, newline: str, bom: bool = False) -> None:
    text = newline.join(lines) + newline
    data = text.encode(encoding)
    if bom:
        data = (b"\xff\xfe" if encoding == "utf-16-le" else b"\xef\xbb\xbf") + data
    (HERE / name).write_bytes(data)


# Get-WindowsAutopilotInfo -OutputFile in Windows PowerShell 5.1: ConvertTo-CSV, quotes removed,
# Out-File (UTF-16LE with a BOM, CRLF); the product ID is left empty.
write("AutopilotHWID.utf16.csv", [HEADER, "5CG2041ABC,," + fake_hash("5CG2041ABC")], "utf-16-le", "\r\n", bom=True)
# The same device before its motherboard was replaced: the hash registered in Intune then.
write("AutopilotHWID-old-board.utf16.csv", [HEADER, "5CG1987XYZ,," + fake_hash("5CG1987XYZ")], "utf-16-le", "\r\n",
      bom=True)
# ConvertTo-Csv / Export-Csv without the quote removal, re-saved as UTF-8 with a BOM: every field
# quoted, the optional Group Tag and Assigned User columns, three devices.
rows = [("CZC1234ABC", "", "Kiosk", ""), ("5CG2041ABC", "", "Kiosk", "user@contoso.example"),
        ("MXL0001DEF", "", "", "")]
write("quoted-grouptag.utf8bom.csv",
      ['"Device Serial Number","Windows Product ID","Hardware Hash","Group Tag","Assigned User"'] +
      [f'"{s}","{p}","{fake_hash(s)}","{g}","{u}"' for s, p, g, u in rows], "utf-8", "\r\n", bom=True)
# Typed in an editor for the Intune import: UTF-8 without a BOM, LF, a product ID, a blank line.
write("intune-import.lf.csv", [HEADER, "PF3XYZ12,00330-80000-00000-AA123," + fake_hash("PF3XYZ12"), "",
                               "PF3XYZ13,," + fake_hash("PF3XYZ13")], "utf-8", "\n")
# Opened in a spreadsheet and saved with the locale's list separator: not importable.
write("spreadsheet-semicolons.csv", ["Device Serial Number;Windows Product ID;Hardware Hash",
                                     "5CG2041ABC;;" + fake_hash("5CG2041ABC")], "utf-8", "\r\n", bom=True)
