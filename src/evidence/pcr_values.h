#pragma once
/// PCR values per bank, as read from a TPM (PCR_Read) or a JSON file, and as replayed from an
/// event log. Bank names are the JSON contract's: "sha1", "sha256", "sha384", "sha512".
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

/// bank name -> PCR index -> digest
using PcrValues = std::map<std::string, std::map<unsigned, Bytes>>;

/// {"sha256": {"0": "ab12..", ...}, ...} with lowercase hex digests.
nlohmann::json pcr_values_to_json(const PcrValues& pcrs);
/// Accepts the form above (the `.tpm.pcrs` object of `tpmready tpm --format json`), or a whole
/// `tpmready tpm` JSON document (reads `.tpm.pcrs`). Hex may carry a "0x" prefix.
Result<PcrValues> pcr_values_from_json(const nlohmann::json& j);

}  // namespace tpmready
