#pragma once
/// Tolerant X.509 reader for TPM EK certificates (and the vendor CA certificates above them).
///
/// EK certificates are often not quite RFC 5280 (facts/tcg.md §3.5): empty subject with a
/// critical SAN, RSA keys under the RSA-OAEP OID, negative or zero-padded serials, odd string
/// types. The reader decodes what is there; an extension it cannot decode is kept as a
/// `problem` (with its offset) and the rest of the certificate is still returned. Only a broken
/// outer structure (Certificate / TBSCertificate / the fields before extensions) is an Error.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/public_key.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::cert {

/// One attribute of a distinguished name.
struct NameAttribute {
  std::string oid;
  std::string value;  ///< UTF-8, or "#hex" for non-string values
};
/// A Name: RDNs in encoded order, each a set of attributes (usually one).
struct Name {
  std::vector<std::vector<NameAttribute>> rdns;
  Bytes der;  ///< the encoded Name, for exact issuer/subject matching

  /// RFC 2253 form, last RDN first: "CN=STM TPM EK Intermediate CA 02,O=STMicroelectronics NV,C=CH".
  std::string rfc2253() const;
  /// OpenSSL "oneline" form, first RDN first: "/2.23.133.2.1=id:53544D20/2.23.133.2.2=...".
  std::string oneline() const;
  /// First value of an attribute, or empty.
  std::string find(std::string_view oid) const;
  bool empty() const { return rdns.empty(); }
};

/// TCG attributes from the SAN directoryName (facts/tcg.md §3.5).
struct TpmSanAttributes {
  std::string manufacturer;  ///< 2.23.133.2.1, e.g. "id:53544D20"
  std::string model;         ///< 2.23.133.2.2
  std::string version;       ///< 2.23.133.2.3, e.g. "id:0D0C"
};

/// TPM Specification from Subject Directory Attributes (2.23.133.2.16).
struct TpmSpecification {
  std::string family;  ///< "2.0"
  std::uint64_t level = 0;
  std::uint64_t revision = 0;
};

struct Extension {
  std::string oid;
  bool critical = false;
  std::size_t offset = 0;  ///< absolute offset of the extension in the input
  Bytes value;             ///< extnValue OCTET STRING content
};

/// A decode problem that did not stop the rest of the certificate from being read.
struct Problem {
  std::string what;  ///< "extension 2.5.29.17 (subjectAltName): @0x1a2: ..."
};

struct Certificate {
  Bytes der;                       ///< exactly the Certificate TLV (padding/headers removed)
  std::size_t input_offset = 0;    ///< where the DER started in the input (7 for an NV header)
  std::size_t trailing_bytes = 0;  ///< bytes after the DER in the input (NV padding)

  unsigned version = 1;            ///< 1, 2 or 3
  Bytes serial;                    ///< INTEGER content bytes as encoded (sign/padding kept)
  std::string signature_oid;       ///< outer signatureAlgorithm
  std::string signature_algorithm; ///< OpenSSL long name, or the dotted OID when unknown
  std::uint16_t signature_hash = 0;///< TPM_ALG_ID of the signature digest, 0 when unknown
  bool signature_ecdsa = false;
  Name issuer, subject;
  std::int64_t not_before = 0, not_after = 0;  ///< seconds since 1970-01-01T00:00:00Z
  std::string spki_algorithm_oid;
  std::optional<PublicKey> public_key;         ///< nullopt when the key type is not decoded
  Bytes spki_der;                              ///< SubjectPublicKeyInfo TLV (signature checks)

  std::vector<Extension> extensions;
  std::optional<TpmSanAttributes> tpm_san;
  std::string san_dirname;                     ///< "DirName:/2.23.133.2.1=..." (oneline), if any
  bool san_critical = false;
  std::vector<std::string> ext_key_usage;      ///< dotted OIDs
  std::optional<std::uint16_t> key_usage;      ///< bit i = KeyUsage bit i (RFC 5280 §4.2.1.3)
  std::optional<bool> basic_constraints_ca;
  bool basic_constraints_critical = false;
  std::optional<std::uint64_t> path_len;
  Bytes authority_key_id, subject_key_id;
  std::vector<std::string> ca_issuer_urls, ocsp_urls, crl_urls, policies;
  std::optional<TpmSpecification> tpm_spec;

  Bytes tbs;        ///< TBSCertificate TLV (what the signature covers)
  Bytes signature;  ///< signatureValue bits
  std::vector<Problem> problems;

  const Extension* find_extension(std::string_view oid) const;
  /// Serial as lowercase colon-separated hex without sign padding ("07:00:81:...").
  std::string serial_hex() const;
  /// Key usage names as OpenSSL prints them ("Key Encipherment").
  std::vector<std::string> key_usage_names() const;
  bool self_issued() const { return issuer.der == subject.der; }
};

/// Decodes one certificate from DER. Accepts (and records) the TCG NV header in front of the
/// DER (facts/tcg.md §3.1 "NV cert wrapping") and trailing padding after it.
Result<Certificate> parse_certificate(ByteSpan input);

/// Decodes a DER SubjectPublicKeyInfo (e.g. `openssl x509 -pubkey` output after PEM decoding).
Result<PublicKey> parse_public_key_info(ByteSpan spki_der);


}  // namespace tpmready::cert
