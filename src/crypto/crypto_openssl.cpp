// OpenSSL implementation of the crypto seam (Linux and other non-Windows builds).
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <array>
#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "crypto/crypto.h"

namespace tpmready::crypto {
namespace {

/// Fetched once per algorithm and kept: EVP_sha256() and friends look the implementation up in
/// the provider store on every digest, which cost ~40% of the CPU when replaying a 50 MB event log
/// (measured, bench/eventlog.sh). Function-local statics are initialised thread-safely.
const EVP_MD* fetch(const char* name) { return EVP_MD_fetch(nullptr, name, nullptr); }

const EVP_MD* md_for(HashAlg alg) {
  static const EVP_MD* sha1 = fetch("SHA1");
  static const EVP_MD* sha256 = fetch("SHA256");
  static const EVP_MD* sha384 = fetch("SHA384");
  static const EVP_MD* sha512 = fetch("SHA512");
  switch (alg) {
    case HashAlg::Sha1: return sha1;
    case HashAlg::Sha256: return sha256;
    case HashAlg::Sha384: return sha384;
    case HashAlg::Sha512: return sha512;
    case HashAlg::Sm3_256: return nullptr;  // Debian's OpenSSL 3 has SM3 only in some builds; not needed
  }
  return nullptr;
}

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Signature verification is a pure function of (scheme, hash, key, message, signature), and a
// fleet ingest verifies the same links over and over: every device of a vendor has the same
// CA→CA links, and identical EK certificates recur across bundles (re-collections, test
// fleets). OpenSSL 3 makes each verification expensive beyond the RSA/ECDSA arithmetic:
// d2i_PUBKEY runs the decoder framework (provider lookups under global locks). Two memos, both
// bounded (cleared when full) and invisible in results (tests compare with and without them):
//  * decoded keys by SPKI DER, per thread (an EVP_PKEY is then never shared between threads);
//  * results by the SHA-256 of the length-prefixed inputs, shared under a mutex. Trusting a
//    cached result needs a SHA-256 collision of the whole input, which is no weaker than the
//    signature itself (it signs a digest of the message of at most that strength).
constexpr std::size_t kMaxKeys = 64;
constexpr std::size_t kMaxResults = 1u << 16;  // ~6 MB at most
std::atomic<bool> g_memo_enabled{true};

struct ResultMemo {
  std::mutex mu;
  std::map<std::array<std::uint8_t, 32>, bool> results;
};
ResultMemo& result_memo() {
  static ResultMemo m;  // function-local static: thread-safe initialisation
  return m;
}

const EVP_PKEY* decoded_key(ByteSpan spki_der, PkeyPtr& owned) {
  const unsigned char* p = spki_der.data();
  if (!g_memo_enabled.load(std::memory_order_relaxed)) {
    owned.reset(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
    return owned.get();
  }
  thread_local std::unordered_map<std::string, PkeyPtr> keys;
  std::string k(reinterpret_cast<const char*>(spki_der.data()), spki_der.size());
  if (auto it = keys.find(k); it != keys.end()) return it->second.get();
  PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
  if (!key) return nullptr;  // not cached: failures stay cheap to recompute and never stick
  if (keys.size() >= kMaxKeys) keys.clear();
  return keys.emplace(std::move(k), std::move(key)).first->second.get();
}

std::optional<std::array<std::uint8_t, 32>> memo_key(SigScheme scheme, HashAlg hash, ByteSpan spki_der,
                                                     ByteSpan message, ByteSpan signature) {
  // Length-prefixed fields: no two different inputs serialise alike.
  Bytes buf;
  buf.reserve(16 + spki_der.size() + message.size() + signature.size());
  auto put_len = [&](std::size_t n) {
    for (int i = 0; i < 4; ++i) buf.push_back(static_cast<std::uint8_t>(n >> (8 * (3 - i))));
  };
  buf.push_back(static_cast<std::uint8_t>(scheme));
  buf.push_back(static_cast<std::uint8_t>(static_cast<std::uint16_t>(hash) >> 8));
  buf.push_back(static_cast<std::uint8_t>(static_cast<std::uint16_t>(hash)));
  for (ByteSpan part : {spki_der, message, signature}) {
    put_len(part.size());
    buf.insert(buf.end(), part.begin(), part.end());
  }
  auto d = digest(HashAlg::Sha256, buf);
  if (!d || d->size() != 32) return std::nullopt;
  std::array<std::uint8_t, 32> out{};
  std::memcpy(out.data(), d->data(), out.size());
  return out;
}

Result<bool> verify_uncached(SigScheme scheme, const EVP_MD* md, ByteSpan spki_der, ByteSpan message,
                             ByteSpan signature) {
  PkeyPtr owned;
  const EVP_PKEY* key = decoded_key(spki_der, owned);
  if (key == nullptr) return make_error(ErrorKind::Parse, "issuer public key is not a usable SubjectPublicKeyInfo");
  int id = EVP_PKEY_get_base_id(key);
  if ((scheme == SigScheme::RsaPkcs1 && id != EVP_PKEY_RSA) || (scheme == SigScheme::Ecdsa && id != EVP_PKEY_EC)) {
    return false;  // a key of the wrong type cannot have made this signature
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  // EVP_DigestVerifyInit takes a non-const key but only up-references it.
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, const_cast<EVP_PKEY*>(key)) != 1) {
    return make_error(ErrorKind::Internal, "OpenSSL verify init failed");
  }
  int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size());
  return rc == 1;
}

}  // namespace

void set_verify_memo(bool enabled) { g_memo_enabled.store(enabled); }

bool supported(HashAlg alg) { return md_for(alg) != nullptr; }

Result<Bytes> digest2(HashAlg alg, ByteSpan a, ByteSpan b) {
  const EVP_MD* md = md_for(alg);
  if (md == nullptr) {
    return make_error(ErrorKind::Unsupported,
                      "hash algorithm 0x" + std::to_string(static_cast<unsigned>(alg)) + " not supported");
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), b.data(), b.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) {
    return make_error(ErrorKind::Internal, "OpenSSL digest failed");
  }
  out.resize(len);
  return out;
}

Result<bool> verify_signature(SigScheme scheme, HashAlg hash, ByteSpan spki_der, ByteSpan message,
                              ByteSpan signature) {
  const EVP_MD* md = md_for(hash);
  if (md == nullptr) return make_error(ErrorKind::Unsupported, "signature hash algorithm not supported");
  if (!g_memo_enabled.load(std::memory_order_relaxed)) return verify_uncached(scheme, md, spki_der, message, signature);
  auto key = memo_key(scheme, hash, spki_der, message, signature);
  auto& memo = result_memo();
  if (key) {
    std::lock_guard lock(memo.mu);
    if (auto it = memo.results.find(*key); it != memo.results.end()) return it->second;
  }
  auto r = verify_uncached(scheme, md, spki_der, message, signature);
  if (key && r.ok()) {  // errors are not remembered
    std::lock_guard lock(memo.mu);
    if (memo.results.size() >= kMaxResults) memo.results.clear();
    memo.results.emplace(*key, *r);
  }
  return r;
}

Result<Bytes> random_bytes(std::size_t n) {
  Bytes out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    return make_error(ErrorKind::Io, "RAND_bytes failed: no random bytes for the salt");
  return out;
}

}  // namespace tpmready::crypto
