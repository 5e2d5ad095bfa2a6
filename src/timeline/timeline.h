#pragma once
/// The attestation timeline: Windows event records (Evidence.events) turned into an ordered list
/// of what Windows tried — EK certificate checks, AIK enrolment attempts and their HRESULT/HTTP
/// results, retries, TPM provisioning — each summarised from the event table, its error code
/// explained, and linked to the rule it is evidence for. Pure: no I/O.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/events_evidence.h"
#include "util/result.h"

namespace tpmready {
class JsonReader;
}

namespace tpmready::timeline {

struct TimelineEntry {
  std::string time;     ///< RFC 3339 as logged (the device's clock); "" when the record has none
  std::string source;   ///< kept channel's short name: "Autopilot", "TPM-WMI", "TBS", ...
  std::string channel;  ///< channel (or provider) as logged
  std::uint32_t event_id = 0;
  std::string summary;  ///< from the event table, with the code and retry/attempt numbers
  std::string code;     ///< "0x81039023", "HTTP 503", or "" when the event carries none
  std::string code_meaning;  ///< from the explain table (data/error_codes.json), "" when not in it
  std::string rule;     ///< rule the entry is evidence for ("" when none)
  std::string role;     ///< event-table role ("aik_start", "aik_result", ...; "" for unknown events)
  std::string side;     ///< side the code points to: "device", "service", "network", "" (none)
  std::string input;    ///< where the record came from (file#record)
  std::string url;      ///< URL the event names (CertEnroll 86-88: the AIK CA's SCEP URL), "" when none
  std::string service_text;  ///< the answer or error text the event carries (CertEnroll 86/87), "" when none
  /// Other insertion strings the event table names ("server_time", "client_time", "attempt",
  /// "elapsed_us", "flags", ...) plus "skew_seconds" (client minus server) when both times parse.
  std::map<std::string, std::string> details;
  bool known = false;   ///< the event ID is in the event table
  bool unverified = false;  ///< the table row (or its channel) is not verified by the sources it cites
};

/// Events from the kept channels, oldest first (records without a time keep their place at the
/// end, in source order).
std::vector<TimelineEntry> build(const std::vector<WindowsEvent>& events);

/// True for a failure code: an HRESULT with the severity bit set, or an HTTP status >= 400.
bool is_failure_code(const std::string& code);

void to_json(nlohmann::json& j, const TimelineEntry& e);
/// Every key is optional; a present one must have its type.
Status read_json(const JsonReader& r, TimelineEntry& out);

}  // namespace tpmready::timeline
