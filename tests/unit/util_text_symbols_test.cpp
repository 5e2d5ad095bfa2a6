#include <gtest/gtest.h>

#include "util/text_symbols.h"

using namespace tpmready;

TEST(TextSymbols, Utf8AndAsciiSets) {
  EXPECT_EQ(text_symbols(true).arrow, "\u2192");
  EXPECT_EQ(text_symbols(true).dash, "\u2014");
  EXPECT_EQ(text_symbols(true).ellipsis, "\u2026");
  EXPECT_EQ(text_symbols(false).arrow, "->");
  EXPECT_EQ(text_symbols(false).dash, "--");
  EXPECT_EQ(text_symbols(false).ellipsis, "...");
}

TEST(AsciiText, TypographicCharactersSpelledOutOthersQuestionMarks) {
  EXPECT_EQ(ascii_text("a \u2192 b \u2014 c\u2026 \u2013 d"), "a -> b -- c... - d");
  EXPECT_EQ(ascii_text("facts/windows.md \u00A76"), "facts/windows.md section 6");
  EXPECT_EQ(ascii_text("\u201Cquoted\u201D \u2018x\u2019 3\u00D72 \u2264 \u2265 \u2022"), "\"quoted\" 'x' 3x2 <= >= *");
  EXPECT_EQ(ascii_text("B\u00FCro-PC \xF0\x9F\x94\x91"), "B?ro-PC ?");  // one '?' per character
}

TEST(AsciiText, AsciiUnchangedAndIllFormedBytesReplacedOneEach) {
  const std::string plain = "tpmready: not_ready; root=win.eula_accepted\r\n\t\x1b[0m";
  EXPECT_EQ(ascii_text(plain), plain);
  EXPECT_EQ(ascii_text("a\xC3(b\xFF\xFE"), "a?(b??");
  EXPECT_EQ(ascii_text("\xE2\x86"), "??");  // a cut-short arrow
  for (unsigned char c : ascii_text("\u2192\u00E9\xC0\x80")) EXPECT_LT(c, 0x80);
}
