#pragma once
/// Where measured-boot logs come from: a file, a Windows MeasuredBoot folder (the current boot's
/// log picked by its number), or the running platform (Linux securityfs; Windows TBS, the
/// MeasuredBoot folder or the registry copy).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventlog/input.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::collect {

/// A log to read: a file streamed from disk in chunks (memory stays bounded whatever its size), or
/// bytes already in memory (live platform logs, which the platform bounds).
struct EventLogSource {
  std::string path;    ///< the file (empty for a log that exists only in memory)
  std::string source;  ///< evidence source: "file:<path>", "securityfs:...", "tbs:..."
  Bytes bytes;         ///< the log, when held in memory
  bool streamed = false;  ///< true: read `path` in chunks, `bytes` is unused

  /// A fresh input over the whole log from its first byte (a streamed file is opened again).
  Result<std::unique_ptr<eventlog::EventLogInput>> open() const;
};

/// A MeasuredBoot file name "<10-digit boot>-<10-digit resume>.log" (facts/windows.md §10).
struct MeasuredBootName {
  std::uint64_t boot = 0;
  std::uint64_t resume = 0;
};
std::optional<MeasuredBootName> parse_measured_boot_name(std::string_view file_name);
/// Picks the current boot's log among file names: the highest boot counter, then the highest
/// resume counter (the newest file equals Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT), facts/windows.md §10).
std::optional<std::string> pick_measured_boot_log(const std::vector<std::string>& file_names);

/// The file to read for `path`: itself, or the current boot's log when it is a MeasuredBoot folder.
Result<std::string> resolve_eventlog_path(const std::string& path);
/// A log file (or a MeasuredBoot folder's current log) to stream: checked to exist, be readable
/// and within kMaxEventLogBytes, not read yet.
Result<EventLogSource> open_eventlog(const std::string& path);
/// The same, read whole into memory (bounded by kMaxEventLogBytes): for platform logs, whose size
/// the platform bounds (the live Windows MeasuredBoot fallback).
Result<EventLogSource> load_eventlog(const std::string& path);

/// The running platform's log, in memory: Linux /sys/kernel/security/tpm0/binary_bios_measurements;
/// Windows Tbsi_Get_TCG_Log_Ex, the MeasuredBoot folder, or the registry WBCL.
Result<EventLogSource> load_platform_eventlog();
}  // namespace tpmready::collect
