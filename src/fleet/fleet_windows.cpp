// The Windows build has no SQLite (Debian ships no MinGW SQLite), so no fleet database: the report
// is made from the files directly (fleet/direct.h), and the database stays with the Linux build.
#include "fleet/fleet.h"

namespace tpmready::fleet {
namespace {
Error unsupported() {
  return make_error(ErrorKind::Unsupported,
                    "the fleet database needs the Linux build; here use: tpmready fleet report FILES...");
}
}  // namespace

Result<IngestSummary> ingest(const IngestOptions&) { return unsupported(); }
Result<FleetReport> build_fleet_report(const std::string&, std::size_t) { return unsupported(); }
Status for_each_root_cause_device(const std::string&, const std::function<void(const RootCauseDevice&)>&) {
  return unsupported();
}

}  // namespace tpmready::fleet
