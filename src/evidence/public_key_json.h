#pragma once
/// The JSON form of a PublicKey (bundles, `ekcert --format json`).
#include <nlohmann/json_fwd.hpp>

#include "crypto/public_key.h"

namespace tpmready {

void to_json(nlohmann::json& j, const PublicKey& k);
void from_json(const nlohmann::json& j, PublicKey& k);

}  // namespace tpmready
