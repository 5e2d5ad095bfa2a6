#pragma once
/// `tpmready fleet`: many devices' bundles, reports and summary lines into one SQLite database,
/// and the root-cause report over it. The database needs SQLite, which the Windows build does not
/// have: there these functions return an Unsupported error (fleet_windows.cpp), and the report is
/// made from the files directly (fleet/direct.h, both builds).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "cert/chain.h"
#include "fleet/input.h"
#include "util/result.h"

namespace tpmready::fleet {

struct IngestOptions {
  std::vector<std::string> inputs;
  std::string db;
  std::string csv_column;  ///< the Intune CSV column of summary lines ("" = found by content)
  Limits limits;
  std::size_t batch_items = 1000;       ///< runs per transaction (and progress granularity)
  std::size_t batch_bytes = 32u << 20;  ///< input bytes held at once (bounds memory)
  unsigned threads = 0;                 ///< parse/evaluate workers; 0 = one per core
  bool progress = false;                ///< progress bar on stderr (the CLI sets it on a TTY)
  const cert::CaStore* anchors = nullptr;
  std::int64_t now = 0;  ///< analysis time for bundles; observed time of runs that carry none
};

struct IngestSummary {
  std::uint64_t ingested = 0;
  std::uint64_t duplicates = 0;
  std::vector<Rejection> rejected;
};

/// Ingests every input; bad inputs are rejected with the reason and ingest goes on. Each batch is
/// one transaction, so a killed ingest leaves whole runs only. Error: the database itself
/// (cannot open, newer schema, write failed).
Result<IngestSummary> ingest(const IngestOptions& o);

struct RootCauseCount {
  std::string id;
  std::string title;  ///< the problem (the rule's failure title)
  std::string fix, fix_action;
  std::int64_t devices = 0;
  std::string requirement;  ///< the requirement it fails (the rule's title)
};

/// A requirement the devices' evidence could not show (report `.caveats`): devices are counted
/// ready with it, and this says how many and how to check it on them.
struct CaveatCount {
  std::string id, title, why, check;
  std::int64_t devices = 0;
};

struct Breakdown {
  std::string manufacturer, model, tpm_vendor, tpm_firmware;
  std::int64_t devices = 0, ready = 0, not_ready = 0, undetermined = 0;
  std::string top_root_cause;  ///< most frequent root cause in the group ("" when none)
};

struct TrendPoint {
  std::string date;  ///< "2026-11-26" (UTC day of the runs' observed time)
  std::int64_t runs = 0, ready = 0, not_ready = 0, undetermined = 0;
};

struct DeviceRow {
  std::string id, serial, manufacturer, model, tpm_vendor, tpm_firmware, verdict, root_causes;
  std::int64_t observed_at = 0;
  std::int64_t runs = 0;
  std::string caveats;  ///< rule IDs of the current run's caveats, comma-separated
};

struct FleetReport {
  std::int64_t devices = 0;  ///< devices with a current run
  std::int64_t runs = 0;     ///< all runs kept (history)
  std::map<std::string, std::int64_t> verdicts;  ///< ready / not_ready / undetermined, always all three
  std::vector<RootCauseCount> root_causes;        ///< by device count, descending
  std::int64_t ready_with_caveats = 0;           ///< ready devices whose evidence left caveats
  std::vector<CaveatCount> caveats;              ///< over current runs, by device count, descending
  std::vector<Breakdown> breakdown;               ///< by device count, descending
  std::vector<TrendPoint> trends;                 ///< by date
  std::vector<DeviceRow> device_list;             ///< current devices, not-ready first, ≤ the limit
  bool device_list_truncated = false;
};

/// Aggregates the current run of every device (in SQL); lists at most `max_devices` devices.
Result<FleetReport> build_fleet_report(const std::string& db, std::size_t max_devices);

/// One row per (root cause, device) over current runs, ordered by root cause rank then device:
/// the list for the team applying each fix. Streams (memory does not grow with the fleet).
struct RootCauseDevice {
  std::string root_cause, fix, device_id, serial, manufacturer, model, tpm_vendor, tpm_firmware;
  std::int64_t observed_at = 0;
};
Status for_each_root_cause_device(const std::string& db, const std::function<void(const RootCauseDevice&)>& fn);

}  // namespace tpmready::fleet
