#pragma once
/// WindowsEvidence: what Windows itself recorded about TPM readiness, from the registry,
/// tpmtool, the Tpm-Maintenance scheduled task and the TrustedPlatformModule cmdlets. Filled
/// offline from admin-provided files (collect/offline) and live on Windows (collect/windows,
/// collect/platform_windows.cpp). Plain data; every fact carries its source ("file:NAME:LINE"
/// offline, "registry:HKLM\\..." live) or an unknown reason. Registry facts distinguish "value
/// absent" (exists = known false: its key was exported without it) from "not known" (exists =
/// unknown: the key was not in any input).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/fact.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

/// One registry value. `exists` carries the source; the data fields are set when it exists.
struct RegValueFact {
  Fact<bool> exists;
  std::string type;                     ///< "REG_DWORD", "REG_SZ", "REG_BINARY", ...
  std::optional<std::uint64_t> number;  ///< REG_DWORD / REG_QWORD
  std::optional<std::string> text;      ///< REG_SZ / REG_EXPAND_SZ
  std::optional<std::uint64_t> size;    ///< data size in bytes (all types)
  bool operator==(const RegValueFact&) const = default;
};

/// Where a registry value lives: its key below HKLM and its name, spelt once. The rules (evidence
/// labels, fix text) and `fix --apply` name the location from here; the collectors can too.
struct RegistryLocation {
  std::string_view key;  ///< below HKLM, e.g. SOFTWARE\Microsoft\...
  std::string_view value;
  std::string hklm_key() const { return "HKLM\\" + std::string(key); }
  /// "HKLM\<key> <value>", as reports and fix text name it.
  std::string text() const { return hklm_key() + " " + std::string(value); }
};

/// SetupDisplayedEula (facts/windows.md §0, §2.1): Tpm-Maintenance does nothing until it is 1.
inline constexpr RegistryLocation kSetupDisplayedEula{"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE",
                                                      "SetupDisplayedEula"};

/// HKLM\SYSTEM\CurrentControlSet\Services\TPM\WMI\TaskStates (facts/windows.md §2.2 key 8):
/// written only by a successful Tpm-Maintenance run (§0, SEED000).
struct TaskStatesEvidence {
  Fact<bool> key_present;
  RegValueFact ek_certificate_present;          ///< EkCertificatePresent
  RegValueFact ecc_ek_certificate_present;      ///< EccEkCertificatePresent
  RegValueFact maintenance_task_complete;       ///< MaintenanceTaskComplete
  RegValueFact owner_auth_endorsement_present;  ///< OwnerAuthEndorsementPresent
  RegValueFact pcr7_binding_state;              ///< PCR7BindingState
  RegValueFact tpm_provision_failed_steps;      ///< TpmProvisionFailedSteps
  RegValueFact tpm_provision_hresult;           ///< TpmProvisionHresult
  /// TaskStates\AttestationInfo values verbatim (§2.2 key 9: EK-cert / Windows-AIK results).
  std::map<std::string, RegValueFact> attestation_info;
  bool operator==(const TaskStatesEvidence&) const = default;
};

/// A certificate from the EK certificate registry store (§2.1, §2.3):
/// ...\Endorsement\EKCertStore\Certificates\<thumbprint> value Blob, or EkCertStoreECC.
struct EkStoreCertificate {
  std::string store;       ///< "EKCertStore" or "EkCertStoreECC"
  std::string thumbprint;  ///< subkey name, upper-case hex
  Bytes blob;              ///< the Blob value (serialized certificate element), base64 in JSON
  Bytes der;               ///< DER from the blob's property 32 (CERT_CERT_PROP_ID, §2.3); empty if not found
  std::string source;
  std::string note;        ///< why `der` is empty
  bool operator==(const EkStoreCertificate&) const = default;
};

/// HKLM\SOFTWARE\Microsoft\Provisioning\Diagnostics\Autopilot: the Autopilot profile settings
/// Windows received from the deployment service (Microsoft, "Troubleshoot Autopilot OOBE issues":
/// facts/windows.md §2.1). CloudAssignedTenantId and CloudAssignedTenantDomain are blank on a device
/// not registered with Autopilot; IsAutopilotDisabled = 1 says not registered, or the profile could
/// not be downloaded (network, firewall, time-outs).
inline constexpr std::string_view kAutopilotDiagnosticsKey = "SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot";
struct AutopilotRegistryEvidence {
  Fact<bool> key_present;
  RegValueFact cloud_assigned_tenant_id;      ///< CloudAssignedTenantId (REG_SZ)
  RegValueFact cloud_assigned_tenant_domain;  ///< CloudAssignedTenantDomain (REG_SZ)
  RegValueFact is_autopilot_disabled;         ///< IsAutopilotDisabled (REG_DWORD)
  RegValueFact cloud_assigned_oobe_config;    ///< CloudAssignedOobeConfig (REG_DWORD bitmap)
  RegValueFact deployment_profile_name;       ///< DeploymentProfileName (REG_SZ)
  bool operator==(const AutopilotRegistryEvidence&) const = default;
};

struct RegistryEvidence {
  TaskStatesEvidence task_states;
  RegValueFact setup_displayed_eula;  ///< at kSetupDisplayedEula
  /// HKLM\SYSTEM\CurrentControlSet\Control\IntegrityServices WBCL (§2.1, §10); `size` = log bytes.
  RegValueFact wbcl;
  Bytes wbcl_data;  ///< the raw TCG log bytes for the event-log parser; base64 in JSON
  /// ...\TPM\WMI\Endorsement\EKCertStore (or EkCertStoreECC) present in the inputs.
  Fact<bool> ek_cert_store_present;
  std::vector<EkStoreCertificate> ek_certificates;
  // ...\Services\TPM\WMI values (§2.2 key 4, and §14 FirmwareVersionAtLastProvision).
  RegValueFact task_ready_for_attestation;
  RegValueFact task_ready_for_storage;
  RegValueFact task_information_flags;
  RegValueFact task_manufacturer_id;
  RegValueFact task_firmware_version;
  RegValueFact aik_enrollment_error_code;
  RegValueFact firmware_version_at_last_provision;
  RegValueFact srk_pub;  ///< ...\TPM\WMI\Admin SRKPub (§2.2 key 5); presence and size only
  /// HKLM\SYSTEM\CurrentControlSet\Control\Cryptography\Ngc\AIKCertEnroll ErrorCode (§2.1).
  RegValueFact aik_cert_enroll_error_code;
  // ...\Services\TPM\WMI\Endorsement (§2.2 key 6): how often Windows tried to get the EK
  // certificate and when it last retried (names from Windows' value table; meanings inferred from
  // the names, UNVERIFIED: facts/field-2026-12.md §C.1).
  RegValueFact ek_tries;        ///< EkTries (DWORD)
  RegValueFact ek_retry_last;   ///< EkRetryLast (QWORD)
  AutopilotRegistryEvidence autopilot;  ///< at kAutopilotDiagnosticsKey
  /// HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion (kCurrentVersionKey, §2.1): the Windows
  /// build (CurrentBuild, CurrentBuildNumber; REG_SZ) and its update build revision (UBR, REG_DWORD),
  /// which together say which cumulative update is installed ("19044.1706").
  RegValueFact current_build;
  RegValueFact current_build_number;
  RegValueFact ubr;
  bool operator==(const RegistryEvidence&) const = default;
};

/// Below HKLM: the key holding the Windows build and UBR (facts/windows.md §2.1).
inline constexpr std::string_view kCurrentVersionKey = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";

/// The Windows build the evidence shows: `build` from CurrentBuild (else CurrentBuildNumber), `ubr`
/// from UBR; each unknown with the reason when the registry evidence does not have it or its data
/// is not a number.
struct WindowsBuild {
  Fact<std::uint32_t> build;
  Fact<std::uint32_t> ubr;
};
WindowsBuild windows_build(const RegistryEvidence& r);

/// `tpmtool getdeviceinformation` (facts/windows.md §8).
struct TpmtoolEvidence {
  Fact<bool> tpm_present;
  Fact<std::string> tpm_version;
  Fact<std::string> manufacturer_id;        ///< "MSFT", "NTC", ...
  Fact<std::string> manufacturer_full_name;
  Fact<std::string> manufacturer_version;
  Fact<std::string> ppi_version;
  Fact<bool> is_initialized;
  Fact<bool> ready_for_storage;
  Fact<bool> ready_for_attestation;
  Fact<std::vector<std::string>> information_flags;  ///< INFORMATION_* names as printed
  Fact<std::uint32_t> information_flags_mask;        ///< §4.1 bits of the names we know
  Fact<bool> is_capable_for_attestation;
  Fact<bool> clear_needed_to_recover;
  Fact<bool> clear_possible;
  Fact<bool> has_vulnerable_firmware;
  Fact<std::uint32_t> pcr7_binding_state;
  Fact<bool> maintenance_task_complete;
  Fact<std::string> spec_version;
  Fact<std::string> errata_date;
  Fact<std::string> pc_client_version;
  Fact<bool> is_locked_out;
  /// tpmtool printed "Failed to get information." / "Command failed with 0x...": it could not query
  /// the TPM at all. The HRESULT as printed, and the message after it.
  Fact<std::uint32_t> command_failed;
  Fact<std::string> command_failed_message;
  bool operator==(const TpmtoolEvidence&) const = default;
};

/// A scheduled task (§5), e.g. \Microsoft\Windows\TPM\Tpm-Maintenance.
struct ScheduledTaskEvidence {
  std::string task_path;
  Fact<bool> exists;
  Fact<std::string> status;                ///< "Ready", "Running", "Disabled", ... as printed
  Fact<std::string> scheduled_task_state;  ///< "Enabled" / "Disabled" as printed
  Fact<std::string> last_run_time;         ///< as printed (locale format)
  Fact<std::uint32_t> last_result;         ///< HRESULT / exit code (printed in decimal)
  Fact<std::string> next_run_time;
  std::string reader;  ///< "schtasks /fo list", "schtasks /fo csv", "Get-ScheduledTaskInfo"
  bool operator==(const ScheduledTaskEvidence&) const = default;
};

/// `Get-Tpm` (§4.2). A property Get-Tpm prints as "Not Supported for TPM 1.2" is unknown with that
/// reason, and makes `tpm_family` "1.2".
struct GetTpmEvidence {
  Fact<bool> tpm_present;
  Fact<bool> tpm_ready;
  Fact<bool> tpm_enabled;
  Fact<bool> tpm_activated;
  Fact<bool> tpm_owned;
  Fact<bool> restart_pending;
  Fact<std::uint32_t> manufacturer_id;  ///< 4 ASCII bytes big-endian (§4)
  /// "IFX", "NTC", "MSFT"; from ManufacturerIdTxt, or spelt from ManufacturerId when the paste has
  /// only the number (the source then names the ManufacturerId line).
  Fact<std::string> manufacturer_id_txt;
  Fact<std::string> manufacturer_version;
  Fact<std::string> manufacturer_version_full20;
  Fact<std::string> manufacturer_version_info;
  Fact<bool> locked_out;
  Fact<std::uint32_t> lockout_count;
  Fact<std::uint32_t> lockout_max;
  Fact<std::string> lockout_heal_time;  ///< as printed ("2 hours")
  Fact<std::string> self_test;          ///< as printed: "{}" = no failed self-test, else the result bytes
  /// "1.2" when a property says "Not Supported for TPM 1.2"; "2.0" when ManufacturerVersionFull20
  /// holds a version (Get-Tpm fills it only for a TPM 2.0). Source: the line that says so.
  Fact<std::string> tpm_family;
  bool operator==(const GetTpmEvidence&) const = default;
};

/// `Get-TpmEndorsementKeyInfo` console output (§4.2): no certificate bytes, only what is shown.
struct EkInfoEvidence {
  Fact<bool> is_present;
  Fact<std::string> public_key_hash;
  Fact<std::uint32_t> manufacturer_certificate_count;
  Fact<std::uint32_t> additional_certificate_count;
  Fact<std::vector<std::string>> manufacturer_certificate_thumbprints;
  Fact<std::vector<std::string>> additional_certificate_thumbprints;
  bool operator==(const EkInfoEvidence&) const = default;
};

/// HKLM\HARDWARE\DESCRIPTION\System\BIOS (facts/windows.md §2.1): the SMBIOS System Information
/// strings Windows copies into the registry at every boot, i.e. the device's own identity. A
/// Hyper-V VM names itself "Microsoft Corporation" / "Virtual Machine"; physical hardware names its
/// maker and model. Unknown when no input had the key.
inline constexpr std::string_view kBiosKey = "HARDWARE\\DESCRIPTION\\System\\BIOS";
struct BiosEvidence {
  /// SystemManufacturer
  Fact<std::string> system_manufacturer = Fact<std::string>::unknown("the BIOS registry key is not in the evidence");
  /// SystemProductName
  Fact<std::string> system_product_name = Fact<std::string>::unknown("the BIOS registry key is not in the evidence");
  bool operator==(const BiosEvidence&) const = default;
};

/// AutopilotDDSZTDFile.json: the Autopilot deployment service's answer as Windows saved it
/// (%WINDIR%\ServiceState\wmansvc; MdmDiagnosticsTool -area Autopilot collects it). A profile
/// (CloudAssignedTenantId, DeploymentProfileName, CloudAssignedOobeConfig, PolicyDownloadDate) or
/// the service's refusal (ErrorCode 807 with ErrorReason "ZtdDeviceIsNotRegistered", ...):
/// facts/field-2026-12.md §A.1, §C.14.
inline constexpr const char* kNoZtdFile = "no AutopilotDDSZTDFile.json in the evidence";
struct AutopilotZtdFileEvidence {
  Fact<std::string> tenant_id = Fact<std::string>::unknown(kNoZtdFile);             ///< CloudAssignedTenantId
  Fact<std::string> tenant_domain = Fact<std::string>::unknown(kNoZtdFile);         ///< CloudAssignedTenantDomain
  Fact<std::string> profile_name = Fact<std::string>::unknown(kNoZtdFile);          ///< DeploymentProfileName
  Fact<std::uint32_t> oobe_config = Fact<std::uint32_t>::unknown(kNoZtdFile);       ///< CloudAssignedOobeConfig
  /// AutopilotMode (0 user-driven, 1 self-deploying, 2 pre-provisioned: community mapping, UNVERIFIED)
  Fact<std::uint32_t> autopilot_mode = Fact<std::uint32_t>::unknown(kNoZtdFile);
  Fact<std::string> policy_download_date = Fact<std::string>::unknown(kNoZtdFile);  ///< PolicyDownloadDate
  Fact<std::uint32_t> error_code = Fact<std::uint32_t>::unknown(kNoZtdFile);        ///< ErrorCode (e.g. 807)
  Fact<std::string> error_reason = Fact<std::string>::unknown(kNoZtdFile);          ///< ErrorReason ("ZtdDeviceIsNotRegistered")
  bool operator==(const AutopilotZtdFileEvidence&) const = default;
};

/// Below HKLM: the computer's name (facts/windows.md §2.1), read from a .reg export into
/// DeviceInfo::hostname for the report's device header and the device ID.
inline constexpr std::string_view kComputerNameKey = "SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName";

struct WindowsEvidence {
  RegistryEvidence registry;
  BiosEvidence bios;
  TpmtoolEvidence tpmtool;
  ScheduledTaskEvidence tpm_maintenance_task;
  GetTpmEvidence get_tpm;
  EkInfoEvidence ek_info;
  AutopilotZtdFileEvidence ztd_file;  ///< AutopilotDDSZTDFile.json, when given
  std::vector<std::string> notes;  ///< conflicts between inputs (later wins), limits reached
  bool operator==(const WindowsEvidence&) const = default;
};

class JsonReader;

/// Every key is optional when read (bundles older than a fact lack it, and older bundles' extra
/// keys are ignored); a present one must have its type. Binary values are base64.
void to_json(nlohmann::json& j, const RegValueFact& v);
Status read_json(const JsonReader& r, RegValueFact& out);
void to_json(nlohmann::json& j, const TaskStatesEvidence& v);
Status read_json(const JsonReader& r, TaskStatesEvidence& out);
void to_json(nlohmann::json& j, const EkStoreCertificate& v);
Status read_json(const JsonReader& r, EkStoreCertificate& out);
void to_json(nlohmann::json& j, const RegistryEvidence& v);
Status read_json(const JsonReader& r, RegistryEvidence& out);
void to_json(nlohmann::json& j, const TpmtoolEvidence& v);
Status read_json(const JsonReader& r, TpmtoolEvidence& out);
void to_json(nlohmann::json& j, const ScheduledTaskEvidence& v);
Status read_json(const JsonReader& r, ScheduledTaskEvidence& out);
void to_json(nlohmann::json& j, const GetTpmEvidence& v);
Status read_json(const JsonReader& r, GetTpmEvidence& out);
void to_json(nlohmann::json& j, const EkInfoEvidence& v);
Status read_json(const JsonReader& r, EkInfoEvidence& out);
void to_json(nlohmann::json& j, const AutopilotRegistryEvidence& v);
Status read_json(const JsonReader& r, AutopilotRegistryEvidence& out);
void to_json(nlohmann::json& j, const AutopilotZtdFileEvidence& v);
Status read_json(const JsonReader& r, AutopilotZtdFileEvidence& out);
void to_json(nlohmann::json& j, const BiosEvidence& v);
Status read_json(const JsonReader& r, BiosEvidence& out);
void to_json(nlohmann::json& j, const WindowsEvidence& v);
Status read_json(const JsonReader& r, WindowsEvidence& out);

}  // namespace tpmready
