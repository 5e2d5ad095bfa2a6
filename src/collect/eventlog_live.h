#pragma once
/// PCR values of a live TPM for event-log replay: every allocated bank via PCR_Read.
#include <string>

#include "evidence/pcr_values.h"
#include "util/result.h"

namespace tpmready::collect {

/// Reads all PCRs of every allocated bank from the TPM named by `tpm_spec` ("auto",
/// "device:PATH", "tcp:HOST:PORT"). Errors name the TPM and the command.
Result<PcrValues> read_tpm_pcrs(const std::string& tpm_spec);

}  // namespace tpmready::collect
