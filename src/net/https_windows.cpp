// https_get on Windows: WinHTTP, so the system's proxy configuration (automatic proxy, PAC,
// netsh winhttp) and trust store apply exactly as they do for Windows' own attestation traffic.
// TPMREADY_NET_RESOLVE / TPMREADY_NET_EXTRA_CA are Linux-only test hooks: WinHTTP has no
// per-request resolver or trust-anchor override, so they fail here with a clear error.
#include <windows.h>
#include <wincrypt.h>
#include <winhttp.h>

#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "util/win_text_windows.h"
#include "net/http1.h"

namespace tpmready::net {
namespace {

using win::narrow;
using win::widen;

struct Handle {
  HINTERNET h = nullptr;
  explicit Handle(HINTERNET x) : h(x) {}
  ~Handle() {
    if (h != nullptr) WinHttpCloseHandle(h);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
};

/// The step each WinHTTP error belongs to (winhttp.h ERROR_WINHTTP_* values).
Error winhttp_error(const char* call, DWORD code) {
  struct Known {
    DWORD code;
    const char* step;
    const char* name;
    ErrorKind kind;
  };
  static const Known kKnown[] = {
      {ERROR_WINHTTP_NAME_NOT_RESOLVED, "DNS", "ERROR_WINHTTP_NAME_NOT_RESOLVED", ErrorKind::Io},
      {ERROR_WINHTTP_CANNOT_CONNECT, "connect", "ERROR_WINHTTP_CANNOT_CONNECT", ErrorKind::Io},
      {ERROR_WINHTTP_CONNECTION_ERROR, "connect", "ERROR_WINHTTP_CONNECTION_ERROR", ErrorKind::Io},
      {ERROR_WINHTTP_TIMEOUT, "timeout", "ERROR_WINHTTP_TIMEOUT", ErrorKind::Timeout},
      {ERROR_WINHTTP_SECURE_FAILURE, "certificate verification", "ERROR_WINHTTP_SECURE_FAILURE", ErrorKind::Io},
      {ERROR_WINHTTP_SECURE_INVALID_CA, "certificate verification", "ERROR_WINHTTP_SECURE_INVALID_CA", ErrorKind::Io},
      {ERROR_WINHTTP_SECURE_CERT_CN_INVALID, "certificate verification", "ERROR_WINHTTP_SECURE_CERT_CN_INVALID", ErrorKind::Io},
      {ERROR_WINHTTP_SECURE_CERT_DATE_INVALID, "certificate verification", "ERROR_WINHTTP_SECURE_CERT_DATE_INVALID", ErrorKind::Io},
      {ERROR_WINHTTP_SECURE_CERT_REVOKED, "certificate verification", "ERROR_WINHTTP_SECURE_CERT_REVOKED", ErrorKind::Io},
      {ERROR_WINHTTP_SECURE_CHANNEL_ERROR, "TLS handshake", "ERROR_WINHTTP_SECURE_CHANNEL_ERROR", ErrorKind::Io},
      {ERROR_WINHTTP_INVALID_SERVER_RESPONSE, "receive", "ERROR_WINHTTP_INVALID_SERVER_RESPONSE", ErrorKind::Parse},
      {ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR, "proxy", "ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR", ErrorKind::Io},
      {ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT, "proxy", "ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT", ErrorKind::Io},
  };
  for (const auto& k : kKnown) {
    if (k.code == code) {
      return make_error(k.kind, std::string(k.step) + ": " + call + " failed: " + k.name + " (" + std::to_string(code) + ")");
    }
  }
  return make_error(ErrorKind::Io, std::string("receive: ") + call + " failed: WinHTTP/Win32 error " + std::to_string(code));
}

std::string issuer_of(HINTERNET request) {
  PCCERT_CONTEXT cert = nullptr;
  DWORD size = sizeof cert;
  if (!WinHttpQueryOption(request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &cert, &size) || cert == nullptr) return {};
  std::string out;
  DWORD n = CertNameToStrW(X509_ASN_ENCODING, &cert->pCertInfo->Issuer, CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG,
                           nullptr, 0);
  if (n > 1) {
    std::wstring w(n, L'\0');
    CertNameToStrW(X509_ASN_ENCODING, &cert->pCertInfo->Issuer, CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG, w.data(), n);
    w.resize(n - 1);
    out = narrow(w);
  }
  CertFreeCertificateContext(cert);
  return out;
}

DWORD query_number(HINTERNET request, DWORD what) {
  DWORD value = 0;
  DWORD size = sizeof value;
  if (!WinHttpQueryHeaders(request, what | WINHTTP_QUERY_FLAG_NUMBER, WINHTTP_HEADER_NAME_BY_INDEX, &value, &size,
                           WINHTTP_NO_HEADER_INDEX)) {
    return 0;
  }
  return value;
}

std::string query_text(HINTERNET request, DWORD what) {
  DWORD size = 0;
  WinHttpQueryHeaders(request, what, WINHTTP_HEADER_NAME_BY_INDEX, nullptr, &size, WINHTTP_NO_HEADER_INDEX);
  if (size == 0 || size > 64 * 1024) return {};
  std::wstring w(size / sizeof(wchar_t), L'\0');
  if (!WinHttpQueryHeaders(request, what, WINHTTP_HEADER_NAME_BY_INDEX, w.data(), &size, WINHTTP_NO_HEADER_INDEX)) return {};
  w.resize(size / sizeof(wchar_t));
  return narrow(w);
}

/// Reads the body in bounded pieces; the declared length is checked before anything is reserved.
Status read_body(HINTERNET request, const HttpOptions& o, HttpResponse& r) {
  const DWORD declared = query_number(request, WINHTTP_QUERY_CONTENT_LENGTH);
  if (declared > o.max_body && !o.truncate_body) {
    return make_error(ErrorKind::Limit, "body too large: Content-Length " + std::to_string(declared) +
                                            " exceeds the limit of " + std::to_string(o.max_body) + " bytes");
  }
  std::uint8_t buf[8192];
  for (;;) {
    DWORD got = 0;
    if (!WinHttpReadData(request, buf, sizeof buf, &got)) return winhttp_error("WinHttpReadData", GetLastError());
    if (got == 0) return ok_status();
    const std::size_t room = o.max_body - r.body.size();
    if (got > room) {
      if (!o.truncate_body) {
        return make_error(ErrorKind::Limit, "body too large: more than " + std::to_string(o.max_body) + " bytes");
      }
      r.body.insert(r.body.end(), buf, buf + room);
      r.body_truncated = true;
      return ok_status();
    }
    r.body.insert(r.body.end(), buf, buf + got);
  }
}

/// "proxy: <who> requires credentials (HTTP 407) ...", with the schemes the proxy offers
/// (WinHttpQueryAuthSchemes). tpmready calls no WinHttpSetCredentials, so the proxy did not take
/// what WinHTTP sends by itself (its automatic logon policy), if anything.
Error proxy_auth_error(HINTERNET request, const std::string& who) {
  DWORD supported = 0, first = 0, target = 0;
  std::string offered;
  if (WinHttpQueryAuthSchemes(request, &supported, &first, &target)) {
    static const std::pair<DWORD, const char*> kSchemes[] = {
        {WINHTTP_AUTH_SCHEME_BASIC, "Basic"}, {WINHTTP_AUTH_SCHEME_NTLM, "NTLM"}, {WINHTTP_AUTH_SCHEME_PASSPORT, "Passport"},
        {WINHTTP_AUTH_SCHEME_DIGEST, "Digest"}, {WINHTTP_AUTH_SCHEME_NEGOTIATE, "Negotiate"}};
    for (const auto& [bit, name] : kSchemes) {
      if ((supported & bit) != 0) offered += (offered.empty() ? "" : ", ") + std::string(name);
    }
  }
  return make_error(ErrorKind::Io, "proxy: " + who + " requires credentials (HTTP 407" +
                                       (offered.empty() ? "" : "; it asks for " + offered) + ")");
}

}  // namespace

Result<HttpResponse> https_get_url(const Url& url, const HttpOptions& o) {
  if (url.scheme != "https") return make_error(ErrorKind::Usage, "only https:// URLs are fetched");
  for (const char* hook : {"TPMREADY_NET_RESOLVE", "TPMREADY_NET_EXTRA_CA"}) {
    const char* v = std::getenv(hook);
    if (v != nullptr && *v != '\0') return make_error(ErrorKind::Unsupported, std::string(hook) + " is supported on Linux only");
  }
  if (!o.extra_ca_file.empty()) return make_error(ErrorKind::Unsupported, "an extra CA file is supported on Linux only");
  const bool direct = o.proxy && *o.proxy == "direct";
  std::wstring named_proxy;
  if (o.proxy && !direct) {
    auto p = TRY(parse_proxy(*o.proxy));
    // WinHTTP would need WinHttpSetCredentials on a 407; nothing passes credentials here, so
    // they are refused rather than silently dropped.
    if (!p.authorization.empty()) {
      return make_error(ErrorKind::Unsupported, "proxy " + p.display + ": credentials in the proxy URL are used on Linux only");
    }
    named_proxy = widen(p.host + ":" + std::to_string(p.port));
  }
  // WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY (Windows 8.1+): WinHTTP applies the system/IE proxy and
  // WPAD/PAC itself, as Windows components do.
  const DWORD access = direct ? WINHTTP_ACCESS_TYPE_NO_PROXY
                       : named_proxy.empty() ? WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY
                                             : WINHTTP_ACCESS_TYPE_NAMED_PROXY;
  Handle session(WinHttpOpen(L"tpmready", access, named_proxy.empty() ? WINHTTP_NO_PROXY_NAME : named_proxy.c_str(),
                             WINHTTP_NO_PROXY_BYPASS, 0));
  if (session.h == nullptr) return winhttp_error("WinHttpOpen", GetLastError());
  WinHttpSetTimeouts(session.h, o.timeout_ms, o.timeout_ms, o.timeout_ms, o.timeout_ms);
  Handle connection(WinHttpConnect(session.h, widen(url.host).c_str(), url.port, 0));
  if (connection.h == nullptr) return winhttp_error("WinHttpConnect", GetLastError());
  Handle request(WinHttpOpenRequest(connection.h, L"GET", widen(url.target).c_str(), nullptr, WINHTTP_NO_REFERER,
                                    WINHTTP_DEFAULT_ACCEPT_TYPES, WINHTTP_FLAG_SECURE));
  if (request.h == nullptr) return winhttp_error("WinHttpOpenRequest", GetLastError());
  // The URL asked for and nothing else, as on Linux: WinHTTP would follow a redirect to any other
  // https host (a URL from a device's events is checked before the request, a redirect target would
  // not be), and keeps no cookies either.
  DWORD never = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
  if (!WinHttpSetOption(request.h, WINHTTP_OPTION_REDIRECT_POLICY, &never, sizeof(never)))
    return winhttp_error("WinHttpSetOption(redirect policy)", GetLastError());
  DWORD no_cookies = WINHTTP_DISABLE_COOKIES;
  if (!WinHttpSetOption(request.h, WINHTTP_OPTION_DISABLE_FEATURE, &no_cookies, sizeof(no_cookies)))
    return winhttp_error("WinHttpSetOption(no cookies)", GetLastError());
  if (!WinHttpSendRequest(request.h, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0)) {
    return winhttp_error("WinHttpSendRequest", GetLastError());
  }
  if (!WinHttpReceiveResponse(request.h, nullptr)) return winhttp_error("WinHttpReceiveResponse", GetLastError());
  HttpResponse r;
  r.status = static_cast<int>(query_number(request.h, WINHTTP_QUERY_STATUS_CODE));
  r.reason = query_text(request.h, WINHTTP_QUERY_STATUS_TEXT);
  r.content_type = query_text(request.h, WINHTTP_QUERY_CONTENT_TYPE);
  r.tls_issuer = issuer_of(request.h);
  r.proxy = direct ? "direct" : named_proxy.empty() ? "automatic (WinHTTP)" : "http://" + narrow(named_proxy);
  // A proxy that wants credentials answers 407 (RFC 9110 §15.5.8) instead of the server: the
  // endpoint was not reached, so this is a proxy failure, not an HTTP answer from it.
  if (r.status == 407) return proxy_auth_error(request.h, named_proxy.empty() ? "the system proxy" : r.proxy);
  TRY(read_body(request.h, o, r));
  return r;
}

ProxySetting platform_proxy(const std::string& url) {
  (void)url;
  WINHTTP_CURRENT_USER_IE_PROXY_CONFIG ie{};
  std::string ie_text = "IE settings unreadable";
  if (WinHttpGetIEProxyConfigForCurrentUser(&ie)) {
    ie_text = std::string("IE settings: auto-detect ") + (ie.fAutoDetect ? "on" : "off");
    if (ie.lpszAutoConfigUrl != nullptr) ie_text += ", PAC " + narrow(ie.lpszAutoConfigUrl);
    if (ie.lpszProxy != nullptr) ie_text += ", proxy " + narrow(ie.lpszProxy);
    for (LPWSTR p : {ie.lpszAutoConfigUrl, ie.lpszProxy, ie.lpszProxyBypass}) {
      if (p != nullptr) GlobalFree(p);
    }
  }
  WINHTTP_PROXY_INFO machine{};
  std::string machine_text = "netsh winhttp proxy unreadable";
  if (WinHttpGetDefaultProxyConfiguration(&machine)) {
    machine_text = machine.lpszProxy != nullptr ? "netsh winhttp proxy " + narrow(machine.lpszProxy) : "netsh winhttp proxy: direct";
    for (LPWSTR p : {machine.lpszProxy, machine.lpszProxyBypass}) {
      if (p != nullptr) GlobalFree(p);
    }
  }
  return {"automatic", "WinHTTP automatic proxy; " + ie_text + "; " + machine_text};
}

}  // namespace tpmready::net
