// The `eventlog` JSON view parses as JSON and follows its contract on every corpus log.
#include <gtest/gtest.h>

#include "util/file.h"

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "collect/eventlog_source.h"
#include "eventlog/analysis.h"
#include "collect/eventlog_collect.h"
#include "report/eventlog_view.h"

using namespace tpmready;
using namespace tpmready::eventlog;

namespace {

nlohmann::json render_json(ByteSpan bytes, const PcrValues* actual) {
  std::string out;
  auto header = EventLogReader::open(bytes);
  EXPECT_TRUE(header.ok());
  {
    report::EventLogJsonRenderer json([&out](std::string_view chunk) { out.append(chunk); });
    json.begin(header->format(), header->spec_id(), "file:test");
    auto p = process_log(bytes, [&](const Event& e) { json.event(e); });
    EXPECT_TRUE(p.ok());
    std::optional<ReplayReport> report;
    if (actual) report = compare_replay(p->replay, *actual, p->summary.issue);
    const auto evidence = collect::eventlog_evidence(*p, "file:test", report);
    json.end(report::EventLogRenderInput{&*p, "file:test", actual, report ? &*report : nullptr, true, &evidence});
  }
  return nlohmann::json::parse(out);  // throws (fails the test) on invalid JSON
}

}  // namespace

TEST(EventLogRender, JsonFollowsContractOnEveryCorpusLog) {
  std::size_t logs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TPMREADY_TEST_DATA) + "/eventlog")) {
    auto name = entry.path().filename().string();
    auto ext = entry.path().extension();
    if (ext == ".yaml" || ext == ".json" || ext == ".md" || name.find("-bogus") != std::string::npos ||
        name.find("-empty") != std::string::npos) {
      continue;
    }
    SCOPED_TRACE(name);
    auto bytes = read_file(entry.path().string(), kMaxEventLogBytes);
    ASSERT_TRUE(bytes.ok());
    auto j = render_json(*bytes, nullptr);
    EXPECT_TRUE(j["format"] == "sha1" || j["format"] == "crypto_agile");
    ASSERT_TRUE(j["events"].is_array());
    for (const auto& e : j["events"]) {
      ASSERT_TRUE(e["index"].is_number() && e["pcr"].is_number() && e["type"].is_string());
      for (const auto& [bank, hex] : e["digests"].items()) {
        EXPECT_TRUE(hex.get<std::string>().find_first_not_of("0123456789abcdef") == std::string::npos) << bank;
      }
    }
    EXPECT_TRUE(j["replay"].is_object());
    EXPECT_TRUE(j["replay_matches"].is_null());
    EXPECT_TRUE(j["errors"].is_array());
    ++logs;
  }
  EXPECT_EQ(logs, 26u);  // 24 corpus logs and the two Windows shapes derived from one (MANIFEST.md)
}

TEST(EventLogRender, JsonCarriesErrorsAndMismatches) {
  // One SHA-1 event on PCR 7, then 40 bytes of text: the second "event" has PCRIndex "this".
  Bytes log(4, 0);
  log[0] = 7;
  const Bytes tail = {4, 0, 0, 0};  // EV_SEPARATOR
  log.insert(log.end(), tail.begin(), tail.end());
  log.insert(log.end(), 20, 0xab);
  const Bytes size = {4, 0, 0, 0, 0, 0, 0, 0};
  log.insert(log.end(), size.begin(), size.end());
  const std::string garbage = "this is not an event, \"quoted\"\n and more";
  log.insert(log.end(), garbage.begin(), garbage.end());
  PcrValues tpm;
  tpm["sha1"][7] = Bytes(20, 0);
  auto j = render_json(log, &tpm);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["offset"], 36);
  EXPECT_EQ(j["errors"][0]["event_index"], 1);
  EXPECT_EQ(j["replay_matches"], false);
  EXPECT_EQ(j["mismatched_pcrs"], nlohmann::json::array({7}));
  ASSERT_FALSE(j["suspects"].empty());
  EXPECT_EQ(j["suspects"][0]["event_index"], 1);
  EXPECT_EQ(j["evidence"]["parses"]["value"], false);
}

TEST(EventLogRender, JsonStringsAreValidUtf8AndTextShowsControlCharactersEscaped) {
  // Event strings are the firmware's: a cut UTF-8 character or an ESC must not break either output.
  EXPECT_EQ(report::json_quote("boot\xFF\x1b"), "\"boot\xEF\xBF\xBD\\u001b\"");
  EXPECT_EQ(nlohmann::json::parse(report::json_quote("a\xE2\x82")), "a\xEF\xBF\xBD");
  std::string out;
  {
    report::EventLogTextRenderer text([&out](std::string_view chunk) { out.append(chunk); }, {});
    text.begin(LogFormat::CryptoAgile, std::nullopt, "file:x\x1b[2J\xFF.log");
  }
  EXPECT_NE(out.find("event log: file:x\\x1b[2J\xEF\xBF\xBD.log\n"), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
}

TEST(EventLogRender, PcrMinusOneIsPrintedAsMinusOne) {
  auto bytes = read_file(std::string(TPMREADY_TEST_DATA) + "/eventlog/wbcl-sha1-pcr-minus-1.bin", kMaxEventLogBytes);
  ASSERT_TRUE(bytes.ok());
  auto j = render_json(*bytes, nullptr);
  EXPECT_EQ(j["events"][1]["pcr"], -1);
  EXPECT_EQ(j["events"][1]["type"], "EV_NO_ACTION");
  EXPECT_EQ(pcr_text(kPcrMinusOne), "-1");
  EXPECT_EQ(pcr_text(7), "7");
}
