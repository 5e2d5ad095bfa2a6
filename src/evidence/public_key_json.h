#pragma once
/// The JSON form of a PublicKey (bundles, `ekcert --format json`).
#include <nlohmann/json_fwd.hpp>

#include "crypto/public_key.h"
#include "util/result.h"

namespace tpmready {

class JsonReader;

/// {"algorithm": "rsa", "bits", "modulus" (hex), "exponent"} or {"algorithm": "ecc", "bits", "curve",
/// "x", "y"}. Reading: "algorithm" is required and must be "rsa" or "ecc"; the rest is optional.
void to_json(nlohmann::json& j, const PublicKey& k);
Status read_json(const JsonReader& r, PublicKey& out);

}  // namespace tpmready
