#pragma once
/// Turns the bytes of a certificate file into certificate DER blobs: PEM (one or more
/// "-----BEGIN CERTIFICATE-----" blocks), bare base64 text (as exported from
/// Get-TpmEndorsementKeyInfo, also UTF-16LE with BOM as PowerShell writes it), or binary DER
/// (optionally with the TCG NV header and trailing NV padding, see x509.h).
#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::cert {

/// Splits/decodes a certificate file. Errors name the line (text) or offset (binary).
/// The returned blobs are not yet parsed as X.509.
Result<std::vector<Bytes>> certificate_blobs(ByteSpan file);


}  // namespace tpmready::cert
