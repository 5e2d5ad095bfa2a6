#include "net/endpoints.h"

#include <algorithm>
#include <cctype>

#include "net/http1.h"
#include "util/text.h"

namespace tpmready::net {
namespace {

// TPM_PT_MANUFACTURER values, facts/windows.md §13.
constexpr std::uint32_t kIntel = 0x494E5443;     // "INTC"
constexpr std::uint32_t kAmd = 0x414D4400;       // "AMD\0"
constexpr std::uint32_t kQualcomm = 0x51434F4D;  // "QCOM"

// facts/windows.md §6 also names `*.microsoftaik.azure.net` (the per-vendor AIK CA services) but no
// concrete host under it, so it is not in this table: a device's own AIK CA is known only from its
// events, and timeline/aik_ca.h decides which of those URLs may be probed (docs/online.md).
constexpr AttestationEndpoint kEndpoints[] = {
    {"https://ztd.dds.microsoft.com", "Autopilot deployment service", "facts/windows.md §6", 0},
    {"https://cs.dds.microsoft.com", "Autopilot deployment service", "facts/windows.md §6", 0},
    {"https://login.live.com", "Autopilot deployment service (sign-in)", "facts/windows.md §6", 0},
    {"https://ekop.intel.com/ekcertservice", "Intel PTT EK certificate service", "facts/windows.md §6", kIntel},
    {"https://ftpm.amd.com/pki/aia", "AMD fTPM EK certificate service", "facts/windows.md §6", kAmd},
    {"https://ekcert.spserv.microsoft.com/EKCertificate/GetEKCertificate/v1", "Qualcomm EK certificate service",
     "facts/windows.md §6", kQualcomm},
};

}  // namespace

std::span<const AttestationEndpoint> attestation_endpoints() { return kEndpoints; }

bool is_allowed_host(std::string_view host) {
  for (const auto& e : kEndpoints) {
    auto u = parse_url(std::string(e.url));
    if (u.ok() && iequals(u->host, host)) return true;
  }
  return false;
}

bool is_public_service_name(std::string_view name) {
  for (const auto& e : kEndpoints) {
    auto u = parse_url(std::string(e.url));
    if (!u.ok() || u->host.size() < name.size()) continue;
    std::string_view host = u->host;
    const auto tail = host.substr(host.size() - name.size());
    const bool at_label = host.size() == name.size() || host[host.size() - name.size() - 1] == '.';
    if (at_label && iequals(tail, name)) return true;
  }
  return false;
}

std::vector<AttestationEndpoint> endpoints_for(std::optional<std::uint32_t> manufacturer) {
  std::vector<AttestationEndpoint> out;
  for (const auto& e : kEndpoints) {
    if (e.manufacturer == 0 || (manufacturer && *manufacturer == e.manufacturer)) out.push_back(e);
  }
  return out;
}

}  // namespace tpmready::net
