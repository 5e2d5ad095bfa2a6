#include <gtest/gtest.h>

#include "util/percent.h"

using namespace tpmready;

TEST(Percent, DecodesEscapesInEitherCaseAndKeepsTheRest) {
  EXPECT_EQ(percent_decode("p%40ss").value(), "p@ss");
  EXPECT_EQ(percent_decode("%2f%2F%25").value(), "//%");
  EXPECT_EQ(percent_decode("plain+text").value(), "plain+text");  // '+' is not a space here
  EXPECT_EQ(percent_decode("%00").value(), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("").value(), "");
}

TEST(Percent, BadEscapesNameTheOffsetNotTheText) {
  for (const char* bad : {"%", "ab%4", "ab%g0", "%%41", "x%4G"}) {
    auto r = percent_decode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind(), ErrorKind::Parse);
    EXPECT_NE(r.error().what().find("bad %-escape at offset"), std::string::npos) << r.error().what();
  }
  EXPECT_EQ(percent_decode("ab%4").error().what(), "bad %-escape at offset 2");
  EXPECT_EQ(percent_decode("secret%zz").error().what().find("secret"), std::string::npos);
}
