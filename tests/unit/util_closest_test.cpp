// "Did you mean": the distance and which names count as close enough to suggest.
#include <gtest/gtest.h>

#include "util/closest.h"

using namespace tpmready;

TEST(EditDistance, CountsInsertsDeletesReplacementsAndSwapsIgnoringCase) {
  EXPECT_EQ(edit_distance("check", "check"), 0u);
  EXPECT_EQ(edit_distance("Check", "check"), 0u);
  EXPECT_EQ(edit_distance("chek", "check"), 1u);    // a letter left out
  EXPECT_EQ(edit_distance("checkk", "check"), 1u);  // one too many
  EXPECT_EQ(edit_distance("chack", "check"), 1u);   // one wrong
  EXPECT_EQ(edit_distance("chcek", "check"), 1u);   // two swapped
  EXPECT_EQ(edit_distance("", "tpm"), 3u);
  EXPECT_EQ(edit_distance("fix", "fleet"), 4u);
}

TEST(ClosestName, SuggestsTheLikelyTypo) {
  const std::vector<std::string> commands{"check", "analyze", "explain", "fix", "collect", "fleet", "ekcert",
                                          "eventlog", "tpm"};
  EXPECT_EQ(closest_name("chek", commands), "check");
  EXPECT_EQ(closest_name("CHECK", commands), "check");
  EXPECT_EQ(closest_name("anlayze", commands), "analyze");
  EXPECT_EQ(closest_name("tmp", commands), "tpm");
  EXPECT_EQ(closest_name("explian", commands), "explain");
  EXPECT_EQ(closest_name("anal", commands), "analyze");  // the one command it starts
  EXPECT_EQ(closest_name("ev", commands), "eventlog");
}

TEST(ClosestName, SaysNothingWhenNothingIsCloseOrTwoAreEquallyClose) {
  const std::vector<std::string> commands{"check", "analyze", "explain", "fix", "collect", "fleet", "ekcert",
                                          "eventlog", "tpm"};
  EXPECT_EQ(closest_name("install", commands), std::nullopt);
  EXPECT_EQ(closest_name("x", commands), std::nullopt);
  EXPECT_EQ(closest_name("e", commands), std::nullopt);   // too short to start one command only
  EXPECT_EQ(closest_name("fi", commands), "fix");         // ... but "fi" starts one
  EXPECT_EQ(closest_name("c", commands), std::nullopt);
  EXPECT_EQ(closest_name("xx", {"xy", "xz"}), std::nullopt);  // two characters: their case only
  EXPECT_EQ(closest_name("abcd", {"abce", "abcf"}), std::nullopt);  // a tie
  EXPECT_EQ(closest_name("anything", {}), std::nullopt);
}

TEST(ClosestName, OptionNamesWithoutTheirDashes) {
  const std::vector<std::string> options{"format", "output", "o", "ca-store", "no-default-cas", "redact",
                                         "redact-salt-file", "summary", "tpm", "online"};
  EXPECT_EQ(closest_name("formt", options), "format");
  EXPECT_EQ(closest_name("ca-stor", options), "ca-store");
  EXPECT_EQ(closest_name("castore", options), "ca-store");
  EXPECT_EQ(closest_name("redact-salt", options), "redact-salt-file");
  EXPECT_EQ(closest_name("x", options), std::nullopt);  // not "-o"
}
