// TCP transport for TPM simulators (swtpm `--server type=tcp`, mssim): POSIX sockets with a
// poll() bound on every connect and read. The protocol framing is in tpm/mssim.cpp.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "tpm/mssim.h"
#include "tpm/transport.h"

namespace tpmready::tpm {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

class SocketStream final : public ByteStream {
 public:
  SocketStream(int fd, std::string peer, int timeout_ms) : fd_(fd), peer_(std::move(peer)), timeout_ms_(timeout_ms) {}
  ~SocketStream() override {
    if (fd_ >= 0) ::close(fd_);
  }
  SocketStream(const SocketStream&) = delete;
  SocketStream& operator=(const SocketStream&) = delete;

  Status write_all(ByteSpan data) override {
    std::size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        TRY(wait(POLLOUT, "send"));
        continue;
      }
      if (n < 0) return make_error(ErrorKind::Io, "send to " + peer_ + ": " + errno_text(errno));
      done += static_cast<std::size_t>(n);
    }
    return ok_status();
  }

  Status read_exact(std::uint8_t* out, std::size_t n, std::string_view what) override {
    std::size_t got = 0;
    while (got < n) {
      TRY(wait(POLLIN, what));
      ssize_t r = ::recv(fd_, out + got, n - got, 0);
      if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (r < 0) return make_error(ErrorKind::Io, "recv from " + peer_ + ": " + errno_text(errno));
      if (r == 0) {
        return make_error(ErrorKind::Io, peer_ + " closed the connection: expected " + std::to_string(n) +
                                             " bytes of " + std::string(what) + ", received " + std::to_string(got));
      }
      got += static_cast<std::size_t>(r);
    }
    return ok_status();
  }

 private:
  Status wait(short events, std::string_view what) {
    pollfd p{fd_, events, 0};
    for (;;) {
      int r = ::poll(&p, 1, timeout_ms_);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return make_error(ErrorKind::Io, "poll " + peer_ + ": " + errno_text(errno));
      if (r == 0) {
        return make_error(ErrorKind::Timeout, "no " + std::string(what) + " from " + peer_ + " within " +
                                                  std::to_string(timeout_ms_) + " ms");
      }
      return ok_status();
    }
  }

  int fd_;
  std::string peer_;
  int timeout_ms_;
};

/// Non-blocking connect bounded by poll(); the socket stays non-blocking (reads poll first).
Result<int> connect_one(const addrinfo& ai, const std::string& peer, int timeout_ms) {
  int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai.ai_protocol);
  if (fd < 0) return make_error(ErrorKind::Io, "socket for " + peer + ": " + errno_text(errno));
  int err = 0;
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int r;
      do r = ::poll(&p, 1, timeout_ms); while (r < 0 && errno == EINTR);
      if (r == 0) {
        ::close(fd);
        return make_error(ErrorKind::Timeout, "connect " + peer + ": no answer within " + std::to_string(timeout_ms) + " ms");
      }
      socklen_t len = sizeof err;
      if (r < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    }
  }
  if (err != 0) {
    ::close(fd);
    return make_error(ErrorKind::Io, "connect " + peer + ": " + errno_text(err));
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // small request/response pairs
  return fd;
}

Result<std::unique_ptr<SocketStream>> connect_tcp(const std::string& host, std::uint16_t port, int timeout_ms) {
  std::string peer = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (rc != 0) return make_error(ErrorKind::Io, "resolve " + host + ": " + ::gai_strerror(rc));
  Result<int> fd = make_error(ErrorKind::Io, "connect " + peer + ": no address");
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    fd = connect_one(*ai, peer, timeout_ms);
    if (fd.ok()) break;
  }
  ::freeaddrinfo(list);
  if (!fd.ok()) return std::move(fd).error();
  return std::make_unique<SocketStream>(*fd, peer, timeout_ms);
}

class TcpTransport final : public Transport {
 public:
  TcpTransport(std::string host, std::uint16_t port, std::unique_ptr<SocketStream> command)
      : host_(std::move(host)), port_(port), command_(std::move(command)) {}
  ~TcpTransport() override {
    (void)mssim_session_end(*command_);  // best effort: the process is leaving anyway
  }

  Result<Bytes> transmit(ByteSpan command) override { return mssim_send_command(*command_, command); }
  std::string describe() const override { return "tcp:" + host_ + ":" + std::to_string(port_); }

 private:
  std::string host_;
  std::uint16_t port_;
  std::unique_ptr<SocketStream> command_;
};

/// facts/tcg.md §7: POWER_ON then NV_ON on the control port (= command port + 1).
/// This is the mssim platform protocol (ms-tpm-20-ref, IBM simulator). swtpm's --ctrl port speaks
/// swtpm's own control protocol instead (tpmlab README "Pitfalls"); swtpm started with
/// --flags not-need-init,startup-clear needs no power-on.
Status power_on_sequence(ByteStream& control) {
  TRY(mssim_platform_command(control, TPM_SIGNAL_POWER_ON, "TPM_SIGNAL_POWER_ON"));
  TRY(mssim_platform_command(control, TPM_SIGNAL_NV_ON, "TPM_SIGNAL_NV_ON"));
  (void)mssim_session_end(control);
  return ok_status();
}

Status power_on(const std::string& host, std::uint16_t port, int timeout_ms) {
  std::string where = "--power-on: control port " + host + ":" + std::to_string(port + 1);
  auto control = connect_tcp(host, static_cast<std::uint16_t>(port + 1), timeout_ms);
  if (!control.ok()) return std::move(control).error().context(where);
  auto status = power_on_sequence(**control);
  if (!status.ok()) return std::move(status).error().context(where);
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Transport>> make_tcp_transport(const std::string& host, std::uint16_t port,
                                                      const TransportOptions& options) {
  if (options.power_on) TRY(power_on(host, port, options.timeout_ms));
  auto command = connect_tcp(host, port, options.timeout_ms);
  if (!command.ok()) return std::move(command).error();
  return std::unique_ptr<Transport>(std::make_unique<TcpTransport>(host, port, std::move(*command)));
}

}  // namespace tpmready::tpm
