#include "collect/windows/live_registry.h"

#include <functional>

#include "collect/offline/windows_facts.h"
#include "collect/offline/reg_file.h"
#include "util/text.h"

namespace tpmready::collect {
namespace {

using offline::RegistryExport;

// facts/windows.md §2.1 / §2.2 (key indices in comments), below HKLM.
const std::string kTpmWmi = "SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI";                 // key 4
const std::string kTaskStates = kTpmWmi + "\\TaskStates";                                     // key 8
const std::string kAttestationInfo = kTaskStates + "\\AttestationInfo";                       // key 9
const std::string kAdmin = kTpmWmi + "\\Admin";                                               // key 5
const std::string kEndorsement = kTpmWmi + "\\Endorsement";                                 // key 6
const std::string kEkCertStore = kTpmWmi + "\\Endorsement\\EKCertStore";                      // key 11
const std::string kEkCertStoreEcc = kTpmWmi + "\\Endorsement\\EkCertStoreECC";                // key 12
const std::string kOobe = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE";        // §2.1
const std::string kIntegrity = "SYSTEM\\CurrentControlSet\\Control\\IntegrityServices";      // key 15
const std::string kAikCertEnroll = "SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Ngc\\AIKCertEnroll";  // §2.1
const std::string kAutopilotDiag(kAutopilotDiagnosticsKey);                                   // §2.1
const std::string kCurrentVersion(kCurrentVersionKey);                                        // §2.1

const std::string kHklm = "HKEY_LOCAL_MACHINE\\";

bool is_under(const std::string& key, const std::string& root) {
  return iequals(key, root) ||
         (key.size() > root.size() && key[root.size()] == '\\' && iequals(key.substr(0, root.size()), root));
}

/// `key_file` is the key's name in sources, "HKLM\\<key>"; the value's is "HKLM\\<key>\\<value>".
offline::RegValue to_reg_value(const platform::RegistryValue& v, const std::string& key_file) {
  offline::RegValue r;
  r.name = v.name;
  r.type = v.type;
  r.data = v.data;
  r.file = key_file + "\\" + (v.name.empty() ? "(Default)" : v.name);
  if ((v.type == offline::kRegDword && v.data.size() == 4) || (v.type == offline::kRegQword && v.data.size() == 8)) {
    std::uint64_t n = 0;
    for (std::size_t i = v.data.size(); i-- > 0;) n = (n << 8) | v.data[i];  // little-endian
    r.number = n;
  } else if (v.type == offline::kRegSz || v.type == offline::kRegExpandSz) {
    std::size_t n = v.data.size() & ~std::size_t{1};
    for (std::size_t i = 0; i + 1 < n; i += 2) {
      if (v.data[i] == 0 && v.data[i + 1] == 0) {
        n = i;  // stop at the terminator
        break;
      }
    }
    if (auto text = offline::utf16le_to_utf8(ByteSpan(v.data.data(), n))) r.text = std::move(*text);
  }
  return r;
}

struct Builder {
  platform::RegistryReader& reader;
  std::vector<std::string>& notes;
  RegistryExport reg;
  std::vector<std::pair<std::string, std::string>> unreadable;  // (key, reason)

  /// Reads `path` into the export; false when it is not there or not readable.
  bool add(const std::string& path, platform::RegistryKey* out = nullptr) {
    platform::RegistryKey key = reader.read_key(path);
    if (key.status == platform::KeyStatus::NotFound) {
      add_nearest_ancestor(path);
      return false;
    }
    if (key.status != platform::KeyStatus::Ok) {
      unreadable.emplace_back(path, key.error);
      notes.push_back("registry HKLM\\" + path + ": " + key.error);
      return false;
    }
    // Named "HKLM\\<key>" with no line: apply_registry with kLiveRegistrySourcePrefix makes the
    // sources "registry:HKLM\\<key>\\<value>".
    const std::string file = "HKLM\\" + path;
    offline::RegKey& k = reg.open_key(kHklm + path, file, 0);
    for (const auto& v : key.values) reg.set_value(k, to_reg_value(v, file));
    if (out) *out = std::move(key);
    return true;
  }

  /// A missing key is "absent" only when its parent was seen; record the nearest existing ancestor
  /// (offline::apply_registry reads "ancestor exported, key not" as absent).
  void add_nearest_ancestor(std::string path) {
    for (auto cut = path.rfind('\\'); cut != std::string::npos; cut = path.rfind('\\')) {
      path.resize(cut);
      platform::RegistryKey key = reader.read_key(path);
      if (key.status == platform::KeyStatus::Ok) {
        reg.open_key(kHklm + path, "HKLM\\" + path, 0);
        return;
      }
      if (key.status != platform::KeyStatus::NotFound) return;  // unreadable: absence is not known
    }
  }

  void add_with_subkeys(const std::string& path) {
    platform::RegistryKey certs;
    if (!add(path)) return;
    if (!add(path + "\\Certificates", &certs)) return;
    for (const auto& name : certs.subkeys) add(path + "\\Certificates\\" + name);
  }
};

/// Every value fact with the key (below HKLM) it lives in.
void for_each_fact(RegistryEvidence& r, const std::function<void(const std::string&, RegValueFact&)>& fn) {
  auto& ts = r.task_states;
  for (RegValueFact* f : {&ts.ek_certificate_present, &ts.ecc_ek_certificate_present, &ts.maintenance_task_complete,
                          &ts.owner_auth_endorsement_present, &ts.pcr7_binding_state, &ts.tpm_provision_failed_steps,
                          &ts.tpm_provision_hresult})
    fn(kTaskStates, *f);
  for (auto& [name, f] : ts.attestation_info) fn(kAttestationInfo, f);
  for (RegValueFact* f : {&r.task_ready_for_attestation, &r.task_ready_for_storage, &r.task_information_flags,
                          &r.task_manufacturer_id, &r.task_firmware_version, &r.aik_enrollment_error_code,
                          &r.firmware_version_at_last_provision})
    fn(kTpmWmi, *f);
  fn(kAdmin, r.srk_pub);
  fn(kOobe, r.setup_displayed_eula);
  fn(kIntegrity, r.wbcl);
  fn(kAikCertEnroll, r.aik_cert_enroll_error_code);
  fn(kEndorsement, r.ek_tries);
  fn(kEndorsement, r.ek_retry_last);
  auto& ap = r.autopilot;
  for (RegValueFact* f : {&ap.cloud_assigned_tenant_id, &ap.cloud_assigned_tenant_domain, &ap.is_autopilot_disabled,
                          &ap.cloud_assigned_oobe_config, &ap.deployment_profile_name})
    fn(kAutopilotDiag, *f);
  for (RegValueFact* f : {&r.current_build, &r.current_build_number, &r.ubr}) fn(kCurrentVersion, *f);
}

void mark_unreadable(RegistryEvidence& r, const std::string& denied, const std::string& reason) {
  const std::string why = "HKLM\\" + denied + " not readable: " + reason;
  const std::string src = "registry:HKLM\\" + denied;
  for_each_fact(r, [&](const std::string& key, RegValueFact& f) {
    if (is_under(key, denied)) f = RegValueFact{Fact<bool>::unknown(why, src)};
  });
  if (is_under(kTaskStates, denied)) r.task_states.key_present = Fact<bool>::unknown(why, src);
  if (is_under(kEkCertStore, denied)) r.ek_cert_store_present = Fact<bool>::unknown(why, src);
  if (is_under(kAutopilotDiag, denied)) r.autopilot.key_present = Fact<bool>::unknown(why, src);
  if (is_under(kIntegrity, denied)) r.wbcl_data.clear();
}

}  // namespace

RegistryEvidence read_live_registry(platform::RegistryReader& reader, std::vector<std::string>& notes) {
  Builder b{reader, notes, {}, {}};
  b.reg.add_file("registry");  // the export is not empty: missing keys are "absent", not "no input"
  for (const auto& key : {kTpmWmi, kTaskStates, kAttestationInfo, kAdmin, kEndorsement, kOobe, kIntegrity, kAikCertEnroll,
                          kAutopilotDiag, kCurrentVersion})
    b.add(key);
  b.add_with_subkeys(kEkCertStore);
  b.add_with_subkeys(kEkCertStoreEcc);
  RegistryEvidence out;
  offline::apply_registry(b.reg, out, offline::kLiveRegistrySourcePrefix);
  for (const auto& [key, reason] : b.unreadable) mark_unreadable(out, key, reason);
  return out;
}

BiosEvidence read_live_bios(platform::RegistryReader& reader, std::vector<std::string>& notes) {
  Builder b{reader, notes, {}, {}};
  b.reg.add_file("registry");
  const std::string key(kBiosKey);
  b.add(key);
  BiosEvidence out;
  offline::apply_bios(b.reg, out, offline::kLiveRegistrySourcePrefix);
  for (const auto& [denied, reason] : b.unreadable) {
    const std::string why = "HKLM\\" + denied + " not readable: " + reason;
    out.system_manufacturer = Fact<std::string>::unknown(why, "registry:HKLM\\" + denied);
    out.system_product_name = Fact<std::string>::unknown(why, "registry:HKLM\\" + denied);
  }
  return out;
}

}  // namespace tpmready::collect
