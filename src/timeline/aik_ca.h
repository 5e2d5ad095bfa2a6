#pragma once
/// The device's own AIK CA: the per-vendor SCEP URL Windows names in CertificateServicesClient-
/// CertEnroll 86/87/88 (`https://<VENDOR>-KeyId-<hash>.microsoftaik.azure.net/templates/Aik/scep`,
/// facts/field-2026-12.md §A.5). One reading of it, from the timeline, for both users: the
/// `check --online` probe (collect/network_probes.h) and the rules' text. The registry holds no
/// such URL in any value the fact sheets name, so the events are the only source.
///
/// Event records are untrusted input: whoever can write an event, or edit a bundle, chooses the
/// URL. tpmready contacts one only when aik_ca_refusal() accepts it: https on port 443, a host
/// under .microsoftaik.azure.net (the wildcard Microsoft documents, facts/windows.md §6), no user
/// info, no query, parsed by the same parser the HTTPS client uses (util/url.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "timeline/timeline.h"

namespace tpmready::timeline {

/// The domain every AIK CA host is under (facts/windows.md §6: "*.microsoftaik.azure.net").
inline constexpr std::string_view kAikCaDomain = "microsoftaik.azure.net";
/// Longest URL accepted for a probe. The real ones are under 100 characters.
inline constexpr std::size_t kMaxAikCaUrl = 256;

struct AikCaUrl {
  std::string url;          ///< as the event names it
  std::string input;        ///< the record it was read from (TimelineEntry::input), "" when not recorded
  std::uint32_t event_id = 0;
  std::string refused;      ///< "" when tpmready may probe it, else why not ("not https", ...)
};

/// The distinct AIK CA URLs the entries name (the event-table rows of the AIK CA's SCEP answer,
/// roles aik_ca_failed / aik_ca_succeeded), the most recently logged first, each once (compared
/// without regard to case), with the record that named it last.
std::vector<AikCaUrl> aik_ca_urls(const std::vector<TimelineEntry>& timeline);
std::vector<AikCaUrl> aik_ca_urls(const std::vector<const TimelineEntry*>& entries);

/// "" when tpmready may contact `url` as an AIK CA, else why not, without repeating the URL:
/// "not https", "the host example.com is not under .microsoftaik.azure.net", ...
std::string aik_ca_refusal(std::string_view url);

/// The read-only SCEP capabilities request for an accepted AIK CA URL (RFC 8894 §3.5.1):
/// `<url>?operation=GetCACaps`.
std::string get_ca_caps_url(std::string_view aik_ca_url);

/// Where Windows logs the AIK CA URL, from the event table: the providers and event IDs of the
/// rows that carry it. For reading only those records from a live event log.
struct AikCaEventSource {
  std::vector<std::string> providers;
  std::vector<std::uint32_t> event_ids;
};
AikCaEventSource aik_ca_event_source();

}  // namespace tpmready::timeline
