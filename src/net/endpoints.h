#pragma once
/// The only hosts tpmready ever contacts, and only with `--online`: the endpoints Windows needs
/// for Autopilot TPM attestation (facts/windows.md §6). One table; probes (collect/network_probes.h)
/// and the EK-certificate fetch both check it, and a unit test asserts every host is Microsoft's or a TPM vendor's.
/// Besides it: the device's own AIK CA under .microsoftaik.azure.net, when its events name one that
/// timeline::aik_ca_refusal accepts (timeline/aik_ca.h).
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "net/https.h"

namespace tpmready::net {

struct AttestationEndpoint {
  std::string_view url;
  std::string_view purpose;
  std::string_view citation;
  /// TPM_PT_MANUFACTURER this endpoint is for (facts/windows.md §13), 0 = every device. Vendor
  /// EK-certificate services are probed only for that vendor's TPM.
  std::uint32_t manufacturer = 0;
};

std::span<const AttestationEndpoint> attestation_endpoints();

/// Is `host` one of the table's hosts (exact, case-insensitive)?
bool is_allowed_host(std::string_view host);
/// Is `name` one of the table's hosts or a domain above one ("microsoft.com" for
/// ztd.dds.microsoft.com), case-insensitive? These are public service names, the same for every
/// device (`--redact` keeps them in free text).
bool is_public_service_name(std::string_view name);

/// The endpoints to probe for a TPM of this manufacturer (unknown: the common ones only).
std::vector<AttestationEndpoint> endpoints_for(std::optional<std::uint32_t> manufacturer);

}  // namespace tpmready::net
