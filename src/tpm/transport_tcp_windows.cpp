// TCP transport for TPM simulators on Windows: the winsock twin of transport_tcp_posix.cpp (used
// under Wine to reach swtpm on the Linux host). select() bounds every connect and read; the
// protocol framing is shared (tpm/mssim.cpp).
#include <winsock2.h>
#include <ws2tcpip.h>

#include <string>

#include "tpm/mssim.h"
#include "tpm/transport.h"

namespace tpmready::tpm {
namespace {

std::string wsa_text(int err) { return "winsock error " + std::to_string(err); }

/// WSAStartup once per process; winsock stays loaded until exit.
Status winsock_ready() {
  static const int rc = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data);
  }();
  if (rc != 0) return make_error(ErrorKind::Io, "WSAStartup: " + wsa_text(rc));
  return ok_status();
}

/// Waits until `s` is readable (or writable); false on timeout.
Result<bool> wait_socket(SOCKET s, bool for_write, int timeout_ms) {
  fd_set set;
  FD_ZERO(&set);
  FD_SET(s, &set);
  fd_set err_set;
  FD_ZERO(&err_set);
  FD_SET(s, &err_set);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  int r = ::select(0, for_write ? nullptr : &set, for_write ? &set : nullptr, &err_set, &tv);
  if (r == SOCKET_ERROR) return make_error(ErrorKind::Io, "select: " + wsa_text(WSAGetLastError()));
  return r > 0;
}

class SocketStream final : public ByteStream {
 public:
  SocketStream(SOCKET s, std::string peer, int timeout_ms) : s_(s), peer_(std::move(peer)), timeout_ms_(timeout_ms) {}
  ~SocketStream() override { ::closesocket(s_); }
  SocketStream(const SocketStream&) = delete;
  SocketStream& operator=(const SocketStream&) = delete;

  Status write_all(ByteSpan data) override {
    std::size_t done = 0;
    while (done < data.size()) {
      int n = ::send(s_, reinterpret_cast<const char*>(data.data() + done), static_cast<int>(data.size() - done), 0);
      if (n == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) {
        TRY(wait(true, "send"));
        continue;
      }
      if (n == SOCKET_ERROR) return make_error(ErrorKind::Io, "send to " + peer_ + ": " + wsa_text(WSAGetLastError()));
      done += static_cast<std::size_t>(n);
    }
    return ok_status();
  }

  Status read_exact(std::uint8_t* out, std::size_t n, std::string_view what) override {
    std::size_t got = 0;
    while (got < n) {
      TRY(wait(false, what));
      int r = ::recv(s_, reinterpret_cast<char*>(out + got), static_cast<int>(n - got), 0);
      if (r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) continue;
      if (r == SOCKET_ERROR) return make_error(ErrorKind::Io, "recv from " + peer_ + ": " + wsa_text(WSAGetLastError()));
      if (r == 0) {
        return make_error(ErrorKind::Io, peer_ + " closed the connection: expected " + std::to_string(n) +
                                             " bytes of " + std::string(what) + ", received " + std::to_string(got));
      }
      got += static_cast<std::size_t>(r);
    }
    return ok_status();
  }

 private:
  Status wait(bool for_write, std::string_view what) {
    bool ready = TRY(wait_socket(s_, for_write, timeout_ms_));
    if (!ready) {
      return make_error(ErrorKind::Timeout, "no " + std::string(what) + " from " + peer_ + " within " +
                                                std::to_string(timeout_ms_) + " ms");
    }
    return ok_status();
  }

  SOCKET s_;
  std::string peer_;
  int timeout_ms_;
};

/// Non-blocking connect bounded by select(); the socket stays non-blocking (reads wait first).
Result<SOCKET> connect_one(const addrinfo& ai, const std::string& peer, int timeout_ms) {
  SOCKET s = ::socket(ai.ai_family, ai.ai_socktype, ai.ai_protocol);
  if (s == INVALID_SOCKET) return make_error(ErrorKind::Io, "socket for " + peer + ": " + wsa_text(WSAGetLastError()));
  u_long nonblocking = 1;
  ::ioctlsocket(s, FIONBIO, &nonblocking);
  int err = 0;
  if (::connect(s, ai.ai_addr, static_cast<int>(ai.ai_addrlen)) == SOCKET_ERROR) {
    err = WSAGetLastError();
    if (err == WSAEWOULDBLOCK) {
      auto ready = wait_socket(s, true, timeout_ms);
      if (ready.ok() && !*ready) {
        ::closesocket(s);
        return make_error(ErrorKind::Timeout, "connect " + peer + ": no answer within " + std::to_string(timeout_ms) + " ms");
      }
      int len = sizeof err;
      if (!ready.ok() || ::getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&err), &len) != 0) {
        err = WSAGetLastError();
      }
    }
  }
  if (err != 0) {
    ::closesocket(s);
    return make_error(ErrorKind::Io, "connect " + peer + ": " + wsa_text(err));
  }
  BOOL one = TRUE;
  ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&one), sizeof one);
  return s;
}

Result<std::unique_ptr<SocketStream>> connect_tcp(const std::string& host, std::uint16_t port, int timeout_ms) {
  TRY(winsock_ready());
  std::string peer = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  addrinfo* list = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (rc != 0) return make_error(ErrorKind::Io, "resolve " + host + ": " + wsa_text(rc));
  Result<SOCKET> s = make_error(ErrorKind::Io, "connect " + peer + ": no address");
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    s = connect_one(*ai, peer, timeout_ms);
    if (s.ok()) break;
  }
  ::freeaddrinfo(list);
  if (!s.ok()) return std::move(s).error();
  return std::make_unique<SocketStream>(*s, peer, timeout_ms);
}

class TcpTransport final : public Transport {
 public:
  TcpTransport(std::string host, std::uint16_t port, std::unique_ptr<SocketStream> command)
      : host_(std::move(host)), port_(port), command_(std::move(command)) {}
  ~TcpTransport() override { (void)mssim_session_end(*command_); }

  Result<Bytes> transmit(ByteSpan command) override { return mssim_send_command(*command_, command); }
  std::string describe() const override { return "tcp:" + host_ + ":" + std::to_string(port_); }

 private:
  std::string host_;
  std::uint16_t port_;
  std::unique_ptr<SocketStream> command_;
};

/// facts/tcg.md §7: POWER_ON then NV_ON on the control port (= command port + 1).
Status power_on(const std::string& host, std::uint16_t port, int timeout_ms) {
  std::string where = "--power-on: control port " + host + ":" + std::to_string(port + 1);
  auto control = connect_tcp(host, static_cast<std::uint16_t>(port + 1), timeout_ms);
  if (!control.ok()) return std::move(control).error().context(where);
  Status s = mssim_platform_command(**control, TPM_SIGNAL_POWER_ON, "TPM_SIGNAL_POWER_ON");
  if (s.ok()) s = mssim_platform_command(**control, TPM_SIGNAL_NV_ON, "TPM_SIGNAL_NV_ON");
  if (!s.ok()) return std::move(s).error().context(where);
  (void)mssim_session_end(**control);
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
