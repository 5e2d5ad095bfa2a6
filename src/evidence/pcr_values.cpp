#include "evidence/pcr_values.h"

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"

namespace tpmready {

nlohmann::json pcr_values_to_json(const PcrValues& pcrs) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [bank, values] : pcrs) {
    auto& b = j[bank] = nlohmann::json::object();
    for (const auto& [index, digest] : values) b[std::to_string(index)] = to_hex(digest);
  }
  return j;
}

Result<PcrValues> pcr_values_from_json(const nlohmann::json& j) {
  const nlohmann::json* root = &j;
  if (j.is_object() && j.contains("tpm") && j["tpm"].is_object() && j["tpm"].contains("pcrs")) root = &j["tpm"]["pcrs"];
  if (!root->is_object()) return make_error(ErrorKind::Parse, "PCR values: expected an object of banks");
  PcrValues out;
  for (const auto& [bank, values] : root->items()) {
    auto alg = crypto::hash_from_name(bank);
    if (!alg) return make_error(ErrorKind::Parse, "PCR values: unknown bank \"" + bank + "\"");
    if (!values.is_object()) return make_error(ErrorKind::Parse, "PCR values: bank " + bank + " is not an object");
    for (const auto& [index, hex] : values.items()) {
      unsigned n = 0;
      try {
        std::size_t used = 0;
        n = static_cast<unsigned>(std::stoul(index, &used));
        if (used != index.size() || n > 31) throw std::out_of_range("pcr");
      } catch (const std::exception&) {
        return make_error(ErrorKind::Parse, "PCR values: bad PCR index \"" + index + "\" in bank " + bank);
      }
      Bytes digest;
      if (!hex.is_string() || !from_hex(hex.get<std::string>(), digest) || digest.size() != *crypto::digest_size(*alg)) {
        return make_error(ErrorKind::Parse, "PCR values: " + bank + "[" + index + "] is not a " +
                                                std::to_string(*crypto::digest_size(*alg)) + "-byte hex digest");
      }
      out[bank][n] = std::move(digest);
    }
  }
  return out;
}

}  // namespace tpmready
