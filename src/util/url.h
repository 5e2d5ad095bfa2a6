#pragma once
/// Absolute http(s) URLs, parsed one way for every use: the requests net/https.h makes and the
/// checks that decide whether a URL from the evidence may be contacted at all (an allow rule that
/// read a URL differently from the client that then connects would check another host).
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace tpmready {

struct Url {
  std::string scheme;  ///< "https" or "http"
  std::string host;    ///< lower case, no brackets
  std::uint16_t port = 0;
  std::string target;  ///< path and query, at least "/"
};
/// Absolute http(s) URL without user info or fragment; errors name the URL.
Result<Url> parse_url(const std::string& url);

/// "host[:port]" (IPv6 in brackets) into a lower-case host and a port 1..65535 (`default_port`
/// when none is given). False when either part is malformed.
bool split_host_port(std::string_view hp, std::uint16_t default_port, std::string& host, std::uint16_t& port);

}  // namespace tpmready
