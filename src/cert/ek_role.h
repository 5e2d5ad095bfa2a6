#pragma once
/// Is a certificate an EK certificate, by what it says? facts/tcg.md §3.5 (TCG EK Credential
/// Profile): an EK certificate carries the TCG EK extended key usage 2.23.133.8.1, or an
/// encryption key usage (keyEncipherment for RSA, keyAgreement for ECC: an EK is a decryption
/// key) with the TCG TPM attributes (SAN TPM manufacturer/model/version, or the TPM specification
/// subject directory attribute), and cA=FALSE. What says a certificate is something else: cA=TRUE
/// or keyCertSign (a CA), the TCG AIK usage 2.23.133.8.3 (an attestation key, facts/tcg.md §3.6),
/// a signing-only key usage (a signing key such as a cloud vTPM's AK).
///
/// Where a certificate was found can say it too (an EK certificate NV index, Windows'
/// EKCertStore); that is the caller's knowledge (rules/ekcert_analysis.cpp).
#include <optional>
#include <string>

#include "cert/x509.h"
#include "util/bytes.h"

namespace tpmready::cert {

enum class EkContent {
  EkUsage,                      ///< EKU 2.23.133.8.1
  EncryptionWithTpmAttributes,  ///< keyEncipherment/keyAgreement + TCG TPM attributes
  Ca,                           ///< cA=TRUE or keyCertSign
  Aik,                          ///< EKU 2.23.133.8.3
  SigningOnly,                  ///< digitalSignature without keyEncipherment/keyAgreement
  Unmarked,                     ///< none of the above: nothing says it is an EK certificate
};

struct EkContentVerdict {
  EkContent kind = EkContent::Unmarked;
  std::string what;  ///< in words, for reports: "TCG EK extended key usage 2.23.133.8.1", "an AIK certificate: ..."
  bool is_ek() const { return kind == EkContent::EkUsage || kind == EkContent::EncryptionWithTpmAttributes; }
};

EkContentVerdict ek_content(const Certificate& c);

/// An RFC 5755 attribute certificate (TCG platform certificates are one, facts/tcg.md §3.6),
/// recognised by its structure: AttributeCertificateInfo starts with version INTEGER v2 then a
/// Holder SEQUENCE of context-tagged choices, where an X.509 TBSCertificate has [0] version and a
/// serial INTEGER followed by an AlgorithmIdentifier. Returns "a TCG platform attribute
/// certificate" (an attribute type under the TCG arc 2.23.133) or "an attribute certificate";
/// nullopt when `input` is not one. Never reads outside `input`.
std::optional<std::string> attribute_certificate_kind(ByteSpan input);

}  // namespace tpmready::cert
