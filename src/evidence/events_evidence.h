#pragma once
/// Windows event-log records and network reachability: the evidence the Autopilot timeline and the
/// device-vs-service fault rules are built from. Plain data, JSON round trip.
///
/// Events come from exported `.evtx` files (collect/offline, libevtx on Linux), from the Event Log
/// API on Windows, or from a bundle. A record keeps what the log says, uninterpreted: which event
/// IDs matter and what they mean is decided by the timeline builder (rules layer), not here.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/fact.h"
#include "util/result.h"

namespace tpmready {

struct WindowsEvent {
  std::string time;      ///< RFC 3339 UTC ("2024-05-01T10:02:03.123Z"); empty if the record has none
  std::string channel;   ///< "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot"
  std::string provider;  ///< provider name from the record's System/Provider
  std::uint32_t event_id = 0;
  std::uint8_t level = 0;  ///< 1 critical, 2 error, 3 warning, 4 information (0 = not recorded)
  std::uint64_t record_id = 0;
  /// EventData/UserData as name → value (unnamed <Data> elements are "Data1", "Data2", ...).
  std::map<std::string, std::string> data;
  std::string message;  ///< rendered message when the source had one (Windows API); may be empty
  std::string source;   ///< input it came from: "archive.cab:Autopilot.evtx#record 12"
  bool operator==(const WindowsEvent&) const = default;
};

/// One endpoint probe of `check --online` (never on by default).
struct EndpointProbe {
  std::string url;         ///< "https://ztd.dds.microsoft.com" (facts/windows.md §6)
  std::string purpose;     ///< "Autopilot deployment service", "TPM attestation (AIK CA)", ...
  bool reachable = false;  ///< TLS handshake and an HTTP response completed
  int http_status = 0;     ///< 0 when no HTTP response
  std::string error;       ///< why not reachable (DNS, connect, TLS, timeout), names the step
  /// Where an unreachable probe stopped (net::failed_step: "DNS", "connect", "proxy", "TLS
  /// handshake", "certificate verification", ...), or "not probed" when it did not run (the proxy
  /// was already found dead). "" when reachable, and in bundles written before this field: then
  /// whether TLS was tried is not known.
  std::string failed_step;
  /// TLS peer certificate issuer, so a TLS-intercepting proxy (issuer not Microsoft's/vendor's) shows.
  std::string tls_issuer;
  /// The device's AIK CA only: the first lines of its answer to GetCACaps (RFC 8894 §3.5.1, the
  /// capabilities the CA announces, one per line), printable ASCII, bounded. Empty otherwise.
  std::vector<std::string> answer;
  /// The device's own AIK CA (its URL from the device's CertEnroll events), not a table endpoint.
  bool aik_ca = false;
  bool operator==(const EndpointProbe&) const = default;
};

/// An AIK CA URL the device's events name that `check --online` did not contact, and why (the
/// events are untrusted: only https URLs under .microsoftaik.azure.net are probed).
struct UnprobedUrl {
  std::string url;
  std::string reason;
  bool operator==(const UnprobedUrl&) const = default;
};

struct NetworkEvidence {
  Fact<std::string> proxy;  ///< effective proxy ("direct" when none), with the source it was read from
  std::vector<EndpointProbe> probes;
  /// Why the device's own AIK CA was not probed ("" when it was: its probe is in `probes`). Its URL
  /// comes only from the device's events (CertEnroll 86/87/88).
  std::string aik_ca_not_probed;
  /// AIK CA URLs from the events that were not contacted, with why.
  std::vector<UnprobedUrl> aik_ca_refused;
  bool operator==(const NetworkEvidence&) const = default;
};

class JsonReader;

/// Every key is optional when read (older bundles); a present one must have its type.
void to_json(nlohmann::json& j, const WindowsEvent& e);
Status read_json(const JsonReader& r, WindowsEvent& out);
void to_json(nlohmann::json& j, const EndpointProbe& p);
Status read_json(const JsonReader& r, EndpointProbe& out);
void to_json(nlohmann::json& j, const UnprobedUrl& u);
Status read_json(const JsonReader& r, UnprobedUrl& out);
void to_json(nlohmann::json& j, const NetworkEvidence& n);
Status read_json(const JsonReader& r, NetworkEvidence& out);

}  // namespace tpmready
