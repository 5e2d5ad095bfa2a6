#pragma once
/// Transport: bytes in, bytes out. One TPM 2.0 command goes in, its whole response comes back.
/// Implementations, one per file (the build picks the platform ones by suffix):
///   transport_tcp_posix.cpp      swtpm / mssim TCP simulator protocol (facts/tcg.md §7)
///   transport_tcp_windows.cpp    the same over winsock (framing shared in mssim.cpp)
///   transport_device_linux.cpp   /dev/tpmrm0, else /dev/tpm0
///   transport_tbs_windows.cpp    Windows TBS (tbs.dll loaded at run time, tbs_library_windows.cpp)
///   replay_transport.cpp         a recorded session (`--tpm replay:FILE`, `--record`)
/// Transports never interpret TPM bytes; the read-only allow-list lives in tpm::Client.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::tpm {

struct Transport {
  virtual ~Transport();
  virtual Result<Bytes> transmit(ByteSpan command) = 0;
  /// Where the TPM is: "tcp:127.0.0.1:2321", "device:/dev/tpmrm0".
  virtual std::string describe() const = 0;
};

/// The default timeout (10 s), or TPMREADY_TPM_TIMEOUT_MS when set to a positive integer
/// (tests use short timeouts).
int default_timeout_ms();

struct TransportOptions {
  /// Simulators only: send TPM_SIGNAL_POWER_ON and TPM_SIGNAL_NV_ON on the control port first.
  bool power_on = false;
  /// Bound on every connect and read (every command honours TPMREADY_TPM_TIMEOUT_MS).
  int timeout_ms = default_timeout_ms();
};

/// "auto" | "device:PATH" | "tcp:HOST:PORT" | "replay:FILE" (a recorded session, replay_transport.h).
/// An unknown spec is ErrorKind::Usage naming it.
/// "auto" is the platform's TPM: /dev/tpmrm0 (else /dev/tpm0) on Linux, TBS on Windows.
Result<std::unique_ptr<Transport>> make_transport(std::string_view spec, const TransportOptions& options);

// Platform factories, each defined in the platform's transport file.
Result<std::unique_ptr<Transport>> make_tcp_transport(const std::string& host, std::uint16_t port,
                                                      const TransportOptions& options);
Result<std::unique_ptr<Transport>> make_device_transport(const std::string& path, const TransportOptions& options);
Result<std::unique_ptr<Transport>> make_auto_transport(const TransportOptions& options);

/// Decorator that counts transmit() calls (round trips), for `.tpm.round_trips`.
class CountingTransport final : public Transport {
 public:
  explicit CountingTransport(Transport& inner) : inner_(inner) {}
  Result<Bytes> transmit(ByteSpan command) override {
    ++count_;
    return inner_.transmit(command);
  }
  std::string describe() const override { return inner_.describe(); }
  unsigned count() const { return count_; }

 private:
  Transport& inner_;
  unsigned count_ = 0;
};

}  // namespace tpmready::tpm
