// The progress line stays on one terminal line and shows only what a console can: ASCII.
#include <gtest/gtest.h>

#include "cli/progress_line.h"

using tpmready::cli::ProgressLine;

TEST(ProgressLine, SaysWhatAndHowLongWithinOneLine) {
  EXPECT_EQ(ProgressLine::line_for("probing https://ztd.dds.microsoft.com", std::chrono::seconds(3)),
            "probing https://ztd.dds.microsoft.com ... 3 s");
  const std::string long_url = "fetching https://ekop.intel.com/ekcertservice/" + std::string(200, 'A');
  const std::string line = ProgressLine::line_for(long_url, std::chrono::seconds(12));
  EXPECT_EQ(line.size(), ProgressLine::kWidth);
  EXPECT_EQ(line.substr(line.size() - 12), "... ... 12 s") << line;
  EXPECT_EQ(ProgressLine::line_for("caf\xc3\xa9\r\x1b[2J", std::chrono::seconds(1)), "caf????[2J ... 1 s");
}

TEST(ProgressLine, WritesNothingWhenNotShown) {
  ProgressLine hidden(false);
  testing::internal::CaptureStderr();
  hidden.begin("probing");
  hidden.end();
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}
