#pragma once
/// `fleet report FILES...`: the fleet report straight from the inputs `fleet ingest` takes, with no
/// database (so also in the Windows build, which has no SQLite). The inputs are streamed through
/// the ingest pipeline (fleet/pipeline.h) and folded into devices as ingest stores them; the
/// report is made by the same aggregation as `fleet report --db` (fleet/aggregate.h), so the two
/// give identical JSON for the same inputs.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fleet/aggregate.h"
#include "fleet/pipeline.h"

namespace tpmready::fleet {

struct DirectReport {
  FleetReport report;
  std::map<std::string, DeviceCurrent> devices;  ///< every device, for the devices-per-root-cause CSV
  std::vector<Rejection> rejected;
  std::uint64_t runs = 0, duplicates = 0;
};

/// Error only from the pipeline itself (no trust anchors); bad inputs are in `rejected`.
Result<DirectReport> report_from_inputs(const PipelineOptions& o, std::size_t max_devices);

}  // namespace tpmready::fleet
