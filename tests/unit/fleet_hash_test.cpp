// The idempotence key (fleet/record.h document_hash): whitespace between tokens does not count,
// whitespace inside strings does. Checked against the obvious byte-at-a-time definition (the
// oracle below) on tricky hand-written documents and on random ones.
#include <gtest/gtest.h>

#include <random>

#include "crypto/crypto.h"
#include "fleet/record.h"
#include "util/bytes.h"

namespace tpmready::fleet {
namespace {

std::string oracle_hash(std::string_view text) {
  std::string out;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    } else if (c == '"') {
      in_string = true;
    }
    out += c;
  }
  return to_hex(*crypto::digest(crypto::HashAlg::Sha256, ByteSpan(reinterpret_cast<const std::uint8_t*>(out.data()), out.size())));
}

TEST(FleetHash, WhitespaceBetweenTokensIgnoredInsideStringsKept) {
  EXPECT_EQ(document_hash("{\"a\": [1, 2],\n \"b\" : \"x y\"}"), document_hash("{\"a\":[1,2],\"b\":\"x y\"}"));
  EXPECT_NE(document_hash("{\"b\":\"x y\"}"), document_hash("{\"b\":\"xy\"}"));
  // Escaped quotes and backslash runs: the string ends only at an unescaped quote.
  for (std::string_view doc : {R"({"a": "q\" x" , "b" : 1})", R"({"a": "\\" , "b" : 1})", R"({"a": "\\\" \\" , "b": 1})",
                               "{\"a\": \"unterminated  ", "\"", "", "  \t\r\n ", R"({"\\\\": " \\\\\\\" "})"}) {
    EXPECT_EQ(document_hash(doc), oracle_hash(doc)) << doc;
  }
}

TEST(FleetHash, RandomDocumentsAgreeWithTheOracle) {
  std::mt19937 rng(8);
  const std::string alphabet = "\"\\ \n\t\r{}[]:,ab0";
  for (int i = 0; i < 20000; ++i) {
    std::string doc(rng() % 40, ' ');
    for (auto& c : doc) c = alphabet[rng() % alphabet.size()];
    ASSERT_EQ(document_hash(doc), oracle_hash(doc)) << doc;
  }
}

}  // namespace
}  // namespace tpmready::fleet
