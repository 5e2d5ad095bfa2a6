// --ca-store FILE.cab / .zip (Linux build: libarchive). The Windows build says how to expand the
// archive instead (util/archive_windows.cpp).
#include <gtest/gtest.h>

#include "cert/chain.h"
#include "cert/x509.h"
#include "util/archive.h"
#include "util/file.h"

using namespace tpmready;

namespace {
std::string data(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/cert/" + name; }
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
