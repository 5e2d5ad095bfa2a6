#pragma once
/// Windows' EK certificate store (EKCertStore and EkCertStoreECC, facts/windows.md §2.1, §2.3) as
/// an EK certificate source: the one rule every reader of the store entries applies (`analyze` and
/// `check` through the rules, `ekcert --registry`, a bundle read back). The entries themselves are
/// read by one walk, collect/ekcert_registry.h.
///
/// A bad blob is a note and the other entries are still used: an entry whose Blob gave no
/// certificate (no Blob value, a Blob that is not a serialized certificate element) must not hide
/// the certificates beside it, and must not pass unseen either.
#include <string>
#include <vector>

#include "evidence/ekcert_evidence.h"
#include "evidence/windows_evidence.h"

namespace tpmready {

/// Each entry with DER becomes the certificate "registry:THUMBPRINT" (skipped when the same bytes
/// are already a source: the TPM's NV copy or a file); a non-empty store marks the registry as
/// searched.
void add_store_certificates(const std::vector<EkStoreCertificate>& store, EkCertEvidence& ek);

/// One line per entry that gave no certificate, naming it, why, and where it was read:
/// "registry:THUMBPRINT: EKCertStore entry not used: no Blob value (file:tpm.reg:12)".
std::vector<std::string> ek_store_notes(const std::vector<EkStoreCertificate>& store);

}  // namespace tpmready
