#pragma once
/// The fleet report's numbers, computed once for both ways of making it: `fleet report --db`
/// streams each device's current run and every run out of SQLite into ReportBuilder, and
/// `fleet report FILES...` folds the runs read from the inputs into devices (DeviceFolder, the
/// same rules as the database's upsert) and hands those to the same ReportBuilder. One
/// aggregation, so the two reports cannot disagree.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "fleet/fleet.h"
#include "fleet/record.h"

namespace tpmready::fleet {

/// A device as the report sees it: its attributes (empty = unknown) and its current run.
struct DeviceCurrent {
  std::string id, serial, manufacturer, model, tpm_vendor, tpm_firmware, verdict;
  std::vector<std::string> root_causes;  ///< rule IDs of the current run, sorted, each once
  std::int64_t observed_at = 0;          ///< of the current run
  std::int64_t runs = 0;                 ///< runs kept for the device
  std::vector<std::string> caveats;      ///< the current run's caveats (rule IDs), sorted, each once
};

/// "2026-11-26": the UTC day of a Unix time, as SQLite's date(t, 'unixepoch') gives it ("" outside
/// the years 0000-9999, where SQLite gives NULL).
std::string utc_day(std::int64_t unix_seconds);

/// Root causes ranked as the report ranks them: by devices, descending, then by rule ID; each
/// with its failure title (the problem), requirement and fix from the rule table.
std::vector<RootCauseCount> rank_root_causes(const std::map<std::string, std::int64_t>& devices_by_rule);

/// Caveats ranked the same way, each with the requirement, why evidence could not show it and
/// the command that checks it on the device, from the rule table.
std::vector<CaveatCount> rank_caveats(const std::map<std::string, std::int64_t>& devices_by_rule);

class ReportBuilder {
 public:
  explicit ReportBuilder(std::size_t max_devices) : max_devices_(max_devices) {}
  /// Each device once, in any order.
  void add_device(const DeviceCurrent& d);
  /// Every run kept (history), in any order: the trends and the run count.
  void add_run(std::int64_t observed_at, std::string_view verdict);
  FleetReport finish();

 private:
  struct Group {
    std::int64_t devices = 0, ready = 0, not_ready = 0, undetermined = 0;
    std::map<std::string, std::int64_t> roots;
  };
  /// The device table's order: not ready first, then undetermined, then the rest; by ID.
  struct ListOrder {
    bool operator()(const DeviceRow& a, const DeviceRow& b) const;
  };
  std::size_t max_devices_;
  std::int64_t devices_ = 0, runs_ = 0;
  std::map<std::string, std::int64_t> verdicts_{{"ready", 0}, {"not_ready", 0}, {"undetermined", 0}};
  std::map<std::string, std::int64_t> roots_;
  std::map<std::string, std::int64_t> caveats_;
  std::int64_t ready_with_caveats_ = 0;  ///< ready devices whose current run has a caveat
  std::map<std::array<std::string, 4>, Group> groups_;
  std::map<std::string, TrendPoint> trends_;
  std::set<DeviceRow, ListOrder> listed_;  ///< at most max_devices + 1 (the one more says "truncated")
};

/// Runs folded into devices in input order as `fleet ingest` stores them: a run whose content
/// hash was seen is a duplicate; a device's current run is its newest by observed time, the later
/// run winning ties; its attributes follow the newer run and unknown ones are filled from older
/// runs. Memory: one DeviceCurrent per device and one hash per run, never the documents.
class DeviceFolder {
 public:
  /// False: a duplicate, nothing changed.
  bool add(const RunRecord& r);
  const std::map<std::string, DeviceCurrent>& devices() const { return devices_; }
  std::map<std::string, DeviceCurrent> take_devices() { return std::move(devices_); }

 private:
  std::unordered_set<std::string> hashes_;
  std::map<std::string, DeviceCurrent> devices_;
};

/// The root causes of a run: its findings marked root, each rule once (the first finding of a rule
/// decides, as the database's key on (run, rule) does), sorted.
std::vector<std::string> run_root_causes(const RunRecord& r);

/// Every (root cause, device) pair, root causes in `ranked` order, devices by ID.
void for_each_root_cause_device(const std::vector<RootCauseCount>& ranked,
                                const std::map<std::string, DeviceCurrent>& devices,
                                const std::function<void(const RootCauseDevice&)>& fn);

}  // namespace tpmready::fleet
