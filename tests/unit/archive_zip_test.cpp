// util/zip_reader.h: the Windows build's .zip reader, tested on every build (and against libarchive
// in archive_zip_posix_test.cpp). Archives come from tests/data/archive, examples/ and ZipBuilder.
#include <gtest/gtest.h>

#include <filesystem>

#include "util/file.h"
#include "util/zip_reader.h"
#include "zip_builder.h"

using namespace tpmready;
using tpmready::test::ZipBuilder;

namespace {

Bytes fixture(const std::string& relative) {
  auto b = read_file(std::string(TPMREADY_TEST_DATA) + "/" + relative, 8u << 20);
  EXPECT_TRUE(b.ok()) << relative;
  return b.ok() ? *b : Bytes{};
}

std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Result<ArchiveListing> read(const Bytes& zip, ArchiveLimits limits = {}) {
  ArchiveBudget budget{limits};
  return read_zip_members(zip, budget);
}

}  // namespace

TEST(ZipReader, ReadsTheExampleArchiveMemberForMember) {
  // zip -r -X -D of examples/service-ek-chain-rejected (tests/data/archive/MANIFEST.md): deflate.
  auto listing = read(fixture("archive/service-ek-chain-rejected.zip"));
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  EXPECT_EQ(listing->stopped, "");
  const std::filesystem::path examples = std::filesystem::path(TPMREADY_TEST_DATA) / ".." / ".." / "examples";
  ASSERT_GE(listing->members.size(), 5u);
  for (const auto& m : listing->members) {
    EXPECT_EQ(m.error, "") << m.name;
    auto on_disk = read_file((examples / m.name).string(), 8u << 20);
    ASSERT_TRUE(on_disk.ok()) << m.name;
    EXPECT_EQ(m.data, *on_disk) << m.name;
  }
}

TEST(ZipReader, StoredDeflatedZip64AndPrefixedArchivesGiveTheSameMembers) {
  const std::string big(200000, 'a');
  for (const ZipBuilder::Options o : {ZipBuilder::Options{}, ZipBuilder::Options{true, 0}, ZipBuilder::Options{false, 1000}}) {
    const Bytes zip = ZipBuilder(o).add("a.txt", "hello", false).add("dir\\b.bin", big).add("empty", "", false).finish();
    auto listing = read(zip);
    ASSERT_TRUE(listing.ok()) << listing.error().what();
    ASSERT_EQ(listing->members.size(), 3u);
    EXPECT_EQ(listing->members[0].name, "a.txt");
    EXPECT_EQ(text(listing->members[0].data), "hello");
    EXPECT_EQ(listing->members[1].name, "dir/b.bin");  // '/' separated whatever the archiver wrote
    EXPECT_EQ(text(listing->members[1].data), big);
    EXPECT_EQ(listing->members[2].data.size(), 0u);
    for (const auto& m : listing->members) EXPECT_EQ(m.error, "") << m.name;
  }
}

TEST(ZipReader, FoldersAndSymbolicLinksAreNotMembersButCountAsEntries) {
  const std::uint16_t unix_zip = 3 << 8 | 20;
  const Bytes zip = ZipBuilder()
                        .add("folder/", "", false)
                        .add("link", "target", false, UINT64_MAX, unix_zip, 0120777u << 16)
                        .add("dos-folder", "", false, UINT64_MAX, 20, 0x10)
                        .add("file", "x", false, UINT64_MAX, unix_zip, 0100644u << 16)
                        .finish();
  ArchiveBudget budget;
  auto listing = read_zip_members(zip, budget);
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->members.size(), 1u);
  EXPECT_EQ(listing->members[0].name, "file");
  EXPECT_EQ(budget.members, 4u);
}

TEST(ZipReader, MemberDeclaringMoreThanTheLimitIsSkippedFromItsHeader) {
  const Bytes zip = ZipBuilder().add("claims.txt", "small", true, 0xFFFFFF00).add("next.txt", "read").finish();
  ArchiveBudget budget;
  auto listing = read_zip_members(zip, budget);
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->members.size(), 2u);
  EXPECT_TRUE(contains(listing->members[0].error, "declares 4294967040 bytes, over the member limit")) << listing->members[0].error;
  EXPECT_EQ(budget.bytes, 4u);  // nothing of the claiming member was expanded
  EXPECT_EQ(text(listing->members[1].data), "read");
}

TEST(ZipReader, UnderstatedSizeStopsAtTheMemberLimitAndTheNextMemberIsRead) {
  const Bytes zip = ZipBuilder().add("bomb.bin", std::string(3u << 20, '\0'), true, 1000).add("next.txt", "read").finish();
  ArchiveLimits limits;
  limits.max_member_bytes = 1u << 20;
  auto listing = read(zip, limits);
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->members.size(), 2u);
  EXPECT_TRUE(contains(listing->members[0].error, "expands beyond the member limit of 1048576")) << listing->members[0].error;
  EXPECT_TRUE(listing->members[0].data.empty());
  EXPECT_EQ(text(listing->members[1].data), "read");
  EXPECT_EQ(listing->stopped, "");
}

TEST(ZipReader, TotalAndMemberCountLimitsAreSharedByArchivesReadWithOneBudget) {
  const Bytes zip = ZipBuilder().add("1", std::string(1000, '1')).add("2", std::string(1000, '2')).add("3", "3").finish();
  ArchiveBudget budget;
  budget.limits.max_total_bytes = 2500;
  ASSERT_TRUE(read_zip_members(zip, budget).ok());
  auto second = read_zip_members(zip, budget);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->stopped_at_limit);
  EXPECT_TRUE(budget.reached);
  EXPECT_LE(budget.bytes, 2500u);
  ASSERT_EQ(second->members.size(), 1u);
  EXPECT_TRUE(contains(second->members[0].error, "total limit of 2500")) << second->members[0].error;
  EXPECT_TRUE(contains(second->stopped, "stopped at member 1")) << second->stopped;

  ArchiveBudget counted;
  counted.limits.max_members = 4;
  ASSERT_TRUE(read_zip_members(zip, counted).ok());
  auto more = read_zip_members(zip, counted);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->members.size(), 1u);
  EXPECT_TRUE(more->stopped_at_limit);
  EXPECT_TRUE(contains(more->stopped, "more than 4 archive members in all")) << more->stopped;
}

TEST(ZipReader, DamagedMembersAreReportedAndEveryOtherMemberIsRead) {
  // 36 members, every odd one with a damaged deflate stream (tests/data/archive/MANIFEST.md).
  auto listing = read(fixture("archive/damaged-members.zip"));
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  ASSERT_EQ(listing->members.size(), 36u);
  for (std::size_t i = 0; i < listing->members.size(); ++i) {
    const ArchiveMember& m = listing->members[i];
    if (i % 2) {
      EXPECT_TRUE(contains(m.error, "damaged: ")) << m.name << ": " << m.error;
      EXPECT_TRUE(m.data.empty());
    } else {
      EXPECT_EQ(m.error, "") << m.name;
      EXPECT_EQ(m.data.size(), 4600u) << m.name;
    }
  }
  EXPECT_EQ(listing->stopped, "");
}

TEST(ZipReader, ChangedDataFailsItsCrcAndEncryptedOrUnknownMethodsAreNotRead) {
  Bytes zip = ZipBuilder().add("a.txt", "hello world", false).add("b.txt", "second", false).finish();
  zip[30 + 5 + 3] ^= 0x20;  // a byte of a.txt's stored data ("hello" -> "helLo")
  auto listing = read(zip);
  ASSERT_TRUE(listing.ok());
  EXPECT_TRUE(contains(listing->members[0].error, "damaged: CRC-32")) << listing->members[0].error;
  EXPECT_EQ(text(listing->members[1].data), "second");

  Bytes odd = ZipBuilder().add("enc", "x", false).add("bz2", "y", false).add("ok", "z", false).finish();
  // Central directory: the first entry's flags say encrypted, the second's method is 12 (bzip2).
  std::size_t seen = 0;
  for (std::size_t i = 0; i + 4 <= odd.size(); ++i) {
    if (odd[i] == 'P' && odd[i + 1] == 'K' && odd[i + 2] == 1 && odd[i + 3] == 2) {
      if (seen == 0) odd[i + 8] = 1;
      if (seen == 1) odd[i + 10] = 12;
      ++seen;
    }
  }
  ASSERT_EQ(seen, 3u);
  auto flagged = read(odd);
  ASSERT_TRUE(flagged.ok());
  ASSERT_EQ(flagged->members.size(), 3u);
  EXPECT_EQ(flagged->members[0].error, "encrypted: not read");
  EXPECT_TRUE(contains(flagged->members[1].error, "compression method 12")) << flagged->members[1].error;
  EXPECT_EQ(text(flagged->members[2].data), "z");
}

TEST(ZipReader, NotAZipIsOneClearErrorAndEveryTruncationIsHandled) {
  Bytes garbage{'P', 'K', 3, 4};
  for (int i = 0; i < 40; ++i)
    for (int b = 0; b < 256; ++b) garbage.push_back(static_cast<std::uint8_t>(b));
  auto bad = read(garbage);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind(), ErrorKind::Parse);
  EXPECT_TRUE(contains(bad.error().what(), "corrupt archive: no zip end of central directory record"))
      << bad.error().what();

  const Bytes zip = ZipBuilder().add("a.txt", std::string(5000, 'a')).add("b.txt", "b", false).finish();
  for (std::size_t n = 0; n < zip.size(); ++n) {
    const Bytes cut(zip.begin(), zip.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = read(cut);  // an error, or members each read or with its error: never a crash
    if (r.ok()) {
      for (const auto& m : r->members) EXPECT_TRUE(m.error.empty() || m.data.empty());
    }
  }
  for (std::size_t i = 0; i < zip.size(); ++i) {  // each byte changed in turn
    Bytes changed = zip;
    changed[i] ^= 0xFF;
    auto r = read(changed);
    if (r.ok()) {
      for (const auto& m : r->members) EXPECT_TRUE(m.error.empty() || m.data.empty());
    }
  }
}
