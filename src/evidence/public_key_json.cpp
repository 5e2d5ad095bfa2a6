#include "evidence/public_key_json.h"

#include <nlohmann/json.hpp>

#include "util/json_reader.h"

namespace tpmready {

void to_json(nlohmann::json& j, const PublicKey& k) {
  j = nlohmann::json::object();
  j["algorithm"] = algorithm_name(k.algorithm);
  j["bits"] = k.bits();
  if (k.algorithm == PublicKey::Algorithm::Rsa) {
    j["modulus"] = to_hex(k.modulus);
    j["exponent"] = k.exponent == 0 ? 65537u : k.exponent;
  } else {
    j["curve"] = k.curve;
    j["x"] = to_hex(k.x);
    j["y"] = to_hex(k.y);
  }
}

Status read_json(const JsonReader& r, PublicKey& out) {
  out = PublicKey{};
  std::string algorithm;
  TRY(r.get("algorithm", algorithm));
  if (algorithm == "rsa") {
    out.algorithm = PublicKey::Algorithm::Rsa;
    TRY(r.get_if("modulus", as_hex(out.modulus)));
    out.exponent = 65537;
    TRY(r.get_if("exponent", out.exponent));
  } else if (algorithm == "ecc") {
    out.algorithm = PublicKey::Algorithm::Ecc;
    TRY(r.get_if("curve", out.curve));
    TRY(r.get_if("x", as_hex(out.x)));
    TRY(r.get_if("y", as_hex(out.y)));
  } else {
    return TRY(r.at("algorithm")).error(describe_json_value(nlohmann::json(algorithm)) + " is not rsa or ecc");
  }
  return ok_status();
}

}  // namespace tpmready
