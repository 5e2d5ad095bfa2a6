// libFuzzer entry: the timeline's reading of untrusted event text — insertion strings from unnamed
// Data elements, named fields and rendered messages (timeline/insertions.h), codes, URLs, flag
// names and the service's answer — for the event-table rows that read them. The input is split at
// NUL bytes: the first piece is the rendered message, the others Data1, Data2, ...; the same
// pieces also go in as a message-table template and a message of their own.
// The AIK CA URLs read from them (timeline/aik_ca.h) are checked against the rule that lets
// `check --online` contact one: an accepted URL must be https on port 443 to a host under
// .microsoftaik.azure.net, as the HTTPS client parses it (util/url.h), without a query.
#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "timeline/aik_ca.h"
#include "timeline/insertions.h"
#include "timeline/timeline.h"
#include "util/url.h"

namespace {

struct Origin {
  const char* channel;
  const char* provider;
  std::uint32_t id;
};

// Rows with params, flags, variants or codes decided by the answer's text (data/windows_events.json).
constexpr Origin kRows[] = {
    {"Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot", "Microsoft-Windows-ModernDeployment-Diagnostics-Provider", 753},
    {"Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot", "Microsoft-Windows-ModernDeployment-Diagnostics-Provider", 177},
    {"Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot", "Microsoft-Windows-ModernDeployment-Diagnostics-Provider", 251},
    {"Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot", "Microsoft-Windows-ModernDeployment-Diagnostics-Provider", 709},
    {"Microsoft-Windows-Provisioning-Diagnostics-Provider/AutoPilot", "Microsoft-Windows-Provisioning-Diagnostics-Provider", 177},
    {"Application", "Microsoft-Windows-CertificateServicesClient-CertEnroll", 86},
    {"Application", "Microsoft-Windows-CertificateServicesClient-CertEnroll", 87},
    {"Application", "CertEnroll", 88},
    {"System", "Microsoft-Windows-TPM-WMI", 1026},
    {"System", "Microsoft-Windows-TPM-WMI", 1539},
    {"System", "Microsoft-Windows-TBS", 16385},
    {"Microsoft-Windows-User Device Registration/Admin", "Microsoft-Windows-User Device Registration", 204},
};

/// An accepted AIK CA URL is one the probe may contact; anything else is a bug in the rule.
void check_accepted(const std::string& url) {
  if (!tpmready::timeline::aik_ca_refusal(url).empty()) return;
  auto u = tpmready::parse_url(url);
  const std::string suffix = ".microsoftaik.azure.net";
  if (!u || u->scheme != "https" || u->port != 443 || u->host.size() <= suffix.size() ||
      u->host.compare(u->host.size() - suffix.size(), suffix.size(), suffix) != 0 ||
      u->target.find('?') != std::string::npos || url.size() > tpmready::timeline::kMaxAikCaUrl)
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> pieces;
  for (std::size_t from = 0;;) {
    auto nul = input.find('\0', from);
    pieces.emplace_back(input.substr(from, nul == std::string_view::npos ? std::string_view::npos : nul - from));
    if (nul == std::string_view::npos || pieces.size() == 8) break;
    from = nul + 1;
  }
  std::vector<tpmready::WindowsEvent> events;
  for (const auto& row : kRows) {
    tpmready::WindowsEvent e;
    e.time = "2026-11-27T10:00:00Z";
    e.channel = row.channel;
    e.provider = row.provider;
    e.event_id = row.id;
    e.message = pieces.front();
    for (std::size_t i = 1; i < pieces.size(); ++i) e.data["Data" + std::to_string(i)] = pieces[i];
    events.push_back(e);
    // The same values as named fields, as manifest providers write them.
    tpmready::WindowsEvent named = e;
    named.data.clear();
    const char* names[] = {"server_time", "client_time", "HRESULT", "url", "ServerResponse", "AdditionalInformation", "attempt"};
    for (std::size_t i = 1; i < pieces.size(); ++i) named.data[names[i - 1]] = pieces[i];
    events.push_back(std::move(named));
  }
  const auto timeline = tpmready::timeline::build(events);
  for (const auto& u : tpmready::timeline::aik_ca_urls(timeline)) {
    if (u.refused != tpmready::timeline::aik_ca_refusal(u.url)) std::abort();
    check_accepted(u.url);
  }
  for (const auto& piece : pieces) check_accepted(piece);
  (void)tpmready::timeline::match_message(pieces.front(), pieces.size() > 1 ? pieces[1] : input);
  (void)tpmready::timeline::find_url(input);
  return 0;
}
