#include "cert/oids.h"

#include <array>

#include "crypto/crypto.h"

namespace tpmready::cert::oid {
namespace {

using crypto::HashAlg;
constexpr std::uint16_t id(HashAlg a) { return static_cast<std::uint16_t>(a); }

// RFC 8017 App. C (PKCS #1), RFC 5758 §3.2 (ECDSA with SHA-2), RFC 3279 §2.2.3 (ecdsa-with-SHA1).
constexpr std::array<SignatureAlgorithm, 10> kSignatures{{
    {"1.2.840.113549.1.1.5", "sha1WithRSAEncryption", id(HashAlg::Sha1), false},
    {"1.2.840.113549.1.1.11", "sha256WithRSAEncryption", id(HashAlg::Sha256), false},
    {"1.2.840.113549.1.1.12", "sha384WithRSAEncryption", id(HashAlg::Sha384), false},
    {"1.2.840.113549.1.1.13", "sha512WithRSAEncryption", id(HashAlg::Sha512), false},
    {"1.2.840.113549.1.1.10", "rsassaPss", 0, false},  // hash in parameters: not verified here
    {"1.2.840.10045.4.1", "ecdsa-with-SHA1", id(HashAlg::Sha1), true},
    {"1.2.840.10045.4.3.2", "ecdsa-with-SHA256", id(HashAlg::Sha256), true},
    {"1.2.840.10045.4.3.3", "ecdsa-with-SHA384", id(HashAlg::Sha384), true},
    {"1.2.840.10045.4.3.4", "ecdsa-with-SHA512", id(HashAlg::Sha512), true},
    {"1.2.840.113549.1.1.4", "md5WithRSAEncryption", 0, false},
}};

struct Curve {
  std::string_view oid, openssl_name, name;
};
// RFC 5480 §2.1.1.1 named curves.
constexpr std::array<Curve, 3> kCurves{{
    {"1.2.840.10045.3.1.7", "prime256v1", "P-256"},
    {"1.3.132.0.34", "secp384r1", "P-384"},
    {"1.3.132.0.35", "secp521r1", "P-521"},
}};

// RFC 4514 §3 short names (plus emailAddress / serialNumber as OpenSSL prints them).
constexpr std::array<Named, 12> kAttributes{{
    {"2.5.4.3", "CN"},
    {"2.5.4.6", "C"},
    {"2.5.4.7", "L"},
    {"2.5.4.8", "ST"},
    {"2.5.4.9", "street"},
    {"2.5.4.10", "O"},
    {"2.5.4.11", "OU"},
    {"2.5.4.5", "serialNumber"},
    {"2.5.4.4", "SN"},
    {"0.9.2342.19200300.100.1.25", "DC"},
    {"0.9.2342.19200300.100.1.1", "UID"},
    {"1.2.840.113549.1.9.1", "emailAddress"},
}};

std::array<Named, kSignatures.size() + kCurves.size() + kAttributes.size() + 14> build_all() {
  std::array<Named, kSignatures.size() + kCurves.size() + kAttributes.size() + 14> all{};
  std::size_t i = 0;
  for (const auto& s : kSignatures) all[i++] = {s.oid, s.long_name};
  for (const auto& c : kCurves) all[i++] = {c.oid, c.openssl_name};
  for (const auto& a : kAttributes) all[i++] = a;
  // Extension and key OIDs with their OpenSSL short names.
  const Named rest[] = {
      {kSubjectDirectoryAttributes, "subjectDirectoryAttributes"},
      {kSubjectKeyIdentifier, "subjectKeyIdentifier"},
      {kKeyUsage, "keyUsage"},
      {kSubjectAltName, "subjectAltName"},
      {kBasicConstraints, "basicConstraints"},
      {kCrlDistributionPoints, "crlDistributionPoints"},
      {kCertificatePolicies, "certificatePolicies"},
      {kAuthorityKeyIdentifier, "authorityKeyIdentifier"},
      {kExtKeyUsage, "extendedKeyUsage"},
      {kAuthorityInfoAccess, "authorityInfoAccess"},
      {kAdCaIssuers, "caIssuers"},
      {kAdOcsp, "OCSP"},
      {kRsaEncryption, "rsaEncryption"},
      {kEcPublicKey, "id-ecPublicKey"},
  };
  for (const auto& r : rest) all[i++] = r;
  return all;
}

const auto kAll = build_all();

}  // namespace

const SignatureAlgorithm* signature_algorithm(std::string_view o) {
  for (const auto& s : kSignatures) {
    if (s.oid == o) return &s;
  }
  return nullptr;
}

std::optional<std::string> curve_name(std::string_view o) {
  for (const auto& c : kCurves) {
    if (c.oid == o) return std::string(c.name);
  }
  return std::nullopt;
}

std::optional<std::string_view> attribute_short_name(std::string_view o) {
  for (const auto& a : kAttributes) {
    if (a.oid == o) return a.name;
  }
  return std::nullopt;
}

std::span<const Named> named_table() { return kAll; }

}  // namespace tpmready::cert::oid
