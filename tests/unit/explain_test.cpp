#include <gtest/gtest.h>

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
