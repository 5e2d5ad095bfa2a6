// Every corpus log (tests/data/eventlog, provenance in its MANIFEST.md) parses and replays to the
// PCR values the corpus's expected.json records (independent Python replay + origin assertions).
#include <gtest/gtest.h>

#include "util/file.h"

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "collect/eventlog_source.h"
#include "eventlog/analysis.h"
#include "eventlog/decode.h"
#include "eventlog/event_types.h"
#include "eventlog/sipa.h"
#include "collect/eventlog_collect.h"

using namespace tpmready;
using namespace tpmready::eventlog;

namespace {

const std::string kDir = std::string(TPMREADY_TEST_DATA) + "/eventlog/";

nlohmann::json expected() {
  std::ifstream in(kDir + "expected.json");
  return nlohmann::json::parse(in);
}

Bytes load(const std::string& name) {
  auto b = read_file(kDir + name, kMaxEventLogBytes);
  EXPECT_TRUE(b.ok()) << name;
  return b.ok() ? *b : Bytes{};
}

// expected.json omits banks with no extended PCR.
nlohmann::json replay_json(const ProcessedLog& log) {
  auto j = pcr_values_to_json(log.replay.values());
  for (auto it = j.begin(); it != j.end();) it = it->empty() ? j.erase(it) : std::next(it);
  return j;
}

bool malformed(const std::string& name) { return name.find("-bogus") != std::string::npos || name.find("-empty") != std::string::npos; }

}  // namespace

TEST(EventLogCorpus, EveryLogParsesAndReplaysToExpectedPcrs) {
  auto exp = expected();
  std::size_t checked = 0;
  for (const auto& [name, facts] : exp.items()) {
    if (malformed(name)) continue;
    SCOPED_TRACE(name);
    auto log = load(name);
    auto p = process_log(log);
    ASSERT_TRUE(p.ok()) << p.error().what();
    EXPECT_FALSE(p->summary.issue.has_value()) << p->summary.issue->message;
    const auto& v = facts.at("verified");
    EXPECT_EQ(p->summary.events, v.at("events").get<std::size_t>());
    std::string format = p->summary.format == LogFormat::Sha1 ? "sha1-only" : "crypto-agile";
    EXPECT_EQ(format, v.at("format").get<std::string>());
    EXPECT_EQ(replay_json(*p), v.at("replayed_pcrs"));
    ++checked;
  }
  EXPECT_EQ(checked, 24u);
}

TEST(EventLogCorpus, ReplayMatchesOriginWindowsPcrs) {
  // go-attestation's windows_gcp_shielded_vm.json records the TPM's PCRs next to the log.
  auto exp = expected();
  const auto& origin = exp.at("win-gcp-shielded-vm-wbcl.bin").at("origin_asserts").at("origin_pcrs_sha1");
  auto tpm = pcr_values_from_json(nlohmann::json{{"sha1", origin}});
  ASSERT_TRUE(tpm.ok());
  auto log = load("win-gcp-shielded-vm-wbcl.bin");
  auto p = process_log(log);
  ASSERT_TRUE(p.ok());
  auto report = compare_replay(p->replay, *tpm, std::nullopt);
  EXPECT_TRUE(report.matches);
  EXPECT_EQ(report.compared.size(), 12u);  // 8 logged PCRs + firmware PCRs 1,2,3,6 at zero
}

TEST(EventLogCorpus, KeylimeMalformedLogsFailCleanly) {
  auto bogus = load("kl-binary_bios_measurements-bogus");
  auto r = EventLogReader::open(bogus);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "first event: event[0] @0x0: PCRIndex 1969712994 out of range 0..31 (not an event record)");
  auto empty = load("kl-binary_bios_measurements-empty");
  ASSERT_FALSE(EventLogReader::open(empty).ok());
}

TEST(EventLogCorpus, WindowsSipaFactsMatchGoAttestation) {
  // expected.json origin_asserts: TestParseWinEvents ColdBoot, BootCount=4, DEPEnabled,
  // CodeIntegrityEnabled, BitlockerUnlocks=[0,0], ELAM measured; TestSecureBoot Enabled=true.
  auto log = load("win-gcp-shielded-vm-wbcl.bin");
  auto p = process_log(log);
  ASSERT_TRUE(p.ok());
  auto e = tpmready::collect::eventlog_evidence(*p, "file:win", std::nullopt);
  EXPECT_EQ(e.boot_counter.value, std::optional<std::uint64_t>(4));
  EXPECT_EQ(e.data_execution_prevention.value, std::optional<bool>(true));
  EXPECT_EQ(e.code_integrity.value, std::optional<bool>(true));
  EXPECT_EQ(e.bitlocker_unlock.value, std::optional<std::uint64_t>(0));
  EXPECT_EQ(e.elam_measured.value, std::optional<bool>(true));
  EXPECT_EQ(e.secure_boot_enabled.value, std::optional<bool>(true));
  EXPECT_EQ(e.boot_debugging.value, std::optional<bool>(false));
  EXPECT_EQ(e.test_signing.value, std::optional<bool>(false));
  EXPECT_FALSE(e.replay_matches.has_value());
}

TEST(EventLogCorpus, LinuxLogHasNoSipaFactsButSecureBootState) {
  auto log = load("gtt-ubuntu-2104-no-secure-boot.bin");
  auto p = process_log(log);
  ASSERT_TRUE(p.ok());
  auto e = tpmready::collect::eventlog_evidence(*p, "file:ubuntu", std::nullopt);
  EXPECT_EQ(e.secure_boot_enabled.value, std::optional<bool>(false));
  EXPECT_FALSE(e.boot_counter.has_value());
  EXPECT_EQ(e.boot_counter.unknown_reason, std::optional<std::string>("not a Windows log (no SIPA events)"));
}

TEST(EventLogCorpus, StartupLocalityThreeInGlinuxLog) {
  auto log = load("gtt-glinux-alex.bin");
  auto p = process_log(log);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->replay.startup_locality(), std::optional<std::uint8_t>(3));
}

TEST(EventLogDecode, ImageLoadEventMatchesTpm2EventlogFixture) {
  // tt-event-uefiservices.bin.yaml: ImageLocationInMemory 0x7dcf6018, ImageLengthInMemory 171464.
  auto log = load("tt-event-uefiservices.bin");
  auto r = EventLogReader::open(log);
  ASSERT_TRUE(r.ok());
  r->next();
  auto e = r->next();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->type, EV_EFI_BOOT_SERVICES_DRIVER);
  EXPECT_EQ(summarize_event(*e), "image @0x7dcf6018 length 171464, device path 4 nodes");
}

TEST(EventLogDecode, GptEventMatchesTpm2EventlogFixture) {
  // tt-event-arch-linux.bin.yaml event 17: DiskGUID f9f4bb69-5418-46bb-9501-2d615a3edc79, 3 partitions.
  auto log = load("tt-event-arch-linux.bin");
  auto r = EventLogReader::open(log);
  ASSERT_TRUE(r.ok());
  std::optional<Event> e;
  while ((e = r->next()) && e->index != 17) {
  }
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->type, EV_EFI_GPT_EVENT);
  EXPECT_EQ(summarize_event(*e), "GPT disk f9f4bb69-5418-46bb-9501-2d615a3edc79, 3 partitions");
}

TEST(EventLogDecode, SpecIdVendorInfoOverrunIsAWarning) {
  // tt-specid-vendordata.bin declares vendorInfoSize 4 but EventSize 37 leaves no room for it.
  auto log = load("tt-specid-vendordata.bin");
  auto p = process_log(log);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->summary.events, 1u);
  EXPECT_EQ(p->summary.trailing_bytes, 4u);
  ASSERT_EQ(p->summary.warnings.size(), 2u);
  EXPECT_EQ(p->summary.warnings[0], "@0x20: Spec ID vendorInfoSize exceeds the event by 4 bytes (EventSize wins)");
}

TEST(EventLogDecode, GuidAndUtf16) {
  const Bytes guid{0x61, 0xdf, 0xe4, 0x8b, 0xca, 0x93, 0xd2, 0x11, 0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c};
  EXPECT_EQ(guid_string(guid), "8be4df61-93ca-11d2-aa0d-00e098032b8c");
  const Bytes utf16{'d', 0, 'b', 0, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde};  // "db€😀"
  EXPECT_EQ(utf16le_to_utf8(utf16), "db\xe2\x82\xac\xf0\x9f\x98\x80");
  const Bytes lone{0x00, 0xd8, 'x', 0};  // unpaired high surrogate
  EXPECT_EQ(utf16le_to_utf8(lone), "\xef\xbf\xbdx");
}

TEST(EventLogSipa, RejectsNestedSizeBeyondParent) {
  // EventID 0x40010001 (container), EventDataSize 12, one sub-event claiming 100 bytes.
  const Bytes tagged{0x01, 0x00, 0x01, 0x40, 12, 0, 0, 0, 0x02, 0x00, 0x02, 0x00, 100, 0, 0, 0, 1, 2, 3, 4};
  auto s = walk_sipa(tagged, 0, [](std::uint32_t, ByteSpan) {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().what(), "@0x10: SIPA Size: 100 > remaining 4");
}

TEST(EventLogSipa, WalksNestedContainers) {
  // Container{ Container{ BootCounter=7 (UINT64) } }
  const Bytes tagged{0x01, 0x00, 0x01, 0x40, 24, 0, 0, 0,                  // TrustBoundary, 24 bytes
                     0x03, 0x00, 0x01, 0x40, 16, 0, 0, 0,                  // nested container, 16 bytes
                     0x02, 0x00, 0x02, 0x00, 8,  0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0};
  std::vector<std::pair<std::uint32_t, std::uint64_t>> seen;
  auto s = walk_sipa(tagged, 0, [&](std::uint32_t t, ByteSpan p) { seen.emplace_back(t, *sipa_integer(p)); });
  ASSERT_TRUE(s.ok()) << s.error().what();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, SIPAEVENT_BOOTCOUNTER);
  EXPECT_EQ(seen[0].second, 7u);
}

TEST(EventLogReplay, EbsMissingWorkaroundIsNamed) {
  // go-attestation TestEBSVerifyWorkaround: the TPM's sha1 PCR 5 for ebs_event_missing_eventlog is
  // 31245808d6d35849bc394f6343f2b3ff908ed5e3 (attest/eventlog_test.go), which strict replay misses.
  auto log = load("ga-ebs-event-missing.bin");
  auto p = process_log(log);
  ASSERT_TRUE(p.ok());
  PcrValues tpm;
  ASSERT_TRUE(from_hex("31245808d6d35849bc394f6343f2b3ff908ed5e3", tpm["sha1"][5]));
  EXPECT_NE(to_hex(p->replay.values()["sha1"][5]), "31245808d6d35849bc394f6343f2b3ff908ed5e3");
  auto report = compare_replay(p->replay, tpm, std::nullopt);
  EXPECT_TRUE(report.matches);
  ASSERT_EQ(report.compared.size(), 1u);
  EXPECT_EQ(report.compared[0].workaround,
            "ebs-event-missing: log lacks \"Exit Boot Services Invocation + Exit Boot Services Returned with Success\"");
  // Any other PCR 5 value still fails.
  tpm["sha1"][5][0] ^= 1;
  EXPECT_FALSE(compare_replay(p->replay, tpm, std::nullopt).matches);
}

TEST(EventLogDecode, BootVariablesMatchTpm2EventlogFixture) {
  // tt-event-arch-linux.bin.yaml event 19: Boot0000, Description "Linux Boot Manager".
  auto log = load("tt-event-arch-linux.bin");
  auto r = EventLogReader::open(log);
  ASSERT_TRUE(r.ok());
  std::optional<Event> e;
  while ((e = r->next()) && e->index != 19) {
  }
  ASSERT_TRUE(e.has_value());
  auto s = summarize_event(*e);
  EXPECT_EQ(s.substr(0, 8), "Boot0000");
  EXPECT_NE(s.find(": \"Linux Boot Manager\""), std::string::npos) << s;
}
