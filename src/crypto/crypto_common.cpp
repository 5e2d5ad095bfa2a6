#include "crypto/crypto.h"

namespace tpmready::crypto {

std::optional<std::size_t> digest_size(std::uint16_t alg) {
  switch (alg) {
    case 0x0004: return 20;
    case 0x000B: return 32;
    case 0x000C: return 48;
    case 0x000D: return 64;
    case 0x0012: return 32;
    default: return std::nullopt;
  }
}

std::optional<std::string_view> hash_name(std::uint16_t alg) {
  switch (alg) {
    case 0x0004: return "sha1";
    case 0x000B: return "sha256";
    case 0x000C: return "sha384";
    case 0x000D: return "sha512";
    case 0x0012: return "sm3_256";
    default: return std::nullopt;
  }
}

std::optional<std::uint16_t> hash_from_name(std::string_view name) {
  for (std::uint16_t alg : {0x0004, 0x000B, 0x000C, 0x000D, 0x0012}) {
    if (hash_name(alg) == name) return alg;
  }
  return std::nullopt;
}

Result<Bytes> digest(HashAlg alg, ByteSpan data) { return digest2(alg, data, {}); }

Result<Bytes> hmac(HashAlg alg, ByteSpan key, ByteSpan message) {
  // RFC 2104 §2 with B = 64: SHA-384/512 use 128-byte blocks and are not needed here.
  constexpr std::size_t kBlock = 64;
  if (alg != HashAlg::Sha1 && alg != HashAlg::Sha256)
    return make_error(ErrorKind::Unsupported, "HMAC is implemented for SHA-1 and SHA-256 only");
  Bytes k(key.begin(), key.end());
  if (k.size() > kBlock) k = TRY(digest(alg, key));
  k.resize(kBlock, 0);
  Bytes ipad(kBlock), opad(kBlock);
  for (std::size_t i = 0; i < kBlock; ++i) {
    ipad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36);
    opad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5c);
  }
  auto inner = TRY(digest2(alg, ipad, message));
  return digest2(alg, opad, inner);
}

}  // namespace tpmready::crypto
