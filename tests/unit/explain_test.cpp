#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "explain/error_codes.h"
#include "rules/table.h"

using namespace tpmready;

TEST(ExplainParse, AcceptsHexWithAndWithoutPrefixAndTheDoubledPrefix) {
  EXPECT_EQ(explain::parse_code("0x81039001")->value, 0x81039001u);
  EXPECT_EQ(explain::parse_code("81039001")->value, 0x81039001u);
  EXPECT_EQ(explain::parse_code("0x0x81039001")->value, 0x81039001u);  // as the red screen printed it (seed 003)
  EXPECT_EQ(explain::parse_code("800705b4")->read_as, "hex");
}

TEST(ExplainParse, SignedDecimalIsTheTwosComplementHresult) {
  // 0x81039001 printed as a signed 32-bit integer (PowerShell style).
  auto p = explain::parse_code("-2130472959");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->value, 0x81039001u);
  EXPECT_EQ(p->read_as, "signed decimal");
  EXPECT_EQ(explain::parse_code("-2126966783")->value, 0x81391001u);
}

TEST(ExplainParse, ShortDigitStringsAreDecimalAsSchtasksPrintsThem) {
  auto p = explain::parse_code("267011");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->value, 0x00041303u);
}

TEST(ExplainParse, RejectsGarbageAndOutOfRange) {
  EXPECT_EQ(explain::parse_code("zz").error().kind(), ErrorKind::Usage);
  EXPECT_FALSE(explain::parse_code("0x1122334455").ok());
  EXPECT_FALSE(explain::parse_code("-99999999999").ok());
  EXPECT_FALSE(explain::parse_code("").ok());
}

TEST(ExplainTable, KnowsTheSeedCodesWithSourcesAndRules) {
  auto table = explain::load_table();
  ASSERT_TRUE(table.ok()) << table.error().what();
  auto info = explain::lookup(*table, 0x81039001);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(*info->name, "E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED");
  EXPECT_NE(std::find(info->root_causes.begin(), info->root_causes.end(), "win.eula_accepted"), info->root_causes.end());
  EXPECT_NE(std::find(info->root_causes.begin(), info->root_causes.end(), "ek.cert.service_compatible"),
            info->root_causes.end());
  for (const auto& row : *table) EXPECT_FALSE(row.source.empty()) << std::hex << row.code;
  EXPECT_FALSE(explain::lookup(*table, 0xDEADBEEF).has_value());
}

TEST(ExplainHresult, DecodesFieldsAndNamesOnlySourcedFacilities) {
  auto f = explain::decode_hresult(0x80284011);
  EXPECT_TRUE(f.failure);
  EXPECT_EQ(f.facility, 0x28u);
  EXPECT_EQ(f.code, 0x4011u);
  ASSERT_TRUE(f.facility_name.has_value());
  EXPECT_FALSE(explain::decode_hresult(0x81039001).facility_name.has_value());
}

TEST(ExplainTable, EveryRootCauseIsARuleOfTheCatalogue) {
  auto table = tpmready::explain::load_table();
  ASSERT_TRUE(table);
  for (const auto& row : *table)
    for (const auto& id : row.root_causes) EXPECT_NE(tpmready::rules::find_rule(id), nullptr) << id;
}

TEST(ExplainTable, EveryRowHasASideKnownSourcesAndRealRules) {
  auto table = explain::table();
  ASSERT_TRUE(table) << table.error().what();
  for (const auto& row : **table) {
    SCOPED_TRACE(row.code);
    EXPECT_FALSE(row.side.empty());
    ASSERT_FALSE(row.sources.empty());
    for (const auto& s : row.sources) EXPECT_NE(explain::find_source(s), nullptr) << s;
    EXPECT_TRUE(row.documented == "microsoft" || row.documented == "windows" || row.documented == "community");
    if (!row.timeline_rule.empty()) {
      EXPECT_NE(rules::find_rule(row.timeline_rule), nullptr) << row.timeline_rule;
    }
    for (const auto& t : row.by_text) {
      EXPECT_NE(rules::find_rule(t.rule), nullptr) << t.rule;
      for (const auto& s : t.sources) EXPECT_NE(explain::find_source(s), nullptr) << s;
    }
    // Every source has a title; a URL, when given, is a web address.
    for (const auto& s : row.sources)
      if (const auto* src = explain::find_source(s)) {
        EXPECT_FALSE(src->title.empty());
        EXPECT_TRUE(src->url.empty() || src->url.rfind("https://", 0) == 0) << src->url;
      }
  }
}

TEST(ExplainTable, AnswersEveryCodeInTheTableAsTypedInEveryForm) {
  auto table = explain::table();
  ASSERT_TRUE(table);
  for (const auto& row : **table) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08X", row.code);
    auto parsed = explain::parse_code(hex);
    ASSERT_TRUE(parsed) << hex;
    auto info = explain::lookup(*explain::load_table(), parsed->value);
    ASSERT_TRUE(info) << hex;
    EXPECT_FALSE(info->meaning.empty()) << hex;
    auto signed_form = explain::parse_code(std::to_string(static_cast<std::int32_t>(row.code)));
    if (row.code & 0x80000000u) {
      ASSERT_TRUE(signed_form && signed_form->value == row.code) << hex;
    }
  }
}

TEST(ExplainTable, TheSecondFactPassCodes) {
  auto info = [](std::uint32_t code) {
    const explain::ErrorCodeInfo* row = explain::find_code(code);
    EXPECT_NE(row, nullptr) << std::hex << code;
    return row ? *row : explain::ErrorCodeInfo{};
  };
  // The OOBE page's 7-minute timer: the side follows the evidence, documented in the row.
  auto timeout = info(0x800705B4);
  EXPECT_EQ(timeout.side, "evidence");
  EXPECT_GE(timeout.side_from.size(), 3u);
  EXPECT_NE(timeout.meaning.find("420000"), std::string::npos);
  // An OS bug with two fixes, device side.
  auto os = info(0x81039023);
  EXPECT_EQ(os.side, "device");
  EXPECT_NE(os.meaning.find("KB5013942"), std::string::npos);
  EXPECT_NE(os.meaning.find("KB5013943"), std::string::npos);
  auto bad_request = info(0x80190190);
  EXPECT_EQ(*bad_request.name, "HTTP_E_STATUS_BAD_REQUEST");
  EXPECT_EQ(bad_request.aliases, std::vector<std::string>{"BG_E_HTTP_ERROR_400"});
  EXPECT_EQ(bad_request.side, "response_text");
  ASSERT_EQ(bad_request.by_text.size(), 3u);
  EXPECT_EQ(bad_request.by_text[0].side, "service");
  auto page = info(0x81039025);
  EXPECT_EQ(*page.name, "E_DIAGNOSTIC_ANALYSIS_FRAMEWORK_GENERIC_ERROR");
  EXPECT_EQ(page.side, "none");
  EXPECT_EQ(*info(0x80180014).name, "MENROLL_E_DEVICENOTSUPPORTED");
  EXPECT_EQ(*info(0x80190194).name, "HTTP_E_STATUS_NOT_FOUND");
  auto keyset = info(0x80090016);
  EXPECT_EQ(keyset.documented, "microsoft");
  EXPECT_NE(keyset.meaning.find("sysprep"), std::string::npos);
  EXPECT_NE(info(0x80070490).meaning.find("3.*.0.*"), std::string::npos);
  EXPECT_EQ(info(0x80072EE7).aliases.front(), "ERROR_WINHTTP_NAME_NOT_RESOLVED (12007)");
  EXPECT_EQ(*info(0x80072EE2).name, "WININET_E_TIMEOUT");
  const std::pair<std::uint32_t, const char*> added[] = {
      {0x80072F8F, "WININET_E_DECODING_FAILED"}, {0x80072EFD, "WININET_E_CANNOT_CONNECT"},
      {0x80072EFE, "WININET_E_CONNECTION_ABORTED"}, {0x80090030, "NTE_DEVICE_NOT_READY"},
      {0x80090031, "NTE_AUTHENTICATION_IGNORED"}, {0x80290407, "TPM_E_PCP_INTERNAL_ERROR"},
      {0x80280036, "TPM_E_NOTFIPS"}, {0x802800A5, "TPM_20_E_BINDING"},
      {0x801C0003, "DSREG_E_DEVICE_AUTHORIZATION_ERROR"}, {0x801C0010, "DSREG_E_DEVICE_AIK_VALIDATION_ERROR"},
      {0x801C0011, "DSREG_E_DEVICE_ATTESTATION_ERROR"}};
  for (const auto& [code, name] : added) EXPECT_EQ(info(code).name.value_or(""), name) << std::hex << code;
  // Windows' OOBE code names these; neither is a TPM error.
  for (std::uint32_t code : {0x8103A000u, 0x81036503u}) EXPECT_EQ(info(code).side, "none") << std::hex << code;
  EXPECT_EQ(*info(0x80280095).name, "TPM_20_E_SIZE");
  EXPECT_EQ(info(0x80280095).side, "unknown");  // the name is known, an Autopilot cause is not
}

TEST(ExplainTable, TheAmdCodeNamesTheKnownIssueRuleWhoseTableHoldsThePredicate) {
  // 0x80070490's version test (AMD fTPM 3.*.0.*) lives in the known-issue table, and the code's row
  // names the rule that reads it first among its usual causes.
  const explain::ErrorCodeInfo* row = explain::find_code(0x80070490);
  ASSERT_NE(row, nullptr);
  ASSERT_FALSE(row->root_causes.empty());
  EXPECT_EQ(row->root_causes.front(), "tpm.firmware_known_issue");
  auto raw = data::file("known_issues.json");
  ASSERT_TRUE(raw);
  const auto table = nlohmann::json::parse(*raw);
  for (const auto& issue : table.at("issues"))
    if (issue["vendor"] == "AMD") {
      EXPECT_EQ(issue["firmware"], nlohmann::json({"3.*.0.*"}));
      EXPECT_EQ(issue["fixed_firmware"], nlohmann::json({"3.*.2.*", "6.*.*.*"}));
      EXPECT_EQ(issue["symptoms"], nlohmann::json({"0x80070490"}));
      return;
    }
  ADD_FAILURE() << "no AMD row in known_issues.json";
}
