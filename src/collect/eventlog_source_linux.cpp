#include "collect/eventlog_source.h"

#include <filesystem>

namespace tpmready::collect {

Result<LoadedLog> load_platform_eventlog() {
  // facts/tcg.md §5.8: the Linux kernel exposes the firmware log in securityfs.
  const std::string path = "/sys/kernel/security/tpm0/binary_bios_measurements";
  std::error_code ec;
  // Absent (no TPM, or firmware without a log) is a fact; unreadable (not root) is an error.
  if (!std::filesystem::exists(path, ec)) {
    return make_error(ErrorKind::NotFound, "no firmware event log at " + path).context("platform event log");
  }
  auto bytes = read_whole_file(path);
  if (!bytes) return std::move(bytes).error().context("platform event log");
  return LoadedLog{path, "securityfs:" + path, std::move(*bytes)};
}

}  // namespace tpmready::collect
