#include "cert/ca_embedded.h"

#include "cert/cert_input.h"
#include "data/embedded.h"

namespace tpmready::cert {

Status load_embedded_vendor_cas(CaStore& store) {
  for (const auto& f : data::files_under("vendor-ca/")) {
    if (f.path.ends_with(".md") || f.path.ends_with(".txt") || f.path.ends_with(".json")) continue;
    ByteSpan bytes(reinterpret_cast<const std::uint8_t*>(f.content.data()), f.content.size());
    auto blobs = certificate_blobs(bytes);
    if (!blobs) return std::move(blobs).error().context("embedded data/" + std::string(f.path));
    for (const auto& der : *blobs) {
      auto c = parse_certificate(der);
      if (!c) return std::move(c).error().context("embedded data/" + std::string(f.path));
      store.trusted.push_back({std::move(*c), std::string(f.path)});  // "vendor-ca/NAME", as load_ca_path names them
    }
  }
  return ok_status();
}

}  // namespace tpmready::cert
