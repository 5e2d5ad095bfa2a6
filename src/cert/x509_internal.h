#pragma once
// Pieces of the X.509 reader shared between its .cpp files (not a public API).
#include "cert/der.h"
#include "cert/x509.h"

namespace tpmready::cert::detail {

/// Name ::= SEQUENCE OF RelativeDistinguishedName (RFC 5280 §4.1.2.4). SET ordering is not
/// enforced: some EK certificates carry unsorted multi-valued RDNs (Nuvoton).
Result<Name> parse_name(const der::Tlv& seq, std::string_view field);
/// UTCTime / GeneralizedTime (RFC 5280 §4.1.2.5) → seconds since the epoch.
Result<std::int64_t> parse_time(const der::Tlv& t, std::string_view field);
/// SubjectPublicKeyInfo → algorithm OID and key (RSA modulus/exponent, EC curve/point).
Status parse_spki(const der::Tlv& spki, Certificate& c);
/// Decodes the known extensions of `c.extensions` into the typed fields; problems are recorded.
void decode_extensions(Certificate& c);

}  // namespace tpmready::cert::detail
