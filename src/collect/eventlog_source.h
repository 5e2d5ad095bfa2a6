#pragma once
/// Where measured-boot logs come from: a file, a Windows MeasuredBoot folder (the current boot's
/// log picked by its number), or the running platform (Linux securityfs; Windows TBS later).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::collect {

struct LoadedLog {
  std::string path;    ///< the file actually read
  std::string source;  ///< evidence source: "file:<path>"
  Bytes bytes;
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

/// Reads a log file, or the current boot's log when `path` is a MeasuredBoot folder.
Result<LoadedLog> load_eventlog(const std::string& path);

/// The running platform's log: Linux /sys/kernel/security/tpm0/binary_bios_measurements;
/// Windows: not yet (Tbsi_Get_TCG_Log seam, eventlog_source_windows.cpp).
Result<LoadedLog> load_platform_eventlog();


}  // namespace tpmready::collect
