// OpenSSL implementation of the crypto seam (Linux and other non-Windows builds).
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <memory>

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

}  // namespace

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
  const unsigned char* p = spki_der.data();
  std::unique_ptr<EVP_PKEY, PkeyFree> key(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
  if (!key) return make_error(ErrorKind::Parse, "issuer public key is not a usable SubjectPublicKeyInfo");
  int id = EVP_PKEY_get_base_id(key.get());
  if ((scheme == SigScheme::RsaPkcs1 && id != EVP_PKEY_RSA) || (scheme == SigScheme::Ecdsa && id != EVP_PKEY_EC)) {
    return false;  // a key of the wrong type cannot have made this signature
  }
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1) {
    return make_error(ErrorKind::Internal, "OpenSSL verify init failed");
  }
  int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size());
  return rc == 1;
}

Result<Bytes> random_bytes(std::size_t n) {
  Bytes out(n);
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1)
    return make_error(ErrorKind::Io, "RAND_bytes failed: no random bytes for the salt");
  return out;
}

}  // namespace tpmready::crypto
