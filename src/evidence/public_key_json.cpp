#include "evidence/public_key_json.h"

#include <nlohmann/json.hpp>

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

void from_json(const nlohmann::json& j, PublicKey& k) {
  k = PublicKey{};
  k.algorithm = j.at("algorithm").get<std::string>() == "ecc" ? PublicKey::Algorithm::Ecc : PublicKey::Algorithm::Rsa;
  auto hex = [&](const char* key) {
    Bytes b;
    if (j.contains(key)) from_hex(j.at(key).get<std::string>(), b);
    return b;
  };
  if (k.algorithm == PublicKey::Algorithm::Rsa) {
    k.modulus = hex("modulus");
    k.exponent = j.value("exponent", 65537u);
  } else {
    k.curve = j.value("curve", "");
    k.x = hex("x");
    k.y = hex("y");
  }
}

}  // namespace tpmready
