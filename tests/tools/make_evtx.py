#!/usr/bin/env python3
"""Writes a Windows XML Event Log (.evtx) file from a JSON list of events.

RECONSTRUCTED TEST DATA: files written by this script are NOT captured from Windows. They follow
the published layout (libyal, "Windows XML Event Log (EVTX) format": file header, 64 KiB chunks,
event records, Binary XML with template instances) so that libevtx / evtxexport and our reader
read them like a real export. Event IDs and channels come from the JSON the caller supplies
(for attestation events see facts/windows.md §12.4, itself partly UNVERIFIED).

Usage:  make_evtx.py EVENTS.json OUT.evtx
        import make_evtx; make_evtx.write_evtx(events, path)

Event JSON: {"time": "2024-05-01T10:02:03.123Z", "channel": "...", "provider": "...",
             "event_id": 208, "level": 4, "record_id": 1 (optional, default = position + 1),
             "computer": "DESKTOP-1" (optional), "data": {"Name": "value", ...} (optional)}
"data" as a list ["value", ...] writes unnamed <Data> elements, as classic event sources (TPM-WMI,
TBS, tpm.sys, CertEnroll) write their insertion strings.

Layout notes (why the bytes look the way they do):
- Each record carries its own inline template definition (Windows shares one per event
  definition inside a chunk; an inline definition per record is equally valid and keeps the
  generator simple). Typed substitutions make the System values look like Windows writes them:
  EventID UInt16, Level UInt8, TimeCreated/@SystemTime FILETIME, EventRecordID UInt64.
- Element and attribute names are stored inline at first use (name offset == current offset).
- Offsets inside Binary XML are relative to the start of the chunk, so records are built knowing
  their chunk offset.
"""
import datetime
import json
import struct
import sys
import zlib

FILE_HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
EVENT_XMLNS = "http://schemas.microsoft.com/win/2004/08/events/event"

# Binary XML value types (libyal EVTX doc, "Value types").
T_NULL, T_STRING, T_UINT8, T_UINT16, T_UINT64, T_FILETIME = 0x00, 0x01, 0x04, 0x06, 0x0A, 0x11


def filetime(rfc3339):
    """'2024-05-01T10:02:03.123Z' -> 100 ns intervals since 1601-01-01 UTC."""
    text = rfc3339.rstrip("Z")
    frac = 0
    if "." in text:
        text, f = text.split(".", 1)
        frac = int((f + "0000000")[:7])
    dt = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    delta = dt - epoch
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + frac


def name_hash(name):
    h = 0
    for c in name:
        h = (h * 65599 + ord(c)) & 0xFFFFFFFF
    return h & 0xFFFF


def utf16(s):
    return s.encode("utf-16-le")


class Xml:
    """Binary XML writer for one record; `base` is the chunk offset of the first byte."""

    def __init__(self, base):
        self.base = base
        self.buf = bytearray()

    def pos(self):
        return self.base + len(self.buf)

    def _name(self):
        # Name reference pointing at the bytes right after it: the name is stored inline.
        return struct.pack("<I", self.pos() + 4)

    def _name_string(self, name):
        return struct.pack("<IHH", 0, name_hash(name), len(name)) + utf16(name) + b"\0\0"

    def element(self, name, attrs=(), content=None):
        """attrs: [(name, ("text", str) | ("sub", index, type))]; content: list of callables
        writing children, or ("text", str) / ("sub", index, type)."""
        start = len(self.buf)
        self.buf += bytes([0x41 if attrs else 0x01]) + struct.pack("<H", 0xFFFF)
        size_at = len(self.buf)
        self.buf += b"\0\0\0\0"
        self.buf += self._name()
        self.buf += self._name_string(name)
        if attrs:
            attr_size_at = len(self.buf)
            self.buf += b"\0\0\0\0"
            attr_start = len(self.buf)
            for i, (aname, value) in enumerate(attrs):
                self.buf += bytes([0x46 if i + 1 < len(attrs) else 0x06])
                self.buf += self._name()
                self.buf += self._name_string(aname)
                self._value(value)
            struct.pack_into("<I", self.buf, attr_size_at, len(self.buf) - attr_start)
        if content is None:
            self.buf += b"\x03"  # close empty element
        else:
            self.buf += b"\x02"  # close start element
            if isinstance(content, tuple):
                self._value(content)
            else:
                for child in content:
                    child(self)
            self.buf += b"\x04"  # end element
        struct.pack_into("<I", self.buf, size_at, len(self.buf) - (start + 7))
        del start

    def _value(self, value):
        if value[0] == "text":
            self.buf += b"\x05" + bytes([T_STRING]) + struct.pack("<H", len(value[1])) + utf16(value[1])
        else:  # optional substitution: index, value type
            self.buf += b"\x0e" + struct.pack("<HB", value[1], value[2])


def encode_value(vtype, v):
    if vtype == T_STRING:
        return utf16(v)
    if vtype == T_UINT8:
        return struct.pack("<B", v)
    if vtype == T_UINT16:
        return struct.pack("<H", v)
    if vtype == T_UINT64:
        return struct.pack("<Q", v)
    if vtype == T_FILETIME:
        return struct.pack("<Q", v)
    raise ValueError(vtype)


def record_binxml(ev, record_id, base, template_id):
    """Fragment header + template instance (inline definition) + substitution values."""
    data = ev.get("data") or {}
    named = isinstance(data, dict)
    data_values = list(data.values()) if named else list(data)
    values = [
        (T_STRING, ev["provider"]),
        (T_UINT16, int(ev["event_id"])),
        (T_UINT8, int(ev.get("level", 4))),
        (T_FILETIME, filetime(ev["time"])),
        (T_UINT64, record_id),
        (T_STRING, ev["channel"]),
        (T_STRING, ev.get("computer", "DESKTOP-TPMREADY")),
    ] + [(T_STRING, str(v)) for v in data_values]

    x = Xml(base)
    x.buf += b"\x0f\x01\x01\x00"  # fragment header, version 1.1
    x.buf += b"\x0c\x01" + struct.pack("<I", template_id)
    x.buf += struct.pack("<I", x.pos() + 4)  # definition follows inline
    x.buf += struct.pack("<I", 0)  # next template definition offset
    x.buf += struct.pack("<I", template_id) + bytes(range(12))  # GUID, first 4 bytes = id
    size_at = len(x.buf)
    x.buf += b"\0\0\0\0"
    body_start = len(x.buf)
    x.buf += b"\x0f\x01\x01\x00"

    def system(w):
        w.element("Provider", [("Name", ("sub", 0, T_STRING))])
        w.element("EventID", (), ("sub", 1, T_UINT16))
        w.element("Level", (), ("sub", 2, T_UINT8))
        w.element("TimeCreated", [("SystemTime", ("sub", 3, T_FILETIME))])
        w.element("EventRecordID", (), ("sub", 4, T_UINT64))
        w.element("Channel", (), ("sub", 5, T_STRING))
        w.element("Computer", (), ("sub", 6, T_STRING))

    def data_elems():
        if not named:
            return [(lambda w, i=i: w.element("Data", (), ("sub", 7 + i, T_STRING))) for i in range(len(data_values))]
        return [
            (lambda w, n=n, i=i: w.element("Data", [("Name", ("text", n))], ("sub", 7 + i, T_STRING)))
            for i, n in enumerate(data.keys())
        ]

    children = [lambda w: w.element("System", (), [system])]
    if data:
        children.append(lambda w: w.element("EventData", (), data_elems()))
    x.element("Event", [("xmlns", ("text", EVENT_XMLNS))], children)
    x.buf += b"\x00"  # end of stream
    struct.pack_into("<I", x.buf, size_at, len(x.buf) - body_start)

    encoded = [encode_value(t, v) for t, v in values]
    x.buf += struct.pack("<I", len(values))
    for (t, _), e in zip(values, encoded):
        x.buf += struct.pack("<HBB", len(e), t, 0)
    for e in encoded:
        x.buf += e
    x.buf += b"\x00"  # end of stream
    return bytes(x.buf)


def event_record(ev, record_id, chunk_offset, template_id):
    binxml = record_binxml(ev, record_id, chunk_offset + 24, template_id)
    size = 24 + len(binxml) + 4
    size += (-size) % 8  # records are 8-byte aligned in files Windows writes
    pad = size - 28 - len(binxml)
    return (b"\x2a\x2a\x00\x00" + struct.pack("<IQQ", size, record_id, filetime(ev["time"]))
            + binxml + b"\0" * pad + struct.pack("<I", size))


def build_chunk(records):
    """records: [(record_id, bytes)] already laid out from offset 512."""
    body = b"".join(r for _, r in records)
    chunk = bytearray(CHUNK_SIZE)
    chunk[CHUNK_HEADER_SIZE:CHUNK_HEADER_SIZE + len(body)] = body
    first, last = records[0][0], records[-1][0]
    last_offset = CHUNK_HEADER_SIZE + len(body) - len(records[-1][1])
    free = CHUNK_HEADER_SIZE + len(body)
    struct.pack_into("<8sQQQQIIII", chunk, 0, b"ElfChnk\0", first, last, first, last, 128,
                     last_offset, free, zlib.crc32(body))
    struct.pack_into("<I", chunk, 120, 0)  # flags
    crc = zlib.crc32(bytes(chunk[0:120]) + bytes(chunk[128:512]))
    struct.pack_into("<I", chunk, 124, crc)
    return bytes(chunk)


def layout_chunks(events):
    chunks, current, offset = [], [], CHUNK_HEADER_SIZE
    for i, ev in enumerate(events):
        rid = int(ev.get("record_id", i + 1))
        rec = event_record(ev, rid, offset, 0x1000 + i)
        if offset + len(rec) > CHUNK_SIZE:
            if not current:
                raise ValueError("event %d does not fit in a chunk" % i)
            chunks.append(build_chunk(current))
            current, offset = [], CHUNK_HEADER_SIZE
            rec = event_record(ev, rid, offset, 0x1000 + i)
        current.append((rid, rec))
        offset += len(rec)
    if current:
        chunks.append(build_chunk(current))
    return chunks


def file_header(num_chunks, next_record_id):
    h = bytearray(FILE_HEADER_SIZE)
    struct.pack_into("<8sQQQIHHHH", h, 0, b"ElfFile\0", 0, max(num_chunks - 1, 0), next_record_id,
                     128, 1, 3, FILE_HEADER_SIZE, num_chunks)
    struct.pack_into("<I", h, 120, 0)  # flags: clean (not dirty, not full)
    struct.pack_into("<I", h, 124, zlib.crc32(bytes(h[0:120])))
    return bytes(h)


def evtx_bytes(events):
    chunks = layout_chunks(events)
    ids = [int(ev.get("record_id", i + 1)) for i, ev in enumerate(events)]
    return file_header(len(chunks), (max(ids) + 1) if ids else 1) + b"".join(chunks)


def write_evtx(events, path):
    with open(path, "wb") as f:
        f.write(evtx_bytes(events))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: make_evtx.py EVENTS.json OUT.evtx\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        events = json.load(f)
    write_evtx(events, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
