// Windows implementation of the crypto seam: BCrypt for digests and signature checks, Crypt32
// to import a DER SubjectPublicKeyInfo. No OpenSSL on Windows (shared facts/windows-build.md §5).
// MinGW 10 headers lack the BCRYPT_*_ALG_HANDLE pseudo-handles, so providers are opened explicitly.
#include <windows.h>
#include <bcrypt.h>
#include <wincrypt.h>

#include <cstdio>
#include <memory>

#include "crypto/crypto.h"
#include "util/byte_reader.h"

namespace tpmready::crypto {
namespace {

const wchar_t* bcrypt_alg(HashAlg alg) {
  switch (alg) {
    case HashAlg::Sha1: return BCRYPT_SHA1_ALGORITHM;
    case HashAlg::Sha256: return BCRYPT_SHA256_ALGORITHM;
    case HashAlg::Sha384: return BCRYPT_SHA384_ALGORITHM;
    case HashAlg::Sha512: return BCRYPT_SHA512_ALGORITHM;
    case HashAlg::Sm3_256: return nullptr;
  }
  return nullptr;
}

struct AlgHandle {
  BCRYPT_ALG_HANDLE h = nullptr;
  ~AlgHandle() {
    if (h) BCryptCloseAlgorithmProvider(h, 0);
  }
};
struct HashHandle {
  BCRYPT_HASH_HANDLE h = nullptr;
  ~HashHandle() {
    if (h) BCryptDestroyHash(h);
  }
};
struct KeyHandle {
  BCRYPT_KEY_HANDLE h = nullptr;
  ~KeyHandle() {
    if (h) BCryptDestroyKey(h);
  }
};

Error ntstatus_error(const char* api, NTSTATUS st) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s returned NTSTATUS 0x%08lx", api, static_cast<unsigned long>(st));
  return make_error(ErrorKind::Internal, buf);
}

/// ECDSA signatures in X.509 are DER SEQUENCE { INTEGER r, INTEGER s }; BCrypt wants r || s,
/// each left-padded to the curve size.
Result<Bytes> ecdsa_der_to_raw(ByteSpan der, std::size_t half) {
  ByteReader r(der);
  if (TRY(r.u8("ecdsa signature tag")) != 0x30) return r.error_here("ecdsa signature", "not a SEQUENCE");
  std::size_t len = TRY(r.u8("ecdsa signature length"));
  if (len & 0x80) {
    std::size_t n = len & 0x7f;
    if (n == 0 || n > 2) return r.error_here("ecdsa signature length", "unsupported length form");
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = len << 8 | TRY(r.u8("ecdsa signature length"));
  }
  auto seq = TRY(r.sub(len, "ecdsa signature body"));
  Bytes out;
  for (const char* field : {"r", "s"}) {
    if (TRY(seq.u8(field)) != 0x02) return seq.error_here(field, "not an INTEGER");
    std::size_t n = TRY(seq.u8(field));
    auto v = TRY(seq.bytes(n, field));
    while (!v.empty() && v[0] == 0) v = v.subspan(1);
    if (v.size() > half) return seq.error_here(field, "larger than the curve");
    out.insert(out.end(), half - v.size(), 0);
    out.insert(out.end(), v.begin(), v.end());
  }
  return out;
}

}  // namespace

bool supported(HashAlg alg) { return bcrypt_alg(alg) != nullptr; }

Result<Bytes> digest2(HashAlg alg, ByteSpan a, ByteSpan b) {
  const wchar_t* name = bcrypt_alg(alg);
  if (!name) return make_error(ErrorKind::Unsupported, "hash algorithm not supported");
  AlgHandle provider;
  NTSTATUS st = BCryptOpenAlgorithmProvider(&provider.h, name, nullptr, 0);
  if (st != 0) return ntstatus_error("BCryptOpenAlgorithmProvider", st);
  DWORD size = 0, got = 0;
  st = BCryptGetProperty(provider.h, BCRYPT_HASH_LENGTH, reinterpret_cast<PUCHAR>(&size), sizeof size, &got, 0);
  if (st != 0) return ntstatus_error("BCryptGetProperty(HASH_LENGTH)", st);
  HashHandle hash;
  st = BCryptCreateHash(provider.h, &hash.h, nullptr, 0, nullptr, 0, 0);
  if (st != 0) return ntstatus_error("BCryptCreateHash", st);
  for (ByteSpan part : {a, b}) {
    if (part.empty()) continue;
    st = BCryptHashData(hash.h, const_cast<PUCHAR>(part.data()), static_cast<ULONG>(part.size()), 0);
    if (st != 0) return ntstatus_error("BCryptHashData", st);
  }
  Bytes out(size);
  st = BCryptFinishHash(hash.h, out.data(), size, 0);
  if (st != 0) return ntstatus_error("BCryptFinishHash", st);
  return out;
}

Result<bool> verify_signature(SigScheme scheme, HashAlg hash, ByteSpan spki_der, ByteSpan message,
                              ByteSpan signature) {
  CERT_PUBLIC_KEY_INFO* info = nullptr;
  DWORD info_size = 0;
  if (!CryptDecodeObjectEx(X509_ASN_ENCODING, X509_PUBLIC_KEY_INFO, spki_der.data(),
                           static_cast<DWORD>(spki_der.size()), CRYPT_DECODE_ALLOC_FLAG, nullptr, &info,
                           &info_size)) {
    return make_error(ErrorKind::Parse, "issuer public key is not a usable SubjectPublicKeyInfo");
  }
  std::unique_ptr<void, decltype(&LocalFree)> info_owner(info, &LocalFree);
  KeyHandle key;
  if (!CryptImportPublicKeyInfoEx2(X509_ASN_ENCODING, info, 0, nullptr, &key.h)) {
    return make_error(ErrorKind::Unsupported, "CryptImportPublicKeyInfoEx2 could not import the issuer key");
  }
  auto md = TRY(digest(hash, message));
  std::string_view oid = info->Algorithm.pszObjId ? info->Algorithm.pszObjId : "";
  bool is_rsa = oid == szOID_RSA_RSA, is_ec = oid == szOID_ECC_PUBLIC_KEY;
  if ((scheme == SigScheme::RsaPkcs1 && !is_rsa) || (scheme == SigScheme::Ecdsa && !is_ec)) return false;
  NTSTATUS st;
  if (scheme == SigScheme::RsaPkcs1) {
    BCRYPT_PKCS1_PADDING_INFO pad{bcrypt_alg(hash)};
    st = BCryptVerifySignature(key.h, &pad, md.data(), static_cast<ULONG>(md.size()),
                               const_cast<PUCHAR>(signature.data()), static_cast<ULONG>(signature.size()),
                               BCRYPT_PAD_PKCS1);
  } else {
    DWORD key_bits = 0, got = 0;
    BCryptGetProperty(key.h, BCRYPT_KEY_STRENGTH, reinterpret_cast<PUCHAR>(&key_bits), sizeof key_bits, &got, 0);
    auto raw = ecdsa_der_to_raw(signature, (key_bits + 7) / 8);
    if (!raw) return false;  // a malformed signature does not verify
    st = BCryptVerifySignature(key.h, nullptr, md.data(), static_cast<ULONG>(md.size()), raw->data(),
                               static_cast<ULONG>(raw->size()), 0);
  }
  return st == 0;
}

Result<Bytes> random_bytes(std::size_t n) {
  Bytes out(n);
  NTSTATUS st = BCryptGenRandom(nullptr, out.data(), static_cast<ULONG>(n), BCRYPT_USE_SYSTEM_PREFERRED_RNG);
  if (n > 0 && st != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(st));
    return make_error(ErrorKind::Io, std::string("BCryptGenRandom failed (NTSTATUS ") + buf + "): no random bytes for the salt");
  }
  return out;
}

}  // namespace tpmready::crypto
