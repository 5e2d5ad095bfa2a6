// The --redact-salt-file salt is private: created mode 0600 whatever the umask, refused when an
// existing one can be read by others (POSIX mode bits; Windows access is by ACL).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "redact/redactor.h"

namespace tpmready {
namespace {

TEST(RedactSalt, CreatedReadableByItsOwnerOnly) {
  auto dir = std::filesystem::temp_directory_path() / ("tpmready-salt-mode-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "fleet.salt").string();
  const auto old_mask = ::umask(0);  // the widest umask: the file must still be 0600
  auto a = redact::load_or_create_salt(path);
  ::umask(old_mask);
  ASSERT_TRUE(a.ok()) << a.error().what();
  const auto perms = std::filesystem::status(path).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove_all(dir);
}

TEST(RedactSalt, AnExistingSaltOthersCanReadIsRefusedInOneLine) {
  auto dir = std::filesystem::temp_directory_path() / ("tpmready-salt-shared-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "fleet.salt").string();
  { std::ofstream(path, std::ios::binary) << std::string(32, 'x'); }
  using std::filesystem::perms;
  for (auto readable : {perms::group_read, perms::others_read}) {
    std::filesystem::permissions(path, perms::owner_read | perms::owner_write | readable);
    auto s = redact::load_or_create_salt(path);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind(), ErrorKind::Usage);
    const auto& what = s.error().what();
    EXPECT_EQ(what.rfind("salt file " + path + " can be read by other users (mode 06", 0), 0u) << what;
    EXPECT_NE(what.find("chmod 600 " + path), std::string::npos);
    EXPECT_EQ(what.find('\n'), std::string::npos);
  }
  std::filesystem::permissions(path, perms::owner_read | perms::owner_write);
  auto s = redact::load_or_create_salt(path);
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_EQ(*s, Bytes(32, 'x'));  // an existing private salt is used as it is, never rewritten
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tpmready
