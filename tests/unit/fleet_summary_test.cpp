// The one-line summary (src/report/summary.h): formatter, parser, and the UTC helpers.
#include <gtest/gtest.h>

#include "report/summary.h"

namespace tpmready::report {
namespace {

TEST(FleetSummary, FormatsEveryField) {
  Summary s;
  s.verdict = rules::Verdict::NotReady;
  s.root_causes = {"win.eula_accepted", "ek.cert.service_compatible"};
  s.fix_actions = {"set_setup_displayed_eula"};
  s.device_id = "3f2a9c";
  s.at = 1764165176;  // 2025-11-26T13:52:56Z
  EXPECT_EQ(format_summary(s),
            "tpmready: not_ready; root=win.eula_accepted,ek.cert.service_compatible; fix=set_setup_displayed_eula; "
            "device=3f2a9c; at=2025-11-26T13:52:56Z");
}

TEST(FleetSummary, CaveatsOfAReadyDeviceRoundTrip) {
  Summary s;
  s.verdict = rules::Verdict::Ready;
  s.caveats = {"ek.cert.matches_ek", "eventlog.replay_matches"};
  s.device_id = "ab";
  EXPECT_EQ(format_summary(s), "tpmready: ready; caveat=ek.cert.matches_ek,eventlog.replay_matches; device=ab");
  auto back = parse_summary(format_summary(s));
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->caveats, s.caveats);
}

TEST(FleetSummary, ReadyOmitsEmptyFields) {
  Summary s;
  s.verdict = rules::Verdict::Ready;
  s.device_id = "ab";
  EXPECT_EQ(format_summary(s), "tpmready: ready; device=ab");
}

TEST(FleetSummary, RoundTrips) {
  Summary s;
  s.verdict = rules::Verdict::Undetermined;
  s.root_causes = {"tpm.present"};
  s.device_id = "00ff";
  s.at = 0;
  auto back = parse_summary(format_summary(s) + "\r\n");
  ASSERT_TRUE(back) << back.error().what();
  EXPECT_EQ(back->verdict, rules::Verdict::Undetermined);
  EXPECT_EQ(back->root_causes, s.root_causes);
  EXPECT_TRUE(back->fix_actions.empty());
  EXPECT_EQ(back->device_id, "00ff");
  EXPECT_EQ(back->at, std::optional<std::int64_t>(0));
}

TEST(FleetSummary, AcceptsAnyOrderAndIgnoresUnknownKeys) {
  auto s = parse_summary("  tpmready: not_ready; future=x; device=d1; root=a.b ");
  ASSERT_TRUE(s) << s.error().what();
  EXPECT_EQ(s->device_id, "d1");
  EXPECT_EQ(s->root_causes, std::vector<std::string>{"a.b"});
  EXPECT_FALSE(s->at);
}

TEST(FleetSummary, BuiltFromAReport) {
  Report r;
  r.verdict = rules::Verdict::NotReady;
  r.root_causes = {{"win.eula_accepted", {"win.eula_accepted"}}, {"tpm.owned", {"tpm.owned"}}};
  rules::Finding eula;
  eula.id = "win.eula_accepted";
  eula.fix.action_id = "set_setup_displayed_eula";
  rules::Finding owned;
  owned.id = "tpm.owned";
  owned.fix.action_id = "run_tpm_maintenance";
  r.findings = {eula, owned};
  r.device = {{"id", "dev1"}};
  auto s = summary_of(r, 86400);
  EXPECT_EQ(format_summary(s),
            "tpmready: not_ready; root=win.eula_accepted,tpm.owned; fix=set_setup_displayed_eula,run_tpm_maintenance; "
            "device=dev1; at=1970-01-02T00:00:00Z");
}

TEST(FleetSummary, RejectsBadLinesNamingTheField) {
  auto no_prefix = parse_summary("ready; device=x");
  ASSERT_FALSE(no_prefix);
  EXPECT_NE(no_prefix.error().what().find("tpmready: "), std::string::npos);

  auto verdict = parse_summary("tpmready: maybe; device=x");
  ASSERT_FALSE(verdict);
  EXPECT_NE(verdict.error().what().find("\"maybe\""), std::string::npos);

  auto no_device = parse_summary("tpmready: ready; root=a");
  ASSERT_FALSE(no_device);
  EXPECT_NE(no_device.error().what().find("device="), std::string::npos);

  auto bad_id = parse_summary("tpmready: not_ready; root=a b; device=x");
  ASSERT_FALSE(bad_id);
  EXPECT_NE(bad_id.error().what().find("column 22"), std::string::npos) << bad_id.error().what();
  EXPECT_NE(bad_id.error().what().find("\"root\""), std::string::npos);

  auto bad_time = parse_summary("tpmready: ready; device=x; at=2025-13-01T00:00:00Z");
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().what().find("\"at\""), std::string::npos);

  auto no_eq = parse_summary("tpmready: ready; device");
  ASSERT_FALSE(no_eq);

  EXPECT_EQ(parse_summary(std::string(kMaxSummaryLength + 1, 'x')).error().kind(), ErrorKind::Limit);
}

TEST(FleetSummary, UtcKnownDates) {
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_utc(4102444799), "2099-12-31T23:59:59Z");
  for (std::int64_t t : {0LL, 951782400LL, 1764165176LL, 4102444799LL}) {
    auto back = parse_utc(format_utc(t));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, t);
  }
  EXPECT_FALSE(parse_utc("2025-11-26 13:52:56Z"));
  EXPECT_FALSE(parse_utc("2025-11-26T13:52:56"));
  EXPECT_FALSE(parse_utc("2025-11-26T25:00:00Z"));
}

}  // namespace
}  // namespace tpmready::report
