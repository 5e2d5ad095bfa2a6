#pragma once
/// The event table (data/windows_events.json, compiled in): which Windows event channels the
/// timeline keeps, what each known event ID means and which rule it supports, and which side
/// (device, service, network) an error code found inside an event points to. Every row carries
/// its fact-sheet citation and whether the fact sheet marks it UNVERIFIED.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace tpmready::timeline {

struct ChannelInfo {
  std::string name;   ///< short label shown in reports: "Autopilot", "TPM-WMI"
  std::string match;  ///< substring of the record's channel or provider that selects this channel
  std::string facts;
  bool unverified = false;
};

struct EventInfo {
  std::string channel;  ///< ChannelInfo::name
  std::uint32_t id = 0;
  std::string role;     ///< "aik_start", "aik_result", "identity_confirmed", "ek_cert_present", ...
  std::string rule;     ///< rule the event is evidence for ("" when none)
  std::string summary;
  std::string http_status_data;  ///< EventData field holding an HTTP status ("" when none)
  std::string facts;
  bool unverified = false;
};

/// Fault side an error code points to.
struct CodeInfo {
  std::uint32_t code = 0;
  std::string side;  ///< "device", "service", "network"
  std::string rule;
  std::string why;
  std::string facts;
};

struct HttpRule {
  std::uint32_t hresult_base = 0;  ///< BG_E_HTTP_ERROR_nnn = base + nnn
  int service_min = 500, service_max = 599;
  std::string rule;
  std::string facts;
};

struct EventTable {
  std::vector<ChannelInfo> channels;
  std::vector<EventInfo> events;
  std::vector<CodeInfo> codes;
  HttpRule http;

  /// The kept channel a record belongs to (by its channel, then its provider), or nullptr.
  const ChannelInfo* channel_of(const std::string& channel, const std::string& provider) const;
  const EventInfo* find(const std::string& channel_name, std::uint32_t id) const;
  const CodeInfo* code(std::uint32_t code) const;
};

/// The embedded table, parsed once. An error names the row that is malformed.
Result<const EventTable*> event_table();

}  // namespace tpmready::timeline
