// Proxy settings (net/http1.h) on arbitrary text: parse_proxy (user info percent-decoding, host and
// port), the masked form reports show, the CONNECT reply check, and auth_schemes on the same bytes.
// Besides "no crash", it checks what matters for a secret: the input is framed as
// "http://" + MARKER + user info + "@" + rest, and the marker (bytes no message text contains)
// must never appear in a display form or an error unless the host part itself holds it.
// Input: one byte choosing where the '@' goes, then the text (seeds: tests/data/proxy).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "net/http1.h"
#include "util/percent.h"

namespace {

constexpr const char* kMarker = "\xA7sEcReT\xA7";

void must_not_show(const std::string& shown) {
  if (shown.find(kMarker) != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);
  const std::string text = "http://" + std::string(kMarker) + bytes.substr(0, split) + "@" + bytes.substr(split);
  (void)tpmready::percent_decode(bytes);
  (void)tpmready::net::auth_schemes(bytes);

  const bool host_holds_marker = text.substr(text.rfind('@') + 1).find(kMarker) != std::string::npos;
  auto p = tpmready::net::parse_proxy(text);
  if (host_holds_marker) return 0;
  if (!p.ok()) {
    must_not_show(p.error().what());
    return 0;
  }
  must_not_show(p->display);
  tpmready::net::HttpResponse reply;
  reply.status = 407;
  reply.proxy_auth_schemes = tpmready::net::auth_schemes(bytes);
  auto checked = tpmready::net::check_connect_reply(reply, *p, "ekop.intel.com:443");
  if (checked.ok()) std::abort();  // a 407 never opens the tunnel
  must_not_show(checked.error().what());
  return 0;
}
