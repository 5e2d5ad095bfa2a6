// util/text.h: the one trim, ASCII case, case-insensitive search, wrapping and HTML escape every
// layer uses.
#include <gtest/gtest.h>

#include "util/text.h"

using namespace tpmready;

TEST(Text, TrimDropsAsciiWhiteSpaceAtBothEndsOnly) {
  EXPECT_EQ(trim("  \t value  with inner  \r\n"), "value  with inner");
  EXPECT_EQ(trim("\v\fx\f"), "x");
  EXPECT_EQ(trim(" \t\r\n "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // U+00A0 is not ASCII white space: kept
}

TEST(Text, AsciiCaseLeavesOtherBytesAlone) {
  EXPECT_EQ(ascii_lower("HKLM\\SYSTEM\\TaskStates"), "hklm\\system\\taskstates");
  EXPECT_EQ(ascii_upper("b6bae82b0649"), "B6BAE82B0649");
  EXPECT_EQ(ascii_lower("\xC3\x84Z"), "\xC3\x84z");  // UTF-8 bytes unchanged
  EXPECT_TRUE(iequals("EkCertificatePresent", "ekcertificatepresent"));
  EXPECT_FALSE(iequals("abc", "abcd"));
  EXPECT_FALSE(iequals("\xC3\x84", "\xC3\xA4"));  // no Unicode case folding
  EXPECT_TRUE(starts_with_icase("LastTaskResult : 0", "lasttaskresult"));
  EXPECT_FALSE(starts_with_icase("Last", "LastTaskResult"));
}

TEST(Text, HtmlEscapeEscapesAllFiveAndRepairsUtf8) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;");
  EXPECT_EQ(html_escape("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(html_escape("bad \xFF<"), "bad \xEF\xBF\xBD&lt;");
}

TEST(Text, FindIcaseIgnoresAsciiCaseOnly) {
  EXPECT_EQ(find_icase("EncryptSecret failed", "encryptsecret"), 0u);
  EXPECT_EQ(find_icase("x MsaTicketTpmValidationFailed", "MSATICKET"), 2u);
  EXPECT_EQ(find_icase("abc", ""), std::string_view::npos);
  EXPECT_EQ(find_icase("ab", "abc"), std::string_view::npos);
  EXPECT_EQ(find_icase("Ä", "ä"), std::string_view::npos);  // not ASCII: bytes compared as they are
}

TEST(Text, WrapTextBreaksAtSpacesWithinTheWidth) {
  EXPECT_EQ(wrap_text("aaa bbb ccc", 9, "> ", "  "), "> aaa bbb\n  ccc\n");
  EXPECT_EQ(wrap_text("", 9, "> ", "  "), "> \n");
  // A word longer than the width gets a line of its own, unbroken.
  EXPECT_EQ(wrap_text("see https://example.invalid/long/path now", 12, "", ""),
            "see\nhttps://example.invalid/long/path\nnow\n");
  EXPECT_EQ(wrap_text(std::string(50, 'x') + " " + std::string(30, 'y') + " z", 60, "  M: ", "     "),
            "  M: " + std::string(50, 'x') + "\n     " + std::string(30, 'y') + " z\n");
}
