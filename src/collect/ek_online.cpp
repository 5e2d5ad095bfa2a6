#include "collect/ek_online.h"

#include <nlohmann/json.hpp>

#include "cert/cert_input.h"
#include "net/endpoints.h"
#include "net/http1.h"
#include "util/base64.h"
#include "util/percent.h"
#include "util/text.h"
#include "util/url.h"

namespace tpmready::collect {
namespace {

bool starts_with(ByteSpan b, std::string_view s) {
  return b.size() >= s.size() && std::equal(s.begin(), s.end(), b.begin(), [](char c, std::uint8_t x) {
           return static_cast<std::uint8_t>(c) == x;
         });
}

/// util/text.h trim over bytes (a response body is bytes until it is known to be text).
ByteSpan trim_ws(ByteSpan b) {
  const std::string_view t = trim(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  return b.subspan(static_cast<std::size_t>(t.data() - reinterpret_cast<const char*>(b.data())), t.size());
}

/// base64url (and %-escaped) text to standard padded base64, as tpm2_getekcertificate's
/// convert_base64url_to_base64 does (facts/tcg.md §4).
Result<std::string> base64url_to_base64(std::string_view in) {
  const std::string unescaped = TRY(percent_decode(in));
  std::string out;
  for (char c : unescaped) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    if (c == ' ' || c == '\r' || c == '\n' || c == '\t') continue;
    out.push_back(c);
  }
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

Result<Bytes> first_blob(ByteSpan data) {
  auto blobs = TRY(cert::certificate_blobs(data));
  if (blobs.empty()) return make_error(ErrorKind::Parse, "no certificate in the response");
  return std::move(blobs.front());
}

Result<Bytes> from_base64url_text(std::string_view text) {
  auto b64 = TRY(base64url_to_base64(text));
  auto bytes = TRY(base64_decode(b64));
  if (starts_with(trim_ws(bytes), "-----BEGIN")) return first_blob(bytes);  // base64 of PEM
  return bytes;
}

Result<Bytes> from_json(ByteSpan body) {
  auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error(ErrorKind::Parse, "response starts with '{' but is not a JSON object");
  auto it = j.find("certificate");
  if (it == j.end() || !it->is_string()) {
    return make_error(ErrorKind::Parse, "JSON response has no \"certificate\" string member");
  }
  return from_base64url_text(it->get<std::string>()).context("JSON member \"certificate\"");
}

}  // namespace

Result<Bytes> decode_online_ekcert(ByteSpan body) {
  const ByteSpan t = trim_ws(body);
  if (t.empty()) return make_error(ErrorKind::Parse, "empty response body");
  if (t.front() == 0x30 || t.front() == 0x10 || starts_with(t, "-----BEGIN")) return first_blob(body);  // DER (NV header 10 01 00) / PEM
  if (t.front() == '{') return from_json(t);
  for (std::uint8_t c : t) {
    if (c < 0x20 || c >= 0x7f) {
      if (c == '\r' || c == '\n' || c == '\t') continue;
      return make_error(ErrorKind::Parse, "response is neither DER, PEM, JSON nor base64 text (byte " + std::to_string(c) + ")");
    }
  }
  return from_base64url_text(std::string_view(reinterpret_cast<const char*>(t.data()), t.size()));
}

Result<Bytes> fetch_online_ekcert(const std::string& url, const net::HttpOptions& options) {
  auto parsed = TRY(parse_url(url));
  if (!net::is_allowed_host(parsed.host)) {
    return make_error(ErrorKind::Usage, url + ": host " + parsed.host + " is not an EK-certificate service tpmready may contact");
  }
  auto response = TRY(net::require_success(net::https_get(url, options), url));
  return decode_online_ekcert(response.body).context(url + ": response body");
}

}  // namespace tpmready::collect
