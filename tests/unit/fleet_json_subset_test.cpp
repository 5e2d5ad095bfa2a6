// The fleet's fast JSON subset parser (src/fleet/json_subset.h) against nlohmann, the oracle:
// real bundles, every edge of the subset, what it must leave to nlohmann, and random documents.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "fleet/json_subset.h"

namespace tpmready::fleet {
namespace {

using json = nlohmann::json;

void expect_same_as_nlohmann(std::string_view text) {
  auto fast = parse_json_subset(text);
  ASSERT_TRUE(fast.has_value()) << text;
  auto ref = json::parse(text.data(), text.data() + text.size());
  EXPECT_TRUE(identical_json(*fast, ref)) << text;
}

TEST(FleetJsonSubset, RealBundlesCompactAndPrettyEqualNlohmann) {
  for (const char* name : {"healthy-rsa2048.bundle.json", "no-ekcert.bundle.json"}) {
    std::ifstream in(std::filesystem::path(TPMREADY_TEST_DATA) / "fleet" / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    expect_same_as_nlohmann(ss.str());
    auto doc = json::parse(ss.str());
    expect_same_as_nlohmann(doc.dump());
    expect_same_as_nlohmann(doc.dump(2));
  }
}

TEST(FleetJsonSubset, EdgesOfTheSubsetEqualNlohmann) {
  for (std::string_view t : {"0", "-0", "18446744073709551615", "-9223372036854775808", "9223372036854775808", "true",
                             "false", "null", "\"\"", " {} ", "[]", "[[[]]]", "{\"\":{}}", R"("\"\\\/\b\f\n\r\t")",
                             "\"\x7f\"", "{\"a\" : [ 1 , -2 , \"x\" , null ] }\n", "[-1,0,1]"}) {
    expect_same_as_nlohmann(t);
  }
  // Number kinds: non-negative integers are unsigned, negative ones signed, as nlohmann makes them.
  EXPECT_TRUE(parse_json_subset("5")->is_number_unsigned());
  EXPECT_TRUE(parse_json_subset("-5")->is_number_integer() && !parse_json_subset("-5")->is_number_unsigned());
  EXPECT_FALSE(identical_json(json(5u), json(5)));  // the check sees number kinds
}

TEST(FleetJsonSubset, LeavesEverythingElseToNlohmann) {
  std::string deep(300, '[');
  deep += std::string(300, ']');
  for (std::string_view t : std::initializer_list<std::string_view>{"\"\\u00e9\"", "\"\xc3\xa9\"", "1.5", "1e3", "2E-1", "18446744073709551616",
                             "-9223372036854775809", "{\"a\":1,\"a\":2}", std::string_view(deep), "", "{", "[1,]",
                             "01", "-", "tru", "\"\x01\"", "1 2", "{\"a\"}", "{1:2}", "\"abc", "[1 2]", "\"\\x\"",
                             "nul", "{\"a\":1,}"}) {
    EXPECT_FALSE(parse_json_subset(t).has_value()) << t;
  }
}

TEST(FleetJsonSubset, RandomDocumentsAcceptedOnlyAsNlohmannParsesThem) {
  std::mt19937 rng(8);
  const std::string alphabet = "{}[]\",:-0123456789 \\ntrufalse.eE\x01\x80";
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string doc(rng() % 12, ' ');
    for (auto& c : doc) c = alphabet[rng() % alphabet.size()];
    auto fast = parse_json_subset(doc);
    if (!fast) continue;
    ++accepted;
    json ref;
    ASSERT_NO_THROW(ref = json::parse(doc)) << doc;
    ASSERT_TRUE(identical_json(*fast, ref)) << doc;
  }
  EXPECT_GT(accepted, 1000);  // the generator does reach the accepting paths
}

}  // namespace
}  // namespace tpmready::fleet
