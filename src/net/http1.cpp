// HTTP/1.1 client pieces (RFC 9112): only what a GET of a certificate or a reachability probe
// needs. Bounded everywhere: header block, chunk sizes and bodies are checked before allocation.
#include "net/http1.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "util/base64.h"
#include "util/percent.h"
#include "util/text.h"
#include "util/url.h"

namespace tpmready::net {
namespace {

/// Buffered reads over a ByteSource with a bound on what one call may take.
class Reader {
 public:
  Reader(ByteSource& in, std::size_t chunk) : in_(in), chunk_(chunk) {}

  /// One line without CRLF; error when longer than `max` or the stream ends first.
  Result<std::string> line(std::size_t max, std::string_view what) {
    std::string out;
    for (;;) {
      if (pos_ == buf_.size()) TRY(fill(what));
      auto nl = std::find(buf_.begin() + static_cast<std::ptrdiff_t>(pos_), buf_.end(), '\n');
      const std::size_t take = static_cast<std::size_t>(nl - buf_.begin()) - pos_;
      if (out.size() + take > max) {
        return make_error(ErrorKind::Limit, std::string(what) + " longer than " + std::to_string(max) + " bytes");
      }
      out.append(buf_.begin() + static_cast<std::ptrdiff_t>(pos_), nl);
      consumed_ += take;
      pos_ += take;
      if (nl != buf_.end()) {
        ++pos_;
        ++consumed_;
        if (!out.empty() && out.back() == '\r') out.pop_back();
        return out;
      }
    }
  }

  Status exact(std::size_t n, Bytes& out, std::string_view what) {
    while (n > 0) {
      if (pos_ == buf_.size()) TRY(fill(what));
      const std::size_t take = std::min(n, buf_.size() - pos_);
      out.insert(out.end(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_),
                 buf_.begin() + static_cast<std::ptrdiff_t>(pos_ + take));
      pos_ += take;
      consumed_ += take;
      n -= take;
    }
    return ok_status();
  }

  /// Until end of stream, at most `max` bytes; sets `over` when more followed.
  Status rest(std::size_t max, Bytes& out, bool& over) {
    over = false;
    for (;;) {
      if (pos_ == buf_.size()) {
        buf_.resize(chunk_);
        auto n = TRY(in_.read_some(buf_.data(), buf_.size()));
        buf_.resize(n);
        pos_ = 0;
        if (n == 0) return ok_status();
      }
      const std::size_t take = std::min(max - out.size(), buf_.size() - pos_);
      out.insert(out.end(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_),
                 buf_.begin() + static_cast<std::ptrdiff_t>(pos_ + take));
      pos_ += take;
      consumed_ += take;
      if (out.size() == max && pos_ < buf_.size()) {
        over = true;
        return ok_status();
      }
      if (out.size() == max) {  // exactly full: one more read tells whether more follows
        buf_.resize(1);
        auto n = TRY(in_.read_some(buf_.data(), 1));
        buf_.resize(n);
        pos_ = 0;
        over = n > 0;
        return ok_status();
      }
    }
  }

  std::size_t consumed() const { return consumed_; }

 private:
  Status fill(std::string_view what) {
    buf_.resize(chunk_);
    auto n = TRY(in_.read_some(buf_.data(), buf_.size()));
    buf_.resize(n);
    pos_ = 0;
    if (n == 0) {
      return make_error(ErrorKind::Io, "receive: connection closed in " + std::string(what) + " after " +
                                           std::to_string(consumed_) + " bytes");
    }
    return ok_status();
  }

  ByteSource& in_;
  std::size_t chunk_;
  std::vector<std::uint8_t> buf_;
  std::size_t pos_ = 0;
  std::size_t consumed_ = 0;
};

Error too_large(std::size_t max, std::string_view how) {
  return make_error(ErrorKind::Limit, "body too large: " + std::string(how) + " exceeds the limit of " +
                                          std::to_string(max) + " bytes");
}

Status parse_status_line(const std::string& l, HttpResponse& r) {
  // "HTTP/1.1 200 OK"
  if (l.size() < 12 || l.compare(0, 7, "HTTP/1.") != 0 || l[8] != ' ' || !std::isdigit(static_cast<unsigned char>(l[9])) ||
      !std::isdigit(static_cast<unsigned char>(l[10])) || !std::isdigit(static_cast<unsigned char>(l[11]))) {
    return make_error(ErrorKind::Parse, "receive: not an HTTP/1.x status line: '" + l.substr(0, 40) + "'");
  }
  r.status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
  r.reason = l.size() > 13 ? l.substr(13) : "";
  return ok_status();
}

/// Decimal or hex size with overflow check; nullopt when malformed.
std::optional<std::uint64_t> parse_size(std::string_view s, int base) {
  s = trim(s);
  if (s.empty() || s.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
  }
  return v;
}

Status read_chunked(Reader& in, const ResponseLimits& lim, HttpResponse& r) {
  for (;;) {
    auto size_line = TRY(in.line(1024, "chunk size line"));
    auto semi = size_line.find(';');
    auto size = parse_size(std::string_view(size_line).substr(0, semi), 16);
    if (!size) return make_error(ErrorKind::Parse, "receive: bad chunk size line '" + size_line.substr(0, 40) + "'");
    if (*size == 0) break;
    const std::size_t room = lim.max_body - r.body.size();
    if (*size > room) {
      if (!lim.truncate_body) return too_large(lim.max_body, "chunked body");
      TRY(in.exact(room, r.body, "chunk data"));
      r.body_truncated = true;
      return ok_status();
    }
    TRY(in.exact(static_cast<std::size_t>(*size), r.body, "chunk data"));
    auto crlf = TRY(in.line(2, "chunk end"));
    if (!crlf.empty()) return make_error(ErrorKind::Parse, "receive: chunk not followed by CRLF");
  }
  for (std::size_t trailers = 0;; ++trailers) {  // trailer fields, bounded like headers
    auto t = TRY(in.line(lim.max_header, "trailer"));
    if (t.empty()) return ok_status();
    if (trailers > 100) return make_error(ErrorKind::Limit, "receive: more than 100 trailer fields");
  }
}

}  // namespace

/// A proxy setting as it may be shown: "user:password@" removed (reports and errors get shared).
std::string without_userinfo(std::string_view text) {
  auto at = text.rfind('@');
  if (at == std::string_view::npos) return std::string(text);
  auto scheme = text.find("://");
  auto start = scheme == std::string_view::npos || scheme > at ? 0 : scheme + 3;
  return std::string(text.substr(0, start)) + "***@" + std::string(text.substr(at + 1));
}

namespace {

/// One half of proxy user info, percent-decoded and checked for what Basic can carry (RFC 7617
/// §2: no control characters; no ':' in the user-id). Errors never contain the text.
Result<std::string> userinfo_part(std::string_view text, const char* what) {
  auto decoded = percent_decode(text);
  if (!decoded.ok()) return make_error(ErrorKind::Usage, std::string(what) + ": " + decoded.error().message() + " (write '%' as %25)");
  for (unsigned char c : *decoded) {
    if (c < 0x20 || c == 0x7f) return make_error(ErrorKind::Usage, std::string(what) + ": contains a control character");
  }
  return decoded;
}

}  // namespace

Result<ProxyUrl> parse_proxy(const std::string& text) {
  std::string_view s = trim(text);
  auto fail = [&](const std::string& why) {
    return make_error(ErrorKind::Usage, "proxy '" + without_userinfo(trim(text)) + "': " + why);
  };
  if (auto sep = s.find("://"); sep != std::string_view::npos) {
    if (ascii_lower(s.substr(0, sep)) != "http") return fail("only http:// proxies are supported (CONNECT tunnel)");
    s.remove_prefix(sep + 3);
  }
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  ProxyUrl p;
  std::optional<std::string_view> userinfo;
  // The last '@' ends the user info: an unescaped '@' in a password is taken as curl does.
  if (auto at = s.rfind('@'); at != std::string_view::npos) {
    userinfo = s.substr(0, at);
    s.remove_prefix(at + 1);
  }
  if (!split_host_port(s, 1080, p.host, p.port)) return fail("expected host:port");
  p.display = "http://" + std::string(userinfo ? "***@" : "") + p.host + ":" + std::to_string(p.port);
  if (userinfo) {
    const auto colon = userinfo->find(':');  // RFC 3986 §3.2.1: user ":" password
    auto user = userinfo_part(userinfo->substr(0, colon), "user name");
    if (!user.ok()) return fail(user.error().message());
    if (user->find(':') != std::string::npos) return fail("user name: contains ':' (Basic cannot send that)");
    auto password = userinfo_part(colon == std::string_view::npos ? std::string_view() : userinfo->substr(colon + 1), "password");
    if (!password.ok()) return fail(password.error().message());
    const std::string user_pass = *user + ":" + *password;  // RFC 7617 §2
    p.authorization = "Basic " + base64_encode(as_span(user_pass));
  }
  return p;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host) {
  const std::string h = ascii_lower(host);
  while (!no_proxy.empty()) {
    auto comma = no_proxy.find(',');
    std::string entry = ascii_lower(trim(no_proxy.substr(0, comma)));
    no_proxy = comma == std::string_view::npos ? std::string_view() : no_proxy.substr(comma + 1);
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (entry.front() == '.') entry.erase(0, 1);
    if (h == entry) return true;
    if (h.size() > entry.size() && h.compare(h.size() - entry.size(), entry.size(), entry) == 0 &&
        h[h.size() - entry.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

EnvironmentProxy environment_proxy(const std::string& host) {
  for (const char* name : {"https_proxy", "HTTPS_PROXY"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    for (const char* np : {"no_proxy", "NO_PROXY"}) {
      const char* n = std::getenv(np);
      if (n != nullptr && no_proxy_matches(n, host)) return {"", "", std::string("env:") + np + " lists " + host};
    }
    return {name, v, std::string("env:") + name};
  }
  return {"", "", "env: no https_proxy/HTTPS_PROXY set"};
}

ProxySetting proxy_from_environment(const std::string& host) {
  const EnvironmentProxy env = environment_proxy(host);
  if (env.raw.empty()) return {"direct", env.source};
  auto p = parse_proxy(env.raw);
  // A proxy setting that does not parse is reported as it is (credentials masked); https_get
  // fails on it with the reason.
  return {p.ok() ? p->display : without_userinfo(env.raw), env.source};
}

namespace {

bool is_tchar(char c) {  // RFC 9110 §5.6.2
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

std::vector<std::string> auth_schemes(std::string_view v) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < v.size()) {
    // One list element: up to the next comma outside a quoted string (realm="a, b").
    const std::size_t start = i;
    bool quoted = false;
    for (; i < v.size(); ++i) {
      const char c = v[i];
      if (quoted && c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        break;
      }
    }
    i = std::min(i, v.size());
    const std::string_view element = trim(v.substr(start, i - start));
    ++i;
    std::size_t n = 0;
    while (n < element.size() && is_tchar(element[n])) ++n;
    if (n == 0) continue;
    const std::string_view rest = trim(element.substr(n));
    if (!rest.empty() && rest.front() == '=') continue;  // an auth-param of the challenge before
    if (n < element.size() && element[n] != ' ' && element[n] != '\t') continue;  // not a challenge
    out.emplace_back(element.substr(0, std::min<std::size_t>(n, 32)));
  }
  return out;
}

Status check_connect_reply(const HttpResponse& reply, const ProxyUrl& proxy, const std::string& target) {
  if (reply.status / 100 == 2) return ok_status();  // RFC 9110 §9.3.6: any 2xx opens the tunnel
  const std::string status = "HTTP " + std::to_string(reply.status) + (reply.reason.empty() ? "" : " " + reply.reason);
  if (reply.status != 407) {
    return make_error(ErrorKind::Io, "proxy: " + proxy.display + " refused CONNECT " + target + ": " + status);
  }
  // The URL in front of every error names the host; these stay short.
  const auto& offered = reply.proxy_auth_schemes;
  const bool basic = offered.empty() ||
                     std::any_of(offered.begin(), offered.end(), [](const std::string& s) { return iequals(s, "basic"); });
  std::string what;
  if (!basic) {
    std::string list;
    for (const auto& s : offered) list += (list.empty() ? "" : ", ") + s;
    what = " asks for " + list + " (HTTP 407); tpmready sends Basic only";
  } else if (proxy.authorization.empty()) {
    what = " requires credentials (HTTP 407): set them as http://user:password@host:port";
  } else {
    what = " refused the credentials (HTTP 407)";
  }
  return make_error(ErrorKind::Io, "proxy: " + proxy.display + what);
}

Result<std::optional<Endpoint>> resolve_override(std::string_view spec, std::string_view host) {
  const std::string h = ascii_lower(host);
  while (!spec.empty()) {
    auto comma = spec.find(',');
    std::string_view entry = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (entry.empty()) continue;
    auto eq = entry.find('=');
    Endpoint ep;
    if (eq == std::string_view::npos || !split_host_port(entry.substr(eq + 1), 443, ep.address, ep.port)) {
      return make_error(ErrorKind::Usage, "TPMREADY_NET_RESOLVE entry '" + std::string(entry) + "': expected host=address:port");
    }
    if (ascii_lower(trim(entry.substr(0, eq))) == h) return std::optional<Endpoint>(ep);
  }
  return std::optional<Endpoint>();
}

std::string get_request(const Url& url) {
  const bool default_port = url.port == (url.scheme == "https" ? 443 : 80);
  return "GET " + url.target + " HTTP/1.1\r\nHost: " + url.host + (default_port ? "" : ":" + std::to_string(url.port)) +
         "\r\nUser-Agent: tpmready\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

std::string connect_request(const std::string& host, std::uint16_t port, const std::string& authorization) {
  const std::string hp = host + ":" + std::to_string(port);
  std::string r = "CONNECT " + hp + " HTTP/1.1\r\nHost: " + hp + "\r\nUser-Agent: tpmready\r\n";
  if (!authorization.empty()) r += "Proxy-Authorization: " + authorization + "\r\n";
  return r + "\r\n";
}

Result<HttpResponse> read_response(ByteSource& source, const ResponseLimits& lim) {
  Reader in(source, lim.headers_only ? 1 : 4096);
  HttpResponse r;
  const std::string status_line = TRY(in.line(lim.max_header, "status line"));
  TRY(parse_status_line(status_line, r));
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  for (;;) {
    if (in.consumed() > lim.max_header) {
      return make_error(ErrorKind::Limit, "receive: header block longer than " + std::to_string(lim.max_header) + " bytes");
    }
    auto l = TRY(in.line(lim.max_header, "header"));
    if (l.empty()) break;
    auto colon = l.find(':');
    if (colon == std::string::npos) return make_error(ErrorKind::Parse, "receive: header without ':' '" + l.substr(0, 40) + "'");
    const std::string name = ascii_lower(trim(std::string_view(l).substr(0, colon)));
    const std::string_view value = trim(std::string_view(l).substr(colon + 1));
    if (name == "content-length") {
      content_length = parse_size(value, 10);
      if (!content_length) return make_error(ErrorKind::Parse, "receive: bad Content-Length '" + std::string(value) + "'");
    } else if (name == "transfer-encoding") {
      chunked = ascii_lower(value).find("chunked") != std::string::npos;
    } else if (name == "content-type") {
      r.content_type = std::string(value);
    } else if (name == "proxy-authenticate") {
      for (auto& scheme : auth_schemes(value)) {
        if (r.proxy_auth_schemes.size() < 8) r.proxy_auth_schemes.push_back(std::move(scheme));
      }
    }
  }
  if (lim.headers_only || r.status / 100 == 1 || r.status == 204 || r.status == 304) return r;
  if (chunked) {
    TRY(read_chunked(in, lim, r));
  } else if (content_length) {
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(*content_length, lim.max_body));
    if (*content_length > lim.max_body) {
      if (!lim.truncate_body) return too_large(lim.max_body, "Content-Length " + std::to_string(*content_length));
      r.body_truncated = true;
    }
    r.body.reserve(n);
    TRY(in.exact(n, r.body, "body"));
  } else {
    bool over = false;
    TRY(in.rest(lim.max_body, r.body, over));
    if (over && !lim.truncate_body) return too_large(lim.max_body, "body read until close");
    r.body_truncated = over;
  }
  return r;
}

Result<HttpResponse> https_get(const std::string& url, const HttpOptions& options) {
  auto parsed = parse_url(url);
  if (!parsed.ok()) return std::move(parsed).error();
  return https_get_url(*parsed, options).context(url);
}

Result<HttpResponse> require_success(Result<HttpResponse> response, const std::string& url) {
  if (!response.ok()) return response;
  if (response->status / 100 != 2) {
    return make_error(ErrorKind::NotFound, url + ": HTTP status " + std::to_string(response->status) +
                                               (response->reason.empty() ? "" : " " + response->reason));
  }
  return response;
}

}  // namespace tpmready::net
