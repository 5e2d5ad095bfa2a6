#pragma once
/// A public key as plain data, shared by the TPM layer (TPMT_PUBLIC of the EK), the certificate
/// reader (SubjectPublicKeyInfo) and the rules that compare them (ek.cert.matches_ek). Its JSON
/// form is part of the Evidence contract (evidence/public_key_json.h).
#include <cstdint>
#include <string>

#include "util/bytes.h"

namespace tpmready {

struct PublicKey {
  enum class Algorithm { Rsa, Ecc };
  Algorithm algorithm = Algorithm::Rsa;
  // RSA
  Bytes modulus;              ///< big-endian, no leading zero byte
  std::uint32_t exponent = 0; ///< 65537 when the TPM reports 0 (TPM 2.0 Part 2 TPMS_RSA_PARMS)
  // ECC
  std::string curve;          ///< "P-256", "P-384", "P-521", "SM2-P256"
  Bytes x, y;                 ///< big-endian, left-padded to the curve size

  /// Key size in bits: modulus bits for RSA, curve bits for ECC.
  unsigned bits() const;
  /// Same key: RSA modulus+exponent, or ECC curve+X+Y (leading zeros ignored).
  bool same_key(const PublicKey& other) const;
  bool operator==(const PublicKey&) const = default;
};

/// "rsa" / "ecc" (JSON contract of `ekcert`).
const char* algorithm_name(PublicKey::Algorithm a);

}  // namespace tpmready
