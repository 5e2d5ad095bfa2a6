#include "cert/ek_role.h"

#include <algorithm>

#include "cert/der.h"
#include "cert/oids.h"

namespace tpmready::cert {
namespace {

// RFC 5280 §4.2.1.3 KeyUsage bits.
constexpr std::uint16_t kDigitalSignature = 1u << 0;
constexpr std::uint16_t kKeyEncipherment = 1u << 2;
constexpr std::uint16_t kKeyAgreement = 1u << 4;
constexpr std::uint16_t kKeyCertSign = 1u << 5;

bool has_eku(const Certificate& c, std::string_view oid) {
  return std::find(c.ext_key_usage.begin(), c.ext_key_usage.end(), oid) != c.ext_key_usage.end();
}

/// The TCG TPM attributes an EK certificate names its TPM with (facts/tcg.md §3.5).
std::optional<std::string> tpm_attributes(const Certificate& c) {
  if (c.tpm_san) return "SAN TPM manufacturer " + c.tpm_san->manufacturer;
  if (c.tpm_spec) return "TPM specification " + c.tpm_spec->family;
  return std::nullopt;
}

/// Walks AttributeCertificateInfo far enough to see its attribute types; true when one is under
/// the TCG arc. Any structural surprise ends the walk (the certificate is still named an attribute
/// certificate by its first two fields).
bool has_tcg_attribute(ByteReader info) {
  // holder, issuer, signature, serialNumber, attrCertValidityPeriod, then attributes.
  for (int skip = 0; skip < 5; ++skip) {
    if (!der::read_any(info, "AttributeCertificateInfo field")) return false;
  }
  auto attributes = der::read(info, der::kSequence, "attributes");
  if (!attributes) return false;
  ByteReader ar = attributes->reader();
  while (ar.remaining() > 0) {
    auto attribute = der::read(ar, der::kSequence, "Attribute");
    if (!attribute) return false;
    ByteReader r = attribute->reader();
    auto type = der::read_oid(r, "Attribute.type");
    if (!type) return false;
    if (type->rfind("2.23.133.", 0) == 0) return true;
  }
  return false;
}

}  // namespace

EkContentVerdict ek_content(const Certificate& c) {
  const std::optional<std::uint16_t> ku = c.key_usage;
  if (c.basic_constraints_ca == true) return {EkContent::Ca, "a CA certificate: basic constraints cA=TRUE"};
  if (ku && (*ku & kKeyCertSign)) return {EkContent::Ca, "a CA certificate: key usage keyCertSign"};
  if (has_eku(c, oid::kAikCertificateKp)) {
    return {EkContent::Aik, "an AIK certificate: extended key usage 2.23.133.8.3, tcg-kp-AIKCertificate"};
  }
  if (has_eku(c, oid::kEkCertificateKp)) return {EkContent::EkUsage, "TCG EK extended key usage 2.23.133.8.1"};
  const bool encryption = ku && (*ku & (kKeyEncipherment | kKeyAgreement));
  if (ku && (*ku & kDigitalSignature) && !encryption) {
    return {EkContent::SigningOnly, "a signing key: key usage digitalSignature, no keyEncipherment or keyAgreement"};
  }
  if (encryption) {
    if (auto attrs = tpm_attributes(c)) {
      return {EkContent::EncryptionWithTpmAttributes,
              std::string(*ku & kKeyEncipherment ? "keyEncipherment" : "keyAgreement") + " with the TCG TPM attributes (" +
                  *attrs + ")"};
    }
    return {EkContent::Unmarked, "an encryption key without the TCG EK usage 2.23.133.8.1 or TPM attributes"};
  }
  return {EkContent::Unmarked, "no TCG EK usage 2.23.133.8.1, no encryption key usage with TPM attributes"};
}

std::optional<std::string> attribute_certificate_kind(ByteSpan input) {
  ByteReader r(input);
  auto outer = der::read(r, der::kSequence, "AttributeCertificate");
  if (!outer) return std::nullopt;
  ByteReader cr = outer->reader();
  auto info = der::read(cr, der::kSequence, "acinfo");
  if (!info) return std::nullopt;
  ByteReader ir = info->reader();
  // version AttCertVersion ::= INTEGER { v2(1) } (RFC 5755 §4.1)
  auto version = der::read(ir, der::kInteger, "version");
  if (!version || version->content.size() != 1 || version->content[0] != 1) return std::nullopt;
  // holder Holder ::= SEQUENCE { baseCertificateID [0], entityName [1], objectDigestInfo [2] }
  ByteReader after_version = ir;
  auto holder = der::read(ir, der::kSequence, "holder");
  if (!holder) return std::nullopt;
  ByteReader hr = holder->reader();
  const std::uint8_t first = der::peek_tag(hr);
  if (first != 0xA0 && first != 0xA1 && first != 0xA2) return std::nullopt;
  return has_tcg_attribute(after_version) ? "a TCG platform attribute certificate" : "an attribute certificate";
}

}  // namespace tpmready::cert
