#pragma once
/// A small HTTPS GET seam for the few requests tpmready makes, all opt-in (`--online`): the vendor
/// EK-certificate services and the Autopilot endpoint probes (facts/windows.md §6).
///
/// Linux: POSIX sockets + OpenSSL (https_openssl.cpp): SNI, the system trust store plus an optional
/// extra CA file, hostname verification, HTTP/1.1 (Content-Length, chunked, read-to-close), CONNECT
/// through the https_proxy / HTTPS_PROXY proxy (its user info sent as Basic credentials). Windows:
/// WinHTTP (https_windows.cpp) with the system's automatic proxy and trust store, and no proxy
/// credentials of tpmready's own.
///
/// Every failure is an Error whose message names the URL and the step ("DNS", "connect",
/// "proxy", "TLS handshake", "certificate verification", "send", "receive", "timeout",
/// "body too large"); a non-2xx status is not an error here (probes count any answer as reachable):
/// callers that need the body use require_success().
///
/// Test and diagnostic overrides (read from the environment; docs/online.md):
///   TPMREADY_NET_RESOLVE="host=ip:port,host2=ip:port"  connect to ip:port instead of resolving host;
///                         TLS still checks the certificate against the real host name (Linux only)
///   TPMREADY_NET_EXTRA_CA=FILE  PEM CA certificates trusted in addition to the system store (Linux only)
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::net {

struct HttpOptions {
  int timeout_ms = 15000;  ///< bound on the whole request (resolve, connect, TLS, response)
  /// Larger bodies fail with "body too large" before anything that size is allocated, unless
  /// truncate_body is set (probes only need the status), then the body is cut at this size.
  std::size_t max_body = 64 * 1024;
  bool truncate_body = false;
  /// nullopt: the platform's proxy (Linux: https_proxy/HTTPS_PROXY and no_proxy/NO_PROXY;
  /// Windows: WinHTTP automatic proxy). "direct": none. Otherwise "http://[user:password@]host:port"
  /// (credentials: Linux only).
  std::optional<std::string> proxy;
  std::string extra_ca_file;  ///< PEM CAs trusted besides the system store ("" = TPMREADY_NET_EXTRA_CA)
};

struct HttpResponse {
  int status = 0;
  std::string reason;        ///< status line text ("Not Found")
  std::string content_type;  ///< Content-Type header value, "" when absent
  Bytes body;
  bool body_truncated = false;  ///< only with HttpOptions::truncate_body
  std::string tls_issuer;       ///< issuer DN of the server certificate ("CN=..., O=..., C=US")
  std::string proxy;            ///< how the request went: "direct" or "http://[***@]host:port"
  /// Auth schemes a proxy's 407 reply asks for (Proxy-Authenticate: "Basic", "NTLM", ...).
  std::vector<std::string> proxy_auth_schemes;
};

/// GET `url` (https:// only). Errors name the URL and the step, see above.
Result<HttpResponse> https_get(const std::string& url, const HttpOptions& options);

/// The step a failed https_get stopped at, from its error: "DNS", "connect", "proxy", "TLS handshake",
/// "certificate verification", "send", "receive", "timeout", "body too large"; "" for any other
/// error (a usage error, an unsupported option). A connection to the proxy that failed or timed out
/// is "proxy" (the request never left the device).
std::string failed_step(const Error& error);

/// The proxy itself could not be reached (connecting to it failed or timed out, or it did not answer
/// CONNECT in time): every request through it fails the same way. False when the proxy answered,
/// even with a refusal.
bool proxy_unreachable(const Error& error);

/// The response when its status is 2xx, else an Error "<url>: HTTP status 404 Not Found".
Result<HttpResponse> require_success(Result<HttpResponse> response, const std::string& url);

/// The proxy the platform would use for `url`, and where that setting came from, for reports:
/// {"http://proxy:3128", "env:HTTPS_PROXY"}, {"http://***@proxy:3128", "env:https_proxy"} (never
/// the credentials), {"direct", "env: no https_proxy/HTTPS_PROXY set"},
/// {"automatic", "WinHTTP automatic proxy; IE settings: ..."}.
struct ProxySetting {
  std::string value;
  std::string source;
};
ProxySetting platform_proxy(const std::string& url);

}  // namespace tpmready::net
