// Archives among the offline inputs (Linux build: libarchive): the archive limits hold for the
// whole run, nested archives included (collect/offline_pipeline.cpp, one ArchiveBudget per run).
#include <gtest/gtest.h>

#include "collect/offline_pipeline.h"
#include "util/file.h"

using namespace tpmready;
using namespace tpmready::collect;

namespace {

// copy-1.zip .. copy-3.zip, each with ek-01.der .. ek-04.der: a DER EK certificate padded with zeros
// to 64 KiB (tests/tools/make_nested_zip.py; tests/data/archive/MANIFEST.md).
constexpr std::size_t kMemberBytes = 64u << 10;

Bytes nested_zip() {
  auto b = read_file(std::string(TPMREADY_TEST_DATA) + "/archive/nested-certificates.zip", 1 << 20);
  EXPECT_TRUE(b.ok());
  return b.ok() ? *b : Bytes{};
}

const InputRecord* find_input(const Evidence& e, const std::string& path) {
  for (const auto& in : e.inputs)
    if (in.name == "file:" + path) return &in;
  return nullptr;
}

}  // namespace

TEST(OfflineArchiveBudget, NestedArchivesAreReadWhenTheyFitTheLimits) {
  auto r = collect_offline_bytes(nested_zip(), "nested.zip");
  ASSERT_TRUE(r.ok()) << r.error().what();
  ASSERT_EQ(r->ek.certificates.size(), 12u);  // read in the same pass as the archive
  for (const auto& c : r->ek.certificates) {
    EXPECT_EQ(c.raw.size(), kMemberBytes) << c.source;  // NV padding kept, as for a file
    const InputRecord* in = find_input(*r, c.source.substr(5));
    ASSERT_NE(in, nullptr) << c.source;
    EXPECT_EQ(in->kind, "certificate_der");
    EXPECT_EQ(in->status, InputStatus::Read);
  }
}

TEST(OfflineArchiveBudget, NestedArchivesAndTheMembersHeldShareOneTotal) {
  const Bytes zip = nested_zip();
  const std::size_t outer = 3 * read_archive_members(zip, ArchiveLimits{})->members[0].data.size();
  OfflineOptions options;
  // Each inner archive (4 x 64 KiB) fits this on its own: only a shared total stops the second.
  options.archive.max_total_bytes = outer + 6 * kMemberBytes + kMemberBytes / 2;
  auto r = collect_offline_bytes(zip, "nested.zip", options);
  ASSERT_TRUE(r.ok()) << r.error().what();

  // The certificates the evidence keeps stay within the total.
  std::size_t held = 0;
  for (const auto& c : r->ek.certificates) held += c.raw.size();
  EXPECT_EQ(r->ek.certificates.size(), 6u);
  EXPECT_LE(held + outer, options.archive.max_total_bytes);
  EXPECT_EQ(r->ek.certificates.back().source, "file:nested.zip:copy-2.zip:ek-02.der");

  const InputRecord* stopped = find_input(*r, "nested.zip:copy-2.zip:ek-03.der");
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ(stopped->status, InputStatus::Unreadable);
  EXPECT_NE(stopped->detail.find("total limit of " + std::to_string(options.archive.max_total_bytes)),
            std::string::npos)
      << stopped->detail;
  ASSERT_NE(find_input(*r, "nested.zip:copy-2.zip"), nullptr);
  EXPECT_EQ(find_input(*r, "nested.zip:copy-2.zip")->status, InputStatus::Partial);
  EXPECT_EQ(find_input(*r, "nested.zip:copy-2.zip:ek-04.der"), nullptr);  // after the stop: not read

  // Later archives are not opened at all, and say why without another error.
  const InputRecord* third = find_input(*r, "nested.zip:copy-3.zip");
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->status, InputStatus::NotUsed);
  EXPECT_NE(third->detail.find("archive limit was reached"), std::string::npos) << third->detail;
}

TEST(OfflineArchiveBudget, TheMemberCountIsSharedByNestedArchives) {
  OfflineOptions options;
  options.archive.max_members = 3 + 4 + 2;  // the outer three, copy-1's four, two of copy-2's
  auto r = collect_offline_bytes(nested_zip(), "nested.zip", options);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->ek.certificates.size(), 6u);
  const InputRecord* second = find_input(*r, "nested.zip:copy-2.zip");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->status, InputStatus::Partial);
  EXPECT_NE(second->detail.find("more than 9 archive members in all"), std::string::npos) << second->detail;
  const InputRecord* third = find_input(*r, "nested.zip:copy-3.zip");
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->status, InputStatus::NotUsed);
}
