#include <gtest/gtest.h>

#include "util/file.h"

#include "collect/offline/offline_evidence.h"
#include "evidence/windows_evidence.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

std::string fx(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/offline/" + name; }

Bytes file_bytes(const std::string& name) {
  auto b = read_file(fx(name), kMaxEventLogBytes);
  EXPECT_TRUE(b.ok());
  return b.ok() ? *b : Bytes{};
}

WindowsEvidence read_ok(const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const auto& n : names) paths.push_back(fx(n));
  auto ev = read_offline_inputs(paths);
  EXPECT_TRUE(ev.ok()) << ev.error().what();
  return ev.ok() ? std::move(ev).value() : WindowsEvidence{};
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
  ASSERT_EQ(ev.inputs.size(), 4u);
  for (const auto& in : ev.inputs) EXPECT_EQ(in.status, "read") << in.path;
  EXPECT_EQ(ev.inputs[0].kind, "tpmtool");
  EXPECT_EQ(ev.inputs[0].encoding, "utf-16le-bom");
  EXPECT_TRUE(ev.notes.empty());
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
  EXPECT_EQ(ev.certificate_files, std::vector<std::string>{fx("stm-ek-cert.der")});
  EXPECT_EQ(ev.event_log_files, std::vector<std::string>{fx("win-gcp-wbcl.bin")});
  EXPECT_EQ(ev.inputs.back().status, "deferred");
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
  EXPECT_EQ(ev.inputs[1].kind, "get_scheduled_task_info");
}

TEST(OfflineEvidence, Utf8AndUtf16InputsGiveTheSameValues) {
  const WindowsEvidence a = read_ok({"healthy-device.reg"});
  const WindowsEvidence b = read_ok({"healthy-device.utf8.reg"});
  EXPECT_EQ(a.registry.wbcl_data, b.registry.wbcl_data);
  EXPECT_EQ(a.registry.task_states.pcr7_binding_state.number, b.registry.task_states.pcr7_binding_state.number);
  EXPECT_EQ(a.registry.ek_certificates[0].der, b.registry.ek_certificates[0].der);
  EXPECT_EQ(a.inputs[0].encoding, "utf-16le-bom");
  EXPECT_EQ(b.inputs[0].encoding, "utf-8");
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
  const WindowsEvidence ev = read_ok({"broken-lines.reg", "tpmtool-german.txt", "garbage.bin"});
  ASSERT_EQ(ev.inputs.size(), 3u);
  EXPECT_EQ(ev.inputs[0].status, "partial");
  ASSERT_EQ(ev.inputs[0].issues.size(), 5u);
  EXPECT_EQ(ev.inputs[0].issues[0].line, 5u);
  EXPECT_EQ(ev.registry.task_states.ek_certificate_present.number, 1u);
  EXPECT_EQ(ev.inputs[1].status, "unreadable");
  EXPECT_EQ(ev.inputs[1].issues.size(), 9u);  // 8 lines + the summary
  EXPECT_EQ(ev.inputs[1].issues[0].line, 1u);
  EXPECT_EQ(ev.inputs[2].status, "not used");
  EXPECT_EQ(ev.tpmtool.ready_for_attestation.unknown_reason, "no tpmtool output among the inputs");
}

TEST(OfflineEvidence, NoUsableInputIsAnError) {
  auto none = read_offline_inputs({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind(), ErrorKind::Usage);
  auto garbage = read_offline_inputs({fx("garbage.bin")});
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().what(),
            "no usable input among 1 path(s): file " + fx("garbage.bin") + ": content not recognised");
  auto missing = read_offline_inputs({fx("nope.reg")});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::Io);
}

TEST(OfflineEvidence, HugeInputIsRefusedByTheLimit) {
  OfflineOptions small;
  small.max_input_bytes = 4096;  // healthy-device.reg is ~280 KiB
  auto ev = read_offline_inputs({fx("healthy-device.reg"), fx("seed000-eula-tpmtool.txt")}, small);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(ev->inputs[0].status, "unreadable");
  EXPECT_NE(ev->inputs[0].issues[0].reason.find("exceed the limit of 4096 bytes"), std::string::npos);
  EXPECT_EQ(ev->inputs[1].status, "read");
}

TEST(OfflineEvidence, FolderInputReadsEverythingAndListsIgnoredFiles) {
  auto ev = read_offline_inputs({std::string(TPMREADY_TEST_DATA) + "/offline"});
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  std::size_t ignored = 0;
  for (const auto& in : ev->inputs) ignored += in.status == "not used";
  EXPECT_EQ(ignored, 6u);
  EXPECT_EQ(ev->event_log_files.size(), 2u);
  EXPECT_EQ(ev->bundle_files.size(), 1u);
  EXPECT_FALSE(ev->notes.empty());  // seed000 and healthy fixtures disagree
}

TEST(OfflineEvidence, JsonRoundTrip) {
  for (const auto& inputs : {kSeed000, kHealthy}) {
    const WindowsEvidence ev = read_ok(inputs);
    const nlohmann::json j = ev;
    const auto back = nlohmann::json::parse(j.dump()).get<WindowsEvidence>();
    EXPECT_EQ(back, ev);
  }
  const WindowsEvidence healthy = read_ok(kHealthy);
  const nlohmann::json j = healthy;
  EXPECT_EQ(j["registry"]["wbcl_data"].get<std::string>(), base64_encode(file_bytes("win-gcp-wbcl.bin")));
  EXPECT_EQ(j["registry"]["task_states"]["ek_certificate_present"]["number"], 1);
  EXPECT_EQ(j["tpmtool"]["ready_for_attestation"]["value"], true);
  EXPECT_EQ(j["get_tpm"]["tpm_present"]["value"], true);
}

TEST(OfflineEvidence, JsonMissingKeysKeepDefaultsAndBadBase64Throws) {
  const auto ev = nlohmann::json::parse(R"({"notes": ["x"]})").get<WindowsEvidence>();
  EXPECT_EQ(ev.notes, std::vector<std::string>{"x"});
  EXPECT_FALSE(ev.tpmtool.tpm_present.has_value());
  EXPECT_THROW(nlohmann::json::parse(R"({"registry": {"wbcl_data": "@@@@"}})").get<WindowsEvidence>(),
               nlohmann::json::exception);
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
