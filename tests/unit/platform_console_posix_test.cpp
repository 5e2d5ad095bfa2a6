// $COLUMNS, the width a terminal falls back on when it does not tell its own (setenv: POSIX).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "platform/console.h"

using namespace tpmready::platform;

TEST(OutputStyle, ColumnsFromTheEnvironment) {
  const char* old = std::getenv("COLUMNS");
  const std::string saved = old ? old : "";
  for (const auto& [value, want] : std::vector<std::pair<const char*, std::size_t>>{
           {"80", 80}, {"", 0}, {"abc", 0}, {"-5", 0}, {"99999999999999999999", 0}, {"10000", 10000}}) {
    setenv("COLUMNS", value, 1);
    EXPECT_EQ(columns_from_env(), want) << value;
  }
  unsetenv("COLUMNS");
  EXPECT_EQ(columns_from_env(), 0u);
  if (old) setenv("COLUMNS", saved.c_str(), 1);
}
