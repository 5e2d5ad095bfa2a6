#include "collect/network_probes.h"

#include <algorithm>

#include "net/endpoints.h"
#include "net/http1.h"

namespace tpmready::collect {
namespace {

EndpointProbe probe(const net::AttestationEndpoint& e, const net::HttpOptions& options) {
  EndpointProbe p;
  p.url = std::string(e.url);
  p.purpose = std::string(e.purpose);
  auto url = net::parse_url(p.url);
  if (!url.ok() || !net::is_allowed_host(url->host)) {  // unreachable by construction; kept as the guard
    p.error = "not probed: not an attestation endpoint";
    return p;
  }
  auto r = net::https_get(p.url, options);
  if (!r.ok()) {
    p.error = r.error().what();
    return p;
  }
  p.reachable = true;
  p.http_status = r->status;
  p.tls_issuer = r->tls_issuer;
  return p;
}

}  // namespace

NetworkEvidence probe_endpoints(std::optional<std::uint32_t> manufacturer, const net::HttpOptions& options) {
  NetworkEvidence n;
  net::HttpOptions o = options;
  o.truncate_body = true;  // reachability needs the status line, not the page
  o.max_body = std::min<std::size_t>(o.max_body, 4096);
  const auto list = net::endpoints_for(manufacturer);
  const net::ProxySetting proxy = net::platform_proxy(std::string(list.front().url));
  n.proxy = Fact<std::string>::known(proxy.value, proxy.source);
  for (const auto& e : list) n.probes.push_back(probe(e, o));
  return n;
}

}  // namespace tpmready::collect
