#include "evidence/pcr_values.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "util/json_reader.h"

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
  std::string path;
  if (j.is_object() && j.contains("tpm") && j["tpm"].is_object() && j["tpm"].contains("pcrs")) {
    root = &j["tpm"]["pcrs"];
    path = "tpm.pcrs";
  }
  return read_pcr_values(JsonReader(*root, std::move(path))).context("PCR values");
}

Result<PcrValues> read_pcr_values(const JsonReader& r) {
  PcrValues out;
  for (const auto& [bank, values] : TRY(r.members())) {
    auto alg = crypto::hash_from_name(bank);
    if (!alg) return values.error("unknown bank (not a hash algorithm tpmready knows)");
    const std::size_t size = *crypto::digest_size(*alg);
    for (const auto& [index, hex] : TRY(values.members())) {
      unsigned n = 0;
      const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), n);
      if (ec != std::errc() || end != index.data() + index.size() || n > 31)
        return hex.error("not a PCR index (0 to 31)");
      Bytes digest = TRY(hex.hex());
      if (digest.size() != size)
        return hex.error(std::to_string(digest.size()) + " bytes, not a " + std::to_string(size) + "-byte digest");
      out[bank][n] = std::move(digest);
    }
  }
  return out;
}

}  // namespace tpmready
