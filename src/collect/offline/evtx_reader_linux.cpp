// .evtx through libyal's libevtx (Debian libevtx-dev), reading from memory through a libbfio
// handle over our bytes: archive members are never written to disk.
#define LIBEVTX_HAVE_BFIO
#include <libbfio.h>
#include <libevtx.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include "collect/offline/evtx_reader.h"
#include "util/file.h"

namespace tpmready::offline {
namespace {

std::string take_error(libevtx_error_t*& error) {
  if (!error) return "unknown libevtx error";
  char buf[512] = {};
  libevtx_error_sprint(error, buf, sizeof buf);
  libevtx_error_free(&error);
  std::string s(buf);
  // libyal error text is "function: message" lines; the last line is the outermost frame.
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

struct BfioHandle {
  libbfio_handle_t* h = nullptr;
  ~BfioHandle() {
    if (h) libbfio_handle_free(&h, nullptr);
  }
};
// The bytes behind a libbfio handle. Not libbfio's own memory range: in Debian's libbfio
// (20170123) a read that starts inside the range and ends past it copies the full request,
// reading past the buffer (found by fuzz_evtx on an 8-byte "ElfFile" input: the 4096-byte header
// read overran it). These callbacks clamp every read to the bytes that exist.
struct MemoryView {
  ByteSpan data;
  std::size_t pos = 0;
  bool open = false;
};

MemoryView& view_of(intptr_t* io) { return *reinterpret_cast<MemoryView*>(io); }

int view_free(intptr_t**, libbfio_error_t**) { return 1; }  // the view is not the handle's to free
int view_clone(intptr_t**, intptr_t*, libbfio_error_t**) { return -1; }  // cloned by reference (flags)
int view_open(intptr_t* io, int, libbfio_error_t**) {
  view_of(io).open = true;
  view_of(io).pos = 0;
  return 1;
}
int view_close(intptr_t* io, libbfio_error_t**) {
  view_of(io).open = false;
  return 0;
}
ssize_t view_read(intptr_t* io, uint8_t* buffer, size_t size, libbfio_error_t**) {
  auto& v = view_of(io);
  if (v.pos >= v.data.size()) return 0;
  const std::size_t n = std::min(size, v.data.size() - v.pos);
  std::memcpy(buffer, v.data.data() + v.pos, n);
  v.pos += n;
  return static_cast<ssize_t>(n);
}
ssize_t view_write(intptr_t*, const uint8_t*, size_t, libbfio_error_t**) { return -1; }  // read-only
off64_t view_seek(intptr_t* io, off64_t offset, int whence, libbfio_error_t**) {
  auto& v = view_of(io);
  off64_t base = 0;
  if (whence == SEEK_CUR) base = static_cast<off64_t>(v.pos);
  else if (whence == SEEK_END) base = static_cast<off64_t>(v.data.size());
  else if (whence != SEEK_SET) return -1;
  if (offset < -base) return -1;  // before the start; past the end is allowed (reads give 0 bytes)
  v.pos = static_cast<std::size_t>(base + offset);
  return static_cast<off64_t>(v.pos);
}
int view_exists(intptr_t*, libbfio_error_t**) { return 1; }
int view_is_open(intptr_t* io, libbfio_error_t**) { return view_of(io).open ? 1 : 0; }
int view_get_size(intptr_t* io, size64_t* size, libbfio_error_t**) {
  *size = view_of(io).data.size();
  return 1;
}

struct EvtxFile {
  libevtx_file_t* f = nullptr;
  bool open = false;
  ~EvtxFile() {
    if (open) libevtx_file_close(f, nullptr);
    if (f) libevtx_file_free(&f, nullptr);
  }
};
struct EvtxRecord {
  libevtx_record_t* r = nullptr;
  ~EvtxRecord() {
    if (r) libevtx_record_free(&r, nullptr);
  }
};

// One record: its XML through event_from_xml.
Result<WindowsEvent> record_event(libevtx_record_t* rec, const EvtxLimits& limits) {
  libevtx_error_t* error = nullptr;
  size_t size = 0;
  if (libevtx_record_get_utf8_xml_string_size(rec, &size, &error) != 1)
    return make_error(ErrorKind::Parse, "no XML: " + take_error(error));
  if (size > limits.max_xml_bytes)
    return make_error(ErrorKind::Limit, "XML of " + std::to_string(size) + " bytes exceeds the limit");
  std::string xml(size, '\0');
  if (libevtx_record_get_utf8_xml_string(rec, reinterpret_cast<uint8_t*>(xml.data()), size, &error) != 1)
    return make_error(ErrorKind::Parse, "XML not renderable: " + take_error(error));
  while (!xml.empty() && xml.back() == '\0') xml.pop_back();
  auto ev = TRY(event_from_xml(xml, limits));
  uint64_t id = 0;
  if (ev.record_id == 0 && libevtx_record_get_identifier(rec, &id, nullptr) == 1) ev.record_id = id;
  return ev;
}

using GetRecord = int (*)(libevtx_file_t*, int, libevtx_record_t**, libevtx_error_t**);

void read_records(libevtx_file_t* file, int count, GetRecord get, bool recovered, const std::string& input_name,
                  const EvtxLimits& limits, EvtxReadResult& out) {
  const char* what = recovered ? "recovered record " : "record ";
  for (int i = 0; i < count; ++i) {
    if (out.records >= limits.max_records) {
      add_issue(out, limits, "more than " + std::to_string(limits.max_records) + " records: the rest not read");
      out.truncated = true;
      return;
    }
    ++out.records;
    EvtxRecord rec;
    libevtx_error_t* error = nullptr;
    if (get(file, i, &rec.r, &error) != 1) {
      ++out.skipped;
      add_issue(out, limits, std::string(what) + "index " + std::to_string(i) + " skipped: " + take_error(error));
      continue;
    }
    auto ev = record_event(rec.r, limits);
    if (!ev) {
      uint64_t id = 0;
      libevtx_record_get_identifier(rec.r, &id, nullptr);
      ++out.skipped;
      add_issue(out, limits, std::string(what) + std::to_string(id) + " skipped: " + ev.error().what());
      continue;
    }
    keep_event(std::move(*ev), input_name, limits, out);
  }
}

}  // namespace

Result<EvtxReadResult> read_evtx(ByteSpan data, const std::string& input_name, const EvtxLimits& limits) {
  auto fail = [&](const std::string& what) {
    return make_error(ErrorKind::Parse, what).context("evtx " + input_name);
  };
  if (!looks_like_evtx(data)) return fail("no \"ElfFile\" signature at offset 0");
  MemoryView view{data};  // outlives `io` (declared first, destroyed last)
  BfioHandle io;
  libbfio_error_t* berr = nullptr;
  if (libbfio_handle_initialize(&io.h, reinterpret_cast<intptr_t*>(&view), view_free, view_clone, view_open,
                                view_close, view_read, view_write, view_seek, view_exists, view_is_open, view_get_size,
                                LIBBFIO_FLAG_IO_HANDLE_NON_MANAGED | LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_REFERENCE,
                                &berr) != 1) {
    if (berr) libbfio_error_free(&berr);
    return make_error(ErrorKind::Internal, "libbfio handle").context("evtx " + input_name);
  }
  EvtxFile file;
  libevtx_error_t* error = nullptr;
  if (libevtx_file_initialize(&file.f, &error) != 1) return fail(take_error(error));
  if (libevtx_file_open_file_io_handle(file.f, io.h, LIBEVTX_OPEN_READ, &error) != 1)
    return fail("unreadable file header: " + take_error(error));
  file.open = true;
  EvtxReadResult out;
  out.corrupted = libevtx_file_is_corrupted(file.f, nullptr) == 1;
  if (out.corrupted)
    add_issue(out, limits, "file is flagged as corrupted (damaged chunk or checksum): unreadable records skipped, "
                           "recovered records kept");
  int count = 0, recovered = 0;
  if (libevtx_file_get_number_of_records(file.f, &count, &error) != 1) return fail(take_error(error));
  read_records(file.f, count, libevtx_file_get_record_by_index, false, input_name, limits, out);
  if (libevtx_file_get_number_of_recovered_records(file.f, &recovered, nullptr) == 1 && recovered > 0) {
    std::size_t before = out.records;
    read_records(file.f, recovered, libevtx_file_get_recovered_record_by_index, true, input_name, limits, out);
    out.recovered = out.records - before;
  }
  return out;
}

Result<EvtxReadResult> read_evtx_file(const std::string& path, const std::string& input_name,
                                      const EvtxLimits& limits) {
  auto bytes = TRY(read_file(path, input_limit(kMaxEvtxBytes)));
  return read_evtx(bytes, input_name, limits);
}

Result<EvtxReadResult> read_event_channel(const std::string& channel, const std::string&, const std::string&,
                                          const EvtxLimits&) {
  return make_error(ErrorKind::Unsupported, "no Windows event log on this system (" + channel + ")");
}

}  // namespace tpmready::offline
