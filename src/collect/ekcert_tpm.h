#pragma once
/// The TPM as an EK certificate source: adapter from the TPM collector (branch `tpm`,
/// collect/tpm_collector.h) to EkCertEvidence, plus the NV-stored issuer chain
/// (0x01C00100–0x01C001FF, facts/tcg.md §3.1), which the TPM collector does not read.
#include <string>

#include "evidence/ekcert_evidence.h"
#include "evidence/tpm_evidence.h"
#include "tpm/transport.h"

namespace tpmready::collect {

/// Pure: EK-certificate NV indices → certificates ("nv:0x01c00002"); persistent 0x81010001 /
/// 0x81010002 → ek_rsa / ek_ecc (unknown with a reason when not persisted); TPM_PT_MANUFACTURER.
EkCertEvidence ekcert_from_tpm_evidence(const TpmEvidence& tpm);

/// Live: runs the TPM collector over `spec` ("tcp:HOST:PORT", "device:PATH", "auto", ...), then
/// NV_Reads the chain indices present. Read-only (the client's allow-list). An Error means the
/// TPM could not be read (exit 3).
/// `derive_ek`: when no RSA EK is persisted at 0x81010001, re-create it transiently from the default
/// template (tpm::Client::derive_ek_transient: CreatePrimary + FlushContext, never persisted) so
/// the certificates can still be matched; ek_rsa then has source "tpm:CreatePrimary ..." and
/// handle 0. A failure is kept in `errors`, ek_rsa stays unknown.
Result<EkCertEvidence> collect_ekcert_tpm(const std::string& spec, const tpm::TransportOptions& options,
                                          bool derive_ek = false);

}  // namespace tpmready::collect
