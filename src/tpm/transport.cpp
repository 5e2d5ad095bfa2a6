#include "tpm/transport.h"

#include <charconv>
#include <cstdlib>

#include "tpm/replay_transport.h"

namespace tpmready::tpm {

Transport::~Transport() = default;

int default_timeout_ms() {
  const char* env = std::getenv("TPMREADY_TPM_TIMEOUT_MS");
  if (env == nullptr) return 10000;
  std::string_view text(env);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return 10000;
  return value;
}

namespace {

Error bad_spec(std::string_view spec, std::string_view why) {
  return make_error(ErrorKind::Usage, "--tpm \"" + std::string(spec) + "\": " + std::string(why) +
                                          " (expected auto, device:PATH, tcp:HOST:PORT or replay:FILE)");
}

Result<std::unique_ptr<Transport>> parse_tcp(std::string_view spec, std::string_view rest,
                                             const TransportOptions& options) {
  auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad_spec(spec, "missing HOST:PORT");
  std::string_view host = rest.substr(0, colon);
  std::string_view port_text = rest.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  // The control port is port+1, so the command port must leave room for it.
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port >= 65535) {
    return bad_spec(spec, "port must be 1-65534");
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return make_tcp_transport(std::string(host), static_cast<std::uint16_t>(port), options);
}

}  // namespace

Result<std::unique_ptr<Transport>> make_transport(std::string_view spec, const TransportOptions& options) {
  if (spec == "auto") return make_auto_transport(options);
  if (spec.starts_with("device:")) {
    std::string_view path = spec.substr(7);
    if (path.empty()) return bad_spec(spec, "missing device path");
    return make_device_transport(std::string(path), options);
  }
  if (spec.starts_with("tcp:")) return parse_tcp(spec, spec.substr(4), options);
  if (spec.starts_with("replay:") && spec.size() > 7) return make_replay_transport(std::string(spec.substr(7)));
  return bad_spec(spec, "unknown TPM spec");
}

}  // namespace tpmready::tpm
