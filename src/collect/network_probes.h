#pragma once
/// `check --online`: the attestation endpoints of net/endpoints.h probed, as evidence.
#include <cstdint>
#include <optional>

#include "evidence/events_evidence.h"
#include "net/https.h"
#include "util/progress.h"

namespace tpmready::collect {

/// TLS + one GET per endpoint (any HTTP status counts as reachable), and the proxy setting in
/// force. Bounded: `options.timeout_ms` per endpoint, bodies truncated. When the proxy itself cannot
/// be reached, the endpoints after the first are not probed (each would wait the same timeout for
/// the same answer) and say so. Each request is a step of `progress`.
NetworkEvidence probe_endpoints(std::optional<std::uint32_t> manufacturer, const net::HttpOptions& options,
                                Progress& progress = no_progress());

}  // namespace tpmready::collect
