// The Windows build's archive reading (util/archive_windows.cpp): .cab through cabinet.dll's FDI
// from memory, .zip through util/zip_reader.h, with the limits and wording of the Linux build.
// Runs under Wine (scripts/wine-ctest.sh), whose cabinet.dll implements FDI.
#include <gtest/gtest.h>

#include <filesystem>

#include "util/archive.h"
#include "util/file.h"
#include "util/zip_reader.h"

using namespace tpmready;

namespace {

namespace fs = std::filesystem;

Bytes fixture(const std::string& relative) {
  auto b = read_file(std::string(TPMREADY_TEST_DATA) + "/" + relative, 8u << 20);
  EXPECT_TRUE(b.ok()) << relative;
  return b.ok() ? *b : Bytes{};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const ArchiveMember* find(const ArchiveListing& l, const std::string& name) {
  for (const auto& m : l.members)
    if (m.name == name) return &m;
  return nullptr;
}

// The CFFILE of `name` in a cabinet (MS-CAB: CFHEADER.coffFiles at 16, cFiles at 28; CFFILE: cbFile,
// uoffFolderStart, iFolder, date, time, attribs, then the name), or npos.
std::size_t cffile_of(const Bytes& cab, const std::string& name) {
  const std::size_t files = cab[16] | cab[17] << 8 | cab[18] << 16 | static_cast<std::size_t>(cab[19]) << 24;
  const std::size_t count = cab[28] | cab[29] << 8;
  std::size_t at = files;
  for (std::size_t i = 0; i < count && at + 16 < cab.size(); ++i) {
    std::size_t end = at + 16;
    while (end < cab.size() && cab[end] != 0) ++end;
    if (std::string(cab.begin() + static_cast<std::ptrdiff_t>(at + 16), cab.begin() + static_cast<std::ptrdiff_t>(end)) == name)
      return at;
    at = end + 1;
  }
  return std::string::npos;
}

}  // namespace

TEST(CabThroughFdi, ReadsTheExampleCabinetMemberForMember) {
  // gcab -c -z of examples/seed-000-hyperv-vtpm (MSZIP; tests/data/archive/MANIFEST.md).
  auto listing = read_archive_members(fixture("archive/seed-000-hyperv-vtpm.cab"), ArchiveLimits{});
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  EXPECT_EQ(listing->stopped, "");
  const fs::path folder = fs::path(TPMREADY_TEST_DATA) / ".." / ".." / "examples" / "seed-000-hyperv-vtpm";
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(folder)) {
    ++files;
    const ArchiveMember* m = find(*listing, e.path().filename().string());
    ASSERT_NE(m, nullptr) << e.path();
    EXPECT_EQ(m->error, "");
    auto on_disk = read_file(e.path().string(), 8u << 20);
    ASSERT_TRUE(on_disk.ok());
    EXPECT_EQ(m->data, *on_disk) << m->name;
  }
  EXPECT_EQ(listing->members.size(), files);
}

TEST(CabThroughFdi, TrustedTpmLikeCabinetGivesEveryMember) {
  auto listing = read_archive_members(fixture("cert/trustedtpm-like.cab"), ArchiveLimits{});
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  EXPECT_EQ(listing->stopped, "");
  EXPECT_GE(listing->members.size(), 4u);  // three certificates and setup.cmd
  for (const auto& m : listing->members) {
    EXPECT_EQ(m.error, "") << m.name;
    EXPECT_FALSE(m.data.empty()) << m.name;
  }
}

TEST(CabThroughFdi, DamagedBlockEndsTheReadingWithTheMemberNamed) {
  // The MSZIP data of the cabinet's one CFDATA block changed (MS-CAB: CFFOLDER.coffCabStart at 36;
  // CFDATA: csum, cbData, cbUncomp, then "CK" and the deflate stream). A cab folder is one
  // compressed stream: the member it breaks and everything after it are not read.
  Bytes cab = fixture("archive/seed-000-hyperv-vtpm.cab");
  const std::size_t block = cab[36] | cab[37] << 8 | cab[38] << 16 | static_cast<std::size_t>(cab[39]) << 24;
  ASSERT_LT(block + 8 + 64, cab.size());
  ASSERT_EQ(cab[block + 8], 'C');
  for (std::size_t i = block + 8 + 4; i < block + 8 + 64; ++i) cab[i] ^= 0x5A;
  auto listing = read_archive_members(cab, ArchiveLimits{});
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  ASSERT_FALSE(listing->members.empty());
  const ArchiveMember& last = listing->members.back();
  EXPECT_TRUE(contains(last.error, "damaged: ")) << last.name << ": " << last.error;
  EXPECT_TRUE(last.data.empty());
  EXPECT_FALSE(listing->stopped_at_limit);
  EXPECT_TRUE(contains(listing->stopped, "damaged at member " + last.name)) << listing->stopped;
  EXPECT_TRUE(contains(listing->stopped, "rest not read")) << listing->stopped;

  // The damaged block that crashed Debian's libarchive (tests/data/fuzz-regressions/MANIFEST.md):
  // whether FDI checks the block's checksum or not, each member is read or has its error.
  auto fuzzed = read_archive_members(fixture("fuzz-regressions/cab-damaged-cfdata.cab"), ArchiveLimits{});
  if (fuzzed.ok()) {
    for (const auto& m : fuzzed->members) EXPECT_TRUE(m.error.empty() || m.data.empty()) << m.name;
  }
}

TEST(CabThroughFdi, NotACabinetIsOneClearError) {
  Bytes junk{'M', 'S', 'C', 'F'};
  for (int i = 0; i < 40; ++i)
    for (int b = 0; b < 256; ++b) junk.push_back(static_cast<std::uint8_t>(b));
  auto listing = read_archive_members(junk, ArchiveLimits{});
  ASSERT_FALSE(listing.ok());
  EXPECT_EQ(listing.error().kind(), ErrorKind::Parse);
  EXPECT_TRUE(contains(listing.error().what(), "corrupt archive")) << listing.error().what();

  const Bytes cab = fixture("archive/seed-000-hyperv-vtpm.cab");
  for (std::size_t n = 0; n < cab.size(); n += 7) {  // truncated anywhere: an error or a listing
    auto r = read_archive_members(Bytes(cab.begin(), cab.begin() + static_cast<std::ptrdiff_t>(n)), ArchiveLimits{});
    if (r.ok()) {
      for (const auto& m : r->members) EXPECT_TRUE(m.error.empty() || m.data.empty()) << n;
    }
  }
}

TEST(CabThroughFdi, MemberDeclaringMoreThanTheLimitIsSkippedFromItsHeader) {
  Bytes cab = fixture("archive/seed-000-hyperv-vtpm.cab");
  ArchiveLimits limits;
  limits.max_member_bytes = 100;  // both members are larger: both skipped, nothing expanded
  ArchiveBudget budget{limits};
  auto listing = read_archive_members(cab, budget);
  ASSERT_TRUE(listing.ok()) << listing.error().what();
  ASSERT_EQ(listing->members.size(), 2u);
  for (const auto& m : listing->members)
    EXPECT_TRUE(contains(m.error, "over the member limit of 100: not read")) << m.name << ": " << m.error;
  EXPECT_EQ(budget.bytes, 0u);

  // A member claiming 4 GB (its CFFILE.cbFile patched): skipped from its header, the other read.
  const std::size_t at = cffile_of(cab, "expected.json");
  ASSERT_NE(at, std::string::npos);
  cab[at] = 0x00;
  cab[at + 1] = cab[at + 2] = cab[at + 3] = 0xFF;
  auto claims = read_archive_members(cab, ArchiveLimits{});
  ASSERT_TRUE(claims.ok()) << claims.error().what();
  const ArchiveMember* big = find(*claims, "expected.json");
  const ArchiveMember* other = find(*claims, "tpmtool.txt");
  ASSERT_NE(big, nullptr);
  EXPECT_TRUE(contains(big->error, "declares 4294967040 bytes")) << big->error;
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->error, "");
  EXPECT_FALSE(other->data.empty());
}

TEST(CabThroughFdi, TotalAndMemberCountLimitsAreSharedByArchivesReadWithOneBudget) {
  const Bytes cab = fixture("archive/seed-000-hyperv-vtpm.cab");
  ArchiveBudget first;
  ASSERT_TRUE(read_archive_members(cab, first).ok());
  const std::size_t all = first.bytes;
  ASSERT_GT(all, 0u);

  ArchiveBudget shared;
  shared.limits.max_total_bytes = all + all / 2;
  ASSERT_TRUE(read_archive_members(cab, shared).ok());
  auto second = read_archive_members(cab, shared);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->stopped_at_limit);
  EXPECT_TRUE(shared.reached);
  EXPECT_LE(shared.bytes, shared.limits.max_total_bytes);
  ASSERT_FALSE(second->members.empty());
  EXPECT_TRUE(contains(second->members.back().error, "total limit of " + std::to_string(all + all / 2)))
      << second->members.back().error;
  EXPECT_TRUE(contains(second->stopped, "stopped at member " + second->members.back().name)) << second->stopped;

  ArchiveBudget counted;
  counted.limits.max_members = 3;
  ASSERT_TRUE(read_archive_members(cab, counted).ok());
  auto more = read_archive_members(cab, counted);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->members.size(), 1u);
  EXPECT_TRUE(more->stopped_at_limit);
  EXPECT_TRUE(contains(more->stopped, "more than 3 archive members in all")) << more->stopped;
}

TEST(ZipOnWindows, ArchivesAreReadByTheZipReader) {
  const Bytes zip = fixture("archive/service-ek-chain-rejected.zip");
  auto through_api = read_archive_members(zip, ArchiveLimits{});
  ArchiveBudget budget;
  auto direct = read_zip_members(zip, budget);
  ASSERT_TRUE(through_api.ok()) << through_api.error().what();
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ(through_api->members.size(), direct->members.size());
  for (std::size_t i = 0; i < direct->members.size(); ++i) {
    EXPECT_EQ(through_api->members[i].name, direct->members[i].name);
    EXPECT_TRUE(through_api->members[i].data == direct->members[i].data);
  }
  EXPECT_FALSE(read_archive_members(Bytes{'x', 'y', 'z'}, ArchiveLimits{}).ok());
}
