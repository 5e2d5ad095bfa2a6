// The Windows build's .zip reader (util/zip_reader.h) against libarchive, the Linux build's: the
// same members, bytes and per-member outcome for the test archives and archives of examples/.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "util/archive.h"
#include "util/file.h"
#include "util/zip_reader.h"
#include "zip_builder.h"

using namespace tpmready;
using tpmready::test::ZipBuilder;

namespace {

namespace fs = std::filesystem;

const fs::path kTestData = TPMREADY_TEST_DATA;

Bytes file_bytes(const fs::path& p) {
  auto b = read_file(p.string(), 32u << 20);
  EXPECT_TRUE(b.ok()) << p;
  return b.ok() ? *b : Bytes{};
}

// What a reader decided for a member: read, skipped from its header, or not readable.
std::string outcome(const ArchiveMember& m) {
  if (m.error.empty()) return "read";
  if (m.error.rfind("declares ", 0) == 0) return "declared over the limit";
  if (m.error.find("limit") != std::string::npos) return "limit";
  return "unreadable";
}

// `members`: how many to compare (libarchive stops after its reopen bound on many damaged members).
void expect_same(const Bytes& zip, const std::string& what, std::size_t members = SIZE_MAX) {
  ArchiveBudget ours_budget, theirs_budget;
  auto ours = read_zip_members(zip, ours_budget);
  auto theirs = read_archive_members(zip, theirs_budget);
  ASSERT_TRUE(ours.ok()) << what << ": " << ours.error().what();
  ASSERT_TRUE(theirs.ok()) << what << ": " << theirs.error().what();
  if (members == SIZE_MAX) {
    ASSERT_EQ(ours->members.size(), theirs->members.size()) << what;
    EXPECT_EQ(ours->stopped, theirs->stopped) << what;
    EXPECT_EQ(ours_budget.bytes, theirs_budget.bytes) << what;
    EXPECT_EQ(ours_budget.members, theirs_budget.members) << what;
  }
  const std::size_t n = std::min({members, ours->members.size(), theirs->members.size()});
  ASSERT_GT(n, 0u) << what;
  for (std::size_t i = 0; i < n; ++i) {
    const ArchiveMember &a = ours->members[i], &b = theirs->members[i];
    EXPECT_EQ(a.name, b.name) << what;
    EXPECT_EQ(outcome(a), outcome(b)) << what << ": " << a.name << ": ours \"" << a.error << "\", libarchive \""
                                      << b.error << "\"";
    EXPECT_TRUE(a.data == b.data) << what << ": " << a.name;
  }
}

// An example folder as an archive, members under the folder's name like `zip -r` writes them.
Bytes zip_of(const fs::path& folder, ZipBuilder::Options options, bool deflate) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(folder))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ZipBuilder zip(options);
  for (const auto& f : files) {
    const Bytes b = file_bytes(f);
    zip.add((folder.filename() / fs::relative(f, folder)).generic_string(), std::string(b.begin(), b.end()), deflate);
  }
  return zip.finish();
}

}  // namespace

TEST(ZipReaderAgainstLibarchive, TestArchivesGiveTheSameMembersBytesAndOutcomes) {
  expect_same(file_bytes(kTestData / "archive" / "service-ek-chain-rejected.zip"), "service-ek-chain-rejected zip");
  expect_same(file_bytes(kTestData / "archive" / "nested-certificates.zip"), "nested-certificates.zip");
  expect_same(file_bytes(kTestData / "cert" / "oversized-member.zip"), "oversized-member.zip");
  // libarchive reads 34 of its 36 members (a fresh reader per damaged member, at most 16 times);
  // ours reads all 36: the members both read must agree.
  expect_same(file_bytes(kTestData / "archive" / "damaged-members.zip"), "damaged-members.zip", 34);
}

TEST(ZipReaderAgainstLibarchive, EveryExampleFolderAsStoredDeflatedZip64AndPrefixedArchives) {
  const fs::path examples = kTestData / ".." / ".." / "examples";
  std::size_t folders = 0;
  for (const auto& e : fs::directory_iterator(examples)) {
    if (!e.is_directory() || e.path().filename() == "tools") continue;
    ++folders;
    const std::string name = e.path().filename().string();
    expect_same(zip_of(e.path(), {}, true), name + " deflated");
    expect_same(zip_of(e.path(), {}, false), name + " stored");
    expect_same(zip_of(e.path(), {true, 0}, true), name + " zip64");
    expect_same(zip_of(e.path(), {false, 4096}, true), name + " after a 4 KiB stub");
  }
  EXPECT_GE(folders, 6u);
}

TEST(ZipReaderAgainstLibarchive, LimitsDecideTheSameWay) {
  const Bytes zip = ZipBuilder()
                        .add("claims.txt", "small", true, 0xFFFFFF00)
                        .add("bomb.bin", std::string(3u << 20, '\0'), true, 1000)
                        .add("next.txt", "read")
                        .finish();
  ArchiveLimits limits;
  limits.max_member_bytes = 1u << 20;
  ArchiveBudget a{limits}, b{limits};
  auto ours = read_zip_members(zip, a);
  auto theirs = read_archive_members(zip, b);
  ASSERT_TRUE(ours.ok() && theirs.ok());
  ASSERT_EQ(ours->members.size(), 3u);
  ASSERT_EQ(theirs->members.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(ours->members[i].error, theirs->members[i].error) << i;
    EXPECT_TRUE(ours->members[i].data == theirs->members[i].data) << i;
  }
}
