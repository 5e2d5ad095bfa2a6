#pragma once
/// PCR values per bank, as read from a TPM (PCR_Read) or a JSON file, and as replayed from an
/// event log. Bank names are the JSON contract's: "sha1", "sha256", "sha384", "sha512" (the hash
/// names of crypto.h). Its JSON form is part of the Evidence contract (evidence/pcr_values.h).
#include <map>
#include <string>

#include "util/bytes.h"

namespace tpmready {

/// bank name -> PCR index -> digest
using PcrValues = std::map<std::string, std::map<unsigned, Bytes>>;

}  // namespace tpmready
