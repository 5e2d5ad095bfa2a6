// Error codes pasted with what surrounds them on screens, in logs and in PowerShell.
#include <gtest/gtest.h>

#include "explain/code_text.h"
#include "explain/error_codes.h"

using tpmready::explain::code_from_pasted;

TEST(ExplainPasted, TheNumberComesOutOfBracketsLabelsAndSentences) {
  for (const char* pasted : {"0x81039001", "(0x81039001)", "0x81039001.", "error 0x81039001", "HRESULT = 0x81039001",
                             "  0x81039001 \t", "Error code: 0x81039001", "[0x81039001],", "\"0x81039001\"",
                             "hr=0x81039001;", "Error - 0x81039001", "(0x81039001).", "error\r\n0x81039001\r\n"}) {
    EXPECT_EQ(code_from_pasted(pasted), "0x81039001") << pasted;
  }
}

TEST(ExplainPasted, NegativeDecimalsKeepTheirSignAlsoAsUnicodeMinus) {
  EXPECT_EQ(code_from_pasted("HRESULT: -2130472959"), "-2130472959");
  EXPECT_EQ(code_from_pasted("(-2130472959)"), "-2130472959");
  EXPECT_EQ(code_from_pasted("\xE2\x88\x92" "2130472959"), "-2130472959");
  auto parsed = tpmready::explain::parse_code(code_from_pasted("error \xE2\x88\x92" "2130472959."));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->value, 0x81039001u);
}

TEST(ExplainPasted, UnprefixedHexAndDecimalPassThrough) {
  EXPECT_EQ(code_from_pasted("Last Result: 267011"), "267011");
  EXPECT_EQ(code_from_pasted("(800705b4)"), "800705b4");
  EXPECT_EQ(code_from_pasted("deadbeef"), "deadbeef");  // letters only, but the only word: maybe hex
  EXPECT_EQ(code_from_pasted("(c000021a)."), "c000021a");
}

TEST(ExplainPasted, AmbiguousTextComesBackTrimmedForTheParserToRefuse) {
  // Two numbers: which one was meant is not ours to guess.
  EXPECT_EQ(code_from_pasted(" 0x81039001 (-2130472959) "), "0x81039001 (-2130472959)");
  EXPECT_EQ(code_from_pasted("0x8103 9001"), "0x8103 9001");
  EXPECT_EQ(code_from_pasted("error deadbeef"), "error deadbeef");  // no digit: no code among labels
  EXPECT_EQ(code_from_pasted("0x81039001/2"), "0x81039001/2");
  EXPECT_EQ(code_from_pasted("   "), "");
  EXPECT_EQ(code_from_pasted("()"), "()");
  for (const char* bad : {"0x8103 9001", "error deadbeef", "()", ""}) {
    auto parsed = tpmready::explain::parse_code(code_from_pasted(bad));
    EXPECT_FALSE(parsed.ok()) << bad;
  }
}
