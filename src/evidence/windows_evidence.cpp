#include "evidence/windows_evidence.h"

#include "util/base64.h"

namespace tpmready {

// Like NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT, but not `inline`, so the functions can be
// declared in the header and defined once here. Missing keys keep their defaults, so older
// bundles with fewer facts still load.
#define TPMREADY_JSON_FIELDS(Type, ...)                                                          \
  void to_json(nlohmann::json& nlohmann_json_j, const Type& nlohmann_json_t) {                   \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                     \
  }                                                                                               \
  void from_json(const nlohmann::json& nlohmann_json_j, Type& nlohmann_json_t) {                 \
    const Type nlohmann_json_default_obj{};                                                       \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM_WITH_DEFAULT, __VA_ARGS__))      \
  }

namespace {

Bytes bytes_from_json(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return {};
  auto out = base64_decode(j.at(key).get<std::string>());
  if (!out) throw nlohmann::json::type_error::create(302, std::string(key) + ": " + out.error().what(), &j);
  return std::move(out).value();
}

}  // namespace

void to_json(nlohmann::json& j, const RegValueFact& v) {
  j = nlohmann::json::object();
  j["exists"] = v.exists;
  if (!v.type.empty()) j["type"] = v.type;
  if (v.number) j["number"] = *v.number;
  if (v.text) j["text"] = *v.text;
  if (v.size) j["size"] = *v.size;
}

void from_json(const nlohmann::json& j, RegValueFact& v) {
  v = RegValueFact{};
  if (j.contains("exists")) v.exists = j.at("exists").get<Fact<bool>>();
  if (j.contains("type")) v.type = j.at("type").get<std::string>();
  if (j.contains("number")) v.number = j.at("number").get<std::uint64_t>();
  if (j.contains("text")) v.text = j.at("text").get<std::string>();
  if (j.contains("size")) v.size = j.at("size").get<std::uint64_t>();
}

void to_json(nlohmann::json& j, const EkStoreCertificate& v) {
  j = nlohmann::json{{"store", v.store},        {"thumbprint", v.thumbprint}, {"blob", base64_encode(v.blob)},
                     {"der", base64_encode(v.der)}, {"source", v.source},       {"note", v.note}};
}

void from_json(const nlohmann::json& j, EkStoreCertificate& v) {
  v = EkStoreCertificate{};
  v.store = j.value("store", std::string());
  v.thumbprint = j.value("thumbprint", std::string());
  v.blob = bytes_from_json(j, "blob");
  v.der = bytes_from_json(j, "der");
  v.source = j.value("source", std::string());
  v.note = j.value("note", std::string());
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
                     {"current_build", v.current_build},
                     {"current_build_number", v.current_build_number},
                     {"ubr", v.ubr}};
}

void from_json(const nlohmann::json& j, RegistryEvidence& v) {
  v = RegistryEvidence{};
  auto get = [&j](const char* key, auto& field) {
    if (j.contains(key)) j.at(key).get_to(field);
  };
  get("task_states", v.task_states);
  get("setup_displayed_eula", v.setup_displayed_eula);
  get("wbcl", v.wbcl);
  v.wbcl_data = bytes_from_json(j, "wbcl_data");
  get("ek_cert_store_present", v.ek_cert_store_present);
  get("ek_certificates", v.ek_certificates);
  get("task_ready_for_attestation", v.task_ready_for_attestation);
  get("task_ready_for_storage", v.task_ready_for_storage);
  get("task_information_flags", v.task_information_flags);
  get("task_manufacturer_id", v.task_manufacturer_id);
  get("task_firmware_version", v.task_firmware_version);
  get("aik_enrollment_error_code", v.aik_enrollment_error_code);
  get("firmware_version_at_last_provision", v.firmware_version_at_last_provision);
  get("srk_pub", v.srk_pub);
  get("aik_cert_enroll_error_code", v.aik_cert_enroll_error_code);
  get("current_build", v.current_build);
  get("current_build_number", v.current_build_number);
  get("ubr", v.ubr);
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
TPMREADY_JSON_FIELDS(WindowsEvidence, registry, bios, tpmtool, tpm_maintenance_task, get_tpm, ek_info, notes)

#undef TPMREADY_JSON_FIELDS

}  // namespace tpmready
