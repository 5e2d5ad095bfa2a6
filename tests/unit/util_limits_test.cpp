// Input limits are overridable (an admin with a larger real input must not be stuck):
// TPMREADY_MAX_INPUT_BYTES for sizes, TPMREADY_MAX_INPUT_COUNT for counts (util/file.h lists
// every limit).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "collect/offline/classify.h"
#include "util/archive.h"
#include "util/file.h"

namespace tpmready {
namespace {

void set_env(const char* name, const char* value) {
#ifdef _WIN32
  _putenv_s(name, value ? value : "");
#else
  if (value) setenv(name, value, 1);
  else unsetenv(name);
#endif
}

struct EnvGuard {
  const char* name;
  ~EnvGuard() { set_env(name, nullptr); }
};

TEST(InputLimits, CountLimitFollowsTheEnvironment) {
  EnvGuard g{"TPMREADY_MAX_INPUT_COUNT"};
  set_env("TPMREADY_MAX_INPUT_COUNT", nullptr);
  EXPECT_EQ(input_count_limit(10000), 10000u);
  set_env("TPMREADY_MAX_INPUT_COUNT", "3");
  EXPECT_EQ(input_count_limit(10000), 3u);
  EXPECT_EQ(ArchiveLimits{}.max_members, 3u);
  EXPECT_EQ(offline::WalkLimits{}.max_files, 3u);
  set_env("TPMREADY_MAX_INPUT_COUNT", "many");  // not a number: the default stays
  EXPECT_EQ(input_count_limit(10000), 10000u);
}

TEST(InputLimits, SizeLimitFollowsTheEnvironment) {
  EnvGuard g{"TPMREADY_MAX_INPUT_BYTES"};
  set_env("TPMREADY_MAX_INPUT_BYTES", "1024");
  EXPECT_EQ(ArchiveLimits{}.max_member_bytes, 1024u);
  EXPECT_EQ(input_limit(kMaxJsonBytes), 1024u);
}

TEST(InputLimits, FolderWalkStopsAtTheCountLimit) {
  EnvGuard g{"TPMREADY_MAX_INPUT_COUNT"};
  auto dir = std::filesystem::temp_directory_path() / "tpmready-walk-limit";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (int i = 0; i < 5; ++i) std::ofstream(dir / ("f" + std::to_string(i) + ".txt")) << "x";
  set_env("TPMREADY_MAX_INPUT_COUNT", "2");
  auto walked = offline::walk_folder(dir.string(), offline::WalkLimits{});
  ASSERT_TRUE(walked.ok());
  EXPECT_EQ(walked->files.size() + walked->ignored.size(), 2u);
  ASSERT_FALSE(walked->notes.empty());
  EXPECT_NE(walked->notes.back().find("stopped after 2 files"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tpmready
