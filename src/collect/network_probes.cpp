#include "collect/network_probes.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "net/endpoints.h"
#include "net/http1.h"
#include "timeline/aik_ca.h"
#include "util/url.h"

namespace tpmready::collect {
namespace {

constexpr std::string_view kNotProbed = "not probed";
// A device has one TPM, so one AIK CA; a second covers a TPM swapped since. Each unreachable one
// waits the whole timeout.
constexpr std::size_t kMaxAikCaProbes = 2;
constexpr std::size_t kAnswerLines = 8;
constexpr std::size_t kAnswerLineChars = 120;

/// The first non-empty lines of a GetCACaps answer (one capability per line, RFC 8894 §3.5.2),
/// each cut, bytes outside printable ASCII shown as '?': it is the server's text, or a proxy's.
std::vector<std::string> answer_lines(const Bytes& body) {
  std::vector<std::string> out;
  std::string line;
  auto flush = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty() && out.size() < kAnswerLines) out.push_back(std::move(line));
    line.clear();
  };
  for (std::uint8_t b : body) {
    if (b == '\n') {
      flush();
      continue;
    }
    if (b == '\r' || (line.empty() && (b == ' ' || b == '\t'))) continue;
    if (line.size() < kAnswerLineChars) line += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : (b == '\t' ? ' ' : '?');
  }
  flush();
  return out;
}

/// A URL from the events as the evidence keeps it: bounded (it is untrusted input).
std::string shown(const std::string& url) {
  if (url.size() <= timeline::kMaxAikCaUrl) return url;
  return url.substr(0, timeline::kMaxAikCaUrl) + "...";
}

/// GET p.url and what came back; true when the proxy itself could not be reached.
bool run_probe(EndpointProbe& p, const net::HttpOptions& options, Progress& progress, bool keep_answer) {
  const ProgressStep step(progress, "probing " + p.url);
  auto r = net::https_get(p.url, options);
  if (!r.ok()) {
    p.error = r.error().what();
    p.failed_step = net::failed_step(r.error());
    return net::proxy_unreachable(r.error());
  }
  p.reachable = true;
  p.http_status = r->status;
  p.tls_issuer = r->tls_issuer;
  if (keep_answer) p.answer = answer_lines(r->body);
  return false;
}

void skip(EndpointProbe& p, const std::string& dead_proxy_seen_at) {
  p.error = "not probed: the proxy could not be reached when probing " + dead_proxy_seen_at;
  p.failed_step = kNotProbed;
}

/// The probe of a table endpoint, and whether the proxy itself could not be reached.
std::pair<EndpointProbe, bool> probe(const net::AttestationEndpoint& e, const net::HttpOptions& options,
                                     Progress& progress) {
  EndpointProbe p;
  p.url = std::string(e.url);
  p.purpose = std::string(e.purpose);
  auto url = parse_url(p.url);
  if (!url.ok() || !net::is_allowed_host(url->host)) {  // unreachable by construction; kept as the guard
    p.error = "not probed: not an attestation endpoint";
    p.failed_step = kNotProbed;
    return {p, false};
  }
  const bool proxy_dead = run_probe(p, options, progress, false);
  return {p, proxy_dead};
}

/// The device's own AIK CA, from the URLs its events name: GetCACaps only (a GET that enrols
/// nothing), and only for URLs timeline::aik_ca_refusal accepts.
void probe_aik_ca(NetworkEvidence& n, const std::vector<WindowsEvent>& events, const net::HttpOptions& options,
                  Progress& progress, std::string& dead_proxy_seen_at) {
  const auto urls = timeline::aik_ca_urls(timeline::build(events));
  std::size_t probed = 0;
  for (const auto& u : urls) {
    if (!u.refused.empty()) {
      n.aik_ca_refused.push_back({shown(u.url), u.refused});
      continue;
    }
    if (probed == kMaxAikCaProbes) {
      n.aik_ca_refused.push_back({shown(u.url), "only the " + std::to_string(kMaxAikCaProbes) + " most recently logged AIK CA URLs are probed"});
      continue;
    }
    ++probed;
    EndpointProbe p;
    p.url = timeline::get_ca_caps_url(u.url);
    p.purpose = "the device's AIK CA, named by CertEnroll event " + std::to_string(u.event_id) + "; SCEP GetCACaps";
    p.aik_ca = true;
    if (!dead_proxy_seen_at.empty()) skip(p, dead_proxy_seen_at);
    else if (run_probe(p, options, progress, true)) dead_proxy_seen_at = p.url;
    n.probes.push_back(std::move(p));
  }
  if (urls.empty())
    n.aik_ca_not_probed =
        "no AIK CA URL in the device's events: Windows names its AIK CA in CertEnroll events 86/87/88 (Application "
        "log) once it has tried the attestation; run it once (OOBE's TPM step), then check again";
  else if (probed == 0)
    n.aik_ca_not_probed = "not contacted: the AIK CA URLs in the device's events are not https URLs under ." +
                          std::string(timeline::kAikCaDomain) + " on port 443";
}

}  // namespace

NetworkEvidence probe_endpoints(std::optional<std::uint32_t> manufacturer, const std::vector<WindowsEvent>& events,
                                const net::HttpOptions& options, Progress& progress) {
  NetworkEvidence n;
  net::HttpOptions o = options;
  o.truncate_body = true;  // reachability needs the status line, not the page; GetCACaps is a few lines
  o.max_body = std::min<std::size_t>(o.max_body, 4096);
  const auto list = net::endpoints_for(manufacturer);
  const net::ProxySetting proxy = net::platform_proxy(std::string(list.front().url));
  n.proxy = Fact<std::string>::known(proxy.value, proxy.source);
  std::string dead_proxy_seen_at;
  for (const auto& e : list) {
    if (!dead_proxy_seen_at.empty()) {
      EndpointProbe skipped;
      skipped.url = std::string(e.url);
      skipped.purpose = std::string(e.purpose);
      skip(skipped, dead_proxy_seen_at);
      n.probes.push_back(std::move(skipped));
      continue;
    }
    auto [p, proxy_dead] = probe(e, o, progress);
    if (proxy_dead) dead_proxy_seen_at = p.url;
    n.probes.push_back(std::move(p));
  }
  probe_aik_ca(n, events, o, progress, dead_proxy_seen_at);
  return n;
}

}  // namespace tpmready::collect
