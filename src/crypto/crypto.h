#pragma once
/// The crypto seam: the few primitives tpmready needs (digests for PCR replay, key hashes and
/// thumbprints; signature verification for certificate chains). Linux uses OpenSSL
/// (crypto_openssl.cpp); Windows uses BCrypt/Crypt32 (crypto_windows.cpp). The build picks the file.
#include <cstddef>
#include <optional>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::crypto {

/// Hash algorithms by their TPM_ALG_ID (TPM 2.0 Part 2, table "TPM_ALG_ID").
enum class HashAlg : std::uint16_t {
  Sha1 = 0x0004,
  Sha256 = 0x000B,
  Sha384 = 0x000C,
  Sha512 = 0x000D,
  Sm3_256 = 0x0012,
};

/// Digest size in bytes for a TPM_ALG_ID, or nullopt for an unknown algorithm.
std::optional<std::size_t> digest_size(std::uint16_t tpm_alg_id);
/// "sha1", "sha256", "sha384", "sha512", "sm3_256" (the bank names of the JSON contracts).
std::optional<std::string_view> hash_name(std::uint16_t tpm_alg_id);
std::optional<std::uint16_t> hash_from_name(std::string_view name);

/// One-shot digest. Fails (Unsupported) for algorithms the platform cannot compute (e.g. SM3).
Result<Bytes> digest(HashAlg alg, ByteSpan data);
/// Digest of the concatenation a || b (PCR extend: H(pcr || event digest)).
Result<Bytes> digest2(HashAlg alg, ByteSpan a, ByteSpan b);
bool supported(HashAlg alg);

/// HMAC (RFC 2104) with a block-64 hash (SHA-1, SHA-256): keyed tokens for `--redact`, built on
/// digest2 so both platforms share one implementation.
Result<Bytes> hmac(HashAlg alg, ByteSpan key, ByteSpan message);

/// `n` bytes from the platform's CSPRNG (OpenSSL RAND_bytes / BCryptGenRandom): redaction salts.
Result<Bytes> random_bytes(std::size_t n);

/// Signature schemes for X.509 verification.
enum class SigScheme { RsaPkcs1, Ecdsa };

/// Verifies `signature` over `message` with the public key in `spki_der` (a DER
/// SubjectPublicKeyInfo). Returns true/false for a valid/invalid signature; an Error when the
/// key or scheme cannot be used at all.
Result<bool> verify_signature(SigScheme scheme, HashAlg hash, ByteSpan spki_der, ByteSpan message,
                              ByteSpan signature);

/// Linux (OpenSSL) only: verify_signature memoises decoded keys and results, bounded, because a
/// fleet ingest verifies the same CA links and certificates again and again. Tests switch it off
/// to show results are the same without it. Thread-safe; on by default.
void set_verify_memo(bool enabled);

}  // namespace tpmready::crypto
