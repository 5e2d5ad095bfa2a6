#pragma once
/// Firmware-TPM EK certificates from the vendor services (`ekcert --online`): decoding what the
/// service returns, and the fetch itself (through net::https_get, only to the hosts of
/// net/endpoints.h).
#include <string>

#include "net/https.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::collect {

/// Response formats accepted, decided from the facts and kept tolerant because both are UNVERIFIED
/// (facts/windows.md §15 "response envelope of Intel service"):
///   - a JSON object whose "certificate" member is base64url, possibly %-escaped, DER (Intel;
///     facts/tcg.md §4: fields "pubhash" and "certificate", as tpm2_getekcertificate decodes it);
///   - DER (AMD, facts/tcg.md §4 "AMD returns DER (UNVERIFIED)"), with or without the NV header;
///   - PEM, or base64 / base64url text (facts/windows.md §6.1 "base64url-encoded PEM/DER data"),
///     whose decoded bytes may themselves be PEM.
/// Anything else is an Error naming the format found. The result is certificate DER, not yet
/// parsed as X.509 (the usual analysis does that and reports decode problems with the source).
Result<Bytes> decode_online_ekcert(ByteSpan body);

/// GETs `url` (one of the vendor EK-certificate services) and decodes the body. Refuses hosts not
/// in the endpoint table. Errors name the URL and the step (DNS, TLS, HTTP status 404, ...).
Result<Bytes> fetch_online_ekcert(const std::string& url, const net::HttpOptions& options);

}  // namespace tpmready::collect
