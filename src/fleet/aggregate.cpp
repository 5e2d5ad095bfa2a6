#include "fleet/aggregate.h"

#include <algorithm>
#include <cstdio>

#include "rules/table.h"
#include "util/utc_time.h"

namespace tpmready::fleet {
namespace {

// SQLite's date() and time functions cover 0000-01-01 00:00:00 .. 9999-12-31 23:59:59 (Unix).
constexpr std::int64_t kFirstDay = -62167219200, kLastSecond = 253402300799;

int list_rank(const std::string& verdict) { return verdict == "not_ready" ? 0 : verdict == "undetermined" ? 1 : 2; }

// Floor division: the day of a negative time is the one before 1970 it falls in.
std::int64_t day_of(std::int64_t t) { return t / 86400 - (t % 86400 < 0 ? 1 : 0); }

}  // namespace

std::string utc_day(std::int64_t t) {
  if (t < kFirstDay || t > kLastSecond) return "";
  std::int64_t y;
  unsigned m, d;
  civil_from_days(day_of(t), y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::vector<RootCauseCount> rank_root_causes(const std::map<std::string, std::int64_t>& devices_by_rule) {
  std::vector<RootCauseCount> out;
  for (const auto& [id, n] : devices_by_rule) {
    RootCauseCount rc;
    rc.id = id;
    rc.devices = n;
    if (const auto* info = rules::find_rule(id)) {
      rc.title = info->failure_title;
      rc.requirement = info->title;
      rc.fix = std::string(info->fix);
      if (info->fix_action) rc.fix_action = std::string(*info->fix_action);
    }
    out.push_back(std::move(rc));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.devices > b.devices; });
  return out;  // ties keep the map's order: by rule ID
}

std::vector<CaveatCount> rank_caveats(const std::map<std::string, std::int64_t>& devices_by_rule) {
  std::vector<CaveatCount> out;
  for (const auto& [id, n] : devices_by_rule) {
    CaveatCount c;
    c.id = id;
    c.devices = n;
    if (const auto* info = rules::find_rule(id)) {
      c.title = info->title;
      c.why = info->caveat_why;
      c.check = info->verify;
    }
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.devices > b.devices; });
  return out;
}

bool ReportBuilder::ListOrder::operator()(const DeviceRow& a, const DeviceRow& b) const {
  const int ra = list_rank(a.verdict), rb = list_rank(b.verdict);
  return ra != rb ? ra < rb : a.id < b.id;
}

void ReportBuilder::add_device(const DeviceCurrent& d) {
  ++devices_;
  ++verdicts_[d.verdict];
  Group& g = groups_[{d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware}];
  ++g.devices;
  if (d.verdict == "ready") ++g.ready;
  if (d.verdict == "not_ready") ++g.not_ready;
  if (d.verdict == "undetermined") ++g.undetermined;
  std::string joined;
  for (const auto& rc : d.root_causes) {
    ++roots_[rc];
    ++g.roots[rc];
    joined += (joined.empty() ? "" : ",") + rc;
  }
  std::string caveats;
  for (const auto& c : d.caveats) {
    ++caveats_[c];
    caveats += (caveats.empty() ? "" : ",") + c;
  }
  if (d.verdict == "ready" && !d.caveats.empty()) ++ready_with_caveats_;
  DeviceRow row{d.id, d.serial, d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware, d.verdict, joined,
                d.observed_at, d.runs, caveats};
  if (listed_.size() <= max_devices_ || ListOrder{}(row, *listed_.rbegin())) {
    listed_.insert(std::move(row));
    if (listed_.size() > max_devices_ + 1) listed_.erase(std::prev(listed_.end()));
  }
}

void ReportBuilder::add_run(std::int64_t observed_at, std::string_view verdict) {
  ++runs_;
  std::string day = utc_day(observed_at);
  TrendPoint& p = trends_[day];
  p.date = std::move(day);
  ++p.runs;
  if (verdict == "ready") ++p.ready;
  if (verdict == "not_ready") ++p.not_ready;
  if (verdict == "undetermined") ++p.undetermined;
}

FleetReport ReportBuilder::finish() {
  FleetReport out;
  out.devices = devices_;
  out.runs = runs_;
  out.verdicts = verdicts_;
  out.root_causes = rank_root_causes(roots_);
  out.caveats = rank_caveats(caveats_);
  out.ready_with_caveats = ready_with_caveats_;
  for (auto& [key, g] : groups_) {
    std::string top;
    std::int64_t top_n = 0;
    for (const auto& [id, n] : g.roots)  // by rule ID: the first of the most frequent wins ties
      if (n > top_n) top = id, top_n = n;
    out.breakdown.push_back({key[0], key[1], key[2], key[3], g.devices, g.ready, g.not_ready, g.undetermined, top});
  }
  std::stable_sort(out.breakdown.begin(), out.breakdown.end(),
                   [](const Breakdown& a, const Breakdown& b) { return a.devices > b.devices; });
  for (auto& [day, p] : trends_) out.trends.push_back(std::move(p));
  out.device_list.assign(listed_.begin(), listed_.end());
  if (out.device_list.size() > max_devices_) {
    out.device_list.resize(max_devices_);
    out.device_list_truncated = true;
  }
  return out;
}

std::vector<std::string> run_root_causes(const RunRecord& r) {
  std::vector<std::string> seen, roots;
  for (const auto& f : r.findings) {
    if (std::find(seen.begin(), seen.end(), f.rule_id) != seen.end()) continue;
    seen.push_back(f.rule_id);
    if (f.root) roots.push_back(f.rule_id);
  }
  std::sort(roots.begin(), roots.end());
  return roots;
}

bool DeviceFolder::add(const RunRecord& r) {
  if (!hashes_.insert(r.content_hash).second) return false;
  auto [it, created] = devices_.try_emplace(r.device_id);
  DeviceCurrent& d = it->second;
  const bool newer = created || r.observed_at >= d.observed_at;
  auto attribute = [&](std::string& have, const std::string& run) {
    if (run.empty()) return;
    if (newer || have.empty()) have = run;
  };
  attribute(d.serial, r.serial);
  attribute(d.manufacturer, r.manufacturer);
  attribute(d.model, r.model);
  attribute(d.tpm_vendor, r.tpm_vendor);
  attribute(d.tpm_firmware, r.tpm_firmware);
  if (newer) {
    d.id = r.device_id;
    d.verdict = r.verdict;
    d.root_causes = run_root_causes(r);
    d.caveats = r.caveats;
    std::sort(d.caveats.begin(), d.caveats.end());
    d.caveats.erase(std::unique(d.caveats.begin(), d.caveats.end()), d.caveats.end());
    d.observed_at = r.observed_at;
  }
  ++d.runs;
  return true;
}

void for_each_root_cause_device(const std::vector<RootCauseCount>& ranked,
                                const std::map<std::string, DeviceCurrent>& devices,
                                const std::function<void(const RootCauseDevice&)>& fn) {
  for (const auto& rc : ranked)
    for (const auto& [id, d] : devices)
      if (std::binary_search(d.root_causes.begin(), d.root_causes.end(), rc.id))
        fn({rc.id, rc.fix, id, d.serial, d.manufacturer, d.model, d.tpm_vendor, d.tpm_firmware, d.observed_at});
}

}  // namespace tpmready::fleet
