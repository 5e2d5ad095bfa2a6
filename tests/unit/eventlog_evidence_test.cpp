#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "collect/eventlog_collect.h"
#include "collect/eventlog_source.h"
#include "evidence/eventlog_evidence.h"
#include "util/json_reader.h"

using namespace tpmready;

TEST(EventLogEvidence, JsonRoundTripKeepsEveryFact) {
  EventLogEvidence e;
  e.present = Fact<bool>::known(true, "file:a.log");
  e.parses = Fact<bool>::known(false, "file:a.log");
  e.parse_error = "event[3] @0x1a2: EventSize 9 > remaining 2 bytes";
  e.replay_matches = Fact<bool>::known(false, "file:a.log");
  e.mismatched_pcrs = {4, 7};
  e.format = Fact<std::string>::known("crypto_agile", "file:a.log");
  e.event_count = Fact<std::uint64_t>::known(42, "file:a.log");
  e.secure_boot_enabled = Fact<bool>::known(true, "file:a.log");
  e.boot_counter = Fact<std::uint64_t>::known(17, "file:a.log");
  e.test_signing = Fact<bool>::unknown("the WBCL has no TestSigning event", "file:a.log");
  e.elam_measured = Fact<bool>::known(true, "file:a.log");
  nlohmann::json j = e;
  EXPECT_EQ(j["boot_counter"]["value"], 17);
  EXPECT_EQ(j["test_signing"]["unknown"], "the WBCL has no TestSigning event");
  EXPECT_EQ(j["mismatched_pcrs"], nlohmann::json::array({4, 7}));
  auto back = read_json_as<EventLogEvidence>(nlohmann::json::parse(j.dump()));
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(*back, e);
}

TEST(EventLogEvidence, WithoutALogEveryFactSaysWhyItIsUnknown) {
  // The bundle's contract (schema/evidence.schema.json): a fact without a value has a reason.
  const auto missing = collect::eventlog_evidence_from_path("/nonexistent/tpmready/boot.log", std::nullopt);
  const nlohmann::json j = missing;
  EXPECT_EQ(j["present"]["value"], false);
  std::size_t facts = 0;
  for (const auto& [key, value] : j.items()) {
    if (!value.is_object()) continue;
    ++facts;
    if (key != "present") {
      EXPECT_EQ(value["unknown"], "no log read") << key;
    }
    EXPECT_EQ(value["source"], "file:/nonexistent/tpmready/boot.log") << key;
  }
  EXPECT_GE(facts, 20u);
  // A fact that already says something keeps it.
  EventLogEvidence e;
  e.present = Fact<bool>::known(true, "s");
  e.parses = Fact<bool>::known(false, "s");
  e.replay_matches = Fact<bool>::unknown("no PCR values to compare with", "s");
  unknown_where_unset(e, "the log does not parse", "t");
  EXPECT_EQ(e.parses.value, false);
  EXPECT_EQ(e.replay_matches.unknown_reason, std::optional<std::string>("no PCR values to compare with"));
  EXPECT_EQ(e.format.unknown_reason, std::optional<std::string>("the log does not parse"));
  EXPECT_EQ(e.format.source, "t");
}

TEST(EventLogSource, ParsesMeasuredBootNames) {
  auto n = collect::parse_measured_boot_name("0000000034-0000000020.log");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->boot, 34u);
  EXPECT_EQ(n->resume, 20u);
  EXPECT_FALSE(collect::parse_measured_boot_name("34-20.log").has_value());
  EXPECT_FALSE(collect::parse_measured_boot_name("0000000034-000000002x.log").has_value());
  EXPECT_FALSE(collect::parse_measured_boot_name("0000000034-0000000020.txt").has_value());
}

TEST(EventLogSource, PicksNewestBootThenNewestResume) {
  std::vector<std::string> names{"0000000005-0000000000.log", "0000000059-0000000000.log", "desktop.ini",
                                 "0000000059-0000000002.log", "0000000034-0000000020.log"};
  EXPECT_EQ(collect::pick_measured_boot_log(names), std::optional<std::string>("0000000059-0000000002.log"));
  EXPECT_FALSE(collect::pick_measured_boot_log({"readme.txt"}).has_value());
}

TEST(EventLogSource, LoadsCurrentLogFromMeasuredBootFolder) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("tpmready-mb-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::create_directories(dir);
  std::ofstream(dir / "0000000003-0000000000.log") << "old";
  std::ofstream(dir / "0000000004-0000000000.log") << "new";
  auto log = collect::load_eventlog(dir.string());
  ASSERT_TRUE(log.ok()) << log.error().what();
  EXPECT_EQ(fs::path(log->path).filename(), "0000000004-0000000000.log");
  EXPECT_EQ(std::string(log->bytes.begin(), log->bytes.end()), "new");
  fs::remove_all(dir);
  auto empty = collect::load_eventlog((dir / "missing").string());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind(), ErrorKind::NotFound);
}

TEST(EventLogCollect, MissingPathIsAbsentNotUnknown) {
  auto e = collect::eventlog_evidence_from_path(std::string(TPMREADY_TEST_DATA) + "/eventlog/no-such.log", std::nullopt);
  EXPECT_EQ(e.present.value, std::optional<bool>(false));
  EXPECT_FALSE(e.parses.has_value());
}

TEST(EventLogCollect, UnusableLogIsPresentButDoesNotParse) {
  auto e = collect::eventlog_evidence_from_path(
      std::string(TPMREADY_TEST_DATA) + "/eventlog/kl-binary_bios_measurements-bogus", std::nullopt);
  EXPECT_EQ(e.present.value, std::optional<bool>(true));
  EXPECT_EQ(e.parses.value, std::optional<bool>(false));
  EXPECT_NE(e.parse_error.find("@0x0"), std::string::npos) << e.parse_error;
}

TEST(EventLogCollect, ReplayAgainstOriginPcrsMatches) {
  // go-attestation's windows_gcp_shielded_vm.json PCRs (sha1 PCR 0 and 7 of the recorded TPM).
  PcrValues tpm;
  ASSERT_TRUE(from_hex("51c323de0c0c694f4601cdd02beb58ff13629f74", tpm["sha1"][0]));
  ASSERT_TRUE(from_hex("859a5877266b5c909613468091a73380a5386786", tpm["sha1"][7]));
  auto path = std::string(TPMREADY_TEST_DATA) + "/eventlog/win-gcp-shielded-vm-wbcl.bin";
  auto e = collect::eventlog_evidence_from_path(path, tpm);
  EXPECT_EQ(e.replay_matches.value, std::optional<bool>(true));
  tpm["sha1"][7][0] ^= 1;
  e = collect::eventlog_evidence_from_path(path, tpm);
  EXPECT_EQ(e.replay_matches.value, std::optional<bool>(false));
  EXPECT_EQ(e.mismatched_pcrs, std::vector<unsigned>{7});
  EXPECT_EQ(e.replay_matches.source, "file:" + path);
}
