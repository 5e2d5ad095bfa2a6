#pragma once
/// Percent-decoding (RFC 3986 §2.1): proxy user info from https_proxy, %-escaped base64url from
/// the Intel EK-certificate service.
#include <string>
#include <string_view>

#include "util/result.h"

namespace tpmready {

/// "%XX" (hex digits in either case) becomes that byte; every other character is kept as it is.
/// A '%' not followed by two hex digits is an Error naming its offset only, never the text:
/// callers decode secrets (proxy passwords) with it.
Result<std::string> percent_decode(std::string_view text);

}  // namespace tpmready
