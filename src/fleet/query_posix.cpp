// fleet report --db: each device's current run and every run are streamed out of SQLite into the
// shared aggregation (fleet/aggregate.h), the same one the direct report from files uses; memory
// holds the aggregates and the listed devices, not the fleet.
#include <unistd.h>

#include <algorithm>

#include "fleet/aggregate.h"
#include "fleet/db_posix.h"
#include "fleet/fleet.h"

namespace tpmready::fleet {
namespace {

Result<Db> open_existing(const std::string& path) {
  if (access(path.c_str(), F_OK) != 0)
    return make_error(ErrorKind::NotFound, "no fleet database " + path + " (run tpmready fleet ingest first)");
  return Db::open(path, false);
}

Status each_row(Stmt& s, const std::function<void(const Stmt&)>& fn) {
  while (TRY(s.step())) fn(s);
  s.reset();
  return ok_status();
}

/// Splits SQLite's group_concat(x, ',') (NULL reads as "") into its items.
std::vector<std::string> split_ids(const std::string& joined) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < joined.size();) {
    std::size_t end = joined.find(',', at);
    if (end == std::string::npos) end = joined.size();
    if (end > at) out.push_back(joined.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

/// Every device with its current run, one at a time: the rows of a device (one per root cause of
/// its current run) are consecutive, ordered by rule; the run's caveats (rule IDs, comma-free)
/// come with each row. Devices come in the order they were first stored, which is nearly their
/// runs' order, so the joined pages are read almost in sequence (by device ID they were read all
/// over the file); the report builder does not depend on the order.
Status each_device(Db& db, const std::function<void(const DeviceCurrent&)>& fn) {
  auto s = TRY(db.prepare(
      "SELECT d.id, d.serial, d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware, r.verdict, d.current_at, d.runs, "
      "f.rule_id, (SELECT group_concat(c.rule_id, ',') FROM caveats c WHERE c.run_id = d.current_run) "
      "FROM devices d JOIN runs r ON r.id = d.current_run "
      "LEFT JOIN findings f ON f.run_id = d.current_run AND f.root = 1 ORDER BY d.rowid, f.rule_id"));
  DeviceCurrent current;
  bool any = false;
  TRY(each_row(s, [&](const Stmt& r) {
    std::string id = r.text_at(0);
    if (!any || id != current.id) {
      if (any) fn(current);
      any = true;
      current = {std::move(id), r.text_at(1), r.text_at(2), r.text_at(3), r.text_at(4), r.text_at(5), r.text_at(6),
                 {},          r.int_at(7),  r.int_at(8)};
      current.caveats = split_ids(r.text_at(10));
      std::sort(current.caveats.begin(), current.caveats.end());
    }
    std::string rule = r.text_at(9);
    if (!rule.empty()) current.root_causes.push_back(std::move(rule));
  }));
  if (any) fn(current);
  return ok_status();
}

}  // namespace

Result<FleetReport> build_fleet_report(const std::string& path, std::size_t max_devices) {
  auto db = TRY(open_existing(path));
  ReportBuilder builder(max_devices);
  TRY(db.exec("BEGIN"));  // one snapshot for every query
  TRY(each_device(db, [&](const DeviceCurrent& d) { builder.add_device(d); }));
  auto runs = TRY(db.prepare("SELECT observed_at, verdict FROM runs"));
  TRY(each_row(runs, [&](const Stmt& r) { builder.add_run(r.int_at(0), r.text_at(1)); }));
  TRY(db.exec("COMMIT"));
  return builder.finish();
}

Status for_each_root_cause_device(const std::string& path, const std::function<void(const RootCauseDevice&)>& fn) {
  auto db = TRY(open_existing(path));
  TRY(db.exec("BEGIN"));
  std::map<std::string, std::int64_t> counts;
  auto c = TRY(db.prepare(
      "SELECT f.rule_id, count(*) FROM devices d JOIN findings f ON f.run_id = d.current_run AND f.root = 1 GROUP BY 1"));
  TRY(each_row(c, [&](const Stmt& r) { counts[r.text_at(0)] = r.int_at(1); }));
  // Streamed per root cause (memory does not grow with the fleet), in the report's ranking.
  auto s = TRY(db.prepare(
      "SELECT d.id, d.serial, d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware, d.current_at "
      "FROM devices d JOIN findings f ON f.run_id = d.current_run AND f.root = 1 AND f.rule_id = ?1 ORDER BY d.id"));
  for (const auto& rc : rank_root_causes(counts)) {
    s.bind_text(1, rc.id);
    TRY(each_row(s, [&](const Stmt& r) {
      fn({rc.id, rc.fix, r.text_at(0), r.text_at(1), r.text_at(2), r.text_at(3), r.text_at(4), r.text_at(5), r.int_at(6)});
    }));
  }
  return db.exec("COMMIT");
}

}  // namespace tpmready::fleet
