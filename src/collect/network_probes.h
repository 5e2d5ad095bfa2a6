#pragma once
/// `check --online`: the attestation endpoints of net/endpoints.h probed, as evidence.
#include <cstdint>
#include <optional>
#include <vector>

#include "evidence/events_evidence.h"
#include "net/https.h"
#include "util/progress.h"

namespace tpmready::collect {

/// TLS + one GET per endpoint (any HTTP status counts as reachable), and the proxy setting in
/// force. Bounded: `options.timeout_ms` per endpoint, bodies truncated. When the proxy itself cannot
/// be reached, the endpoints after the first are not probed (each would wait the same timeout for
/// the same answer) and say so. Each request is a step of `progress`.
///
/// Then the device's own AIK CA, whose URL only its events name (timeline/aik_ca.h): for each URL
/// timeline::aik_ca_refusal accepts (at most two), one GET `<url>?operation=GetCACaps` (RFC 8894
/// §3.5.1: the CA's capabilities; no enrolment, no POST, no PKIOperation), recorded like the other
/// probes with the first lines of the answer. URLs it refuses are listed with why, never contacted;
/// without any, `aik_ca_not_probed` says why.
NetworkEvidence probe_endpoints(std::optional<std::uint32_t> manufacturer, const std::vector<WindowsEvent>& events,
                                const net::HttpOptions& options, Progress& progress = no_progress());

}  // namespace tpmready::collect
