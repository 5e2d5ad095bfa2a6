#pragma once
/// Evidence: the contract between collection and rules. Live collection (`check`, `collect`) and
/// offline analysis (`analyze`) both produce it; rules never know which. Serialised as a bundle
/// (one JSON document with `schema_version`, schema/evidence.schema.json).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/ekcert_evidence.h"
#include "evidence/eventlog_evidence.h"
#include "evidence/events_evidence.h"
#include "evidence/fact.h"
#include "evidence/hardware_hash_evidence.h"
#include "evidence/input_record.h"
#include "evidence/tpm_evidence.h"
#include "evidence/windows_evidence.h"
#include "util/result.h"

namespace tpmready {

inline constexpr int kEvidenceSchemaVersion = 1;

/// TPM2_GetTestResult's answer (facts/tcg.md §1.4): the first command of a live read, because a
/// TPM in failure mode still answers it while it refuses almost everything else.
struct TpmSelfTest {
  /// The command's own response code: 0, or the error a TPM that refuses even this command gave
  /// (TPM_RC_FAILURE when it answers everything with it).
  std::uint32_t response_code = 0;
  std::uint32_t test_result = 0;  ///< testResult (meaningful when response_code is 0)
  std::string result_name;        ///< "TPM_RC_SUCCESS", "TPM_RC_FAILURE": of testResult, else of the response code
  Bytes data;                     ///< outData: manufacturer-specific (the failure's location in failure mode)
  std::string source;             ///< "tpm:tcp:127.0.0.1:2321 GetTestResult"
  bool operator==(const TpmSelfTest&) const = default;
};

/// TPM_RC_FAILURE as GetTestResult's testResult or as its response code: the TPM is in failure
/// mode (TPM 2.0 Part 3 §10.4; facts/tcg.md §1.4, §1.5).
inline constexpr std::uint32_t kTpmRcFailure = 0x101;
bool in_failure_mode(const TpmSelfTest& t);

/// How reading the TPM went. `tpm` (below) is set only when it succeeded.
struct TpmAccess {
  bool attempted = false;   ///< a live TPM read was tried
  bool no_device = false;   ///< no TPM device exists (as opposed to: it failed)
  std::string source;       ///< "device:/dev/tpmrm0", "tcp:127.0.0.1:2321", "tbs"
  std::string error;        ///< why it failed (one line, names the command)
  /// GetTestResult's answer, when the TPM gave one (live reads; absent in bundles made before it
  /// was asked, and offline).
  std::optional<TpmSelfTest> self_test;
};

/// Identity of the device (for bundles and fleets).
struct DeviceInfo {
  /// Stable: a hash of the serial and the EK public key, or of the host name, maker and model when
  /// neither is known (device_id below); or the ID given with --device-id.
  std::string id;
  /// manufacturer / model: the SMBIOS system manufacturer and product name read on the device
  /// (Linux /sys/class/dmi/id sys_vendor, product_name). Windows' registry copy is
  /// WindowsEvidence::bios; system_identity() below picks one.
  Fact<std::string> serial, manufacturer, model, firmware, hostname;
  /// The operating system and its release as uname names them on Linux ("Linux 6.1.0-27-amd64").
  /// Windows' build is in its registry evidence (windows_build); os_build() below picks one.
  Fact<std::string> os_build = Fact<std::string>::unknown("not read");
  /// The hypervisor this operating system runs under as a guest, as it names itself ("Microsoft
  /// Hyper-V", "VMware", "KVM", ...). Known and empty: it runs on the hardware. A hypervisor
  /// underneath alone does not make a guest: Windows with virtualization-based security, and a
  /// Hyper-V host, run on Hyper-V too (as its root partition, on physical hardware), so a
  /// collector fills a name only when the OS is a guest partition. Unknown until a collector reads it.
  Fact<std::string> hypervisor = Fact<std::string>::unknown("not read");
};

/// Present in a bundle written by `collect --redact` (redact/evidence_redact.h): identifying
/// fields are tokens and raw certificate/registry bytes are gone, so rules cannot re-check the EK
/// certificate from it. `report` is the report computed on the device, from the real evidence,
/// before redaction (itself redacted); `analyze` and `fleet` use it instead of re-evaluating.
struct RedactionInfo {
  std::string method;                ///< how tokens were made ("HMAC-SHA256 ...")
  std::vector<std::string> removed;  ///< what was replaced or dropped, in words
  nlohmann::json report;             ///< report JSON (schema/report.schema.json); null when absent
};

struct Evidence {
  int schema_version = kEvidenceSchemaVersion;
  std::string tool;      ///< "tpmready 0.1.0"
  std::string platform;  ///< "linux", "windows", "offline"
  /// Device clock at collection time (Unix seconds): the report's time of collection. Absent
  /// offline, where the analysing machine's clock says nothing about the device's.
  Fact<std::int64_t> system_time;
  DeviceInfo device;
  TpmAccess tpm_access;
  std::optional<TpmEvidence> tpm;
  EkCertEvidence ek;
  std::optional<EventLogEvidence> eventlog;
  std::optional<WindowsEvidence> windows;
  /// Windows event-log records (exported .evtx, Event Log API), in source order; see events_evidence.h.
  std::vector<WindowsEvent> events;
  /// Endpoint reachability (`check --online` only); absent unless asked for.
  std::optional<NetworkEvidence> network;
  /// The Autopilot hardware-hash CSV(s) given to `analyze` (offline only); absent unless given.
  std::optional<HardwareHashCsvEvidence> hardware_hash_csv;
  std::vector<InputRecord> inputs;  ///< what it was read from, and how well (shown in reports)
  std::optional<RedactionInfo> redaction;
};

/// The device's identity as its firmware states it (SMBIOS system manufacturer and product name),
/// from one place: Windows' copy (`windows.bios`, HKLM\HARDWARE\DESCRIPTION\System\BIOS) when the
/// evidence has both values, else the values read on the device (`device.manufacturer` /
/// `device.model`). Both unknown when neither has both.
struct SystemIdentity {
  Fact<std::string> manufacturer;  ///< SystemManufacturer ("Microsoft Corporation", "LENOVO", ...)
  Fact<std::string> product;       ///< SystemProductName ("Virtual Machine", "Surface Laptop 7", ...)
};
SystemIdentity system_identity(const Evidence& e);

/// The operating system and its build, for the report's device header: "Windows 22631.4460" from
/// the Windows evidence (windows_build: CurrentBuild and UBR, live or from a .reg export) when it
/// has the build, else DeviceInfo::os_build (Linux: uname).
Fact<std::string> os_build(const Evidence& e);

/// A device ID as bundles, reports and fleet carry it: 1 to 128 ASCII letters, digits and . _ : -
/// (device_id's hex, a redaction token, or a name given with --device-id such as a serial).
bool is_device_id(std::string_view id);

/// Stable device ID: SHA-256 over the serial and the EK public key, first 16 bytes, hex. When
/// neither is known (offline exports), over the host name with the maker and model instead (a
/// name repeats across tenants and images more often than together with the hardware it names);
/// empty when the host name is unknown too: maker and model alone are shared by a whole model line,
/// not an identity. The same evidence gives the same ID across runs and tools.
std::string device_id(const DeviceInfo& device, const EkCertEvidence& ek);


void to_json(nlohmann::json& j, const Evidence& e);
/// Reads a bundle; rejects a newer schema_version with a clear error.
Result<Evidence> evidence_from_json(const nlohmann::json& j);

}  // namespace tpmready
