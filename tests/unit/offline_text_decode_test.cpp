#include <gtest/gtest.h>

#include "util/file.h"

#include "collect/offline/text_decode.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {
Bytes b(std::initializer_list<int> v) {
  Bytes out;
  for (int x : v) out.push_back(static_cast<std::uint8_t>(x));
  return out;
}
}  // namespace

TEST(TextDecode, Utf8PlainSplitsLfAndCrlf) {
  const std::string s = "a: 1\r\nb: 2\nc";
  auto t = decode_text(as_span(s), "x.txt");
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->encoding, TextEncoding::Utf8);
  EXPECT_EQ(t->lines, (std::vector<std::string>{"a: 1", "b: 2", "c"}));
}

TEST(TextDecode, Utf8BomIsStripped) {
  auto t = decode_text(b({0xEF, 0xBB, 0xBF, 'h', 'i', '\r', '\n'}), "x");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->encoding, TextEncoding::Utf8Bom);
  EXPECT_EQ(t->lines, std::vector<std::string>{"hi"});
}

TEST(TextDecode, Utf16LeWithBomAndSurrogatePair) {
  // "é" U+00E9 then U+1F600 as D83D DE00, then CRLF and "x".
  auto t = decode_text(b({0xFF, 0xFE, 0xE9, 0x00, 0x3D, 0xD8, 0x00, 0xDE, '\r', 0, '\n', 0, 'x', 0}), "ps.txt");
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->encoding, TextEncoding::Utf16LeBom);
  ASSERT_EQ(t->lines.size(), 2u);
  EXPECT_EQ(t->lines[0], "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(t->lines[1], "x");
}

TEST(TextDecode, Utf16LeWithoutBomIsDetected) {
  auto t = decode_text(b({'-', 0, 'T', 0, '\n', 0}), "nobom.txt");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->encoding, TextEncoding::Utf16Le);
  EXPECT_EQ(t->lines, std::vector<std::string>{"-T"});
}

TEST(TextDecode, InvalidUtf8NamesFileAndOffset) {
  auto t = decode_text(b({'o', 'k', 0xFF, 'x'}), "bad.txt");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind(), ErrorKind::Parse);
  EXPECT_EQ(t.error().what(), "file bad.txt: @0x2: invalid UTF-8 byte 0xff");
}

TEST(TextDecode, OverlongUtf8Rejected) {
  auto t = decode_text(b({0xC0, 0xAF}), "overlong.txt");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().what(), "file overlong.txt: @0x0: invalid UTF-8 byte 0xc0");
}

TEST(TextDecode, OddUtf16LengthRejected) {
  auto t = decode_text(b({0xFF, 0xFE, 'a', 0, 'b'}), "odd.txt");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().what(), "file odd.txt: @0x4: odd number of bytes in UTF-16LE text");
}

TEST(TextDecode, UnpairedSurrogateRejected) {
  auto t = decode_text(b({0xFF, 0xFE, 0x3D, 0xD8, 'a', 0}), "sur.txt");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().what(), "file sur.txt: @0x2: unpaired high surrogate");
}

TEST(TextDecode, NulInUtf8MeansBinary) {
  auto t = decode_text(b({'a', 'b', 'c', 0}), "bin");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().what().find("@0x3: NUL byte"), std::string::npos);
}

TEST(TextDecode, EmptyInputHasNoLines) {
  auto t = decode_text(ByteSpan{}, "empty.txt");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->lines.empty());
}

TEST(TextDecode, SizeLimitIsEnforcedAndOverridable) {
  const std::string s(100, 'a');
  auto refused = decode_text(as_span(s), "big.txt", 99);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind(), ErrorKind::Limit);
  EXPECT_EQ(refused.error().what(), "file big.txt: 100 bytes exceed the text input limit of 99 bytes");
  EXPECT_TRUE(decode_text(as_span(s), "big.txt", 100).ok());
}

TEST(ReadFile, RefusesOverTheLimitBeforeReading) {
  const std::string path = std::string(TPMREADY_TEST_DATA) + "/offline/win-gcp-wbcl.bin";
  auto small = read_file(path, 1024);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind(), ErrorKind::Limit);
  auto whole = read_file(path, kMaxEventLogBytes);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->size(), 43324u);
  auto missing = read_file(std::string(TPMREADY_TEST_DATA) + "/offline/does-not-exist", kMaxEventLogBytes);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::NotFound);
}

TEST(TextDecode, BaseName) {
  EXPECT_EQ(base_name("C:\\x\\tpmtool.txt"), "tpmtool.txt");
  EXPECT_EQ(base_name("/a/b/c.reg"), "c.reg");
  EXPECT_EQ(base_name("plain"), "plain");
}
