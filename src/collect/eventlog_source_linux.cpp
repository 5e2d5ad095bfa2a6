#include "collect/eventlog_source.h"

namespace tpmready::collect {

Result<LoadedLog> load_platform_eventlog() {
  // facts/tcg.md §5.8: the Linux kernel exposes the firmware log in securityfs.
  const std::string path = "/sys/kernel/security/tpm0/binary_bios_measurements";
  auto bytes = read_whole_file(path);
  if (!bytes) return std::move(bytes).error().context("platform event log");
  return LoadedLog{path, "securityfs:" + path, std::move(*bytes)};
}

}  // namespace tpmready::collect
