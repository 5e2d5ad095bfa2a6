// --ca-store FILE.cab / .zip and archive budgets, on every build: libarchive on Linux, cabinet.dll's
// FDI and util/zip_reader on Windows (util/archive.h), so the same expectations hold for both.
#include <gtest/gtest.h>

#include "cert/chain.h"
#include "cert/x509.h"
#include "util/archive.h"
#include "util/file.h"

using namespace tpmready;

namespace {
std::string data(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/cert/" + name; }
Bytes fixture_bytes(const std::string& folder, const std::string& name) {
  auto bytes = read_file(std::string(TPMREADY_TEST_DATA) + "/" + folder + "/" + name, 1 << 20);
  EXPECT_TRUE(bytes.ok()) << name;
  return bytes.ok() ? *bytes : Bytes{};
}
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(CaArchive, TrustedTpmLikeCabLoadsEveryCertificateAndSkipsSetupCmd) {
  cert::CaStore store;
  auto st = cert::load_ca_path(data("trustedtpm-like.cab"), store);
  ASSERT_TRUE(st.ok()) << st.error().what();
  ASSERT_EQ(store.trusted.size(), 3u);
  EXPECT_NE(store.trusted[0].origin.find("trustedtpm-like.cab:"), std::string::npos);
}

TEST(CaArchive, TheStmEkCertificateChainsThroughTheCabAlone) {
  cert::CaStore store;
  ASSERT_TRUE(cert::load_ca_path(data("trustedtpm-like.cab"), store).ok());
  auto ek = read_file(std::string(TPMREADY_TEST_DATA) + "/cert/hirs-stm-nuc1-ek_cert_7_byte_header_removed.der",
                      kMaxCertificateFileBytes);
  ASSERT_TRUE(ek.ok()) << ek.error().what();
  auto c = cert::parse_certificate(*ek);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(cert::build_chain(*c, store).status, cert::ChainStatus::Verified);
  EXPECT_EQ(cert::build_chain(*c, cert::CaStore{}).status, cert::ChainStatus::Incomplete);
}

TEST(CaArchive, OversizedMemberIsSkippedNotRead) {
  auto bytes = read_file(data("oversized-member.zip"), 1 << 20);
  ASSERT_TRUE(bytes.ok());
  std::vector<std::string> skipped;
  auto members = read_archive(*bytes, ArchiveLimits{}, &skipped);
  ASSERT_TRUE(members.ok()) << members.error().what();
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].name, "IFX1.crt");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_NE(skipped[0].find("big.cer"), std::string::npos);
}

TEST(CaArchive, TotalLimitStopsAnArchiveBomb) {
  auto bytes = read_file(data("oversized-member.zip"), 1 << 20);
  ASSERT_TRUE(bytes.ok());
  ArchiveLimits tight;
  tight.max_member_bytes = 64u << 20;
  tight.max_total_bytes = 1u << 20;  // the 20 MiB member expands past it
  auto members = read_archive(*bytes, tight);
  ASSERT_FALSE(members.ok());
  EXPECT_EQ(members.error().kind(), ErrorKind::Limit);
}

TEST(CaArchive, GarbageIsNotAnArchive) {
  const Bytes junk{'M', 'S', 'C', 'F', 0, 1, 2};
  EXPECT_TRUE(looks_like_archive(junk));
  EXPECT_FALSE(read_archive(junk, ArchiveLimits{}).ok());
}

// ---- one budget shared by several archives (util/archive.h ArchiveBudget) ----

TEST(ArchiveMembers, ArchivesReadWithOneBudgetShareItsTotalAndMemberCount) {
  // Three stored members (copy-N.zip) of the same size (tests/data/archive/MANIFEST.md).
  const Bytes outer = fixture_bytes("archive", "nested-certificates.zip");
  ArchiveBudget first;
  auto alone = read_archive_members(outer, first);
  ASSERT_TRUE(alone.ok()) << alone.error().what();
  ASSERT_EQ(alone->members.size(), 3u);
  const std::size_t member = alone->members[0].data.size();
  EXPECT_EQ(first.bytes, 3 * member);
  EXPECT_EQ(first.members, 3u);
  EXPECT_FALSE(first.reached);

  // Room for one and a half archives: on its own each read fits, with one budget the second stops.
  ArchiveLimits limits;
  limits.max_total_bytes = 4 * member + member / 2;
  for (int i = 0; i < 2; ++i) {
    auto own = read_archive_members(outer, limits);
    ASSERT_TRUE(own.ok());
    EXPECT_FALSE(own->stopped_at_limit) << own->stopped;
  }
  ArchiveBudget shared{limits};
  ASSERT_TRUE(read_archive_members(outer, shared).ok());
  auto second = read_archive_members(outer, shared);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->stopped_at_limit);
  EXPECT_TRUE(shared.reached);
  EXPECT_LE(shared.bytes, limits.max_total_bytes);
  ASSERT_EQ(second->members.size(), 2u);
  EXPECT_EQ(second->members[0].error, "");
  EXPECT_TRUE(contains(second->members[1].error, "total limit of " + std::to_string(limits.max_total_bytes)))
      << second->members[1].error;
  EXPECT_TRUE(second->members[1].data.empty());
  EXPECT_TRUE(contains(second->stopped, "stopped at member copy-2.zip")) << second->stopped;

  // The member count is shared the same way.
  ArchiveBudget counted{ArchiveLimits{}};
  counted.limits.max_members = 4;
  ASSERT_TRUE(read_archive_members(outer, counted).ok());
  auto more = read_archive_members(outer, counted);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(more->members.size(), 1u);
  EXPECT_TRUE(more->stopped_at_limit);
  EXPECT_TRUE(contains(more->stopped, "more than 4 archive members")) << more->stopped;
}
