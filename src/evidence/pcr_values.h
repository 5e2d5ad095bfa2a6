#pragma once
/// The JSON form of PcrValues (crypto/pcr_values.h): bundles, `--pcrs FILE.json`.
#include <nlohmann/json_fwd.hpp>

#include "crypto/pcr_values.h"
#include "util/result.h"

namespace tpmready {

class JsonReader;

/// {"sha256": {"0": "ab12..", ...}, ...} with lowercase hex digests.
nlohmann::json pcr_values_to_json(const PcrValues& pcrs);
/// Accepts the form above (the `.tpm.pcrs` object of `tpmready tpm --format json`), or a whole
/// `tpmready tpm` JSON document (reads `.tpm.pcrs`). Hex may carry a "0x" prefix.
Result<PcrValues> pcr_values_from_json(const nlohmann::json& j);
/// The form above at `r`: banks are hash names crypto knows, indices 0 to 31, digests of the
/// bank's size.
Result<PcrValues> read_pcr_values(const JsonReader& r);

}  // namespace tpmready
