// read_evtx (libevtx from memory) against the reconstructed fixtures in tests/data/evtx
// (written by tests/tools/make_evtx.py, whose output evtxexport reads back: the oracle).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "collect/offline/evtx_reader.h"
#include "util/file.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

Bytes fixture(const std::string& name, const std::string& dir = "evtx") {
  auto b = read_file(std::string(TPMREADY_TEST_DATA) + "/" + dir + "/" + name, kMaxEvtxBytes);
  EXPECT_TRUE(b.ok()) << b.error().what();
  return b.ok() ? *b : Bytes{};
}

constexpr std::size_t kChunk1 = 4096 + 65536;

TEST(EvtxReader, KeepsAttestationRecordsWithTheirValues) {
  auto r = read_evtx(fixture("autopilot.evtx"), "a.cab:autopilot.evtx");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->records, 5u);
  EXPECT_EQ(r->other_channel, 1u);  // Shell-Core
  EXPECT_FALSE(r->corrupted);
  EXPECT_TRUE(r->issues.empty());
  ASSERT_EQ(r->events.size(), 4u);
  const WindowsEvent& e = r->events[2];
  EXPECT_EQ(e.event_id, 251u);
  EXPECT_EQ(e.level, 2);
  EXPECT_EQ(e.time, "2024-05-01T10:03:05.750Z");
  EXPECT_EQ(e.record_id, 4u);
  EXPECT_EQ(e.channel, "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot");
  EXPECT_EQ(e.provider, "Microsoft-Windows-ModernDeployment-Diagnostics-Provider");
  EXPECT_EQ(e.data.at("HRESULT"), "0x800705b4");
  EXPECT_EQ(e.data.at("Note"), "a < b & \"c\"");
  EXPECT_EQ(e.source, "a.cab:autopilot.evtx#record 4");
  EXPECT_EQ(r->events[3].provider, "Microsoft-Windows-TPM-WMI");  // System channel, TPM-WMI source
  EXPECT_EQ(r->events[3].data.at("Error"), "0x80290400");
}

TEST(EvtxReader, ReadsEveryChunk) {
  auto r = read_evtx(fixture("two-chunks.evtx"), "t.evtx");
  ASSERT_TRUE(r.ok()) << r.error().what();
  ASSERT_EQ(r->events.size(), 70u);
  for (std::size_t i = 0; i < 70; ++i) {
    EXPECT_EQ(r->events[i].record_id, i + 1);
    EXPECT_EQ(r->events[i].data.at("Attempt"), std::to_string(i));
  }
}

TEST(EvtxReader, DamagedChunkIsReportedAndTheRestKept) {
  Bytes d = fixture("two-chunks.evtx");
  ASSERT_GT(d.size(), kChunk1 + 2000);
  for (std::size_t i = kChunk1 + 512 + 40; i < kChunk1 + 512 + 200; ++i) d[i] = 0xA5;
  auto r = read_evtx(d, "t.evtx");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_TRUE(r->corrupted);
  ASSERT_FALSE(r->issues.empty());
  EXPECT_NE(r->issues[0].find("corrupted"), std::string::npos);
  EXPECT_GT(r->events.size(), 30u);  // chunk 0 intact
  EXPECT_LT(r->events.size(), 70u);
  EXPECT_EQ(r->events.front().record_id, 1u);
}

TEST(EvtxReader, TruncatedFileKeepsCompleteChunks) {
  Bytes d = fixture("two-chunks.evtx");
  d.resize(kChunk1 + 30000);
  auto r = read_evtx(d, "t.evtx");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_TRUE(r->corrupted);
  EXPECT_GT(r->events.size(), 30u);
  EXPECT_LT(r->events.size(), 70u);
}

TEST(EvtxReader, GarbageAndWrongMagicAreErrorsNamingTheInput) {
  Bytes garbage = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
  for (int i = 0; i < 70000; ++i) garbage.push_back(static_cast<std::uint8_t>(i * 131 + 7));
  auto r = read_evtx(garbage, "g.evtx");
  if (r.ok()) {
    EXPECT_TRUE(r->events.empty());
    EXPECT_TRUE(r->corrupted);
  } else {
    EXPECT_NE(r.error().what().find("g.evtx"), std::string::npos) << r.error().what();
  }
  auto bad = read_evtx(Bytes{'M', 'Z', 0, 0}, "x.evtx");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().what().find("x.evtx"), std::string::npos);
  EXPECT_FALSE(read_evtx(Bytes{}, "empty.evtx").ok());
  Bytes header_only = fixture("autopilot.evtx");
  header_only.resize(100);
  auto h = read_evtx(header_only, "h.evtx");
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().what().find("h.evtx"), std::string::npos);
}

// Regression (fuzz_evtx/fuzz_archive crash inputs "ElfFile\0" and "ElfFile\0\xb9\xc0"): libbfio's own
// memory range read past the end of a short buffer. Each prefix is a fresh, exactly sized heap copy,
// so the ASan build fails on any read past it.
TEST(EvtxReader, ShortInputsAreNotReadPastTheirEnd) {
  const Bytes file = fixture("two-chunks.evtx");
  for (std::size_t n : {8u, 10u, 100u, 4095u, 4096u, 4100u, 4096u + 65535u}) {
    auto exact = std::make_unique<std::uint8_t[]>(n);
    std::copy(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n), exact.get());
    if (n == 10) exact[8] = 0xb9, exact[9] = 0xc0;
    auto r = read_evtx(ByteSpan(exact.get(), n), "short.evtx");
    if (r.ok()) {
      EXPECT_TRUE(r->events.empty()) << n;  // no complete chunk
    } else {
      EXPECT_NE(r.error().what().find("short.evtx"), std::string::npos) << r.error().what();
    }
  }
}

// Regression (fuzz_evtx, tests/data/fuzz-regressions/MANIFEST.md): records whose binary XML is
// damaged. libevtx leaks inside its own parser on these (tests/lsan.supp); tpmready keeps the good
// records and names each skipped one.
TEST(EvtxReader, DamagedBinaryXmlRecordsAreSkippedAndNamed) {
  auto r = read_evtx(fixture("evtx-libfwevt-leak.evtx", "fuzz-regressions"), "leak.evtx");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_TRUE(r->corrupted);
  EXPECT_EQ(r->events.size(), 4u);
  EXPECT_EQ(r->skipped, 5u);
  const auto named = std::count_if(r->issues.begin(), r->issues.end(), [](const std::string& i) {
    return i.find("record index") != std::string::npos && i.find("skipped") != std::string::npos;
  });
  EXPECT_EQ(named, 5);
}

// Regression (fuzz_evtx, tests/data/fuzz-regressions/MANIFEST.md): a damaged file libevtx cannot
// open (and leaks on, tests/lsan.supp) is an error naming the input.
TEST(EvtxReader, FileLibevtxCannotOpenIsAnErrorNamingTheInput) {
  auto r = read_evtx(fixture("evtx-libevtx-open-leak.evtx", "fuzz-regressions"), "open.evtx");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what().find("open.evtx"), std::string::npos) << r.error().what();
  EXPECT_NE(r.error().what().find("unreadable file header"), std::string::npos) << r.error().what();
}

TEST(EvtxReader, RecordLimitStopsAndSaysSo) {
  EvtxLimits limits;
  limits.max_records = 10;
  auto r = read_evtx(fixture("two-chunks.evtx"), "t.evtx", limits);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->events.size(), 10u);
  EXPECT_TRUE(r->truncated);
  ASSERT_FALSE(r->issues.empty());
  EXPECT_NE(r->issues.back().find("more than 10"), std::string::npos);
}

}  // namespace
