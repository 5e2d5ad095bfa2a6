#include "cert/ek_url.h"

#include "crypto/crypto.h"

namespace tpmready::cert {
namespace {

std::string base64url_escaped(ByteSpan data) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(data[i] << 16 | data[i + 1] << 8 | data[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<std::uint32_t>(data[i] << 16);
    if (rest == 2) v |= static_cast<std::uint32_t>(data[i + 1] << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.append(rest == 2 ? std::string(1, kAlphabet[(v >> 6) & 63]) : std::string("%3D"));
    out.append("%3D");  // '=' padding, URL-escaped (facts/tcg.md §4)
  }
  return out;
}

ByteSpan strip_zeros(const Bytes& b) {
  std::size_t i = 0;
  while (i < b.size() && b[i] == 0) ++i;
  return ByteSpan(b).subspan(i);
}

}  // namespace

std::optional<std::string> intel_ek_url(const PublicKey& ek) {
  Bytes input;
  if (ek.algorithm == PublicKey::Algorithm::Rsa) {
    if (ek.exponent != 0 && ek.exponent != 65537) return std::nullopt;
    auto m = strip_zeros(ek.modulus);
    input.assign(m.begin(), m.end());
    input.insert(input.end(), {0x01, 0x00, 0x01});
  } else {
    input = ek.x;
    input.insert(input.end(), ek.y.begin(), ek.y.end());
  }
  auto h = crypto::digest(crypto::HashAlg::Sha256, input);
  if (!h.ok()) return std::nullopt;
  return "https://ekop.intel.com/ekcertservice/" + base64url_escaped(*h);
}

std::optional<std::string> amd_ek_url(const PublicKey& ek) {
  Bytes input;
  if (ek.algorithm == PublicKey::Algorithm::Rsa) {
    const std::uint32_t e = ek.exponent == 0 ? 0x00010001u : ek.exponent;
    input = {0x00, 0x00, 0x22, 0x22, static_cast<std::uint8_t>(e >> 24), static_cast<std::uint8_t>(e >> 16),
             static_cast<std::uint8_t>(e >> 8), static_cast<std::uint8_t>(e)};
    auto m = strip_zeros(ek.modulus);
    input.insert(input.end(), m.begin(), m.end());
  } else {
    input = {0x00, 0x00, 0x44, 0x44};
    input.insert(input.end(), ek.x.begin(), ek.x.end());
    input.insert(input.end(), ek.y.begin(), ek.y.end());
  }
  auto h = crypto::digest(crypto::HashAlg::Sha256, input);
  if (!h.ok()) return std::nullopt;
  return "https://ftpm.amd.com/pki/aia/" + to_hex_upper(ByteSpan(*h).subspan(0, 16));
}

std::optional<std::string> online_ek_url(std::uint32_t manufacturer, const PublicKey& ek) {
  if (manufacturer == kManufacturerIntel) return intel_ek_url(ek);
  if (manufacturer == kManufacturerAmd) return amd_ek_url(ek);
  return std::nullopt;
}

}  // namespace tpmready::cert
