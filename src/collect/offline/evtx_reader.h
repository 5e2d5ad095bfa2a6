#pragma once
/// Windows XML Event Log (.evtx) files → WindowsEvent records: what Windows tried (Autopilot,
/// TPM, AIK enrolment channels), for the timeline and the fault side.
///
/// Linux: libyal's libevtx reads the bytes from memory (evtx_reader_linux.cpp); Windows: the
/// Event Log API (EvtQuery on a file path, evtx_reader_windows.cpp), which cannot read bytes that
/// are not a file on disk (archive members) — that case is an Unsupported error there.
/// Both back ends render each record as event XML and share event_from_xml(), so the fields mean
/// the same whichever API read them.
///
/// Only the channels that matter for attestation are kept (is_attestation_channel); other records
/// are counted. Damaged chunks: libevtx skips what it cannot read and recovers what it can; each
/// skipped record is reported in `issues`, the rest kept.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/events_evidence.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::offline {

struct EvtxLimits {
  std::size_t max_records = 200000;         ///< records looked at (kept or not); beyond: issue, stop
  std::size_t max_kept = 20000;             ///< records kept
  std::size_t max_xml_bytes = 256 * 1024;   ///< one record's rendered XML; larger: record skipped
  std::size_t max_value_bytes = 8 * 1024;   ///< one Data value / message; longer values are cut
  std::size_t max_data_items = 128;         ///< Data elements per record
  std::size_t max_issues = 50;              ///< issues listed; then one "and N more"
};

struct EvtxReadResult {
  std::vector<WindowsEvent> events;  ///< attestation channels only, file order
  std::size_t records = 0;           ///< records in the file (including recovered ones)
  std::size_t recovered = 0;         ///< records libevtx recovered from damaged/free space
  std::size_t other_channel = 0;     ///< records read but not kept (channel not relevant)
  std::size_t skipped = 0;           ///< records that could not be read
  bool corrupted = false;            ///< the reader flagged the file as damaged
  bool truncated = false;            ///< a limit stopped reading or keeping records
  std::vector<std::string> issues;   ///< "record 12: ...", "file is flagged as corrupted ..."
};

/// "ElfFile\0" at offset 0 (libyal EVTX format: file header signature).
bool looks_like_evtx(ByteSpan head);

/// Keeps only events of these channels/providers (facts/windows.md §12.4).
bool is_attestation_channel(std::string_view channel, std::string_view provider);

/// Parses `data` (a whole .evtx file). `input_name` names it in sources ("a.cab:x.evtx") and
/// errors. Error when the file header itself is unreadable; damaged chunks are issues.
Result<EvtxReadResult> read_evtx(ByteSpan data, const std::string& input_name, const EvtxLimits& limits = {});

/// Windows only: reads an .evtx file on disk with the Event Log API. Elsewhere: reads the file
/// (bounded) and calls read_evtx.
Result<EvtxReadResult> read_evtx_file(const std::string& path, const std::string& input_name,
                                      const EvtxLimits& limits = {});

/// Windows only: the records of this machine's event log `channel` ("Application") that match the
/// XPath filter `xpath`, newest first (EvtQuery on the channel path), read like a file's records;
/// `input_name` names them ("event log:Application#record N"). Elsewhere: an Unsupported error.
Result<EvtxReadResult> read_event_channel(const std::string& channel, const std::string& xpath,
                                          const std::string& input_name, const EvtxLimits& limits = {});

/// One record's event XML (<Event xmlns=...><System>...</System><EventData>...) → WindowsEvent
/// without `source`. Time normalised to RFC 3339 UTC with milliseconds. Error names the problem.
Result<WindowsEvent> event_from_xml(std::string_view xml, const EvtxLimits& limits = {});

/// Adds a record to `out` if its channel is relevant (counts it otherwise); sets `source` to
/// "<input_name>#record N". Shared by both back ends.
void keep_event(WindowsEvent ev, const std::string& input_name, const EvtxLimits& limits, EvtxReadResult& out);
void add_issue(EvtxReadResult& out, const EvtxLimits& limits, std::string issue);

}  // namespace tpmready::offline
