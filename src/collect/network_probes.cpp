#include "collect/network_probes.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "net/endpoints.h"
#include "net/http1.h"

namespace tpmready::collect {
namespace {

constexpr std::string_view kNotProbed = "not probed";

EndpointProbe begin_probe(const net::AttestationEndpoint& e) {
  EndpointProbe p;
  p.url = std::string(e.url);
  p.purpose = std::string(e.purpose);
  return p;
}

/// The probe, and whether the proxy itself could not be reached.
std::pair<EndpointProbe, bool> probe(const net::AttestationEndpoint& e, const net::HttpOptions& options,
                                     Progress& progress) {
  EndpointProbe p = begin_probe(e);
  auto url = net::parse_url(p.url);
  if (!url.ok() || !net::is_allowed_host(url->host)) {  // unreachable by construction; kept as the guard
    p.error = "not probed: not an attestation endpoint";
    p.failed_step = kNotProbed;
    return {p, false};
  }
  const ProgressStep step(progress, "probing " + p.url);
  auto r = net::https_get(p.url, options);
  if (!r.ok()) {
    p.error = r.error().what();
    p.failed_step = net::failed_step(r.error());
    return {p, net::proxy_unreachable(r.error())};
  }
  p.reachable = true;
  p.http_status = r->status;
  p.tls_issuer = r->tls_issuer;
  return {p, false};
}

}  // namespace

NetworkEvidence probe_endpoints(std::optional<std::uint32_t> manufacturer, const net::HttpOptions& options,
                                Progress& progress) {
  NetworkEvidence n;
  net::HttpOptions o = options;
  o.truncate_body = true;  // reachability needs the status line, not the page
  o.max_body = std::min<std::size_t>(o.max_body, 4096);
  const auto list = net::endpoints_for(manufacturer);
  const net::ProxySetting proxy = net::platform_proxy(std::string(list.front().url));
  n.proxy = Fact<std::string>::known(proxy.value, proxy.source);
  std::string dead_proxy_seen_at;
  for (const auto& e : list) {
    if (!dead_proxy_seen_at.empty()) {
      EndpointProbe skipped = begin_probe(e);
      skipped.error = "not probed: the proxy could not be reached when probing " + dead_proxy_seen_at;
      skipped.failed_step = kNotProbed;
      n.probes.push_back(std::move(skipped));
      continue;
    }
    auto [p, proxy_dead] = probe(e, o, progress);
    if (proxy_dead) dead_proxy_seen_at = p.url;
    n.probes.push_back(std::move(p));
  }
  return n;
}

}  // namespace tpmready::collect
