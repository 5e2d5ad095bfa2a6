// InputRecord: one status enum with one spelling, from the reader to the bundle and the report.
#include <gtest/gtest.h>

#include "evidence/evidence.h"
#include "report/report.h"

using namespace tpmready;

TEST(InputStatus, RoundTripsThroughItsJsonSpelling) {
  for (auto s : {InputStatus::Read, InputStatus::Partial, InputStatus::Unreadable, InputStatus::NotUsed})
    EXPECT_EQ(input_status_from_string(to_string(s)), s) << to_string(s);
  EXPECT_EQ(to_string(InputStatus::Read), "read");
  EXPECT_EQ(to_string(InputStatus::Partial), "partial");
  EXPECT_EQ(to_string(InputStatus::Unreadable), "unreadable");
  EXPECT_EQ(to_string(InputStatus::NotUsed), "not used");  // as schema/report.schema.json spells it
}

TEST(InputStatus, OlderSpellingsLoadAndUnknownOnesDoNot) {
  EXPECT_EQ(input_status_from_string("ignored"), InputStatus::NotUsed);
  EXPECT_EQ(input_status_from_string("deferred"), InputStatus::Read);
  EXPECT_EQ(input_status_from_string("not_used"), std::nullopt);
  EXPECT_EQ(input_status_from_string("Read"), std::nullopt);
  EXPECT_EQ(input_status_from_string(""), std::nullopt);
}

TEST(InputRecord, OlderBundleSayingIgnoredLoadsAsNotUsedAndIsWrittenInTodaysSpelling) {
  const auto old = nlohmann::json::parse(R"({"schema_version": 1, "tool": "tpmready 0.1.0",
      "inputs": [{"name": "file:MANIFEST.md", "kind": "unknown", "status": "ignored", "detail": "content not recognised"},
                 {"name": "file:tpm.reg", "kind": "reg_export", "status": "read", "detail": ""}],
      "windows": {"inputs": [{"path": "tpm.reg", "status": "deferred"}], "certificate_files": ["ek.der"], "notes": []}})");
  auto e = evidence_from_json(old);
  ASSERT_TRUE(e.ok()) << e.error().what();
  ASSERT_EQ(e->inputs.size(), 2u);
  EXPECT_EQ(e->inputs[0], (InputRecord{"file:MANIFEST.md", "unknown", InputStatus::NotUsed, "content not recognised"}));
  EXPECT_EQ(e->inputs[1].status, InputStatus::Read);
  ASSERT_TRUE(e->windows.has_value());  // its old per-file list and parked paths are not carried over
  const nlohmann::json back = *e;
  EXPECT_EQ(back["inputs"][0]["status"], "not used");
  EXPECT_FALSE(back["windows"].contains("inputs"));
  EXPECT_FALSE(back["windows"].contains("certificate_files"));
}

TEST(InputRecord, UnknownStatusIsAnErrorNamingTheInput) {
  auto e = evidence_from_json(nlohmann::json::parse(
      R"({"schema_version": 1, "inputs": [{"name": "file:x", "kind": "tpmtool", "status": "half"}]})"));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().what().find("input \"file:x\": status \"half\" is not read, partial, unreadable or not used"),
            std::string::npos)
      << e.error().what();
}

TEST(InputRecord, ReportReadsAndWritesTheSameRecord) {
  auto j = nlohmann::json::parse(R"({"verdict": "undetermined",
      "inputs": [{"name": "file:a", "kind": "evtx", "status": "ignored", "detail": "x"}]})");
  auto r = report::report_from_json(j);
  ASSERT_TRUE(r.ok()) << r.error().what();
  ASSERT_EQ(r->inputs.size(), 1u);
  EXPECT_EQ(r->inputs[0].status, InputStatus::NotUsed);
  EXPECT_EQ(report::to_json(*r)["inputs"][0]["status"], "not used");
}
