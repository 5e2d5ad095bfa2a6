#pragma once
/// Evidence: the contract between collection and rules. Live collection (`check`, `collect`) and
/// offline analysis (`analyze`) both produce it; rules never know which. Serialised as a bundle
/// (one JSON document with `schema_version`, schema/evidence.schema.json).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/ekcert_evidence.h"
#include "evidence/eventlog_evidence.h"
#include "evidence/events_evidence.h"
#include "evidence/fact.h"
#include "evidence/input_record.h"
#include "evidence/tpm_evidence.h"
#include "evidence/windows_evidence.h"
#include "util/result.h"

namespace tpmready {

inline constexpr int kEvidenceSchemaVersion = 1;

/// How reading the TPM went. `tpm` (below) is set only when it succeeded.
struct TpmAccess {
  bool attempted = false;   ///< a live TPM read was tried
  bool no_device = false;   ///< no TPM device exists (as opposed to: it failed)
  std::string source;       ///< "device:/dev/tpmrm0", "tcp:127.0.0.1:2321", "tbs"
  std::string error;        ///< why it failed (one line, names the command)
};

/// Identity of the device (for bundles and fleets).
struct DeviceInfo {
  std::string id;  ///< stable: hash of serial and EK public key (collect/evidence_live.h device_id)
  /// manufacturer / model: the SMBIOS system manufacturer and product name read on the device
  /// (Linux /sys/class/dmi/id sys_vendor, product_name). Windows' registry copy is
  /// WindowsEvidence::bios; system_identity() below picks one.
  Fact<std::string> serial, manufacturer, model, firmware, hostname;
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
  /// Device clock at collection time (Unix seconds); absent offline, where the analysing
  /// machine's clock says nothing about the device's.
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

void to_json(nlohmann::json& j, const Evidence& e);
/// Reads a bundle; rejects a newer schema_version with a clear error.
Result<Evidence> evidence_from_json(const nlohmann::json& j);

}  // namespace tpmready
