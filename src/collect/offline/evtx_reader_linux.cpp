// .evtx through libyal's libevtx (Debian libevtx-dev), reading from memory via a libbfio memory
// range: archive members are never written to disk.
#define LIBEVTX_HAVE_BFIO
#include <libbfio.h>
#include <libevtx.h>

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
  BfioHandle io;
  libbfio_error_t* berr = nullptr;
  // libbfio takes a non-const pointer but only reads through it (the handle is opened read-only).
  if (libbfio_memory_range_initialize(&io.h, &berr) != 1 ||
      libbfio_memory_range_set(io.h, const_cast<uint8_t*>(data.data()), data.size(), &berr) != 1) {
    if (berr) libbfio_error_free(&berr);
    return make_error(ErrorKind::Internal, "libbfio memory range").context("evtx " + input_name);
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

}  // namespace tpmready::offline
