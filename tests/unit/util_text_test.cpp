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
  EXPECT_EQ(wrap_text("", 9, "> ", "  "), ">\n");  // no trailing space after a label with nothing
  // A word longer than the width gets a line of its own, unbroken.
  EXPECT_EQ(wrap_text("see https://example.invalid/long/path now", 12, "", ""),
            "see\nhttps://example.invalid/long/path\nnow\n");
  EXPECT_EQ(wrap_text(std::string(50, 'x') + " " + std::string(30, 'y') + " z", 60, "  M: ", "     "),
            "  M: " + std::string(50, 'x') + "\n     " + std::string(30, 'y') + " z\n");
}

TEST(Text, WrapIndentsContinuationLinesUnderTheLabel) {
  const std::string out = wrap_text("The value is written only by a successful run of the task.", 30, "  Fix:    ", "          ");
  EXPECT_EQ(out,
            "  Fix:    The value is written\n"
            "          only by a successful\n"
            "          run of the task.\n");
  for (const auto& line : {"  Fix:    The value is written", "          only by a successful"})
    EXPECT_LE(display_columns(line), 30u);
}

TEST(Text, WrapNeverBreaksCodesUrlsOrPaths) {
  // Each token stays whole; an over-long one gets a line of its own, and the next word starts a new line.
  const std::string url = "https://IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net/templates/Aik/scep";
  const std::string out = wrap_text("failed with 0x81039001 at " + url + " then C:\\Windows\\Logs\\MeasuredBoot", 45,
                                    "  Why:    ", "          ");
  EXPECT_EQ(out, "  Why:    failed with 0x81039001 at\n          " + url +
                     "\n          then C:\\Windows\\Logs\\MeasuredBoot\n");
  EXPECT_NE(out.find("0x81039001"), std::string::npos);
}

TEST(Text, WrapWordsKeepsAWordWithSpacesWhole) {
  // A path with a space in it is one word: it moves to the next line rather than breaking.
  EXPECT_EQ(wrap_words({"read", "file:C:\\Users\\Jo Doe\\tpm.reg", "(reg_export)"}, 30, "  ", "      "),
            "  read\n      file:C:\\Users\\Jo Doe\\tpm.reg\n      (reg_export)\n");
}

TEST(Text, WrapKeepsLineBreaksAndCountsCodePointsNotBytes) {
  EXPECT_EQ(wrap_text("one\ntwo three", 9, "- ", "  "), "- one\n  two\n  three\n");
  // "→" is three bytes but one column: "a → b c" is 7 columns and fits in 7.
  EXPECT_EQ(wrap_text("a \u2192 b c", 7, "", ""), "a \u2192 b c\n");
  // In ASCII the arrow becomes "->" (two columns): the same text no longer fits.
  EXPECT_EQ(wrap_text("a \u2192 b c", 7, "", "", true), "a \u2192 b\nc\n");
}

TEST(Text, DisplayColumnsSkipColourEscapes) {
  EXPECT_EQ(display_columns("\x1b[1;31mNOT READY\x1b[0m"), 9u);
  EXPECT_EQ(display_columns("caf\xC3\xA9"), 4u);
  EXPECT_EQ(display_columns("\xC2\xA7 6", true), 10u);  // "section 6"
  EXPECT_EQ(display_columns("bad \xFF"), 5u);
}
