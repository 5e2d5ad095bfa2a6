// The portable HTTP/1.1 reader and URL/proxy parsing under net::https_get (the TLS and socket
// parts are tested end to end against a real local HTTPS server: tests/integration/test_online.py).
#include <gtest/gtest.h>

#include <cstring>

#include "net/http1.h"

using namespace tpmready;
using namespace tpmready::net;

namespace {

/// Serves a fixed string in pieces of at most `step` bytes (exercises buffer boundaries).
class StringSource final : public ByteSource {
 public:
  StringSource(std::string data, std::size_t step) : data_(std::move(data)), step_(step) {}
  Result<std::size_t> read_some(std::uint8_t* out, std::size_t n) override {
    const std::size_t take = std::min({n, step_, data_.size() - pos_});
    std::memcpy(out, data_.data() + pos_, take);
    pos_ += take;
    return take;
  }
  std::size_t pos() const { return pos_; }

 private:
  std::string data_;
  std::size_t step_;
  std::size_t pos_ = 0;
};

Result<HttpResponse> read(const std::string& text, ResponseLimits lim = {}, std::size_t step = 7) {
  StringSource s(text, step);
  return read_response(s, lim);
}

std::string body_text(const HttpResponse& r) { return std::string(r.body.begin(), r.body.end()); }

}  // namespace

TEST(NetUrl, ParsesHostPortAndTarget) {
  auto u = parse_url("https://EKOP.intel.com/ekcertservice/WVEG%3D");
  ASSERT_TRUE(u.ok()) << u.error().what();
  EXPECT_EQ(u->host, "ekop.intel.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/ekcertservice/WVEG%3D");
  auto v = parse_url("https://[::1]:8443");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->host, "::1");
  EXPECT_EQ(v->port, 8443);
  EXPECT_EQ(v->target, "/");
}

TEST(NetUrl, RejectsWhatItCannotFetch) {
  EXPECT_FALSE(parse_url("ftp://x/").ok());
  EXPECT_FALSE(parse_url("https://user@host/").ok());
  EXPECT_FALSE(parse_url("https://host:99999/").ok());
  EXPECT_FALSE(parse_url("https://host/a b").ok());
  auto e = parse_url("no-scheme");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().what().find("no-scheme"), std::string::npos);
}

TEST(NetProxy, ParsesCurlStyleProxiesWithoutShowingCredentials) {
  auto p = parse_proxy("http://alice:s3cret@proxy.corp:3128/");
  ASSERT_TRUE(p.ok()) << p.error().what();
  EXPECT_EQ(p->host, "proxy.corp");
  EXPECT_EQ(p->port, 3128);
  EXPECT_EQ(p->authorization, "Basic YWxpY2U6czNjcmV0");
  EXPECT_EQ(p->display, "http://***@proxy.corp:3128");
  EXPECT_EQ(parse_proxy("10.0.0.1:8080")->port, 8080);
  EXPECT_EQ(parse_proxy("10.0.0.1:8080")->display, "http://10.0.0.1:8080");
  EXPECT_EQ(parse_proxy("10.0.0.1:8080")->authorization, "");
  EXPECT_FALSE(parse_proxy("socks5://p:1080").ok());
}

// RFC 3986 §3.2.1 user info is percent-encoded; Basic (RFC 7617 §2) carries the decoded
// "user:password". The expected values are base64 of the decoded text.
TEST(NetProxy, UserInfoIsPercentDecodedBeforeBasic) {
  EXPECT_EQ(parse_proxy("http://user:p%40ss@127.0.0.1:3128")->authorization, "Basic dXNlcjpwQHNz");  // user:p@ss
  EXPECT_EQ(parse_proxy("http://%75ser:p%40ss@127.0.0.1:3128")->authorization, "Basic dXNlcjpwQHNz");
  EXPECT_EQ(parse_proxy("http://user@h:1")->authorization, "Basic dXNlcjo=");                           // user:
  EXPECT_EQ(parse_proxy("http://u:p@ss@h:1")->authorization, "Basic dTpwQHNz");  // unescaped '@': the last one ends it
  EXPECT_EQ(parse_proxy("http://a:b:c@h:1")->authorization, "Basic YTpiOmM=");   // ':' is fine in the password
  EXPECT_EQ(parse_proxy("http://:x@h:1")->authorization, "Basic Ong=");
  EXPECT_EQ(parse_proxy("http://jos%C3%A9:pw@h:1")->authorization, "Basic am9zw6k6cHc=");  // UTF-8 bytes as given
  auto p = parse_proxy("http://user:p%40ss@127.0.0.1:3128");
  EXPECT_EQ(p->host, "127.0.0.1");
  EXPECT_EQ(p->display, "http://***@127.0.0.1:3128");
}

TEST(NetProxy, BadUserInfoIsOneClearErrorWithoutTheSecret) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"http://alice:s3cr%zzet@proxy.corp:3128", "proxy 'http://***@proxy.corp:3128': password: bad %-escape at offset 4 (write '%' as %25)"},
      {"http://alice:s3cret%4@proxy.corp:3128", "proxy 'http://***@proxy.corp:3128': password: bad %-escape at offset 6 (write '%' as %25)"},
      {"http://alice:s3cret%@proxy.corp:3128", "proxy 'http://***@proxy.corp:3128': password: bad %-escape at offset 6 (write '%' as %25)"},
      {"http://al%ice:s3cret@proxy.corp:3128", "proxy 'http://***@proxy.corp:3128': user name: bad %-escape at offset 2 (write '%' as %25)"},
      {"http://alice:s3cret%0A@proxy.corp:3128", "proxy 'http://***@proxy.corp:3128': password: contains a control character"},
      {"http://ali%3Ace:s3cret@proxy.corp:3128", "proxy 'http://***@proxy.corp:3128': user name: contains ':' (Basic cannot send that)"},
      {"http://alice:s3cret@proxy corp:3128", "proxy 'http://***@proxy corp:3128': expected host:port"},
  };
  for (const auto& c : cases) {
    auto p = parse_proxy(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_EQ(p.error().kind(), ErrorKind::Usage);
    EXPECT_EQ(p.error().what(), c.expected);
    EXPECT_EQ(p.error().what().find("s3cr"), std::string::npos) << p.error().what();
    EXPECT_EQ(p.error().what().find("ali"), std::string::npos) << p.error().what();
  }
}

TEST(NetProxy, AuthSchemesOfProxyAuthenticate) {
  using V = std::vector<std::string>;
  EXPECT_EQ(auth_schemes(R"(Basic realm="corp, main", NTLM)"), (V{"Basic", "NTLM"}));
  EXPECT_EQ(auth_schemes("Negotiate"), (V{"Negotiate"}));
  EXPECT_EQ(auth_schemes("Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg=="), (V{"Negotiate"}));  // token68
  EXPECT_EQ(auth_schemes(R"(Digest realm="a\"b, c", qop="auth", nonce=x , Basic realm = "r")"), (V{"Digest", "Basic"}));
  EXPECT_EQ(auth_schemes(""), V{});
  EXPECT_EQ(auth_schemes(" , ,=x, a/b, \"open"), V{});
  EXPECT_EQ(auth_schemes(std::string(100, 'X'))[0].size(), 32u);
}

TEST(NetProxy, ConnectReplySaysWhatTheProxyWants) {
  auto with = parse_proxy("http://alice:s3cret@proxy.corp:3128").value();
  auto without = parse_proxy("http://proxy.corp:3128").value();
  HttpResponse r;
  r.status = 200;
  EXPECT_TRUE(check_connect_reply(r, with, "ekop.intel.com:443").ok());
  r.status = 403;
  r.reason = "Forbidden";
  EXPECT_EQ(check_connect_reply(r, without, "ekop.intel.com:443").error().what(),
            "proxy: http://proxy.corp:3128 refused CONNECT ekop.intel.com:443: HTTP 403 Forbidden");
  r.status = 407;
  r.reason = "Proxy Authentication Required";
  r.proxy_auth_schemes = {"Basic"};
  EXPECT_EQ(check_connect_reply(r, with, "ekop.intel.com:443").error().what(),
            "proxy: http://***@proxy.corp:3128 refused the credentials (HTTP 407)");
  EXPECT_EQ(check_connect_reply(r, without, "ekop.intel.com:443").error().what(),
            "proxy: http://proxy.corp:3128 requires credentials (HTTP 407): set them as http://user:password@host:port");
  r.proxy_auth_schemes = {"NTLM", "Negotiate"};
  EXPECT_EQ(check_connect_reply(r, with, "ekop.intel.com:443").error().what(),
            "proxy: http://***@proxy.corp:3128 asks for NTLM, Negotiate (HTTP 407); tpmready sends Basic only");
}

TEST(NetProxy, ProxyAuthenticateIsReadFromA407Reply) {
  ResponseLimits lim;
  lim.headers_only = true;
  auto r = read("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\n"
                "proxy-authenticate: Basic realm=\"squid\"\r\nContent-Length: 0\r\n\r\n",
                lim);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->status, 407);
  EXPECT_EQ(r->proxy_auth_schemes, (std::vector<std::string>{"NTLM", "Basic"}));
}

TEST(NetProxy, NoProxyMatchesHostsAndDomainSuffixes) {
  EXPECT_TRUE(no_proxy_matches("localhost, .intel.com", "ekop.intel.com"));
  EXPECT_TRUE(no_proxy_matches("intel.com", "EKOP.INTEL.COM"));
  EXPECT_TRUE(no_proxy_matches("*", "login.live.com"));
  EXPECT_FALSE(no_proxy_matches("tel.com", "ekop.intel.com"));
  EXPECT_FALSE(no_proxy_matches("", "ekop.intel.com"));
}

TEST(NetResolve, OverrideMapsOnlyTheNamedHost) {
  auto a = resolve_override("ekop.intel.com=127.0.0.1:4443, ftpm.amd.com=127.0.0.1:4444", "FTPM.amd.com");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->address, "127.0.0.1");
  EXPECT_EQ((*a)->port, 4444);
  EXPECT_FALSE(resolve_override("ekop.intel.com=127.0.0.1:1", "login.live.com")->has_value());
  auto bad = resolve_override("ekop.intel.com", "ekop.intel.com");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().what().find("TPMREADY_NET_RESOLVE"), std::string::npos);
}

TEST(NetRequest, GetAndConnectRequestText) {
  auto u = parse_url("https://ftpm.amd.com:8443/pki/aia/AB");
  EXPECT_EQ(get_request(*u),
            "GET /pki/aia/AB HTTP/1.1\r\nHost: ftpm.amd.com:8443\r\nUser-Agent: tpmready\r\nAccept: */*\r\n"
            "Connection: close\r\n\r\n");
  EXPECT_EQ(connect_request("ftpm.amd.com", 443, ""),
            "CONNECT ftpm.amd.com:443 HTTP/1.1\r\nHost: ftpm.amd.com:443\r\nUser-Agent: tpmready\r\n\r\n");
  EXPECT_EQ(connect_request("ftpm.amd.com", 443, parse_proxy("http://user:p%40ss@127.0.0.1:3128")->authorization),
            "CONNECT ftpm.amd.com:443 HTTP/1.1\r\nHost: ftpm.amd.com:443\r\nUser-Agent: tpmready\r\n"
            "Proxy-Authorization: Basic dXNlcjpwQHNz\r\n\r\n");
}

TEST(NetResponse, ContentLengthBody) {
  auto r = read("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhelloEXTRA");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_EQ(body_text(*r), "hello");
}

TEST(NetResponse, ChunkedBodyWithExtensionsAndTrailers) {
  auto r = read("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nabcd\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n", {}, 3);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body_text(*r), "abcd0123456789");
}

TEST(NetResponse, BodyUntilClose) {
  auto r = read("HTTP/1.0 200 OK\r\n\r\nall of it");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(body_text(*r), "all of it");
}

TEST(NetResponse, HugeDeclaredLengthsFailBeforeAllocating) {
  ResponseLimits lim;
  lim.max_body = 16;
  auto a = read("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999\r\n\r\n", lim);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind(), ErrorKind::Limit);
  EXPECT_NE(a.error().what().find("body too large"), std::string::npos);
  auto b = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFF\r\n", lim);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind(), ErrorKind::Limit);
  auto c = read("HTTP/1.1 200 OK\r\n\r\n" + std::string(17, 'x'), lim);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind(), ErrorKind::Limit);
  EXPECT_TRUE(read("HTTP/1.1 200 OK\r\n\r\n" + std::string(16, 'x'), lim).ok());  // exactly the limit
}

TEST(NetResponse, TruncationForProbes) {
  ResponseLimits lim;
  lim.max_body = 4;
  lim.truncate_body = true;
  auto r = read("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabcdefgh", lim);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_TRUE(r->body_truncated);
  EXPECT_EQ(body_text(*r), "abcd");
}

TEST(NetResponse, MalformedResponsesNameTheProblem) {
  auto a = read("SSH-2.0-OpenSSH\r\n\r\n");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().what().find("status line"), std::string::npos);
  auto b = read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().what().find("connection closed"), std::string::npos);
  auto c = read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().what().find("Content-Length"), std::string::npos);
  ResponseLimits lim;
  lim.max_header = 64;
  auto d = read("HTTP/1.1 200 OK\r\nX: " + std::string(100, 'a') + "\r\n\r\n", lim);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind(), ErrorKind::Limit);
  auto e = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().what().find("chunk size"), std::string::npos);
}

TEST(NetResponse, ConnectReplyConsumesNothingBeyondTheHeaders) {
  StringSource s("HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01", 100);
  ResponseLimits lim;
  lim.headers_only = true;
  auto r = read_response(s, lim);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(s.pos(), 39u);  // the TLS record after the blank line is left for the handshake
}

TEST(NetResponse, RequireSuccessNamesUrlAndStatus) {
  HttpResponse r;
  r.status = 404;
  r.reason = "Not Found";
  auto e = require_success(r, "https://ftpm.amd.com/pki/aia/AB");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().what(), "https://ftpm.amd.com/pki/aia/AB: HTTP status 404 Not Found");
}
