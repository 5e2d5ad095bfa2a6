// fleet report: every aggregate is one SQL query over the devices' current runs (history only for
// trends), so memory does not grow with the fleet.
#include <unistd.h>

#include <array>
#include <map>

#include "fleet/db_posix.h"
#include "fleet/fleet.h"
#include "rules/table.h"

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

void describe_rule(RootCauseCount& rc) {
  if (const auto* info = rules::find_rule(rc.id)) {
    rc.title = info->failure_title;
    rc.requirement = info->title;
    rc.fix = std::string(info->fix);
    if (info->fix_action) rc.fix_action = std::string(*info->fix_action);
  }
}

Status totals(Db& db, FleetReport& out) {
  auto s = TRY(db.prepare("SELECT (SELECT count(*) FROM devices), (SELECT count(*) FROM runs)"));
  TRY(each_row(s, [&](const Stmt& r) {
    out.devices = r.int_at(0);
    out.runs = r.int_at(1);
  }));
  out.verdicts = {{"ready", 0}, {"not_ready", 0}, {"undetermined", 0}};
  auto v = TRY(db.prepare("SELECT r.verdict, count(*) FROM devices d JOIN runs r ON r.id = d.current_run GROUP BY 1"));
  return each_row(v, [&](const Stmt& r) { out.verdicts[r.text_at(0)] = r.int_at(1); });
}

Status root_causes(Db& db, FleetReport& out) {
  auto s = TRY(db.prepare(
      "SELECT f.rule_id, count(*) AS n FROM devices d JOIN findings f ON f.run_id = d.current_run AND f.root = 1 "
      "GROUP BY 1 ORDER BY n DESC, 1"));
  return each_row(s, [&](const Stmt& r) {
    RootCauseCount rc;
    rc.id = r.text_at(0);
    rc.devices = r.int_at(1);
    describe_rule(rc);
    out.root_causes.push_back(std::move(rc));
  });
}

Status caveats(Db& db, FleetReport& out) {
  auto s = TRY(db.prepare(
      "SELECT c.rule_id, count(*) AS n FROM devices d JOIN caveats c ON c.run_id = d.current_run "
      "GROUP BY 1 ORDER BY n DESC, 1"));
  TRY(each_row(s, [&](const Stmt& r) {
    CaveatCount c;
    c.id = r.text_at(0);
    c.devices = r.int_at(1);
    if (const auto* info = rules::find_rule(c.id)) {
      c.title = info->title;
      c.why = info->caveat_why;
      c.check = info->verify;
    }
    out.caveats.push_back(std::move(c));
  }));
  auto ready = TRY(db.prepare(
      "SELECT count(*) FROM devices d JOIN runs r ON r.id = d.current_run WHERE r.verdict = 'ready' AND "
      "EXISTS (SELECT 1 FROM caveats c WHERE c.run_id = d.current_run)"));
  return each_row(ready, [&](const Stmt& r) { out.ready_with_caveats = r.int_at(0); });
}

constexpr const char* kGroupKey =
    "coalesce(d.manufacturer, ''), coalesce(d.model, ''), coalesce(d.tpm_vendor, ''), coalesce(d.tpm_firmware, '')";

Status breakdown(Db& db, FleetReport& out) {
  std::string sql = std::string("SELECT ") + kGroupKey +
                    ", count(*) AS n, sum(r.verdict = 'ready'), sum(r.verdict = 'not_ready'), "
                    "sum(r.verdict = 'undetermined') FROM devices d JOIN runs r ON r.id = d.current_run "
                    "GROUP BY 1, 2, 3, 4 ORDER BY n DESC, 1, 2, 3, 4";
  auto s = TRY(db.prepare(sql.c_str()));
  TRY(each_row(s, [&](const Stmt& r) {
    out.breakdown.push_back({r.text_at(0), r.text_at(1), r.text_at(2), r.text_at(3), r.int_at(4), r.int_at(5),
                             r.int_at(6), r.int_at(7), ""});
  }));
  // The most frequent root cause of each group (ties: rule ID order).
  std::string top = std::string("SELECT ") + kGroupKey +
                    ", f.rule_id, count(*) AS n FROM devices d JOIN findings f ON f.run_id = d.current_run AND "
                    "f.root = 1 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, n DESC, 5";
  auto t = TRY(db.prepare(top.c_str()));
  std::map<std::array<std::string, 4>, std::string> tops;
  TRY(each_row(t, [&](const Stmt& r) {
    tops.emplace(std::array<std::string, 4>{r.text_at(0), r.text_at(1), r.text_at(2), r.text_at(3)}, r.text_at(4));
  }));
  for (auto& b : out.breakdown) {
    auto it = tops.find({b.manufacturer, b.model, b.tpm_vendor, b.tpm_firmware});
    if (it != tops.end()) b.top_root_cause = it->second;
  }
  return ok_status();
}

Status trends(Db& db, FleetReport& out) {
  auto s = TRY(db.prepare(
      "SELECT date(observed_at, 'unixepoch') AS day, count(*), sum(verdict = 'ready'), sum(verdict = 'not_ready'), "
      "sum(verdict = 'undetermined') FROM runs GROUP BY day ORDER BY day"));
  return each_row(s, [&](const Stmt& r) {
    out.trends.push_back({r.text_at(0), r.int_at(1), r.int_at(2), r.int_at(3), r.int_at(4)});
  });
}

Status device_list(Db& db, FleetReport& out, std::size_t max_devices) {
  auto s = TRY(db.prepare(
      "SELECT d.id, d.serial, d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware, r.verdict, d.current_at, d.runs, "
      "(SELECT group_concat(rule_id, ',') FROM findings WHERE run_id = d.current_run AND root = 1), "
      "(SELECT group_concat(rule_id, ',') FROM caveats WHERE run_id = d.current_run) "
      "FROM devices d JOIN runs r ON r.id = d.current_run "
      "ORDER BY r.verdict = 'not_ready' DESC, r.verdict = 'undetermined' DESC, d.id LIMIT ?1"));
  s.bind(1, static_cast<std::int64_t>(max_devices) + 1);
  TRY(each_row(s, [&](const Stmt& r) {
    out.device_list.push_back({r.text_at(0), r.text_at(1), r.text_at(2), r.text_at(3), r.text_at(4), r.text_at(5),
                               r.text_at(6), r.text_at(9), r.int_at(7), r.int_at(8), r.text_at(10)});
  }));
  if (out.device_list.size() > max_devices) {
    out.device_list.resize(max_devices);
    out.device_list_truncated = true;
  }
  return ok_status();
}

}  // namespace

Result<FleetReport> build_fleet_report(const std::string& path, std::size_t max_devices) {
  auto db = TRY(open_existing(path));
  FleetReport out;
  TRY(db.exec("BEGIN"));  // one snapshot for every query
  TRY(totals(db, out));
  TRY(root_causes(db, out));
  TRY(caveats(db, out));
  TRY(breakdown(db, out));
  TRY(trends(db, out));
  TRY(device_list(db, out, max_devices));
  TRY(db.exec("COMMIT"));
  return out;
}

Status for_each_root_cause_device(const std::string& path, const std::function<void(const RootCauseDevice&)>& fn) {
  auto db = TRY(open_existing(path));
  TRY(db.exec("BEGIN"));
  FleetReport ranked;
  TRY(root_causes(db, ranked));
  auto s = TRY(db.prepare(
      "SELECT d.id, d.serial, d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware, d.current_at "
      "FROM devices d JOIN findings f ON f.run_id = d.current_run AND f.root = 1 AND f.rule_id = ?1 ORDER BY d.id"));
  for (const auto& rc : ranked.root_causes) {
    s.bind_text(1, rc.id);
    TRY(each_row(s, [&](const Stmt& r) {
      fn({rc.id, rc.fix, r.text_at(0), r.text_at(1), r.text_at(2), r.text_at(3), r.text_at(4), r.text_at(5), r.int_at(6)});
    }));
  }
  return db.exec("COMMIT");
}

}  // namespace tpmready::fleet
