#pragma once
/// Evidence about EK certificates and the EK itself: raw certificate bytes with where they came
/// from, and what the TPM said about the EK. Decoding and checks happen later (src/cert), so a
/// bundle keeps the exact bytes the device had.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/fact.h"
#include "evidence/public_key_json.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

/// One certificate as found, before decoding.
struct EkCertBlob {
  std::string source;                   ///< "nv:0x01c00002", "file:ek.cer", "registry:THUMBPRINT"
  Bytes raw;                            ///< bytes as stored (NV header / padding included)
  std::optional<std::uint32_t> nv_index;///< set for NV sources
  bool operator==(const EkCertBlob&) const = default;
};

/// The EK object at a persistent handle, as TPM2_ReadPublic returned it.
struct EkObject {
  std::uint32_t handle = 0;             ///< 0x81010001 (RSA) / 0x81010002 (ECC), facts/tcg.md §3.2
  PublicKey key;
  std::uint32_t object_attributes = 0;  ///< TPMA_OBJECT
  std::uint16_t name_alg = 0;           ///< TPM_ALG_ID
  Bytes auth_policy;
  bool operator==(const EkObject&) const = default;
};

struct EkCertEvidence {
  std::vector<EkCertBlob> certificates;        ///< EK certificates (NV, registry, files)
  std::vector<EkCertBlob> chain_certificates;  ///< issuer certificates found on the device (NV 0x01C00100+)
  Fact<EkObject> ek_rsa;                       ///< ReadPublic 0x81010001; unknown = not persisted / not read
  Fact<EkObject> ek_ecc;                       ///< ReadPublic 0x81010002
  Fact<std::uint32_t> manufacturer;            ///< TPM_PT_MANUFACTURER
  bool tpm_queried = false;                    ///< NV was searched (absence of NV certs is meaningful)
  bool registry_queried = false;               ///< EKCertStore was searched
  std::vector<std::string> errors;             ///< collection problems kept as data ("nv:0x01c00002: ...")
  bool operator==(const EkCertEvidence&) const = default;
};

class JsonReader;

/// Reading requires every key to_json writes (nv_index may be null).
void to_json(nlohmann::json& j, const EkCertBlob& b);
Status read_json(const JsonReader& r, EkCertBlob& out);
void to_json(nlohmann::json& j, const EkObject& o);
Status read_json(const JsonReader& r, EkObject& out);
void to_json(nlohmann::json& j, const EkCertEvidence& e);
Status read_json(const JsonReader& r, EkCertEvidence& out);

}  // namespace tpmready
