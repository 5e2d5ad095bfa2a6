// What libarchive (the Linux build's archive reader, util/archive_posix.cpp) does after damage:
// its ARCHIVE_FATAL ends a reader, a .zip is reopened past the damaged member a bounded number of
// times, a .cab stops. The Windows build's readers: archive_windows_test.cpp, archive_zip_test.cpp.
#include <gtest/gtest.h>

#include "util/archive.h"
#include "util/file.h"

using namespace tpmready;

namespace {
Bytes fixture_bytes(const std::string& folder, const std::string& name) {
  auto bytes = read_file(std::string(TPMREADY_TEST_DATA) + "/" + folder + "/" + name, 1 << 20);
  EXPECT_TRUE(bytes.ok()) << name;
  return bytes.ok() ? *bytes : Bytes{};
}
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(ArchiveMembers, ZipMembersAfterADamagedOneAreReadUpToTheReopenBound) {
  // 36 members, every odd one with a damaged deflate stream (tests/data/archive/MANIFEST.md).
  auto listing = read_archive_members(fixture_bytes("archive", "damaged-members.zip"), ArchiveLimits{});
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  // 16 damaged members are passed by reopening; the 17th (member-33) ends the reading.
  ASSERT_EQ(listing->members.size(), 34u);
  for (std::size_t i = 0; i < listing->members.size(); ++i) {
    const ArchiveMember& m = listing->members[i];
    const std::string name = (i < 10 ? "member-0" : "member-") + std::to_string(i) + ".txt";
    EXPECT_EQ(m.name, name);
    if (i % 2) {
      EXPECT_TRUE(contains(m.error, "damaged")) << m.name << ": " << m.error;
      EXPECT_TRUE(m.data.empty());
    } else {
      EXPECT_EQ(m.error, "");
      ASSERT_EQ(m.data.size(), 4600u) << m.name;
      EXPECT_TRUE(contains(std::string(m.data.end() - 14, m.data.end()), name + "\n")) << m.name;
    }
  }
  EXPECT_FALSE(listing->stopped_at_limit);
  EXPECT_TRUE(contains(listing->stopped, "member-33.txt")) << listing->stopped;
  EXPECT_TRUE(contains(listing->stopped, "more than 16 damaged members")) << listing->stopped;
}

TEST(ArchiveMembers, DamagedCabBlockEndsTheReadingWithoutCrashingLibarchive) {
  // fuzz_archive's input: Debian's libarchive 3.6.2 dereferences NULL if reading goes on after
  // this member's "Invalid CFDATA" (tests/data/fuzz-regressions/MANIFEST.md).
  const Bytes cab = fixture_bytes("fuzz-regressions", "cab-damaged-cfdata.cab");
  auto listing = read_archive_members(cab, ArchiveLimits{});
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  ASSERT_EQ(listing->members.size(), 1u);
  EXPECT_EQ(listing->members[0].name, "setup.cmd");
  EXPECT_TRUE(contains(listing->members[0].error, "damaged")) << listing->members[0].error;
  EXPECT_FALSE(listing->stopped_at_limit);
  EXPECT_TRUE(contains(listing->stopped, "damaged at member setup.cmd")) << listing->stopped;
  EXPECT_TRUE(contains(listing->stopped, "rest not read")) << listing->stopped;

  auto members = read_archive(cab, ArchiveLimits{});  // --ca-store: a store missing members is an error
  ASSERT_FALSE(members.ok());
  EXPECT_EQ(members.error().kind(), ErrorKind::Parse);
  EXPECT_TRUE(contains(members.error().what(), "setup.cmd")) << members.error().what();
}

