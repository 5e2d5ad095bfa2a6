#include "timeline/aik_ca.h"

#include <algorithm>

#include "timeline/event_table.h"
#include "util/text.h"
#include "util/url.h"

namespace tpmready::timeline {
namespace {

/// The event-table rows of the AIK CA's SCEP answer (CertEnroll 86/87 failed, 88 succeeded).
bool is_aik_ca_role(std::string_view role) { return role.rfind("aik_ca_", 0) == 0; }

bool carries_aik_ca_url(const EventInfo& row) {
  return is_aik_ca_role(row.role) &&
         std::any_of(row.params.begin(), row.params.end(), [](const EventParam& p) { return p.kind == "url"; });
}

/// Letters, digits, '-' and '.', no empty label: what a DNS name is written with. Anything else
/// (a backslash, '%', '_') could be read as another host by a resolver or a proxy.
bool is_dns_name(std::string_view host) {
  if (host.empty() || host.front() == '.' || host.back() == '.' || host.find("..") != std::string_view::npos) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

template <typename Entries, typename Get>
std::vector<AikCaUrl> collect_urls(const Entries& entries, Get get) {
  std::vector<AikCaUrl> out;
  std::vector<std::string> seen;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const TimelineEntry& t = get(*it);
    if (!is_aik_ca_role(t.role) || t.url.empty()) continue;
    std::string key = ascii_lower(t.url);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    out.push_back({t.url, t.input, t.event_id, aik_ca_refusal(t.url)});
  }
  return out;
}

}  // namespace

std::vector<AikCaUrl> aik_ca_urls(const std::vector<TimelineEntry>& timeline) {
  return collect_urls(timeline, [](const TimelineEntry& t) -> const TimelineEntry& { return t; });
}

std::vector<AikCaUrl> aik_ca_urls(const std::vector<const TimelineEntry*>& entries) {
  return collect_urls(entries, [](const TimelineEntry* t) -> const TimelineEntry& { return *t; });
}

std::string aik_ca_refusal(std::string_view url) {
  if (url.empty()) return "empty";
  if (url.size() > kMaxAikCaUrl) return "longer than " + std::to_string(kMaxAikCaUrl) + " characters";
  if (std::any_of(url.begin(), url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f; }))
    return "contains a space, a control character or a non-ASCII character";
  if (!starts_with_icase(url, "https://")) return "not https";
  const std::string_view rest = url.substr(8);
  if (rest.substr(0, rest.find_first_of("/?#")).find('@') != std::string_view::npos) return "carries user info ('@')";
  if (url.find('#') != std::string_view::npos) return "carries a fragment ('#')";
  auto parsed = parse_url(std::string(url));
  if (!parsed) return "the host or port cannot be read";
  if (parsed->port != 443) return "names port " + std::to_string(parsed->port) + ", not 443";
  if (!is_dns_name(parsed->host)) return "the host is not a DNS name";
  const std::string suffix = "." + std::string(kAikCaDomain);
  if (parsed->host.size() <= suffix.size() || !parsed->host.ends_with(suffix))
    return "the host " + parsed->host + " is not under " + suffix;
  if (parsed->target.find('?') != std::string::npos) return "carries a query ('?')";
  return "";
}

std::string get_ca_caps_url(std::string_view aik_ca_url) { return std::string(aik_ca_url) + "?operation=GetCACaps"; }

AikCaEventSource aik_ca_event_source() {
  AikCaEventSource out;
  auto table = event_table();
  if (!table) return out;
  for (const auto& row : (*table)->events) {
    if (!carries_aik_ca_url(row)) continue;
    if (std::find(out.event_ids.begin(), out.event_ids.end(), row.id) == out.event_ids.end()) out.event_ids.push_back(row.id);
    for (const auto& ch : (*table)->channels) {
      if (ch.name != row.channel) continue;
      for (const auto& p : ch.providers)
        if (std::find(out.providers.begin(), out.providers.end(), p) == out.providers.end()) out.providers.push_back(p);
    }
  }
  return out;
}

}  // namespace tpmready::timeline
