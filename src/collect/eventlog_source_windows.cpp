#include "collect/eventlog_source.h"

namespace tpmready::collect {

Result<LoadedLog> load_platform_eventlog() {
  // Seam for Tbsi_Get_TCG_Log_Ex (facts/windows.md §7, §10); until it lands, point at the
  // MeasuredBoot folder, which holds the same bytes (facts/windows.md §10).
  return make_error(ErrorKind::Unsupported,
                    "live event log on Windows not implemented yet; pass C:\\Windows\\Logs\\MeasuredBoot instead");
}

}  // namespace tpmready::collect
