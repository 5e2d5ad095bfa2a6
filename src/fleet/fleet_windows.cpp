// The Windows build has no SQLite (Debian ships no MinGW SQLite): the fleet database lives on
// Linux/macOS, where admins copy the bundles collected on Windows devices.
#include "fleet/fleet.h"

namespace tpmready::fleet {
namespace {
Error unsupported() {
  return make_error(ErrorKind::Unsupported, "fleet runs on Linux/macOS; copy bundles there");
}
}  // namespace

Result<IngestSummary> ingest(const IngestOptions&) { return unsupported(); }
Result<FleetReport> build_fleet_report(const std::string&, std::size_t) { return unsupported(); }
Status for_each_root_cause_device(const std::string&, const std::function<void(const RootCauseDevice&)>&) {
  return unsupported();
}

}  // namespace tpmready::fleet
