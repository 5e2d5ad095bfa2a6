#include "evidence/windows_evidence.h"

#include <nlohmann/json.hpp>

#include "evidence/fact_json.h"
#include "util/base64.h"
#include "util/json_reader.h"

namespace tpmready {

// to_json writes every field; read_json reads the fields present (get_if), so bundles older
// than a field still load, with its default.
#define TPMREADY_JSON_READ_FIELD(field) TRY(r.get_if(#field, out.field));
#define TPMREADY_JSON_FIELDS(Type, ...)                                                          \
  void to_json(nlohmann::json& nlohmann_json_j, const Type& nlohmann_json_t) {                   \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                     \
  }                                                                                               \
  Status read_json(const JsonReader& r, Type& out) {                                              \
    out = Type{};                                                                                 \
    TRY(r.object());                                                                              \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(TPMREADY_JSON_READ_FIELD, __VA_ARGS__))              \
    return ok_status();                                                                           \
  }

void to_json(nlohmann::json& j, const RegValueFact& v) {
  j = nlohmann::json::object();
  j["exists"] = v.exists;
  if (!v.type.empty()) j["type"] = v.type;
  if (v.number) j["number"] = *v.number;
  if (v.text) j["text"] = *v.text;
  if (v.size) j["size"] = *v.size;
}

Status read_json(const JsonReader& r, RegValueFact& out) {
  out = RegValueFact{};
  TRY(r.object());
  TRY(r.get_if("exists", out.exists));
  TRY(r.get_if("type", out.type));
  TRY(r.get_if("number", out.number));
  TRY(r.get_if("text", out.text));
  TRY(r.get_if("size", out.size));
  return ok_status();
}

void to_json(nlohmann::json& j, const EkStoreCertificate& v) {
  j = nlohmann::json{{"store", v.store},        {"thumbprint", v.thumbprint}, {"blob", base64_encode(v.blob)},
                     {"der", base64_encode(v.der)}, {"source", v.source},       {"note", v.note}};
}

Status read_json(const JsonReader& r, EkStoreCertificate& out) {
  out = EkStoreCertificate{};
  TRY(r.object());
  TRY(r.get_if("store", out.store));
  TRY(r.get_if("thumbprint", out.thumbprint));
  TRY(r.get_if("blob", as_base64(out.blob)));
  TRY(r.get_if("der", as_base64(out.der)));
  TRY(r.get_if("source", out.source));
  TRY(r.get_if("note", out.note));
  return ok_status();
}

// RegistryEvidence is written by hand because wbcl_data is binary (base64 in JSON).
void to_json(nlohmann::json& j, const RegistryEvidence& v) {
  j = nlohmann::json{{"task_states", v.task_states},
                     {"setup_displayed_eula", v.setup_displayed_eula},
                     {"wbcl", v.wbcl},
                     {"wbcl_data", base64_encode(v.wbcl_data)},
                     {"ek_cert_store_present", v.ek_cert_store_present},
                     {"ek_certificates", v.ek_certificates},
                     {"task_ready_for_attestation", v.task_ready_for_attestation},
                     {"task_ready_for_storage", v.task_ready_for_storage},
                     {"task_information_flags", v.task_information_flags},
                     {"task_manufacturer_id", v.task_manufacturer_id},
                     {"task_firmware_version", v.task_firmware_version},
                     {"aik_enrollment_error_code", v.aik_enrollment_error_code},
                     {"firmware_version_at_last_provision", v.firmware_version_at_last_provision},
                     {"srk_pub", v.srk_pub},
                     {"aik_cert_enroll_error_code", v.aik_cert_enroll_error_code},
                     {"ek_tries", v.ek_tries},
                     {"ek_retry_last", v.ek_retry_last},
                     {"autopilot", v.autopilot},
                     {"current_build", v.current_build},
                     {"current_build_number", v.current_build_number},
                     {"ubr", v.ubr}};
}

Status read_json(const JsonReader& r, RegistryEvidence& out) {
  out = RegistryEvidence{};
  TRY(r.object());
  TRY(r.get_if("task_states", out.task_states));
  TRY(r.get_if("setup_displayed_eula", out.setup_displayed_eula));
  TRY(r.get_if("wbcl", out.wbcl));
  TRY(r.get_if("wbcl_data", as_base64(out.wbcl_data)));
  TRY(r.get_if("ek_cert_store_present", out.ek_cert_store_present));
  TRY(r.get_if("ek_certificates", out.ek_certificates));
  TRY(r.get_if("task_ready_for_attestation", out.task_ready_for_attestation));
  TRY(r.get_if("task_ready_for_storage", out.task_ready_for_storage));
  TRY(r.get_if("task_information_flags", out.task_information_flags));
  TRY(r.get_if("task_manufacturer_id", out.task_manufacturer_id));
  TRY(r.get_if("task_firmware_version", out.task_firmware_version));
  TRY(r.get_if("aik_enrollment_error_code", out.aik_enrollment_error_code));
  TRY(r.get_if("firmware_version_at_last_provision", out.firmware_version_at_last_provision));
  TRY(r.get_if("srk_pub", out.srk_pub));
  TRY(r.get_if("aik_cert_enroll_error_code", out.aik_cert_enroll_error_code));
  TRY(r.get_if("ek_tries", out.ek_tries));
  TRY(r.get_if("ek_retry_last", out.ek_retry_last));
  TRY(r.get_if("autopilot", out.autopilot));
  TRY(r.get_if("current_build", out.current_build));
  TRY(r.get_if("current_build_number", out.current_build_number));
  TRY(r.get_if("ubr", out.ubr));
  return ok_status();
}

namespace {

std::string value_source(const RegValueFact& v) { return v.exists.source; }

/// A REG_SZ of decimal digits ("19044") or a REG_DWORD, as a number.
std::optional<std::uint32_t> reg_u32(const RegValueFact& v) {
  if (v.number) return *v.number <= 0xFFFFFFFFull ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(*v.number))
                                                  : std::nullopt;
  if (!v.text || v.text->empty() || v.text->size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : *v.text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

Fact<std::uint32_t> number_fact(const RegValueFact& v, std::string_view name) {
  const std::string key = "HKLM\\" + std::string(kCurrentVersionKey);
  if (!v.exists.value) {
    return Fact<std::uint32_t>::unknown(v.exists.unknown_reason ? *v.exists.unknown_reason
                                                                : key + " is not in the inputs",
                                        value_source(v));
  }
  if (!*v.exists.value) return Fact<std::uint32_t>::unknown(key + " has no " + std::string(name), value_source(v));
  if (auto n = reg_u32(v)) return Fact<std::uint32_t>::known(*n, value_source(v));
  return Fact<std::uint32_t>::unknown(std::string(name) + " is not a number", value_source(v));
}

}  // namespace

WindowsBuild windows_build(const RegistryEvidence& r) {
  WindowsBuild b;
  b.build = number_fact(r.current_build, "CurrentBuild");
  if (!b.build.value) {
    auto number = number_fact(r.current_build_number, "CurrentBuildNumber");
    if (number.value) b.build = number;
  }
  b.ubr = number_fact(r.ubr, "UBR");
  return b;
}

TPMREADY_JSON_FIELDS(TaskStatesEvidence, key_present, ek_certificate_present, ecc_ek_certificate_present,
                     maintenance_task_complete, owner_auth_endorsement_present, pcr7_binding_state,
                     tpm_provision_failed_steps, tpm_provision_hresult, attestation_info)
TPMREADY_JSON_FIELDS(TpmtoolEvidence, tpm_present, tpm_version, manufacturer_id, manufacturer_full_name,
                     manufacturer_version, ppi_version, is_initialized, ready_for_storage, ready_for_attestation,
                     information_flags, information_flags_mask, is_capable_for_attestation, clear_needed_to_recover,
                     clear_possible, has_vulnerable_firmware, pcr7_binding_state, maintenance_task_complete,
                     spec_version, errata_date, pc_client_version, is_locked_out, command_failed,
                     command_failed_message)
TPMREADY_JSON_FIELDS(ScheduledTaskEvidence, task_path, exists, status, scheduled_task_state, last_run_time,
                     last_result, next_run_time, reader)
TPMREADY_JSON_FIELDS(GetTpmEvidence, tpm_present, tpm_ready, tpm_enabled, tpm_activated, tpm_owned,
                     restart_pending, manufacturer_id, manufacturer_id_txt, manufacturer_version,
                     manufacturer_version_full20, manufacturer_version_info, locked_out, lockout_count, lockout_max,
                     lockout_heal_time, self_test, tpm_family)
TPMREADY_JSON_FIELDS(EkInfoEvidence, is_present, public_key_hash, manufacturer_certificate_count,
                     additional_certificate_count, manufacturer_certificate_thumbprints,
                     additional_certificate_thumbprints)
// Bundles written before the offline pipeline read everything in one pass also hold
// certificate_files, event_log_files, bundle_files and inputs here: ignored (Evidence::inputs has
// every input).
TPMREADY_JSON_FIELDS(BiosEvidence, system_manufacturer, system_product_name)
TPMREADY_JSON_FIELDS(AutopilotRegistryEvidence, key_present, cloud_assigned_tenant_id, cloud_assigned_tenant_domain,
                     is_autopilot_disabled, cloud_assigned_oobe_config, deployment_profile_name)
TPMREADY_JSON_FIELDS(AutopilotZtdFileEvidence, tenant_id, tenant_domain, profile_name, oobe_config, autopilot_mode,
                     policy_download_date, error_code, error_reason)
TPMREADY_JSON_FIELDS(WindowsEvidence, registry, bios, tpmtool, tpm_maintenance_task, get_tpm, ek_info, ztd_file, notes)

#undef TPMREADY_JSON_FIELDS
#undef TPMREADY_JSON_READ_FIELD

}  // namespace tpmready
