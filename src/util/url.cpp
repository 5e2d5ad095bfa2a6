#include "util/url.h"

#include <optional>

#include "util/text.h"

namespace tpmready {
namespace {

/// Decimal port 1..65535.
std::optional<std::uint16_t> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  unsigned v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v == 0 || v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

}  // namespace

bool split_host_port(std::string_view hp, std::uint16_t default_port, std::string& host, std::uint16_t& port) {
  port = default_port;
  if (!hp.empty() && hp.front() == '[') {
    auto close = hp.find(']');
    if (close == std::string_view::npos) return false;
    host = std::string(hp.substr(1, close - 1));
    hp.remove_prefix(close + 1);
    if (hp.empty()) return !host.empty();
    if (hp.front() != ':') return false;
    auto p = parse_port(hp.substr(1));
    if (!p) return false;
    port = *p;
    return !host.empty();
  }
  auto colon = hp.rfind(':');
  if (colon != std::string_view::npos) {
    auto p = parse_port(hp.substr(colon + 1));
    if (!p) return false;
    port = *p;
    hp = hp.substr(0, colon);
  }
  host = ascii_lower(hp);
  return !host.empty() && host.find_first_of(" /?#@") == std::string::npos;
}

Result<Url> parse_url(const std::string& url) {
  auto fail = [&](const std::string& why) { return make_error(ErrorKind::Usage, "URL '" + url + "': " + why); };
  auto sep = url.find("://");
  if (sep == std::string::npos) return fail("no scheme");
  Url u;
  u.scheme = ascii_lower(std::string_view(url).substr(0, sep));
  if (u.scheme != "https" && u.scheme != "http") return fail("scheme must be https or http");
  std::string_view rest = std::string_view(url).substr(sep + 3);
  auto path = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path);
  if (authority.find('@') != std::string_view::npos) return fail("user info is not supported");
  if (!split_host_port(authority, u.scheme == "https" ? 443 : 80, u.host, u.port)) return fail("bad host or port");
  std::string_view target = path == std::string_view::npos ? std::string_view("/") : rest.substr(path);
  target = target.substr(0, target.find('#'));
  u.target = target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
  for (unsigned char c : u.target) {
    if (c <= 0x20 || c >= 0x7f) return fail("the path must be URL-escaped (found byte " + std::to_string(c) + ")");
  }
  return u;
}

}  // namespace tpmready
