#include "crypto/public_key.h"

#include <algorithm>

namespace tpmready {
namespace {
ByteSpan strip_leading_zeros(const Bytes& b) {
  auto it = std::find_if(b.begin(), b.end(), [](std::uint8_t v) { return v != 0; });
  return ByteSpan(b).subspan(static_cast<std::size_t>(it - b.begin()));
}
bool equal_ignoring_leading_zeros(const Bytes& a, const Bytes& b) {
  auto sa = strip_leading_zeros(a), sb = strip_leading_zeros(b);
  return std::equal(sa.begin(), sa.end(), sb.begin(), sb.end());
}
unsigned curve_bits(const std::string& curve) {
  if (curve == "P-256" || curve == "SM2-P256") return 256;
  if (curve == "P-384") return 384;
  if (curve == "P-521") return 521;
  return 0;
}
}  // namespace

unsigned PublicKey::bits() const {
  if (algorithm == Algorithm::Ecc) return curve_bits(curve);
  auto m = strip_leading_zeros(modulus);
  if (m.empty()) return 0;
  unsigned top = 0;
  for (std::uint8_t v = m[0]; v; v >>= 1) ++top;
  return static_cast<unsigned>((m.size() - 1) * 8 + top);
}

bool PublicKey::same_key(const PublicKey& o) const {
  if (algorithm != o.algorithm) return false;
  if (algorithm == Algorithm::Rsa) {
    auto e1 = exponent == 0 ? 65537u : exponent, e2 = o.exponent == 0 ? 65537u : o.exponent;
    return e1 == e2 && equal_ignoring_leading_zeros(modulus, o.modulus);
  }
  return curve == o.curve && equal_ignoring_leading_zeros(x, o.x) && equal_ignoring_leading_zeros(y, o.y);
}

const char* algorithm_name(PublicKey::Algorithm a) { return a == PublicKey::Algorithm::Rsa ? "rsa" : "ecc"; }

}  // namespace tpmready
