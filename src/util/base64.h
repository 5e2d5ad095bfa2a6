#pragma once
/// Standard base64 (RFC 4648 §4 alphabet, '=' padded): binary registry data and bundles in JSON,
/// and certificates exported as base64 text (Get-TpmEndorsementKeyInfo, PEM bodies).
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

std::string base64_encode(ByteSpan data);

/// Whitespace (including line breaks) is ignored; the rest must be whole 4-character groups with
/// '=' only at the end. Errors name the line and offset of the bad character.
Result<Bytes> base64_decode(std::string_view text);

/// A base64 alphabet character (not '=')?
bool is_base64_char(char ch);

}  // namespace tpmready
