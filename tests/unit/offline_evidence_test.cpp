#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "util/file.h"

#include "collect/offline_pipeline.h"
#include "evidence/windows_evidence.h"
#include "util/base64.h"
#include "util/json_reader.h"

using namespace tpmready;
using namespace tpmready::collect;

namespace {

std::string fx(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/offline/" + name; }

Bytes file_bytes(const std::string& name) {
  auto b = read_file(fx(name), kMaxEventLogBytes);
  EXPECT_TRUE(b.ok());
  return b.ok() ? *b : Bytes{};
}

Evidence read_all(const std::vector<std::string>& names, const OfflineOptions& options = {}) {
  std::vector<std::string> paths;
  for (const auto& n : names) paths.push_back(fx(n));
  auto ev = collect_offline(paths, options);
  EXPECT_TRUE(ev.ok()) << ev.error().what();
  return ev.ok() ? std::move(ev).value() : Evidence{};
}

/// The Windows part of the evidence read from `names` (each test gives a Windows export).
WindowsEvidence read_ok(const std::vector<std::string>& names) {
  Evidence e = read_all(names);
  EXPECT_TRUE(e.windows.has_value());
  return e.windows ? std::move(*e.windows) : WindowsEvidence{};
}

const std::vector<std::string> kSeed000 = {"seed000-eula-tpmtool.utf16.txt", "seed000-eula-tpm-wmi.reg",
                                           "seed000-eula-oobe.reg", "schtasks-seed000-list.utf16.txt"};
const std::vector<std::string> kHealthy = {"healthy-device.reg",       "healthy-tpmtool.utf8bom.txt",
                                           "schtasks-healthy.csv",     "get-tpm-healthy.txt",
                                           "get-tpmekinfo-healthy.txt", "stm-ek-cert.der",
                                           "win-gcp-wbcl.bin"};

}  // namespace

// SEED000: EK cert is in the registry store, but SetupDisplayedEula is missing, so Tpm-Maintenance
// never ran, TaskStates (with EkCertificatePresent) does not exist and tpmtool reports
// INFORMATION_EK_CERTIFICATE (facts/windows.md §0).
TEST(OfflineEvidence, Seed000EulaMissingDevice) {
  const WindowsEvidence ev = read_ok(kSeed000);
  const RegistryEvidence& r = ev.registry;
  EXPECT_EQ(r.task_states.key_present, Fact<bool>::known(false, "file:seed000-eula-tpm-wmi.reg:3"));
  EXPECT_EQ(r.task_states.ek_certificate_present.exists, Fact<bool>::known(false, "file:seed000-eula-tpm-wmi.reg:3"));
  EXPECT_EQ(r.setup_displayed_eula.exists, Fact<bool>::known(false, "file:seed000-eula-oobe.reg:3"));
  EXPECT_EQ(r.ek_cert_store_present, Fact<bool>::known(true, "file:seed000-eula-tpm-wmi.reg:7"));
  ASSERT_EQ(r.ek_certificates.size(), 1u);
  EXPECT_EQ(r.ek_certificates[0].store, "EKCertStore");
  EXPECT_EQ(r.ek_certificates[0].thumbprint, "B6BAE82B06492321A84308410C282928D789BBCA");
  EXPECT_EQ(r.ek_certificates[0].der, file_bytes("stm-ek-cert.der"));
  EXPECT_EQ(r.ek_certificates[0].source, "file:seed000-eula-tpm-wmi.reg:12");
  EXPECT_FALSE(r.wbcl.exists.has_value());
  EXPECT_EQ(r.wbcl.exists.unknown_reason,
            "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices not in the registry exports");

  EXPECT_EQ(ev.tpmtool.ready_for_attestation, Fact<bool>::known(false, "file:seed000-eula-tpmtool.utf16.txt:9"));
  EXPECT_EQ(ev.tpmtool.maintenance_task_complete.value, false);
  EXPECT_EQ(ev.tpmtool.information_flags.value, std::vector<std::string>{"INFORMATION_EK_CERTIFICATE"});
  EXPECT_EQ(ev.tpmtool.information_flags_mask.value, 0x00040000u);
  EXPECT_EQ(ev.tpmtool.manufacturer_id.value, "NTC");
  EXPECT_EQ(ev.tpmtool.pcr7_binding_state.value, 2u);

  EXPECT_EQ(ev.tpm_maintenance_task.exists.value, true);
  EXPECT_EQ(ev.tpm_maintenance_task.last_result, Fact<std::uint32_t>::known(267011, "file:schtasks-seed000-list.utf16.txt:8"));
  EXPECT_EQ(ev.tpm_maintenance_task.reader, "schtasks /fo list");

  EXPECT_FALSE(ev.get_tpm.tpm_present.has_value());
  EXPECT_EQ(ev.get_tpm.tpm_present.unknown_reason, "no Get-Tpm output among the inputs");
  EXPECT_TRUE(ev.notes.empty());
  const Evidence e = read_all(kSeed000);
  ASSERT_EQ(e.inputs.size(), 4u);
  for (const auto& in : e.inputs) EXPECT_EQ(in.status, InputStatus::Read) << in.name;
  EXPECT_EQ(e.inputs[0].kind, "tpmtool");
  EXPECT_EQ(e.inputs[0].name, "file:" + fx("seed000-eula-tpmtool.utf16.txt"));
}

TEST(OfflineEvidence, HealthyDevice) {
  const WindowsEvidence ev = read_ok(kHealthy);
  const RegistryEvidence& r = ev.registry;
  EXPECT_EQ(r.task_states.key_present.value, true);
  EXPECT_EQ(r.task_states.ek_certificate_present.number, 1u);
  EXPECT_EQ(r.task_states.ek_certificate_present.type, "REG_DWORD");
  EXPECT_EQ(r.task_states.maintenance_task_complete.number, 1u);
  EXPECT_EQ(r.task_states.tpm_provision_hresult.number, 0u);
  EXPECT_EQ(r.task_states.ecc_ek_certificate_present.exists.value, false);
  ASSERT_EQ(r.task_states.attestation_info.size(), 2u);
  EXPECT_EQ(r.task_states.attestation_info.at("WindowsAikCorrelationId").text, "{00000000-0000-0000-0000-000000000000}");
  EXPECT_EQ(r.setup_displayed_eula.number, 1u);
  EXPECT_EQ(r.wbcl.size, 43324u);
  EXPECT_EQ(r.wbcl_data, file_bytes("win-gcp-wbcl.bin"));
  EXPECT_EQ(r.srk_pub.exists.value, true);
  EXPECT_EQ(r.srk_pub.size, 8u);
  EXPECT_EQ(r.aik_cert_enroll_error_code.number, 0u);
  EXPECT_EQ(r.task_ready_for_attestation.number, 1u);
  EXPECT_EQ(r.task_firmware_version.text, "7.2.3.1");
  EXPECT_EQ(r.task_information_flags.exists.value, false);  // WMI key exported without it

  EXPECT_EQ(ev.tpmtool.ready_for_attestation.value, true);
  EXPECT_EQ(ev.tpmtool.information_flags.value, std::vector<std::string>{});
  EXPECT_EQ(ev.tpmtool.information_flags_mask.value, 0u);
  EXPECT_EQ(ev.tpm_maintenance_task.last_result.value, 0u);
  EXPECT_EQ(ev.tpm_maintenance_task.reader, "schtasks /fo csv");
  EXPECT_EQ(ev.get_tpm.manufacturer_id.value, 1314145024u);  // 0x4E544300 "NTC" (facts §4)
  EXPECT_EQ(ev.get_tpm.tpm_owned.value, true);
  EXPECT_EQ(ev.ek_info.is_present.value, true);
  EXPECT_EQ(ev.ek_info.manufacturer_certificate_count.value, 1u);
  EXPECT_EQ(ev.ek_info.additional_certificate_count.value, 0u);
  EXPECT_EQ(ev.ek_info.manufacturer_certificate_thumbprints.value,
            std::vector<std::string>{"B6BAE82B06492321A84308410C282928D789BBCA"});
}

// Certificates and logs are read in the same pass as the Windows exports, into the same Evidence.
TEST(OfflineEvidence, CertificatesAndLogsAreReadInTheSamePass) {
  const Evidence e = read_all(kHealthy);
  ASSERT_EQ(e.ek.certificates.size(), 1u);
  EXPECT_EQ(e.ek.certificates[0].source, "file:" + fx("stm-ek-cert.der"));
  EXPECT_EQ(e.ek.certificates[0].raw, file_bytes("stm-ek-cert.der"));
  ASSERT_TRUE(e.eventlog.has_value());
  EXPECT_EQ(e.eventlog->present.source, "file:" + fx("win-gcp-wbcl.bin"));  // the file, not the .reg's WBCL
  EXPECT_EQ(e.eventlog->parses.value, true);
  ASSERT_EQ(e.inputs.size(), kHealthy.size());
  for (const auto& in : e.inputs) EXPECT_EQ(in.status, InputStatus::Read) << in.name << ": " << in.detail;
  EXPECT_EQ(e.inputs[5].kind, "certificate_der");
  EXPECT_EQ(e.inputs[6].kind, "tcg_event_log");
}

TEST(OfflineEvidence, GetScheduledTaskInfoPicksTpmMaintenance) {
  const WindowsEvidence ev = read_ok({"schtasks-seed000-list.txt", "get-scheduledtaskinfo-healthy.txt"});
  EXPECT_EQ(ev.tpm_maintenance_task.reader, "Get-ScheduledTaskInfo");
  EXPECT_EQ(ev.tpm_maintenance_task.last_result,
            Fact<std::uint32_t>::known(0, "file:get-scheduledtaskinfo-healthy.txt:6"));
  EXPECT_EQ(ev.tpm_maintenance_task.exists.source, "file:get-scheduledtaskinfo-healthy.txt:7");
  // The earlier schtasks output said 267011: kept as a note, later input wins.
  ASSERT_EQ(ev.notes.size(), 1u);
  EXPECT_EQ(ev.notes[0],
            "Get-ScheduledTaskInfo Tpm-Maintenance LastTaskResult: 267011 (file:schtasks-seed000-list.txt:8) then 0 "
            "(file:get-scheduledtaskinfo-healthy.txt:6); later input wins");
  EXPECT_EQ(read_all({"schtasks-seed000-list.txt", "get-scheduledtaskinfo-healthy.txt"}).inputs[1].kind,
            "get_scheduled_task_info");
}

TEST(OfflineEvidence, GetScheduledTaskInfoAloneIsWindowsEvidence) {
  const WindowsEvidence ev = read_ok({"get-scheduledtaskinfo-healthy.txt"});
  EXPECT_EQ(ev.tpm_maintenance_task.last_result.value, 0u);
}

TEST(OfflineEvidence, Utf8AndUtf16InputsGiveTheSameValues) {
  const WindowsEvidence a = read_ok({"healthy-device.reg"});
  const WindowsEvidence b = read_ok({"healthy-device.utf8.reg"});
  EXPECT_EQ(a.registry.wbcl_data, b.registry.wbcl_data);
  EXPECT_EQ(a.registry.task_states.pcr7_binding_state.number, b.registry.task_states.pcr7_binding_state.number);
  EXPECT_EQ(a.registry.ek_certificates[0].der, b.registry.ek_certificates[0].der);
}

TEST(OfflineEvidence, LaterInputWinsAndConflictIsNoted) {
  const WindowsEvidence ev = read_ok({"seed000-eula-tpmtool.txt", "healthy-tpmtool.utf8bom.txt"});
  EXPECT_EQ(ev.tpmtool.ready_for_attestation, Fact<bool>::known(true, "file:healthy-tpmtool.utf8bom.txt:9"));
  const std::string expected =
      "tpmtool Ready For Attestation: False (file:seed000-eula-tpmtool.txt:9) then True "
      "(file:healthy-tpmtool.utf8bom.txt:9); later input wins";
  EXPECT_NE(std::find(ev.notes.begin(), ev.notes.end(), expected), ev.notes.end());
}

TEST(OfflineEvidence, SplitRegistryExportsMerge) {
  // OOBE from one file, WMI from another, and a later combined export overriding both.
  const WindowsEvidence ev = read_ok({"seed000-eula-oobe.reg", "seed000-eula-tpm-wmi.reg", "healthy-device.reg"});
  EXPECT_EQ(ev.registry.setup_displayed_eula.number, 1u);
  EXPECT_EQ(ev.registry.task_states.key_present.value, true);
}

TEST(OfflineEvidence, PartialAndUnreadableInputsAreRecorded) {
  const Evidence e = read_all({"broken-lines.reg", "tpmtool-german.txt", "garbage.bin"});
  ASSERT_EQ(e.inputs.size(), 3u);
  EXPECT_EQ(e.inputs[0].status, InputStatus::Partial);
  EXPECT_EQ(e.inputs[0].detail.rfind("line 5: ", 0), 0u) << e.inputs[0].detail;
  EXPECT_EQ(std::count(e.inputs[0].detail.begin(), e.inputs[0].detail.end(), ';'), 4);  // 5 issues
  EXPECT_EQ(e.windows->registry.task_states.ek_certificate_present.number, 1u);
  EXPECT_EQ(e.inputs[1].status, InputStatus::Unreadable);
  EXPECT_EQ(e.inputs[1].detail.rfind("line 1: ", 0), 0u) << e.inputs[1].detail;
  EXPECT_NE(e.inputs[1].detail.find("; no known tpmtool label"), std::string::npos) << e.inputs[1].detail;
  EXPECT_EQ(e.inputs[2].status, InputStatus::NotUsed);
  EXPECT_EQ(e.inputs[2].detail, "content not recognised");
  EXPECT_EQ(e.windows->tpmtool.ready_for_attestation.unknown_reason, "no tpmtool output among the inputs");
}

TEST(OfflineEvidence, NoUsableInputIsAnError) {
  auto none = collect_offline({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind(), ErrorKind::Usage);
  auto garbage = collect_offline({fx("garbage.bin")});
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().what(),
            "no usable input among 1 path(s): file " + fx("garbage.bin") + ": content not recognised");
  auto missing = collect_offline({fx("nope.reg")});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::Io);
}

TEST(OfflineEvidence, HugeInputIsRefusedByTheLimit) {
  OfflineOptions small;
  small.max_input_bytes = 4096;  // healthy-device.reg is ~280 KiB
  auto ev = collect_offline({fx("healthy-device.reg"), fx("seed000-eula-tpmtool.txt")}, small);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->inputs[0].status, InputStatus::Unreadable);
  EXPECT_NE(ev->inputs[0].detail.find("exceed the limit of 4096 bytes"), std::string::npos);
  EXPECT_EQ(ev->inputs[1].status, InputStatus::Read);
}

TEST(OfflineEvidence, FolderInputReadsEverythingAndListsIgnoredFiles) {
  auto ev = collect_offline({std::string(TPMREADY_TEST_DATA) + "/offline"});
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  std::size_t not_used = 0, logs = 0, bundles = 0;
  for (const auto& in : ev->inputs) {
    not_used += in.status == InputStatus::NotUsed;
    logs += in.kind == "tcg_event_log" && in.status == InputStatus::Read;
    bundles += in.kind == "bundle_json" && in.status == InputStatus::Read;
  }
  EXPECT_EQ(not_used, 6u);
  EXPECT_EQ(logs, 2u);
  EXPECT_EQ(bundles, 1u);
  EXPECT_FALSE(ev->windows->notes.empty());  // seed000 and healthy fixtures disagree
}

// TCG logs go through the one event-log evidence builder (collect/eventlog_collect.h), as
// `check --eventlog` does: a log that does not parse is evidence (present, parses = false).
namespace {

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("tpmready-offline-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const Bytes& data) const {
    const std::string p = (path / name).string();
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(data.data()),
                                              static_cast<std::streamsize>(data.size()));
    return p;
  }
};

/// A crypto-agile log with its Spec ID event's numberOfAlgorithms set to 0: recognised as a TCG log
/// (the Spec ID signature is there), but its header does not parse.
Bytes log_with_broken_header() {
  auto log = read_file(std::string(TPMREADY_TEST_DATA) + "/eventlog/ga-crypto-agile.bin", kMaxEventLogBytes);
  EXPECT_TRUE(log.ok());
  Bytes out = log.ok() ? *log : Bytes(64);
  for (std::size_t i = 56; i < 60; ++i) out[i] = 0;  // numberOfAlgorithms (facts/tcg.md §5.2)
  return out;
}

}  // namespace

TEST(OfflineEventLog, LogCutShortIsPartialAndItsEvidenceSaysItDoesNotParse) {
  TempDir dir;
  Bytes log = file_bytes("win-gcp-wbcl.bin");
  log.resize(log.size() / 2);  // ends inside an event
  const std::string path = dir.write("cut.bin", log);
  auto e = collect_offline({path});
  ASSERT_TRUE(e.ok()) << e.error().what();
  ASSERT_EQ(e->inputs.size(), 1u);
  EXPECT_EQ(e->inputs[0].kind, "tcg_event_log");
  EXPECT_EQ(e->inputs[0].status, InputStatus::Partial);  // the events before the cut are used
  ASSERT_TRUE(e->eventlog.has_value());
  EXPECT_EQ(e->eventlog->present.value, true);
  EXPECT_EQ(e->eventlog->parses.value, false);
  EXPECT_GT(e->eventlog->event_count.value.value_or(0), 0u);
  EXPECT_FALSE(e->eventlog->parse_error.empty());
  EXPECT_EQ(e->inputs[0].detail, e->eventlog->parse_error);
  EXPECT_EQ(e->eventlog->present.source, "file:" + path);
}

TEST(OfflineEventLog, LogWhoseHeaderDoesNotParseIsUnreadableButStillEvidence) {
  TempDir dir;
  const std::string path = dir.write("broken.bin", log_with_broken_header());
  auto e = collect_offline({path, fx("healthy-tpmtool.utf8bom.txt")});
  ASSERT_TRUE(e.ok()) << e.error().what();
  EXPECT_EQ(e->inputs[0].kind, "tcg_event_log");
  EXPECT_EQ(e->inputs[0].status, InputStatus::Unreadable);  // none of its events could be read
  ASSERT_TRUE(e->eventlog.has_value());
  EXPECT_EQ(e->eventlog->present.value, true);
  EXPECT_EQ(e->eventlog->parses.value, false);
  EXPECT_FALSE(e->eventlog->event_count.value.has_value());
  EXPECT_EQ(e->eventlog->event_count.unknown_reason, std::optional<std::string>("the log does not parse"));
  EXPECT_EQ(e->eventlog->secure_boot_enabled.unknown_reason, std::optional<std::string>("the log does not parse"));
  EXPECT_EQ(e->inputs[0].detail, e->eventlog->parse_error);
  // Alone, nothing usable was given: the error names the file.
  auto alone = collect_offline({path});
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.error().what().find("file " + path + ": "), std::string::npos) << alone.error().what();
}

TEST(OfflineEventLog, ALogThatWasReadIsNotReplacedByOneThatWasNot) {
  TempDir dir;
  const std::string broken = dir.write("broken.bin", log_with_broken_header());
  // The registry export's WBCL value parses; the broken file given after it does not replace it.
  auto e = collect_offline({fx("healthy-device.reg"), broken});
  ASSERT_TRUE(e.ok()) << e.error().what();
  ASSERT_TRUE(e->eventlog.has_value());
  EXPECT_EQ(e->eventlog->parses.value, true);
  EXPECT_EQ(e->eventlog->present.source.rfind("file:healthy-device.reg:", 0), 0u) << e->eventlog->present.source;
  // A log file that was read wins over the WBCL value, in any order.
  auto f = collect_offline({fx("win-gcp-wbcl.bin"), fx("healthy-device.reg")});
  ASSERT_TRUE(f.ok()) << f.error().what();
  EXPECT_EQ(f->eventlog->present.source, "file:" + fx("win-gcp-wbcl.bin"));
}

TEST(OfflineEvidence, JsonRoundTrip) {
  for (const auto& inputs : {kSeed000, kHealthy}) {
    const WindowsEvidence ev = read_ok(inputs);
    const nlohmann::json j = ev;
    const auto back = read_json_as<WindowsEvidence>(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << back.error().what();
    EXPECT_EQ(*back, ev);
  }
  const WindowsEvidence healthy = read_ok(kHealthy);
  const nlohmann::json j = healthy;
  EXPECT_EQ(j["registry"]["wbcl_data"].get<std::string>(), base64_encode(file_bytes("win-gcp-wbcl.bin")));
  EXPECT_EQ(j["registry"]["task_states"]["ek_certificate_present"]["number"], 1);
  EXPECT_EQ(j["tpmtool"]["ready_for_attestation"]["value"], true);
  EXPECT_EQ(j["get_tpm"]["tpm_present"]["value"], true);
}

TEST(OfflineEvidence, JsonMissingKeysKeepDefaultsAndBadBase64IsAnErrorNamingTheKey) {
  const auto ev = read_json_as<WindowsEvidence>(nlohmann::json::parse(R"({"notes": ["x"]})"));
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->notes, std::vector<std::string>{"x"});
  EXPECT_FALSE(ev->tpmtool.tpm_present.has_value());
  const auto bad = read_json_as<WindowsEvidence>(nlohmann::json::parse(R"({"registry": {"wbcl_data": "@@@@"}})"), "windows");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().what().rfind("windows.registry.wbcl_data: ", 0), 0u) << bad.error().what();
}

TEST(Base64, EncodesPaddedAndDecodesStrictly) {
  EXPECT_EQ(base64_encode(as_span(std::string("foobar"))), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(as_span(std::string("fo"))), "Zm8=");
  auto out = base64_decode("Zm9v\r\nYg==");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(std::string(out->begin(), out->end()), "foob");
  EXPECT_FALSE(base64_decode("Zm9").ok());
  EXPECT_FALSE(base64_decode("Z=9v").ok());
  EXPECT_FALSE(base64_decode("Zm9v====").ok());
  EXPECT_EQ(base64_decode("Zm$v").error().what(), "base64: line 1 (offset 2): invalid character '$'");
}

// When nothing can be used, the error says what was there: a folder lists its files and why each was
// not used; an input's record names it once (its detail does not repeat "file X").
TEST(OfflineEvidence, NothingUsableSaysWhatWasThere) {
  TempDir dir;
  dir.write("0000000001-0000000000.log", Bytes{1, 2, 3});
  const std::string notes = "free text\n";
  dir.write("notes.txt", Bytes(notes.begin(), notes.end()));
  dir.write("empty.log", Bytes{});
  auto folder = collect_offline({dir.path.string()});
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().what(),
            "no usable input among 1 path(s): folder " + dir.path.string() +
                ": 3 files, none recognised: 0000000001-0000000000.log (content not recognised), empty.log (empty "
                "file), notes.txt (content not recognised)");
  const auto empty = dir.path / "MeasuredBoot";
  std::filesystem::create_directory(empty);
  auto none = collect_offline({empty.string()});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().what(), "no usable input among 1 path(s): folder " + empty.string() + ": no files in it");

  const std::string pem = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
  const std::string bad = dir.write("bad.pem", Bytes(pem.begin(), pem.end()));
  auto ev = collect_offline({bad, fx("seed000-eula-tpmtool.txt")});
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->inputs[0].status, InputStatus::Unreadable);
  EXPECT_EQ(ev->inputs[0].name, "file:" + bad);
  EXPECT_EQ(ev->inputs[0].detail.find("bad.pem"), std::string::npos) << ev->inputs[0].detail;
}

TEST(OfflineEvidence, EndorsementRetryValuesAndAttestationInfoFromARegExport) {
  // regedit's UTF-16 export of an Intel PTT device whose EK certificate was not downloaded.
  WindowsEvidence w = read_ok({"ftpm-ek-download-failed.reg"});
  const auto& r = w.registry;
  EXPECT_EQ(r.ek_tries.number, 3u);
  EXPECT_EQ(r.ek_tries.type, "REG_DWORD");
  EXPECT_EQ(r.ek_retry_last.type, "REG_QWORD");
  EXPECT_EQ(r.ek_retry_last.number, 0x01dd617b2a7ec000u);
  EXPECT_NE(r.ek_tries.exists.source.find("ftpm-ek-download-failed.reg:"), std::string::npos);
  ASSERT_TRUE(r.task_states.attestation_info.count("EkCertProvisionResult"));
  EXPECT_EQ(r.task_states.attestation_info.at("EkCertProvisionResult").number, 0x80072ee7u);
  EXPECT_EQ(r.ek_cert_store_present.value, true);
  EXPECT_TRUE(r.ek_certificates.empty());
  // A .reg without the Endorsement key: the values are unknown, not absent.
  WindowsEvidence other = read_ok({"seed000-eula-oobe.reg"});
  EXPECT_FALSE(other.registry.ek_tries.exists.value);
  // One with the key but not the values: absent.
  WindowsEvidence seed = read_ok({"seed000-eula-tpm-wmi.reg"});
  EXPECT_EQ(seed.registry.ek_tries.exists.value, false);
}

TEST(OfflineEvidence, AutopilotDDSZTDFileAndTheAutopilotRegistryKey) {
  Evidence e = read_all({"AutopilotDDSZTDFile-self-deploying.json", "autopilot-not-registered.reg"});
  ASSERT_TRUE(e.windows);
  const auto& z = e.windows->ztd_file;
  EXPECT_EQ(z.tenant_domain.value, "contoso.onmicrosoft.com");
  EXPECT_EQ(z.profile_name.value, "Kiosk self-deploying");
  EXPECT_EQ(z.autopilot_mode.value, 1u);
  EXPECT_EQ(z.oobe_config.value, 1406u);
  EXPECT_EQ(z.oobe_config.source, "file:AutopilotDDSZTDFile-self-deploying.json:1");
  EXPECT_FALSE(z.error_code.value);
  EXPECT_EQ(*z.error_code.unknown_reason, "field not in AutopilotDDSZTDFile.json");
  const auto& ap = e.windows->registry.autopilot;
  EXPECT_EQ(ap.key_present.value, true);
  EXPECT_EQ(ap.is_autopilot_disabled.number, 1u);
  EXPECT_EQ(ap.cloud_assigned_tenant_id.text, "");
  ASSERT_EQ(e.inputs.size(), 2u);
  EXPECT_EQ(e.inputs[0].kind, "autopilot_ztd_json");
  EXPECT_EQ(e.inputs[0].status, InputStatus::Read);
  // Without the file: unknown with the reason.
  Evidence none = read_all({"autopilot-not-registered.reg"});
  EXPECT_EQ(*none.windows->ztd_file.tenant_id.unknown_reason, "no AutopilotDDSZTDFile.json among the inputs");
}

TEST(OfflineEvidence, ZtdFileFieldsOfTheWrongTypeAreIssuesAndNonJsonIsOneLine) {
  const std::string text = "{\"CloudAssignedOobeConfig\": \"286\",\n \"ErrorCode\": -1, \"ErrorReason\": \"ZtdX\"}";
  auto ev = collect_offline_bytes(Bytes(text.begin(), text.end()), "ztd.json");
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  ASSERT_EQ(ev->inputs.size(), 1u);
  EXPECT_EQ(ev->inputs[0].kind, "autopilot_ztd_json");
  EXPECT_EQ(ev->inputs[0].status, InputStatus::Partial);
  EXPECT_NE(ev->inputs[0].detail.find("line 1: not a 32-bit unsigned number: CloudAssignedOobeConfig"), std::string::npos)
      << ev->inputs[0].detail;
  EXPECT_NE(ev->inputs[0].detail.find("line 2: not a 32-bit unsigned number"), std::string::npos) << ev->inputs[0].detail;
  const std::string broken = "{\"CloudAssignedOobeConfig\": 286,";
  auto bad = collect_offline_bytes(Bytes(broken.begin(), broken.end()), "ztd.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.error().what()).find("not one JSON object"), std::string::npos) << bad.error().what();
}

// The Windows build and UBR from a `reg export` of HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
// (UTF-16LE, as reg.exe writes it), through the one registry mapper.
TEST(OfflineEvidence, CurrentVersionExportGivesTheBuildAndUbr) {
  const WindowsEvidence ev = read_ok({"currentversion-22000.556.reg"});
  EXPECT_EQ(ev.registry.current_build.text, "22000");
  EXPECT_EQ(ev.registry.current_build_number.text, "22000");
  EXPECT_EQ(ev.registry.ubr.number, 556u);
  const WindowsBuild b = windows_build(ev.registry);
  EXPECT_EQ(b.build, Fact<std::uint32_t>::known(22000, "file:currentversion-22000.556.reg:4"));
  EXPECT_EQ(b.ubr, Fact<std::uint32_t>::known(556, "file:currentversion-22000.556.reg:8"));
  // Exports without the key: unknown, with the reason.
  const WindowsEvidence other = read_ok({"seed000-eula-oobe.reg"});
  EXPECT_FALSE(windows_build(other.registry).build.value);
  EXPECT_TRUE(windows_build(other.registry).build.unknown_reason);
}
