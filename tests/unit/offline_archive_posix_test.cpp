// Archives among the offline inputs (Linux build: libarchive): the archive limits hold for the
// whole read, nested archives included (collect/offline/offline_evidence.cpp Collector).
#include <gtest/gtest.h>

#include "collect/offline/offline_evidence.h"
#include "util/file.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

// copy-1.zip .. copy-3.zip, each with ek-01.der .. ek-04.der: a DER EK certificate padded with zeros
// to 64 KiB (tests/tools/make_nested_zip.py; tests/data/archive/MANIFEST.md).
constexpr std::size_t kMemberBytes = 64u << 10;

Bytes nested_zip() {
  auto b = read_file(std::string(TPMREADY_TEST_DATA) + "/archive/nested-certificates.zip", 1 << 20);
  EXPECT_TRUE(b.ok());
  return b.ok() ? *b : Bytes{};
}

const InputRecord* find_input(const OfflineRead& r, const std::string& path) {
  for (const auto& in : r.windows.inputs)
    if (in.path == path) return &in;
  return nullptr;
}

std::string issues(const InputRecord& in) {
  std::string s;
  for (const auto& i : in.issues) s += i.reason + "; ";
  return s;
}

}  // namespace

TEST(OfflineArchiveBudget, NestedArchivesAreReadWhenTheyFitTheLimits) {
  auto r = read_offline_bytes(nested_zip(), "nested.zip");
  ASSERT_TRUE(r.ok()) << r.error().what();
  ASSERT_EQ(r->deferred.size(), 12u);
  for (const auto& d : r->deferred) {
    EXPECT_EQ(d.kind, InputKind::CertificateDer) << d.name;
    EXPECT_EQ(d.data.size(), kMemberBytes) << d.name;
  }
}

TEST(OfflineArchiveBudget, NestedArchivesAndTheMembersHeldShareOneTotal) {
  const Bytes zip = nested_zip();
  const std::size_t outer = 3 * read_archive_members(zip, ArchiveLimits{})->members[0].data.size();
  OfflineOptions options;
  // Each inner archive (4 x 64 KiB) fits this on its own: only a shared total stops the second.
  options.archive.max_total_bytes = outer + 6 * kMemberBytes + kMemberBytes / 2;
  auto r = read_offline_bytes(zip, "nested.zip", options);
  ASSERT_TRUE(r.ok()) << r.error().what();

  // The members kept in memory for later layers stay within the total.
  std::size_t held = 0;
  for (const auto& d : r->deferred) held += d.data.size();
  EXPECT_EQ(r->deferred.size(), 6u);
  EXPECT_LE(held + outer, options.archive.max_total_bytes);
  EXPECT_EQ(r->deferred.back().name, "nested.zip:copy-2.zip:ek-02.der");

  const InputRecord* stopped = find_input(*r, "nested.zip:copy-2.zip:ek-03.der");
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ(stopped->status, "unreadable");
  EXPECT_NE(issues(*stopped).find("total limit of " + std::to_string(options.archive.max_total_bytes)),
            std::string::npos)
      << issues(*stopped);
  ASSERT_NE(find_input(*r, "nested.zip:copy-2.zip"), nullptr);
  EXPECT_EQ(find_input(*r, "nested.zip:copy-2.zip")->status, "partial");
  EXPECT_EQ(find_input(*r, "nested.zip:copy-2.zip:ek-04.der"), nullptr);  // after the stop: not read

  // Later archives are not opened at all, and say why without another error.
  const InputRecord* third = find_input(*r, "nested.zip:copy-3.zip");
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->status, "not used");
  EXPECT_NE(issues(*third).find("archive limit was reached"), std::string::npos) << issues(*third);
}

TEST(OfflineArchiveBudget, TheMemberCountIsSharedByNestedArchives) {
  OfflineOptions options;
  options.archive.max_members = 3 + 4 + 2;  // the outer three, copy-1's four, two of copy-2's
  auto r = read_offline_bytes(nested_zip(), "nested.zip", options);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->deferred.size(), 6u);
  const InputRecord* second = find_input(*r, "nested.zip:copy-2.zip");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->status, "partial");
  EXPECT_NE(issues(*second).find("more than 9 archive members in all"), std::string::npos) << issues(*second);
  const InputRecord* third = find_input(*r, "nested.zip:copy-3.zip");
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->status, "not used");
}
