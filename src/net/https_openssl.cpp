// https_get on Linux: POSIX sockets, OpenSSL TLS, the portable HTTP/1.1 reader (net/http1.h).
// One deadline bounds the whole request; every wait is a poll() on the remaining time. Name
// resolution (getaddrinfo) is the one blocking step the deadline cannot interrupt.
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "net/http1.h"

namespace tpmready::net {
namespace {

using Clock = std::chrono::steady_clock;

class Deadline {
 public:
  explicit Deadline(int ms) : total_ms_(ms), end_(Clock::now() + std::chrono::milliseconds(ms)) {}
  int remaining_ms() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
  }
  Error expired(const std::string& what) const {
    return make_error(ErrorKind::Timeout, "timeout: " + what + " not done within " + std::to_string(total_ms_) + " ms");
  }

 private:
  int total_ms_;
  Clock::time_point end_;
};

Error step(ErrorKind kind, const std::string& name, const std::string& detail) {
  return make_error(kind, name + ": " + detail);
}

/// Waits for `events` on fd; Timeout error naming `what` when the deadline passes.
Status wait_fd(int fd, short events, const Deadline& d, const std::string& what) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int left = d.remaining_ms();
    if (left == 0) return d.expired(what);
    int r = ::poll(&p, 1, left);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return step(ErrorKind::Io, "receive", std::string("poll: ") + std::strerror(errno));
    if (r == 0) return d.expired(what);
    return ok_status();
  }
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

Result<int> connect_addr(const addrinfo& ai, const std::string& peer, const Deadline& d) {
  int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai.ai_protocol);
  if (fd < 0) return step(ErrorKind::Io, "connect", "socket: " + std::string(std::strerror(errno)));
  int err = 0;
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      if (auto w = wait_fd(fd, POLLOUT, d, "connect to " + peer); !w.ok()) {
        ::close(fd);
        return std::move(w).error();
      }
      socklen_t len = sizeof err;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    }
  }
  if (err != 0) {
    ::close(fd);
    return step(ErrorKind::Io, "connect", peer + ": " + std::strerror(err));
  }
  return fd;
}

Result<int> connect_host(const std::string& host, std::uint16_t port, const Deadline& d) {
  const std::string peer = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (rc != 0) return step(ErrorKind::Io, "DNS", "cannot resolve " + host + ": " + ::gai_strerror(rc));
  Result<int> fd = step(ErrorKind::Io, "connect", peer + ": no address");
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    fd = connect_addr(*ai, peer, d);
    if (fd.ok() || fd.error().kind() == ErrorKind::Timeout) break;
  }
  ::freeaddrinfo(list);
  return fd;
}

Status send_plain(int fd, const std::string& data, const Deadline& d) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      TRY(wait_fd(fd, POLLOUT, d, "send"));
      continue;
    }
    if (n < 0) return step(ErrorKind::Io, "send", std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return ok_status();
}

class PlainSource final : public ByteSource {
 public:
  PlainSource(int fd, const Deadline& d, std::string what) : fd_(fd), d_(d), what_(std::move(what)) {}
  Result<std::size_t> read_some(std::uint8_t* out, std::size_t n) override {
    for (;;) {
      TRY(wait_fd(fd_, POLLIN, d_, what_));
      ssize_t r = ::recv(fd_, out, n, 0);
      if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (r < 0) return step(ErrorKind::Io, "receive", std::strerror(errno));
      return static_cast<std::size_t>(r);
    }
  }

 private:
  int fd_;
  const Deadline& d_;
  std::string what_;
};

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "no OpenSSL error detail" : out;
}

std::string name_text(const X509_NAME* name) {
  if (name == nullptr) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

std::string peer_issuer(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return {};
  std::string out = name_text(X509_get_issuer_name(cert));
  X509_free(cert);
  return out;
}

/// Verify callback: on the first failure, keeps the server certificate's issuer (the handshake then
/// aborts and the peer certificate is gone), so the error can name e.g. an intercepting proxy's CA.
int record_failed_issuer(int preverify_ok, X509_STORE_CTX* store) {
  if (preverify_ok == 1) return 1;
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* issuer = ssl == nullptr ? nullptr : static_cast<std::string*>(SSL_get_app_data(ssl));
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (issuer != nullptr && issuer->empty() && leaf != nullptr) *issuer = name_text(X509_get_issuer_name(leaf));
  return 0;
}

using SslCtx = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using Ssl = std::unique_ptr<SSL, decltype(&SSL_free)>;

Result<SslCtx> make_context(const std::string& extra_ca) {
  SslCtx ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  if (!ctx) return step(ErrorKind::Internal, "TLS handshake", "SSL_CTX_new: " + openssl_errors());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  if (SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
    return step(ErrorKind::Io, "certificate verification", "cannot load the system trust store: " + openssl_errors());
  }
  if (!extra_ca.empty() && SSL_CTX_load_verify_locations(ctx.get(), extra_ca.c_str(), nullptr) != 1) {
    return step(ErrorKind::Usage, "certificate verification", "cannot load extra CA file " + extra_ca + ": " + openssl_errors());
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, record_failed_issuer);
  return ctx;
}

/// Runs an SSL_* call to completion, polling on WANT_READ/WANT_WRITE within the deadline.
template <typename F>
Result<int> ssl_io(SSL* ssl, int fd, const Deadline& d, const std::string& what, F&& call) {
  for (;;) {
    ERR_clear_error();
    int r = call();
    if (r > 0) return r;
    const int e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ) {
      TRY(wait_fd(fd, POLLIN, d, what));
    } else if (e == SSL_ERROR_WANT_WRITE) {
      TRY(wait_fd(fd, POLLOUT, d, what));
    } else if (e == SSL_ERROR_ZERO_RETURN) {
      return 0;
    } else {
      return -e;  // caller turns it into its step's error
    }
  }
}

Status handshake(SSL* ssl, int fd, const std::string& host, const Deadline& d) {
  in6_addr ip6;
  in_addr ip4;
  const bool literal = inet_pton(AF_INET, host.c_str(), &ip4) == 1 || inet_pton(AF_INET6, host.c_str(), &ip6) == 1;
  if (!literal) SSL_set_tlsext_host_name(ssl, host.c_str());  // SNI takes names only (RFC 6066 §3)
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if ((literal ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0)) != 1) {
    return step(ErrorKind::Internal, "TLS handshake", "cannot set the host name to verify: " + openssl_errors());
  }
  SSL_set_fd(ssl, fd);
  std::string failed_issuer;
  SSL_set_app_data(ssl, &failed_issuer);
  auto connected = ssl_io(ssl, fd, d, "TLS handshake with " + host, [&] { return SSL_connect(ssl); });
  SSL_set_app_data(ssl, nullptr);  // the callback must not outlive failed_issuer
  const int r = TRY(std::move(connected));
  if (r > 0) return ok_status();
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    const std::string& issuer = failed_issuer;
    return step(ErrorKind::Io, "certificate verification",
                std::string(X509_verify_cert_error_string(verify)) + " (server certificate for " + host +
                    (issuer.empty() ? "" : " issued by " + issuer) + ")");
  }
  return step(ErrorKind::Io, "TLS handshake", host + ": " + openssl_errors());
}

class TlsSource final : public ByteSource {
 public:
  TlsSource(SSL* ssl, int fd, const Deadline& d) : ssl_(ssl), fd_(fd), d_(d) {}
  Result<std::size_t> read_some(std::uint8_t* out, std::size_t n) override {
    const int want = static_cast<int>(std::min<std::size_t>(n, 1 << 20));
    auto r = TRY(ssl_io(ssl_, fd_, d_, "response", [&] { return SSL_read(ssl_, out, want); }));
    if (r >= 0) return static_cast<std::size_t>(r);
    // A peer that closes without close_notify ends a read-until-close body the same way.
    if (-r == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) return std::size_t{0};
    return step(ErrorKind::Io, "receive", openssl_errors());
  }

 private:
  SSL* ssl_;
  int fd_;
  const Deadline& d_;
};

Status tunnel(int fd, const ProxyUrl& proxy, const Url& url, const Deadline& d) {
  TRY(send_plain(fd, connect_request(url.host, url.port, proxy.authorization), d));
  PlainSource src(fd, d, "proxy CONNECT reply");
  ResponseLimits lim;
  lim.headers_only = true;
  auto reply = read_response(src, lim);
  if (!reply.ok()) return step(reply.error().kind(), "proxy", proxy.display + ": " + reply.error().what());
  return check_connect_reply(*reply, proxy, url.host + ":" + std::to_string(url.port));
}

/// The proxy for `url`: options.proxy when given, else the environment's raw setting (the
/// credentials are in it; reports only ever get ProxyUrl::display).
Result<std::optional<ProxyUrl>> choose_proxy(const Url& url, const HttpOptions& o) {
  if (o.proxy) {
    if (*o.proxy == "direct") return std::optional<ProxyUrl>();
    return std::optional<ProxyUrl>(TRY(parse_proxy(*o.proxy)));
  }
  const EnvironmentProxy env = environment_proxy(url.host);
  if (env.raw.empty()) return std::optional<ProxyUrl>();
  auto parsed = parse_proxy(env.raw);
  if (!parsed.ok()) return std::move(parsed).error().context(env.variable);
  return std::optional<ProxyUrl>(std::move(parsed).value());
}

const char* env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

}  // namespace

Result<HttpResponse> https_get_url(const Url& url, const HttpOptions& o) {
  if (url.scheme != "https") return make_error(ErrorKind::Usage, "only https:// URLs are fetched");
  const Deadline d(o.timeout_ms);
  const std::optional<ProxyUrl> proxy = TRY(choose_proxy(url, o));
  std::string host = proxy ? proxy->host : url.host;
  std::uint16_t port = proxy ? proxy->port : url.port;
  if (!proxy) {
    if (auto ep = TRY(resolve_override(env_or_empty("TPMREADY_NET_RESOLVE"), url.host))) {
      host = ep->address;
      port = ep->port;
    }
  }
  auto fd_result = connect_host(host, port, d);
  if (!fd_result.ok() && proxy) return std::move(fd_result).error().context("proxy " + proxy->display);
  Fd fd(TRY(std::move(fd_result)));
  if (proxy) TRY(tunnel(fd.fd, *proxy, url, d));
  auto ctx = TRY(make_context(o.extra_ca_file.empty() ? env_or_empty("TPMREADY_NET_EXTRA_CA") : o.extra_ca_file));
  Ssl ssl(SSL_new(ctx.get()), SSL_free);
  if (!ssl) return step(ErrorKind::Internal, "TLS handshake", "SSL_new: " + openssl_errors());
  TRY(handshake(ssl.get(), fd.fd, url.host, d));
  const std::string request = get_request(url);
  auto sent = TRY(ssl_io(ssl.get(), fd.fd, d, "send", [&] {
    return SSL_write(ssl.get(), request.data(), static_cast<int>(request.size()));
  }));
  if (sent <= 0) return step(ErrorKind::Io, "send", openssl_errors());
  TlsSource src(ssl.get(), fd.fd, d);
  ResponseLimits lim;
  lim.max_body = o.max_body;
  lim.truncate_body = o.truncate_body;
  auto response = TRY(read_response(src, lim));
  response.tls_issuer = peer_issuer(ssl.get());
  response.proxy = proxy ? proxy->display : "direct";
  return response;
}

ProxySetting platform_proxy(const std::string& url) {
  auto parsed = parse_url(url);
  return proxy_from_environment(parsed.ok() ? parsed->host : std::string());
}

}  // namespace tpmready::net
