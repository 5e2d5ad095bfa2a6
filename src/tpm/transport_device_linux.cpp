// Linux TPM character devices: /dev/tpmrm0 (kernel resource manager, preferred: it swaps
// contexts so other users of the TPM are not disturbed) or /dev/tpm0. One write() sends a
// command; one read() returns the whole response.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "tpm/mssim.h"
#include "tpm/transport.h"

namespace tpmready::tpm {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

class DeviceTransport final : public Transport {
 public:
  DeviceTransport(int fd, std::string path, int timeout_ms) : fd_(fd), path_(std::move(path)), timeout_ms_(timeout_ms) {}
  ~DeviceTransport() override { ::close(fd_); }
  DeviceTransport(const DeviceTransport&) = delete;
  DeviceTransport& operator=(const DeviceTransport&) = delete;

  Result<Bytes> transmit(ByteSpan command) override {
    ssize_t n;
    do n = ::write(fd_, command.data(), command.size()); while (n < 0 && errno == EINTR);
    if (n < 0) return make_error(ErrorKind::Io, "write " + path_ + ": " + errno_text(errno));
    if (static_cast<std::size_t>(n) != command.size()) {
      return make_error(ErrorKind::Io, "write " + path_ + ": short write " + std::to_string(n) + " of " +
                                           std::to_string(command.size()) + " bytes");
    }
    pollfd p{fd_, POLLIN, 0};
    int r;
    do r = ::poll(&p, 1, timeout_ms_); while (r < 0 && errno == EINTR);
    if (r < 0) return make_error(ErrorKind::Io, "poll " + path_ + ": " + errno_text(errno));
    if (r == 0) {
      return make_error(ErrorKind::Timeout, "no response from " + path_ + " within " + std::to_string(timeout_ms_) + " ms");
    }
    Bytes response(kMaxTpmResponse);
    do n = ::read(fd_, response.data(), response.size()); while (n < 0 && errno == EINTR);
    if (n < 0) return make_error(ErrorKind::Io, "read " + path_ + ": " + errno_text(errno));
    response.resize(static_cast<std::size_t>(n));
    return response;
  }

  std::string describe() const override { return "device:" + path_; }

 private:
  int fd_;
  std::string path_;
  int timeout_ms_;
};

}  // namespace

Result<std::unique_ptr<Transport>> make_device_transport(const std::string& path, const TransportOptions& options) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return make_error(ErrorKind::Io, "open " + path + ": " + errno_text(errno));
  return std::unique_ptr<Transport>(std::make_unique<DeviceTransport>(fd, path, options.timeout_ms));
}

Result<std::unique_ptr<Transport>> make_auto_transport(const TransportOptions& options) {
  auto rm = make_device_transport("/dev/tpmrm0", options);
  if (rm.ok()) return rm;
  auto raw = make_device_transport("/dev/tpm0", options);
  if (raw.ok()) return raw;
  // NotFound (not Io): callers tell "this machine has no TPM" from "the TPM failed".
  return make_error(ErrorKind::NotFound, "no TPM device: " + rm.error().message() + "; " + raw.error().message());
}

}  // namespace tpmready::tpm
