// Windows transports. TBS is a stub until the Windows build lands; device paths do not exist on
// Windows; the TCP simulator transport gets a winsock twin of transport_tcp_posix.cpp later
// (the framing in tpm/mssim.cpp is shared).
#include "tpm/transport.h"

namespace tpmready::tpm {

Result<std::unique_ptr<Transport>> make_auto_transport(const TransportOptions&) {
  return make_error(ErrorKind::Unsupported, "Windows TBS transport not built yet");
}

Result<std::unique_ptr<Transport>> make_device_transport(const std::string& path, const TransportOptions&) {
  return make_error(ErrorKind::Unsupported, "device:" + path + ": device paths are Linux-only; use auto (TBS)");
}

Result<std::unique_ptr<Transport>> make_tcp_transport(const std::string& host, std::uint16_t port,
                                                      const TransportOptions&) {
  return make_error(ErrorKind::Unsupported,
                    "tcp:" + host + ":" + std::to_string(port) + ": TCP simulator transport not built for Windows yet");
}

}  // namespace tpmready::tpm
