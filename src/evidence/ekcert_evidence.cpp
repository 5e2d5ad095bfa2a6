#include "evidence/ekcert_evidence.h"

#include <nlohmann/json.hpp>

#include "evidence/fact_json.h"
#include "util/json_reader.h"

namespace tpmready {

void to_json(nlohmann::json& j, const EkCertBlob& b) {
  j = {{"source", b.source}, {"raw", to_hex(b.raw)}};
  j["nv_index"] = b.nv_index ? nlohmann::json(hex32(*b.nv_index)) : nlohmann::json(nullptr);
}

Status read_json(const JsonReader& r, EkCertBlob& out) {
  out = EkCertBlob{};
  TRY(r.get("source", out.source));
  TRY(r.get("raw", as_hex(out.raw)));
  std::uint32_t index = 0;
  if (TRY(r.find("nv_index"))) {
    TRY(r.get("nv_index", as_hex32(index)));
    out.nv_index = index;
  }
  return ok_status();
}

void to_json(nlohmann::json& j, const EkObject& o) {
  j = {{"handle", hex32(o.handle)},
       {"key", o.key},
       {"object_attributes", hex32(o.object_attributes)},
       {"name_alg", o.name_alg},
       {"auth_policy", to_hex(o.auth_policy)}};
}

Status read_json(const JsonReader& r, EkObject& out) {
  out = EkObject{};
  TRY(r.get("handle", as_hex32(out.handle)));
  TRY(r.get("key", out.key));
  TRY(r.get("object_attributes", as_hex32(out.object_attributes)));
  TRY(r.get("name_alg", out.name_alg));
  TRY(r.get("auth_policy", as_hex(out.auth_policy)));
  return ok_status();
}

void to_json(nlohmann::json& j, const EkCertEvidence& e) {
  j = {{"certificates", e.certificates},
       {"chain_certificates", e.chain_certificates},
       {"ek_rsa", e.ek_rsa},
       {"ek_ecc", e.ek_ecc},
       {"manufacturer", e.manufacturer},
       {"tpm_queried", e.tpm_queried},
       {"registry_queried", e.registry_queried},
       {"errors", e.errors}};
}

Status read_json(const JsonReader& r, EkCertEvidence& out) {
  out = EkCertEvidence{};
  TRY(r.get("certificates", out.certificates));
  TRY(r.get("chain_certificates", out.chain_certificates));
  TRY(r.get("ek_rsa", out.ek_rsa));
  TRY(r.get("ek_ecc", out.ek_ecc));
  TRY(r.get("manufacturer", out.manufacturer));
  TRY(r.get("tpm_queried", out.tpm_queried));
  TRY(r.get("registry_queried", out.registry_queried));
  TRY(r.get("errors", out.errors));
  return ok_status();
}

}  // namespace tpmready
