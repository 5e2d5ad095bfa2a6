#pragma once
/// Portable HTTP/1.1 pieces under https_get: URL and proxy parsing, request text, and a bounded
/// response reader over any byte source (a TLS stream, a proxy socket, a fuzzer's buffer).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/https.h"

namespace tpmready::net {

struct Url {
  std::string scheme;  ///< "https" or "http"
  std::string host;    ///< lower case, no brackets
  std::uint16_t port = 0;
  std::string target;  ///< path and query, at least "/"
};
/// Absolute http(s) URL without user info or fragment; errors name the URL.
Result<Url> parse_url(const std::string& url);

/// The platform's HTTPS GET (https_openssl.cpp, https_windows.cpp) behind https_get, which
/// parses the URL and names it in errors.
Result<HttpResponse> https_get_url(const Url& url, const HttpOptions& options);

/// Proxy given as "http://[user:pass@]host:port" or "host:port" (curl's convention).
struct ProxyUrl {
  std::string host;
  std::uint16_t port = 0;
  std::string authorization;  ///< "Basic ..." when the URL carries user info, else ""
  std::string display;        ///< "http://host:port" (credentials never shown)
};
Result<ProxyUrl> parse_proxy(const std::string& text);

/// no_proxy/NO_PROXY semantics as curl: comma list of host names or domain suffixes
/// (".corp.example" or "corp.example" both match "a.corp.example"); "*" matches all.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

/// The environment's proxy for `host`: https_proxy then HTTPS_PROXY, unless no_proxy/NO_PROXY
/// names the host. value "direct" when none applies.
ProxySetting proxy_from_environment(const std::string& host);

/// TPMREADY_NET_RESOLVE ("host=ip:port,host=ip:port"): where to connect for `host`, or nullopt.
/// A malformed entry is an Error naming it.
struct Endpoint {
  std::string address;
  std::uint16_t port = 0;
};
Result<std::optional<Endpoint>> resolve_override(std::string_view spec, std::string_view host);

std::string get_request(const Url& url);
std::string connect_request(const std::string& host, std::uint16_t port, const std::string& authorization);

/// Where response bytes come from. read_some returns 0 at end of stream.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Result<std::size_t> read_some(std::uint8_t* out, std::size_t n) = 0;
};

struct ResponseLimits {
  std::size_t max_header = 32 * 1024;
  std::size_t max_body = 64 * 1024;
  bool truncate_body = false;
  /// CONNECT replies: headers only, and the source is read one byte at a time so no byte of
  /// the tunnelled TLS stream is consumed.
  bool headers_only = false;
};

/// Reads one response: status line, headers, body (Content-Length, chunked or until close).
/// Declared sizes are checked against max_body before anything is allocated.
Result<HttpResponse> read_response(ByteSource& in, const ResponseLimits& limits);

}  // namespace tpmready::net
