// The live registry collector produces the same RegistryEvidence as the offline .reg reader: a
// fake platform::RegistryReader serves the keys of real exports (tests/data/offline), and the facts must
// match what offline::apply_registry makes of the same files. Plus: access denied → unknown.
#include <gtest/gtest.h>

#include "util/file.h"

#include <map>

#include <nlohmann/json.hpp>

#include "collect/offline/windows_facts.h"
#include "collect/offline/reg_file.h"
#include "collect/windows/live_registry.h"
#include "collect/windows/task_info.h"

using namespace tpmready;
using namespace tpmready::collect;
using namespace tpmready::platform;

namespace {

std::string fx(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/offline/" + name; }

offline::RegistryExport load(const std::vector<std::string>& files) {
  offline::RegistryExport merged;
  for (const auto& f : files) {
    auto bytes = read_file(fx(f), offline::kDefaultMaxTextBytes);
    EXPECT_TRUE(bytes.ok());
    auto reg = offline::parse_reg_bytes(*bytes, f);
    EXPECT_TRUE(reg.ok()) << reg.error().what();
    merged.merge(*reg);
  }
  return merged;
}

/// Serves keys from an export, as the registry of the device that was exported. An export knows
/// only its subtrees: a key inside an exported subtree but not in the export did not exist
/// (NotFound); a key outside every exported subtree is not known (Failed), as offline treats it.
/// Keys listed in `denied` answer access denied.
struct ExportReader : platform::RegistryReader {
  const offline::RegistryExport& reg;
  std::map<std::string, bool> denied;
  explicit ExportReader(const offline::RegistryExport& r) : reg(r) {}

  bool inside_export(std::string full) const {
    for (auto cut = full.rfind('\\'); cut != std::string::npos; cut = full.rfind('\\')) {
      full.resize(cut);
      if (reg.find_key(full)) return true;
    }
    return false;
  }

  platform::RegistryKey read_key(const std::string& path) override {
    const std::string full = "HKEY_LOCAL_MACHINE\\" + path;
    platform::RegistryKey k;
    if (denied.count(path)) {
      k.status = platform::KeyStatus::AccessDenied;
      k.error = "Access is denied (error 5)";
      return k;
    }
    const auto* key = reg.find_key(full);
    if (!key) {
      if (!inside_export(full)) {
        k.status = platform::KeyStatus::Failed;
        k.error = "outside the exported subtrees";
      }
      return k;
    }
    k.status = platform::KeyStatus::Ok;
    for (const auto& v : key->values) k.values.push_back(platform::RegistryValue{v.name, v.type, v.data});
    for (const auto* sub : reg.subkeys(full)) k.subkeys.push_back(sub->path.substr(sub->path.rfind('\\') + 1));
    return k;
  }
};

void expect_same(const RegValueFact& live, const RegValueFact& off, const char* what) {
  EXPECT_EQ(live.exists.value, off.exists.value) << what;
  EXPECT_EQ(live.type, off.type) << what;
  EXPECT_EQ(live.number, off.number) << what;
  EXPECT_EQ(live.text, off.text) << what;
  EXPECT_EQ(live.size, off.size) << what;
}

void expect_same(const RegistryEvidence& live, const RegistryEvidence& off) {
  expect_same(live.setup_displayed_eula, off.setup_displayed_eula, "SetupDisplayedEula");
  expect_same(live.wbcl, off.wbcl, "WBCL");
  EXPECT_EQ(live.wbcl_data, off.wbcl_data);
  expect_same(live.task_states.ek_certificate_present, off.task_states.ek_certificate_present, "EkCertificatePresent");
  expect_same(live.task_states.maintenance_task_complete, off.task_states.maintenance_task_complete, "MaintenanceTaskComplete");
  EXPECT_EQ(live.task_states.key_present.value, off.task_states.key_present.value);
  EXPECT_EQ(live.task_states.attestation_info.size(), off.task_states.attestation_info.size());
  expect_same(live.task_ready_for_attestation, off.task_ready_for_attestation, "TaskReadyForAttestation");
  expect_same(live.srk_pub, off.srk_pub, "SRKPub");
  expect_same(live.aik_cert_enroll_error_code, off.aik_cert_enroll_error_code, "AIKCertEnroll ErrorCode");
  expect_same(live.ek_tries, off.ek_tries, "Endorsement EkTries");
  expect_same(live.autopilot.is_autopilot_disabled, off.autopilot.is_autopilot_disabled, "IsAutopilotDisabled");
  expect_same(live.autopilot.cloud_assigned_tenant_id, off.autopilot.cloud_assigned_tenant_id, "CloudAssignedTenantId");
  expect_same(live.current_build, off.current_build, "CurrentBuild");
  expect_same(live.ubr, off.ubr, "UBR");
  EXPECT_EQ(live.ek_cert_store_present.value, off.ek_cert_store_present.value);
  ASSERT_EQ(live.ek_certificates.size(), off.ek_certificates.size());
  for (std::size_t i = 0; i < live.ek_certificates.size(); ++i) {
    EXPECT_EQ(live.ek_certificates[i].thumbprint, off.ek_certificates[i].thumbprint);
    EXPECT_EQ(live.ek_certificates[i].der, off.ek_certificates[i].der);
  }
}

}  // namespace

TEST(LiveRegistry, SeedStoryGivesTheOfflineFactsWithRegistrySources) {
  auto reg = load({"seed000-eula-tpm-wmi.reg", "seed000-eula-oobe.reg"});
  RegistryEvidence off;
  offline::apply_registry(reg, off);
  ExportReader reader(reg);
  std::vector<std::string> notes;
  RegistryEvidence live = read_live_registry(reader, notes);
  expect_same(live, off);
  // IntegrityServices, AIKCertEnroll, CurrentVersion and Provisioning\Diagnostics\Autopilot were not
  // exported: unknown in both, with a note here.
  EXPECT_EQ(notes.size(), 4u);
  // The seed story itself: EULA value absent, TaskStates absent, one EK certificate in the store.
  EXPECT_EQ(live.setup_displayed_eula.exists.value, false);
  EXPECT_EQ(live.setup_displayed_eula.exists.source, "registry:HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE");
  EXPECT_EQ(live.task_states.key_present.value, false);
  ASSERT_EQ(live.ek_certificates.size(), 1u);
  EXPECT_FALSE(live.ek_certificates[0].der.empty());
  EXPECT_EQ(live.ek_certificates[0].source,
            "registry:HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement\\EKCertStore\\Certificates\\"
            "B6BAE82B06492321A84308410C282928D789BBCA\\Blob");
}

// The mapper is given the live source prefix: every fact names the live key or value it was read
// from ("registry:HKLM\\<key>\\<value>"), never a file name and line, with no rewriting after.
TEST(LiveRegistry, EveryFactCarriesItsLiveSourceFromTheMapper) {
  auto reg = load({"healthy-device.reg", "seed000-eula-oobe.reg"});
  ExportReader reader(reg);
  std::vector<std::string> notes;
  const nlohmann::json j = read_live_registry(reader, notes);
  std::vector<std::string> sources;
  std::vector<const nlohmann::json*> todo{&j};
  while (!todo.empty()) {
    const nlohmann::json* n = todo.back();
    todo.pop_back();
    if (n->is_object() && n->contains("source") && (*n)["source"].is_string())
      sources.push_back((*n)["source"].get<std::string>());
    if (n->is_structured())
      for (const auto& child : *n) todo.push_back(&child);
  }
  ASSERT_GT(sources.size(), 20u);
  for (const auto& s : sources) {
    if (s.empty()) continue;  // a fact unknown for want of any key says so without a source
    EXPECT_EQ(s.rfind("registry:HKLM\\", 0), 0u) << s;
    EXPECT_EQ(s.find("file:"), std::string::npos) << s;
    EXPECT_NE(s.substr(s.size() - 2), ":0") << s;
  }
  // The EK store walk is given the same prefix: the certificate names its live Blob value.
  RegistryEvidence live = read_live_registry(reader, notes);
  ASSERT_EQ(live.ek_certificates.size(), 1u);
  EXPECT_EQ(live.ek_certificates[0].source,
            "registry:HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement\\EKCertStore\\Certificates\\"
            "B6BAE82B06492321A84308410C282928D789BBCA\\Blob");
  EXPECT_EQ(live.task_states.key_present.source,
            "registry:HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\TaskStates");
}

TEST(LiveRegistry, HealthyDeviceGivesTheOfflineFacts) {
  auto reg = load({"healthy-device.reg", "currentversion-22000.556.reg"});
  RegistryEvidence off;
  offline::apply_registry(reg, off);
  ExportReader reader(reg);
  std::vector<std::string> notes;
  RegistryEvidence live = read_live_registry(reader, notes);
  expect_same(live, off);
  EXPECT_EQ(live.setup_displayed_eula.number, 1u);
  EXPECT_EQ(live.task_states.ek_certificate_present.number, 1u);
  EXPECT_GT(live.wbcl_data.size(), 0u);
  EXPECT_EQ(live.task_states.ek_certificate_present.exists.source,
            "registry:HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\TaskStates\\EkCertificatePresent");
  // The Windows build is read from the same one place, the same way.
  EXPECT_EQ(live.current_build.text, "22000");
  EXPECT_EQ(live.ubr.number, 556u);
  EXPECT_EQ(live.ubr.exists.source, "registry:HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\UBR");
}

TEST(LiveRegistry, AccessDeniedKeyMakesItsFactsUnknownNotAbsent) {
  auto reg = load({"healthy-device.reg", "currentversion-22000.556.reg"});
  ExportReader reader(reg);
  reader.denied["SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Admin"] = true;
  reader.denied["SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\TaskStates"] = true;
  std::vector<std::string> notes;
  RegistryEvidence live = read_live_registry(reader, notes);
  EXPECT_FALSE(live.srk_pub.exists.value.has_value());
  ASSERT_TRUE(live.srk_pub.exists.unknown_reason.has_value());
  EXPECT_NE(live.srk_pub.exists.unknown_reason->find("Access is denied"), std::string::npos);
  EXPECT_FALSE(live.task_states.key_present.value.has_value());
  EXPECT_FALSE(live.task_states.ek_certificate_present.exists.value.has_value());
  EXPECT_EQ(live.setup_displayed_eula.number, 1u);  // other keys still read
  EXPECT_EQ(live.ubr.number, 556u);
  EXPECT_EQ(notes.size(), 3u);  // the two denied keys, and Provisioning\Diagnostics\Autopilot (not exported)
  // A denied CurrentVersion key: the build is unknown with the reason, not absent.
  reader.denied["SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"] = true;
  notes.clear();
  live = read_live_registry(reader, notes);
  EXPECT_FALSE(live.ubr.exists.value.has_value());
  EXPECT_NE(windows_build(live).build.unknown_reason->find("Access is denied"), std::string::npos);
}

TEST(LiveRegistry, MissingKeysUnderAnExistingParentAreAbsent) {
  // A registry that has HKLM\SYSTEM and HKLM\SOFTWARE but none of the TPM keys (a fresh Wine prefix).
  struct Bare : platform::RegistryReader {
    platform::RegistryKey read_key(const std::string& path) override {
      platform::RegistryKey k;
      if (path == "SYSTEM" || path == "SOFTWARE") k.status = platform::KeyStatus::Ok;
      return k;
    }
  } reader;
  std::vector<std::string> notes;
  RegistryEvidence live = read_live_registry(reader, notes);
  EXPECT_EQ(live.setup_displayed_eula.exists.value, false);
  EXPECT_EQ(live.setup_displayed_eula.exists.source, "registry:HKLM\\SOFTWARE");
  EXPECT_EQ(live.task_states.key_present.value, false);
  EXPECT_EQ(live.ek_cert_store_present.value, false);
  EXPECT_TRUE(live.ek_certificates.empty());
  EXPECT_TRUE(notes.empty());
}

TEST(TaskInfo, OleDatesAndStates) {
  EXPECT_EQ(ole_date_text(25569.5), "1970-01-01 12:00:00");
  EXPECT_EQ(ole_date_text(46352.578425925926), "2026-11-26 13:52:56");
  EXPECT_EQ(ole_date_text(0), "never");
  EXPECT_EQ(task_state_name(3), "Ready");
  EXPECT_EQ(task_state_name(4), "Running");
  EXPECT_EQ(task_state_name(99), "Unknown");
}

TEST(TaskInfo, MissingTaskIsAFactAndFailedQueryIsUnknown) {
  TaskQuery missing{"Task Scheduler COM", false, "GetFolder(\\Microsoft\\Windows\\TPM): not found", {}, {}, {}, {}, {}};
  auto t = task_evidence("\\Microsoft\\Windows\\TPM\\Tpm-Maintenance", missing);
  EXPECT_EQ(t.exists.value, false);
  EXPECT_EQ(t.reader, "Task Scheduler COM");
  EXPECT_EQ(t.exists.source, "taskscheduler:\\Microsoft\\Windows\\TPM\\Tpm-Maintenance");
  EXPECT_FALSE(t.last_result.value.has_value());

  TaskQuery failed{"TaskCache registry", std::nullopt, "Access is denied", {}, {}, {}, {}, {}};
  auto u = task_evidence("\\Microsoft\\Windows\\TPM\\Tpm-Maintenance", failed);
  EXPECT_FALSE(u.exists.value.has_value());
  EXPECT_NE(u.exists.unknown_reason->find("Access is denied"), std::string::npos);

  TaskQuery ran{"Task Scheduler COM", true, "", true, 3, "2026-11-26 13:52:56", "never", 0x00041303};
  auto r = task_evidence("\\Microsoft\\Windows\\TPM\\Tpm-Maintenance", ran);
  EXPECT_EQ(r.status.value, "Ready");
  EXPECT_EQ(r.scheduled_task_state.value, "Enabled");
  EXPECT_EQ(r.last_result.value, 0x00041303u);
}

TEST(LiveRegistry, BiosKeyGivesTheDeviceIdentityAsTheReg) {
  for (const std::string file : {"bios-hyperv-vm.reg", "bios-physical-surface.reg"}) {
    const auto reg = load({file});
    ExportReader reader(reg);
    std::vector<std::string> notes;
    const BiosEvidence live = read_live_bios(reader, notes);
    BiosEvidence off;
    offline::apply_bios(reg, off);
    EXPECT_EQ(live.system_manufacturer.value, off.system_manufacturer.value) << file;
    EXPECT_EQ(live.system_product_name.value, off.system_product_name.value) << file;
    EXPECT_EQ(live.system_manufacturer.value, "Microsoft Corporation");
    EXPECT_EQ(live.system_product_name.source, "registry:HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS\\SystemProductName");
    EXPECT_TRUE(notes.empty());
  }
  const auto reg = load({"bios-hyperv-vm.reg"});
  ExportReader denied(reg);
  denied.denied["HARDWARE\\DESCRIPTION\\System\\BIOS"] = true;
  std::vector<std::string> notes;
  const BiosEvidence none = read_live_bios(denied, notes);
  EXPECT_FALSE(none.system_manufacturer.has_value());
  EXPECT_EQ(none.system_manufacturer.unknown_reason,
            "HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS not readable: Access is denied (error 5)");
  EXPECT_EQ(notes.size(), 1u);
}
