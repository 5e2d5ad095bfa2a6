#include <array>
#include <string_view>

#include "net/https.h"

namespace tpmready::net {
namespace {

// Both platforms' https_get begin every error message with one of these, then ": " (https.h).
constexpr std::array<std::string_view, 9> kSteps = {"DNS",  "connect", "proxy",   "TLS handshake", "certificate verification",
                                                    "send", "receive", "timeout", "body too large"};

// The Linux client adds this frame when the TCP connection to the proxy fails or times out.
bool has_proxy_frame(const Error& error) {
  for (const auto& frame : error.context())
    if (frame.rfind("proxy ", 0) == 0) return true;
  return false;
}

}  // namespace

std::string failed_step(const Error& error) {
  if (has_proxy_frame(error)) return "proxy";
  const std::string& m = error.message();
  for (const auto step : kSteps)
    if (m.size() > step.size() && m.compare(0, step.size(), step) == 0 && m.compare(step.size(), 2, ": ") == 0)
      return std::string(step);
  return "";
}

bool proxy_unreachable(const Error& error) {
  // A proxy that accepted the connection and never answered CONNECT is as dead as one that refused
  // it, and every request through it would wait the whole timeout again.
  return has_proxy_frame(error) || (error.kind() == ErrorKind::Timeout && failed_step(error) == "proxy");
}

}  // namespace tpmready::net
