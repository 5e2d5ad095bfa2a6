#pragma once
// Test fakes for the TPM layer: a Transport that answers from a script and records what was sent.
#include <deque>
#include <functional>
#include <vector>

#include "tpm/transport.h"
#include "util/byte_writer.h"

namespace tpmready::tpm::testing {

/// A response: tag, size, responseCode, then `params` (for TPM_ST_SESSIONS: parameterSize +
/// params + a 5-byte empty password auth response).
inline Bytes response(std::uint32_t rc, const Bytes& params = {}, bool sessions = false) {
  ByteWriter w;
  w.u16be(sessions ? 0x8002 : 0x8001).u32be(0).u32be(rc);
  if (sessions && rc == 0) {
    w.u32be(static_cast<std::uint32_t>(params.size())).bytes(params);
    w.u16be(0).u8(1).u16be(0);
  } else {
    w.bytes(params);
  }
  w.patch_u32be(2, static_cast<std::uint32_t>(w.size()));
  return w.take();
}

class FakeTransport final : public Transport {
 public:
  /// Answers each command with the next scripted response, or from `fallback` when set.
  std::deque<Result<Bytes>> script;
  std::function<Result<Bytes>(ByteSpan)> fallback;
  std::vector<Bytes> sent;

  Result<Bytes> transmit(ByteSpan command) override {
    sent.emplace_back(command.begin(), command.end());
    if (!script.empty()) {
      auto r = std::move(script.front());
      script.pop_front();
      return r;
    }
    if (fallback) return fallback(command);
    return make_error(ErrorKind::Io, "fake: no scripted response");
  }
  std::string describe() const override { return "fake"; }
};

}  // namespace tpmready::tpm::testing
