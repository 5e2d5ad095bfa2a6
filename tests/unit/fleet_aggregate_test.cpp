// fleet/aggregate.h: the folding of runs into devices (the database's upsert rules, without the
// database) and the one aggregation both fleet reports use. Every build, Windows included.
#include <gtest/gtest.h>

#include "fleet/aggregate.h"

namespace tpmready::fleet {
namespace {

RunRecord run(const std::string& device, const std::string& hash, std::int64_t at, const std::string& verdict,
              std::vector<FindingRow> findings = {}) {
  RunRecord r;
  r.device_id = device;
  r.content_hash = hash;
  r.observed_at = at;
  r.verdict = verdict;
  r.findings = std::move(findings);
  return r;
}

TEST(FleetFold, NewestRunIsCurrentLaterRunWinsTiesAndAttributesFillUnknowns) {
  DeviceFolder f;
  auto first = run("d1", "h1", 100, "ready");
  first.model = "T14";
  first.serial = "OLD";
  ASSERT_TRUE(f.add(first));
  auto older = run("d1", "h2", 50, "not_ready", {{"ek.cert.present", "fail", true}});
  older.serial = "ANCIENT";
  older.tpm_vendor = "STM";  // unknown so far: filled even from an older run
  ASSERT_TRUE(f.add(older));
  const DeviceCurrent& d = f.devices().at("d1");
  EXPECT_EQ(d.verdict, "ready");
  EXPECT_EQ(d.observed_at, 100);
  EXPECT_EQ(d.serial, "OLD");
  EXPECT_EQ(d.tpm_vendor, "STM");
  EXPECT_EQ(d.runs, 2);
  EXPECT_TRUE(d.root_causes.empty());

  auto tie = run("d1", "h3", 100, "not_ready", {{"win.eula_accepted", "fail", true}, {"a.rule", "warn", false}});
  tie.serial = "NEW";
  ASSERT_TRUE(f.add(tie));
  EXPECT_EQ(f.devices().at("d1").verdict, "not_ready");
  EXPECT_EQ(f.devices().at("d1").serial, "NEW");
  EXPECT_EQ(f.devices().at("d1").model, "T14");  // the newer run did not know it: kept
  EXPECT_EQ(f.devices().at("d1").root_causes, std::vector<std::string>{"win.eula_accepted"});

  EXPECT_FALSE(f.add(run("d1", "h2", 500, "ready")));  // a known content hash: a duplicate
  EXPECT_EQ(f.devices().at("d1").runs, 3);
  EXPECT_EQ(f.devices().at("d1").verdict, "not_ready");
}

TEST(FleetFold, RootCausesAreSortedOnceEachAndTheFirstFindingOfARuleDecides) {
  auto r = run("d", "h", 0, "not_ready",
               {{"z.rule", "fail", true}, {"a.rule", "fail", true}, {"z.rule", "fail", true}, {"m.rule", "warn", false},
                {"m.rule", "fail", true}});
  EXPECT_EQ(run_root_causes(r), (std::vector<std::string>{"a.rule", "z.rule"}));
}

TEST(FleetFold, TheCurrentRunsCaveatsAreTheDevicesAndReadyOnesAreCountedReady) {
  DeviceFolder f;
  auto older = run("d1", "h1", 10, "ready");
  older.caveats = {"clock.sane"};
  ASSERT_TRUE(f.add(older));
  auto newer = run("d1", "h2", 20, "ready");
  newer.caveats = {"eventlog.replay_matches", "ek.cert.matches_ek", "ek.cert.matches_ek"};
  ASSERT_TRUE(f.add(newer));
  auto open = run("d2", "h3", 20, "undetermined");
  open.caveats = {"ek.cert.matches_ek"};
  ASSERT_TRUE(f.add(open));
  EXPECT_EQ(f.devices().at("d1").caveats, (std::vector<std::string>{"ek.cert.matches_ek", "eventlog.replay_matches"}));

  ReportBuilder b(10);
  for (const auto& [id, d] : f.devices()) b.add_device(d);
  auto r = b.finish();
  EXPECT_EQ(r.verdicts["ready"], 1);
  EXPECT_EQ(r.ready_with_caveats, 1);  // d2 has a caveat but is not ready
  ASSERT_EQ(r.caveats.size(), 2u);
  EXPECT_EQ(r.caveats[0].id, "ek.cert.matches_ek");
  EXPECT_EQ(r.caveats[0].devices, 2);
  EXPECT_EQ(r.caveats[0].check, "tpmready ekcert");
  EXPECT_FALSE(r.caveats[0].why.empty());
  EXPECT_EQ(r.caveats[1].id, "eventlog.replay_matches");
  ASSERT_EQ(r.device_list.size(), 2u);
  EXPECT_EQ(r.device_list[1].id, "d1");  // undetermined lists first
  EXPECT_EQ(r.device_list[1].caveats, "ek.cert.matches_ek,eventlog.replay_matches");
}

TEST(FleetAggregate, CountsRanksGroupsAndTruncatesTheDeviceTable) {
  ReportBuilder b(2);
  b.add_device({"c", "", "Dell", "7440", "IFX", "7.2", "ready", {}, 10, 1});
  b.add_device({"b", "", "Dell", "7440", "IFX", "7.2", "not_ready", {"x.rule", "y.rule"}, 10, 1});
  b.add_device({"a", "", "Lenovo", "T14", "STM", "", "undetermined", {"y.rule"}, 10, 2});
  b.add_device({"d", "", "Dell", "7440", "IFX", "7.2", "not_ready", {"y.rule"}, 10, 1});
  b.add_run(0, "ready");
  b.add_run(86399, "not_ready");
  b.add_run(86400, "undetermined");
  const FleetReport r = b.finish();
  EXPECT_EQ(r.devices, 4);
  EXPECT_EQ(r.runs, 3);
  EXPECT_EQ(r.verdicts.at("ready"), 1);
  EXPECT_EQ(r.verdicts.at("not_ready"), 2);
  EXPECT_EQ(r.verdicts.at("undetermined"), 1);
  ASSERT_EQ(r.root_causes.size(), 2u);
  EXPECT_EQ(r.root_causes[0].id, "y.rule");
  EXPECT_EQ(r.root_causes[0].devices, 3);
  ASSERT_EQ(r.breakdown.size(), 2u);
  EXPECT_EQ(r.breakdown[0].manufacturer, "Dell");
  EXPECT_EQ(r.breakdown[0].devices, 3);
  EXPECT_EQ(r.breakdown[0].top_root_cause, "y.rule");
  ASSERT_EQ(r.trends.size(), 2u);
  EXPECT_EQ(r.trends[0].date, "1970-01-01");
  EXPECT_EQ(r.trends[0].runs, 2);
  EXPECT_EQ(r.trends[1].date, "1970-01-02");
  // Not ready first, then undetermined, by ID; two listed of four.
  ASSERT_EQ(r.device_list.size(), 2u);
  EXPECT_EQ(r.device_list[0].id, "b");
  EXPECT_EQ(r.device_list[0].root_causes, "x.rule,y.rule");
  EXPECT_EQ(r.device_list[1].id, "d");
  EXPECT_TRUE(r.device_list_truncated);
}

TEST(FleetAggregate, UtcDaysAreSqliteDates) {
  EXPECT_EQ(utc_day(1764165176), "2025-11-26");
  EXPECT_EQ(utc_day(-1), "1969-12-31");
  EXPECT_EQ(utc_day(-62167219200), "0000-01-01");
  EXPECT_EQ(utc_day(253402300799), "9999-12-31");
  EXPECT_EQ(utc_day(253402300800), "");  // SQLite's date() gives NULL past its range
  EXPECT_EQ(utc_day(INT64_MIN), "");
}

}  // namespace
}  // namespace tpmready::fleet
