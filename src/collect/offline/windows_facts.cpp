// Windows exports → WindowsEvidence facts: the mapping from each parsed export to the facts it
// records, with sources and conflicts between inputs kept as notes (windows_facts.h).
#include "collect/offline/windows_facts.h"

#include "collect/ekcert_registry.h"
#include "collect/offline/information_flags.h"
#include "tpm/constants.h"
#include "util/decimal.h"
#include "util/text.h"

namespace tpmready::offline {
namespace {

// ---- registry paths (facts/windows.md §2.1 keys, §2.2 value catalogue) -----------------------
const std::string kTpmWmi(kKeyTpmWmi);
const std::string kTaskStates = kTpmWmi + "\\TaskStates";                 // §2.2 key 8
const std::string kAttestationInfo = kTaskStates + "\\AttestationInfo";   // §2.2 key 9
const std::string kAdmin = kTpmWmi + "\\Admin";                           // §2.2 key 5
const std::string kEndorsement = kTpmWmi + "\\Endorsement";               // §2.2 key 6
const std::string kEkCertStore = kEndorsement + "\\EKCertStore";          // §2.1, §2.2 key 11
const std::string kOobe = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE";  // §0
const std::string kIntegrityServices = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices";
const std::string kAikCertEnroll = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Ngc\\AIKCertEnroll";
const std::string kAutopilotDiag = "HKEY_LOCAL_MACHINE\\" + std::string(kAutopilotDiagnosticsKey);  // §2.1
const std::string kCurrentVersion = "HKEY_LOCAL_MACHINE\\" + std::string(kCurrentVersionKey);  // §2.1

std::string file_source(const std::string& file, std::size_t line) { return reg_source(kFileSourcePrefix, file, line); }

// ---- conflict-aware fact setting --------------------------------------------------------------
std::string describe(bool v) { return v ? "True" : "False"; }
std::string describe(std::uint32_t v) { return std::to_string(v); }
std::string describe(const std::string& v) { return "'" + v + "'"; }
std::string describe(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out + "]";
}

template <typename T>
void set_fact(Fact<T>& f, T v, std::string source, std::string_view what, std::vector<std::string>& notes) {
  if (f.value && !(*f.value == v)) {
    notes.push_back(std::string(what) + ": " + describe(*f.value) + " (" + f.source + ") then " + describe(v) + " (" +
                    source + "); later input wins");
  }
  f = Fact<T>::known(std::move(v), std::move(source));
}

template <typename T>
void set_unknown_if_empty(Fact<T>& f, std::string reason, std::string source = {}) {
  if (!f.value && !f.unknown_reason) f = Fact<T>::unknown(std::move(reason), std::move(source));
}

std::optional<std::uint32_t> parse_u32(std::string_view s) { return parse_decimal_u32(trim(s)); }

// ---- registry ---------------------------------------------------------------------------------
// The nearest exported ancestor of `path` (regedit exports a key with its whole subtree, so a
// missing key under an exported ancestor did not exist on the device).
const RegKey* exported_ancestor(const RegistryExport& reg, const std::string& path) {
  std::string p = path;
  for (std::size_t cut = p.rfind('\\'); cut != std::string::npos; cut = p.rfind('\\')) {
    p.resize(cut);
    if (const RegKey* k = reg.find_key(p)) return k;
    if (p.find('\\') == std::string::npos) break;
  }
  return nullptr;
}

std::string missing_reason(const RegistryExport& reg, const std::string& key) {
  if (reg.files().empty()) return "no registry export among the inputs";
  return key + " not in the registry exports";
}

RegValueFact value_fact(const RegValue& v, std::string_view prefix) {
  RegValueFact f;
  f.exists = Fact<bool>::known(true, reg_source(prefix, v.file, v.line));
  f.type = reg_type_name(v.type);
  f.number = v.number;
  f.text = v.text;
  f.size = v.data.size();
  return f;
}

RegValueFact reg_value(const RegistryExport& reg, std::string_view prefix, const std::string& key, std::string_view name) {
  RegValueFact f;
  if (const RegKey* k = reg.find_key(key)) {
    if (const RegValue* v = k->find(name)) return value_fact(*v, prefix);
    f.exists = Fact<bool>::known(false, reg_source(prefix, k->file, k->line));  // key exported without it
  } else if (const RegKey* a = exported_ancestor(reg, key)) {
    f.exists = Fact<bool>::known(false, reg_source(prefix, a->file, a->line));  // key itself absent
  } else {
    f.exists = Fact<bool>::unknown(missing_reason(reg, key));
  }
  return f;
}

Fact<bool> key_fact(const RegistryExport& reg, std::string_view prefix, const std::string& key) {
  if (const RegKey* k = reg.find_key(key)) return Fact<bool>::known(true, reg_source(prefix, k->file, k->line));
  if (reg.covers(key)) {
    const RegKey* below = reg.subkeys(key).empty() ? nullptr : reg.subkeys(key).front();
    return Fact<bool>::known(true, below ? reg_source(prefix, below->file, below->line) : std::string());
  }
  if (const RegKey* a = exported_ancestor(reg, key)) return Fact<bool>::known(false, reg_source(prefix, a->file, a->line));
  return Fact<bool>::unknown(missing_reason(reg, key));
}

// ---- tpmtool ----------------------------------------------------------------------------------
template <typename T>
struct LabelMap {
  std::string_view label;
  Fact<T> TpmtoolEvidence::*member;
};

const LabelMap<bool> kTpmtoolBools[] = {
    {"TPM Present", &TpmtoolEvidence::tpm_present},
    {"Is Initialized", &TpmtoolEvidence::is_initialized},
    {"Ready For Storage", &TpmtoolEvidence::ready_for_storage},
    {"Ready For Attestation", &TpmtoolEvidence::ready_for_attestation},
    {"Is Capable For Attestation", &TpmtoolEvidence::is_capable_for_attestation},
    {"Clear Needed To Recover", &TpmtoolEvidence::clear_needed_to_recover},
    {"Clear Possible", &TpmtoolEvidence::clear_possible},
    {"TPM Has Vulnerable Firmware", &TpmtoolEvidence::has_vulnerable_firmware},
    {"Maintenance Task Complete", &TpmtoolEvidence::maintenance_task_complete},
    {"Is Locked Out", &TpmtoolEvidence::is_locked_out},
};
const LabelMap<std::string> kTpmtoolStrings[] = {
    {"TPM Version", &TpmtoolEvidence::tpm_version},
    {"TPM Manufacturer ID", &TpmtoolEvidence::manufacturer_id},
    {"TPM Manufacturer Full Name", &TpmtoolEvidence::manufacturer_full_name},
    {"TPM Manufacturer Version", &TpmtoolEvidence::manufacturer_version},
    {"PPI Version", &TpmtoolEvidence::ppi_version},
    {"TPM Spec Version", &TpmtoolEvidence::spec_version},
    {"TPM Errata Date", &TpmtoolEvidence::errata_date},
    {"PC Client Version", &TpmtoolEvidence::pc_client_version},
};

void apply_tpmtool_flags(const TpmtoolOutput& t, TpmtoolEvidence& out, std::vector<std::string>& notes) {
  if (!t.flags_section) return;
  std::vector<std::string> names;
  std::uint32_t mask = 0;
  for (const auto& f : t.information_flags) {
    names.push_back(f.name);
    if (auto bit = information_flag_value(f.name)) mask |= *bit;
  }
  const std::string src = file_source(t.file, t.flags_line);
  set_fact(out.information_flags, std::move(names), src, "tpmtool Information Flags", notes);
  set_fact(out.information_flags_mask, mask, src, "tpmtool Information Flags mask", notes);
}

// ---- PowerShell -------------------------------------------------------------------------------
template <typename E, typename T>
struct PsMap {
  std::string_view name;
  Fact<T> E::*member;
};

const PsMap<GetTpmEvidence, bool> kGetTpmBools[] = {
    {"TpmPresent", &GetTpmEvidence::tpm_present},   {"TpmReady", &GetTpmEvidence::tpm_ready},
    {"TpmEnabled", &GetTpmEvidence::tpm_enabled},   {"TpmActivated", &GetTpmEvidence::tpm_activated},
    {"TpmOwned", &GetTpmEvidence::tpm_owned},       {"RestartPending", &GetTpmEvidence::restart_pending},
    {"LockedOut", &GetTpmEvidence::locked_out},
};
const PsMap<GetTpmEvidence, std::uint32_t> kGetTpmNumbers[] = {
    {"ManufacturerId", &GetTpmEvidence::manufacturer_id},
    {"LockoutCount", &GetTpmEvidence::lockout_count},
    {"LockoutMax", &GetTpmEvidence::lockout_max},
};
const PsMap<GetTpmEvidence, std::string> kGetTpmStrings[] = {
    {"ManufacturerIdTxt", &GetTpmEvidence::manufacturer_id_txt},
    {"ManufacturerVersion", &GetTpmEvidence::manufacturer_version},
    {"ManufacturerVersionFull20", &GetTpmEvidence::manufacturer_version_full20},
    {"ManufacturerVersionInfo", &GetTpmEvidence::manufacturer_version_info},
    {"LockoutHealTime", &GetTpmEvidence::lockout_heal_time},
    {"SelfTest", &GetTpmEvidence::self_test},
};

/// "Not Supported ..." is Windows saying the TPM has no such property: unknown, with its words.
template <typename T>
bool ps_not_supported(const PsField& p, const std::string& src, Fact<T>& f) {
  if (!is_ps_not_supported(p.value)) return false;
  f = Fact<T>::unknown("Get-Tpm prints \"" + p.value + "\"", src);
  return true;
}

/// "7.40.2098.0", "302.12": digits and dots, starting with a digit.
bool looks_like_version(std::string_view v) {
  if (v.empty() || v[0] < '0' || v[0] > '9') return false;
  for (char c : v) {
    if ((c < '0' || c > '9') && c != '.') return false;
  }
  return true;
}

void ps_bool(const PsListOutput& list, std::string_view name, Fact<bool>& f, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  if (ps_not_supported(*p, src, f)) return;
  if (auto b = parse_ps_bool(p->value)) {
    set_fact(f, *b, src, std::string(name), notes);
  } else {
    set_unknown_if_empty(f, "unrecognised value '" + p->value + "'", src);
  }
}

void ps_u32(const PsListOutput& list, std::string_view name, Fact<std::uint32_t>& f, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  if (ps_not_supported(*p, src, f)) return;
  if (auto n = parse_u32(p->value)) {
    set_fact(f, *n, src, std::string(name), notes);
  } else {
    set_unknown_if_empty(f, "unrecognised value '" + p->value + "'", src);
  }
}

void ps_string(const PsListOutput& list, std::string_view name, Fact<std::string>& f, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  if (ps_not_supported(*p, src, f)) return;
  set_fact(f, p->value, src, std::string(name), notes);
}

/// The TPM family the list shows: a property "Not Supported for TPM 1.2" says 1.2; a version in
/// ManufacturerVersionFull20 (Get-Tpm fills it for a TPM 2.0 only) says 2.0.
void get_tpm_family(const PsListOutput& list, GetTpmEvidence& out, std::vector<std::string>& notes) {
  for (const auto& f : list.fields) {
    if (trim(f.value) == kPsNotSupportedTpm12) {
      return set_fact(out.tpm_family, std::string("1.2"), file_source(list.file, f.line), "Get-Tpm TPM family", notes);
    }
  }
  if (const PsField* full = list.find("ManufacturerVersionFull20"); full && looks_like_version(trim(full->value))) {
    set_fact(out.tpm_family, std::string("2.0"), file_source(list.file, full->line), "Get-Tpm TPM family", notes);
  }
}

void ps_certs(const PsListOutput& list, std::string_view name, Fact<std::uint32_t>& count,
              Fact<std::vector<std::string>>& thumbs, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  auto c = parse_cert_collection(p->value);
  if (!c) {
    set_unknown_if_empty(count, "unrecognised collection text", src);
    return;
  }
  if (c->truncated) {
    set_unknown_if_empty(count, "collection cut by Format-List ('...'); at least " + std::to_string(c->count), src);
  } else {
    set_fact(count, static_cast<std::uint32_t>(c->count), src, std::string(name) + " count", notes);
  }
  set_fact(thumbs, c->thumbprints, src, std::string(name) + " thumbprints", notes);
}

}  // namespace

void apply_registry(const RegistryExport& reg, RegistryEvidence& out, std::string_view source_prefix) {
  TaskStatesEvidence& ts = out.task_states;
  ts.key_present = key_fact(reg, source_prefix, kTaskStates);
  ts.ek_certificate_present = reg_value(reg, source_prefix, kTaskStates, "EkCertificatePresent");
  ts.ecc_ek_certificate_present = reg_value(reg, source_prefix, kTaskStates, "EccEkCertificatePresent");
  ts.maintenance_task_complete = reg_value(reg, source_prefix, kTaskStates, "MaintenanceTaskComplete");
  ts.owner_auth_endorsement_present = reg_value(reg, source_prefix, kTaskStates, "OwnerAuthEndorsementPresent");
  ts.pcr7_binding_state = reg_value(reg, source_prefix, kTaskStates, "PCR7BindingState");
  ts.tpm_provision_failed_steps = reg_value(reg, source_prefix, kTaskStates, "TpmProvisionFailedSteps");
  ts.tpm_provision_hresult = reg_value(reg, source_prefix, kTaskStates, "TpmProvisionHresult");
  ts.attestation_info.clear();
  if (const RegKey* ai = reg.find_key(kAttestationInfo)) {
    for (const auto& v : ai->values) ts.attestation_info[v.name.empty() ? "@" : v.name] = value_fact(v, source_prefix);
  }
  out.setup_displayed_eula = reg_value(reg, source_prefix, kOobe, "SetupDisplayedEula");
  out.wbcl = reg_value(reg, source_prefix, kIntegrityServices, "WBCL");
  out.wbcl_data.clear();
  if (const RegValue* w = reg.find_value(kIntegrityServices, "WBCL")) out.wbcl_data = w->data;
  out.ek_cert_store_present = key_fact(reg, source_prefix, kEkCertStore);
  out.ek_certificates = collect::read_ek_cert_stores(reg, source_prefix);
  out.task_ready_for_attestation = reg_value(reg, source_prefix, kTpmWmi, "TaskReadyForAttestation");
  out.task_ready_for_storage = reg_value(reg, source_prefix, kTpmWmi, "TaskReadyForStorage");
  out.task_information_flags = reg_value(reg, source_prefix, kTpmWmi, "TaskInformationFlags");
  out.task_manufacturer_id = reg_value(reg, source_prefix, kTpmWmi, "TaskManufacturerId");
  out.task_firmware_version = reg_value(reg, source_prefix, kTpmWmi, "TaskFirmwareVersion");
  out.aik_enrollment_error_code = reg_value(reg, source_prefix, kTpmWmi, "AIKEnrollmentErrorCode");
  out.firmware_version_at_last_provision = reg_value(reg, source_prefix, kTpmWmi, "FirmwareVersionAtLastProvision");  // §14
  out.srk_pub = reg_value(reg, source_prefix, kAdmin, "SRKPub");
  out.aik_cert_enroll_error_code = reg_value(reg, source_prefix, kAikCertEnroll, "ErrorCode");
  out.ek_tries = reg_value(reg, source_prefix, kEndorsement, "EkTries");
  out.ek_retry_last = reg_value(reg, source_prefix, kEndorsement, "EkRetryLast");
  AutopilotRegistryEvidence& ap = out.autopilot;
  ap.key_present = key_fact(reg, source_prefix, kAutopilotDiag);
  ap.cloud_assigned_tenant_id = reg_value(reg, source_prefix, kAutopilotDiag, "CloudAssignedTenantId");
  ap.cloud_assigned_tenant_domain = reg_value(reg, source_prefix, kAutopilotDiag, "CloudAssignedTenantDomain");
  ap.is_autopilot_disabled = reg_value(reg, source_prefix, kAutopilotDiag, "IsAutopilotDisabled");
  ap.cloud_assigned_oobe_config = reg_value(reg, source_prefix, kAutopilotDiag, "CloudAssignedOobeConfig");
  ap.deployment_profile_name = reg_value(reg, source_prefix, kAutopilotDiag, "DeploymentProfileName");
  out.current_build = reg_value(reg, source_prefix, kCurrentVersion, "CurrentBuild");
  out.current_build_number = reg_value(reg, source_prefix, kCurrentVersion, "CurrentBuildNumber");
  out.ubr = reg_value(reg, source_prefix, kCurrentVersion, "UBR");
}

void apply_bios(const RegistryExport& reg, BiosEvidence& out, std::string_view prefix) {
  const std::string key = "HKEY_LOCAL_MACHINE\\" + std::string(kBiosKey);
  auto text_value = [&](std::string_view name) {
    const RegKey* k = reg.find_key(key);
    if (!k) return Fact<std::string>::unknown(missing_reason(reg, key));
    const RegValue* v = k->find(name);
    if (!v) return Fact<std::string>::unknown(std::string(name) + " not in the exported key",
                                              reg_source(prefix, k->file, k->line));
    const std::string src = reg_source(prefix, v->file, v->line);
    if (!v->text) return Fact<std::string>::unknown(std::string(name) + " is not a string value", src);
    return Fact<std::string>::known(*v->text, src);
  };
  out.system_manufacturer = text_value("SystemManufacturer");
  out.system_product_name = text_value("SystemProductName");
}

void apply_computer_name(const RegistryExport& reg, Fact<std::string>& out, std::string_view prefix) {
  const std::string key = "HKEY_LOCAL_MACHINE\\" + std::string(kComputerNameKey);
  const RegKey* k = reg.find_key(key);
  if (!k) {
    out = Fact<std::string>::unknown(missing_reason(reg, key));
    return;
  }
  const RegValue* v = k->find("ComputerName");
  if (!v) {
    out = Fact<std::string>::unknown("ComputerName not in the exported key", reg_source(prefix, k->file, k->line));
    return;
  }
  const std::string src = reg_source(prefix, v->file, v->line);
  if (!v->text || trim(*v->text).empty()) {
    out = Fact<std::string>::unknown("ComputerName is not a non-empty string value", src);
    return;
  }
  out = Fact<std::string>::known(std::string(trim(*v->text)), src);
}

void apply_tpmtool(const TpmtoolOutput& t, TpmtoolEvidence& out, std::vector<std::string>& notes) {
  for (const auto& m : kTpmtoolBools) {
    const TpmtoolField* f = t.find(m.label);
    if (!f) continue;
    const std::string src = file_source(t.file, f->line);
    if (auto b = parse_ps_bool(f->value)) {
      set_fact(out.*m.member, *b, src, "tpmtool " + std::string(m.label), notes);
    } else {
      set_unknown_if_empty(out.*m.member, "unrecognised value '" + f->value + "'", src);
    }
  }
  for (const auto& m : kTpmtoolStrings) {
    if (const TpmtoolField* f = t.find(m.label)) {
      set_fact(out.*m.member, f->value, file_source(t.file, f->line), "tpmtool " + std::string(m.label), notes);
    }
  }
  if (const TpmtoolField* f = t.find("PCR7 Binding State")) {
    const std::string src = file_source(t.file, f->line);
    if (auto n = parse_u32(f->value)) {
      set_fact(out.pcr7_binding_state, *n, src, "tpmtool PCR7 Binding State", notes);
    } else {
      set_unknown_if_empty(out.pcr7_binding_state, "unrecognised value '" + f->value + "'", src);
    }
  }
  apply_tpmtool_flags(t, out, notes);
  if (t.failure) apply_tpmtool_failure(*t.failure, t.file, out, notes);
}

void apply_tpmtool_failure(const TpmtoolFailure& failure, const std::string& file, TpmtoolEvidence& out,
                           std::vector<std::string>& notes) {
  const std::string src = file_source(file, failure.line);
  set_fact(out.command_failed, failure.code, src, "tpmtool Command failed with", notes);
  set_fact(out.command_failed_message, failure.message, src, "tpmtool failure message", notes);
}

void apply_schtasks(const SchtasksOutput& tasks, ScheduledTaskEvidence& out, std::vector<std::string>& notes) {
  const SchtasksRecord* r = tasks.find_task(kTpmMaintenanceTask);
  if (!r) return;
  const std::string what = "schtasks Tpm-Maintenance ";
  out.reader = "schtasks /fo " + tasks.format;
  set_fact(out.exists, true, file_source(tasks.file, r->line), what + "exists", notes);
  auto text = [&](std::string_view label, Fact<std::string>& f) {
    if (const SchtasksField* x = r->find(label)) {
      set_fact(f, x->value, file_source(tasks.file, x->line), what + std::string(label), notes);
    }
  };
  text("Status", out.status);
  text("Scheduled Task State", out.scheduled_task_state);
  text("Last Run Time", out.last_run_time);
  text("Next Run Time", out.next_run_time);
  if (const SchtasksField* x = r->find("Last Result")) {
    const std::string src = file_source(tasks.file, x->line);
    if (auto n = parse_last_result(x->value)) {
      set_fact(out.last_result, *n, src, what + "Last Result", notes);
    } else {
      set_unknown_if_empty(out.last_result, "unrecognised value '" + x->value + "'", src);
    }
  }
}

void apply_scheduled_task_info(const PsListOutput& list, ScheduledTaskEvidence& out, std::vector<std::string>& notes) {
  // Find the object whose TaskPath + TaskName is the Tpm-Maintenance task (facts §5).
  for (const auto& name : list.fields) {
    if (!iequals(name.name, kPsTaskName)) continue;
    const PsField* path = nullptr;
    const PsField* result = nullptr;
    for (const auto& f : list.fields) {
      if (f.object != name.object) continue;
      if (iequals(f.name, kPsTaskPath)) path = &f;
      if (iequals(f.name, kPsLastTaskResult)) result = &f;
    }
    const std::string full = (path ? path->value : std::string("\\Microsoft\\Windows\\TPM\\")) + name.value;
    if (!iequals(full, kTpmMaintenanceTask)) continue;
    const std::string what = "Get-ScheduledTaskInfo Tpm-Maintenance ";
    out.reader = "Get-ScheduledTaskInfo";
    set_fact(out.exists, true, file_source(list.file, name.line), what + "exists", notes);
    if (result) {
      const std::string src = file_source(list.file, result->line);
      if (auto n = parse_last_result(result->value)) {
        set_fact(out.last_result, *n, src, what + "LastTaskResult", notes);
      } else {
        set_unknown_if_empty(out.last_result, "unrecognised value '" + result->value + "'", src);
      }
    }
    return;
  }
}

void apply_get_tpm(const PsListOutput& list, GetTpmEvidence& out, std::vector<std::string>& notes) {
  for (const auto& m : kGetTpmBools) ps_bool(list, m.name, out.*m.member, notes);
  for (const auto& m : kGetTpmNumbers) ps_u32(list, m.name, out.*m.member, notes);
  for (const auto& m : kGetTpmStrings) ps_string(list, m.name, out.*m.member, notes);
  get_tpm_family(list, out, notes);
  // ManufacturerId is TPM_PT_MANUFACTURER as a number (facts/windows.md §4, §13): its four ASCII
  // bytes are the vendor text when the paste has no ManufacturerIdTxt line.
  if (!list.find("ManufacturerIdTxt") && out.manufacturer_id.value && *out.manufacturer_id.value != 0) {
    set_fact(out.manufacturer_id_txt, tpm::trimmed_chars(*out.manufacturer_id.value), out.manufacturer_id.source,
             "Get-Tpm ManufacturerId as text", notes);
  }
}

void apply_ek_info(const PsListOutput& list, EkInfoEvidence& out, std::vector<std::string>& notes) {
  ps_bool(list, "IsPresent", out.is_present, notes);
  ps_string(list, "PublicKeyHash", out.public_key_hash, notes);
  ps_certs(list, "ManufacturerCertificates", out.manufacturer_certificate_count,
           out.manufacturer_certificate_thumbprints, notes);
  ps_certs(list, "AdditionalCertificates", out.additional_certificate_count, out.additional_certificate_thumbprints,
           notes);
}

void apply_ztd_file(const ZtdFile& f, AutopilotZtdFileEvidence& out, std::vector<std::string>& notes) {
  auto text = [&](const std::optional<ZtdField<std::string>>& field, Fact<std::string>& fact, const char* what) {
    if (field) set_fact(fact, field->value, file_source(f.file, field->line), std::string("ZTD file ") + what, notes);
  };
  auto number = [&](const std::optional<ZtdField<std::uint32_t>>& field, Fact<std::uint32_t>& fact, const char* what) {
    if (field) set_fact(fact, field->value, file_source(f.file, field->line), std::string("ZTD file ") + what, notes);
  };
  text(f.tenant_id, out.tenant_id, "CloudAssignedTenantId");
  text(f.tenant_domain, out.tenant_domain, "CloudAssignedTenantDomain");
  text(f.profile_name, out.profile_name, "DeploymentProfileName");
  text(f.policy_download_date, out.policy_download_date, "PolicyDownloadDate");
  text(f.error_reason, out.error_reason, "ErrorReason");
  number(f.oobe_config, out.oobe_config, "CloudAssignedOobeConfig");
  number(f.autopilot_mode, out.autopilot_mode, "AutopilotMode");
  number(f.error_code, out.error_code, "ErrorCode");
}

// Its facts start unknown ("no file in the evidence"); this names why for this run.
void mark_unknown(AutopilotZtdFileEvidence& o, const std::string& r) {
  for (auto* f : {&o.tenant_id, &o.tenant_domain, &o.profile_name, &o.policy_download_date, &o.error_reason})
    if (!f->value) *f = Fact<std::string>::unknown(r);
  for (auto* f : {&o.oobe_config, &o.autopilot_mode, &o.error_code})
    if (!f->value) *f = Fact<std::uint32_t>::unknown(r);
}

void mark_unknown(TpmtoolEvidence& o, const std::string& r) {
  for (const auto& m : kTpmtoolBools) set_unknown_if_empty(o.*m.member, r);
  for (const auto& m : kTpmtoolStrings) set_unknown_if_empty(o.*m.member, r);
  set_unknown_if_empty(o.pcr7_binding_state, r);
  set_unknown_if_empty(o.information_flags, r);
  set_unknown_if_empty(o.information_flags_mask, r);
  set_unknown_if_empty(o.command_failed, r);
  set_unknown_if_empty(o.command_failed_message, r);
}

void mark_unknown(ScheduledTaskEvidence& o, const std::string& r) {
  set_unknown_if_empty(o.exists, r);
  set_unknown_if_empty(o.status, r);
  set_unknown_if_empty(o.scheduled_task_state, r);
  set_unknown_if_empty(o.last_run_time, r);
  set_unknown_if_empty(o.last_result, r);
  set_unknown_if_empty(o.next_run_time, r);
}

void mark_unknown(GetTpmEvidence& o, const std::string& r) {
  for (const auto& m : kGetTpmBools) set_unknown_if_empty(o.*m.member, r);
  for (const auto& m : kGetTpmNumbers) set_unknown_if_empty(o.*m.member, r);
  for (const auto& m : kGetTpmStrings) set_unknown_if_empty(o.*m.member, r);
  set_unknown_if_empty(o.tpm_family, r);
}

void mark_unknown(EkInfoEvidence& o, const std::string& r) {
  set_unknown_if_empty(o.is_present, r);
  set_unknown_if_empty(o.public_key_hash, r);
  set_unknown_if_empty(o.manufacturer_certificate_count, r);
  set_unknown_if_empty(o.additional_certificate_count, r);
  set_unknown_if_empty(o.manufacturer_certificate_thumbprints, r);
  set_unknown_if_empty(o.additional_certificate_thumbprints, r);
}

}  // namespace tpmready::offline
