#pragma once
/// The event table (data/windows_events.json, compiled in): which Windows event providers the
/// timeline keeps, and what each known event ID of a provider means — the rule it supports, the
/// insertion strings worth reading, and the sources that verify it. Events are matched by provider
/// and ID only: message texts differ between Windows builds. The side an error code inside an
/// event points to comes from the error-code table (explain), not from here.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace tpmready::timeline {

struct ChannelInfo {
  std::string name;   ///< short label shown in reports: "Autopilot", "TPM-WMI"
  std::string match;  ///< case-insensitive substring of the record's channel, then provider ("" = none)
  std::vector<std::string> providers;  ///< exact provider names (case-insensitive)
  std::string events_of;  ///< channel whose event rows apply ("" = this one)
  std::optional<std::pair<std::uint32_t, std::uint32_t>> ids;  ///< only these IDs are known here
  std::vector<std::string> sources;
  std::string facts;
  bool unverified = false;
};

/// An insertion string (%n) of an event's message that the timeline reads.
struct EventParam {
  int n = 0;
  std::string name;  ///< "server_time", "url", "hresult", ...
  std::string kind;  ///< "hresult", "url", "service_text", "flags", "int", "text"
};

/// A name written out in an event (TPM-WMI 1026 "Additional Information") and its rule.
struct EventFlag {
  std::string name;
  std::string rule;
};

/// Role, rule and summary of an event that carries a given code (TBS 16385 with 0x80070032).
struct EventVariant {
  std::uint32_t code = 0;
  std::string role, rule, summary;
};

struct EventInfo {
  std::string channel;  ///< ChannelInfo::name
  std::uint32_t id = 0;
  std::string role;     ///< "aik_start", "aik_result", "identity_confirmed", "ek_cert_present", ...
  std::string rule;     ///< rule the event is evidence for ("" when none)
  std::string summary;
  std::string summary_with;  ///< summary with {param} placeholders, used when all were read
  std::vector<std::string> messages;  ///< message-table texts (current, then 1803/1809)
  std::vector<EventParam> params;
  std::vector<EventFlag> flags;
  std::vector<EventVariant> variants;
  /// Who has to act when the event appears: "device", "service", "network", "code" (the code it
  /// carries decides), "evidence" (other evidence decides) or "none" (not an attestation fault).
  /// Not copied onto timeline entries, whose side is their code's.
  std::string side;
  bool classify_codes = true;  ///< false (side "none"): codes in the event point at no side
  std::string http_status_data;  ///< EventData field holding an HTTP status ("" when none)
  std::vector<std::string> sources;
  std::string confidence;
  std::string facts;
  bool unverified = false;
};

struct HttpRule {
  std::uint32_t hresult_base = 0;  ///< HTTP_E_STATUS_nnn = base + nnn
  int service_min = 500, service_max = 599;
  std::string rule;
  std::string facts;
};

struct EventTable {
  std::vector<ChannelInfo> channels;
  std::vector<EventInfo> events;
  HttpRule http;

  /// The kept channel a record belongs to: its channel, then its exact provider, then its provider
  /// containing a channel's match; nullptr when none.
  const ChannelInfo* channel_of(const std::string& channel, const std::string& provider) const;
  /// The row for `id` in channel `ch` (or the channel it borrows rows from), or nullptr.
  const EventInfo* find(const ChannelInfo& ch, std::uint32_t id) const;
  const EventInfo* find(const std::string& channel_name, std::uint32_t id) const;
};

/// The embedded table, parsed once. An error names the row that is malformed.
Result<const EventTable*> event_table();

}  // namespace tpmready::timeline
