#include "fleet/direct.h"

namespace tpmready::fleet {

Result<DirectReport> report_from_inputs(const PipelineOptions& o, std::size_t max_devices) {
  DirectReport out;
  DeviceFolder folder;
  ReportBuilder builder(max_devices);
  PipelineHooks hooks;
  // Records arrive in input order, a batch at a time; only their devices' summaries are kept.
  hooks.on_batch = [&](std::vector<RunRecord>&& records) -> Status {
    for (const auto& r : records) {
      if (folder.add(r)) {
        builder.add_run(r.observed_at, r.verdict);
        ++out.runs;
      } else {
        ++out.duplicates;
      }
    }
    return ok_status();
  };
  TRY(run_pipeline(o, hooks, out.rejected));
  for (const auto& [id, d] : folder.devices()) builder.add_device(d);
  out.report = builder.finish();
  out.devices = folder.take_devices();
  return out;
}

}  // namespace tpmready::fleet
