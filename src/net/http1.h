#pragma once
/// Portable HTTP/1.1 pieces under https_get: URL and proxy parsing, request text, and a bounded
/// response reader over any byte source (a TLS stream, a proxy socket, a fuzzer's buffer).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/https.h"
#include "util/url.h"

namespace tpmready::net {

/// The platform's HTTPS GET (https_openssl.cpp, https_windows.cpp) behind https_get, which
/// parses the URL and names it in errors.
Result<HttpResponse> https_get_url(const Url& url, const HttpOptions& options);

/// Proxy given as "http://[user[:password]@]host:port" or "host:port" (curl's convention).
/// User and password are percent-decoded (RFC 3986 §3.2.1, "p%40ss" is "p@ss") and sent as Basic
/// (RFC 7617). Errors and `display` never contain them.
struct ProxyUrl {
  std::string host;
  std::uint16_t port = 0;
  std::string authorization;  ///< "Basic base64(user:password)" when the URL carries user info, else ""
  std::string display;        ///< "http://host:port", "http://***@host:port" with user info
};
Result<ProxyUrl> parse_proxy(const std::string& text);

/// no_proxy/NO_PROXY semantics as curl: comma list of host names or domain suffixes
/// (".corp.example" or "corp.example" both match "a.corp.example"); "*" matches all.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host);

/// The environment's proxy for `host`: https_proxy then HTTPS_PROXY, unless no_proxy/NO_PROXY
/// names the host. `raw` is the value as set, credentials included: it is only for parse_proxy,
/// never for output. raw "" when no proxy applies.
struct EnvironmentProxy {
  std::string variable;  ///< "https_proxy" or "HTTPS_PROXY"; "" when no proxy applies
  std::string raw;
  std::string source;  ///< what reports show: "env:https_proxy", "env:no_proxy lists <host>", ...
};
EnvironmentProxy environment_proxy(const std::string& host);

/// environment_proxy as reports show it: value "direct" when none applies, else the proxy's
/// display form (credentials masked, also when the setting does not parse).
ProxySetting proxy_from_environment(const std::string& host);

/// The auth-scheme names a Proxy-Authenticate field value offers (RFC 9110 §11.6.1: a comma list
/// of challenges `scheme [token68 / #auth-param]`), in order: `Basic realm="a, b", NTLM` gives
/// {"Basic", "NTLM"}. Names are cut at 32 characters (they end up in reports).
std::vector<std::string> auth_schemes(std::string_view field_value);

/// The reply to CONNECT `target` ("host:443") through `proxy`: ok for 2xx, else an Error
/// "proxy: <display> ...". A 407 (RFC 9110 §15.5.8) says whether credentials were missing or
/// refused, or which schemes the proxy asks for when Basic is not one of them.
Status check_connect_reply(const HttpResponse& reply, const ProxyUrl& proxy, const std::string& target);

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
