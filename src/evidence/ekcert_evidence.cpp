#include "evidence/ekcert_evidence.h"

#include "evidence/tpm_evidence.h"  // parse_hex32

namespace tpmready {
namespace {
Bytes hex_bytes(const nlohmann::json& j) {
  Bytes out;
  if (!from_hex(j.get<std::string>(), out)) throw nlohmann::json::other_error::create(501, "bad hex", &j);
  return out;
}
}  // namespace

void to_json(nlohmann::json& j, const EkCertBlob& b) {
  j = {{"source", b.source}, {"raw", to_hex(b.raw)}};
  j["nv_index"] = b.nv_index ? nlohmann::json(hex32(*b.nv_index)) : nlohmann::json(nullptr);
}

void from_json(const nlohmann::json& j, EkCertBlob& b) {
  b = EkCertBlob{};
  b.source = j.at("source").get<std::string>();
  b.raw = hex_bytes(j.at("raw"));
  if (j.contains("nv_index") && !j.at("nv_index").is_null()) {
    b.nv_index = parse_hex32(j.at("nv_index"));
  }
}

void to_json(nlohmann::json& j, const EkObject& o) {
  j = {{"handle", hex32(o.handle)},
       {"key", o.key},
       {"object_attributes", hex32(o.object_attributes)},
       {"name_alg", o.name_alg},
       {"auth_policy", to_hex(o.auth_policy)}};
}

void from_json(const nlohmann::json& j, EkObject& o) {
  o = EkObject{};
  o.handle = parse_hex32(j.at("handle"));
  o.key = j.at("key").get<PublicKey>();
  o.object_attributes = parse_hex32(j.at("object_attributes"));
  o.name_alg = j.at("name_alg").get<std::uint16_t>();
  o.auth_policy = hex_bytes(j.at("auth_policy"));
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

void from_json(const nlohmann::json& j, EkCertEvidence& e) {
  e = EkCertEvidence{};
  e.certificates = j.at("certificates").get<std::vector<EkCertBlob>>();
  e.chain_certificates = j.at("chain_certificates").get<std::vector<EkCertBlob>>();
  e.ek_rsa = j.at("ek_rsa").get<Fact<EkObject>>();
  e.ek_ecc = j.at("ek_ecc").get<Fact<EkObject>>();
  e.manufacturer = j.at("manufacturer").get<Fact<std::uint32_t>>();
  e.tpm_queried = j.at("tpm_queried").get<bool>();
  e.registry_queried = j.at("registry_queried").get<bool>();
  e.errors = j.at("errors").get<std::vector<std::string>>();
}

}  // namespace tpmready
