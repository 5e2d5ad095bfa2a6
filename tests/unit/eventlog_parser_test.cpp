// Parser edge cases, each from an inline log built field by field (little-endian, facts/tcg.md §5).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "eventlog/analysis.h"
#include "eventlog/event_types.h"
#include "eventlog/parser.h"
#include "eventlog/replay.h"
#include "eventlog_log_builder.h"

using namespace tpmready;
using namespace tpmready::eventlog;
using tpmready::eventlog::testing::Log;

namespace {

std::size_t count_events(EventLogReader& r) {
  std::size_t n = 0;
  while (r.next()) ++n;
  return n;
}

}  // namespace

TEST(EventLogParser, RejectsZeroLengthLog) {
  auto r = EventLogReader::open({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "empty event log (0 bytes)");
}

TEST(EventLogParser, RejectsPeFile) {
  Log log;
  log.raw("MZ").fill(126, 0x90);
  auto r = EventLogReader::open(log.b);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what().find("PE/COFF"), std::string::npos) << r.error().what();
  EXPECT_NE(r.error().what().find("@0x0"), std::string::npos);
}

TEST(EventLogParser, RejectsTruncatedFirstHeader) {
  Log log;
  log.u32(0).u32(EV_S_CRTM_VERSION).fill(10, 0);  // 18 of the 32 header bytes
  auto r = EventLogReader::open(log.b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "first event: event[0] @0x0: truncated header: needs 32 bytes, only 18 left");
}

TEST(EventLogParser, RejectsFourGigabyteEventSizeWithoutAllocating) {
  Log log;
  log.u32(0).u32(EV_POST_CODE).fill(20, 0).u32(0xFFFFFFFF).raw("abcd");
  auto r = EventLogReader::open(log.b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "first event: event[0] @0x0: EventSize 4294967295 @0x1c > remaining 4 bytes");
}

TEST(EventLogParser, RejectsTruncatedSpecIdHeader) {
  Log log;
  const std::string sig("Spec ID Event03\0", 16);
  // numberOfAlgorithms = 2 but only one digestSizes entry follows.
  Log body;
  body.raw(sig).u32(0).u8(0).u8(2).u8(0).u8(2).u32(2).u16(0x0004).u16(20);
  log.u32(0).u32(EV_NO_ACTION).fill(20, 0).u32(static_cast<std::uint32_t>(body.b.size()))
      .raw(std::string(body.b.begin(), body.b.end()));
  auto r = EventLogReader::open(log.b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "Spec ID Event03 header: @0x3c: digestSizes: 2 entries need 8 bytes, only 4 left");
}

TEST(EventLogParser, RejectsHugeAlgorithmCount) {
  const std::string sig("Spec ID Event03\0", 16);
  Log body;
  body.raw(sig).u32(0).u8(0).u8(2).u8(0).u8(2).u32(0x40000000).u16(0x0004).u16(20).u8(0);
  Log log;
  log.u32(0).u32(EV_NO_ACTION).fill(20, 0).u32(static_cast<std::uint32_t>(body.b.size()))
      .raw(std::string(body.b.begin(), body.b.end()));
  auto r = EventLogReader::open(log.b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "Spec ID Event03 header: @0x38: numberOfAlgorithms: 1073741824 not in 1..8");
}

TEST(EventLogParser, StopsAtDigestCountAboveBanksKeepingEarlierEvents) {
  Log log;
  log.spec_id_header().agile_event(0, EV_POST_CODE, "ok");
  std::size_t bad_at = log.b.size();
  log.u32(1).u32(EV_POST_CODE).u32(3);  // three digests, the header announced two banks
  log.fill(64, 0x33);
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->format(), LogFormat::CryptoAgile);
  EXPECT_EQ(count_events(*r), 2u);
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->event_index, 2u);
  EXPECT_EQ(r->issue()->offset, bad_at);
  EXPECT_NE(r->issue()->message.find("digests.count 3"), std::string::npos) << r->issue()->message;
  EXPECT_NE(r->issue()->message.find("> 2 banks"), std::string::npos);
}

TEST(EventLogParser, StopsAtEventSizeBeyondFileEnd) {
  Log log;
  log.spec_id_header().agile_event(0, EV_POST_CODE, "ok");
  std::size_t bad_at = log.b.size();
  log.u32(0).u32(EV_POST_CODE).u32(2).u16(0x0004).fill(20, 0).u16(0x000B).fill(32, 0).u32(1000).raw("short");
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(count_events(*r), 2u);
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->offset, bad_at);
  EXPECT_NE(r->issue()->message.find("EventSize 1000"), std::string::npos) << r->issue()->message;
  EXPECT_NE(r->issue()->message.find("> remaining 5 bytes"), std::string::npos);
}

TEST(EventLogParser, RejectsHashAlgNotInSpecId) {
  Log log;
  log.spec_id_header();
  log.u32(0).u32(EV_POST_CODE).u32(1).u16(0x000C).fill(48, 0).u32(0);  // sha384 not announced
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(count_events(*r), 1u);
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_NE(r->issue()->message.find("hashAlg 0x0000000c"), std::string::npos) << r->issue()->message;
}

TEST(EventLogParser, ZeroPaddingEndsTheLogCleanly) {
  Log log;
  log.spec_id_header().agile_event(0, EV_SEPARATOR, std::string(4, '\0')).fill(4096, 0);
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(count_events(*r), 2u);
  EXPECT_FALSE(r->issue().has_value());
  EXPECT_EQ(r->trailing_zero_bytes(), 4096u);
}

TEST(EventLogParser, ShortTrailingGarbageIsAWarningNotAnError) {
  Log log;
  log.sha1_event(0, EV_SEPARATOR, 0x44, std::string(4, '\0')).raw("\xde\xad\xbe\xef");
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(count_events(*r), 1u);
  EXPECT_FALSE(r->issue().has_value());
  EXPECT_EQ(r->trailing_bytes(), 4u);
  ASSERT_EQ(r->warnings().size(), 1u);
  EXPECT_EQ(r->warnings()[0], "@0x24: 4 trailing bytes after the last event, too short for an event header; ignored");
}

TEST(EventLogParser, LongTrailingGarbageIsReportedWithIndexAndOffset) {
  Log log;
  log.sha1_event(0, EV_SEPARATOR, 0x44, std::string(4, '\0'));
  log.raw("this is not an event record, it is text that follows it");
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(count_events(*r), 1u);
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->event_index, 1u);
  EXPECT_EQ(r->issue()->offset, 36u);
  EXPECT_NE(r->issue()->message.find("out of range"), std::string::npos) << r->issue()->message;
}

TEST(EventLogParser, ShortNoActionFirstEventLeavesSha1Format) {
  Log log;
  log.sha1_event(0, EV_NO_ACTION, 0, std::string("StartupLocality\0\x03", 17));
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format(), LogFormat::Sha1);
  EXPECT_EQ(count_events(*r), 1u);
}

TEST(EventLogParser, NoActionMayUsePcrMinusOne) {
  Log log;
  log.sha1_event(0, EV_SEPARATOR, 0, std::string(4, '\0')).sha1_event(0xFFFFFFFF, EV_NO_ACTION, 0, "aik");
  auto r = EventLogReader::open(log.b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(count_events(*r), 2u);
  EXPECT_FALSE(r->issue().has_value());
}

TEST(EventLogParser, MeasuredEventWithPcrAbove31IsBroken) {
  Log log;
  log.sha1_event(32, EV_SEPARATOR, 0, std::string(4, '\0'));
  auto r = EventLogReader::open(log.b);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what().find("PCRIndex 32 out of range 0..31"), std::string::npos);
}

TEST(EventLogReplay, StartupLocalitySetsPcr0StartValue) {
  Log log;
  log.spec_id_header();
  log.u32(0).u32(EV_NO_ACTION).u32(2).u16(0x0004).fill(20, 0).u16(0x000B).fill(32, 0).u32(17)
      .raw(std::string("StartupLocality\0\x03", 17));
  log.agile_event(0, EV_S_CRTM_VERSION, "v");
  auto p = process_log(log.b);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->replay.startup_locality(), std::optional<std::uint8_t>(3));
  // PCR0 = SHA-256(00..03 || 22..22): computed independently with python hashlib.
  auto v = p->replay.values();
  EXPECT_EQ(to_hex(v["sha256"][0]), "d872eaf4c7d40d8ed61bd2f7d0406647fdcad10358bd11f82ad6b696802f87ea");
}

TEST(EventLogReplay, MismatchNamesPcrAndMissingSeparator) {
  Log log;
  log.sha1_event(4, EV_EFI_BOOT_SERVICES_APPLICATION, 0x10, "app");
  log.sha1_event(7, EV_SEPARATOR, 0x20, std::string(4, '\0'));
  auto p = process_log(log.b);
  ASSERT_TRUE(p.ok());
  PcrValues tpm = p->replay.values();
  tpm["sha1"][4][0] ^= 1;  // the TPM's PCR 4 differs
  auto report = compare_replay(p->replay, tpm, std::nullopt);
  EXPECT_FALSE(report.matches);
  EXPECT_EQ(report.mismatched_pcrs(), std::vector<unsigned>{4});
  ASSERT_FALSE(report.suspects.empty());
  EXPECT_EQ(report.suspects[0].pcr, 4u);
  EXPECT_EQ(report.suspects[0].reason, "no EV_SEPARATOR in this PCR (missing separator)");
}

TEST(EventLogReplay, MatchingPcrsMatch) {
  Log log;
  log.sha1_event(7, EV_SEPARATOR, 0x20, std::string(4, '\0'));
  auto p = process_log(log.b);
  ASSERT_TRUE(p.ok());
  auto report = compare_replay(p->replay, p->replay.values(), std::nullopt);
  EXPECT_TRUE(report.matches);
  EXPECT_TRUE(report.suspects.empty());
}

TEST(EventLogReplay, FirmwarePcrExtendedWithoutLogEventsIsAMismatch) {
  Log log;
  log.sha1_event(7, EV_SEPARATOR, 0x20, std::string(4, '\0'));
  auto p = process_log(log.b);
  ASSERT_TRUE(p.ok());
  PcrValues tpm = p->replay.values();
  tpm["sha1"][2] = Bytes(20, 0x5a);
  auto report = compare_replay(p->replay, tpm, std::nullopt);
  EXPECT_FALSE(report.matches);
  EXPECT_EQ(report.mismatched_pcrs(), std::vector<unsigned>{2});
  ASSERT_EQ(report.suspects.size(), 1u);
  EXPECT_EQ(report.suspects[0].reason, "the TPM's PCR was extended but the log has no event for it");
}
