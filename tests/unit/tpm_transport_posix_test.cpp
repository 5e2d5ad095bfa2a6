// The TCP and device transports against real sockets and files (POSIX only).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "tpm/transport.h"

using namespace tpmready;
using namespace tpmready::tpm;

namespace {

/// A one-shot loopback server: accepts one connection and runs `serve(fd)` in a thread.
class OneShotServer {
 public:
  template <typename F>
  explicit OneShotServer(F serve) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, serve] {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd >= 0) {
        serve(fd);
        ::close(fd);
      }
    });
  }
  ~OneShotServer() {
    thread_.join();
    ::close(listen_fd_);
  }
  std::string spec() const { return "tcp:127.0.0.1:" + std::to_string(port_); }

 private:
  int listen_fd_ = -1;
  unsigned port_ = 0;
  std::thread thread_;
};

void read_n(int fd, std::size_t n) {
  std::vector<char> buf(n);
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd, buf.data() + got, n - got, 0);
    if (r <= 0) return;
    got += static_cast<std::size_t>(r);
  }
}

const Bytes kReadClock{0x80, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x81};

}  // namespace

TEST(TcpTransport, ConnectionRefused) {
  // Port 1 (tcpmux) is not listening on loopback in the test environment.
  auto t = make_transport("tcp:127.0.0.1:1", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind(), ErrorKind::Io);
  EXPECT_EQ(t.error().what(), "connect 127.0.0.1:1: Connection refused");
}

TEST(TcpTransport, RoundTripWithSimulatorFraming) {
  OneShotServer server([](int fd) {
    read_n(fd, 9 + 10);  // prefix + command
    const unsigned char reply[] = {0, 0, 0, 10, 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0};
    ::send(fd, reply, sizeof reply, 0);
    read_n(fd, 4);  // TPM_SESSION_END
  });
  auto t = make_transport(server.spec(), {});
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ((*t)->describe(), server.spec());
  auto r = (*t)->transmit(kReadClock);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(to_hex(*r), "80010000000a00000000");
}

TEST(TcpTransport, PeerClosedMidResponse) {
  OneShotServer server([](int fd) {
    read_n(fd, 19);
    const unsigned char partial[] = {0, 0, 0, 200, 0x80, 0x01, 0, 0, 0, 200};
    ::send(fd, partial, sizeof partial, 0);
  });
  auto t = make_transport(server.spec(), {});
  ASSERT_TRUE(t.ok()) << t.error().what();
  auto r = (*t)->transmit(kReadClock);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Io);
  EXPECT_EQ(r.error().what(), "127.0.0.1:" + server.spec().substr(14) +
                                  " closed the connection: expected 200 bytes of response, received 6");
}

TEST(TcpTransport, SilentPeerTimesOut) {
  OneShotServer server([](int fd) {
    read_n(fd, 19);
    ::usleep(300 * 1000);  // longer than the client's timeout
  });
  TransportOptions options;
  options.timeout_ms = 50;
  auto t = make_transport(server.spec(), options);
  ASSERT_TRUE(t.ok()) << t.error().what();
  auto r = (*t)->transmit(kReadClock);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Timeout);
  EXPECT_EQ(r.error().what(), "no response length from 127.0.0.1:" + server.spec().substr(14) + " within 50 ms");
}

TEST(TcpTransport, TimeoutFromEnvironment) {
  ::setenv("TPMREADY_TPM_TIMEOUT_MS", "1234", 1);
  EXPECT_EQ(default_timeout_ms(), 1234);
  ::setenv("TPMREADY_TPM_TIMEOUT_MS", "-5", 1);
  EXPECT_EQ(default_timeout_ms(), 10000);
  ::setenv("TPMREADY_TPM_TIMEOUT_MS", "12abc", 1);
  EXPECT_EQ(default_timeout_ms(), 10000);
  ::unsetenv("TPMREADY_TPM_TIMEOUT_MS");
  EXPECT_EQ(default_timeout_ms(), 10000);
}

TEST(DeviceTransport, MissingDeviceNamesThePath) {
  auto t = make_transport("device:/nonexistent/tpm0", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind(), ErrorKind::Io);
  EXPECT_EQ(t.error().what(), "open /nonexistent/tpm0: No such file or directory");
}

TEST(DeviceTransport, WritesThenPollsAndReadsTheWholeResponse) {
  // A FIFO opened read-write stands in for /dev/tpmrm0: what is written comes back on read,
  // which exercises the write / poll / single read() path of the device transport.
  std::string path = ::testing::TempDir() + "tpmready_fifo_" + std::to_string(::getpid());
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  {
    auto t = make_transport("device:" + path, {});
    ASSERT_TRUE(t.ok()) << t.error().what();
    EXPECT_EQ((*t)->describe(), "device:" + path);
    auto r = (*t)->transmit(kReadClock);
    ASSERT_TRUE(r.ok()) << r.error().what();
    EXPECT_EQ(*r, kReadClock);
  }
  ::unlink(path.c_str());
}
