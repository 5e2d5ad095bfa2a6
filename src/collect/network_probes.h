#pragma once
/// `check --online`: the attestation endpoints of net/endpoints.h probed, as evidence.
#include <cstdint>
#include <optional>

#include "evidence/events_evidence.h"
#include "net/https.h"

namespace tpmready::collect {

/// TLS + one GET per endpoint (any HTTP status counts as reachable), and the proxy setting in
/// force. Bounded: `options.timeout_ms` per endpoint, bodies truncated.
NetworkEvidence probe_endpoints(std::optional<std::uint32_t> manufacturer, const net::HttpOptions& options);

}  // namespace tpmready::collect
