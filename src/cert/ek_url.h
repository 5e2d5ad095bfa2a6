#pragma once
/// Vendor download URLs for firmware-TPM EK certificates that are not stored in NV
/// (facts/tcg.md §4, facts/windows.md §6.1). Computing the URL needs no network; fetching it
/// (`ekcert --online`) is collect/ek_online.h.
#include <optional>
#include <string>

#include "crypto/public_key.h"

namespace tpmready::cert {

/// Intel PTT: https://ekop.intel.com/ekcertservice/<base64url(SHA-256(modulus || 01 00 01))>
/// with '=' escaped as %3D; ECC: SHA-256(X || Y). nullopt for RSA keys with a non-default
/// exponent (tools-getek rejects them).
std::optional<std::string> intel_ek_url(const PublicKey& ek);
/// AMD fTPM: https://ftpm.amd.com/pki/aia/<first 16 bytes of SHA-256(00 00 22 22 || exponent
/// UINT32 BE || modulus), upper-case hex>; ECC: 00 00 44 44 || X || Y.
std::optional<std::string> amd_ek_url(const PublicKey& ek);

/// TPM_PT_MANUFACTURER values of the firmware TPMs whose certificates are fetched online
/// (facts/tcg.md §2 manufacturer table).
inline constexpr std::uint32_t kManufacturerIntel = 0x494E5443;  // "INTC"
inline constexpr std::uint32_t kManufacturerAmd = 0x414D4400;    // "AMD\0"

/// The URL for `manufacturer`, or nullopt when that vendor has no online EK certificate service.
std::optional<std::string> online_ek_url(std::uint32_t manufacturer, const PublicKey& ek);

}  // namespace tpmready::cert
