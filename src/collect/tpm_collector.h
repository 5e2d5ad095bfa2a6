#pragma once
/// TPM collector: Transport → TpmEvidence, read-only, with the fewest round trips:
///   GetCapability: TPM properties (fixed + variable, 127 per call), PCR banks, persistent
///   handles, NV handles, algorithms, commands; ReadPublic per persistent handle;
///   NV_ReadPublic per NV index; NV_Read of each EK-certificate index (facts/tcg.md §3.1),
///   chunked by TPM_PT_NV_BUFFER_MAX; PCR_Read of every allocated PCR; ReadClock.
///
/// Error policy (a TPM that fails mid-read, e.g. an NV index that vanishes between listing and
/// reading, gives one clear line naming the TPM command and the problem, and exit code 3):
///   - transport failures, malformed responses, and any TPM error on a command whose target
///     was just listed (ReadPublic / NV_ReadPublic → TPM_RC_HANDLE when it vanished) fail the
///     whole collection; the Error names the command and handle
///     ("NV_ReadPublic 0x01c00002: TPM_RC_HANDLE (handle 1)").
///   - a TPM error on NV_Read of an EK-certificate index other than TPM_RC_HANDLE
///     (TPM_RC_NV_LOCKED, TPM_RC_NV_AUTHORIZATION, TPM_RC_AUTH_FAIL, ...) is a fact about the
///     index, not a failure of the tool: it is kept in that entry's `error` and collection goes on.
#include "evidence/evidence.h"
#include "evidence/tpm_evidence.h"
#include "tpm/client.h"
#include "tpm/transport.h"

namespace tpmready::collect {

Result<TpmEvidence> collect_tpm(tpm::Transport& transport, const tpm::RetryPolicy& retry = {});

/// TPM2_GetTestResult, asked before collect_tpm (`check`, `collect`): a TPM in failure mode
/// answers it and refuses almost everything else (facts/tcg.md §1.4). A TPM that refuses even this
/// command with TPM_RC_FAILURE gives a TpmSelfTest with that response code; any other error
/// (transport, parse, another TPM code) is returned as the error.
Result<TpmSelfTest> read_self_test(tpm::Transport& transport, const tpm::RetryPolicy& retry = {});

/// Software-TPM detection from the identity fields (manufacturer, vendor strings); sets
/// software_tpm, software_tpm_kind and software_tpm_reason.
void detect_software_tpm(TpmEvidence& e, std::uint32_t vendor_string_1, std::uint32_t vendor_string_2);

}  // namespace tpmready::collect
