#include "collect/eventlog_source.h"
#include "util/file.h"

#include <filesystem>

namespace tpmready::collect {

Result<EventLogSource> load_platform_eventlog() {
  // facts/tcg.md §5.8: the Linux kernel exposes the firmware log in securityfs.
  const std::string path = "/sys/kernel/security/tpm0/binary_bios_measurements";
  std::error_code ec;
  // Absent (no TPM, or firmware without a log) is a fact; unreadable (not root) is an error.
  if (!std::filesystem::exists(path, ec)) {
    return make_error(ErrorKind::NotFound, "no firmware event log at " + path).context("platform event log");
  }
  auto bytes = read_file(path, input_limit(kMaxEventLogBytes));
  if (!bytes) return std::move(bytes).error().context("platform event log");
  return EventLogSource{path, "securityfs:" + path, std::move(*bytes), false};
}

}  // namespace tpmready::collect
