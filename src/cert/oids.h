#pragma once
/// OIDs the EK-certificate reader names. TCG OIDs come from facts/tcg.md §3.5; the standard
/// X.509/PKIX/PKCS#1/SEC 2 OIDs (RFC 5280, RFC 8017, RFC 5480, RFC 5758) are not in the fact
/// sheets, so tests/unit/cert_oid_openssl_test.cpp checks every entry of the table against
/// OpenSSL's object database (OBJ_txt2nid/OBJ_nid2ln) instead.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tpmready::cert::oid {

// TCG (facts/tcg.md §3.5)
inline constexpr std::string_view kTpmManufacturer = "2.23.133.2.1";
inline constexpr std::string_view kTpmModel = "2.23.133.2.2";
inline constexpr std::string_view kTpmVersion = "2.23.133.2.3";
inline constexpr std::string_view kTpmSpecification = "2.23.133.2.16";
inline constexpr std::string_view kEkCertificateKp = "2.23.133.8.1";
inline constexpr std::string_view kAikCertificateKp = "2.23.133.8.3";  // tcg-kp-AIKCertificate (facts/tcg.md §3.6)
// RSA-OAEP key OID some older EK certificates use in SubjectPublicKeyInfo (facts/tcg.md §3.5).
inline constexpr std::string_view kRsaesOaep = "1.2.840.113549.1.1.7";

// X.509 extensions (RFC 5280 §4.2), AIA (§4.2.2.1)
inline constexpr std::string_view kSubjectDirectoryAttributes = "2.5.29.9";
inline constexpr std::string_view kSubjectKeyIdentifier = "2.5.29.14";
inline constexpr std::string_view kKeyUsage = "2.5.29.15";
inline constexpr std::string_view kSubjectAltName = "2.5.29.17";
inline constexpr std::string_view kBasicConstraints = "2.5.29.19";
inline constexpr std::string_view kCrlDistributionPoints = "2.5.29.31";
inline constexpr std::string_view kCertificatePolicies = "2.5.29.32";
inline constexpr std::string_view kAuthorityKeyIdentifier = "2.5.29.35";
inline constexpr std::string_view kExtKeyUsage = "2.5.29.37";
inline constexpr std::string_view kAuthorityInfoAccess = "1.3.6.1.5.5.7.1.1";
inline constexpr std::string_view kAdCaIssuers = "1.3.6.1.5.5.7.48.2";
inline constexpr std::string_view kAdOcsp = "1.3.6.1.5.5.7.48.1";

// Keys (RFC 8017 App. C, RFC 5480 §2.1.1)
inline constexpr std::string_view kRsaEncryption = "1.2.840.113549.1.1.1";
inline constexpr std::string_view kEcPublicKey = "1.2.840.10045.2.1";

/// Signature algorithm facts: OpenSSL long name, hash (TPM_ALG_ID, 0 = unknown), RSA or ECDSA.
struct SignatureAlgorithm {
  std::string_view oid;
  std::string_view long_name;  ///< as OpenSSL prints it, e.g. "sha384WithRSAEncryption"
  std::uint16_t hash_alg;      ///< TPM_ALG_ID of the digest (crypto::HashAlg), 0 when none/unknown
  bool ecdsa;
};
const SignatureAlgorithm* signature_algorithm(std::string_view oid);

/// Named curve OID → "P-256"/"P-384"/"P-521" (names as PublicKey uses them).
std::optional<std::string> curve_name(std::string_view oid);

/// Attribute type OID → RFC 2253/4514 short name ("CN", "O", ...), or nullopt (printed dotted).
std::optional<std::string_view> attribute_short_name(std::string_view oid);

/// Every table entry as {oid, name} for the OpenSSL cross-check test.
struct Named {
  std::string_view oid;
  std::string_view name;
};
/// All {oid, OpenSSL short or long name} pairs this table knows.
std::span<const Named> named_table();

}  // namespace tpmready::cert::oid
